// SPDX-License-Identifier: Apache-2.0
#include "core/request_runner.hpp"

#include <algorithm>
#include <typeinfo>
#include <utility>

#include "core/envelope.hpp"
#include "core/headers.hpp"
#include "core/retry_after.hpp"
#include "core/safe_text.hpp"
#include "core/sleep.hpp"
#include "moi/version.hpp"
#include "moi_internal/secret_keys.hpp"

namespace moi::detail {
namespace {

constexpr const char* kApiPrefix = "/byoa/api/v1";

}  // namespace

RequestRunner::RequestRunner(ClientOptions options) : options_(std::move(options)) {
  host_url_ = normalize_base_url(options_.base_url);
  byoa_url_ = host_url_ + kApiPrefix;
  llm_url_ = options_.llm_proxy_url.empty()
                 ? host_url_ + "/llm-proxy"
                 : normalize_base_url(options_.llm_proxy_url, "(ClientOptions::llm_proxy_url)");
  if (options_.api_key.empty()) {
    throw InvalidArgumentError("API key is empty (set ClientOptions::api_key or MOI_API_KEY)");
  }
  check_header_value("API key", options_.api_key);
  key_secrets_ = Secrets(options_.api_key);
  check_header_value("User-Agent suffix", options_.user_agent_suffix);
  if (options_.connect_timeout.count() <= 0) {
    throw InvalidArgumentError("connect_timeout must be positive");
  }
  if (options_.timeout.count() <= 0) throw InvalidArgumentError("timeout must be positive");
  if (options_.retry.max_attempts < 1) {
    throw InvalidArgumentError("retry.max_attempts must be at least 1");
  }
  if (options_.retry.initial_backoff.count() < 0 || options_.retry.max_backoff.count() < 0 ||
      options_.retry.max_retry_after.count() < 0) {
    throw InvalidArgumentError("retry durations must not be negative");
  }
  if (options_.max_response_bytes == 0) {
    throw InvalidArgumentError("max_response_bytes must be positive");
  }
  user_agent_ = std::string("moi-cpp/") + version();
  if (!options_.user_agent_suffix.empty()) user_agent_ += " " + options_.user_agent_suffix;

  // An empty sleeper stays empty: pause_unless_cancelled() then sleeps on the real clock and
  // wakes on cancellation.
  if (!options_.retry.clock) options_.retry.clock = [] { return std::chrono::system_clock::now(); };
  jitter_.seed(options_.retry.jitter_seed != 0 ? options_.retry.jitter_seed
                                               : std::random_device{}());

  transport_ = options_.transport;
  if (!transport_) {
    CurlTransportOptions curl;
    curl.proxy = options_.proxy;
    curl.ca_bundle_path = options_.ca_bundle_path;
    curl.verify_tls = !options_.insecure_skip_tls_verify;
    curl.max_response_bytes = options_.max_response_bytes;
    transport_ = make_curl_transport(curl);
  }
}

std::shared_ptr<const RequestRunner> RequestRunner::with_api_key(std::string api_key) const {
  if (api_key.empty()) throw InvalidArgumentError("with_api_key: the API key is empty");
  ClientOptions options = options_;
  options.api_key = std::move(api_key);
  options.transport = transport_;  // one connection pool for every key
  return std::make_shared<const RequestRunner>(std::move(options));
}

HttpRequest RequestRunner::build_request(const ApiCall& call, const CallOptions& options,
                                         const std::string& request_id) const {
  HttpRequest request;
  request.method = call.method;
  request.url = (call.root == ServiceRoot::kHost       ? host_url_
                 : call.root == ServiceRoot::kLlmProxy ? llm_url_
                                                       : byoa_url_) +
                call.path;
  if (!call.query.empty()) request.url += "?" + call.query.to_string();
  request.connect_timeout = options_.connect_timeout;
  request.timeout = options.timeout.count() > 0 ? options.timeout : options_.timeout;
  request.should_abort = options.should_abort;
  request.multipart = call.multipart;
  request.on_upload_progress = call.on_upload_progress;
  request.headers.reserve(6);
  request.headers.emplace_back("moi-key", options_.api_key);
  request.headers.emplace_back("User-Agent", user_agent_);
  request.headers.emplace_back("Accept", call.accept);
  request.headers.emplace_back("X-Request-ID", request_id);
  if (call.body) {
    try {
      request.body = call.body->dump();
    } catch (const nlohmann::json::type_error& error) {
      throw InvalidArgumentError(std::string("request body is not valid UTF-8 JSON: ") +
                                 error.what());
    }
    request.headers.emplace_back("Content-Type", "application/json");
  }
  if (call.text_body) {
    request.body = *call.text_body;
    request.headers.emplace_back("Content-Type", "text/plain");
  }
  return request;
}

std::chrono::milliseconds RequestRunner::backoff(int retry_index) const {
  const auto& retry = options_.retry;
  const auto shift = std::min(retry_index, 30);
  const auto exponential = retry.initial_backoff.count() * (std::int64_t{1} << shift);
  const auto bound = std::min<std::int64_t>(exponential, retry.max_backoff.count());
  if (bound <= 0) return std::chrono::milliseconds(0);
  std::uniform_int_distribution<std::int64_t> full_jitter(0, bound);
  std::lock_guard<std::mutex> lock(jitter_mutex_);
  return std::chrono::milliseconds(full_jitter(jitter_));
}

std::chrono::milliseconds RequestRunner::retry_after(const HttpResponse& response) const {
  const std::string value = response.header("retry-after");
  const auto parsed = parse_retry_after(value, options_.retry.clock());
  if (!parsed) return std::chrono::milliseconds(-1);
  return std::min(*parsed, options_.retry.max_retry_after);
}

void RequestRunner::log(LogLevel level, const std::string& message, const Secrets& secrets) const {
  // A log line leaves the SDK here: redacted once, whatever it quotes (the query included).
  if (options_.logger) options_.logger(level, redact(message, secrets));
}

namespace {

// "GET /byoa/api/v1/x?y" from a URL: the path and query of a log line, without the host.
std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? std::string("/") : url.substr(slash);
}

// Whether a failure proves the request never left: then any call may be sent again.
bool nothing_was_sent(const TransportError& error) {
  return error.retryable() && !error.outcome_unknown();
}

// The error a transport threw, with the request id and the outcome note. A custom transport's
// own subclass is rethrown as it is (no slicing); the SDK's own types are rebuilt.
[[noreturn]] void rethrow_transport_error(const TransportError& error, const ApiCall& call,
                                          const std::string& request_id, const Secrets& secrets) {
  const std::type_info& type = typeid(error);
  if (type != typeid(TransportError) && type != typeid(TimeoutError)) throw;
  std::string text = one_line(error.what());
  if (error.outcome_unknown() && call.idempotency == Idempotency::kUnsafe) {
    // The server may have acted: say so, so nobody blindly repeats a create.
    text +=
        "; the request may have been processed (outcome unknown): check before sending it "
        "again";
  }
  if (error.kind() == ErrorKind::kTimeout) {
    throw_redacted(TimeoutError(text, error.curl_code(), error.outcome_unknown(), request_id),
                   secrets);
  }
  throw_redacted(TransportError(text, error.curl_code(), error.retryable(), error.outcome_unknown(),
                                request_id),
                 secrets);
}

// The secrets a call's messages must not show: the API key (@p key_only), plus the secrets the
// call sends (connector passwords, access keys: fields secret by the rule of
// detail::is_secret_key), which a hostile or careless server may echo back. They travel with
// the call to its boundaries: the error thrown, the log lines, the answer's strings. Only a
// call that sends such a field pays for a copy (into @p storage); every other call uses
// @p key_only as it is.
const Secrets& secrets_of(const ApiCall& call, const Secrets& key_only, Secrets& storage) {
  if (!call.body) return key_only;
  std::vector<std::string> values;
  collect_secret_values(*call.body, values);
  if (values.empty()) return key_only;
  storage = key_only;
  for (const std::string& value : values) storage.add(value);
  return storage;
}

// Hands an answer's @p data to @p on_data. Decoders quote the values they reject: server
// text, so made one line, and the error redacted of @p secrets as it leaves.
void decode_data(const DataHandler& on_data, const nlohmann::json& data, int status,
                 const std::string& request_id, const Secrets& secrets, const char* prefix) {
  try {
    on_data(data);
  } catch (const DecodeError& error) {
    throw_redacted(DecodeError(one_line(error.json_path()), one_line(error.problem()))
                       .with_prefix(prefix)
                       .with_response(status, request_id),
                   secrets);
  }
}

}  // namespace

