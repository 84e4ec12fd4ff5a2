// SPDX-License-Identifier: Apache-2.0
#include "http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace moi::emulator::detail {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Extra workers exit after this long without work.
constexpr auto kIdleWorkerLifetime = std::chrono::seconds(10);

thread_local ConnectionState* t_connection = nullptr;

// Waits until `sock` is ready for `events` or `timeout` passes; true when ready (an error or a
// hang-up counts as ready: the next read or write reports it).
bool wait_for(int sock, short events, milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now()).count();
    if (left < 0) left = 0;
    pollfd p{sock, events, 0};
    int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return true;
  }
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a.sin6_addr, buf, sizeof buf);
    port = ntohs(a.sin6_port);
  }
  ip = buf;
}

// A buffered socket stream whose reads stop at the request's deadline: each read waits at most
// min(read timeout, time left), so a client trickling one byte at a time cannot hold a request
// open past the deadline.
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(int sock, milliseconds read_timeout, milliseconds write_timeout,
                 ConnectionState& state)
      : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout), state_(state) {}

  void begin_request(milliseconds limit, std::size_t max_bytes) {
    deadline_ = Clock::now() + limit;
    // Bytes already buffered belong to this request too.
    left_ = max_bytes;
  }
  bool has_buffered() const { return off_ < size_; }

  bool is_readable() const override {
    if (has_buffered()) return true;
    const auto budget = read_budget();
    return budget.count() > 0 && wait_for(sock_, POLLIN, budget);
  }

  bool is_writable() const override { return wait_for(sock_, POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (left_ == 0) return -1;  // the request is larger than any we accept
    size = std::min(size, left_);
    if (!has_buffered()) {
      const auto budget = read_budget();
      if (budget.count() <= 0 || !wait_for(sock_, POLLIN, budget)) {
        // The wait was cut short by the request's deadline, not by the per-read timeout.
        if (budget < read_timeout_) state_.deadline_hit = true;
        return -1;
      }
      ssize_t n;
      do {
        n = ::recv(sock_, buf_.data(), buf_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      off_ = 0;
      size_ = static_cast<std::size_t>(n);
    }
    const std::size_t take = std::min(size, size_ - off_);
    std::memcpy(ptr, buf_.data() + off_, take);
    off_ += take;
    left_ -= take;
    return static_cast<ssize_t>(take);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!wait_for(sock_, POLLOUT, write_timeout_)) return -1;
    ssize_t n;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      address_of(addr, ip, port);
    }
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      address_of(addr, ip, port);
    }
  }

  socket_t socket() const override { return sock_; }

 private:
  milliseconds read_budget() const {
    auto left = std::chrono::ceil<milliseconds>(deadline_ - Clock::now());
    return std::min(left, read_timeout_);
  }

  int sock_;
  milliseconds read_timeout_;
  milliseconds write_timeout_;
  ConnectionState& state_;
  Clock::time_point deadline_ = Clock::now();
  std::size_t left_ = 0;  ///< bytes the current request may still take
  std::array<char, 4096> buf_{};
  std::size_t off_ = 0;
  std::size_t size_ = 0;
};

milliseconds to_ms(time_t sec, time_t usec) {
  return milliseconds(static_cast<long long>(sec) * 1000 + static_cast<long long>(usec) / 1000);
}

// After an error answer the client may still be sending (a body we did not read). Closing
// with unread data makes the kernel send RST, which can destroy the answer before the client
// reads it: stop sending, then discard what arrives for a short, bounded while.
void drain_before_close(int sock) {
  ::shutdown(sock, SHUT_WR);
  std::array<char, 16384> sink{};
  std::size_t total = 0;
  const auto until = Clock::now() + milliseconds(200);
  while (total < (1u << 20)) {
    auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
    if (left.count() <= 0 || !wait_for(sock, POLLIN, left)) break;
    const ssize_t n = ::recv(sock, sink.data(), sink.size(), MSG_DONTWAIT);
    if (n <= 0) break;
    total += static_cast<std::size_t>(n);
  }
}

}  // namespace

// --- ElasticPool ----------------------------------------------------------------------------

ElasticPool::ElasticPool(std::size_t min_threads, std::size_t max_threads)
    : min_(std::max<std::size_t>(min_threads, 1)), max_(std::max(max_threads, min_)) {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    for (std::size_t i = 0; i < min_; ++i) spawn_locked();
  } catch (...) {
    shutdown();
    throw;
  }
}

