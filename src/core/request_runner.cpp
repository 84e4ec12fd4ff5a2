// SPDX-License-Identifier: Apache-2.0
#include "core/request_runner.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <thread>
#include <utility>

#include "core/safe_text.hpp"
#include "core/sleep.hpp"
#include "moi/version.hpp"
#include "moi_internal/bounded_json.hpp"

namespace moi::detail {
namespace {

constexpr const char* kApiPrefix = "/byoa/api/v1";

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool is_blank(std::string_view body) {
  return std::all_of(body.begin(), body.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

std::string json_type_name(const nlohmann::json& value) { return value.type_name(); }

std::string string_member(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

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

// Maps a non-2xx answer to HttpError. Every piece of server text in it (detail, msg, code,
// field errors, Location, Content-Type, request id) is redacted and made one safe line.
// @p request_id is the id the answer is known by: the server's X-Request-ID or, without
// one, the envelope's request_id, or else the id the SDK sent.
[[noreturn]] void throw_http_error(const HttpResponse& response, std::string request_id,
                                   bool have_header_id, const std::string& api_key) {
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
    } else {
      service_code = string_member(body, "code");
      detail = string_member(body, "msg");
      if (!service_code.empty()) detail = service_code + (detail.empty() ? "" : ": " + detail);
    }
    if (!have_header_id) {
      if (std::string body_id = string_member(body, "request_id"); !body_id.empty()) {
        request_id = server_text(body_id, api_key);
      }
    }
  } else if (!is_blank(response.body)) {
    const std::string type = response.header("content-type");
    detail = "non-JSON response" + (type.empty() ? std::string() : " (" + type + ")") + ": " +
             body_excerpt(response.body, api_key, 160);
  }
  if (response.status >= 300 && response.status < 400) {
    const std::string location = response.header("location");
    detail = "redirect" + (location.empty() ? std::string() : " to " + location) +
             " not followed (the SDK never forwards the API key to another URL)";
  }
  for (auto& error : field_errors) {
    error.location = server_text(error.location, api_key);
    error.message = server_text(error.message, api_key);
    error.type = server_text(error.type, api_key);
  }
  throw HttpError(response.status, server_text(detail, api_key), std::move(field_errors),
                  body_excerpt(response.body, api_key), server_text(service_code, api_key),
                  std::move(request_id));
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

void check_header_value(std::string_view what, std::string_view value) {
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      throw InvalidArgumentError(std::string(what) +
                                 " contains a control character (CR, LF, NUL or similar)");
    }
  }
}

std::string generate_request_id() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const std::uint64_t high = generator();
  const std::uint64_t low = generator();
  unsigned char bytes[16];
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(high >> (56 - 8 * i));
    bytes[8 + i] = static_cast<unsigned char>(low >> (56 - 8 * i));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0F];
  }
  return out;
}

std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; })) {
    if (value.size() > 9) return std::chrono::hours(24 * 365);  // absurdly large: caller caps
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  char weekday[4] = {0};
  char month_name[4] = {0};
  int day = 0;
  int year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  char zone[4] = {0};
  const std::string text(value);
  if (std::sscanf(text.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", weekday, &day, month_name, &year,
                  &hour, &minute, &second, zone) != 8 ||
      std::string_view(zone) != "GMT") {
    return std::nullopt;
  }
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (iequals(month_name, kMonths[i])) month = i + 1;
  }
  if (month == 0 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60 || year < 1970 || year > 9999) {
    return std::nullopt;
  }
  const std::int64_t epoch_seconds =
      days_from_civil(year, month, static_cast<unsigned>(day)) * 86400 + hour * 3600 + minute * 60 +
      second;
  // Compare in seconds: a far-future date as a system_clock time_point (nanoseconds) would
  // overflow.
  const std::int64_t now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (epoch_seconds <= now_seconds) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds((epoch_seconds - now_seconds) * 1000);
}

nlohmann::json decode_envelope(const HttpResponse& response, const std::string& sent_request_id,
                               const std::string& api_key) {
  // The server's id is quoted in messages: redacted (a hostile server may echo the key) and
  // made one safe line like any other server text.
  std::string request_id = server_text(response.header("x-request-id"), api_key);
  const bool have_header_id = !request_id.empty();
  if (!have_header_id) request_id = sent_request_id;

  if (response.status < 200 || response.status > 299) {
    throw_http_error(response, request_id, have_header_id, api_key);
  }
  if (response.status == 204 || is_blank(response.body)) return nullptr;

  BoundedJson parsed = parse_json_bounded(response.body);
  if (parsed.too_deep) {
    throw DecodeError("", parsed.error, response.status, request_id);
  }
  if (!parsed.ok()) {
    // The parser quotes what it read last, which may be an echoed key: redact it too.
    throw DecodeError("",
                      "not valid JSON (" + server_text(parsed.error, api_key) +
                          "); body starts: " + body_excerpt(response.body, api_key, 120),
                      response.status, request_id);
  }
  nlohmann::json& envelope = parsed.value;
  if (!envelope.is_object()) {
    throw DecodeError("", "expected a JSON object envelope, got " + json_type_name(envelope),
                      response.status, request_id);
  }
  if (!have_header_id) {
    if (const std::string body_id = string_member(envelope, "request_id"); !body_id.empty()) {
      request_id = server_text(body_id, api_key);
    }
  }
  if (const auto code = envelope.find("code"); code != envelope.end() && !code->is_null()) {
    if (!code->is_string()) {
      throw DecodeError("code", "expected a string, got " + json_type_name(*code), response.status,
                        request_id);
    }
    const auto& text = code->get_ref<const std::string&>();
    if (!iequals(text, "ok")) {
      throw ServiceError(server_text(text, api_key),
                         server_text(string_member(envelope, "msg"), api_key), response.status,
                         request_id);
    }
  }
  const auto data = envelope.find("data");
  if (data == envelope.end()) return nullptr;
  return std::move(*data);
}

