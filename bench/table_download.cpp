// SPDX-License-Identifier: Apache-2.0
// moi_bench_table: moi::download_table of a large table CSV against `curl -o` of the same
// bytes (issue 22, docs/performance.md).
//
//   moi_bench_table [--mib SIZE] [--dir DIR] [--reps N]
//
// A child process serves SIZE MiB (default 1024) of CSV on a loopback port, generated as it is
// sent (a 1 MiB block of rows repeated: no file behind it), both as TB9 answers it
// (`POST /catalog/table/download_data`, text/csv, streamed) and as a plain GET (the signed link
// TB8 hands out), which `curl -sS -o FILE` fetches. This process downloads it with
// moi::download_table into a file of a fresh temporary folder of DIR (default $TMPDIR or /tmp)
// (FILE.part renamed, as curl writes: no fsync), then again with DownloadTableOptions::sync
// (fsync'ed before the rename), then runs curl into another file of that folder, N times
// (default 3) in alternating order, each file removed after it is measured. It prints one JSON
// line: bytes, the SDK's idle and peak resident set (VmRSS / VmHWM in KiB) and the peak over idle,
// curl's peak resident set (wait4's ru_maxrss), and each side's best and median wall time and
// throughput.

#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "moi/helpers/tables.hpp"
#include "moi/moi.hpp"
#include "process_stats.hpp"

