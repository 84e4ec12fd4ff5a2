// SPDX-License-Identifier: Apache-2.0
#pragma once
// Making outside text safe to quote: one terminal-safe line (one_line, at every place that
// quotes server text), and secrets redacted (the API key, and the secrets a call sends:
// connector passwords, access keys) once, where text leaves the SDK: redacted_error() for an
// error, redact() for a log line or the strings of an answer.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "moi/error.hpp"

namespace moi::detail {

/// A secret shorter than this (in bytes) is redacted only where it stands as a whole value:
/// not preceded or followed by a letter, digit, `_` or non-ASCII character. A one-letter
/// secret "S" then never turns "POST" into "PO[REDACTED]T".
inline constexpr std::size_t kShortSecret = 8;

/// The values no message may show, each in every form a server may send it back in: as it is,
/// JSON-escaped (`\"`, `\\`, `\n`, `\u00e9` in either case, `\/`), URL-escaped (`%2F` in either
/// case, `+` for a space) and as one_line() shows it. Empty values are ignored.
class Secrets {
 public:
  Secrets() = default;
  explicit Secrets(std::string_view api_key) { add(api_key); }
  /// Adds @p secret and its forms (a no-op for an empty or known value).
  void add(std::string_view secret);
  /// Every form of every secret, longest first.
  const std::vector<std::string>& values() const noexcept { return forms_; }
  bool empty() const noexcept { return forms_.empty(); }
  std::size_t longest() const noexcept { return forms_.empty() ? 0 : forms_.front().size(); }

 private:
  void add_form(std::string form, bool whole_value_only);

  std::vector<std::string> secrets_;  // as added
  std::vector<std::string> forms_;    // longest first
  std::vector<bool> whole_only_;      // per form: a short secret's (see kShortSecret)
  friend std::string redact(std::string text, const Secrets& secrets);
};

/// @p text with every occurrence of every form of @p secrets replaced by "[REDACTED]" (short
/// secrets only where they stand as a whole value), in one pass over the original text.
std::string redact(std::string text, const Secrets& secrets);

/// Throws a copy of @p error whose texts (message, detail, field errors, body excerpt, code,
/// request id) are redacted of @p secrets. A subclass the SDK does not know (a custom
/// transport's) is rethrown as it is: for one, call it from the catch block that caught it.
[[noreturn]] void throw_redacted(const Error& error, const Secrets& secrets);

/// Replaces the secrets in every string (and object key) of @p value, at any depth: for the
/// answer of a call that sent secrets, which a server may echo in a success message.
void redact_strings(nlohmann::json& value, const Secrets& secrets);

/// @p text as one line a terminal cannot misread: C0 controls, DEL and C1 controls (U+0080 to
/// U+009F) are escaped (`\n`, `\r`, `\t`, `\xHH`, `\u009b`), and so are the bidirectional
/// controls and zero-width characters (`\u202e`, `\u200b`), bytes that are not valid UTF-8 are
/// shown as `\xHH`, backslashes stay as they are. Valid UTF-8 text (Chinese included) is kept.
std::string one_line(std::string_view text);

/// redact(one_line(text)): a piece of server text as quoted, for callers outside the request
/// runner's boundary (tests, the fuzzers).
std::string server_text(std::string_view text, const Secrets& secrets);
std::string server_text(std::string_view text, std::string_view api_key);

/// A bounded (at most @p max_bytes before escaping), single-line excerpt of a response body;
/// "..." marks a cut. The cut never falls inside a form of @p secrets (it moves before it), so
/// the boundary's redaction finds every secret whole. Not redacted itself.
std::string body_excerpt(std::string_view body, const Secrets& secrets,
                         std::size_t max_bytes = 512);

/// @p url without any `user:password@` part (for messages about a rejected URL).
std::string without_userinfo(std::string_view url);

}  // namespace moi::detail
