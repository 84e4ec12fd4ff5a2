// SPDX-License-Identifier: Apache-2.0
#include "moi/error.hpp"

#include <utility>

namespace moi {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return "invalid_argument";
    case ErrorKind::kService:
      return "service";
    case ErrorKind::kHttp:
      return "http";
    case ErrorKind::kTransport:
      return "transport";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kDecode:
      return "decode";
    case ErrorKind::kCancelled:
      return "cancelled";
    case ErrorKind::kWaitTimeout:
      return "wait_timeout";
    case ErrorKind::kLookup:
      return "lookup";
    case ErrorKind::kArchive:
      return "archive";
  }
  return "unknown";
}

Error::Error(ErrorKind kind, const std::string& message, bool retryable, int http_status,
             std::string request_id)
    : std::runtime_error(message),
      kind_(kind),
      retryable_(retryable),
      http_status_(http_status),
      request_id_(std::move(request_id)) {}

InvalidArgumentError::InvalidArgumentError(const std::string& message)
    : Error(ErrorKind::kInvalidArgument, "invalid argument: " + message, false, 0, {}) {}

namespace {

std::string with_request_id(std::string text, const std::string& request_id) {
  if (!request_id.empty()) text += " (request id " + request_id + ")";
  return text;
}

std::string service_error_text(const std::string& code, const std::string& msg, int status) {
  std::string text = "service error " + code;
  if (!msg.empty()) text += ": " + msg;
  // 0: no HTTP answer carried the error (e.g. a helper's verdict on a finished task).
  if (status > 0) text += " (HTTP " + std::to_string(status) + ")";
  return text;
}

std::string http_error_text(int status, const std::string& detail) {
  std::string text = status > 0 ? "HTTP " + std::to_string(status) : "HTTP error (no status)";
  if (!detail.empty()) text += ": " + detail;
  return text;
}

bool is_retryable_status(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

std::string decode_error_text(const std::string& path, const std::string& problem) {
  if (path.empty()) return "cannot decode response: " + problem;
  return "cannot decode response at " + path + ": " + problem;
}

}  // namespace

ServiceError::ServiceError(std::string code, std::string service_message, int http_status,
                           std::string request_id)
    : Error(ErrorKind::kService,
            with_request_id(service_error_text(code, service_message, http_status), request_id),
            false, http_status, request_id),
      code_(std::move(code)),
      service_message_(std::move(service_message)) {}

HttpError::HttpError(int http_status, std::string detail, std::vector<FieldError> field_errors,
                     std::string body_excerpt, std::string service_code, std::string request_id)
    : Error(ErrorKind::kHttp, with_request_id(http_error_text(http_status, detail), request_id),
            is_retryable_status(http_status), http_status, request_id),
      detail_(std::move(detail)),
      field_errors_(std::move(field_errors)),
      body_excerpt_(std::move(body_excerpt)),
      service_code_(std::move(service_code)) {}

TransportError::TransportError(const std::string& message, int curl_code, bool retryable,
                               bool outcome_unknown, std::string request_id)
    : TransportError(ErrorKind::kTransport, message, curl_code, retryable, outcome_unknown,
                     std::move(request_id)) {}

TransportError::TransportError(ErrorKind kind, const std::string& message, int curl_code,
                               bool retryable, bool outcome_unknown, std::string request_id)
    : Error(kind, message, retryable, 0, std::move(request_id)),
      curl_code_(curl_code),
      outcome_unknown_(outcome_unknown) {}

TimeoutError::TimeoutError(const std::string& message, int curl_code, bool outcome_unknown,
                           std::string request_id)
    : TransportError(ErrorKind::kTimeout, message, curl_code, true, outcome_unknown,
                     std::move(request_id)) {}

DecodeError::DecodeError(std::string json_path, std::string problem, int http_status,
                         std::string request_id)
    : Error(ErrorKind::kDecode, with_request_id(decode_error_text(json_path, problem), request_id),
            false, http_status, request_id),
      json_path_(std::move(json_path)),
      problem_(std::move(problem)) {}

DecodeError DecodeError::with_prefix(const std::string& prefix) const {
  std::string path = prefix;
  if (!json_path_.empty()) {
    if (json_path_.front() != '[' && !prefix.empty()) path += '.';
    path += json_path_;
  }
  return DecodeError(std::move(path), problem_, http_status(), request_id());
}

DecodeError DecodeError::with_response(int status, const std::string& id) const {
  return DecodeError(json_path_, problem_, status, id);
}

CancelledError::CancelledError(const std::string& message, std::string request_id)
    : Error(ErrorKind::kCancelled, message, false, 0, std::move(request_id)) {}

WaitTimeoutError::WaitTimeoutError(const std::string& message)
    : Error(ErrorKind::kWaitTimeout, message, false, 0, {}) {}

}  // namespace moi
