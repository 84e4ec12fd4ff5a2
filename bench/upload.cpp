// SPDX-License-Identifier: Apache-2.0
// moi_bench_upload: memory and throughput of FileClient::upload() (issue 14), measured, not
// asserted. A benchmark program, not a test: nothing here fails on a slow or loaded machine.
//
//   moi_bench_upload [--size BYTES] [--runs N] [--curl PATH] [--dir DIR]
//
// Defaults: a 1 GiB file, 3 runs, the curl found on PATH, $TMPDIR (or /tmp).
//
// What it does, and why it is built this way:
//   1. It creates a SPARSE file of --size bytes (ftruncate: no disk blocks, reads return
//      zeros from the kernel), so the disk is not what is measured, and reads it once untimed
//      so that every timed upload finds it in the page cache.
//   2. It forks a loopback HTTP server (cpp-httplib) BEFORE anything else: POST
//      /connectors/upload takes the body through a content reader that counts the bytes and
//      throws them away (the server never holds the body), then answers the envelope the SDK
//      expects; GET /stats gives the byte count of the last upload's file part. The server is its
//      own process so that its memory (thread pool, receive buffers) is not in the figures.
//   3. Each SDK upload runs in a FRESH process: this program re-executes itself
//      (/proc/self/exe --child-sdk ...). That child reads VmRSS and VmHWM from
//      /proc/self/status (a) once the Client is built ("idle"), (b) after uploading a 1-byte
//      file (connection, buffers and libcurl's lazy state now exist), (c) after the big
//      upload. VmHWM is the kernel's high-water mark of the resident set, so a transient peak
//      inside libcurl cannot slip between two samples. "Peak above idle" is VmHWM (c) minus
//      VmRSS (a): everything the calls added, the small one included (the conservative
//      figure); "big upload's own" is VmHWM (c) minus VmHWM (b): what depends on the size.
//      A fresh process per run matters: a process's peak never goes down, and a forked (not
//      exec'd) child would start with its parent's pages.
//   4. The peer is the system curl binary, `curl -sS -o /dev/null -F ... -F file=@PATH`,
//      run against the same server in the same run, its own time taken from curl's
//      %{time_total} (connect to last byte of the answer, as the SDK's figure: the SDK child
//      times the upload() call only, so neither figure includes process start-up). Its peak
//      RSS comes from wait4()'s ru_maxrss, for comparison.
//   5. SDK and curl alternate (SDK first in odd runs, curl first in even ones) and each is
//      repeated --runs times; the table gives every run, then the best and the median.
// MB/s is 10^6 bytes per second of FILE bytes (the multipart overhead, a few hundred bytes,
// is the same for both; the server's count of the `file` part's bytes is printed to prove
// the whole file arrived). Server and client share the machine's CPUs: on a 2-CPU machine each gets
// one.
#include <fcntl.h>
#include <httplib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "moi/moi.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kAnswer =
    R"({"code":"OK","msg":"OK","data":{"success":true,"file_id":"1","task_id":"2","results":[]}})";

long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::strtol(line.c_str() + prefix.size(), nullptr, 10);
  }
  return -1;
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "moi_bench_upload: %s\n", what.c_str());
  std::exit(1);
}

std::string errno_text() { return std::strerror(errno); }

// ---- the server (a forked child) ----------------------------------------------------------

[[noreturn]] void run_server(int port_pipe) {
  httplib::Server server;
  std::atomic<std::uint64_t> last_received{0};
  server.Post("/connectors/upload", [&](const httplib::Request&, httplib::Response& response,
                                        const httplib::ContentReader& content_reader) {
    // cpp-httplib parses a multipart body as it arrives and hands each part's bytes over in
    // small pieces: the bytes of the `file` parts are counted, then dropped.
    std::uint64_t received = 0;
    bool in_file = false;
    content_reader(
        [&](const httplib::MultipartFormData& part) {
          in_file = part.name == "file";
          return true;
        },
        [&](const char*, std::size_t length) {
          if (in_file) received += length;
          return true;
        });
    last_received = received;
    response.set_content(kAnswer, "application/json");
  });
  server.Get("/stats", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::to_string(last_received.load()), "text/plain");
  });
  server.set_read_timeout(60, 0);
  server.set_write_timeout(60, 0);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) _exit(1);
  const std::string text = std::to_string(port) + "\n";
  if (::write(port_pipe, text.data(), text.size()) < 0) _exit(1);
  ::close(port_pipe);
  server.listen_after_bind();
  _exit(0);
}

