// SPDX-License-Identifier: Apache-2.0
// The HTTP layer: cpp-httplib server, request counting, fault injection, auth, and hand-off
// to the Service.
#include "moi_emulator/emulator.hpp"

#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "faults.hpp"
#include "router.hpp"
#include "service.hpp"

namespace moi::emulator {

namespace {

constexpr std::array<std::string_view, kEndpointCount> kEndpointIds{
    "W1", "W2", "W3", "W4", "W5", "W6", "W7", "B1", "B2", "B3", "B4", "B5",
    "J1", "J2", "J3", "J4", "J5", "E1", "E2", "E3", "E4", "E5", "E6"};

// Simulated time: a manual counter, or the wall clock read once plus a steady clock (so a
// wall-clock jump never moves simulated work backwards).
class SimClock {
 public:
  SimClock(bool manual, std::int64_t start_ms) : manual_(manual), manual_ms_(start_ms) {
    wall_at_start_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    steady_at_start_ = std::chrono::steady_clock::now();
  }

  std::int64_t now() const {
    if (manual_) return manual_ms_.load();
    auto elapsed = std::chrono::steady_clock::now() - steady_at_start_;
    return wall_at_start_ + std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  }

  void advance(std::int64_t delta_ms) {
    if (!manual_) throw std::logic_error("advance() needs EmulatorOptions::manual_clock");
    manual_ms_ += delta_ms;
  }

 private:
  bool manual_;
  std::atomic<std::int64_t> manual_ms_;
  std::int64_t wall_at_start_ = 0;
  std::chrono::steady_clock::time_point steady_at_start_;
};

void write_reply(httplib::Response& res, const detail::Reply& reply) {
  res.status = reply.status;
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  if (reply.status != 204) res.set_content(reply.body, "application/json");
}

// Sends the status line, headers and half of the body, then fails the content provider so
// the server closes the connection: the client sees a response cut off mid-body.
void write_truncated(httplib::Response& res, const detail::Reply& reply) {
  res.status = reply.status == 204 ? 200 : reply.status;
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  auto body = std::make_shared<std::string>(reply.body.empty() ? "{}" : reply.body);
  res.set_content_provider(body->size(), "application/json",
                           [body](std::size_t, std::size_t, httplib::DataSink& sink) {
                             sink.write(body->data(), body->size() / 2);
                             return false;
                           });
}

int port_of(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  }
  if (addr.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  }
  return -1;
}

// cpp-httplib 0.11 keeps an idle keep-alive connection open until its timeout even after
// stop(), so stop() would wait that long. Shut down the connections accepted on our port (the
// connected sockets whose local port is ours) so their workers finish at once.
void shutdown_accepted_connections(int port) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == ::dirfd(dir)) continue;
    sockaddr_storage local{};
    sockaddr_storage peer{};
    socklen_t local_len = sizeof local;
    socklen_t peer_len = sizeof peer;
    int type = 0;
    socklen_t type_len = sizeof type;
    int s = static_cast<int>(fd);
    if (::getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &type_len) != 0 || type != SOCK_STREAM) {
      continue;
    }
    if (::getsockname(s, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (port_of(local) != port) continue;
    if (::getpeername(s, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    ::shutdown(s, SHUT_RDWR);
  }
  ::closedir(dir);
}

}  // namespace

std::string_view endpoint_id(Endpoint endpoint) {
  return kEndpointIds[static_cast<std::size_t>(endpoint)];
}

std::optional<Endpoint> endpoint_from_id(std::string_view id) {
  for (std::size_t i = 0; i < kEndpointIds.size(); ++i) {
    const auto& known = kEndpointIds[i];
    if (known.size() == id.size() && std::toupper(static_cast<unsigned char>(id[0])) == known[0] &&
        id[1] == known[1]) {
      return static_cast<Endpoint>(i);
    }
  }
  return std::nullopt;
}

class Emulator::Impl {
 public:
  explicit Impl(EmulatorOptions options)
      : options_(std::move(options)),
        clock_(options_.manual_clock, options_.manual_clock_start.count()),
        service_(options_),
        faults_(options_.seed, options_.faults) {
    for (auto& c : counts_) c = 0;
  }

  ~Impl() { stop(); }

  int start(const std::string& host, int port) {
    std::lock_guard<std::mutex> lock(run_mu_);
    if (thread_.joinable()) throw std::runtime_error("the emulator is already running");
    server_ = std::make_unique<httplib::Server>();
    configure(*server_);
    int bound = port == 0 ? server_->bind_to_any_port(host)
                          : (server_->bind_to_port(host, port) ? port : -1);
    if (bound <= 0) {
      server_.reset();
      throw std::runtime_error("cannot bind " + host + ":" + std::to_string(port));
    }
    host_ = host;
    port_ = bound;
    stopped_ = false;
    httplib::Server* server = server_.get();
    listen_done_ = false;
    thread_ = std::thread([this, server] {
      server->listen_after_bind();
      listen_done_ = true;
    });
    // stop() only takes effect once the accept loop runs, so wait for it here.
    while (!server_->is_running() && !listen_done_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return bound;
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(run_mu_);
      if (thread_.joinable()) {
        server_->stop();
        // Repeat until the server thread is done: a connection accepted just before stop()
        // may only reach its worker after the first sweep.
        while (!listen_done_) {
          shutdown_accepted_connections(port_);
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        thread_.join();
      }
      server_.reset();
      port_ = 0;
      stopped_ = true;
    }
    stopped_cv_.notify_all();
  }

  void wait() {
    std::unique_lock<std::mutex> lock(run_mu_);
    stopped_cv_.wait(lock, [this] { return stopped_ || !thread_.joinable(); });
  }

  int port() const {
    std::lock_guard<std::mutex> lock(run_mu_);
    return port_;
  }

  std::string base_url() const {
    std::lock_guard<std::mutex> lock(run_mu_);
    std::string host = host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_;
    return "http://" + host + ":" + std::to_string(port_);
  }

  EmulatorOptions options_;
  SimClock clock_;
  detail::Service service_;
  detail::FaultInjector faults_;
  std::array<std::atomic<std::uint64_t>, kEndpointCount> counts_;
  std::atomic<std::uint64_t> total_{0};
  std::atomic<std::uint64_t> injected_{0};

 private:
  void configure(httplib::Server& server) {
    // Without TCP_NODELAY every keep-alive reply waits ~40 ms on the client's delayed ACK.
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000000);
    server.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
    const std::size_t threads = options_.threads == 0 ? 1 : options_.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      handle(req, res);
    };
    const std::string any = ".*";
    server.Get(any, handler);
    server.Post(any, handler);
    server.Put(any, handler);
    server.Delete(any, handler);
    server.Patch(any, handler);
    server.Options(any, handler);
    // Errors raised by the server itself (bad request line, ...) get a FastAPI-like body.
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          const char* text = res.status == 400   ? "Bad Request"
                             : res.status == 413 ? "Payload Too Large"
                             : res.status == 414 ? "URI Too Long"
                                                 : "HTTP error";
          res.set_content(nlohmann::json{{"detail", text}}.dump(), "application/json");
          return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "unknown error";
          try {
            if (ep) std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          write_reply(res, detail::error_detail(500, "internal error: " + what));
        });
    if (options_.log_requests) {
      server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::fprintf(stderr, "moi-emulator: %s %s -> %d\n", req.method.c_str(), req.path.c_str(),
                     res.status);
      });
    }
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    ++total_;
    detail::RouteMatch route = detail::match_route(req.method, req.path);
    if (route.kind == detail::RouteMatch::Kind::kNotFound) {
      return write_reply(res, detail::error_detail(404, "Not Found"));
    }
    if (route.kind == detail::RouteMatch::Kind::kMethodNotAllowed) {
      return write_reply(res, detail::error_detail(405, "Method Not Allowed"));
    }
    ++counts_[static_cast<std::size_t>(route.endpoint)];

    auto decision = faults_.decide(route.endpoint);
    if (decision.latency.count() > 0) std::this_thread::sleep_for(decision.latency);
    if (decision.fault == Fault::k503 || decision.fault == Fault::k429) {
      ++injected_;
      bool unavailable = decision.fault == Fault::k503;
      detail::Reply reply = detail::error_detail(
          unavailable ? 503 : 429,
          unavailable ? "Service Unavailable (injected)" : "Too Many Requests (injected)");
      reply.headers.emplace_back("Retry-After", std::to_string(decision.retry_after_seconds));
      return write_reply(res, reply);
    }

    detail::Reply reply;
    if (auto denied = check_key(req)) {
      reply = std::move(*denied);
    } else {
      reply = service_.handle(route.endpoint, route.args, req.params, req.body, clock_.now());
    }
    if (decision.fault == Fault::kDrop) {
      ++injected_;
      return write_truncated(res, reply);
    }
    write_reply(res, reply);
  }

  std::optional<detail::Reply> check_key(const httplib::Request& req) const {
    if (!req.has_header("moi-key") || req.get_header_value("moi-key").empty()) {
      return detail::error_detail(401, "missing moi-key header");
    }
    if (!options_.api_key.empty() && req.get_header_value("moi-key") != options_.api_key) {
      return detail::error_detail(401, "invalid moi-key");
    }
    return std::nullopt;
  }

  mutable std::mutex run_mu_;
  std::condition_variable stopped_cv_;
  bool stopped_ = true;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> listen_done_{true};
  std::string host_ = "127.0.0.1";
  int port_ = 0;
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Emulator::~Emulator() = default;

