// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// GenAI results: safe extraction of a result ZIP (hostile input), a typed view of the
/// documented layout, and parse_files(), the whole flow in one call (submit, wait, download,
/// extract).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "moi/client.hpp"
#include "moi/error.hpp"
#include "moi/genai_client.hpp"
#include "moi/helpers/waiters.hpp"
#include "moi/model/genai.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// An archive was refused (hostile or not a ZIP) or could not be extracted. Nothing was left
/// in the target directory. Not retryable.
class MOI_EXPORT ArchiveError : public Error {
 public:
  /// @p message is the whole line; @p entry names the offending entry (escaped), or is empty
  /// when the archive as a whole was refused.
  ArchiveError(const std::string& message, std::string entry);
  /// The offending entry's name as the archive gives it (escaped to one line), or empty.
  const std::string& entry() const noexcept { return entry_; }

 private:
  std::string entry_;
};

/// Bounds of an extraction. Each is checked against the bytes actually written (the sizes
/// an archive declares are checked too, before anything is written, but never trusted).
struct ZipLimits {
  /// Largest expansion of one entry over its compressed size, checked once the entry has
  /// written more than ratio_floor_bytes.
  std::uint64_t max_ratio = 100;
  /// Size below which an entry's ratio is not checked (tiny entries compress very well).
  std::uint64_t ratio_floor_bytes = std::uint64_t{1} << 20;
  /// Largest entry.
  std::uint64_t max_entry_bytes = std::uint64_t{1} << 30;
  /// Largest sum of all entries.
  std::uint64_t max_total_bytes = std::uint64_t{4} << 30;
  /// Most entries (directories included).
  std::uint64_t max_entries = 100000;
};

/// How extract_zip() places the result.
struct ZipExtractOptions {
  ZipLimits limits{};  ///< Bounds of the extraction.
  /// Name of the folder created in the target directory. Empty: when every entry sits in one
  /// top-level folder (the documented `{name}-{id}/` layout) that folder itself; otherwise the
  /// archive's file name without `.zip`.
  std::string folder_name{};
  /// Replace an existing folder of that name (it is removed only once the new one is in
  /// place). Without it an existing folder is an ArchiveError and is left untouched.
  bool replace_existing = false;
};

/// What extract_zip() produced.
struct ExtractedZip {
  std::string folder;               ///< The folder created in the target directory.
  std::vector<std::string> files;   ///< Regular files, relative to `folder`, in archive order.
  std::uint64_t entries = 0;        ///< Entries extracted (directories included).
  std::uint64_t bytes = 0;          ///< Bytes written.
};

/// Extracts the ZIP archive @p zip_path into a new folder of the existing directory
/// @p target_dir, treating the archive as hostile.
///
/// Refused with ArchiveError naming the entry, before or during extraction: a name that is
/// absolute (`/x`, `C:x`), holds a `..` or `.` component, an empty component, a backslash, a
/// control character or bytes that are not UTF-8; a symbolic or hard link; a device, FIFO or
/// socket; an encrypted entry; a name given twice; an entry or a total over the limits
/// (ZipLimits); more entries than allowed. Refused as a whole: a file that is empty, is not a
/// ZIP (an HTML page, a tar, anything without the ZIP end record), is truncated or corrupt,
/// or holds no entry.
///
/// The archive is extracted into a temporary folder inside @p target_dir (mode 0700, files
/// created with O_EXCL|O_NOFOLLOW) and renamed into place only when complete: after any
/// failure no folder of it is left and nothing outside @p target_dir was touched. Memory stays
/// bounded whatever the archive's size. Thread-safe (distinct archives or target folders).
/// @throws ArchiveError as above (also when the destination folder exists and
///         ZipExtractOptions::replace_existing is off), InvalidArgumentError when
///         @p zip_path cannot be read or @p target_dir is not a writable directory.
MOI_EXPORT ExtractedZip extract_zip(const std::string& zip_path, const std::string& target_dir,
                                    const ZipExtractOptions& options = {});