// ---- the SDK side (a fresh process per run) -----------------------------------------------

struct SdkFigures {
  long idle_rss = 0, idle_hwm = 0, warm_hwm = 0, peak_hwm = 0, peak_rss_after = 0;
  double seconds = 0;
  bool ok = false;
};

int run_sdk_child(int port, const std::string& path, const std::string& small_path,
                  std::uint64_t size) {
  moi::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.api_key = "bench-key";
  const moi::Client client(std::move(options));
  SdkFigures figures;
  figures.idle_rss = status_kib("VmRSS");
  figures.idle_hwm = status_kib("VmHWM");
  try {
    moi::UploadRequest small;
    small.volume_id = "v";
    small.files.push_back(moi::UploadFile{small_path, {}, {}});
    client.files().upload(small);
    figures.warm_hwm = status_kib("VmHWM");

    moi::UploadRequest request;
    request.volume_id = "v";
    request.files.push_back(moi::UploadFile{path, {}, {}});
    request.max_file_bytes = size;
    const auto start = Clock::now();
    const moi::UploadResponse answer = client.files().upload(request);
    figures.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    figures.peak_hwm = status_kib("VmHWM");
    figures.peak_rss_after = status_kib("VmRSS");
    figures.ok = answer.task_id.value_or("") == "2";
  } catch (const std::exception& error) {
    std::fprintf(stderr, "moi_bench_upload: SDK upload failed: %s\n", error.what());
    return 1;
  }
  std::printf("%ld %ld %ld %ld %ld %.6f %d\n", figures.idle_rss, figures.idle_hwm, figures.warm_hwm,
              figures.peak_hwm, figures.peak_rss_after, figures.seconds, figures.ok ? 1 : 0);
  return figures.ok ? 0 : 1;
}

// ---- the parent: running children ---------------------------------------------------------

struct ChildResult {
  std::string out;
  int status = -1;
  long maxrss_kib = 0;
  double wall_seconds = 0;
};

ChildResult run_child(const std::vector<std::string>& argv) {
  int out[2];
  if (::pipe(out) != 0) die("pipe: " + errno_text());
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) die("fork: " + errno_text());
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::fprintf(stderr, "moi_bench_upload: cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  ::close(out[1]);
  ChildResult result;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  rusage usage{};
  while (::wait4(pid, &result.status, 0, &usage) < 0 && errno == EINTR) {
  }
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.maxrss_kib = usage.ru_maxrss;
  return result;
}

std::uint64_t server_received(int port) {
  httplib::Client stats("127.0.0.1", port);
  const auto answer = stats.Get("/stats");
  if (!answer || answer->status != 200) return 0;
  return std::strtoull(answer->body.c_str(), nullptr, 10);
}

std::string find_curl() {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', begin), dirs.size());
    const std::string candidate = dirs.substr(begin, end - begin) + "/curl";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    begin = end + 1;
  }
  return {};
}

struct Row {
  double sdk_seconds = 0, curl_seconds = 0;
  double sdk_wall = 0, curl_wall = 0;
  std::uint64_t sdk_body = 0, curl_body = 0;
  long idle_rss = 0, idle_hwm = 0, warm_hwm = 0, peak_hwm = 0, sdk_maxrss = 0, curl_maxrss = 0;
};

