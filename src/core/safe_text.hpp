// SPDX-License-Identifier: Apache-2.0
#pragma once
// Making outside text safe to quote: secrets redacted (the API key, and the secrets a call
// sends: connector passwords, access keys), and one terminal-safe line. Every piece of server
// text that reaches an error message or a log line passes through server_text() (the request
// runner applies it in one place).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace moi::detail {

/// The values no message may show. Empty values are ignored; the longest is redacted first,
/// so a secret that contains another is not left in part.
class Secrets {
 public:
  Secrets() = default;
  explicit Secrets(std::string_view api_key) { add(api_key); }
  void add(std::string_view secret);
  const std::vector<std::string>& values() const noexcept { return values_; }
  std::size_t longest() const noexcept { return values_.empty() ? 0 : values_.front().size(); }

 private:
  std::vector<std::string> values_;  // longest first
};

/// Replaces every occurrence of @p secret in @p text with "[REDACTED]" (no-op when empty).
std::string redact(std::string text, std::string_view secret);
/// redact() of each of @p secrets, longest first.
std::string redact(std::string text, const Secrets& secrets);

/// @p text as one line a terminal cannot misread: C0 controls, DEL and C1 controls (U+0080 to
/// U+009F) are escaped (`\n`, `\r`, `\t`, `\xHH`, `\u009b`), bytes that are not valid UTF-8 are
/// shown as `\xHH`, backslashes stay as they are. Valid UTF-8 text (Chinese included) is kept.
std::string one_line(std::string_view text);

/// redact() then one_line(): what every quoted piece of server text goes through.
std::string server_text(std::string_view text, const Secrets& secrets);
std::string server_text(std::string_view text, std::string_view api_key);

/// A bounded (at most @p max_bytes before escaping), single-line, secret-free excerpt of a
/// response body; "..." marks a cut.
std::string body_excerpt(std::string_view body, const Secrets& secrets,
                         std::size_t max_bytes = 512);
std::string body_excerpt(std::string_view body, std::string_view api_key,
                         std::size_t max_bytes = 512);

/// @p url without any `user:password@` part (for messages about a rejected URL).
std::string without_userinfo(std::string_view url);

}  // namespace moi::detail
