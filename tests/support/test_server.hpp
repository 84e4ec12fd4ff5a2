// SPDX-License-Identifier: Apache-2.0
#pragma once
// A cpp-httplib server on an ephemeral loopback port that records every request and answers
// with scripted responses. Used by the tests of every layer.

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace moi::testing {

/// One part of a multipart/form-data body.
struct RecordedPart {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string content;
};

/// What the server received.
struct RecordedRequest {
  std::string method;
  std::string path;    ///< Decoded path, without the query.
  std::string target;  ///< The request target exactly as sent (encoded, with the query).
  std::multiset<std::pair<std::string, std::string>> query;  ///< Decoded key/value multiset.
  std::multimap<std::string, std::string> headers;           ///< As httplib parsed them.
  std::string body;  ///< Empty for a multipart/form-data body: see parts.
  /// Parts of a multipart/form-data body, in wire order.
  std::vector<RecordedPart> parts;
  std::string remote_addr;
  int remote_port = 0;

  /// First value of header @p name (case-insensitive), or "" when absent.
  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const;
  /// The names of parts, in wire order.
  std::vector<std::string> part_names() const;
  /// Body parsed as JSON (throws when it is not JSON).
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

/// One scripted answer.
struct CannedResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  /// Wait this long before answering.
  std::chrono::milliseconds delay{0};
  /// Never answer (until the server stops): for timeout tests.
  bool stall = false;
};

/// `{"code":"ok","msg":"ok","data":<data>}`.
std::string ok_envelope(const nlohmann::json& data = nullptr);
CannedResponse canned_ok(const nlohmann::json& data = nullptr);

/// Contents of tests/fixtures/<name>.
std::string read_fixture(const std::string& name);
nlohmann::json json_fixture(const std::string& name);

class TestServer {
 public:
  /// Starts listening on 127.0.0.1 on an ephemeral port; answers canned_ok() by default.
  TestServer();
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  /// "http://127.0.0.1:<port>".
  std::string base_url() const;
  int port() const { return port_; }

  /// Answer used once the queue is empty.
  void set_default(CannedResponse response);
  /// Answers used first, in order, one per request.
  void enqueue(CannedResponse response);
  /// Computes answers instead of the queue/default (for stateful tests).
  void set_handler(std::function<CannedResponse(const RecordedRequest&)> handler);

  std::vector<RecordedRequest> requests() const;
  RecordedRequest last_request() const;
  std::size_t request_count() const;
  /// Distinct client (address, port) pairs seen: the number of TCP connections used.
  std::size_t connection_count() const;

  /// Stops the server (also done by the destructor); stalled handlers are released.
  void stop();

 private:
  /// Records @p request (its body or parts already read) and answers it.
  void handle(RecordedRequest recorded, httplib::Response& response);

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  bool stopping_ = false;
  CannedResponse default_;
  std::deque<CannedResponse> queue_;
  std::function<CannedResponse(const RecordedRequest&)> handler_;
  std::vector<RecordedRequest> requests_;
  std::set<std::pair<std::string, int>> connections_;
};

}  // namespace moi::testing
