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

namespace {

// A text part of a multipart call.
void add_text_part(detail::ApiCall& call, const char* name, std::string value) {
  MultipartPart part;
  part.name = name;
  part.value = std::move(value);
  call.multipart.push_back(std::move(part));
}

// The `file` parts of @p files (checked), streamed from disk; their sizes in @p sizes.
void add_file_parts(detail::ApiCall& call, std::vector<detail::CheckedFile>& files,
                    std::vector<std::uint64_t>& sizes) {
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
}

std::vector<detail::CheckedFile> check_files(const std::vector<UploadFile>& files,
                                             std::uint64_t max_file_bytes, const char* context,
                                             const char* limit) {
  std::vector<detail::CheckedFile> checked;
  checked.reserve(files.size());
  for (const UploadFile& file : files) {
    check_folder(file.folder);
    checked.push_back(detail::check_local_file(file, max_file_bytes, context, limit,
                                               checked.size() < detail::kDescriptorsKept));
  }
  return checked;
}

// The checks of an import's table_config, before anything is sent.
void check_table_config(const TableImportConfig& config, bool has_files) {
  const std::string where = "upload table_config: ";
  if (config.database_id.empty()) throw InvalidArgumentError(where + "database_id is empty");
  if (config.new_table) {
    if (!config.create_table) {
      throw InvalidArgumentError(where + "new_table is true but create_table is not set");
    }
    if (config.create_table->name.empty()) {
      throw InvalidArgumentError(where + "create_table.name is empty");
    }
    if (config.create_table->table_column.empty()) {
      throw InvalidArgumentError(where + "create_table.table_column is empty: a new table " +
                                 "needs at least one column");
    }
    for (std::size_t i = 0; i < config.create_table->table_column.size(); ++i) {
      const ImportTableColumn& column = config.create_table->table_column[i];
      if (column.column.empty() && column.column_name.empty()) {
        throw InvalidArgumentError(where + "create_table.table_column[" + std::to_string(i) +
                                   "] has no name (column or column_name)");
      }
    }
  } else if (!config.table_id || config.table_id->empty()) {
    throw InvalidArgumentError(where + "new_table is false but table_id is not set");
  }
  const std::string& method = config.existed_table_opts.method;
  if (method != "" && method != "append" && method != "overwrite") {
    throw InvalidArgumentError(where + "existed_table_opts.method \"" + method +
                               "\" (known: append, overwrite, or empty for append)");
  }
  for (const std::string& id : config.conn_file_ids) {
    if (id.empty()) throw InvalidArgumentError(where + "a conn_file_id is empty");
  }
  if (config.conn_file_ids.empty() && !has_files) {
    throw InvalidArgumentError(where +
                               "no file to import: name staged files (conn_file_ids) or send "
                               "files");
  }
}

// The VolumeID the official SDKs' import helpers send when the import needs no volume
// (PLATFORM-NOTES 2.3: "magic value"; the service ignores it with table_config).
constexpr const char* kImportVolumePlaceholder = "123456";

}  // namespace

void detail::check_dedup(const UploadDedup& dedup, const std::string& context) {
  if (dedup.by.empty()) {
    throw InvalidArgumentError(context +
                               ": dedup.by is empty: name \"name\" and/or \"md5\" (or leave "
                               "the dedup unset)");
  }
  for (const std::string& by : dedup.by) {
    if (by != "name" && by != "md5") {
      throw InvalidArgumentError(context + ": dedup by \"" + by + "\" (known: name, md5)");
    }
  }
  if (dedup.strategy != "skip" && dedup.strategy != "replace") {
    throw InvalidArgumentError(context + ": dedup strategy \"" + dedup.strategy +
                               "\" (known: skip, replace)");
  }
}

