// SPDX-License-Identifier: Apache-2.0
// Preloaded into moi-emulator by one test (LD_PRELOAD): fsync and fdatasync of the table
// store's files (names holding "tables.sqlite") take MOI_TEST_SLOW_FSYNC_MS milliseconds
// longer, as on a slow disk. Every other call goes straight to the C library.
#include <dlfcn.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

void delay_if_table_store(int fd) {
  const char* ms = std::getenv("MOI_TEST_SLOW_FSYNC_MS");
  if (ms == nullptr) return;
  char target[4096];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
  if (n <= 0) return;
  if (std::string(target, static_cast<std::size_t>(n)).find("tables.sqlite") == std::string::npos) {
    return;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(ms)));
}

using SyncCall = int (*)(int);

SyncCall next(const char* name) { return reinterpret_cast<SyncCall>(::dlsym(RTLD_NEXT, name)); }

}  // namespace

extern "C" int fsync(int fd) {
  static const SyncCall real = next("fsync");
  delay_if_table_store(fd);
  return real(fd);
}

extern "C" int fdatasync(int fd) {
  static const SyncCall real = next("fdatasync");
  delay_if_table_store(fd);
  return real(fd);
}
