// SPDX-License-Identifier: Apache-2.0
// Fuzzes the response envelope decoder: any body with any status must end in data or a
// moi::Error, never a crash, a hang or another exception type.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/request_runner.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr int kStatuses[] = {200, 201, 204, 301, 400, 401, 404, 422, 429, 500, 502, 503};
  moi::HttpResponse response;
  response.status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  response.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const auto decoded =
        moi::detail::decode_envelope(response, "fuzz-request", moi::detail::Secrets("fuzz-key"));
    (void)decoded.dump();
  } catch (const moi::Error& error) {
    // The key must never leak into what a user sees.
    if (std::string(error.what()).find("fuzz-key") != std::string::npos) __builtin_trap();
  }
  return 0;
}
