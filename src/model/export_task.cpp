// SPDX-License-Identifier: Apache-2.0
#include "moi/model/export_task.hpp"

#include <utility>

#include "model/codec.hpp"
#include "model/schema.hpp"

namespace moi {

MoColumnMapping MoColumnMapping::make(std::string source, std::string target) {
  return MoColumnMapping{std::move(source), std::move(target)};
}

// One line per model type: its to_json/from_json from Schema<T> (model/schema.hpp).
MOI_MODEL_CODEC(ExportFile);
MOI_MODEL_CODEC(DifyConfig);
MOI_MODEL_CODEC(S3Config);
MOI_MODEL_CODEC(MoColumnMapping);
MOI_MODEL_CODEC(MoColumnConfig);
MOI_MODEL_CODEC(MoConfig);
MOI_MODEL_CODEC(ExportConfig);
MOI_MODEL_CODEC(CreateExportTaskRequest);
MOI_MODEL_CODEC(ListExportTasksRequest);
MOI_MODEL_CODEC(ExportTaskListItem);
MOI_MODEL_CODEC(ExportTaskListResponse);
MOI_MODEL_CODEC(ExportTaskIdRequest);
MOI_MODEL_CODEC(ExportFileStats);
MOI_MODEL_CODEC(ExportTaskInfo);
MOI_MODEL_CODEC(ListExportFilesRequest);
MOI_MODEL_CODEC(ExportFileItem);
MOI_MODEL_CODEC(ExportFilesResponse);

bool has_failed_files(const ExportTaskInfo& task) noexcept {
  if (!task.file_stats) return false;
  const ExportFileStats& stats = *task.file_stats;
  return stats.failed.value_or(0) > 0 || stats.file_fail.value_or(0) > 0;
}

bool is_failed(const ExportFileItem& file) noexcept {
  return file.status == ExportFileStatus::kFailed;
}

}  // namespace moi
