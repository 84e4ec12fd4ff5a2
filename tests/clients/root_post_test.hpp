// SPDX-License-Identifier: Apache-2.0
#pragma once
// The fixture of client tests whose calls POST at the host root: a client of a loopback
// TestServer under a base URL prefix, and the one request it sent there.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>

#include "moi/client.hpp"
#include "support/test_server.hpp"

namespace moi::testing {

/// `{"code":"OK","msg":"OK","data":<data>,"request_id":"r-1"}`.
inline CannedResponse envelope(const Json& data) {
  CannedResponse response;
  response.body = Json{{"code", "OK"}, {"msg", "OK"}, {"data", data}, {"request_id", "r-1"}}.dump();
  return response;
}

/// `{"code":"OK","msg":"OK"}`: a success without data.
inline CannedResponse no_data() {
  CannedResponse response;
  response.body = R"({"code":"OK","msg":"OK"})";
  return response;
}

class RootPostTest : public ::testing::Test {
 protected:
  /// Clients use the base URL `<server>`@p prefix and the key @p api_key; one retry.
  RootPostTest(std::string prefix, std::string api_key)
      : prefix_(std::move(prefix)), api_key_(std::move(api_key)) {}

  Client client() const {
    ClientOptions options;
    options.base_url = server_.base_url() + prefix_;
    options.api_key = api_key_;
    options.retry.max_attempts = 2;
    options.retry.sleeper = [](std::chrono::milliseconds) {};
    return Client(options);
  }
  /// The one request sent: POST at the host root under the base URL's prefix, with the key.
  RecordedRequest sent(const std::string& path) const {
    EXPECT_EQ(server_.request_count(), 1U);
    const RecordedRequest request = server_.last_request();
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.path, prefix_ + path);
    EXPECT_EQ(request.header("moi-key"), api_key_);
    return request;
  }

  mutable TestServer server_;

 private:
  std::string prefix_;
  std::string api_key_;
};

}  // namespace moi::testing
