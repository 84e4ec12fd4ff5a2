// SPDX-License-Identifier: Apache-2.0
// moi_bench_server: the loopback server the benchmarks call, run as a separate process so
// that its CPU time never counts against the client under test.
//
//   moi_bench_server [--threads N]
//
// Binds 127.0.0.1 on a port the kernel picks and prints "port N" on stdout. cpp-httplib with
// TCP_NODELAY and keep-alive without a request limit (a client keeps one connection for as
// long as it likes). Routes, all below /byoa/api/v1 like the service:
//   GET  /workflow_job/{id}/status   J5, a fixed body (bench_bodies.hpp)
//   GET  /workflow_job/{id}/files    J3; id "files-N" is a job with N files (default 10,000),
//                                    paged by page_num/page_size like the service
// and, for the driver (not counted as traffic):
//   GET  /_bench/stats               {"connections": distinct client ports, "requests": n,
//                                    "cpu_seconds": the server process's user + system time}
//   POST /_bench/reset               forgets the ports and the request count
//   POST /_bench/quit                stops the server
// Stops on SIGINT/SIGTERM too.

#include <httplib.h>
#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "bench_bodies.hpp"

namespace {

httplib::Server* g_server = nullptr;

void on_signal(int) {
  if (g_server != nullptr) g_server->stop();
}

class Traffic {
 public:
  void record(const httplib::Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    ports_.emplace(request.remote_addr, request.remote_port);
    ++requests_;
  }
  std::string stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    char text[128];
    std::snprintf(text, sizeof text, "{\"connections\":%zu,\"requests\":%llu,\"cpu_seconds\":%.6f}",
                  ports_.size(), requests_, cpu);
    return text;
  }
  void reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    ports_.clear();
    requests_ = 0;
  }

 private:
  std::mutex mutex_;
  std::set<std::pair<std::string, int>> ports_;
  unsigned long long requests_ = 0;
};

long long param(const httplib::Request& request, const char* key, long long fallback) {
  if (!request.has_param(key)) return fallback;
  try {
    return std::stoll(request.get_param_value(key));
  } catch (...) {
    return fallback;
  }
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 16;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--threads") threads = std::atoi(argv[++i]);
  }
  if (threads < 1) threads = 1;

  httplib::Server server;
  Traffic traffic;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(std::numeric_limits<std::size_t>::max());
  server.set_keep_alive_timeout(300);
  // One worker per live connection: enough for the 4-thread runs plus the Python peer.
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  server.Get(R"(/byoa/api/v1/workflow_job/([^/]+)/status)",
             [&](const httplib::Request& request, httplib::Response& response) {
               traffic.record(request);
               response.set_content(moi_bench::j5_status_body(), "application/json");
             });

  server.Get(R"(/byoa/api/v1/workflow_job/([^/]+)/files)", [&](const httplib::Request& request,
                                                               httplib::Response& response) {
    traffic.record(request);
    const std::string id = request.matches[1];
    long long total = 10000;
    if (id.rfind("files-", 0) == 0) total = std::atoll(id.c_str() + 6);
    const long long page = std::max(1LL, param(request, "page_num", 1));
    const long long size = std::max(1LL, param(request, "page_size", 10));
    const long long first = std::min(total, (page - 1) * size);
    const long long count = std::min(size, total - first);
    response.set_content(moi_bench::j3_files_body(first, count, total), "application/json");
  });

  server.Get("/_bench/stats", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content(traffic.stats(), "application/json");
  });
  server.Post("/_bench/reset", [&](const httplib::Request&, httplib::Response& response) {
    traffic.reset();
    response.set_content("{}", "application/json");
  });
  server.Post("/_bench/quit", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content("{}", "application/json");
    server.stop();
  });

  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "moi_bench_server: cannot bind 127.0.0.1\n");
    return 1;
  }
  g_server = &server;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::printf("port %d\n", port);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}
