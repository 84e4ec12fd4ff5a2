// SPDX-License-Identifier: Apache-2.0
#include "support/raw_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

namespace moi::testing {

int listen_on_loopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 16) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot listen on a loopback port");
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

RawServer::RawServer(std::string bytes, Then then) : then_(then) {
  pieces_.push_back(std::move(bytes));
  listen_fd_ = listen_on_loopback(port_);
  thread_ = std::thread([this] { serve(); });
}

RawServer::RawServer(std::vector<std::string> pieces, std::chrono::microseconds gap, Then then)
    : pieces_(std::move(pieces)), gap_(gap), then_(then) {
  listen_fd_ = listen_on_loopback(port_);
  thread_ = std::thread([this] { serve(); });
}

std::vector<std::string> RawServer::bytes_of(const std::string& text) {
  std::vector<std::string> pieces;
  pieces.reserve(text.size());
  for (const char c : text) pieces.emplace_back(1, c);
  return pieces;
}

RawServer::~RawServer() {
  stopping_ = true;
  thread_.join();
  ::close(listen_fd_);
}

std::string RawServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void RawServer::serve() {
  std::vector<int> open;
  while (!stopping_) {
    pollfd ready{listen_fd_, POLLIN, 0};
    if (::poll(&ready, 1, 20) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++connections_;
    // Read the request head (the tests send small requests; a body is not needed).
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      pollfd readable{fd, POLLIN, 0};
      if (::poll(&readable, 1, 2000) <= 0) break;
      const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      head.append(buffer, static_cast<std::size_t>(got));
    }
    if (pieces_.size() > 1) {
      const int on = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }
    for (std::size_t i = 0; i < pieces_.size() && !stopping_; ++i) {
      if (i > 0 && gap_.count() > 0) std::this_thread::sleep_for(gap_);
      if (::send(fd, pieces_[i].data(), pieces_[i].size(), MSG_NOSIGNAL) < 0) break;
    }
    if (then_ == Then::kStall) {
      open.push_back(fd);
      continue;
    }
    if (then_ == Then::kReset) {
      linger abort_on_close{1, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    }
    ::close(fd);
  }
  for (int fd : open) ::close(fd);
}

}  // namespace moi::testing
