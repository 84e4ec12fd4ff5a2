// SPDX-License-Identifier: Apache-2.0
// Fuzzes the Retry-After parser (delta-seconds and HTTP dates): no crash, never negative.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/request_runner.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  const auto delay = moi::detail::parse_retry_after(text, now);
  if (delay && delay->count() < 0) __builtin_trap();
  return 0;
}
