// SPDX-License-Identifier: Apache-2.0
#include "support/upload_server.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "support/raw_server.hpp"

namespace moi::testing {

UploadServer::UploadServer(Pace pace) : pace_(pace), listener_(listen_on_loopback(port_)) {
  thread_ = std::thread([this] { serve(); });
}

UploadServer::~UploadServer() {
  stopping_ = true;
  resume();
  thread_.join();
  ::close(listener_);
}

bool UploadServer::wait_until_paused(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, limit, [this] { return paused_; });
}

void UploadServer::resume() {
  std::lock_guard<std::mutex> lock(mutex_);
  resumed_ = true;
  changed_.notify_all();
}

std::string UploadServer::body() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return body_;
}

std::string UploadServer::upload_body() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return upload_body_;
}

void UploadServer::serve() {
  while (!stopping_) {
    pollfd ready{listener_, POLLIN, 0};
    if (::poll(&ready, 1, 20) <= 0) continue;
    const int connection = ::accept(listener_, nullptr, nullptr);
    if (connection < 0) continue;
    handle(connection);
    ::close(connection);
  }
}

void UploadServer::handle(int connection) {
  // Waits up to 3 s for bytes; false when none came, the peer closed, or the server stops.
  std::vector<char> buffer(std::max<std::size_t>(pace_.read_chunk, 1));
  auto read_some = [&](std::size_t most, std::string& into) {
    for (int waited = 0; waited < 3000 && !stopping_; waited += 20) {
      pollfd readable{connection, POLLIN, 0};
      if (::poll(&readable, 1, 20) <= 0) continue;
      const ssize_t n = ::recv(connection, buffer.data(), std::min(most, buffer.size()), 0);
      if (n <= 0) return false;
      into.append(buffer.data(), static_cast<std::size_t>(n));
      return true;
    }
    return false;
  };
  std::string head;
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (!read_some(buffer.size(), head)) return;
  }
  ++requests_;
  const auto body_start = head.find("\r\n\r\n") + 4;
  const auto length_at = head.find("Content-Length: ");
  declared_ = length_at == std::string::npos ? 0 : std::stoull(head.substr(length_at + 16));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    body_ = head.substr(body_start);
    paused_ = false;
    resumed_ = false;
  }
  std::uint64_t received = head.size() - body_start;
  bool paused_once = false;
  while (received < declared_) {
    if (!paused_once && received >= pace_.pause_after) {
      paused_once = true;
      std::unique_lock<std::mutex> lock(mutex_);
      paused_ = true;
      changed_.notify_all();
      changed_.wait(lock, [this] { return resumed_; });
      if (stopping_) return;
    }
    std::string chunk;
    const std::uint64_t left = declared_ - received;
    if (!read_some(static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size())), chunk)) {
      return;  // cut short: no answer
    }
    received += chunk.size();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      body_ += chunk;
    }
    if (pace_.read_pause.count() > 0) std::this_thread::sleep_for(pace_.read_pause);
  }
  if (head.find("multipart/form-data") != std::string::npos) {
    std::lock_guard<std::mutex> lock(mutex_);
    upload_body_ = body_;
    upload_declared_ = declared_.load();
  }
  const std::string body = R"({"code":"OK","msg":"OK","data":{"task_id":"t-1"}})";
  const std::string head_out =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  if (pace_.answer_byte_pause.count() == 0) {
    const std::string answer = head_out + body;
    ::send(connection, answer.data(), answer.size(), MSG_NOSIGNAL);
    return;
  }
  ::send(connection, head_out.data(), head_out.size(), MSG_NOSIGNAL);
  for (const char byte : body) {
    std::this_thread::sleep_for(pace_.answer_byte_pause);
    if (stopping_ || ::send(connection, &byte, 1, MSG_NOSIGNAL) != 1) return;
  }
}

}  // namespace moi::testing
