// SPDX-License-Identifier: Apache-2.0
#include "moi/file_client.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "clients/endpoints.hpp"
#include "clients/id_body.hpp"
#include "clients/upload_check.hpp"
#include "clients/validate.hpp"
#include "core/safe_text.hpp"
#include "moi_internal/ascii.hpp"

namespace moi {

using detail::id_body;
using detail::make_call;
namespace ep = detail::endpoints;

namespace {

// The MIME type of the document formats MOI processes, by extension.
std::string guess_mime_type(const std::string& name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {"pdf", "application/pdf"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"doc", "application/msword"},
      {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"ppt", "application/vnd.ms-powerpoint"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"xls", "application/vnd.ms-excel"},
      {"md", "text/markdown"},
      {"markdown", "text/markdown"},
      {"txt", "text/plain"},
      {"csv", "text/csv"},
      {"html", "text/html"},
      {"htm", "text/html"},
      {"json", "application/json"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"bmp", "image/bmp"},
      {"mp3", "audio/mpeg"},
      {"wav", "audio/wav"},
      {"mp4", "video/mp4"},
      {"zip", "application/zip"},
  };
  const auto dot = name.rfind('.');
  if (dot != std::string::npos) {
    const std::string_view extension = std::string_view(name).substr(dot + 1);
    for (const auto& [ext, type] : kTypes) {
      if (detail::iequals(extension, ext)) return type;
    }
  }
  return "application/octet-stream";
}

std::string quote_path(const std::string& path) { return "'" + detail::one_line(path) + "'"; }

// A file to send, checked: it exists, is a regular readable file within the size limit.
struct CheckedFile {
  std::string path;
  std::string name;
  std::string mime_type;
  std::uint64_t size = 0;
};

CheckedFile check_file(const UploadFile& file, std::uint64_t max_bytes) {
  if (file.path.empty()) throw InvalidArgumentError("upload: a file path is empty");
  struct stat info {};
  if (::stat(file.path.c_str(), &info) != 0) {
    const int error = errno;
    throw InvalidArgumentError("upload: cannot use " + quote_path(file.path) + ": " +
                               std::strerror(error));
  }
  if (S_ISDIR(info.st_mode)) {
    throw InvalidArgumentError("upload: " + quote_path(file.path) + " is a directory, not a file");
  }
  if (!S_ISREG(info.st_mode)) {
    throw InvalidArgumentError("upload: " + quote_path(file.path) + " is not a regular file");
  }
  // Opening proves the permission (access() would answer for the real, not effective, user).
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(file.path.c_str(), "rb"),
                                                         &std::fclose);
  if (!stream) {
    const int error = errno;
    throw InvalidArgumentError("upload: cannot read " + quote_path(file.path) + ": " +
                               std::strerror(error));
  }
  CheckedFile checked;
  checked.path = file.path;
  checked.size = static_cast<std::uint64_t>(info.st_size);
  if (checked.size > max_bytes) {
    throw InvalidArgumentError("upload: " + quote_path(file.path) + " is " +
                               std::to_string(checked.size) + " bytes, over the limit of " +
                               std::to_string(max_bytes) +
                               " bytes (UploadRequest::max_file_bytes)");
  }
  checked.name = file.name;
  if (checked.name.empty()) {
    const auto slash = file.path.find_last_of('/');
    checked.name = slash == std::string::npos ? file.path : file.path.substr(slash + 1);
  }
  if (checked.name.empty() || checked.name == "." || checked.name == "..") {
    throw InvalidArgumentError("upload: " + quote_path(file.path) + " has no file name");
  }
  for (const char c : checked.name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '"' || c == '/') {
      throw InvalidArgumentError("upload: the file name " + quote_path(checked.name) +
                                 " holds a control character, a quote or a slash");
    }
  }
  checked.mime_type = file.mime_type.empty() ? guess_mime_type(checked.name) : file.mime_type;
  detail::check_header_value("upload MIME type", checked.mime_type);
  return checked;
}

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

}  // namespace

void detail::check_upload_files(const std::vector<UploadFile>& files,
                                std::uint64_t max_file_bytes) {
  if (files.empty()) throw InvalidArgumentError("upload: the list of files is empty");
  for (const UploadFile& file : files) check_file(file, max_file_bytes);
}

FileClient::FileClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

FileListResponse FileClient::list(const ListFilesRequest& request,
                                  const CallOptions& options) const {
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kF1ListFiles);
  call.body = Json(request);
  return runner_->run_as<FileListResponse>(call, options);
}

FileInfo FileClient::get(const std::string& file_id, const CallOptions& options) const {
  auto call = make_call(ep::kF2GetFile);
  call.body = id_body("file_id", file_id);
  return runner_->run_as<FileInfo>(call, options);
}

void FileClient::remove(const std::string& file_id, const CallOptions& options) const {
  auto call = make_call(ep::kF3DeleteFile);
  call.body = id_body("file_id", file_id);
  runner_->run_void(call, options);
}

FileLink FileClient::link(const std::string& file_id, const std::string& volume_id,
                          const CallOptions& options) const {
  detail::require_non_empty("file_id", file_id);
  FileLinkRequest body;
  body.file_id = file_id;
  if (!volume_id.empty()) body.volume_id = volume_id;
  auto call = make_call(ep::kF4FileLink);
  call.body = Json(body);
  return runner_->run_as<FileLink>(call, options);
}

UploadResponse FileClient::upload(const UploadRequest& request, const CallOptions& options) const {
  detail::require_non_empty("volume_id", request.volume_id);
  detail::check_header_value("volume_id", request.volume_id);
  if (request.files.empty()) throw InvalidArgumentError("upload: the list of files is empty");
  std::vector<CheckedFile> files;
  files.reserve(request.files.size());
  for (const UploadFile& file : request.files) {
    files.push_back(check_file(file, request.max_file_bytes));
  }

  // meta: one object per file with the documents' keys and the official SDKs' keys.
  Json meta = Json::array();
  for (const CheckedFile& file : files) {
    meta.push_back({{"file_name", file.name},
                    {"file_size", file.size},
                    {"mime_type", file.mime_type},
                    {"filename", file.name},
                    {"path", file.name}});
  }
  auto call = make_call(ep::kU1Upload);
  auto text_part = [&call](const char* name, std::string value) {
    MultipartPart part;
    part.name = name;
    part.value = std::move(value);
    call.multipart.push_back(std::move(part));
  };
  text_part("VolumeID", request.volume_id);
  try {
    text_part("meta", meta.dump());
  } catch (const Json::type_error&) {
    throw InvalidArgumentError("upload: a file name is not valid UTF-8");
  }
  if (request.file_types) text_part("file_types", Json(*request.file_types).dump());
  if (request.path_regex) text_part("path_regex", *request.path_regex);
  if (request.unzip_keep_structure) {
    text_part("unzip_keep_structure", *request.unzip_keep_structure ? "true" : "false");
  }
  if (request.dedup) text_part("dedup", request.dedup->dump());
  std::vector<std::uint64_t> sizes;
  for (CheckedFile& file : files) {
    MultipartPart part;
    part.name = "file";
    part.file_path = std::move(file.path);
    part.filename = file.name;
    part.content_type = file.mime_type;
    part.file_size = file.size;  // the size announced in meta is the size sent
    call.multipart.push_back(std::move(part));
    sizes.push_back(file.size);
  }
  call.timeout_bounds_stalls = true;
  if (request.on_progress) call.on_upload_progress = ProgressMapper(sizes, request.on_progress);
  return runner_->run_as<UploadResponse>(call, options);
}

}  // namespace moi
