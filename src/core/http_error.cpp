// SPDX-License-Identifier: Apache-2.0
#include <utility>
#include <vector>

#include "core/envelope.hpp"
#include "core/safe_text.hpp"
#include "moi/error.hpp"
#include "moi_internal/bounded_json.hpp"

namespace moi::detail {
namespace {

std::string join_location(const nlohmann::json& loc) {
  if (!loc.is_array()) return loc.is_string() ? loc.get<std::string>() : loc.dump();
  std::string out;
  for (const auto& part : loc) {
    if (!out.empty()) out += '.';
    out += part.is_string() ? part.get<std::string>() : part.dump();
  }
  return out;
}

std::vector<FieldError> field_errors_from(const nlohmann::json& detail) {
  std::vector<FieldError> errors;
  for (const auto& item : detail) {
    if (!item.is_object()) continue;
    FieldError error;
    if (const auto loc = item.find("loc"); loc != item.end()) error.location = join_location(*loc);
    error.message = string_member(item, "msg");
    error.type = string_member(item, "type");
    errors.push_back(std::move(error));
  }
  return errors;
}

}  // namespace

// Maps a non-2xx answer to HttpError. Every piece of server text in it (detail, msg, code,
// field errors, Location, Content-Type, request id) is made one safe line; @p secrets only
// keep the body excerpt's cut out of a secret (decode_envelope redacts the error).
// @p request_id is the id the answer is known by: the server's X-Request-ID or, without
// one, the envelope's request_id, or else the id the SDK sent.
[[noreturn]] void throw_http_error(const HttpResponse& response, std::string request_id,
                                   bool have_header_id, const Secrets& secrets) {
  std::string detail;
  std::string service_code;
  std::vector<FieldError> field_errors;
  const BoundedJson parsed = parse_json_bounded(response.body);
  if (parsed.ok() && parsed.value.is_object()) {
    const nlohmann::json& body = parsed.value;
    if (const auto it = body.find("detail"); it != body.end()) {
      if (it->is_array()) {
        field_errors = field_errors_from(*it);
        detail = "validation failed:";
        for (std::size_t i = 0; i < field_errors.size(); ++i) {
          detail +=
              (i == 0 ? " " : "; ") + field_errors[i].location + ": " + field_errors[i].message;
        }
      } else if (it->is_string()) {
        detail = it->get<std::string>();
      } else {
        detail = it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
    } else if (const auto error = body.find("error"); error != body.end() && error->is_object()) {
      // The OpenAI shape of the LLM proxy: {"error": {"message", "type", "code"}}; `code` may
      // also be a number or null there.
      detail = string_member(*error, "message");
      service_code = string_member(*error, "code");
      if (const auto code = error->find("code"); code != error->end() && code->is_number()) {
        service_code = code->dump();
      }
      if (service_code.empty()) service_code = string_member(*error, "type");
      if (detail.empty()) detail = body_excerpt(response.body, secrets, 160);
    } else {
      service_code = string_member(body, "code");
      detail = string_member(body, "msg");
      if (!service_code.empty()) detail = service_code + (detail.empty() ? "" : ": " + detail);
    }
    if (!have_header_id) {
      if (std::string body_id = string_member(body, "request_id"); !body_id.empty()) {
        request_id = one_line(body_id);
      }
    }
  } else if (!is_blank(response.body)) {
    const std::string type = response.header("content-type");
    detail = "non-JSON response" + (type.empty() ? std::string() : " (" + type + ")") + ": " +
             body_excerpt(response.body, secrets, 160);
  }
  if (response.status >= 300 && response.status < 400) {
    const std::string location = response.header("location");
    detail = "redirect" + (location.empty() ? std::string() : " to " + location) +
             " not followed (the SDK never forwards the API key to another URL)";
  }
  for (auto& error : field_errors) {
    error.location = one_line(error.location);
    error.message = one_line(error.message);
    error.type = one_line(error.type);
  }
  // Redacted by the caller (decode_envelope), once, with every other text of the error.
  throw HttpError(response.status, one_line(detail), std::move(field_errors),
                  body_excerpt(response.body, secrets), one_line(service_code),
                  std::move(request_id));
}

}  // namespace moi::detail
