// SPDX-License-Identifier: Apache-2.0
#include "moi/client.hpp"

#include <cstdlib>

#include "core/request_runner.hpp"

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

Client::Client(ClientOptions options)
    : runner_(std::make_shared<const detail::RequestRunner>(std::move(options))) {}

Client Client::from_env() { return Client(ClientOptions::from_env()); }

const ClientOptions& Client::options() const noexcept { return runner_->options(); }

}  // namespace moi