namespace {

void report_success(const CallOptions& options, int http_status, std::string request_id,
                    int attempt, std::chrono::steady_clock::time_point call_started) {
  if (!options.on_success) return;
  ResponseMetadata metadata;
  metadata.http_status = http_status;
  metadata.request_id = std::move(request_id);
  metadata.attempts = attempt;
  metadata.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - call_started);
  options.on_success(metadata);
}

}  // namespace

// Every log line has one shape (the error, when there is one, follows in parentheses):
//   <METHOD> <path?query> request_id=<id> attempt=<n>/<max> status=<N>|curl_error=<N>
//   elapsed_ms=<t> [retry_in_ms=<d>] [(<error>)]
std::string RequestRunner::log_line(const HttpRequest& request, const std::string& request_id,
                                    int attempt, int attempts, const std::string& outcome,
                                    std::chrono::milliseconds elapsed) const {
  return request.method + " " + path_of(request.url) + " request_id=" + request_id +
         " attempt=" + std::to_string(attempt) + "/" + std::to_string(attempts) + " " + outcome +
         " elapsed_ms=" + std::to_string(elapsed.count());
}

// What run_stream asks of run_call: which answers to stream and where to.
struct RequestRunner::Stream {
  const StreamFilter& accept;
  const BodySink& sink;
};

