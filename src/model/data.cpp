// SPDX-License-Identifier: Apache-2.0
// Codecs and small helpers of the host-root models: catalogs, files, uploads, load tasks,
// connectors.
#include <utility>

#include "model/codec.hpp"
#include "model/schema.hpp"
#include "moi/model/catalog.hpp"
#include "moi/model/connector.hpp"
#include "moi/model/load_task.hpp"
#include "moi_internal/secret_keys.hpp"

namespace moi {

// One line per model type: its to_json/from_json from Schema<T> (model/schema.hpp).
MOI_MODEL_CODEC(IdBody);
MOI_MODEL_CODEC(CatalogInfo);
MOI_MODEL_CODEC(CatalogNode);
MOI_MODEL_CODEC(CatalogListResponse);
MOI_MODEL_CODEC(CatalogNodesResponse);
MOI_MODEL_CODEC(CreateCatalogRequest);
MOI_MODEL_CODEC(CreateDatabaseRequest);
MOI_MODEL_CODEC(CreateVolumeRequest);
MOI_MODEL_CODEC(VolumeInfo);
MOI_MODEL_CODEC(FullPathRequest);
MOI_MODEL_CODEC(FullPath);
MOI_MODEL_CODEC(FullPathResponse);
MOI_MODEL_CODEC(FileFilter);
MOI_MODEL_CODEC(ListFilesRequest);
MOI_MODEL_CODEC(FileInfo);
MOI_MODEL_CODEC(FileListResponse);
MOI_MODEL_CODEC(FileLinkRequest);
MOI_MODEL_CODEC(FileLink);
MOI_MODEL_CODEC(NumericIdBody);
MOI_MODEL_CODEC(NamedId);
MOI_MODEL_CODEC(VolumeRef);
MOI_MODEL_CODEC(RefListResponse);
MOI_MODEL_CODEC(UpdateCatalogRequest);
MOI_MODEL_CODEC(DatabaseInfo);
MOI_MODEL_CODEC(DatabaseListResponse);
MOI_MODEL_CODEC(UpdateDatabaseRequest);
MOI_MODEL_CODEC(UpdateVolumeRequest);
MOI_MODEL_CODEC(CreateFileRequest);
MOI_MODEL_CODEC(RenameRequest);
MOI_MODEL_CODEC(CreateFolderRequest);
MOI_MODEL_CODEC(HealthStatus);
MOI_MODEL_CODEC(UploadDedup);
MOI_MODEL_CODEC(LoadResult);
MOI_MODEL_CODEC(UploadResult);
MOI_MODEL_CODEC(UploadResponse);
MOI_MODEL_CODEC(LoadTask);
MOI_MODEL_CODEC(LoadTaskFile);
MOI_MODEL_CODEC(LoadTaskFilesResponse);
MOI_MODEL_CODEC(LoadModeConfig);
MOI_MODEL_CODEC(FileFilterConfig);
MOI_MODEL_CODEC(CommonFileTaskConfig);
MOI_MODEL_CODEC(LoadSourceConfig);
MOI_MODEL_CODEC(CreateLoadTaskRequest);
MOI_MODEL_CODEC(LoadTaskListResponse);
MOI_MODEL_CODEC(UpdateLoadTaskRequest);
MOI_MODEL_CODEC(RetryLoadTaskRequest);
MOI_MODEL_CODEC(TaskIdBody);
MOI_MODEL_CODEC(FileSourceSummary);
MOI_MODEL_CODEC(TableDataSummary);
MOI_MODEL_CODEC(ConnectorSummary);
MOI_MODEL_CODEC(DifyConnectorConfig);
MOI_MODEL_CODEC(HdfsConnectorConfig);
MOI_MODEL_CODEC(MoConnectorConfig);
MOI_MODEL_CODEC(OssConnectorConfig);
MOI_MODEL_CODEC(S3ConnectorConfig);
MOI_MODEL_CODEC(CreateConnectorRequest);
MOI_MODEL_CODEC(UpdateConnectorRequest);
MOI_MODEL_CODEC(ValidateConnectorRequest);
MOI_MODEL_CODEC(ConnectorValidation);
MOI_MODEL_CODEC(Connector);
MOI_MODEL_CODEC(ConnectorListResponse);
MOI_MODEL_CODEC(ConnectorFile);
MOI_MODEL_CODEC(ConnectorFilesResponse);

ListFilesRequest& ListFilesRequest::in_volume(std::string volume_id) {
  FileFilter filter;
  filter.name = "volume_id";
  filter.values.push_back(std::move(volume_id));
  filters.push_back(std::move(filter));
  return *this;
}

bool is_folder(const FileInfo& file) noexcept {
  if (!file.file_type) return false;
  const std::string& type = *file.file_type;
  return type == "folder" || type == "dir" || type == "DIR" || type == "10";
}

bool is_finished(const LoadTask& task) noexcept { return task.status == LoadTaskStatus::kFinished; }

ValidateConnectorRequest ValidateConnectorRequest::from(const CreateConnectorRequest& create) {
  ValidateConnectorRequest request;
  request.source_type = create.source_type;
  request.dify = create.dify;
  request.hdfs = create.hdfs;
  request.mo = create.mo;
  request.oss = create.oss;
  request.s3 = create.s3;
  return request;
}

namespace {

constexpr const char* kMask = "***";

void mask(std::optional<std::string>& secret) {
  if (secret && !secret->empty()) *secret = kMask;
}

// Secrets the SDK does not model may sit in `extra` (a newer service): masked by key (the
// rule of detail::is_secret_key), in objects and arrays at any depth. A secret field's whole
// value is masked, whatever its shape.
void mask_extra(Json& extra, int depth = 0) {
  if (depth > 256) return;  // decoded values are bounded far below this
  if (extra.is_array()) {
    for (Json& item : extra) mask_extra(item, depth + 1);
    return;
  }
  if (!extra.is_object()) return;
  for (auto& [key, value] : extra.items()) {
    if (detail::is_secret_key(key)) {
      if (!value.is_null()) value = kMask;
    } else {
      mask_extra(value, depth + 1);
    }
  }
}

}  // namespace

Connector mask_secrets(const Connector& connector) {
  Connector copy = connector;
  if (copy.dify) {
    mask(copy.dify->api_key);
    mask_extra(copy.dify->extra);
  }
  if (copy.hdfs) mask_extra(copy.hdfs->extra);
  if (copy.mo) {
    mask(copy.mo->password);
    mask_extra(copy.mo->extra);
  }
  if (copy.oss) {
    mask(copy.oss->access_key_secret);
    mask_extra(copy.oss->extra);
  }
  if (copy.s3) {
    mask(copy.s3->access_key_secret);
    mask(copy.s3->session_token);
    mask_extra(copy.s3->extra);
  }
  mask_extra(copy.extra);
  return copy;
}

}  // namespace moi