UploadResponse FileClient::upload(const UploadRequest& request, const CallOptions& options) const {
  const bool import = request.table_config.has_value();
  if (!import || !request.volume_id.empty()) {
    detail::require_non_empty("volume_id", request.volume_id);
    detail::check_header_value("volume_id", request.volume_id);
  }
  if (import) {
    check_table_config(*request.table_config, !request.files.empty());
  } else if (request.files.empty()) {
    throw InvalidArgumentError("upload: the list of files is empty");
  }
  if (request.dedup) detail::check_dedup(*request.dedup, kUploadContext);
  std::vector<detail::CheckedFile> files =
      check_files(request.files, request.max_file_bytes, kUploadContext, kUploadLimit);

  // meta: one object per file with the documents' keys and the official SDKs' keys; for an
  // import of staged files only, the SDKs' helpers' one entry naming the first staged file.
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
  if (files.empty() && import) {
    meta.push_back({{"filename", request.table_config->conn_file_ids.front()}, {"path", "/"}});
  }
  auto call = make_call(ep::kU1Upload);
  add_text_part(call, "VolumeID",
                request.volume_id.empty() ? kImportVolumePlaceholder : request.volume_id);
  try {
    add_text_part(call, "meta", meta.dump());
  } catch (const Json::type_error&) {
    throw InvalidArgumentError("upload: a file name is not valid UTF-8");
  }
  if (request.file_types) add_text_part(call, "file_types", Json(*request.file_types).dump());
  if (request.path_regex) add_text_part(call, "path_regex", *request.path_regex);
  if (request.unzip_keep_structure) {
    add_text_part(call, "unzip_keep_structure", *request.unzip_keep_structure ? "true" : "false");
  }
  if (request.dedup) add_text_part(call, "dedup", Json(*request.dedup).dump());
  if (import) {
    try {
      add_text_part(call, "table_config", Json(*request.table_config).dump());
    } catch (const Json::type_error&) {
      throw InvalidArgumentError("upload table_config: a name or value is not valid UTF-8");
    }
  }
  std::vector<std::uint64_t> sizes;
  add_file_parts(call, files, sizes);
  call.timeout_bounds_stalls = true;
  if (request.on_progress && !sizes.empty())
    call.on_upload_progress = detail::ProgressMapper(sizes, request.on_progress);
  return runner_->run_as<UploadResponse>(call, options);
}

std::vector<std::string> FileClient::stage(const StageFilesRequest& request,
                                           const CallOptions& options) const {
  if (request.files.empty()) throw InvalidArgumentError("stage: the list of files is empty");
  std::vector<detail::CheckedFile> files = check_files(
      request.files, request.max_file_bytes, "stage", "StageFilesRequest::max_file_bytes");
  Json meta = Json::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& folder = request.files[i].folder;
    meta.push_back({{"filename", files[i].name}, {"path", folder.empty() ? "/" : folder}});
  }
  auto call = make_call(ep::kU2StageFiles);
  try {
    add_text_part(call, "meta", meta.dump());
  } catch (const Json::type_error&) {
    throw InvalidArgumentError("stage: a file name is not valid UTF-8");
  }
  std::vector<std::uint64_t> sizes;
  add_file_parts(call, files, sizes);
  call.timeout_bounds_stalls = true;
  if (request.on_progress)
    call.on_upload_progress = detail::ProgressMapper(sizes, request.on_progress);
  StagedFiles staged;
  const std::size_t count = request.files.size();
  runner_->run(call, options, [&staged, count](const Json& data) {
    from_json(data, staged);
    if (staged.conn_file_ids.size() != count) {
      throw DecodeError("conn_file_ids", std::to_string(staged.conn_file_ids.size()) + " ids for " +
                                             std::to_string(count) + " files staged");
    }
  });
  return std::move(staged.conn_file_ids);
}

StagedFilePreview FileClient::preview_staged(const PreviewStagedRequest& request,
                                             const CallOptions& options) const {
  if (request.conn_file_id.empty() && request.uri.empty()) {
    throw InvalidArgumentError("preview_staged: conn_file_id is empty (or give a connector uri)");
  }
  if (request.row_start && (*request.row_start < 1 || *request.row_start > 1000)) {
    throw InvalidArgumentError("preview_staged: row_start must be 1-1000, not " +
                               std::to_string(*request.row_start));
  }
  auto call = make_call(ep::kU3PreviewStaged);
  call.body = Json(request);
  return runner_->run_as<StagedFilePreview>(call, options);
}

std::string FileClient::staged_link(const std::string& conn_file_id,
                                    const CallOptions& options) const {
  detail::require_non_empty("conn_file_id", conn_file_id);
  auto call = make_call(ep::kU4StagedLink);
  call.body = Json{{"conn_file_id", conn_file_id}};
  std::string url;
  runner_->run(call, options, [&url](const Json& data) {
    const auto found = data.is_object() ? data.find("url") : data.end();
    if (!data.is_object() || found == data.end() || !found->is_string()) {
      throw DecodeError("url", "missing required member (a string)");
    }
    url = found->get<std::string>();
  });
  return url;
}

void FileClient::delete_staged(const std::string& conn_file_id, const CallOptions& options) const {
  detail::require_non_empty("conn_file_id", conn_file_id);
  auto call = make_call(ep::kU5DeleteStaged);
  call.body = Json{{"conn_file_id", conn_file_id}};
  runner_->run_void(call, options);
}

NamedId FileClient::create_record(const CreateFileRequest& request,
                                  const CallOptions& options) const {
  detail::require_non_empty("file name", request.name);
  detail::require_non_empty("volume_id", request.volume_id);
  if (request.dedup) detail::check_dedup(*request.dedup, "create_record");
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