void RequestRunner::run(const ApiCall& call, const CallOptions& options,
                        const DataHandler& on_data) const {
  run_call(call, options, on_data, nullptr);
}

void RequestRunner::run_stream(const ApiCall& call, const CallOptions& options,
                               const StreamFilter& accept, const BodySink& sink,
                               const DataHandler& on_data) const {
  if (!accept || !sink) throw InvalidArgumentError("run_stream needs a stream filter and a sink");
  const Stream stream{accept, sink};
  run_call(call, options, on_data, &stream);
}

void RequestRunner::run_call(const ApiCall& call, const CallOptions& options,
                             const DataHandler& on_data, const Stream* stream) const {
  using std::chrono::milliseconds;
  using std::chrono::steady_clock;
  const std::string request_id =
      options.request_id.empty() ? generate_request_id() : options.request_id;
  check_header_value("request id", request_id);
  HttpRequest request = build_request(call, options, request_id);
  Secrets call_secrets;
  const Secrets& secrets = secrets_of(call, key_secrets_, call_secrets);
  const bool may_retry = call.idempotency == Idempotency::kSafe || options.retry_non_idempotent;
  const int max_attempts =
      options.max_attempts > 0 ? options.max_attempts : options_.retry.max_attempts;
  const std::string target = request.method + " " + request.url;
  const auto call_started = steady_clock::now();
  const milliseconds attempt_timeout = request.timeout;
  const milliseconds connect_timeout = request.connect_timeout;
  // A stream runs as long as bytes arrive: like an upload, its timeout bounds idleness.
  const bool timeout_bounds_stalls = call.timeout_bounds_stalls || stream != nullptr;
  // Once a chunk reached the caller's sink, the call is never repeated.
  bool streamed = false;
  bool delivered = false;
  if (stream != nullptr) {
    request.on_response_head = [stream, &streamed, &delivered](const HttpResponse& head) {
      streamed = stream->accept(head);
      if (!streamed) return BodySink();
      return BodySink([stream, &delivered](std::string_view chunk) {
        delivered = true;
        stream->sink(chunk);
      });
    };
  }
  // Time left before the caller's deadline (CallOptions::deadline), rounded up to whole ms.
  const auto time_left = [&options]() -> milliseconds {
    if (!options.deadline) return milliseconds::max();
    const auto left = *options.deadline - steady_clock::now();
    if (left <= steady_clock::duration::zero()) return milliseconds(0);
    return std::chrono::ceil<milliseconds>(left);
  };

  for (int attempt = 1;; ++attempt) {
    if (options.should_abort && options.should_abort()) {
      throw CancelledError(target + ": cancelled by the caller", request_id);
    }
    const milliseconds left = time_left();
    if (left.count() == 0) {
      throw TimeoutError(
          target + ": the call's deadline passed before attempt " + std::to_string(attempt), 0,
          false, request_id);
    }
    if (timeout_bounds_stalls) {
      // An upload or a stream runs as long as it moves; only the caller's deadline bounds it
      // as a whole.
      request.stall_timeout = attempt_timeout;
      request.timeout = left == milliseconds::max() ? milliseconds(0) : left;
    } else {
      request.timeout = std::min(attempt_timeout, left);
    }
    request.connect_timeout = std::min(connect_timeout, left);

    milliseconds delay{0};
    std::string retry_line;
    const auto started = steady_clock::now();
    const auto elapsed = [&started] {
      return std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
    };
    streamed = false;
    try {
      const HttpResponse response = transport_->send(request);
      const std::string status = "status=" + std::to_string(response.status);
      if (stream != nullptr && !streamed && stream->accept(response)) {
        // An empty body, or a transport that does not stream: the body comes over whole.
        streamed = true;
        if (!response.body.empty()) {
          delivered = true;
          stream->sink(response.body);
        }
      }
      if (streamed) {
        if (options_.logger) {
          log(LogLevel::kDebug,
              log_line(request, request_id, attempt, max_attempts, status + " streamed", elapsed()),
              secrets);
        }
        report_success(options, response.status,
                       redact(one_line(response.header("x-request-id")), secrets), attempt,
                       call_started);
        return;
      }
      try {
        std::string known_request_id;
        const nlohmann::json data =
            call.bare_answer ? decode_bare_answer(response, request_id, secrets, &known_request_id)
                             : decode_envelope(response, request_id, secrets, &known_request_id);
        if (stream != nullptr && !on_data) {
          throw_redacted(
              DecodeError("", "expected a streamed body, got a JSON answer (Content-Type '" +
                                  one_line(response.header("content-type")) + "')")
                  .with_response(response.status, request_id),
              secrets);
        }
        if (options_.logger) {  // the line costs ~2,000 instructions: build it only when read
          log(LogLevel::kDebug,
              log_line(request, request_id, attempt, max_attempts, status, elapsed()), secrets);
        }
        if (on_data) {
          // A bare answer (the LLM proxy) is the data itself: its paths start at the root.
          const char* prefix = call.bare_answer ? "" : "data";
          const Secrets* decode_secrets = &secrets;
          Secrets answer_secrets;
          if (call.answer_has_secrets && data.is_object()) {
            // An answer carrying a key: its value never shows in what the decoding throws.
            answer_secrets = secrets;
            std::vector<std::string> values;
            collect_secret_values(data, values);
            if (call.answer_secret_key != nullptr) {
              const auto found = data.find(call.answer_secret_key);
              if (found != data.end()) secret_scalar_forms(*found, values);
            }
            for (const std::string& value : values) answer_secrets.add(value);
            decode_secrets = &answer_secrets;
          }
          if (&secrets != &key_secrets_ && data.is_structured()) {
            // A call that sent secrets: a success message may echo them (a validate answer
            // quoting the body), and the caller prints it.
            nlohmann::json redacted = data;
            redact_strings(redacted, secrets);
            decode_data(on_data, redacted, response.status, request_id, *decode_secrets, prefix);
          } else {
            decode_data(on_data, data, response.status, request_id, *decode_secrets, prefix);
          }
        }
        report_success(options, response.status, std::move(known_request_id), attempt,
                       call_started);
        return;
      } catch (const HttpError& error) {
        const bool retry = may_retry && error.retryable() && attempt < max_attempts;
        if (retry) {
          delay = retry_after(response);
          if (delay.count() < 0) delay = backoff(attempt - 1);
        }
        // A pause that would end past the deadline is not taken: the last error is the answer.
        if (!retry || delay >= time_left()) {
          log(LogLevel::kError,
              log_line(request, request_id, attempt, max_attempts, status, elapsed()) + " (" +
                  error.what() + ")",
              secrets);
          throw;
        }
        retry_line = log_line(request, request_id, attempt, max_attempts, status, elapsed()) +
                     " retry_in_ms=" + std::to_string(delay.count()) + " (" + error.what() + ")";
      } catch (const Error& error) {  // service and decode errors are never retried
        log(LogLevel::kError,
            log_line(request, request_id, attempt, max_attempts, status, elapsed()) + " (" +
                error.what() + ")",
            secrets);
        throw;
      }
    } catch (const TransportError& error) {
      const std::string outcome = "curl_error=" + std::to_string(error.curl_code());
      const bool retry = !delivered && (may_retry || nothing_was_sent(error)) &&
                         error.retryable() && attempt < max_attempts;
      if (retry) delay = backoff(attempt - 1);
      if (!retry || delay >= time_left()) {
        log(LogLevel::kError,
            log_line(request, request_id, attempt, max_attempts, outcome, elapsed()) + " (" +
                one_line(error.what()) + ")",
            secrets);
        rethrow_transport_error(error, call, request_id, secrets);
      }
      retry_line = log_line(request, request_id, attempt, max_attempts, outcome, elapsed()) +
                   " retry_in_ms=" + std::to_string(delay.count()) + " (" + one_line(error.what()) +
                   ")";
    } catch (const CancelledError& error) {
      throw_redacted(CancelledError(error.what(), request_id), secrets);
    }
    log(LogLevel::kWarning, retry_line, secrets);
    if (!pause_unless_cancelled(delay, options_.retry.sleeper, options.should_abort)) {
      throw CancelledError(target + ": cancelled by the caller while waiting to retry", request_id);
    }
  }
}

}  // namespace moi::detail
