// SPDX-License-Identifier: Apache-2.0
#pragma once
// An in-memory HttpTransport: answers from a function and records every request. For unit
// tests of helpers (pagination, waiters) that need many exchanges and no sockets.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "moi/client.hpp"
#include "moi/transport.hpp"

namespace moi::testing {

class ScriptedTransport : public HttpTransport {
 public:
  using Script = std::function<HttpResponse(const HttpRequest&)>;
  explicit ScriptedTransport(Script script) : script_(std::move(script)) {}

  HttpResponse send(const HttpRequest& request) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
    }
    return script_(request);
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  std::size_t request_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.size();
  }

 private:
  Script script_;
  mutable std::mutex mutex_;
  std::vector<HttpRequest> requests_;
};

/// An HTTP 200 envelope around @p data.
inline HttpResponse ok_http(const nlohmann::json& data) {
  HttpResponse response;
  response.status = 200;
  response.body = nlohmann::json{{"code", "ok"}, {"msg", "ok"}, {"data", data}}.dump();
  return response;
}

/// An HTTP error with a FastAPI detail.
inline HttpResponse error_http(int status, const std::string& detail) {
  HttpResponse response;
  response.status = status;
  response.body = nlohmann::json{{"detail", detail}}.dump();
  return response;
}

/// A client over @p transport that never sleeps between retries.
inline Client scripted_client(std::shared_ptr<HttpTransport> transport, int max_attempts = 1) {
  ClientOptions options;
  options.base_url = "http://scripted.invalid";
  options.api_key = "scripted-key";
  options.transport = std::move(transport);
  options.retry.max_attempts = max_attempts;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  return Client(options);
}

/// Value of query parameter @p key in @p url ("" when absent).
inline std::string query_value(const std::string& url, const std::string& key) {
  const auto question = url.find('?');
  if (question == std::string::npos) return {};
  std::size_t pos = question + 1;
  while (pos < url.size()) {
    const auto amp = url.find('&', pos);
    const std::string pair =
        url.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return {};
}

}  // namespace moi::testing
