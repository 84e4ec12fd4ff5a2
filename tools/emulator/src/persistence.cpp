// SPDX-License-Identifier: Apache-2.0
#include "persistence.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "hmac.hpp"

namespace moi::emulator::detail {

namespace {

// Closes the descriptor on every exit path unless released.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  int release() {
    const int out = fd;
    fd = -1;
    return out;
  }
};

std::string error_text(int error) {
  if (error == ELOOP) return "it is a symbolic link";
  return std::strerror(error);
}

[[noreturn]] void storage_failure(const std::string& what, const std::string& path, int error) {
  const std::string reason = error_text(error);
  throw StorageError(what + " " + path + ": " + reason, reason);
}

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string uid_text(uid_t uid) { return "uid " + std::to_string(uid); }

// Writes all of `content`; false with errno set on failure.
bool write_all(int fd, const std::string& content) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

// Another user can add, remove or rename entries in a directory with this status.
bool writable_by_others(const struct stat& st) {
  if ((st.st_mode & S_ISVTX) != 0) return false;
  return (st.st_mode & S_IWOTH) != 0 || ((st.st_mode & S_IWGRP) != 0 && st.st_gid != ::getegid());
}

}  // namespace

std::pair<std::string, std::string> split_path(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") {
    throw std::runtime_error("\"" + path + "\" does not name a file");
  }
  return {std::move(dir), std::move(name)};
}

