// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Retry-After header: delta-seconds or an HTTP-date (IMF-fixdate).

#include <chrono>
#include <optional>
#include <string_view>

namespace moi::detail {

/// Parses a Retry-After value (delta-seconds or HTTP-date) relative to @p now.
/// Returns nullopt when the value is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace moi::detail
