// SPDX-License-Identifier: Apache-2.0
#pragma once
// A raw TCP server on an ephemeral loopback port for misbehaving-server tests: it reads one
// request's headers, writes exactly the bytes it was given, then closes, resets or stalls.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace moi::testing {

/// A listening TCP socket on 127.0.0.1 and an ephemeral port (written to @p port).
/// @throws std::runtime_error when it cannot listen.
int listen_on_loopback(int& port);

class RawServer {
 public:
  enum class Then {
    kClose,  ///< Orderly close (FIN) after the bytes.
    kReset,  ///< Abortive close (RST) after the bytes.
    kStall,  ///< Keep the connection open, send nothing more, until the server stops.
  };

  /// Answers every connection with @p bytes, then does @p then.
  RawServer(std::string bytes, Then then);
  /// Answers every connection with @p pieces, each written by its own send() with TCP_NODELAY
  /// after a pause of @p gap (a stream delivered piece by piece, e.g. byte by byte), then does
  /// @p then.
  RawServer(std::vector<std::string> pieces, std::chrono::microseconds gap, Then then);
  /// @p text cut into one piece per byte.
  static std::vector<std::string> bytes_of(const std::string& text);
  ~RawServer();
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string base_url() const;
  int connections() const { return connections_.load(); }

 private:
  void serve();

  std::vector<std::string> pieces_;
  std::chrono::microseconds gap_{0};
  Then then_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace moi::testing
