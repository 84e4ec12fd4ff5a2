// SPDX-License-Identifier: Apache-2.0
#pragma once
// Local files sent in multipart bodies (`POST /connectors/upload`, `POST /v1/genai/pipeline`):
// checked before anything is sent, then streamed from disk by the transport.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "moi/model/load_task.hpp"
#include "moi/transport.hpp"

namespace moi::detail {

/// A file to send, checked: it exists, is a regular readable file within the size limit.
struct CheckedFile {
  std::string path;
  std::string name;       ///< UploadFile::name, else the last component of the path.
  std::string mime_type;  ///< UploadFile::mime_type, else guessed from the extension.
  std::uint64_t size = 0;
  FileIdentity identity;  ///< What the transport re-verifies before it sends the bytes.
  std::shared_ptr<const OpenFile> file;  ///< The descriptor the check opened, when kept.
};

// Descriptors the check keeps open for the transport: the first files of a request are then
// read from the very descriptor that was checked (no second open). The others are closed once
// checked and opened again by the transport one at a time, when it reaches them, and fstat'ed
// against the checked identity (device, inode, size, modification and change times; a
// recycled inode number has another change time). Keeping every descriptor would make an
// upload of more files than the process may open (ulimit -n, often 1024) fail, and leave the
// caller none; a bound of 16 costs nothing in the common case of a few files.
inline constexpr std::size_t kDescriptorsKept = 16;

/// Checks @p file (exists, regular, readable, at most @p max_bytes, a usable name) on one
/// descriptor, opened once without blocking; keeps it in CheckedFile::file when @p keep_open.
/// @throws InvalidArgumentError starting with "<context>: " and naming the path; an over-size
///         file names @p limit_option.
CheckedFile check_local_file(const UploadFile& file, std::uint64_t max_bytes,
                             const std::string& context, const std::string& limit_option,
                             bool keep_open);

/// The MIME type of the document formats MOI processes, by extension.
std::string guess_mime_type(const std::string& name);

/// @p path quoted for a message, on one line.
std::string quote_path(const std::string& path);

// Maps the body bytes sent to the file being sent. File parts come last, in order; the bytes
// before them (text parts, part headers) are counted before the first file, so the per-file
// figures are exact to within one part header.
class ProgressMapper {
 public:
  ProgressMapper(std::vector<std::uint64_t> sizes,
                 std::function<void(const UploadProgress&)> callback)
      : sizes_(std::move(sizes)), callback_(std::move(callback)) {
    for (const auto size : sizes_) files_total_ += size;
  }

  void operator()(std::uint64_t sent, std::uint64_t total) const {
    UploadProgress progress;
    progress.bytes_sent = sent;
    progress.bytes_total = total;
    const std::uint64_t before_files = total > files_total_ ? total - files_total_ : 0;
    std::uint64_t position = sent > before_files ? sent - before_files : 0;
    for (std::size_t i = 0; i < sizes_.size(); ++i) {
      progress.file_index = i;
      progress.file_bytes_total = sizes_[i];
      if (position <= sizes_[i] || i + 1 == sizes_.size()) {
        progress.file_bytes_sent = std::min(position, sizes_[i]);
        break;
      }
      position -= sizes_[i];
    }
    callback_(progress);
  }

 private:
  std::vector<std::uint64_t> sizes_;
  std::uint64_t files_total_ = 0;
  std::function<void(const UploadProgress&)> callback_;
};
}  // namespace moi::detail
