// SPDX-License-Identifier: Apache-2.0
// moi_bench_genai: download + extraction of a GenAI result ZIP (issue 23, docs/performance.md).
//
//   moi_bench_genai [--mib SIZE] [--dir DIR] [--bsdtar-first 1]
//
// Writes a ZIP of SIZE MiB (default 1024) in the documented layout into a fresh temporary
// folder of DIR (default $TMPDIR or /tmp): 16 stored (uncompressed) entries of pseudo-random
// bytes under `bench.md-<uuid>/`. A child process serves it on a loopback port as G3 answers
// it (application/zip, streamed from disk). This process then downloads it with
// GenaiClient::download_result and extracts it with moi::extract_zip, and prints one JSON line:
// the idle and peak resident set (VmRSS, VmHWM in KiB), the peak over idle, download and
// extraction times, extraction throughput, and `bsdtar -xf` on the same archive (or a line
// saying bsdtar is missing). Everything it wrote is removed at the end.

#include <archive.h>
#include <archive_entry.h>
#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "moi/helpers/genai.hpp"
#include "moi/moi.hpp"
#include "process_stats.hpp"

namespace {

using moi_bench::seconds_since;
using moi_bench::status_kib;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// User + system CPU seconds of this process (RUSAGE_SELF) or of its waited-for children: on a
// shared machine CPU time compares the two extractors where wall time measures the neighbours.
double cpu_seconds(int who) {
  rusage usage{};
  ::getrusage(who, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// A stored ZIP of `mib` MiB of xorshift bytes in 16 entries.
bool write_zip(const fs::path& path, long mib) {
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                            &archive_write_free);
  archive_write_set_format_zip(a.get());
  archive_write_set_options(a.get(), "zip:compression=store");
  if (archive_write_open_filename(a.get(), path.c_str()) != ARCHIVE_OK) return false;
  const std::string top = "bench.md-3f2b8c1e-5d4a-4b6f-9a0e-7c1d2e3f4a5b/";
  const long entries = 16;
  const long per_entry = mib * 1024 * 1024 / entries;
  std::vector<std::uint64_t> buffer(1 << 17);  // 1 MiB
  std::uint64_t x = 88172645463325252ULL;
  for (long e = 0; e < entries; ++e) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                        &archive_entry_free);
    const std::string name =
        top + (e == 0 ? "bench.md.md" : "images/" + std::to_string(e) + ".jpg");
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), per_entry);
    if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK) return false;
    for (long written = 0; written < per_entry;) {
      for (auto& word : buffer) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        word = x;
      }
      const long n = std::min<long>(per_entry - written, static_cast<long>(buffer.size() * 8));
      if (archive_write_data(a.get(), buffer.data(), static_cast<size_t>(n)) != n) return false;
      written += n;
    }
  }
  return archive_write_close(a.get()) == ARCHIVE_OK;
}

