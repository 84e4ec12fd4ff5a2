// SPDX-License-Identifier: Apache-2.0
#pragma once
// ASCII case-insensitive comparison: the one used for header names, the envelope's "ok" and
// month names (locale-independent, unlike strcasecmp).

#include <string_view>

namespace moi::detail {

/// Lower-cases one ASCII letter; other bytes are unchanged.
constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// True when @p a and @p b are equal ignoring ASCII case.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace moi::detail
