// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// A recording, scripted HttpTransport for unit tests that need no server: it records every
/// request the SDK sends and answers each one from a script (default: an OK envelope).
/// Part of the testing kit (`find_package(moi CONFIG REQUIRED COMPONENTS testing)`, target
/// `moi::testing`); header-only, it needs nothing but moi::moi.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "moi/client.hpp"
#include "moi/transport.hpp"

/// @namespace moi::testing
/// The testing kit's test doubles (CMake target moi::testing): RecordingTransport, answers
/// built with ok_response() and error_response(), and make_client(). The kit's in-process
/// emulator is moi::emulator::Emulator (header moi_emulator/emulator.hpp).
namespace moi::testing {

/// An HTTP 200 answer carrying the MOI envelope `{"code":"ok","msg":"ok","data":data}`.
inline HttpResponse ok_response(const nlohmann::json& data = nullptr) {
  HttpResponse response;
  response.status = 200;
  response.headers = {{"content-type", "application/json"}};
  response.body = nlohmann::json{{"code", "ok"}, {"msg", "ok"}, {"data", data}}.dump();
  return response;
}

/// An HTTP error answer with status @p status and the body `{"detail": detail}`.
inline HttpResponse error_response(int status, const std::string& detail) {
  HttpResponse response;
  response.status = status;
  response.headers = {{"content-type", "application/json"}};
  response.body = nlohmann::json{{"detail", detail}}.dump();
  return response;
}

/// An HttpTransport that sends nothing: it records every request and answers it from a script.
///
/// Each request is answered by the first queued response (push_response()), or, when the queue
/// is empty, by the responder given to the constructor, or, without one, by ok_response() with
/// null data. Safe to call from several threads at once, like every HttpTransport.
///
/// @code
///   auto transport = std::make_shared<moi::testing::RecordingTransport>();
///   transport->push_response(moi::testing::ok_response({{"id", "w-1"}}));
///   const moi::Client client = moi::testing::make_client(transport);
///   client.workflows().create(request);
///   const moi::HttpRequest sent = transport->last_request();
///   EXPECT_EQ(nlohmann::json::parse(sent.body), expected_body);
/// @endcode
class RecordingTransport : public HttpTransport {
 public:
  /// Computes the answer to a request that finds no queued response.
  using Responder = std::function<HttpResponse(const HttpRequest&)>;

  /// A transport that answers ok_response() (null data) to every unscripted request.
  RecordingTransport() = default;
  /// A transport that answers unscripted requests with @p responder (called without any lock
  /// held, so it may itself use the transport's accessors). A responder may throw, e.g.
  /// moi::TransportError, to simulate a failed exchange.
  explicit RecordingTransport(Responder responder) : responder_(std::move(responder)) {}

  /// Records @p request, then answers it (see the class description).
  HttpResponse send(const HttpRequest& request) override {
    Responder responder;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
      if (!queued_.empty()) {
        HttpResponse response = std::move(queued_.front());
        queued_.pop_front();
        return response;
      }
      responder = responder_;
    }
    return responder ? responder(request) : ok_response();
  }

  /// Queues @p response as the answer to the next request not yet answered; queued responses
  /// are used in the order they were pushed, before the responder.
  void push_response(HttpResponse response) {
    std::lock_guard<std::mutex> lock(mutex_);
    queued_.push_back(std::move(response));
  }

  /// Copies of every request received so far, in arrival order.
  std::vector<HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

  /// Number of requests received so far.
  std::size_t request_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.size();
  }

  /// The most recent request.
  /// @throws std::logic_error if no request was received yet.
  HttpRequest last_request() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (requests_.empty()) {
      throw std::logic_error("moi::testing::RecordingTransport: no request was sent");
    }
    return requests_.back();
  }

  /// Forgets the recorded requests and the queued responses (the responder stays).
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.clear();
    queued_.clear();
  }

 private:
  Responder responder_;
  mutable std::mutex mutex_;
  std::vector<HttpRequest> requests_;
  std::deque<HttpResponse> queued_;
};

/// A Client that sends through @p transport: base URL `http://moi.test`, API key `test-key`,
/// @p max_attempts attempts per call and no pause between retries.
inline Client make_client(std::shared_ptr<HttpTransport> transport, int max_attempts = 1) {
  ClientOptions options;
  options.base_url = "http://moi.test";
  options.api_key = "test-key";
  options.transport = std::move(transport);
  options.retry.max_attempts = max_attempts;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  return Client(options);
}

}  // namespace moi::testing
