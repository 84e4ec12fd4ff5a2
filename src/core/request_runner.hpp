// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one place where requests are formed, sent, retried and decoded.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/envelope.hpp"
#include "core/headers.hpp"
#include "core/retry_after.hpp"
#include "core/safe_text.hpp"
#include "core/url.hpp"
#include "moi/error.hpp"
#include "moi/options.hpp"
#include "moi/transport.hpp"
#include "moi_internal/bounded_json.hpp"

namespace moi::detail {

/// Whether sending a call twice has the same effect as sending it once. The retry policy
/// repeats only kSafe calls unless the caller opts in (CallOptions::retry_non_idempotent).
enum class Idempotency { kSafe, kUnsafe };

/// Where an endpoint's path starts below the base URL (whose own path prefix is kept).
enum class ServiceRoot {
  kByoa,  ///< "/byoa/api/v1": workflows, jobs, export tasks.
  kHost,  ///< The host root: catalogs, files, uploads, load tasks, connectors.
  /// The LLM proxy: "/llm-proxy" below the base URL, or ClientOptions::llm_proxy_url as it is
  /// (the direct mode). Its answers are bare (set ApiCall::bare_answer).
  kLlmProxy,
};

/// One API call, as a resource method describes it.
struct ApiCall {
  const char* method = "GET";
  std::string path;  ///< Below the service root, already expanded (see expand_path).
  ServiceRoot root = ServiceRoot::kByoa;
  QueryParams query;
  /// The Accept header (an event stream asks for text/event-stream).
  const char* accept = "application/json";
  std::optional<nlohmann::json> body;
  /// Non-empty: a multipart/form-data body instead of `body`.
  std::vector<MultipartPart> multipart;
  /// Uploads: no bound on the whole exchange; the call's timeout bounds a stall instead (no
  /// byte moving), and CallOptions::deadline still bounds the whole call.
  bool timeout_bounds_stalls = false;
  /// Upload progress (bytes sent, total), passed to the transport.
  std::function<void(std::uint64_t, std::uint64_t)> on_upload_progress;
  Idempotency idempotency = Idempotency::kSafe;
  /// Answer form C (the LLM proxy): a 2xx body is the answer itself (bare JSON, handed whole
  /// to the DataHandler; an empty body is null), not an envelope. Errors are decoded as for
  /// every call (throw_http_error reads the OpenAI `{"error":{...}}` shape too).
  bool bare_answer = false;
  /// When set, sent as the body with `Content-Type: text/plain` instead of `body` (the LLM
  /// proxy's response edits). The caller checks it (UTF-8, no NUL).
  std::optional<std::string> text_body;
  /// The answer holds secrets (an API key): the values of its secret fields (the rule of
  /// detail::is_secret_key) and of `data.<answer_secret_key>` are redacted from the call's
  /// errors and log lines like the key in use.
  bool answer_has_secrets = false;
  /// With answer_has_secrets: one more key of `data` whose value is a secret ("key").
  const char* answer_secret_key = nullptr;
};

/// Receives the envelope's `data` (null when absent or the body was empty). May throw
/// DecodeError with a path relative to `data`; the runner prefixes "data" and adds the status
/// and request id.
using DataHandler = std::function<void(const nlohmann::json& data)>;

/// Decides whether an answer is streamed (RequestRunner::run_stream), from its status and
/// headers: typically a 2xx status with the Content-Type the call expects.
using StreamFilter = std::function<bool(const HttpResponse& head)>;

/// Sends ApiCalls with auth, User-Agent, request id, retries and envelope decoding.
/// Thread-safe: const methods may be called concurrently.
class RequestRunner {
 public:
  /// @throws InvalidArgumentError when the options are invalid.
  explicit RequestRunner(ClientOptions options);

  /// Sends @p call and hands `data` to @p on_data.
  /// @throws the moi::Error subclasses documented in moi/error.hpp.
  void run(const ApiCall& call, const CallOptions& options, const DataHandler& on_data) const;

  /// Sends @p call and decodes `data` into T with its from_json.
  template <class T>
  T run_as(const ApiCall& call, const CallOptions& options) const {
    T out{};
    run(call, options, [&out](const nlohmann::json& data) { from_json(data, out); });
    return out;
  }

  /// Sends @p call and ignores `data` (endpoints that answer null).
  void run_void(const ApiCall& call, const CallOptions& options) const {
    run(call, options, DataHandler{});
  }

  /// Sends @p call and streams its answer: an answer for which @p accept returns true is
  /// handed to @p sink chunk by chunk as it arrives (a transport that does not stream hands
  /// it over whole). Any other answer is decoded as run() decodes it: an error status or
  /// error envelope throws the usual typed error; a success envelope goes to @p on_data, or
  /// throws DecodeError when @p on_data is empty (the server did not stream).
  /// Retried under the call's rules only until the first chunk reached the sink, never after.
  /// The call's timeout bounds idleness (no byte for that long), not the whole stream;
  /// CallOptions::deadline bounds the whole call; CallOptions::should_abort cancels it.
  /// @throws the moi::Error subclasses documented in moi/error.hpp, or what @p sink throws.
  void run_stream(const ApiCall& call, const CallOptions& options, const StreamFilter& accept,
                  const BodySink& sink, const DataHandler& on_data = {}) const;

  const ClientOptions& options() const noexcept { return options_; }

  /// A runner like this one (options, logger, shared transport and its connection pool) that
  /// sends @p api_key instead. @throws InvalidArgumentError when the key is empty or holds a
  /// control character (never naming its value).
  std::shared_ptr<const RequestRunner> with_api_key(std::string api_key) const;

 private:
  struct Stream;
  void run_call(const ApiCall& call, const CallOptions& options, const DataHandler& on_data,
                const Stream* stream) const;
  HttpRequest build_request(const ApiCall& call, const CallOptions& options,
                            const std::string& request_id) const;
  std::chrono::milliseconds backoff(int retry_index) const;
  std::chrono::milliseconds retry_after(const HttpResponse& response) const;
  void log(LogLevel level, const std::string& message, const Secrets& secrets) const;
  std::string log_line(const HttpRequest& request, const std::string& request_id, int attempt,
                       int attempts, const std::string& outcome,
                       std::chrono::milliseconds elapsed) const;

  ClientOptions options_;
  std::string host_url_;  // normalized base URL (its path prefix kept), without a service root
  std::string byoa_url_;  // host_url_ + "/byoa/api/v1"
  std::string llm_url_;   // host_url_ + "/llm-proxy", or ClientOptions::llm_proxy_url
  std::string user_agent_;
  Secrets key_secrets_;  // the API key: redacted from every message (plus a call's own secrets)
  std::shared_ptr<HttpTransport> transport_;
  mutable std::mutex jitter_mutex_;
  mutable std::mt19937_64 jitter_;
};

}  // namespace moi::detail
