// SPDX-License-Identifier: Apache-2.0
#pragma once
// A loopback server whose every answer is 200 text/csv with a chunked body that never ends
// (64 KiB chunks of rows, sent as fast as the client takes them): the hostile download.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace moi::testing {

class EndlessCsvServer {
 public:
  EndlessCsvServer() {
    const auto endless = [this](const httplib::Request&, httplib::Response& response) {
      response.set_chunked_content_provider("text/csv",
                                            [this](std::size_t, httplib::DataSink& sink) {
                                              static const std::string chunk = rows();
                                              if (!sink.write(chunk.data(), chunk.size()))
                                                return false;  // the client went away
                                              sent_ += chunk.size();
                                              return true;
                                            });
    };
    server_.Get(".*", endless);
    server_.Post(".*", endless);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket already listens; wait for the accept loop so that stop() cannot miss it.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~EndlessCsvServer() {
    server_.stop();
    thread_.join();
  }
  EndlessCsvServer(const EndlessCsvServer&) = delete;
  EndlessCsvServer& operator=(const EndlessCsvServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Body bytes handed to the socket so far, over every answer.
  std::uint64_t sent() const { return sent_.load(); }

 private:
  static std::string rows() {
    std::string text;
    for (int i = 0; text.size() < 65536; ++i) text += std::to_string(i) + ",endless\n";
    return text;
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<std::uint64_t> sent_{0};
};

}  // namespace moi::testing
