// SPDX-License-Identifier: Apache-2.0
#pragma once
// Bounded JSON parsing: the one helper every parse of outside text goes through, in the SDK
// (response bodies, JSON carried inside strings), the CLI (--json input) and the emulator
// (request bodies, state files). Header-only and dependency-free beyond nlohmann/json, so the
// emulator can use it without linking the SDK.
//
// Why a pre-check: nlohmann's parser is iterative, but copying, dumping, comparing and
// from_json on the parsed value recurse once per nesting level, so a string holding an array
// nested 200,000 deep (a few hundred KB) overflows the stack of whoever touches it next.
// Rejecting such text before parsing bounds every later use of the value.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace moi::detail {

/// Largest nesting depth of arrays/objects accepted from outside text.
inline constexpr int kMaxJsonDepth = 256;

/// True when @p text nests arrays/objects deeper than @p limit (counting outside strings
/// only). Linear time, no allocation; malformed text is scanned as far as it goes.
inline bool json_nesting_exceeds(std::string_view text, int limit = kMaxJsonDepth) noexcept {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

/// The outcome of parse_json_bounded: a value, or why there is none.
struct BoundedJson {
  nlohmann::json value;   ///< The parsed value (discarded when !ok()).
  std::string error;      ///< Empty on success; otherwise a one-line reason (may quote input).
  bool too_deep = false;  ///< The text was rejected for its nesting before parsing.
  bool ok() const noexcept { return error.empty(); }
};

/// Parses @p text with a nesting cap. Never throws for bad input: too deep, malformed,
/// truncated, invalid UTF-8 and out-of-range numbers (1e999) all come back as an error text
/// ("parse error at line 1, column 5: ..."). The text may quote the input: callers redact
/// secrets and escape control characters before showing it.
inline BoundedJson parse_json_bounded(std::string_view text, int limit = kMaxJsonDepth) {
  BoundedJson out;
  if (json_nesting_exceeds(text, limit)) {
    out.too_deep = true;
    out.error = "JSON nested deeper than " + std::to_string(limit) + " levels";
    out.value = nlohmann::json(nlohmann::json::value_t::discarded);
    return out;
  }
  try {
    out.value = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& error) {
    // "[json.exception.parse_error.101] parse error at ..." -> "parse error at ...".
    std::string what = error.what();
    if (const auto bracket = what.find("] "); bracket != std::string::npos) {
      what.erase(0, bracket + 2);
    }
    out.error = what.empty() ? std::string("not valid JSON") : what;
    out.value = nlohmann::json(nlohmann::json::value_t::discarded);
  }
  return out;
}

}  // namespace moi::detail
