// SPDX-License-Identifier: Apache-2.0
// The request target as received on the wire: split into path segments BEFORE percent-decoding
// (so an encoded slash "%2F" stays inside its segment, as the SDK means it), then each segment
// and each query key and value decoded on its own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "validation.hpp"

namespace moi::emulator::detail {

struct Target {
  /// Decoded path segments; "/byoa/api/v1/x" gives {"", "byoa", "api", "v1", "x"}. Empty when
  /// the target does not start with '/'.
  std::vector<std::string> segments;
  /// Decoded query parameters in order ('+' is a space, as in a form).
  QueryParams query;
};

/// Splits and decodes a raw request target ("/path?query#fragment"). Never throws for any
/// input; a malformed escape ("%zz") is kept as it is.
Target parse_target(std::string_view raw);

/// Decodes %XX escapes (and '+' as a space when `plus_as_space`).
std::string percent_decode(std::string_view text, bool plus_as_space);

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or values past
/// U+10FFFF), which is what nlohmann/json can serialize.
bool valid_utf8(std::string_view text);

}  // namespace moi::emulator::detail