CheckedDir CheckedDir::open_shared(const std::string& path, const std::string& what) {
  Fd fd{::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (fd.fd < 0) {
    throw std::runtime_error("cannot open the directory " + path + " of " + what + ": " +
                             error_text(errno));
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) {
    throw std::runtime_error("cannot stat the directory " + path + ": " + error_text(errno));
  }
  if (st.st_uid != ::geteuid() && st.st_uid != 0) {
    throw std::runtime_error("directory " + path + " of " + what + " is owned by " +
                             uid_text(st.st_uid) + ", not by this user (" + uid_text(::geteuid()) +
                             ") or root: refusing to write there");
  }
  if (writable_by_others(st)) {
    throw std::runtime_error("directory " + path + " of " + what +
                             " is writable by other users and not sticky (mode " +
                             octal_mode(st.st_mode) + "): refusing to write there");
  }
  return CheckedDir(fd.release(), path);
}

CheckedDir CheckedDir::open_private(const CheckedDir& parent, const std::string& name,
                                    const std::string& what) {
  const std::string path = parent.path_of(name);
  if (::mkdirat(parent.fd(), name.c_str(), 0700) != 0 && errno != EEXIST) {
    throw std::runtime_error("cannot create " + what + " " + path + ": " + error_text(errno));
  }
  Fd fd{::openat(parent.fd(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
  if (fd.fd < 0) {
    const int error = errno;
    if (error == ELOOP || error == ENOTDIR) {
      throw std::runtime_error(what + " " + path +
                               " is not a directory (a symbolic link or a file): refusing it; "
                               "remove it or pass another --state");
    }
    throw std::runtime_error("cannot open " + what + " " + path + ": " + error_text(error));
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) {
    throw std::runtime_error("cannot stat " + what + " " + path + ": " + error_text(errno));
  }
  if (st.st_uid != ::geteuid()) {
    throw std::runtime_error(what + " " + path + " is owned by " + uid_text(st.st_uid) +
                             ", not by this user (" + uid_text(::geteuid()) +
                             "): refusing to adopt it; remove it or pass another --state");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw std::runtime_error(what + " " + path + " is writable by group or others (mode " +
                             octal_mode(st.st_mode) +
                             "): refusing to adopt it; remove it or chmod 700 it");
  }
  if ((st.st_mode & 077) != 0 && ::fchmod(fd.fd, 0700) != 0) {
    throw std::runtime_error("cannot chmod 700 " + what + " " + path + ": " + error_text(errno));
  }
  return CheckedDir(fd.release(), path);
}

CheckedDir::CheckedDir(CheckedDir&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

CheckedDir& CheckedDir::operator=(CheckedDir&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

CheckedDir::~CheckedDir() {
  if (fd_ >= 0) ::close(fd_);
}

std::string CheckedDir::path_of(const std::string& name) const {
  if (path_ == ".") return name;
  return path_ == "/" ? "/" + name : path_ + "/" + name;
}

std::string CheckedDir::create_unique(const std::string& prefix, const std::string& content,
                                      mode_t mode) const {
  for (int attempt = 0;; ++attempt) {
    const std::string name = prefix + random_hex(8);
    Fd file{
        ::openat(fd_, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)};
    if (file.fd < 0) {
      // A name taken by chance or planted by someone: draw another one.
      if (errno == EEXIST && attempt < 16) continue;
      storage_failure("cannot create", path_of(name), errno);
    }
    if (!write_all(file.fd, content) || ::fsync(file.fd) != 0) {
      const int error = errno;
      ::unlinkat(fd_, name.c_str(), 0);
      storage_failure("cannot write", path_of(name), error);
    }
    return name;
  }
}

void CheckedDir::replace(const std::string& name, const std::string& content, mode_t mode) const {
  const std::string tmp = create_unique(name + ".tmp.", content, mode);
  if (::renameat(fd_, tmp.c_str(), fd_, name.c_str()) != 0) {
    const int error = errno;
    ::unlinkat(fd_, tmp.c_str(), 0);
    storage_failure("cannot rename onto", path_of(name), error);
  }
  // The rename itself must be on disk before anything is acknowledged.
  sync();
}

void CheckedDir::sync() const {
  if (::fsync(fd_) != 0) storage_failure("cannot fsync the directory", path_, errno);
}

std::optional<std::string> CheckedDir::read(const std::string& name) const {
  Fd file{::openat(fd_, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    storage_failure("cannot open", path_of(name), errno);
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) storage_failure("cannot stat", path_of(name), errno);
  if (!S_ISREG(st.st_mode)) {
    throw StorageError(path_of(name) + " is not a regular file", "not a regular file");
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      storage_failure("cannot read", path_of(name), errno);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

void CheckedDir::remove(const std::string& name) const { ::unlinkat(fd_, name.c_str(), 0); }

std::vector<std::string> CheckedDir::names() const {
  std::vector<std::string> out;
  const int copy = ::openat(fd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (copy < 0) return out;
  DIR* dir = ::fdopendir(copy);
  if (dir == nullptr) {
    ::close(copy);
    return out;
  }
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") out.push_back(name);
  }
  ::closedir(dir);
  return out;
}

int lock_state_file(const CheckedDir& dir, const std::string& state_name) {
  const std::string name = state_name + ".lock";
  const std::string path = dir.path_of(name);
  Fd fd{::openat(dir.fd(), name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
                 0600)};
  if (fd.fd < 0) {
    throw std::runtime_error("cannot open the lock file " + path + ": " + error_text(errno) +
                             "; refusing to start without the state lock");
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) {
    throw std::runtime_error("cannot stat the lock file " + path + ": " + error_text(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    throw std::runtime_error("lock file " + path + " is not a regular file: refusing it");
  }
  if (st.st_uid != ::geteuid()) {
    throw std::runtime_error("lock file " + path + " is owned by " + uid_text(st.st_uid) +
                             ", not by this user (" + uid_text(::geteuid()) +
                             "): refusing it; remove it or pass another --state");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw std::runtime_error("lock file " + path + " is writable by group or others (mode " +
                             octal_mode(st.st_mode) +
                             "): refusing it; remove it or pass another --state");
  }
  if (::flock(fd.fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      throw std::runtime_error("state file " + dir.path_of(state_name) +
                               " is in use by another moi-emulator (lock " + path +
                               " is held); stop that one or pass another --state");
    }
    throw std::runtime_error("cannot lock " + path + ": " + error_text(errno) +
                             "; refusing to start without the state lock");
  }
  return fd.release();
}

}  // namespace moi::emulator::detail