// The child: serves `zip` as G3 until killed.
[[noreturn]] void serve(const fs::path& zip, int port_pipe) {
  httplib::Server server;
  server.Get(R"(/byoa/api/v1/explore/volumes/any/files/([^/]+)/raws)",
             [&zip](const httplib::Request&, httplib::Response& res) {
               const auto size = static_cast<std::size_t>(fs::file_size(zip));
               auto in = std::make_shared<std::ifstream>(zip, std::ios::binary);
               res.set_content_provider(
                   size, "application/zip",
                   [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                     static thread_local std::vector<char> chunk(1 << 16);
                     in->seekg(static_cast<std::streamoff>(offset));
                     const std::size_t n = std::min(length, chunk.size());
                     in->read(chunk.data(), static_cast<std::streamsize>(n));
                     return sink.write(chunk.data(), static_cast<std::size_t>(in->gcount()));
                   });
             });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (::write(port_pipe, &port, sizeof port) != static_cast<ssize_t>(sizeof port)) ::_exit(1);
  ::close(port_pipe);
  server.listen_after_bind();
  ::_exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  long mib = 1024;
  bool bsdtar_first = false;  // run bsdtar before moi::extract_zip (order bias check)
  fs::path base = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--mib") mib = std::atol(argv[i + 1]);
    if (flag == "--dir") base = argv[i + 1];
    if (flag == "--bsdtar-first") bsdtar_first = std::string(argv[i + 1]) == "1";
  }
  std::string pattern = (base / "moi-bench-genai-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const fs::path dir = pattern;
  const fs::path source = dir / "served.zip";
  auto start = Clock::now();
  if (!write_zip(source, mib)) {
    std::fprintf(stderr, "moi_bench_genai: cannot write %s\n", source.c_str());
    fs::remove_all(dir);
    return 1;
  }
  const double generate_s = seconds_since(start);
  const auto archive_bytes = fs::file_size(source);

  int fds[2];
  if (::pipe(fds) != 0) return 1;
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    serve(source, fds[1]);
  }
  ::close(fds[1]);
  int port = 0;
  if (::read(fds[0], &port, sizeof port) != static_cast<ssize_t>(sizeof port)) return 1;
  ::close(fds[0]);

  moi::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.api_key = "bench";
  options.timeout = std::chrono::seconds(60);
  moi::Client client(options);
  const long idle_rss = status_kib("VmRSS");

  const fs::path downloaded = dir / "result.zip";
  start = Clock::now();
  const std::uint64_t bytes =
      client.genai().download_result("FILE", downloaded.string(), moi::GenaiDownloadOptions{});
  const double download_s = seconds_since(start);

  std::string bsdtar_line;
  double bsdtar_s = -1;
  double bsdtar_cpu_s = -1;  // user + system time of bsdtar (and its shell)
  const bool have_bsdtar = std::system("command -v bsdtar >/dev/null 2>&1") == 0;
  const auto run_bsdtar = [&] {
    if (!have_bsdtar) return;
    fs::create_directory(dir / "bsdtar");
    const std::string command =
        "bsdtar -xf '" + downloaded.string() + "' -C '" + (dir / "bsdtar").string() + "'";
    const auto began = Clock::now();
    const double cpu_before = cpu_seconds(RUSAGE_CHILDREN);
    const int rc = std::system(command.c_str());
    bsdtar_s = rc == 0 ? seconds_since(began) : -1;
    bsdtar_cpu_s = rc == 0 ? cpu_seconds(RUSAGE_CHILDREN) - cpu_before : -1;
    fs::remove_all(dir / "bsdtar");
  };
  if (!have_bsdtar) {
    std::printf("bsdtar not found: the comparison is skipped (scripts/install-deps.sh bench)\n");
  }
  if (bsdtar_first) run_bsdtar();
  fs::create_directory(dir / "moi");
  start = Clock::now();
  const double cpu_before = cpu_seconds(RUSAGE_SELF);
  const moi::ExtractedZip extracted = moi::extract_zip(downloaded.string(), (dir / "moi").string());
  const double extract_s = seconds_since(start);
  const double extract_cpu_s = cpu_seconds(RUSAGE_SELF) - cpu_before;
  const long peak = status_kib("VmHWM");
  ::kill(child, SIGTERM);
  ::waitpid(child, nullptr, 0);
  fs::remove_all(dir / "moi");
  if (!bsdtar_first) run_bsdtar();
  fs::remove_all(dir);

  const double mib_bytes = 1024.0 * 1024.0;
  std::printf(
      "{\"archive_mib\":%.1f,\"generate_s\":%.2f,\"download_bytes\":%llu,\"download_s\":%.2f,"
      "\"download_mib_s\":%.0f,\"extract_entries\":%llu,\"extract_s\":%.2f,"
      "\"extract_mib_s\":%.0f,\"idle_rss_kib\":%ld,\"peak_rss_kib\":%ld,"
      "\"peak_over_idle_mib\":%.1f,\"bsdtar_s\":%.2f,\"bsdtar_mib_s\":%.0f,"
      "\"moi_vs_bsdtar\":%.2f,\"extract_cpu_s\":%.2f,\"bsdtar_cpu_s\":%.2f,"
      "\"moi_vs_bsdtar_cpu\":%.2f}\n",
      static_cast<double>(archive_bytes) / mib_bytes, generate_s,
      static_cast<unsigned long long>(bytes), download_s,
      static_cast<double>(bytes) / mib_bytes / download_s,
      static_cast<unsigned long long>(extracted.entries), extract_s,
      static_cast<double>(extracted.bytes) / mib_bytes / extract_s, idle_rss, peak,
      static_cast<double>(peak - idle_rss) / 1024.0, bsdtar_s,
      bsdtar_s > 0 ? static_cast<double>(extracted.bytes) / mib_bytes / bsdtar_s : 0.0,
      bsdtar_s > 0 ? bsdtar_s / extract_s : 0.0, extract_cpu_s, bsdtar_cpu_s,
      bsdtar_cpu_s > 0 && extract_cpu_s > 0 ? bsdtar_cpu_s / extract_cpu_s : 0.0);
  return 0;
}
