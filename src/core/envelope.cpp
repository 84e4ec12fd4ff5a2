// SPDX-License-Identifier: Apache-2.0
#include "core/envelope.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/safe_text.hpp"
#include "moi/error.hpp"
#include "moi_internal/ascii.hpp"
#include "moi_internal/bounded_json.hpp"

namespace moi::detail {
namespace {

std::string json_type_name(const nlohmann::json& value) { return value.type_name(); }

}  // namespace

bool is_blank(std::string_view body) {
  return std::all_of(body.begin(), body.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

std::string string_member(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

namespace {

// decode_envelope() before redaction: every piece of server text it quotes is one safe line.
// @p bare: answer form C (the LLM proxy), the 2xx body is the answer itself.
nlohmann::json decode_answer(const HttpResponse& response, const std::string& sent_request_id,
                             const Secrets& secrets, std::string& request_id, bool bare) {
  // The server's id is quoted in messages: made one safe line like any other server text.
  request_id = one_line(response.header("x-request-id"));
  const bool have_header_id = !request_id.empty();
  if (!have_header_id) request_id = sent_request_id;

  if (response.status < 200 || response.status > 299) {
    throw_http_error(response, request_id, have_header_id, secrets);
  }
  if (response.status == 204 || is_blank(response.body)) return nullptr;

  BoundedJson parsed = parse_json_bounded(response.body);
  if (parsed.too_deep) {
    throw DecodeError("", parsed.error, response.status, request_id);
  }
  if (!parsed.ok()) {
    // The parser quotes what it read last, which may be an echoed key: redact it too.
    throw DecodeError("",
                      "not valid JSON (" + one_line(parsed.error) +
                          "); body starts: " + body_excerpt(response.body, secrets, 120),
                      response.status, request_id);
  }
  if (bare) return std::move(parsed.value);
  nlohmann::json& envelope = parsed.value;
  if (!envelope.is_object()) {
    throw DecodeError("", "expected a JSON object envelope, got " + json_type_name(envelope),
                      response.status, request_id);
  }
  if (!have_header_id) {
    if (const std::string body_id = string_member(envelope, "request_id"); !body_id.empty()) {
      request_id = one_line(body_id);
    }
  }
  if (const auto code = envelope.find("code"); code != envelope.end() && !code->is_null()) {
    if (!code->is_string()) {
      throw DecodeError("code", "expected a string, got " + json_type_name(*code), response.status,
                        request_id);
    }
    const auto& text = code->get_ref<const std::string&>();
    if (!iequals(text, "ok")) {
      throw ServiceError(one_line(text), one_line(string_member(envelope, "msg")),
                         response.status, request_id);
    }
  }
  const auto data = envelope.find("data");
  if (data == envelope.end()) return nullptr;
  return std::move(*data);
}

// decode_answer() with every error redacted: the one place an answer's error is redacted.
nlohmann::json decode_redacted(const HttpResponse& response, const std::string& sent_request_id,
                               const Secrets& secrets, std::string* known_request_id, bool bare) {
  std::string request_id;
  try {
    nlohmann::json data = decode_answer(response, sent_request_id, secrets, request_id, bare);
    if (known_request_id != nullptr) *known_request_id = redact(std::move(request_id), secrets);
    return data;
  } catch (const Error& error) {
    throw_redacted(error, secrets);
  }
}

}  // namespace

nlohmann::json decode_envelope(const HttpResponse& response, const std::string& sent_request_id,
                               const Secrets& secrets, std::string* known_request_id) {
  return decode_redacted(response, sent_request_id, secrets, known_request_id, false);
}

nlohmann::json decode_bare_answer(const HttpResponse& response,
                                  const std::string& sent_request_id, const Secrets& secrets,
                                  std::string* known_request_id) {
  return decode_redacted(response, sent_request_id, secrets, known_request_id, true);
}

}  // namespace moi::detail
