// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Options of a moi::Client and of a single call.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "moi/transport.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// Severity of a log line handed to ClientOptions::logger.
///
/// Every line has one shape: `<METHOD> <path?query> request_id=<id> attempt=<n>/<max>
/// status=<N>|curl_error=<N> elapsed_ms=<t> [retry_in_ms=<d>] [(<error>)]`.
/// - `kDebug`: an attempt that succeeded.
/// - `kInfo`: reserved for notable events of normal operation (this release writes none).
/// - `kWarning`: a failed attempt that will be retried, with the pause before the next one.
/// - `kError`: the attempt that ended the call with an error (the call then throws it).
///
/// Without a logger in the options, the environment variable `MOI_LOG_LEVEL` (`debug`, `info`,
/// `warning` or `error`) turns on logging of that level and above to stderr, as
/// `moi <level>: <line>`.
enum class LogLevel { kDebug, kInfo, kWarning, kError };

/// Receives the SDK's log lines. Called from the thread making the call; must be thread-safe
/// when the client is shared. Log lines never contain the API key or request bodies.
using Logger = std::function<void(LogLevel level, const std::string& message)>;

/// Blocks the calling thread for the given duration (injectable so tests need not sleep).
using Sleeper = std::function<void(std::chrono::milliseconds)>;

/// Returns the current wall-clock time (injectable; used to interpret HTTP-date Retry-After).
using Clock = std::function<std::chrono::system_clock::time_point()>;

/// How failed calls are repeated. Only calls that are safe to repeat are retried, unless the
/// caller opts in per call with CallOptions::retry_non_idempotent.
struct RetryOptions {
  /// Attempts in all, the first included. 1 disables retries.
  int max_attempts = 4;
  /// Upper bound of the first backoff; doubles each attempt (full jitter: uniform in [0, bound]).
  std::chrono::milliseconds initial_backoff{200};
  /// Cap of the backoff bound.
  std::chrono::milliseconds max_backoff{10000};
  /// Longest `Retry-After` honoured; a larger value is cut to this.
  std::chrono::milliseconds max_retry_after{60000};
  /// Sleeps between attempts (tests inject one; cancellation is then checked after it
  /// returns). Empty: a real sleep that wakes on CallOptions::should_abort within about 5 ms.
  Sleeper sleeper;
  /// Wall clock. Empty: std::chrono::system_clock::now.
  Clock clock;
  /// Seed of the jitter generator; 0 seeds from std::random_device.
  std::uint64_t jitter_seed = 0;
};

/// Everything a moi::Client needs. Validated when the client is constructed.
struct ClientOptions {
  /// Service root, e.g. "https://freetier-01.cn-hangzhou.cluster.matrixonecloud.cn".
  /// http or https with a host; a path on it (a gateway prefix) is kept. The SDK appends
  /// "/byoa/api/v1" and the endpoint path.
  std::string base_url;
  /// The LLM proxy's own base URL (the direct mode of the Go SDK), e.g.
  /// "https://llm.example.com/proxy": when set, LlmClient calls go to it followed by
  /// "/api/..." or "/v1/chat/completions", with the same key, retries, logging and redaction.
  /// Empty (the default): base_url followed by "/llm-proxy". Checked like base_url.
  std::string llm_proxy_url;
  /// Sent as the `moi-key` header. Never logged and never part of an error message.
  std::string api_key;
  /// Bound on DNS + TCP + TLS set-up of one attempt.
  std::chrono::milliseconds connect_timeout{10000};
  /// Bound on one whole attempt (connect, send, wait, receive).
  std::chrono::milliseconds timeout{60000};
  /// Appended to the User-Agent "moi-cpp/<version>" after a space, e.g. "my-app/1.2".
  std::string user_agent_suffix;
  /// Proxy URL. Empty: libcurl's own environment handling (http_proxy, https_proxy, no_proxy).
  std::string proxy;
  /// PEM file of CA certificates to trust instead of the system store.
  std::string ca_bundle_path;
  /// Turns TLS certificate and host verification OFF. Only for local test servers.
  bool insecure_skip_tls_verify = false;
  /// Largest response body accepted (default 32 MiB); larger answers fail with TransportError.
  std::size_t max_response_bytes = std::size_t{32} * 1024 * 1024;
  /// Retry policy.
  RetryOptions retry;
  /// Optional log sink (see Logger).
  Logger logger;
  /// Transport to use instead of libcurl (tests, custom stacks). Must be thread-safe.
  std::shared_ptr<HttpTransport> transport;

  /// Options from the environment: `MOI_BASE_URL` and `MOI_API_KEY`; other fields default.
  /// Unset variables leave the field empty, so constructing a Client then fails with a clear
  /// InvalidArgumentError naming the variable's field.
  static ClientOptions from_env();
};

/// What a successful call's answer said about itself (see CallOptions::on_success).
struct ResponseMetadata {
  int http_status = 0;                   ///< Status of the answer that succeeded (200, 204, ...).
  std::string request_id;                ///< The server's request id, or the one the SDK sent.
  int attempts = 0;                      ///< Attempts made, the successful one included.
  std::chrono::milliseconds elapsed{0};  ///< The whole call, retries and pauses included.
};

/// Default of CallOptions::max_list_items.
inline constexpr std::int64_t kDefaultMaxListItems = 1000000;

/// Per-call settings, the last parameter of every resource method (defaulted).
struct CallOptions {
  /// Sent as `X-Request-ID`. Empty: the SDK generates a UUID. Must not contain control
  /// characters.
  std::string request_id;
  /// Allow retries of a call that is not safe to repeat (a create, a start-work call) after
  /// any retryable failure. A retried create whose first answer was lost may create a
  /// duplicate. Without it such a call is still retried when the failure proves that nothing
  /// was sent (connection refused, DNS failure, TLS handshake failure, connect timeout).
  bool retry_non_idempotent = false;
  /// Overrides RetryOptions::max_attempts for this call when positive (1: no retries).
  int max_attempts = 0;
  /// Called once, on the calling thread, after the call succeeded and its answer was decoded,
  /// with the request id and status of that answer (errors carry the same in moi::Error).
  /// A callback rather than a response wrapper so every method keeps returning its value, and
  /// so pagination ranges and waiters (several calls each) report every call they make.
  std::function<void(const ResponseMetadata&)> on_success;
  /// Overrides ClientOptions::timeout for this call when non-zero.
  std::chrono::milliseconds timeout{0};
  /// Polled during the call (also during the pauses between attempts, at least every 5 ms);
  /// returning true aborts it with CancelledError.
  std::function<bool()> should_abort;
  /// When set, the whole call ends by this time, retries and pauses included: each attempt's
  /// timeouts are cut to the time left, no pause runs past it, no attempt starts after it, and
  /// the call throws TimeoutError. Waiters set it from their own deadline.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// The most items one listing may hold, for the helpers that follow pages (the PagedRange
  /// of moi/helpers/pagination.hpp and the waiters and lookups built on it): a listing with
  /// more throws DecodeError naming this cap, so a service whose pages never end (a `total`
  /// that keeps growing) cannot hold the caller forever or run it out of memory. 0: no cap.
  std::int64_t max_list_items = kDefaultMaxListItems;
};

}  // namespace moi
