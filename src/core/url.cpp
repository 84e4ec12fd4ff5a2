// SPDX-License-Identifier: Apache-2.0
#include "core/url.hpp"

#include <cctype>

#include "core/safe_text.hpp"
#include "moi/error.hpp"

namespace moi::detail {
namespace {

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

bool has_control_or_space(std::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (is_unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string normalize_base_url(std::string_view base_url, const char* option) {
  // Messages never quote the URL itself: it may carry credentials. They name the option.
  const char* const kOption = option;
  if (base_url.empty()) {
    throw InvalidArgumentError(std::string("base URL is empty ") + kOption);
  }
  if (has_control_or_space(base_url)) {
    throw InvalidArgumentError(std::string("base URL contains a space or control character ") +
                               kOption);
  }
  const auto scheme_end = base_url.find("://");
  if (scheme_end == std::string_view::npos) {
    throw InvalidArgumentError(
        std::string("base URL has no scheme (expected http:// or https://) ") + kOption);
  }
  const std::string scheme = lower(base_url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") {
    throw InvalidArgumentError("base URL scheme \"" + one_line(scheme.substr(0, 16)) +
                               "\" is not http or https " + kOption);
  }
  const std::string_view rest = base_url.substr(scheme_end + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    // libcurl would send user:password as basic auth to whatever host the URL names.
    throw InvalidArgumentError(
        std::string("base URL must not contain user:password@ credentials ") + kOption +
        "; authenticate with the API key (ClientOptions::api_key or MOI_API_KEY)");
  }
  if (authority.empty() || authority.front() == ':') {
    throw InvalidArgumentError(std::string("base URL has no host ") + kOption);
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    throw InvalidArgumentError(std::string("base URL must not contain a query or fragment ") +
                               kOption);
  }
  std::string normalized(base_url);
  while (!normalized.empty() && normalized.back() == '/') normalized.pop_back();
  return normalized;
}

std::string expand_path(std::string_view path_template, std::initializer_list<PathParam> params) {
  std::string out;
  out.reserve(path_template.size() + 40);
  std::size_t pos = 0;
  while (pos < path_template.size()) {
    const auto open = path_template.find('{', pos);
    if (open == std::string_view::npos) {
      out.append(path_template.substr(pos));
      break;
    }
    const auto close = path_template.find('}', open);
    out.append(path_template.substr(pos, open - pos));
    const std::string_view name = path_template.substr(open + 1, close - open - 1);
    const PathParam* param = nullptr;
    for (const auto& candidate : params) {
      if (candidate.first == name) param = &candidate;
    }
    if (param == nullptr) {
      throw InvalidArgumentError("internal: no value for path parameter " + std::string(name));
    }
    const std::string_view value = param->second;
    if (value.empty()) throw InvalidArgumentError(std::string(name) + " is empty");
    if (value == "." || value == "..") {
      throw InvalidArgumentError(std::string(name) + " must not be \"" + std::string(value) + "\"");
    }
    // No documented id contains a slash; one that does is a mistake or an attempt to reach
    // another endpoint (a server that decodes %2F before routing would see two segments).
    if (value.find('/') != std::string_view::npos) {
      throw InvalidArgumentError(std::string(name) + " \"" + one_line(value.substr(0, 64)) +
                                 "\" contains '/', which no MOI id does");
    }
    out += percent_encode(value);
    pos = close + 1;
  }
  return out;
}

void QueryParams::add(std::string_view key, std::string_view value) {
  pairs_.emplace_back(std::string(key), std::string(value));
}

void QueryParams::add(std::string_view key, std::int64_t value) {
  pairs_.emplace_back(std::string(key), std::to_string(value));
}

void QueryParams::add_bool(std::string_view key, bool value) {
  pairs_.emplace_back(std::string(key), value ? "true" : "false");
}

std::string QueryParams::to_string() const {
  std::string out;
  for (const auto& [key, value] : pairs_) {
    if (!out.empty()) out += '&';
    out += percent_encode(key);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

}  // namespace moi::detail
