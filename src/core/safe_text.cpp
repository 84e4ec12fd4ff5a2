// SPDX-License-Identifier: Apache-2.0
#include "core/safe_text.hpp"

#include <algorithm>
#include <typeinfo>
#include <utility>

#include "moi_internal/utf8.hpp"

namespace moi::detail {
namespace {

constexpr std::string_view kRedacted = "[REDACTED]";
constexpr char kHex[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";

void append_hex_byte(std::string& out, unsigned char c) {
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0x0F];
}

void append_u4(std::string& out, unsigned value, const char* digits) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(value >> shift) & 0x0F];
}

// @p secret as a JSON string's contents: `"`, `\` and controls escaped; with @p ascii, every
// non-ASCII character as \uXXXX (a surrogate pair past U+FFFF) in @p digits' case; with
// @p slash, `/` as `\/` (PHP, some Java encoders).
std::string json_form(std::string_view secret, bool ascii, const char* digits, bool slash) {
  std::string out;
  for (std::size_t i = 0; i < secret.size();) {
    const auto c = static_cast<unsigned char>(secret[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '/' && slash) {
      out += "\\/";
    } else if (c < 0x20) {
      switch (c) {
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: append_u4(out, c, digits); break;
      }
    } else if (c >= 0x80 && ascii) {
      const std::size_t length = utf8_sequence_length(secret, i);
      if (length == 0) {
        out += static_cast<char>(c);
      } else {
        const char32_t cp = utf8_code_point(secret, i, length);
        if (cp > 0xFFFF) {
          const char32_t v = cp - 0x10000;
          append_u4(out, static_cast<unsigned>(0xD800 + (v >> 10)), digits);
          append_u4(out, static_cast<unsigned>(0xDC00 + (v & 0x3FF)), digits);
        } else {
          append_u4(out, static_cast<unsigned>(cp), digits);
        }
        i += length;
        continue;
      }
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  return out;
}

// @p secret percent-encoded (RFC 3986 unreserved characters kept); with @p plus, a space as
// `+` (HTML forms).
std::string url_form(std::string_view secret, const char* digits, bool plus) {
  std::string out;
  for (const char ch : secret) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else if (c == ' ' && plus) {
      out += '+';
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 0x0F];
    }
  }
  return out;
}

// A letter, digit, `_` or part of a non-ASCII character: a short secret next to one of these
// is part of a longer word, not a value of its own.
bool is_word_byte(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

}  // namespace

void Secrets::add(std::string_view secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.emplace_back(secret);
  const bool whole_only = secret.size() < kShortSecret;
  add_form(std::string(secret), whole_only);
  add_form(one_line(secret), whole_only);
  for (const bool slash : {false, true}) {
    add_form(json_form(secret, false, kHex, slash), whole_only);
    add_form(json_form(secret, true, kHex, slash), whole_only);
    add_form(json_form(secret, true, kHexUpper, slash), whole_only);
  }
  for (const bool plus : {false, true}) {
    add_form(url_form(secret, kHexUpper, plus), whole_only);
    add_form(url_form(secret, kHex, plus), whole_only);
  }
}

void Secrets::add_form(std::string form, bool whole_value_only) {
  for (std::size_t i = 0; i < forms_.size(); ++i) {
    if (forms_[i] == form) {
      whole_only_[i] = whole_only_[i] && whole_value_only;
      return;
    }
  }
  std::size_t position = 0;
  while (position < forms_.size() && forms_[position].size() >= form.size()) ++position;
  forms_.insert(forms_.begin() + static_cast<std::ptrdiff_t>(position), std::move(form));
  whole_only_.insert(whole_only_.begin() + static_cast<std::ptrdiff_t>(position),
                     whole_value_only);
}

std::string redact(std::string text, const Secrets& secrets) {
  if (secrets.forms_.empty() || text.empty()) return text;
  // Every occurrence of every form in the original text, then the union replaced once: a
  // replacement never creates or hides another match.
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end)
  for (std::size_t f = 0; f < secrets.forms_.size(); ++f) {
    const std::string& form = secrets.forms_[f];
    for (auto at = text.find(form); at != std::string::npos; at = text.find(form, at + 1)) {
      const std::size_t end = at + form.size();
      if (secrets.whole_only_[f] && ((at > 0 && is_word_byte(text[at - 1])) ||
                                     (end < text.size() && is_word_byte(text[end])))) {
        continue;
      }
      spans.emplace_back(at, end);
    }
  }
  if (spans.empty()) return text;
  std::sort(spans.begin(), spans.end());
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t i = 0; i < spans.size();) {
    const std::size_t begin = spans[i].first;
    std::size_t end = spans[i].second;
    for (++i; i < spans.size() && spans[i].first <= end; ++i) end = std::max(end, spans[i].second);
    out.append(text, copied, begin - copied);
    out += kRedacted;
    copied = end;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

void throw_redacted(const Error& error, const Secrets& secrets) {
  const auto r = [&secrets](const std::string& text) { return redact(text, secrets); };
  const std::type_info& type = typeid(error);
  if (type == typeid(HttpError)) {
    const auto& http = static_cast<const HttpError&>(error);
    std::vector<FieldError> fields = http.field_errors();
    for (auto& field : fields) {
      field.location = r(field.location);
      field.message = r(field.message);
      field.type = r(field.type);
    }
    throw HttpError(http.http_status(), r(http.detail()), std::move(fields),
                    r(http.body_excerpt()), r(http.service_code()), r(http.request_id()));
  }
  if (type == typeid(ServiceError)) {
    const auto& service = static_cast<const ServiceError&>(error);
    throw ServiceError(r(service.code()), r(service.service_message()), service.http_status(),
                       r(service.request_id()));
  }
  if (type == typeid(DecodeError)) {
    const auto& decode = static_cast<const DecodeError&>(error);
    throw DecodeError(r(decode.json_path()), r(decode.problem()), decode.http_status(),
                      r(decode.request_id()));
  }
  if (type == typeid(TimeoutError)) {
    const auto& timeout = static_cast<const TimeoutError&>(error);
    throw TimeoutError(r(timeout.what()), timeout.curl_code(), timeout.outcome_unknown(),
                       r(timeout.request_id()));
  }
  if (type == typeid(TransportError)) {
    const auto& transport = static_cast<const TransportError&>(error);
    throw TransportError(r(transport.what()), transport.curl_code(), transport.retryable(),
                         transport.outcome_unknown(), r(transport.request_id()));
  }
  if (type == typeid(CancelledError)) {
    throw CancelledError(r(error.what()), r(error.request_id()));
  }
  throw;  // a type the SDK does not know: as it is, never sliced
}

void redact_strings(nlohmann::json& value, const Secrets& secrets) {
  if (value.is_string()) {
    std::string& text = value.get_ref<std::string&>();
    text = redact(std::move(text), secrets);
  } else if (value.is_array()) {
    for (auto& item : value) redact_strings(item, secrets);
  } else if (value.is_object()) {
    nlohmann::json copy = nlohmann::json::object();
    for (auto& [key, item] : value.items()) {
      redact_strings(item, secrets);
      copy[redact(key, secrets)] = std::move(item);
    }
    value = std::move(copy);
  }
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
    } else if (const char32_t cp = utf8_code_point(text, i, length); is_invisible_format(cp)) {
      // A bidi control or zero-width character: it would reorder or hide what is around it.
      append_u4(out, static_cast<unsigned>(cp), kHex);
      i += length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string server_text(std::string_view text, const Secrets& secrets) {
  return redact(one_line(text), secrets);
}

std::string server_text(std::string_view text, std::string_view api_key) {
  return server_text(text, Secrets(api_key));
}

std::string body_excerpt(std::string_view body, const Secrets& secrets, std::size_t max_bytes) {
  std::size_t cut = std::min(body.size(), max_bytes);
  // Move the cut before any form of a secret it would split, until none is split.
  for (bool moved = cut < body.size(); moved;) {
    moved = false;
    for (const std::string& form : secrets.values()) {
      if (form.size() < 2 || cut == 0) continue;
      const std::size_t from = cut > form.size() ? cut - form.size() + 1 : 0;
      const auto at = body.substr(0, cut + form.size() - 1).find(form, from);
      if (at != std::string_view::npos && at < cut && at + form.size() > cut) {
        cut = at;
        moved = true;
      }
    }
  }
  std::string out = one_line(body.substr(0, cut));
  if (cut < body.size()) out += "...";
  return out;
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
