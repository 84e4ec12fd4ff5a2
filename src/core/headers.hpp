// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the runner puts into request headers: generated request ids and checked values.

#include <string>
#include <string_view>

namespace moi::detail {

/// Rejects text with CR, LF, NUL or other control characters (header injection).
/// @throws InvalidArgumentError naming @p what.
void check_header_value(std::string_view what, std::string_view value);

/// A random RFC 4122 version-4 UUID.
std::string generate_request_id();

}  // namespace moi::detail
