// SPDX-License-Identifier: Apache-2.0
// The HTTP server under the emulator: cpp-httplib's Server with its connection loop replaced so
// that receiving one request (request line, headers and body) has a total deadline however
// slowly the bytes trickle in, plus a worker pool that starts with a fixed number of threads
// (created before the emulator announces itself) and grows on demand up to a bound.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace moi::emulator::detail {

/// A task queue whose workers grow from `min_threads` (all created by the constructor, which
/// throws std::system_error when they cannot be) to `max_threads` (created when a task finds
/// no idle worker; a failure to create one just leaves the task queued). Workers beyond
/// `min_threads` exit after being idle for a while. shutdown() runs the queued tasks and joins
/// every worker.
class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(std::size_t min_threads, std::size_t max_threads);
  ~ElasticPool() override;
  ElasticPool(const ElasticPool&) = delete;
  ElasticPool& operator=(const ElasticPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  /// Workers alive now.
  std::size_t threads() const;

 private:
  void spawn_locked();
  void reap_locked();
  void run();

  const std::size_t min_;
  const std::size_t max_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::map<std::thread::id, std::thread> workers_;
  std::vector<std::thread::id> finished_;  ///< exited on their own, to be joined
  std::size_t idle_ = 0;
  bool shutdown_ = false;
};

/// What the current connection's worker knows about the request in progress (thread-local:
/// one worker serves one connection at a time).
struct ConnectionState {
  bool close = false;         ///< close the connection after this response
  bool deadline_hit = false;  ///< the request was not received in time
  bool answered = false;      ///< the error handler answered this request
};

/// The state of the connection served by this thread (nullptr outside a connection).
ConnectionState* current_connection();

/// httplib::Server with a total receive deadline per request and "Connection: close" honoured
/// after error responses (see ConnectionState::close).
class Server final : public httplib::Server {
 public:
  /// `max_request_bytes`: most bytes one request may take on the wire, head and body (a flood
  /// of headers is cut off there: 400 and the connection is closed).
  Server(std::chrono::milliseconds request_read_timeout, std::size_t max_request_bytes)
      : request_read_timeout_(request_read_timeout), max_request_bytes_(max_request_bytes) {}

  std::chrono::milliseconds request_read_timeout() const { return request_read_timeout_; }

  /// Raises the listen backlog of the bound socket (cpp-httplib listens with 5, so a burst of
  /// connections would be refused or stalled in the kernel before any worker sees them).
  void widen_backlog(int backlog);

 private:
  bool process_and_close_socket(socket_t sock) override;

  std::chrono::milliseconds request_read_timeout_;
  std::size_t max_request_bytes_;
};

}  // namespace moi::emulator::detail
