// SPDX-License-Identifier: Apache-2.0
#include "core/safe_text.hpp"

#include <utility>

#include "moi_internal/utf8.hpp"

namespace moi::detail {
namespace {

constexpr std::string_view kRedacted = "[REDACTED]";
constexpr char kHex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, unsigned char c) {
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0x0F];
}

}  // namespace

void Secrets::add(std::string_view secret) {
  if (secret.empty()) return;
  for (const std::string& value : values_) {
    if (value == secret) return;
  }
  auto position = values_.begin();
  while (position != values_.end() && position->size() >= secret.size()) ++position;
  values_.emplace(position, secret);
}

std::string redact(std::string text, const Secrets& secrets) {
  for (const std::string& secret : secrets.values()) text = redact(std::move(text), secret);
  return text;
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos;
       pos = text.find(secret, pos + kRedacted.size())) {
    text.replace(pos, secret.size(), kRedacted);
  }
  return text;
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else if (c < 0x20 || c == 0x7F) {
        append_hex_byte(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      append_hex_byte(out, c);
      ++i;
    } else if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // C1 control (U+0080-U+009F): U+009B is a CSI on many terminals.
      out += "\\u00";
      out += kHex[static_cast<unsigned char>(text[i + 1]) >> 4];
      out += kHex[static_cast<unsigned char>(text[i + 1]) & 0x0F];
      i += 2;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string server_text(std::string_view text, const Secrets& secrets) {
  // Redact again after escaping: an escape can complete a secret ("\x7f" + "uzz-key" holds
  // "fuzz-key"), so a hostile server could otherwise rebuild it from a partial echo.
  return redact(one_line(redact(std::string(text), secrets)), secrets);
}

std::string server_text(std::string_view text, std::string_view api_key) {
  return server_text(text, Secrets(api_key));
}

std::string body_excerpt(std::string_view body, const Secrets& secrets, std::size_t max_bytes) {
  // Redact before cutting, so that a secret straddling the cut cannot survive in part.
  std::string redacted =
      redact(std::string(body.substr(0, max_bytes + secrets.longest())), secrets);
  const bool cut = body.size() > max_bytes;
  if (redacted.size() > max_bytes) redacted.resize(max_bytes);
  std::string out = redact(one_line(redacted), secrets);  // again: see server_text()
  if (cut) out += "...";
  return out;
}

std::string body_excerpt(std::string_view body, std::string_view api_key, std::size_t max_bytes) {
  return body_excerpt(body, Secrets(api_key), max_bytes);
}

std::string without_userinfo(std::string_view url) {
  const auto scheme_end = url.find("://");
  const std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", start);
  const std::string_view authority =
      url.substr(start, authority_end == std::string_view::npos ? std::string_view::npos
                                                                : authority_end - start);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, start));
  out += "***@";
  out += url.substr(start + at + 1);
  return out;
}

}  // namespace moi::detail
