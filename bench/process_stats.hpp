// SPDX-License-Identifier: Apache-2.0
// What the benchmarks read of their own process: /proc/self/status fields and wall time.
#pragma once

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

namespace moi_bench {

/// The value in KiB of field @p field (VmRSS, VmHWM, ...) of /proc/self/status; -1 if absent.
inline long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::strtol(line.c_str() + prefix.size(), nullptr, 10);
  }
  return -1;
}

/// Seconds of steady-clock time since @p start.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace moi_bench
