// SPDX-License-Identifier: Apache-2.0
#include "moi/client.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/request_runner.hpp"
#include "core/safe_text.hpp"
#include "moi_internal/ascii.hpp"

namespace moi {

namespace {
std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}
}  // namespace

ClientOptions ClientOptions::from_env() {
  ClientOptions options;
  options.base_url = env_or_empty("MOI_BASE_URL");
  options.api_key = env_or_empty("MOI_API_KEY");
  return options;
}

namespace {

// MOI_LOG_LEVEL: logging to stderr without code changes (as AZURE_LOG_LEVEL does).
// @throws InvalidArgumentError for a value that is not a level.
Logger logger_from_env() {
  const std::string value = env_or_empty("MOI_LOG_LEVEL");
  if (value.empty()) return {};
  static constexpr struct {
    const char* name;
    LogLevel level;
  } kLevels[] = {{"debug", LogLevel::kDebug},
                 {"info", LogLevel::kInfo},
                 {"warning", LogLevel::kWarning},
                 {"error", LogLevel::kError}};
  for (const auto& entry : kLevels) {
    if (!detail::iequals(value, entry.name)) continue;
    const LogLevel threshold = entry.level;
    return [threshold](LogLevel level, const std::string& line) {
      if (level < threshold) return;
      static constexpr const char* kNames[] = {"debug", "info", "warning", "error"};
      const std::string text =
          std::string("moi ") + kNames[static_cast<int>(level)] + ": " + line + "\n";
      std::fwrite(text.data(), 1, text.size(), stderr);  // one write per line: no interleaving
    };
  }
  throw InvalidArgumentError("MOI_LOG_LEVEL=\"" + detail::one_line(value.substr(0, 32)) +
                             "\" is not one of debug, info, warning, error");
}

ClientOptions with_env_logger(ClientOptions options) {
  if (!options.logger) options.logger = logger_from_env();
  return options;
}

}  // namespace

Client::Client(ClientOptions options)
    : runner_(std::make_shared<const detail::RequestRunner>(with_env_logger(std::move(options)))) {}

Client Client::from_env() { return Client(ClientOptions::from_env()); }

Client::Client(std::shared_ptr<const detail::RequestRunner> runner) : runner_(std::move(runner)) {}

Client Client::with_api_key(std::string api_key) const {
  return Client(runner_->with_api_key(std::move(api_key)));
}

const ClientOptions& Client::options() const noexcept { return runner_->options(); }

}  // namespace moi
