// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// The SDK's error model: every failure is an exception derived from moi::Error.
/// See docs/decisions/0001-exceptions.md for why exceptions rather than a Result type.

#include <stdexcept>
#include <string>
#include <vector>

#include "moi/visibility.hpp"

namespace moi {

/// What kind of failure an Error reports. One value per subclass of Error.
enum class ErrorKind {
  kInvalidArgument,  ///< Rejected by the SDK before anything was sent.
  kService,          ///< HTTP 2xx whose envelope `code` is not ok.
  kHttp,             ///< HTTP 4xx/5xx (or an unexpected 1xx/3xx).
  kTransport,        ///< DNS, connect, TLS or I/O failure: no complete HTTP answer.
  kTimeout,          ///< The connect or total timeout elapsed.
  kDecode,           ///< The answer was not the JSON the SDK expected.
  kCancelled,        ///< The caller's cancellation token fired.
  kWaitTimeout,      ///< A waiter's deadline passed before what it waited for finished.
  kLookup,           ///< A lookup by name found no object or several (LookupError).
  kArchive,          ///< An archive was refused or could not be extracted (ArchiveError).
};

/// Returns a stable lower-case name for @p kind ("invalid_argument", "service", ...).
MOI_EXPORT const char* to_string(ErrorKind kind) noexcept;

/// Base class of every exception the SDK throws on purpose.
///
/// what() is one readable line that names what went wrong; it never contains the API key.
/// Instances are immutable and safe to read from any thread.
class MOI_EXPORT Error : public std::runtime_error {
 public:
  /// Which subclass this is.
  ErrorKind kind() const noexcept { return kind_; }
  /// True when sending the same request again may succeed (the retry policy reads this).
  bool retryable() const noexcept { return retryable_; }
  /// HTTP status of the answer, or 0 when no answer was received.
  int http_status() const noexcept { return http_status_; }
  /// Request id: the server's (`X-Request-ID` header or envelope `request_id`), else the one
  /// the SDK sent; empty for errors raised before sending.
  const std::string& request_id() const noexcept { return request_id_; }

 protected:
  /// For subclasses: @p message becomes what(); @p http_status is 0 when no answer arrived;
  /// @p request_id may be empty.
  Error(ErrorKind kind, const std::string& message, bool retryable, int http_status,
        std::string request_id);

 private:
  ErrorKind kind_;
  bool retryable_;
  int http_status_;
  std::string request_id_;
};

/// A bad argument or option, detected before any request was sent. Never retryable.
class MOI_EXPORT InvalidArgumentError : public Error {
 public:
  /// @p message names the argument or option and the problem; what() is "invalid argument: "
  /// followed by it.
  explicit InvalidArgumentError(const std::string& message);
};

/// The server answered HTTP 2xx with an envelope whose `code` is not "ok".
class MOI_EXPORT ServiceError : public Error {
 public:
  /// @p code and @p service_message are the envelope's `code` and `msg`. what() reads
  /// `service error CODE: MSG (HTTP STATUS) (request id ID)`; the status part is left out
  /// when @p http_status is 0 (an error found on the client side, e.g. load_files()'s
  /// "LOAD_FAILED"), the request id part when @p request_id is empty. Not retryable.
  ServiceError(std::string code, std::string service_message, int http_status,
               std::string request_id);
  /// The envelope's `code` as sent.
  const std::string& code() const noexcept { return code_; }
  /// The envelope's `msg` as sent.
  const std::string& service_message() const noexcept { return service_message_; }