ElasticPool::~ElasticPool() { shutdown(); }

void ElasticPool::spawn_locked() {
  std::thread t([this] { run(); });
  const auto id = t.get_id();
  workers_.emplace(id, std::move(t));
}

void ElasticPool::reap_locked() {
  for (const auto& id : finished_) {
    auto it = workers_.find(id);
    if (it == workers_.end()) continue;
    it->second.join();  // it has left run() already: this returns at once
    workers_.erase(it);
  }
  finished_.clear();
}

void ElasticPool::enqueue(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(mu_);
  reap_locked();
  jobs_.push_back(std::move(fn));
  if (idle_ < jobs_.size() && workers_.size() < max_) {
    try {
      spawn_locked();
    } catch (const std::system_error&) {
      // No thread to be had now: the task waits for a worker that is already running.
    }
  }
  cv_.notify_one();
}

void ElasticPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutdown_ = true;
  }
  cv_.notify_all();
  for (;;) {
    std::map<std::thread::id, std::thread> workers;
    {
      std::lock_guard<std::mutex> lock(mu_);
      workers.swap(workers_);
      finished_.clear();
    }
    if (workers.empty()) break;
    for (auto& [id, t] : workers) {
      if (t.joinable()) t.join();
    }
  }
}

std::size_t ElasticPool::threads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return workers_.size() - finished_.size();
}

void ElasticPool::run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    ++idle_;
    const bool woken =
        cv_.wait_for(lock, kIdleWorkerLifetime, [this] { return shutdown_ || !jobs_.empty(); });
    --idle_;
    if (!jobs_.empty()) {
      std::function<void()> fn = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      try {
        fn();
      } catch (...) {
        // A task must not take the worker down with it.
      }
      lock.lock();
      continue;
    }
    if (shutdown_) return;
    if (!woken && workers_.size() - finished_.size() > min_) {
      finished_.push_back(std::this_thread::get_id());
      return;
    }
  }
}

// --- Server ---------------------------------------------------------------------------------

ConnectionState* current_connection() { return t_connection; }

void Server::widen_backlog(int backlog) {
  const socket_t sock = svr_sock_;
  if (sock != INVALID_SOCKET) ::listen(sock, backlog);  // Linux: updates a listening socket
}

bool Server::process_and_close_socket(socket_t sock) {
  ConnectionState state;
  t_connection = &state;
  DeadlineStream strm(sock, to_ms(read_timeout_sec_, read_timeout_usec_),
                      to_ms(write_timeout_sec_, write_timeout_usec_), state);
  const milliseconds keep_alive = std::chrono::seconds(keep_alive_timeout_sec_);
  bool ret = false;
  std::size_t count = keep_alive_max_count_;
  while (svr_sock_ != INVALID_SOCKET && count > 0) {
    // Wait for the next request in slices, so stop() is noticed.
    bool readable = strm.has_buffered();
    const auto idle_until = Clock::now() + keep_alive;
    while (!readable && svr_sock_ != INVALID_SOCKET) {
      auto left = std::chrono::duration_cast<milliseconds>(idle_until - Clock::now());
      if (left.count() <= 0) break;
      readable = wait_for(sock, POLLIN, std::min(left, milliseconds(100)));
    }
    if (!readable || svr_sock_ == INVALID_SOCKET) break;
    strm.begin_request(request_read_timeout_, max_request_bytes_);
    bool connection_closed = false;
    ret = process_request(strm, count == 1, connection_closed, nullptr);
    if (!ret && state.deadline_hit && !state.answered) {
      // Not even the request line arrived in time: httplib sends nothing then; say why.
      const std::string body = "{\"detail\":\"request not received within " +
                               std::to_string(request_read_timeout_.count()) + " ms\"}";
      const std::string head =
          "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: "
          "application/json\r\nContent-Length: " +
          std::to_string(body.size()) + "\r\n\r\n";
      const std::string all = head + body;
      strm.write(all.data(), all.size());
    }
    if (!ret || connection_closed || state.close || state.deadline_hit) break;
    --count;
  }
  t_connection = nullptr;
  if (state.close || state.deadline_hit) drain_before_close(sock);
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ret;
}

}  // namespace moi::emulator::detail