RequestRunner::RequestRunner(ClientOptions options) : options_(std::move(options)) {
  base_url_ = normalize_base_url(options_.base_url) + kApiPrefix;
  if (options_.api_key.empty()) {
    throw InvalidArgumentError("API key is empty (set ClientOptions::api_key or MOI_API_KEY)");
  }
  check_header_value("API key", options_.api_key);
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

HttpRequest RequestRunner::build_request(const ApiCall& call, const CallOptions& options,
                                         const std::string& request_id) const {
  HttpRequest request;
  request.method = call.method;
  request.url = base_url_ + call.path;
  if (!call.query.empty()) request.url += "?" + call.query.to_string();
  request.connect_timeout = options_.connect_timeout;
  request.timeout = options.timeout.count() > 0 ? options.timeout : options_.timeout;
  request.should_abort = options.should_abort;
  request.headers.reserve(6);
  request.headers.emplace_back("moi-key", options_.api_key);
  request.headers.emplace_back("User-Agent", user_agent_);
  request.headers.emplace_back("Accept", "application/json");
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

void RequestRunner::log(LogLevel level, const std::string& message) const {
  if (options_.logger) options_.logger(level, message);
}

void RequestRunner::run(const ApiCall& call, const CallOptions& options,
                        const DataHandler& on_data) const {
  using std::chrono::milliseconds;
  using std::chrono::steady_clock;
  const std::string request_id =
      options.request_id.empty() ? generate_request_id() : options.request_id;
  check_header_value("request id", request_id);
  HttpRequest request = build_request(call, options, request_id);
  const bool may_retry = call.idempotency == Idempotency::kSafe || options.retry_non_idempotent;
  const int attempts = may_retry ? options_.retry.max_attempts : 1;
  const std::string target = request.method + " " + request.url;
  const milliseconds attempt_timeout = request.timeout;
  const milliseconds connect_timeout = request.connect_timeout;
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
    request.timeout = std::min(attempt_timeout, left);
    request.connect_timeout = std::min(connect_timeout, left);

    std::chrono::milliseconds delay{0};
    const auto started = steady_clock::now();
    try {
      const HttpResponse response = transport_->send(request);
      const auto elapsed = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
      log(LogLevel::kDebug, target + " -> " + std::to_string(response.status) + " (" +
                                std::to_string(elapsed.count()) + " ms, attempt " +
                                std::to_string(attempt) + ", request id " + request_id + ")");
      try {
        const nlohmann::json data = decode_envelope(response, request_id, options_.api_key);
        if (on_data) {
          try {
            on_data(data);
          } catch (const DecodeError& error) {
            // Decoders quote the values they reject: server text, so redacted and one line.
            throw DecodeError(server_text(error.json_path(), options_.api_key),
                              server_text(error.problem(), options_.api_key))
                .with_prefix("data")
                .with_response(response.status, request_id);
          }
        }
        return;
      } catch (const HttpError& error) {
        if (!error.retryable() || attempt >= attempts) throw;
        delay = retry_after(response);
        if (delay.count() < 0) delay = backoff(attempt - 1);
        // A pause that would end past the deadline is not taken: the last error is the answer.
        if (delay >= time_left()) throw;
        log(LogLevel::kWarning,
            std::string(error.what()) + "; retrying in " + std::to_string(delay.count()) + " ms");
      }
    } catch (const TransportError& error) {
      const bool retry = error.retryable() && attempt < attempts;
      if (retry) delay = backoff(attempt - 1);
      if (!retry || delay >= time_left()) {
        std::string text = one_line(error.what());
        if (error.outcome_unknown() && call.idempotency == Idempotency::kUnsafe) {
          // The server may have acted: say so, so nobody blindly repeats a create.
          text +=
              "; the request may have been processed (outcome unknown): check before "
              "sending it again";
        }
        if (error.kind() == ErrorKind::kTimeout) {
          throw TimeoutError(text, error.curl_code(), error.outcome_unknown(), request_id);
        }
        throw TransportError(text, error.curl_code(), error.retryable(), error.outcome_unknown(),
                             request_id);
      }
      log(LogLevel::kWarning,
          std::string(error.what()) + "; retrying in " + std::to_string(delay.count()) + " ms");
    } catch (const CancelledError& error) {
      throw CancelledError(error.what(), request_id);
    }
    if (!pause_unless_cancelled(delay, options_.retry.sleeper, options.should_abort)) {
      throw CancelledError(target + ": cancelled by the caller while waiting to retry", request_id);
    }
  }
}

}  // namespace moi::detail