int Emulator::start(const std::string& host, int port) { return impl_->start(host, port); }
void Emulator::stop() { impl_->stop(); }
void Emulator::wait() { impl_->wait(); }
int Emulator::port() const { return impl_->port(); }
std::string Emulator::base_url() const { return impl_->base_url(); }

void Emulator::advance(std::chrono::milliseconds delta) { impl_->clock_.advance(delta.count()); }
std::int64_t Emulator::now_ms() const { return impl_->clock_.now(); }

std::uint64_t Emulator::request_count(Endpoint endpoint) const {
  return impl_->counts_[static_cast<std::size_t>(endpoint)].load();
}

std::uint64_t Emulator::request_count(std::string_view id) const {
  auto endpoint = endpoint_from_id(id);
  return endpoint ? request_count(*endpoint) : 0;
}

std::uint64_t Emulator::total_requests() const { return impl_->total_.load(); }
std::uint64_t Emulator::faults_injected() const { return impl_->injected_.load(); }

void Emulator::reset_counts() {
  for (auto& c : impl_->counts_) c = 0;
  impl_->total_ = 0;
  impl_->injected_ = 0;
}

void Emulator::set_faults(const FaultOptions& faults) { impl_->faults_.set_options(faults); }
FaultOptions Emulator::faults() const { return impl_->faults_.options(); }

void Emulator::inject(Fault fault, int count, std::optional<Endpoint> endpoint) {
  impl_->faults_.inject(fault, count, endpoint);
}

void Emulator::clear_injected() { impl_->faults_.clear(); }

void Emulator::set_behavior(const BehaviorOptions& behavior) {
  impl_->service_.set_behavior(behavior);
}

BehaviorOptions Emulator::behavior() const { return impl_->service_.behavior(); }

}  // namespace moi::emulator
