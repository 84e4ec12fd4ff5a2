// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which JSON fields hold secrets (connector passwords, access keys, API keys, tokens): one list
// for masking them in what the SDK and the CLI show (moi::mask_secrets) and for redacting their
// values from every message about a call that sends them (the request runner).

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace moi::detail {

/// True for the names of fields whose values are secrets, wherever they appear.
inline bool is_secret_key(std::string_view key) noexcept {
  return key == "api_key" || key == "password" || key == "access_key_secret" ||
         key == "session_token" || key == "secret" || key == "token";
}

/// Appends to @p out the non-empty values (strings, or numbers as JSON text) of the secret
/// fields in @p value, at any depth up to @p max_depth levels of objects and arrays.
inline void collect_secret_values(const nlohmann::json& value, std::vector<std::string>& out,
                                  int max_depth = 256) {
  if (max_depth <= 0) return;
  if (value.is_array()) {
    for (const auto& item : value) collect_secret_values(item, out, max_depth - 1);
    return;
  }
  if (!value.is_object()) return;
  for (const auto& [key, item] : value.items()) {
    if (is_secret_key(key)) {
      if (item.is_string() && !item.get_ref<const std::string&>().empty()) {
        out.push_back(item.get<std::string>());
      } else if (item.is_number()) {
        out.push_back(item.dump());
      }
    }
    if (item.is_structured()) collect_secret_values(item, out, max_depth - 1);
  }
}

}  // namespace moi::detail
