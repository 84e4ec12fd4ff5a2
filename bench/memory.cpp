// SPDX-License-Identifier: Apache-2.0
// moi_bench_memory: peak memory of iterating a job's files through moi::all_job_files.
//
//   moi_bench_memory --port N --files COUNT [--page-size SIZE] [--keep]
//
// Iterates every file of bench-server job "files-COUNT" (SIZE per page, default 1000) and
// prints one JSON line: items and pages seen, the process's peak resident set (VmHWM from
// /proc/self/status and getrusage's ru_maxrss, both in KiB) before and after, and the time.
// Run it once per size in separate processes: a process's peak never goes down. --keep copies
// every item into a vector (the control: what holding them all would cost).

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "moi/moi.hpp"
#include "process_stats.hpp"

namespace {

using moi_bench::status_kib;

long maxrss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  long long files = 0;
  long long page_size = 1000;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--keep") {
      keep = true;
    } else if (i + 1 < argc && flag == "--port") {
      port = std::atoi(argv[++i]);
    } else if (i + 1 < argc && flag == "--files") {
      files = std::atoll(argv[++i]);
    } else if (i + 1 < argc && flag == "--page-size") {
      page_size = std::atoll(argv[++i]);
    }
  }
  if (port <= 0 || files <= 0 || page_size <= 0) {
    std::fprintf(stderr,
                 "usage: moi_bench_memory --port N --files COUNT [--page-size SIZE] [--keep]\n");
    return 2;
  }

  moi::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.api_key = "bench-key-0123456789abcdef0123456789abcdef";
  const moi::Client client(std::move(options));
  const long hwm_before = status_kib("VmHWM");

  const auto start = std::chrono::steady_clock::now();
  moi::ListJobFilesRequest request;
  request.page_size = page_size;
  auto range = moi::all_job_files(client.jobs(), "files-" + std::to_string(files), request);
  long long items = 0;
  std::size_t name_bytes = 0;
  std::vector<moi::JobFileInfo> kept;
  for (const moi::JobFileInfo& file : range) {
    ++items;
    name_bytes += file.file_name ? file.file_name->size() : 0;  // touch every item
    if (keep) kept.push_back(file);
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

  std::printf(
      "{\"files\":%lld,\"page_size\":%lld,\"keep\":%s,\"items\":%lld,\"pages\":%zu,"
      "\"name_bytes\":%zu,"
      "\"vmhwm_before_kib\":%ld,\"vmhwm_kib\":%ld,\"maxrss_kib\":%ld,\"seconds\":%.3f}\n",
      files, page_size, keep ? "true" : "false", items, range.pages_fetched(), name_bytes,
      hwm_before, status_kib("VmHWM"), maxrss_kib(), elapsed.count());
  return items == files ? 0 : 1;
}