 private:
  std::string code_;
  std::string service_message_;
};

/// One entry of a FastAPI validation error (`{"detail": [{"loc", "msg", "type"}]}`).
struct FieldError {
  std::string location;  ///< `loc` joined with dots, e.g. "body.workflow.components".
  std::string message;   ///< `msg`.
  std::string type;      ///< `type`, e.g. "missing" or "value_error".
};

/// The server answered with an HTTP status outside 2xx.
class MOI_EXPORT HttpError : public Error {
 public:
  /// @p detail is the readable text (FastAPI `detail`, envelope msg or a body excerpt).
  HttpError(int http_status, std::string detail, std::vector<FieldError> field_errors,
            std::string body_excerpt, std::string service_code, std::string request_id);
  /// Readable explanation taken from the body (may be empty).
  const std::string& detail() const noexcept { return detail_; }
  /// FastAPI validation entries (HTTP 422), in the order the server sent them.
  const std::vector<FieldError>& field_errors() const noexcept { return field_errors_; }
  /// The first few hundred bytes of the body, with the API key redacted.
  const std::string& body_excerpt() const noexcept { return body_excerpt_; }
  /// Envelope `code` when the error body was an envelope, else empty.
  const std::string& service_code() const noexcept { return service_code_; }

 private:
  std::string detail_;
  std::vector<FieldError> field_errors_;
  std::string body_excerpt_;
  std::string service_code_;
};

/// No complete HTTP answer: DNS, connect, TLS, reset, or a response larger than allowed.
class MOI_EXPORT TransportError : public Error {
 public:
  /// @p curl_code is the libcurl CURLcode (0 when not from libcurl).
  /// @p outcome_unknown is true when the request may have reached the server.
  TransportError(const std::string& message, int curl_code, bool retryable, bool outcome_unknown,
                 std::string request_id = {});
  /// The libcurl result code, or 0.
  int curl_code() const noexcept { return curl_code_; }
  /// True when the server may have acted on the request although no answer arrived
  /// (for a create: check before creating again).
  bool outcome_unknown() const noexcept { return outcome_unknown_; }

 protected:
  /// For subclasses (TimeoutError): as the public constructor, with the ErrorKind @p kind.
  TransportError(ErrorKind kind, const std::string& message, int curl_code, bool retryable,
                 bool outcome_unknown, std::string request_id);

 private:
  int curl_code_;
  bool outcome_unknown_;
};

/// The connect timeout or the total timeout elapsed. Retryable; outcome unknown unless the
/// connection was never established.
class MOI_EXPORT TimeoutError : public TransportError {
 public:
  /// Always retryable. @p curl_code is the libcurl code (0 when not from libcurl);
  /// @p outcome_unknown is true when the request may have reached the server.
  TimeoutError(const std::string& message, int curl_code, bool outcome_unknown,
               std::string request_id = {});
};

/// The answer could not be decoded: not JSON, truncated, too deep, or a value of the wrong
/// JSON type. json_path() names where, e.g. "data.jobs[3].status".
class MOI_EXPORT DecodeError : public Error {
 public:
  /// @p json_path may be empty (whole body); @p problem says what was wrong there.
  DecodeError(std::string json_path, std::string problem, int http_status = 0,
              std::string request_id = {});
  /// Path of the offending value from the body root ("" for the whole body).
  const std::string& json_path() const noexcept { return json_path_; }
  /// What was wrong, without the path.
  const std::string& problem() const noexcept { return problem_; }
  /// The same error with @p prefix put in front of the path (used while unwinding nested
  /// decoders: "status" becomes "jobs[3].status", then "data.jobs[3].status").
  DecodeError with_prefix(const std::string& prefix) const;
  /// The same error with the HTTP status and request id of the answer filled in.
  DecodeError with_response(int http_status, const std::string& request_id) const;

 private:
  std::string json_path_;
  std::string problem_;
};

/// The caller cancelled the operation (through a CancellationToken). Not retryable.
class MOI_EXPORT CancelledError : public Error {
 public:
  /// @p message says which operation was cancelled; @p request_id is the last request's, if any.
  explicit CancelledError(const std::string& message, std::string request_id = {});
};

/// A waiter (wait_for_job, wait_for_export, wait_for_first_job) reached its deadline before
/// what it waited for finished. No request failed, so it is not a TransportError, and it is
/// not retryable: waiting longer is the caller's decision. JobWaitTimeoutError and
/// ExportWaitTimeoutError (moi/helpers/waiters.hpp) add the last state seen.
class MOI_EXPORT WaitTimeoutError : public Error {
 public:
  /// @p message names what was waited for and for how long.
  explicit WaitTimeoutError(const std::string& message);
};

}  // namespace moi
