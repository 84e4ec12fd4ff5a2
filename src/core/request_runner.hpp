// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one place where requests are formed, sent, retried and decoded.

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "core/url.hpp"
#include "moi_internal/bounded_json.hpp"
#include "moi/error.hpp"
#include "moi/options.hpp"
#include "moi/transport.hpp"

namespace moi::detail {

/// Whether sending a call twice has the same effect as sending it once. The retry policy
/// repeats only kSafe calls unless the caller opts in (CallOptions::retry_non_idempotent).
enum class Idempotency { kSafe, kUnsafe };

/// One API call, as a resource method describes it.
struct ApiCall {
  const char* method = "GET";
  std::string path;  ///< Below "/byoa/api/v1", already expanded (see expand_path).
  QueryParams query;
  std::optional<nlohmann::json> body;
  Idempotency idempotency = Idempotency::kSafe;
};

/// Receives the envelope's `data` (null when absent or the body was empty). May throw
/// DecodeError with a path relative to `data`; the runner prefixes "data" and adds the status
/// and request id.
using DataHandler = std::function<void(const nlohmann::json& data)>;

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

  const ClientOptions& options() const noexcept { return options_; }

 private:
  HttpRequest build_request(const ApiCall& call, const CallOptions& options,
                            const std::string& request_id) const;
  std::chrono::milliseconds backoff(int retry_index) const;
  std::chrono::milliseconds retry_after(const HttpResponse& response) const;
  void log(LogLevel level, const std::string& message) const;

  ClientOptions options_;
  std::string base_url_;  // normalized, with "/byoa/api/v1"
  std::string user_agent_;
  std::shared_ptr<HttpTransport> transport_;
  mutable std::mutex jitter_mutex_;
  mutable std::mt19937_64 jitter_;
};

/// Decodes an HTTP response into the envelope's data, or throws the matching error.
/// Exposed for tests and fuzzing. @p api_key is redacted from any excerpt.
nlohmann::json decode_envelope(const HttpResponse& response, const std::string& request_id,
                               const std::string& api_key);

/// Parses a Retry-After value (delta-seconds or HTTP-date) relative to @p now.
/// Returns nullopt when the value is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

/// Rejects text with CR, LF, NUL or other control characters (header injection).
/// @throws InvalidArgumentError naming @p what.
void check_header_value(std::string_view what, std::string_view value);

/// A random RFC 4122 version-4 UUID.
std::string generate_request_id();


}  // namespace moi::detail
