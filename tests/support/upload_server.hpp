// SPDX-License-Identifier: Apache-2.0
#pragma once
// A raw loopback HTTP server for upload tests: it reads each request (its head, then a body of
// Content-Length bytes) at a chosen pace, records the body, can pause mid-body until the test
// resumes it, and answers 200 with an upload envelope, at once or its body a byte at a time.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <thread>

namespace moi::testing {

class UploadServer {
 public:
  struct Pace {
    std::size_t read_chunk = std::size_t{1} << 16;  ///< Most bytes taken per read.
    std::chrono::milliseconds read_pause{0};        ///< Pause after each read of the body.
    /// Body bytes read before waiting for resume().
    std::uint64_t pause_after = std::numeric_limits<std::uint64_t>::max();
    /// Above 0: the answer's head at once, then its body one byte after each such pause.
    std::chrono::milliseconds answer_byte_pause{0};
  };

  explicit UploadServer(Pace pace);
  ~UploadServer();
  UploadServer(const UploadServer&) = delete;
  UploadServer& operator=(const UploadServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Blocks until pause_after body bytes were read (false after @p limit).
  bool wait_until_paused(std::chrono::milliseconds limit = std::chrono::seconds(10));
  void resume();
  /// The body bytes of the last request received so far.
  std::string body() const;
  /// The Content-Length of the last request.
  std::uint64_t declared() const { return declared_; }
  /// The body of the last multipart request received whole (a CLI may send other requests
  /// after its upload, e.g. a file list), and its Content-Length.
  std::string upload_body() const;
  std::uint64_t upload_declared() const { return upload_declared_; }
  /// Requests whose head arrived.
  int requests() const { return requests_; }

 private:
  void serve();
  void handle(int connection);

  Pace pace_;
  int port_ = 0;
  int listener_ = -1;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool paused_ = false;
  bool resumed_ = false;
  std::string body_;
  std::string upload_body_;
  std::atomic<std::uint64_t> upload_declared_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> declared_{0};
  std::atomic<int> requests_{0};
};

}  // namespace moi::testing
