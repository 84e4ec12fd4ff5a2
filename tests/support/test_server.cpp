// SPDX-License-Identifier: Apache-2.0
#include "support/test_server.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace moi::testing {

std::string RecordedRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < key.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(key[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return value;
  }
  return {};
}

bool RecordedRequest::has_header(const std::string& name) const {
  for (const auto& entry : headers) {
    if (entry.first.size() == name.size() &&
        std::equal(name.begin(), name.end(), entry.first.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> RecordedRequest::part_names() const {
  std::vector<std::string> names;
  for (const RecordedPart& part : parts) names.push_back(part.name);
  return names;
}

std::string ok_envelope(const nlohmann::json& data) {
  return nlohmann::json{{"code", "ok"}, {"msg", "ok"}, {"data", data}}.dump();
}

CannedResponse canned_ok(const nlohmann::json& data) {
  CannedResponse response;
  response.body = ok_envelope(data);
  return response;
}

std::string read_fixture(const std::string& name) {
  const std::string path = std::string(MOI_FIXTURES_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json json_fixture(const std::string& name) {
  return nlohmann::json::parse(read_fixture(name));
}

namespace {

// Everything but the body.
RecordedRequest recorded_head(const httplib::Request& request) {
  RecordedRequest recorded;
  recorded.method = request.method;
  recorded.path = request.path;
  recorded.target = request.target;
  for (const auto& [key, value] : request.params) recorded.query.emplace(key, value);
  for (const auto& [key, value] : request.headers) recorded.headers.emplace(key, value);
  recorded.remote_addr = request.remote_addr;
  recorded.remote_port = request.remote_port;
  return recorded;
}

// The body into recorded.body, or a multipart body part by part, in wire order, into
// recorded.parts. False when httplib could not read it.
bool read_body(const httplib::Request& request, const httplib::ContentReader& read,
               RecordedRequest& recorded) {
  if (!request.is_multipart_form_data()) {
    return read([&recorded](const char* data, std::size_t size) {
      recorded.body.append(data, size);
      return true;
    });
  }
  std::vector<RecordedPart>& parts = recorded.parts;
  return read(
      [&parts](const httplib::MultipartFormData& head) {
        parts.push_back(RecordedPart{head.name, head.filename, head.content_type, {}});
        return true;
      },
      [&parts](const char* data, std::size_t size) {
        if (parts.empty()) return false;  // content before any part head
        parts.back().content.append(data, size);
        return true;
      });
}

}  // namespace

TestServer::TestServer() : default_(canned_ok()) {
  // Without TCP_NODELAY every keep-alive reply waits ~40 ms for the client's delayed ACK.
  server_.set_tcp_nodelay(true);
  server_.set_keep_alive_max_count(1000000);
  server_.set_keep_alive_timeout(5);
  server_.Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
    handle(recorded_head(request), response);
  });
  // Bodies are read here rather than by httplib, which would file multipart parts in a
  // multimap sorted by name: the order on the wire is part of what the tests check.
  auto with_body = [this](const httplib::Request& request, httplib::Response& response,
                          const httplib::ContentReader& read) {
    RecordedRequest recorded = recorded_head(request);
    const bool complete = read_body(request, read, recorded);
    if (!complete) {  // as httplib answers a body it cannot read; nothing recorded
      response.status = 400;
      return;
    }
    handle(std::move(recorded), response);
  };
  server_.Post(".*", with_body);
  server_.Put(".*", with_body);
  server_.Delete(".*", with_body);
  server_.Patch(".*", with_body);
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("test server cannot bind a loopback port");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // The socket already listens; wait for the accept loop so that stop() cannot miss it.
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TestServer::~TestServer() { stop(); }

void TestServer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  released_.notify_all();
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string TestServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void TestServer::set_default(CannedResponse response) {
  std::lock_guard<std::mutex> lock(mutex_);
  default_ = std::move(response);
}

void TestServer::enqueue(CannedResponse response) {
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.push_back(std::move(response));
}

void TestServer::set_handler(std::function<CannedResponse(const RecordedRequest&)> handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handler_ = std::move(handler);
}

std::vector<RecordedRequest> TestServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

RecordedRequest TestServer::last_request() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (requests_.empty()) throw std::runtime_error("the test server received no request");
  return requests_.back();
}

std::size_t TestServer::request_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_.size();
}

std::size_t TestServer::connection_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return connections_.size();
}

void TestServer::handle(RecordedRequest recorded, httplib::Response& response) {
  CannedResponse answer;
  std::function<CannedResponse(const RecordedRequest&)> handler;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(recorded);
    connections_.emplace(recorded.remote_addr, recorded.remote_port);
    handler = handler_;
    if (!handler) {
      if (!queue_.empty()) {
        answer = std::move(queue_.front());
        queue_.pop_front();
      } else {
        answer = default_;
      }
    }
  }
  if (handler) answer = handler(recorded);

  if (answer.stall || answer.delay.count() > 0) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (answer.stall) {
      released_.wait(lock, [this] { return stopping_; });
    } else {
      released_.wait_for(lock, answer.delay, [this] { return stopping_; });
    }
  }
  response.status = answer.status;
  for (const auto& [key, value] : answer.headers) response.set_header(key, value);
  if (!answer.body.empty() || !answer.content_type.empty()) {
    response.set_content(answer.body, answer.content_type.c_str());
  }
}

}  // namespace moi::testing