/// A typed view of one extracted GenAI result in the documented layout:
/// `{name}-{id}/{name}_parse.json`, `{name}.md`, `tables/*.html`, `images/*`. Files the
/// document does not describe (chunk, embedding or extraction outputs) are listed in
/// `other_files`.
struct GenaiResultView {
  std::string folder;           ///< The `{name}-{id}` folder.
  std::string name;             ///< `{name}` (the source file's name, extension kept).
  std::string markdown_path;    ///< `{name}.md`, or empty when absent.
  std::string parse_json_path;  ///< `{name}_parse.json`, or empty when absent.
  std::vector<std::string> tables;       ///< Paths of `tables/*.html`, sorted.
  std::vector<std::string> images;       ///< Paths of `images/*`, sorted.
  std::vector<std::string> other_files;  ///< Any other file, relative to `folder`, sorted.

  /// The Markdown text, read whole.
  /// @throws InvalidArgumentError when there is none, it cannot be read or passes @p max_bytes.
  MOI_EXPORT std::string read_markdown(std::uint64_t max_bytes = std::uint64_t{256} << 20) const;
  /// The structured parse result, parsed with a nesting cap.
  /// @throws InvalidArgumentError when there is none or it cannot be read, DecodeError when it
  ///         is not JSON.
  MOI_EXPORT Json read_parse_json(std::uint64_t max_bytes = std::uint64_t{256} << 20) const;
};

/// Reads the layout of the extracted result folder @p folder (ExtractedZip::folder).
/// `name` is the folder's name without its `-{uuid}` suffix (or the whole name when it has
/// none). Symbolic links are never followed.
/// @throws InvalidArgumentError when @p folder is not a readable directory.
MOI_EXPORT GenaiResultView open_genai_result(const std::string& folder);

/// Options of parse_files().
struct ParseFilesOptions {
  /// How the job is polled (deadline, interval, cancellation through wait.call.should_abort,
  /// progress through wait.on_progress).
  GenaiWaitOptions wait{};
  /// How each result is downloaded (route, size bound).
  GenaiDownloadOptions download{};
  /// Limits of each extraction; replace_existing lets a second run reuse @p out_dir.
  ZipExtractOptions extract{};
  /// Downloads and extractions run at once (at least 1).
  std::size_t parallel = 4;
  /// `meta` of the submit call.
  std::optional<Json> meta{};
  /// Largest local file accepted.
  std::uint64_t max_file_bytes = std::uint64_t{200} * 1024 * 1024;
  /// Called once the job was created, with its id, before waiting.
  std::function<void(const std::string& job_id)> on_submitted{};
  /// Receives step-order warnings (GenaiPipelineRequest::on_warning).
  std::function<void(const std::string&)> on_warning{};
  /// Options of the submit, download and status calls (timeouts, cancellation).
  CallOptions call{};
};

/// The outcome of one file of parse_files().
struct ParsedFile {
  std::string input;            ///< The path or URL as given ("" for a file nobody submitted).
  std::optional<GenaiJobFile> job_file{};  ///< What the job reported for it.
  std::string folder;           ///< The extracted result folder, when everything succeeded.
  /// Why not: the file's error message, or the download's or extraction's error (one line);
  /// empty on success.
  std::string error;
  /// True when the result was extracted.
  bool ok() const noexcept { return error.empty() && !folder.empty(); }
};

/// The outcome of parse_files().
struct ParseFilesResult {
  std::string job_id;              ///< The job.
  GenaiJob job;                    ///< Its final state.
  std::vector<ParsedFile> files;   ///< One per input, in the order given.
  /// True when every file was extracted.
  bool all_ok() const noexcept {
    for (const ParsedFile& file : files) {
      if (!file.ok()) return false;
    }
    return true;
  }
};

/// Submits @p inputs (local paths, or http/https URLs: any input holding "://") with @p steps
/// as one job, waits for it, then downloads and extracts each completed file's result into
/// @p out_dir, @p options.parallel at a time. One file's failure (its status, download or
/// extraction) is reported in its ParsedFile and never hides the others' results.
///
/// Each job file is matched to an input by name (a local file's name, a URL's last path
/// segment), then by order.
/// @throws InvalidArgumentError before anything is sent (bad input: a missing path, a
///         directory, a FIFO, a URL that is not http/https, a bad step order; @p out_dir not a
///         directory), GenaiWaitTimeoutError / CancelledError while waiting, DecodeError
///         ("data.files") when the job's file list does not match the inputs (naming the
///         missing and extra files), or the errors of the submit and status calls.
MOI_EXPORT ParseFilesResult parse_files(const Client& client, const std::vector<std::string>& inputs,
                                        const std::vector<GenaiStep>& steps,
                                        const std::string& out_dir,
                                        const ParseFilesOptions& options = {});

}  // namespace moi