namespace {

using moi_bench::seconds_since;
using moi_bench::status_kib;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// 1 MiB of CSV rows (the last one padded to the end of the block): id, name, amount, note.
std::string csv_block() {
  std::string block;
  block.reserve(1 << 20);
  for (long i = 0; block.size() < (1 << 20) - 100; ++i) {
    block += std::to_string(i) + ",\"customer " + std::to_string(i % 997) + "\"," +
             std::to_string(i % 10000) + "." + std::to_string(i % 100) +
             ",\"a note, with a comma\"\n";
  }
  block += std::string((1 << 20) - block.size() - 1, 'x') + "\n";
  return block;
}

// The child: serves `total` bytes (a header row, then the block repeated) until killed.
[[noreturn]] void serve(std::size_t total, int port_pipe) {
  const std::string header = "id,name,amount,note\n";
  const std::string block = csv_block();
  httplib::Server server;
  auto provide = [&header, &block, total](httplib::Response& res) {
    res.set_content_provider(
        total, "text/csv",
        [&header, &block](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          // Bytes [offset, offset + n) of header + block + block + ...
          const std::size_t n = std::min<std::size_t>(length, 1 << 16);
          std::string chunk;
          chunk.reserve(n);
          std::size_t at = offset;
          while (chunk.size() < n) {
            if (at < header.size()) {
              const std::size_t take = std::min(n - chunk.size(), header.size() - at);
              chunk.append(header, at, take);
              at += take;
              continue;
            }
            const std::size_t in_block = (at - header.size()) % block.size();
            const std::size_t take = std::min(n - chunk.size(), block.size() - in_block);
            chunk.append(block, in_block, take);
            at += take;
          }
          return sink.write(chunk.data(), chunk.size());
        });
  };
  server.Post("/catalog/table/download_data",
              [&provide](const httplib::Request&, httplib::Response& res) { provide(res); });
  server.Get("/link.csv",
             [&provide](const httplib::Request&, httplib::Response& res) { provide(res); });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (::write(port_pipe, &port, sizeof port) != static_cast<ssize_t>(sizeof port)) ::_exit(1);
  ::close(port_pipe);
  server.listen_after_bind();
  ::_exit(0);
}

// `curl -sS -o out url`: wall seconds and peak RSS (KiB), or -1 when it failed.
std::pair<double, long> run_curl(const std::string& url, const fs::path& out) {
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execlp("curl", "curl", "-sS", "-o", out.c_str(), url.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  const double wall = seconds_since(start);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {-1, -1};
  return {wall, usage.ru_maxrss};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  long mib = 1024;
  int reps = 3;
  fs::path base = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--mib") mib = std::atol(argv[i + 1]);
    if (flag == "--dir") base = argv[i + 1];
    if (flag == "--reps") reps = std::max(1, std::atoi(argv[i + 1]));
  }
  std::string pattern = (base / "moi-bench-table-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const fs::path dir = pattern;
  const std::size_t total = static_cast<std::size_t>(mib) * 1024 * 1024;

  int fds[2];
  if (::pipe(fds) != 0) return 1;
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    serve(total, fds[1]);
  }
  ::close(fds[1]);
  int port = 0;
  if (::read(fds[0], &port, sizeof port) != static_cast<ssize_t>(sizeof port)) return 1;
  ::close(fds[0]);
  const std::string base_url = "http://127.0.0.1:" + std::to_string(port);

  moi::ClientOptions options;
  options.base_url = base_url;
  options.api_key = "bench";
  options.timeout = std::chrono::seconds(60);
  moi::Client client(options);
  const long idle_rss = status_kib("VmRSS");

  std::vector<double> moi_s;
  std::vector<double> sync_s;  // DownloadTableOptions::sync: fsync'ed before the rename
  std::vector<double> curl_s;
  long curl_peak = 0;
  std::uint64_t bytes = 0;
  bool ok = true;
  const fs::path moi_file = dir / "moi.csv";
  const fs::path curl_file = dir / "curl.csv";
  auto run_moi = [&] {
    const auto start = Clock::now();
    bytes = moi::download_table(client.tables(), "1", moi_file.string());
    moi_s.push_back(seconds_since(start));
    ok = ok && fs::file_size(moi_file) == total;
    fs::remove(moi_file);
  };
  auto run_sync = [&] {
    moi::DownloadTableOptions durable;
    durable.sync = true;
    const auto start = Clock::now();
    moi::download_table(client.tables(), "1", moi_file.string(), durable);
    sync_s.push_back(seconds_since(start));
    ok = ok && fs::file_size(moi_file) == total;
    fs::remove(moi_file);
  };
  auto run_other = [&] {
    const auto [wall, peak] = run_curl(base_url + "/link.csv", curl_file);
    if (wall < 0) {
      ok = false;
      return;
    }
    curl_s.push_back(wall);
    curl_peak = std::max(curl_peak, peak);
    ok = ok && fs::file_size(curl_file) == total;
    fs::remove(curl_file);
  };
  for (int r = 0; r < reps; ++r) {
    if (r % 2 == 0) {
      run_moi();
      run_sync();
      run_other();
    } else {
      run_other();
      run_sync();
      run_moi();
    }
  }
  const long peak = status_kib("VmHWM");
  ::kill(child, SIGTERM);
  ::waitpid(child, nullptr, 0);
  fs::remove_all(dir);
  if (!ok) {
    std::fprintf(stderr, "moi_bench_table: a download failed or was short\n");
    return 1;
  }
  const double mib_total = static_cast<double>(total) / (1024.0 * 1024.0);
  const double moi_best = *std::min_element(moi_s.begin(), moi_s.end());
  const double curl_best = *std::min_element(curl_s.begin(), curl_s.end());
  const double sync_best = *std::min_element(sync_s.begin(), sync_s.end());
  std::printf(
      "{\"mib\":%.0f,\"bytes\":%llu,\"reps\":%d,\"moi_best_s\":%.2f,\"moi_median_s\":%.2f,"
      "\"moi_mib_s\":%.0f,\"curl_best_s\":%.2f,\"curl_median_s\":%.2f,\"curl_mib_s\":%.0f,"
      "\"moi_vs_curl_throughput\":%.2f,\"idle_rss_kib\":%ld,\"peak_rss_kib\":%ld,"
      "\"peak_over_idle_mib\":%.1f,\"curl_peak_rss_kib\":%ld,\"sync_best_s\":%.2f,"
      "\"sync_median_s\":%.2f,\"sync_vs_curl_throughput\":%.2f}\n",
      mib_total, static_cast<unsigned long long>(bytes), reps, moi_best, median(moi_s),
      mib_total / moi_best, curl_best, median(curl_s), mib_total / curl_best, curl_best / moi_best,
      idle_rss, peak, static_cast<double>(peak - idle_rss) / 1024.0, curl_peak, sync_best,
      median(sync_s), curl_best / sync_best);
  return 0;
}
