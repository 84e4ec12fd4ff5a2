// SPDX-License-Identifier: Apache-2.0
#pragma once
// URL building for the request runner: base URL checks, path templates, query strings.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace moi::detail {

/// Percent-encodes every byte outside RFC 3986 "unreserved" (A-Z a-z 0-9 - . _ ~).
std::string percent_encode(std::string_view text);

/// Checks a base URL (http/https, a host, no spaces or control characters) and returns it
/// without a trailing slash. @throws InvalidArgumentError naming what is wrong.
/// @p option names the setting in messages (the URL itself is never quoted).
std::string normalize_base_url(std::string_view base_url,
                               const char* option = "(ClientOptions::base_url or MOI_BASE_URL)");

/// One named path parameter, e.g. {"workflow_id", id}.
using PathParam = std::pair<std::string_view, std::string_view>;

/// Expands "/workflow_meta/{workflow_id}/stop" with percent-encoded parameter values.
/// @throws InvalidArgumentError when a value is empty, "." or "..", naming the parameter.
std::string expand_path(std::string_view path_template, std::initializer_list<PathParam> params);

/// Query parameters in the wire style of the MOI API: arrays as repeated keys, booleans as
/// true/false. Keys and values are percent-encoded when rendered.
class QueryParams {
 public:
  void add(std::string_view key, std::string_view value);
  void add(std::string_view key, std::int64_t value);
  void add_bool(std::string_view key, bool value);
  template <class Integers>
  void add_each(std::string_view key, const Integers& values) {
    for (const auto& value : values) add(key, static_cast<std::int64_t>(value));
  }
  bool empty() const noexcept { return pairs_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& pairs() const noexcept { return pairs_; }
  /// "a=1&b=x%20y" (no leading '?').
  std::string to_string() const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace moi::detail
