// SPDX-License-Identifier: Apache-2.0
#pragma once
// UTF-8 validation of one sequence, and the invisible characters that can make a terminal show
// text in another order: what the SDK's safe_text and the CLI's escaping share (both keep valid
// UTF-8 as it is and show any other byte, and those characters, as an escape).

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

/// The code point of the valid sequence of @p length bytes (utf8_sequence_length) at @p i.
inline char32_t utf8_code_point(std::string_view text, std::size_t i, std::size_t length) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<char32_t>(text[k]) & 0xFF; };
  static constexpr char32_t kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t cp = byte(i) & kLeadMask[length];
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  return cp;
}

/// True for the characters a terminal shows as nothing but that change what the text around
/// them looks like: the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
/// U+2066-U+2069: "inv" U+202E "fdp.exe" displays as "invexe.pdf") and the zero-width characters
/// (U+200B-U+200D, U+2060, U+FEFF). Output meant for a terminal escapes them like controls.
inline bool is_invisible_format(char32_t cp) noexcept {
  return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         cp == 0x2060 || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

}  // namespace moi::detail
