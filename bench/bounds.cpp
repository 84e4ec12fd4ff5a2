// SPDX-License-Identifier: Apache-2.0
// moi_bench_bounds: how well the SDK's bounds bound (issue 12), measured, not asserted.
//   1. cancellation latency (cancel() -> CancelledError caught) in each state a call can be
//      in: in flight on a server that never answers, in a Retry-After pause (60 s), in a
//      waiter's pause between polls (10 s);
//   2. a waiter's overrun past its timeout against a server that accepts and never answers
//      (client timeout 60 s, 4 attempts: without the fix each poll ran up to 4 x 60 s).
// Prints one line per figure (median and worst of N runs). Loopback only.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "moi/cancellation.hpp"
#include "moi/client.hpp"
#include "moi/helpers/waiters.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Accepts connections and never answers (until destroyed).
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 64);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        const int client = ::accept(fd_, nullptr, nullptr);
        if (client < 0) return;
        held_.push_back(client);
      }
    });
  }
  ~SilentServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    for (int fd : held_) ::close(fd);
  }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> held_;
  std::thread thread_;
};

// 503 with Retry-After: 60 on /busy paths; a running job everywhere else.
class ScriptServer {
 public:
  ScriptServer() {
    server_.Get(R"(/byoa/api/v1/workflow_job/busy/status)",
                [this](const httplib::Request&, httplib::Response& response) {
                  ++requests_;
                  response.status = 503;
                  response.set_header("Retry-After", "60");
                  response.set_content(R"({"detail":"busy"})", "application/json");
                });
    server_.Get(R"(/byoa/api/v1/workflow_job/running/status)", [this](const httplib::Request&,
                                                                      httplib::Response& response) {
      ++requests_;
      response.set_content(R"({"code":"ok","data":{"job_id":"running","status":1,"progress":5}})",
                           "application/json");
    });
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~ScriptServer() {
    server_.stop();
    thread_.join();
  }
  ScriptServer(const ScriptServer&) = delete;
  ScriptServer& operator=(const ScriptServer&) = delete;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> requests_{0};
};

moi::ClientOptions options_for(const std::string& base_url) {
  moi::ClientOptions options;
  options.base_url = base_url;
  options.api_key = "bench-key";
  options.timeout = 60s;
  options.retry.max_attempts = 4;
  return options;
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void report(const char* what, std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  std::printf("%-58s median %7.2f ms   worst %7.2f ms   (n=%zu)\n", what,
              samples[samples.size() / 2], samples.back(), samples.size());
}

// Runs @p call with a fresh token, cancels it @p after once @p started() holds, and returns the
// time from cancel() to the CancelledError.
template <class Call, class Started>
double cancel_latency(Call call, Started started, std::chrono::milliseconds after) {
  moi::CancellationToken token;
  std::atomic<Clock::rep> cancelled_at{0};
  std::thread canceller([&] {
    while (!started()) std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(after);
    cancelled_at = Clock::now().time_since_epoch().count();
    token.cancel();
  });
  double latency = -1;
  try {
    call(token);
  } catch (const moi::CancelledError&) {
    latency = ms(Clock::now().time_since_epoch() - Clock::duration(cancelled_at.load()));
  }
  canceller.join();
  return latency;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  std::printf("moi_bench_bounds: %d runs per figure\n", runs);

  {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
      SilentServer silent;
      moi::Client client(options_for(silent.base_url()));
      const auto start = Clock::now();
      samples.push_back(cancel_latency(
          [&](const moi::CancellationToken& token) {
            moi::CallOptions call;
            call.should_abort = token.abort_check();
            client.jobs().get_status("j", call);
          },
          [&] { return ms(Clock::now() - start) > 20; }, 30ms));
    }
    report("cancel -> CancelledError, request in flight (silent server)", samples);
  }
  {
    ScriptServer server;
    moi::Client client(options_for(server.base_url()));
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
      const int before = server.requests();
      samples.push_back(cancel_latency(
          [&](const moi::CancellationToken& token) {
            moi::CallOptions call;
            call.should_abort = token.abort_check();
            client.jobs().get_status("busy", call);
          },
          [&] { return server.requests() > before; }, 20ms));
    }
    report("cancel -> CancelledError, in a Retry-After: 60 pause", samples);
  }
  {
    ScriptServer server;
    moi::Client client(options_for(server.base_url()));
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
      const int before = server.requests();
      samples.push_back(cancel_latency(
          [&](const moi::CancellationToken& token) {
            moi::JobWaitOptions wait;
            wait.fetch_file_counts = false;
            wait.initial_interval = 10s;
            wait.call.should_abort = token.abort_check();
            moi::wait_for_job(client.jobs(), "running", wait);
          },
          [&] { return server.requests() > before; }, 20ms));
    }
    report("cancel -> CancelledError, in a waiter's 10 s pause", samples);
  }
  for (const auto timeout : {1000ms, 3000ms}) {
    std::vector<double> samples;
    const int n = std::max(1, runs / 4);
    for (int i = 0; i < n; ++i) {
      SilentServer silent;
      moi::Client client(options_for(silent.base_url()));
      moi::JobWaitOptions wait;
      wait.timeout = timeout;
      const auto start = Clock::now();
      try {
        moi::wait_for_job(client.jobs(), "j", wait);
      } catch (const moi::JobWaitTimeoutError&) {
      }
      samples.push_back(ms(Clock::now() - start) - static_cast<double>(timeout.count()));
    }
    const std::string what = "wait_for_job(timeout " + std::to_string(timeout.count()) +
                             " ms), silent server: overrun past the timeout";
    report(what.c_str(), samples);
  }
  return 0;
}
