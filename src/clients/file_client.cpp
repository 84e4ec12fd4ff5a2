// SPDX-License-Identifier: Apache-2.0
#include "moi/file_client.hpp"

#include <memory>
#include <utility>
#include <vector>

#include "clients/endpoints.hpp"
#include "clients/id_body.hpp"
#include "clients/local_files.hpp"
#include "clients/upload_check.hpp"
#include "clients/validate.hpp"

namespace moi {

using detail::id_body;
using detail::make_call;
namespace ep = detail::endpoints;

namespace {

constexpr const char* kUploadContext = "upload";
constexpr const char* kUploadLimit = "UploadRequest::max_file_bytes";

// A folder path inside a volume: "a/b", no empty, "." or ".." element.
void check_folder(const std::string& folder) {
  if (folder.empty()) return;
  std::size_t start = 0;
  while (start <= folder.size()) {
    std::size_t slash = folder.find('/', start);
    if (slash == std::string::npos) slash = folder.size();
    const std::string element = folder.substr(start, slash - start);
    if (element.empty() || element == "." || element == "..") {
      throw InvalidArgumentError("upload folder \"" + folder +
                                 "\": each element must be a name (not empty, \".\" or \"..\")");
    }
    start = slash + 1;
  }
}

}  // namespace

void detail::check_upload_files(const std::vector<UploadFile>& files,
                                std::uint64_t max_file_bytes) {
  if (files.empty()) throw InvalidArgumentError("upload: the list of files is empty");
  for (const UploadFile& file : files) {
    detail::check_local_file(file, max_file_bytes, kUploadContext, kUploadLimit, false);
  }
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
  std::vector<detail::CheckedFile> files;
  files.reserve(request.files.size());
  for (const UploadFile& file : request.files) {
    check_folder(file.folder);
    files.push_back(detail::check_local_file(file, request.max_file_bytes, kUploadContext,
                                             kUploadLimit,
                                             files.size() < detail::kDescriptorsKept));
  }

  // meta: one object per file with the documents' keys and the official SDKs' keys.
  Json meta = Json::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    const detail::CheckedFile& file = files[i];
    const std::string& folder = request.files[i].folder;
    meta.push_back({{"file_name", file.name},
                    {"file_size", file.size},
                    {"mime_type", file.mime_type},
                    {"filename", file.name},
                    {"path", folder.empty() ? file.name : folder + "/" + file.name}});
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
  for (detail::CheckedFile& file : files) {
    MultipartPart part;
    part.name = "file";
    part.file_path = std::move(file.path);
    part.filename = file.name;
    part.content_type = file.mime_type;
    part.file_size = file.size;  // the size announced in meta is the size sent
    part.file_identity = file.identity;
    part.file = std::move(file.file);
    call.multipart.push_back(std::move(part));
    sizes.push_back(file.size);
  }
  call.timeout_bounds_stalls = true;
  if (request.on_progress)
    call.on_upload_progress = detail::ProgressMapper(sizes, request.on_progress);
  return runner_->run_as<UploadResponse>(call, options);
}

NamedId FileClient::create_record(const CreateFileRequest& request,
                                  const CallOptions& options) const {
  detail::require_non_empty("file name", request.name);
  detail::require_non_empty("volume_id", request.volume_id);
  auto call = make_call(ep::kF6CreateFile);
  call.body = Json(request);
  return runner_->run_as<NamedId>(call, options);
}

void FileClient::rename(const std::string& file_id, const std::string& name,
                        const CallOptions& options) const {
  detail::require_non_empty("file_id", file_id);
  detail::require_non_empty("file name", name);
  RenameRequest body;
  body.id = file_id;
  body.name = name;
  auto call = make_call(ep::kF7UpdateFile);
  call.body = Json(body);
  runner_->run_void(call, options);
}

void FileClient::delete_ref(const std::string& ref_file_id, const CallOptions& options) const {
  auto call = make_call(ep::kF8DeleteFileRef);
  call.body = id_body("ref_file_id", ref_file_id);
  runner_->run_void(call, options);
}

std::string FileClient::create_upload_record(const FileRecordRequest& request,
                                             const CallOptions& options) const {
  detail::require_non_empty("file name", request.name);
  detail::require_non_empty("volume_id", request.volume_id);
  auto call = make_call(ep::kF9CreateFileRecord);
  call.body = Json(request);
  return runner_->run_as<IdBody>(call, options).id;
}

FileLink FileClient::preview_link(const std::string& file_id, const std::string& volume_id,
                                  const CallOptions& options) const {
  detail::require_non_empty("file_id", file_id);
  FileLinkRequest body;
  body.file_id = file_id;
  if (!volume_id.empty()) body.volume_id = volume_id;
  auto call = make_call(ep::kF10PreviewLink);
  call.body = Json(body);
  return runner_->run_as<FileLink>(call, options);
}

FileLink FileClient::preview_stream(const std::string& file_id, const CallOptions& options) const {
  detail::require_non_empty("file_id", file_id);
  FileLinkRequest body;
  body.file_id = file_id;
  auto call = make_call(ep::kF11PreviewStream);
  call.body = Json(body);
  return runner_->run_as<FileLink>(call, options);
}

}  // namespace moi
