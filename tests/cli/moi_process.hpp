// SPDX-License-Identifier: Apache-2.0
// The real `moi` program as a child process: chosen environment and standard input (a file, a
// FIFO or a terminal), standard output and error captured in files, signals sent to it.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace moi::cli::testing {

/// Polls @p condition for up to @p limit.
inline bool eventually_true(const std::function<bool()>& condition,
                            std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

/// Null-terminated pointers into @p text (which must outlive them), for exec and spawn calls.
inline std::vector<char*> c_strings(std::vector<std::string>& text) {
  std::vector<char*> out;
  for (auto& t : text) out.push_back(t.data());
  out.push_back(nullptr);
  return out;
}

class MoiProcess {
 public:
  /// Starts MOI_CLI_BINARY with @p args, the environment @p env ("NAME=value" entries only)
  /// and standard input opened from @p stdin_path (O_RDWR for a terminal, so it stays usable).
  MoiProcess(const std::vector<std::string>& args, const std::vector<std::string>& env,
             const std::string& stdin_path = "/dev/null") {
    char pattern[] = "/tmp/moi-cli-process-XXXXXX";
    if (const char* made = ::mkdtemp(pattern)) dir_ = made;
    std::vector<std::string> argv_text{MOI_CLI_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv = c_strings(argv_text);
    std::vector<std::string> env_text = env;
    std::vector<char*> envp = c_strings(env_text);

    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, stdin_path.c_str(), O_RDWR, 0);
    posix_spawn_file_actions_addopen(&files, 1, (dir_ + "/out").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&files, 2, (dir_ + "/err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigset_t defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    spawned_ =
        ::posix_spawn(&pid_, MOI_CLI_BINARY, &files, &attributes, argv.data(), envp.data()) == 0;
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&files);
  }

  ~MoiProcess() {
    if (spawned_ && !reaped_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (!dir_.empty()) std::system(("rm -rf '" + dir_ + "'").c_str());  // NOLINT
  }
  MoiProcess(const MoiProcess&) = delete;
  MoiProcess& operator=(const MoiProcess&) = delete;

  bool spawned() const { return spawned_; }
  void signal(int signal_number) const { ::kill(pid_, signal_number); }

  /// The exit code once it ended within @p limit; -1 when it is still running, 1000 + the
  /// signal when a signal ended it.
  int wait(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    for (;;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
      }
      if (std::chrono::steady_clock::now() >= end) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  std::string out() const { return slurp(dir_ + "/out"); }
  std::string err() const { return slurp(dir_ + "/err"); }

 private:
  static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
  pid_t pid_ = -1;
  bool spawned_ = false;
  bool reaped_ = false;
};

}  // namespace moi::cli::testing
