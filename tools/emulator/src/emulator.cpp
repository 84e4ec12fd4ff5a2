// SPDX-License-Identifier: Apache-2.0
// The HTTP layer: cpp-httplib server, request counting, fault injection, auth, and hand-off
// to the Service.
#include "moi_emulator/emulator.hpp"

#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "faults.hpp"
#include "http_server.hpp"
#include "ids.hpp"
#include "router.hpp"
#include "service.hpp"
#include "target.hpp"

namespace moi::emulator {

namespace {

// One row per family, in the order of Endpoint.
// clang-format off
constexpr std::string_view kEndpointIds[] = {
    "W1", "W2", "W3", "W4", "W5", "W6", "W7",
    "B1", "B2", "B3", "B4", "B5",
    "J1", "J2", "J3", "J4", "J5",
    "E1", "E2", "E3", "E4", "E5", "E6",
    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9",
    "F1", "F2", "F3", "F4", "F5",
    "U1", "U2", "U3", "U4", "U5", "U6",
    "T1", "T2",
    "K1", "K2", "K3", "K4", "K5", "K6",
    "TB1", "TB2", "TB3", "TB4", "TB5", "TB6", "TB7", "TB8", "TB9", "TB10", "TB11", "TB12",
    "TB13", "TB14",
    "C10", "C11", "C12", "C13", "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22",
    "F6", "F7", "F8", "F9", "F10", "F11",
    "FO1", "FO2", "FO3", "FO4", "FO5",
    "H1",
    "T3", "T4", "T5", "T6", "T7", "T8", "T9",
    "K7",
    "G1", "G2", "G3", "G4", "G5",
    "N1", "N2", "N3", "N4", "N5", "N6", "N7",

    // Users, roles and logs (issue 26) here.
    "US1", "US2", "US3", "US4", "US5", "US6", "US7", "US8", "US9", "US10", "US11", "US12", "US13",
    "RO1", "RO2", "RO3", "RO4", "RO5", "RO6", "RO7", "RO8", "RO9", "RO10", "LG1", "LG2",

    "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "L9", "L10", "L11", "L12", "L13", "L14",
    "L15", "L16", "L17",
    "D1", "D2",

};
// clang-format on

static_assert(std::size(kEndpointIds) == kEndpointCount, "one id per Endpoint");

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

void write_truncated(httplib::Response& res, const detail::Reply& reply);
void write_stream(httplib::Response& res, const detail::Reply& reply,
                  std::shared_ptr<std::atomic<bool>> stopping);

void write_reply(httplib::Response& res, const detail::Reply& reply,
                 std::shared_ptr<std::atomic<bool>> stopping = nullptr) {
  if (!reply.stream.empty()) return write_stream(res, reply, std::move(stopping));
  if (reply.truncate) return write_truncated(res, reply);
  res.status = reply.status;
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  if (reply.status != 204) res.set_content(reply.body, reply.content_type);
}

// Sends the status line, headers and half of the body, then fails the content provider so
// the server closes the connection: the client sees a response cut off mid-body.
void write_truncated(httplib::Response& res, const detail::Reply& reply) {
  res.status = reply.status == 204 ? 200 : reply.status;
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  auto body = std::make_shared<std::string>(reply.body.empty() ? "{}" : reply.body);
  res.set_content_provider(body->size(), reply.content_type,
                           [body](std::size_t, std::size_t, httplib::DataSink& sink) {
                             sink.write(body->data(), body->size() / 2);
                             return false;
                           });
}

// Sends a streamed answer piece by piece (chunked), each after the reply's delay: the client
// sees every server-sent event as it is written. A stall waits (until the emulator stops, at
// most 60 s); a cut fails the provider so the connection closes before the body's end. An
// injected drop (`truncate`) sends the first piece and half of the second, then closes. A
// cancelled stream (Reply::stream_cancel, set by D2) sends its cancel piece and ends at once.
void write_stream(httplib::Response& res, const detail::Reply& reply,
                  std::shared_ptr<std::atomic<bool>> stopping) {
  res.status = reply.status;
  for (const auto& [k, v] : reply.headers) res.set_header(k, v);
  res.set_header("Cache-Control", "no-cache");
  auto pieces = std::make_shared<std::vector<std::string>>(reply.stream);
  const auto delay = std::chrono::milliseconds(reply.stream_delay_ms);
  const auto end = reply.stream_end;
  const bool drop = reply.truncate;
  auto cancel = reply.stream_cancel;
  auto cancel_piece = std::make_shared<std::string>(reply.stream_cancel_piece);
  const auto stopped = [stopping] { return stopping && stopping->load(); };
  const auto cancelled = [cancel] { return cancel && cancel->load(); };
  // Sleeps in short steps so that stopping the emulator (or a cancel) ends a stream at once.
  const auto pause = [stopped, cancelled](std::chrono::milliseconds total) {
    const auto until = std::chrono::steady_clock::now() + total;
    while (!stopped() && !cancelled() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
          std::chrono::milliseconds(10), std::chrono::duration_cast<std::chrono::milliseconds>(
                                             until - std::chrono::steady_clock::now()) +
                                             std::chrono::milliseconds(1)));
    }
  };
  res.set_chunked_content_provider(
      reply.content_type, [pieces, delay, end, drop, pause, stopped, cancelled, cancel_piece](
                              std::size_t, httplib::DataSink& sink) {
        const auto end_cancelled = [&] {
          if (!cancel_piece->empty() && !sink.write(cancel_piece->data(), cancel_piece->size())) {
            return false;
          }
          sink.done();
          return true;
        };
        for (std::size_t i = 0; i < pieces->size(); ++i) {
          const std::string& piece = (*pieces)[i];
          if (delay.count() > 0) pause(delay);
          if (cancelled()) return end_cancelled();
          if (drop && i == 1) {
            sink.write(piece.data(), piece.size() / 2);  // half an event, then the cut
            return false;
          }
          if (stopped() || !sink.write(piece.data(), piece.size())) return false;
        }
        if (end == detail::Reply::StreamEnd::kStall) pause(std::chrono::seconds(60));
        if (cancelled()) return end_cancelled();
        if (end != detail::Reply::StreamEnd::kComplete) return false;
        sink.done();
        return true;
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
  for (std::size_t i = 0; i < std::size(kEndpointIds); ++i) {
    const auto& known = kEndpointIds[i];
    if (known.size() == id.size() && std::toupper(static_cast<unsigned char>(id[0])) == known[0] &&
        id.substr(1) == known.substr(1)) {
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
    streams_stopping_->store(false);
    // Every thread the server needs up front is created here, before start() returns (and so
    // before the program announces itself): when threads cannot be had, start() fails.
    const std::size_t threads = options_.threads == 0 ? 1 : options_.threads;
    std::unique_ptr<detail::ElasticPool> pool;
    try {
      pool = std::make_unique<detail::ElasticPool>(threads, options_.max_threads);
    } catch (const std::system_error& e) {
      throw std::runtime_error("cannot create " + std::to_string(threads) +
                               " worker threads: " + e.code().message());
    }
    // The head of a request (request line and headers) may take up to 1 MiB besides the body.
    constexpr std::size_t kHead = std::size_t{1} << 20;
    const std::size_t body = std::min(options_.max_body_bytes, SIZE_MAX - kHead);
    server_ = std::make_unique<detail::Server>(options_.request_read_timeout, body + kHead);
    configure(*server_, std::move(pool));
    int bound = port == 0 ? server_->bind_to_any_port(host)
                          : (server_->bind_to_port(host, port) ? port : -1);
    if (bound <= 0) {
      server_.reset();
      throw std::runtime_error("cannot bind " + host + ":" + std::to_string(port));
    }
    server_->widen_backlog(1024);
    set_address(host, bound);
    httplib::Server* server = server_.get();
    listen_done_ = false;
    try {
      thread_ = std::thread([this, server] {
        server->listen_after_bind();
        listen_done_ = true;
      });
    } catch (const std::system_error& e) {
      listen_done_ = true;
      server_.reset();
      clear_port();
      throw std::runtime_error("cannot create the server thread: " + e.code().message());
    }
    stopped_ = false;
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
        streams_stopping_->store(true);  // streamed answers end at once
        server_->stop();
        // Repeat until the server thread is done: a connection accepted just before stop()
        // may only reach its worker after the first sweep.
        const int port = this->port();
        while (!listen_done_) {
          shutdown_accepted_connections(port);
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        thread_.join();
      }
      server_.reset();
      clear_port();
      stopped_ = true;
    }
    stopped_cv_.notify_all();
  }

  void wait() {
    std::unique_lock<std::mutex> lock(run_mu_);
    stopped_cv_.wait(lock, [this] { return stopped_ || !thread_.joinable(); });
  }

  // The address has its own lock, never held while waiting: requests still being answered
  // read it (base_url() in respond_unchecked) while stop() holds run_mu_ and waits for them.
  int port() const {
    std::lock_guard<std::mutex> lock(address_mu_);
    return port_;
  }

  std::string base_url() const {
    std::lock_guard<std::mutex> lock(address_mu_);
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
  std::atomic<std::uint64_t> request_ids_{0};

 public:
  // One request, from the raw target on: routing, counting, faults, auth, validation and the
  // handler. Shared by the HTTP server and handle_for_test(). Never throws.
  detail::Reply respond(const std::string& method, const std::string& target,
                        const std::optional<std::string>& moi_key, const std::string& body,
                        const std::string& content_type = std::string()) {
    try {
      return respond_unchecked(method, target, moi_key, body, content_type);
    } catch (const std::bad_alloc&) {
      return detail::error_detail(503, "out of memory");
    } catch (const std::exception& e) {
      // The text may name files of the server: it goes to the log, not to the client.
      std::fprintf(stderr, "moi-emulator: internal error: %s\n",
                   detail::printable(e.what()).c_str());
      return detail::error_detail(500, "internal error (details in the emulator's log)");
    }
  }

 private:
  void configure(detail::Server& server, std::unique_ptr<detail::ElasticPool> pool) {
    // Without TCP_NODELAY every keep-alive reply waits ~40 ms on the client's delayed ACK.
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000000);
    server.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
    server.set_payload_max_length(options_.max_body_bytes);
    // httplib asks for its task queue once per listen(); hand over the pool made in start().
    auto pending = std::make_shared<std::unique_ptr<detail::ElasticPool>>(std::move(pool));
    server.new_task_queue = [pending]() -> httplib::TaskQueue* {
      if (*pending) return pending->release();
      return new detail::ElasticPool(1, 1);
    };
    auto plain = [this](const httplib::Request& req, httplib::Response& res) {
      write_reply(res, respond(req.method, req.target, key_of(req), std::string()),
                  streams_stopping_);
      // httplib does not read a body sent with GET/HEAD/OPTIONS: its bytes would be taken for
      // the next request, so end the connection after this answer instead.
      if ((req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0") ||
          req.has_header("Transfer-Encoding")) {
        if (detail::ConnectionState* conn = detail::current_connection()) conn->close = true;
        res.set_header("Connection", "close");
      }
    };
    auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader& reader) {
      handle_with_body(req, res, reader);
    };
    // Any path, including decoded ones holding a line break; routing is ours (respond()).
    const std::string any = "[\\s\\S]*";
    server.Get(any, plain);
    server.Options(any, plain);
    server.Post(any, httplib::Server::HandlerWithContentReader(with_body));
    server.Put(any, httplib::Server::HandlerWithContentReader(with_body));
    server.Delete(any, httplib::Server::HandlerWithContentReader(with_body));
    server.Patch(any, httplib::Server::HandlerWithContentReader(with_body));
    // Errors raised by the server itself (bad request line, request not received in time, ...)
    // get a FastAPI-like body and end the connection: what follows a malformed request on the
    // same connection cannot be trusted to start a new one.
    const auto read_timeout = options_.request_read_timeout;
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [read_timeout](const httplib::Request&, httplib::Response& res) {
          detail::ConnectionState* conn = detail::current_connection();
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          if (conn != nullptr) {
            conn->close = true;
            conn->answered = true;
          }
          res.set_header("Connection", "close");
          std::string text = res.status == 400   ? "Bad Request"
                             : res.status == 413 ? "Payload Too Large"
                             : res.status == 414 ? "URI Too Long"
                                                 : "HTTP error";
          if (conn != nullptr && conn->deadline_hit) {
            res.status = 408;
            text = "request not received within " + std::to_string(read_timeout.count()) + " ms";
          }
          res.set_content(detail::dump_json(detail::json{{"detail", text}}), "application/json");
          return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                    std::exception_ptr ep) {
      std::string what = "unknown error";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      if (detail::ConnectionState* conn = detail::current_connection()) conn->close = true;
      res.set_header("Connection", "close");
      std::fprintf(stderr, "moi-emulator: internal error: %s\n", detail::printable(what).c_str());
      write_reply(res, detail::error_detail(500, "internal error (details in the emulator's log)"));
    });
    if (options_.log_requests) {
      server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::fprintf(stderr, "moi-emulator: %s %s -> %d\n", detail::printable(req.method).c_str(),
                     detail::printable(req.target).c_str(), res.status);
      });
    }
  }

  // The `request_id` of an answer on a host-root endpoint: seeded, one per request.
  std::string next_request_id() {
    return detail::nth_id(options_.seed ^ 0x7265717565737449ULL, ++request_ids_);
  }

  static std::optional<std::string> key_of(const httplib::Request& req) {
    if (!req.has_header("moi-key")) return std::nullopt;
    return req.get_header_value("moi-key");
  }

  // Requests that may carry a body: read it ourselves, at most max_body_bytes of it.
  void handle_with_body(const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& reader) {
    detail::ConnectionState* conn = detail::current_connection();
    const detail::RouteMatch route =
        detail::match_route(req.method, detail::parse_target(req.target).segments);
    auto refuse = [&](int status, const std::string& text) {
      // The rest of the body is left unread: the connection cannot carry another request.
      if (conn != nullptr) conn->close = true;
      res.set_header("Connection", "close");
      write_reply(res, route.root ? detail::error_root(status, detail::root_error_code(status),
                                                       text, next_request_id())
                                  : detail::error_detail(status, text));
    };
    const std::string content_type = req.get_header_value("Content-Type");
    // U1, U2 and G1 take multipart/form-data bodies.
    const bool upload =
        route.kind == detail::RouteMatch::Kind::kMatched &&
        (route.endpoint == Endpoint::kU1Upload || route.endpoint == Endpoint::kU2StageFiles ||
         route.endpoint == Endpoint::kG1SubmitGenaiPipeline);
    const std::size_t limit = options_.max_body_bytes;
    const std::string too_large =
        "request body larger than " + std::to_string(limit) + " bytes (--max-body-bytes)";
    std::string body;
    const bool has_length = req.has_header("Content-Length");
    if (has_length || req.has_header("Transfer-Encoding")) {
      if (has_length) {
        const std::string declared = req.get_header_value("Content-Length");
        const bool digits = !declared.empty() && declared.size() <= 19 &&
                            declared.find_first_not_of("0123456789") == std::string::npos;
        if (!digits) return refuse(400, "invalid Content-Length");
        if (std::stoull(declared) > limit) return refuse(413, too_large);
      }
      if (req.is_multipart_form_data()) {
        if (!upload) {
          return refuse(415, "multipart bodies are not accepted: send application/json");
        }
        // Read the multipart body as bytes (our parser takes it whole, within the limit):
        // httplib's reader would split it into parts itself when it sees the multipart type.
        auto& headers = const_cast<httplib::Request&>(req).headers;
        headers.erase("Content-Type");
        headers.emplace("Content-Type", "application/octet-stream");
      }
      bool exceeded = false;
      const bool ok = reader([&](const char* data, std::size_t n) {
        if (n > limit - body.size()) {
          exceeded = true;
          return false;
        }
        body.append(data, n);
        return true;
      });
      if (!ok) {
        if (exceeded) return refuse(413, too_large);
        if (conn != nullptr && conn->deadline_hit) {
          return refuse(408, "request not received within " +
                                 std::to_string(options_.request_read_timeout.count()) + " ms");
        }
        const int status = res.status >= 400 ? res.status : 400;
        return refuse(status, status == 415 ? "unsupported Content-Encoding" : "Bad Request");
      }
      // httplib skips a chunked DELETE body without reading it: end the connection so its
      // bytes are not taken for the next request.
      if (req.method == "DELETE" && !has_length) {
        if (conn != nullptr) conn->close = true;
        res.set_header("Connection", "close");
      }
    }
    write_reply(res, respond(req.method, req.target, key_of(req), body, content_type),
                streams_stopping_);
  }

  detail::Reply respond_unchecked(const std::string& method, const std::string& raw_target,
                                  const std::optional<std::string>& moi_key,
                                  const std::string& body, const std::string& content_type) {
    ++total_;
    const detail::Target target = detail::parse_target(raw_target);
    detail::RouteMatch route = detail::match_route(method, target.segments);
    if (route.kind == detail::RouteMatch::Kind::kNotFound) {
      return detail::error_detail(404, "Not Found");
    }
    const std::string request_id = route.root ? next_request_id() : std::string();
    if (route.kind == detail::RouteMatch::Kind::kMethodNotAllowed) {
      if (route.llm) return detail::to_llm_error(detail::error_detail(405, "Method Not Allowed"));
      if (route.root) {
        return detail::error_root(405, "METHOD_NOT_ALLOWED", "Method Not Allowed", request_id);
      }
      return detail::error_detail(405, "Method Not Allowed");
    }
    ++counts_[static_cast<std::size_t>(route.endpoint)];
    // Host-root endpoints answer errors in their own envelope.
    auto styled = [&](detail::Reply reply) {
      if (route.llm) return detail::to_llm_error(std::move(reply));
      return route.root ? detail::to_root_error(std::move(reply), request_id) : reply;
    };

    auto decision = faults_.decide(route.endpoint);
    if (decision.latency.count() > 0) std::this_thread::sleep_for(decision.latency);
    if (decision.fault == Fault::k503 || decision.fault == Fault::k429) {
      ++injected_;
      bool unavailable = decision.fault == Fault::k503;
      detail::Reply reply = detail::error_detail(
          unavailable ? 503 : 429,
          unavailable ? "Service Unavailable (injected)" : "Too Many Requests (injected)");
      reply.headers.emplace_back("Retry-After", std::to_string(decision.retry_after_seconds));
      return styled(std::move(reply));
    }

    detail::Reply reply;
    // F5, TB14 and U6 serve signed download links: their token stands in for the key.
    const bool keyless = route.endpoint == Endpoint::kF5FetchFile ||
                         route.endpoint == Endpoint::kTB14FetchTableCsv ||
                         route.endpoint == Endpoint::kU6FetchStaged;
    auto denied = keyless ? std::nullopt : check_key(moi_key);
    if (denied) {
      reply = styled(std::move(*denied));
    } else if (body.size() > options_.max_body_bytes) {
      reply = styled(detail::error_detail(413, "request body larger than " +
                                                   std::to_string(options_.max_body_bytes) +
                                                   " bytes (--max-body-bytes)"));
    } else if (auto invalid = check_text(route, target)) {
      reply = route.llm ? detail::to_llm_error(
                              detail::error_detail(400, "path and query parameters must be UTF-8"))
              : route.root
                  ? detail::error_root(400, "INVALID_ARGUMENT",
                                       "path and query parameters must be UTF-8", request_id)
                  : std::move(*invalid);
    } else {
      detail::RequestInfo info{content_type, base_url(), request_id, moi_key.value_or("")};
      reply = service_.handle(route.endpoint, route.args, target.query, body, clock_.now(), info);
    }
    if (decision.fault == Fault::kDrop) {
      ++injected_;
      reply.truncate = true;
    }
    return reply;
  }

  // Path parameters and query keys and values must be UTF-8 (as in FastAPI, which decodes
  // them as such): 422 naming the location otherwise.
  static std::optional<detail::Reply> check_text(const detail::RouteMatch& route,
                                                 const detail::Target& target) {
    detail::Errors errors;
    const char* msg =
        "Input should be a valid string, unable to parse raw data as a unicode string";
    for (std::size_t i = 0; i < route.args.size(); ++i) {
      if (!detail::valid_utf8(route.args[i])) {
        errors.add(detail::Loc{"path", route.arg_names[i]}, msg, "string_unicode");
      }
    }
    for (const auto& [key, value] : target.query) {
      if (!detail::valid_utf8(key) || !detail::valid_utf8(value)) {
        errors.add(detail::Loc{"query", key}, msg, "string_unicode");
      }
    }
    if (errors.empty()) return std::nullopt;
    return detail::validation_failed(errors.to_json());
  }

  void set_address(const std::string& host, int port) {
    std::lock_guard<std::mutex> lock(address_mu_);
    host_ = host;
    port_ = port;
  }

  void clear_port() {
    std::lock_guard<std::mutex> lock(address_mu_);
    port_ = 0;
  }

  std::optional<detail::Reply> check_key(const std::optional<std::string>& key) const {
    if (!key || key->empty()) {
      return detail::error_detail(401, "missing moi-key header");
    }
    // Whose key it is (the start-up key, a user's, none) is decided under the state lock
    // (Service::handle, access.hpp).
    return std::nullopt;
  }

  // Lock order: run_mu_ before address_mu_. run_mu_ is held across start() and stop();
  // address_mu_ only while host_ and port_ are read or written.
  mutable std::mutex run_mu_;
  mutable std::mutex address_mu_;
  std::condition_variable stopped_cv_;
  bool stopped_ = true;
  std::unique_ptr<detail::Server> server_;
  /// Set while stopping: streamed answers (write_stream) stop waiting and end.
  std::shared_ptr<std::atomic<bool>> streams_stopping_ = std::make_shared<std::atomic<bool>>(false);
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

InProcessResponse Emulator::handle_for_test(
    const std::string& method, const std::string& target,
    const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  std::optional<std::string> key;
  std::string content_type;
  for (const auto& [name, value] : headers) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "moi-key" && !key) key = value;
    if (lower == "content-type" && content_type.empty()) content_type = value;
  }
  detail::Reply reply = impl_->respond(method, target, key, body, content_type);
  InProcessResponse out;
  out.status = reply.status;
  out.body = std::move(reply.body);
  for (const std::string& piece : reply.stream) out.body += piece;  // a stream, whole
  out.headers = std::move(reply.headers);
  if (reply.content_type != "application/json") {
    out.headers.emplace_back("Content-Type", reply.content_type);
  }
  out.truncated = reply.truncate;
  return out;
}

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
