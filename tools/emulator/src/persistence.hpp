// SPDX-License-Identifier: Apache-2.0
// The emulator's files (state, lock, uploads, port file), written next to other users: every
// directory is opened once and checked (owner, mode), every file is created with
// O_CREAT|O_EXCL|O_NOFOLLOW under a random name inside it, fsync'ed, then renamed. Nothing is
// ever opened again through a name another user could point elsewhere.
#pragma once

#include <sys/types.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace moi::emulator::detail {

/// A failed read or write: what() names the file (for the emulator's own log line), reason()
/// only says what went wrong ("No space left on device"), for answers sent to clients.
class StorageError : public std::runtime_error {
 public:
  StorageError(const std::string& detail, std::string reason)
      : std::runtime_error(detail), reason_(std::move(reason)) {}
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

/// "dir" and "name" of a path ("." for a bare name). Throws std::runtime_error when the path
/// names no file ("", ends in "/", "." or "..").
std::pair<std::string, std::string> split_path(const std::string& path);

/// One directory, held open by descriptor for its lifetime, so what was checked is what is
/// written into. Move-only. Not thread-safe for `move`; the file operations are.
class CheckedDir {
 public:
  /// The directory that holds a file the emulator writes (state file, port file). Refused
  /// (std::runtime_error, one line naming it, for `what` e.g. "--state") when it is not a
  /// directory, is owned by another user than this one or root, or when another user can
  /// write into it and it has no sticky bit (/tmp is fine: sticky).
  static CheckedDir open_shared(const std::string& path, const std::string& what);
  /// A private directory (the uploads): created 0700 when missing; an existing one must be a
  /// directory (not a symlink) owned by this user that neither group nor others can write
  /// (refused otherwise, naming it); group/other read bits are then taken away.
  static CheckedDir open_private(const CheckedDir& parent, const std::string& name,
                                 const std::string& what);

  CheckedDir(CheckedDir&& other) noexcept;
  CheckedDir& operator=(CheckedDir&& other) noexcept;
  CheckedDir(const CheckedDir&) = delete;
  CheckedDir& operator=(const CheckedDir&) = delete;
  ~CheckedDir();

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  /// path()/name, for messages.
  std::string path_of(const std::string& name) const;

  /// Replaces `name` with `content` so that a crash at any moment leaves either the old or the
  /// new content: a new file (O_EXCL|O_NOFOLLOW, `mode`, random name "<name>.tmp.<hex>") is
  /// written, fsync'ed, renamed over `name`, and the directory fsync'ed. Throws StorageError
  /// (the temporary file is removed).
  void replace(const std::string& name, const std::string& content, mode_t mode) const;
  /// Creates a new file "<prefix><random hex>" (O_EXCL|O_NOFOLLOW, `mode`) holding `content`,
  /// fsync'ed, and returns its name. The directory entry is durable only after sync().
  /// Throws StorageError (nothing is left behind).
  std::string create_unique(const std::string& prefix, const std::string& content,
                            mode_t mode) const;
  /// fsync of the directory itself. Throws StorageError.
  void sync() const;
  /// The content of regular file `name` (never through a symlink), or nullopt when it does not
  /// exist. Throws StorageError.
  std::optional<std::string> read(const std::string& name) const;
  /// Removes `name` (a missing one is fine).
  void remove(const std::string& name) const;
  /// The names in the directory ("." and ".." left out).
  std::vector<std::string> names() const;

 private:
  CheckedDir(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

/// The lock file "<state_name>.lock" in `dir` (beside the state file, never removed), opened
/// (created 0600 if missing, never through a symlink) and exclusively flock'ed; returns its
/// descriptor. Throws std::runtime_error naming the file and the reason when it cannot be opened or
/// locked for any reason, is held by another process, is not a regular file, belongs to another
/// user or can be written by group or others.
int lock_state_file(const CheckedDir& dir, const std::string& state_name);

}  // namespace moi::emulator::detail
