// SPDX-License-Identifier: Apache-2.0
#include "core/request_runner.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <thread>
#include <utility>

#include "moi/version.hpp"

namespace moi::detail {
namespace {

constexpr std::size_t kExcerptBytes = 512;
constexpr const char* kApiPrefix = "/byoa/api/v1";
constexpr const char* kRedacted = "[REDACTED]";

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

std::string redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos;
       pos = text.find(secret, pos + std::char_traits<char>::length(kRedacted))) {
    text.replace(pos, secret.size(), kRedacted);
  }
  return text;
}

// A bounded, single-line, key-free excerpt of a body for error messages.
std::string excerpt(std::string_view body, const std::string& api_key) {
  std::string out(body.substr(0, kExcerptBytes));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  if (body.size() > kExcerptBytes) out += "...";
  return redact(std::move(out), api_key);
}

bool is_blank(std::string_view body) {
  return std::all_of(body.begin(), body.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

// Deepest array/object nesting of a JSON text, counting outside strings only. Checked before
// parsing so that hostile input cannot exhaust the stack of recursive consumers.
bool nesting_exceeds(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

std::string json_type_name(const nlohmann::json& value) { return value.type_name(); }

// "[json.exception.parse_error.101] parse error at line 1, column 5: ..." -> "parse error at ...".
// Also for out_of_range (a number like 1e999), which the parser throws too.
std::string parse_error_text(const nlohmann::json::exception& error) {
  std::string text = error.what();
  const auto bracket = text.find("] ");
  if (bracket != std::string::npos) text.erase(0, bracket + 2);
  return text;
}

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

[[noreturn]] void throw_http_error(const HttpResponse& response, std::string request_id,
                                   const std::string& api_key) {
  std::string detail;
  std::string service_code;
  std::vector<FieldError> field_errors;
  nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (!nesting_exceeds(response.body, kMaxJsonDepth) && parsed.is_object()) {
    if (const auto it = parsed.find("detail"); it != parsed.end()) {
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
        detail = it->dump();
      }
    } else {
      service_code = string_member(parsed, "code");
      detail = string_member(parsed, "msg");
      if (!service_code.empty()) detail = service_code + (detail.empty() ? "" : ": " + detail);
    }
    if (request_id.empty()) request_id = string_member(parsed, "request_id");
  } else if (!is_blank(response.body)) {
    const std::string type = response.header("content-type");
    detail = "non-JSON response" + (type.empty() ? std::string() : " (" + type + ")") + ": " +
             excerpt(response.body, api_key).substr(0, 160);
  }
  if (response.status >= 300 && response.status < 400) {
    const std::string location = response.header("location");
    detail = "redirect" + (location.empty() ? std::string() : " to " + location) +
             " not followed (the SDK never forwards the API key to another URL)";
  }
  for (auto& error : field_errors) {
    error.message = redact(std::move(error.message), api_key);
  }
  throw HttpError(response.status, redact(std::move(detail), api_key), std::move(field_errors),
                  excerpt(response.body, api_key), redact(std::move(service_code), api_key),
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
  std::string request_id = response.header("x-request-id");
  const bool have_header_id = !request_id.empty();
  if (!have_header_id) request_id = sent_request_id;

  if (response.status < 200 || response.status > 299) {
    throw_http_error(response, have_header_id ? request_id : std::string(), api_key);
  }
  if (response.status == 204 || is_blank(response.body)) return nullptr;

  if (nesting_exceeds(response.body, kMaxJsonDepth)) {
    throw DecodeError("", "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                      response.status, request_id);
  }
  nlohmann::json envelope;
  try {
    envelope = nlohmann::json::parse(response.body);
  } catch (const nlohmann::json::exception& error) {
    // The parser quotes what it read last, which may be an echoed key: redact it too.
    throw DecodeError("",
                      "not valid JSON (" + redact(parse_error_text(error), api_key) +
                          "); body starts: " + excerpt(response.body, api_key).substr(0, 120),
                      response.status, request_id);
  }
  if (!envelope.is_object()) {
    throw DecodeError("", "expected a JSON object envelope, got " + json_type_name(envelope),
                      response.status, request_id);
  }
  if (!have_header_id) {
    if (const std::string body_id = string_member(envelope, "request_id"); !body_id.empty()) {
      request_id = body_id;
    }
  }
  if (const auto code = envelope.find("code"); code != envelope.end() && !code->is_null()) {
    if (!code->is_string()) {
      throw DecodeError("code", "expected a string, got " + json_type_name(*code), response.status,
                        request_id);
    }
    const auto& text = code->get_ref<const std::string&>();
    if (!iequals(text, "ok")) {
      throw ServiceError(redact(text, api_key), redact(string_member(envelope, "msg"), api_key),
                         response.status, request_id);
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

  if (!options_.retry.sleeper) {
    options_.retry.sleeper = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  }
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
  const std::string request_id =
      options.request_id.empty() ? generate_request_id() : options.request_id;
  check_header_value("request id", request_id);
  const HttpRequest request = build_request(call, options, request_id);
  const bool may_retry = call.idempotency == Idempotency::kSafe || options.retry_non_idempotent;
  const int attempts = may_retry ? options_.retry.max_attempts : 1;
  const std::string target = request.method + " " + request.url;

  for (int attempt = 1;; ++attempt) {
    if (options.should_abort && options.should_abort()) {
      throw CancelledError(target + ": cancelled by the caller", request_id);
    }
    std::chrono::milliseconds delay{0};
    const auto started = std::chrono::steady_clock::now();
    try {
      const HttpResponse response = transport_->send(request);
      const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      log(LogLevel::kDebug, target + " -> " + std::to_string(response.status) + " (" +
                                std::to_string(elapsed.count()) + " ms, attempt " +
                                std::to_string(attempt) + ", request id " + request_id + ")");
      try {
        const nlohmann::json data = decode_envelope(response, request_id, options_.api_key);
        if (on_data) {
          try {
            on_data(data);
          } catch (const DecodeError& error) {
            throw error.with_prefix("data").with_response(response.status, request_id);
          }
        }
        return;
      } catch (const HttpError& error) {
        if (!error.retryable() || attempt >= attempts) throw;
        delay = retry_after(response);
        if (delay.count() < 0) delay = backoff(attempt - 1);
        log(LogLevel::kWarning,
            std::string(error.what()) + "; retrying in " + std::to_string(delay.count()) + " ms");
      }
    } catch (const TransportError& error) {
      if (!error.retryable() || attempt >= attempts) {
        std::string text = error.what();
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
      delay = backoff(attempt - 1);
      log(LogLevel::kWarning,
          std::string(error.what()) + "; retrying in " + std::to_string(delay.count()) + " ms");
    }
    options_.retry.sleeper(delay);
  }
}

}  // namespace moi::detail