double mib(long kib) { return static_cast<double>(kib) / 1024.0; }

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t size = std::uint64_t{1} << 30;
  int runs = 3;
  std::string curl;
  std::string dir_base = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp";
  // The child mode: --child-sdk PORT PATH SMALL_PATH SIZE (internal).
  if (argc == 6 && std::string(argv[1]) == "--child-sdk") {
    return run_sdk_child(std::atoi(argv[2]), argv[3], argv[4], std::strtoull(argv[5], nullptr, 10));
  }
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 < argc && flag == "--size") {
      size = std::strtoull(argv[++i], nullptr, 10);
    } else if (i + 1 < argc && flag == "--runs") {
      runs = std::atoi(argv[++i]);
    } else if (i + 1 < argc && flag == "--curl") {
      curl = argv[++i];
    } else if (i + 1 < argc && flag == "--dir") {
      dir_base = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: moi_bench_upload [--size BYTES] [--runs N] [--curl PATH] [--dir DIR]\n");
      return 2;
    }
  }
  if (size == 0 || runs <= 0) die("--size and --runs must be positive");
  if (curl.empty()) curl = find_curl();
  if (curl.empty() || ::access(curl.c_str(), X_OK) != 0) {
    die("no curl binary found (install curl or pass --curl PATH)");
  }

  // The files: a sparse one of SIZE bytes and a 1-byte one for the warm-up call.
  std::string dir_template = dir_base + "/moi-bench-upload-XXXXXX";
  if (::mkdtemp(dir_template.data()) == nullptr) die("mkdtemp: " + errno_text());
  const std::string dir = dir_template;
  const std::string path = dir + "/upload.bin";
  const std::string small_path = dir + "/small.bin";
  {
    const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(size)) != 0)
      die("creating the file: " + errno_text());
    ::close(fd);
    const int small_fd = ::open(small_path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (small_fd < 0 || ::write(small_fd, "x", 1) != 1)
      die("creating the small file: " + errno_text());
    ::close(small_fd);
  }
  struct stat info {};
  ::stat(path.c_str(), &info);
  // Read the file once, untimed, through a 1 MiB buffer: the first read of a sparse file fills
  // the page cache with zero pages (several seconds for 1 GiB on this VM), and whichever
  // uploader came first would pay for it. Every timed upload then reads from the page cache.
  {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) die("reading the file: " + errno_text());
    std::vector<char> buffer(std::size_t{1} << 20);
    while (::read(fd, buffer.data(), buffer.size()) > 0) {
    }
    ::close(fd);
  }

  // The server, forked before anything big exists (and before any thread).
  int port_pipe[2];
  if (::pipe(port_pipe) != 0) die("pipe: " + errno_text());
  const pid_t server_pid = ::fork();
  if (server_pid < 0) die("fork: " + errno_text());
  if (server_pid == 0) {
    ::close(port_pipe[0]);
    run_server(port_pipe[1]);
  }
  ::close(port_pipe[1]);
  char port_text[32] = {};
  const ssize_t got = ::read(port_pipe[0], port_text, sizeof port_text - 1);
  ::close(port_pipe[0]);
  const int port = got > 0 ? std::atoi(port_text) : 0;
  auto cleanup = [&] {
    ::kill(server_pid, SIGTERM);
    ::waitpid(server_pid, nullptr, 0);
    ::unlink(path.c_str());
    ::unlink(small_path.c_str());
    ::rmdir(dir.c_str());
  };
  if (port <= 0) {
    cleanup();
    die("the server did not start");
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/connectors/upload";
  const std::string name = "upload.bin";
  const std::string meta = R"([{"file_name":")" + name + R"(","file_size":)" +
                           std::to_string(size) +
                           R"(,"mime_type":"application/octet-stream","filename":")" + name +
                           R"(","path":")" + name + R"("}])";

  std::printf("moi_bench_upload: %" PRIu64
              " bytes (sparse: %lld KiB allocated), server pid %d on "
              "port %d, curl %s, %d runs\n",
              size, static_cast<long long>(info.st_blocks) / 2, static_cast<int>(server_pid), port,
              curl.c_str(), runs);
  std::fflush(stdout);

  std::vector<Row> rows;
  bool failed = false;
  for (int run = 0; run < runs && !failed; ++run) {
    Row row;
    auto do_sdk = [&] {
      const ChildResult child = run_child({"/proc/self/exe", "--child-sdk", std::to_string(port),
                                           path, small_path, std::to_string(size)});
      int ok = 0;
      if (!WIFEXITED(child.status) || WEXITSTATUS(child.status) != 0 ||
          std::sscanf(child.out.c_str(), "%ld %ld %ld %ld %*s %lf %d", &row.idle_rss, &row.idle_hwm,
                      &row.warm_hwm, &row.peak_hwm, &row.sdk_seconds, &ok) != 6 ||
          ok != 1) {
        std::fprintf(stderr, "moi_bench_upload: SDK run %d failed (%s)\n", run + 1,
                     child.out.c_str());
        failed = true;
      }
      row.sdk_wall = child.wall_seconds;
      row.sdk_maxrss = child.maxrss_kib;
      row.sdk_body = server_received(port);
    };
    auto do_curl = [&] {
      const ChildResult child = run_child(
          {curl, "-sS", "-o", "/dev/null", "-w", "%{time_total} %{http_code}", "-F", "VolumeID=v",
           "--form-string", "meta=" + meta, "-F", "file=@" + path, "-H", "moi-key: k", url});
      int code = 0;
      if (!WIFEXITED(child.status) || WEXITSTATUS(child.status) != 0 ||
          std::sscanf(child.out.c_str(), "%lf %d", &row.curl_seconds, &code) != 2 || code != 200) {
        std::fprintf(stderr, "moi_bench_upload: curl run %d failed (%s)\n", run + 1,
                     child.out.c_str());
        failed = true;
      }
      row.curl_wall = child.wall_seconds;
      row.curl_maxrss = child.maxrss_kib;
      row.curl_body = server_received(port);
    };
    if (run % 2 == 0) {
      do_sdk();
      do_curl();
    } else {
      do_curl();
      do_sdk();
    }
    rows.push_back(row);
  }
  cleanup();
  if (failed) return 1;

  const double mb = static_cast<double>(size) / 1e6;
  std::printf("\n%-6s %14s %9s %9s %9s %9s %7s %9s %9s %9s %9s %9s\n", "run", "file bytes", "SDK s",
              "SDK MB/s", "curl s", "curl MB/s", "ratio", "idle RSS", "peak HWM", "peak-idle",
              "size-dep", "curl HWM");
  std::vector<double> sdk_rates, curl_rates, ratios, above_idle, size_dependent;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const double sdk_rate = mb / r.sdk_seconds;
    const double curl_rate = mb / r.curl_seconds;
    sdk_rates.push_back(sdk_rate);
    curl_rates.push_back(curl_rate);
    ratios.push_back(sdk_rate / curl_rate);
    above_idle.push_back(mib(r.peak_hwm - r.idle_rss));
    size_dependent.push_back(mib(r.peak_hwm - r.warm_hwm));
    std::printf("%-6zu %14" PRIu64
                " %9.3f %9.1f %9.3f %9.1f %7.3f %8.1fM %8.1fM %8.2fM %8.2fM "
                "%8.1fM\n",
                i + 1, r.sdk_body, r.sdk_seconds, sdk_rate, r.curl_seconds, curl_rate,
                sdk_rate / curl_rate, mib(r.idle_rss), mib(r.peak_hwm), above_idle.back(),
                size_dependent.back(), mib(r.curl_maxrss));
    if (r.sdk_body != r.curl_body) {
      std::printf("       (curl's file part: %" PRIu64 " bytes)\n", r.curl_body);
    }
  }
  std::printf("\n%-26s %10s %10s\n", "", "best", "median");
  std::printf("%-26s %10.1f %10.1f\n", "SDK MB/s",
              *std::max_element(sdk_rates.begin(), sdk_rates.end()), median(sdk_rates));
  std::printf("%-26s %10.1f %10.1f\n", "curl MB/s",
              *std::max_element(curl_rates.begin(), curl_rates.end()), median(curl_rates));
  std::printf("%-26s %10.3f %10.3f   (best SDK / best curl; median of per-run ratios)\n",
              "ratio SDK/curl",
              *std::max_element(sdk_rates.begin(), sdk_rates.end()) /
                  *std::max_element(curl_rates.begin(), curl_rates.end()),
              median(ratios));
  std::printf("%-26s %10.2f %10.2f   (MiB: VmHWM after the upload - VmRSS idle; goal < 32)\n",
              "SDK peak above idle", *std::min_element(above_idle.begin(), above_idle.end()),
              median(above_idle));
  std::printf("%-26s %10.2f %10.2f   (MiB: VmHWM after - VmHWM after a 1-byte upload)\n",
              "SDK size-dependent", *std::min_element(size_dependent.begin(), size_dependent.end()),
              median(size_dependent));
  std::printf(
      "\nMB = 10^6 bytes of the file; SDK s = the upload() call; curl s = %%{time_total}.\n"
      "Process wall times (start-up included), run by run: ");
  for (const Row& r : rows) std::printf("SDK %.3f s / curl %.3f s; ", r.sdk_wall, r.curl_wall);
  std::printf("\nidle HWM (before any call) run by run: ");
  for (const Row& r : rows) std::printf("%.1fM ", mib(r.idle_hwm));
  std::printf("\n");
  return 0;
}
