// SPDX-License-Identifier: Apache-2.0
#pragma once
// UTF-8 validation of one sequence: what the SDK's safe_text and the CLI's escaping share
// (both keep valid UTF-8 as it is and show any other byte as an escape).

#include <cstddef>
#include <string_view>

namespace moi::detail {

/// Length (2-4) of the valid UTF-8 sequence starting at @p text[i], or 0 when there is none
/// (ASCII, a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, truncated).
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;  // bounds of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;  // no UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

}  // namespace moi::detail
