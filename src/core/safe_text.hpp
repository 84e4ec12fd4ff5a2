// SPDX-License-Identifier: Apache-2.0
#pragma once
// Making outside text safe to quote: the API key redacted, and one terminal-safe line.
// Every piece of server text that reaches an error message or a log line passes through
// server_text() (the request runner applies it in one place).

#include <string>
#include <string_view>

namespace moi::detail {

/// Replaces every occurrence of @p secret in @p text with "[REDACTED]" (no-op when empty).
std::string redact(std::string text, std::string_view secret);

/// @p text as one line a terminal cannot misread: C0 controls, DEL and C1 controls (U+0080 to
/// U+009F) are escaped (`\n`, `\r`, `\t`, `\xHH`, `\u009b`), bytes that are not valid UTF-8 are
/// shown as `\xHH`, backslashes stay as they are. Valid UTF-8 text (Chinese included) is kept.
std::string one_line(std::string_view text);

/// redact() then one_line(): what every quoted piece of server text goes through.
std::string server_text(std::string_view text, std::string_view api_key);

/// A bounded (at most @p max_bytes before escaping), single-line, key-free excerpt of a
/// response body; "..." marks a cut.
std::string body_excerpt(std::string_view body, std::string_view api_key,
                         std::size_t max_bytes = 512);

/// @p url without any `user:password@` part (for messages about a rejected URL).
std::string without_userinfo(std::string_view url);

}  // namespace moi::detail
