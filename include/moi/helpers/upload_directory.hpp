// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// upload_directory(): a local directory tree into a volume, its subdirectories as folders.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "moi/client.hpp"
#include "moi/model/load_task.hpp"  // UploadDedup
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// One file's progress event, reported as each file starts and ends.
struct DirectoryUploadProgress {
  std::string relative_path{};  ///< "sub/inner.txt".
  std::uint64_t bytes = 0;      ///< The file's size.
  bool finished = false;        ///< false when it starts, true when its upload ended.
  std::size_t files_done = 0;   ///< Files finished so far (this one included when finished).
  std::size_t files_total = 0;  ///< Files to upload.
};

/// Options of upload_directory().
struct UploadDirectoryOptions {
  /// Glob patterns (fnmatch) a file must match to be uploaded; empty: every file. A pattern
  /// with a "/" matches the relative path ("sub/*.md"), else the file's name ("*.md").
  std::vector<std::string> include{};
  /// Glob patterns of files and directories to leave out (same matching; a directory that
  /// matches is not entered).
  std::vector<std::string> exclude{};
  std::size_t parallel = 4;  ///< Uploads at the same time (1-64), one file per request.
  /// Sent with every file when set (UploadRequest::dedup; checked before anything is sent).
  std::optional<UploadDedup> dedup{};
  std::size_t max_files = 100000;  ///< A larger tree is refused before anything is sent.
  std::uint64_t max_file_bytes = std::uint64_t{200} * 1024 * 1024;  ///< Per file.
  /// Called from the upload threads, one call at a time; may be empty.
  std::function<void(const DirectoryUploadProgress&)> on_progress{};
};

/// What happened to one entry of the tree.
struct DirectoryUploadEntry {
  /// kUploaded: sent and accepted (`file_id`, `task_id`); kSkipped: not sent (`reason`: not a
  /// regular file, a symbolic link, unreadable, excluded by a pattern is NOT listed);
  /// kFailed: sent and refused, or the call failed (`reason`: the error's message).
  enum class Outcome { kUploaded, kSkipped, kFailed };
  std::string relative_path{};           ///< Path below the directory, "/"-separated.
  Outcome outcome = Outcome::kUploaded;  ///< See above.
  std::string file_id{};                 ///< The new file (kUploaded).
  std::string task_id{};                 ///< Its load task (kUploaded).
  std::string message{};  ///< The service's per-file message (kUploaded), e.g. a dedup note.
  std::string reason{};   ///< Why it was skipped or failed.
  /// kUploaded, but the service kept a stored duplicate instead (dedup "skip"): `file_id` is
  /// then the stored file's. Read from the per-file message starting with "skipped" (how
  /// moi-emulator reports it; the service's wording is not documented).
  bool duplicate = false;
};

/// The result of upload_directory(): one entry per regular file and per skipped entry, in path
/// order; one failed file never hides the others.
struct DirectoryUploadResult {
  std::vector<DirectoryUploadEntry> entries{};  ///< Every file and skipped entry.
  std::vector<std::string> folders_created{};   ///< Relative paths of the folders made.
  std::size_t uploaded = 0;                     ///< Entries kUploaded.
  std::size_t skipped = 0;                      ///< Entries kSkipped.
  std::size_t failed = 0;                       ///< Entries kFailed.
  std::size_t duplicates = 0;  ///< Entries kUploaded that were duplicates (see `duplicate`).
};

/// Uploads the contents of directory @p dir into volume @p volume_id: its files go to the
/// volume's root (the directory itself is not a folder), its subdirectories become folders
/// (found by name, or created with FolderClient::create()), and each file is sent in its own
/// `POST /connectors/upload` with the folder path in `meta` (UploadFile::folder), over
/// `options.parallel` connections.
///
/// The walk never follows symbolic links and never opens what is not a regular file: FIFOs,
/// sockets, devices, symbolic links (loops included) and unreadable files are listed as
/// kSkipped with the reason. Everything is checked before the first upload; a directory that
/// cannot be read, a @p dir that is not a directory, or a tree past `max_files` throws
/// InvalidArgumentError before anything is sent. A failed file is recorded (kFailed) and the
/// others go on; CallOptions::should_abort and deadline stop the remaining uploads (the
/// entries not sent are kFailed "cancelled"), then the error is thrown.
/// Thread-safety: runs its own threads; @p client is shared by them (it is thread-safe).
MOI_EXPORT DirectoryUploadResult upload_directory(const Client& client,
                                                  const std::string& volume_id,
                                                  const std::string& dir,
                                                  const UploadDirectoryOptions& options = {},
                                                  const CallOptions& call = {});

/// "uploaded", "skipped" or "failed".
MOI_EXPORT std::string to_string(DirectoryUploadEntry::Outcome outcome);

}  // namespace moi
