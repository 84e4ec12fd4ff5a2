// SPDX-License-Identifier: Apache-2.0
// Helpers for tests that run the real moi-emulator executable or need files of their own: a
// private temporary directory, and the executable as a child process with its stdout and
// stderr on pipes (and code to run in the child before exec, e.g. to switch users).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace moi::emulator::testing {

// A fresh directory (0700) under the temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "moi-emulator-hard-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The moi-emulator executable with stdout and stderr on pipes; `before_exec` runs in the child.
class Proc {
 public:
  /// `extra_env`: "NAME=value" entries added to (and overriding) the environment.
  /// `executable`: the program to run (default: the build's moi-emulator).
  Proc(std::vector<std::string> args, const std::function<void()>& before_exec = {},
       const std::vector<std::string>& extra_env = {},
       const std::string& executable = MOI_EMULATOR_EXE) {
    args.insert(args.begin(), executable);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      const std::string name = entry.substr(0, entry.find('='));
      bool overridden = false;
      for (const auto& extra : extra_env) overridden |= extra.rfind(name + "=", 0) == 0;
      if (!overridden) env_strings.push_back(entry);
    }
    for (const auto& extra : extra_env) env_strings.push_back(extra);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    int out[2];
    int err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe failed");
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(err[1], STDERR_FILENO);
      if (before_exec) before_exec();
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~Proc() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    ::close(out_);
    ::close(err_);
  }
  Proc(const Proc&) = delete;
  Proc& operator=(const Proc&) = delete;

  /// One line of stdout, or nullopt on timeout or end of output.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout) {
    std::string line;
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      pollfd p{out_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
        return std::nullopt;
      }
      char c;
      if (::read(out_, &c, 1) != 1) return std::nullopt;
      if (c == '\n') return line;
      line += c;
    }
  }

  int port() {
    auto line = read_line(std::chrono::seconds(10));
    const std::string prefix = "listening on http://127.0.0.1:";
    if (!line || line->rfind(prefix, 0) != 0) return 0;
    return std::stoi(line->substr(prefix.size()));
  }

  /// Sends `sig` to the process.
  void signal(int sig) { ::kill(pid_, sig); }

  /// Waits (at most `timeout`) for exit; returns the wait status, or -1 on timeout.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return status;
      }
      if (std::chrono::steady_clock::now() >= until) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  /// Everything on stdout/stderr after the process has exited.
  std::string rest_of_stdout() { return drain(out_); }
  std::string all_stderr() { return drain(err_); }

 private:
  static std::string drain(int fd) {
    std::string s;
    char buf[4096];
    for (;;) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 1000) <= 0) break;
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) break;
      s.append(buf, static_cast<std::size_t>(n));
    }
    return s;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
};

}  // namespace moi::emulator::testing
