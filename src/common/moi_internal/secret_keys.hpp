// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which JSON fields hold secrets (connector passwords, access keys, API keys, tokens): one rule
// for masking them in what the SDK and the CLI show (moi::mask_secrets) and for redacting their
// values from every message about a call that sends them (the request runner).

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace moi::detail {

/// The rule: a key is secret when, lower-cased with `_` and `-` removed, it contains one of
/// these words (`Password`, `accessKeySecret`, `secret_access_key`, `client_secret`,
/// `private_key`, `session_token`, `Authorization` all are).
inline constexpr std::string_view kSecretKeyWords[] = {
    "password", "passwd", "secret", "token", "privatekey", "apikey", "credential", "authorization"};

/// True for the names of fields whose values are secrets, wherever they appear (the rule of
/// kSecretKeyWords).
inline bool is_secret_key(std::string_view key) {
  std::string folded;
  folded.reserve(key.size());
  for (const char c : key) {
    if (c == '_' || c == '-') continue;
    folded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  for (const std::string_view word : kSecretKeyWords) {
    if (folded.find(word) != std::string::npos) return true;
  }
  return false;
}

/// Appends to @p out the text forms of a secret JSON scalar: a string as it is; a number as
/// JSON writes it and in its other usual spellings (12 and 12.0, 1e3 and 1000), as a server
/// may echo it either way. Empty strings, null and booleans are no secrets.
inline void secret_scalar_forms(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_string()) {
    if (!value.get_ref<const std::string&>().empty()) out.push_back(value.get<std::string>());
    return;
  }
  if (!value.is_number()) return;
  out.push_back(value.dump());
  if (value.is_number_integer()) {
    out.push_back(value.dump() + ".0");
    return;
  }
  const double number = value.get<double>();
  if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 9.0e18) {
    out.push_back(std::to_string(static_cast<std::int64_t>(number)));
  }
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", number);
  out.emplace_back(text);
}

/// Appends to @p out the secret values of @p value: those of secret fields (every string and
/// number below a secret field, whatever its shape), at any depth up to @p max_depth levels of
/// objects and arrays.
inline void collect_secret_values(const nlohmann::json& value, std::vector<std::string>& out,
                                  int max_depth = 256, bool inside_secret = false) {
  if (max_depth <= 0) return;
  if (!value.is_structured()) {
    if (inside_secret) secret_scalar_forms(value, out);
    return;
  }
  if (value.is_array()) {
    for (const auto& item : value) collect_secret_values(item, out, max_depth - 1, inside_secret);
    return;
  }
  for (const auto& [key, item] : value.items()) {
    collect_secret_values(item, out, max_depth - 1, inside_secret || is_secret_key(key));
  }
}

}  // namespace moi::detail
