// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Export task bodies (endpoints E1-E6).
///
/// Conventions (keys kept in `extra`, optional members, wire fidelity, DecodeError paths,
/// thread-safety) are described in moi/model/common.hpp. The configuration types appear in
/// requests (E1) and responses (E3), so all their members are optional.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moi/export.hpp"
#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"

namespace moi {

/// One file to export (E1 `files[]`). All members are required on decoding.
struct ExportFile {
  std::string file_id;                 ///< File id.
  std::vector<std::string> full_path;  ///< Path segments, e.g. {"data", "documents", "a.pdf"}.
  bool is_raw = false;                 ///< True for the original file, false for results.
  Json extra;                          ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportFile& v);
MOI_EXPORT void from_json(const Json& j, ExportFile& v);

/// Export to a Dify knowledge base (`config.dify_config`).
struct DifyConfig {
  std::optional<std::string> dataset_id;
  std::optional<std::string> dataset_name;
  std::optional<std::string> embedding_model;  ///< e.g. "text-embedding-ada-002".
  Json extra;                                  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const DifyConfig& v);
MOI_EXPORT void from_json(const Json& j, DifyConfig& v);

/// Export to S3 or OSS (`config.s3_config`).
struct S3Config {
  std::optional<std::string> path;             ///< Target folder, e.g. "/export/data/".
  std::optional<bool> need_compress;           ///< Server default false.
  std::optional<std::string> compress_method;  ///< e.g. "zip".
  Json extra;                                  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const S3Config& v);
MOI_EXPORT void from_json(const Json& j, S3Config& v);

/// One column mapping of a MatrixOne export (`column.export_column[]`).
struct MoColumnMapping {
  std::optional<std::string> source_column;   ///< e.g. "content".
  std::optional<std::string> mapping_column;  ///< e.g. "doc_content".
  Json extra;                                 ///< Unknown keys (null or an object).

  /// A mapping from @p source to @p target.
  MOI_EXPORT static MoColumnMapping make(std::string source, std::string target);

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const MoColumnMapping& v);
MOI_EXPORT void from_json(const Json& j, MoColumnMapping& v);

/// Column configuration of a MatrixOne export (`mo_config.column`).
struct MoColumnConfig {
  std::optional<std::vector<MoColumnMapping>> export_column;  ///< Field mappings.
  std::optional<std::vector<std::string>> combine_column;     ///< Fields to combine.
  Json extra;                                                 ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const MoColumnConfig& v);
MOI_EXPORT void from_json(const Json& j, MoColumnConfig& v);

/// Export to a MatrixOne table (`config.mo_config`).
struct MoConfig {
  std::optional<std::string> database_name;
  std::optional<std::string> table_name;
  std::optional<bool> new_table;  ///< Create the table; server default false.
  std::optional<MoColumnConfig> column;
  std::optional<DuplicatedStrategy> duplicated_strategy;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const MoConfig& v);
MOI_EXPORT void from_json(const Json& j, MoConfig& v);

/// The `config` object of E1 and E3. Several targets may be set at once.
struct ExportConfig {
  std::optional<DifyConfig> dify_config;
  std::optional<S3Config> s3_config;
  std::optional<MoConfig> mo_config;
  std::optional<bool> merge_title_to_text;  ///< Server default false.
  Json extra;                               ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportConfig& v);
MOI_EXPORT void from_json(const Json& j, ExportConfig& v);

/// Body of E1 (create an export task). Plain members are required on decoding.
/// `connector_id` is sent as a JSON integer when it is a canonical decimal that fits uint64
/// (the document types it integer), otherwise as a string.
struct CreateExportTaskRequest {
  std::string task_name;
  std::string creator;
  std::string connector_id;  ///< Decimal text, e.g. "1".
  std::string connector_name;
  ExportTaskType type = ExportTaskType::kDify;
  ExportConfig config;
  std::vector<ExportFile> files;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const CreateExportTaskRequest& v);
MOI_EXPORT void from_json(const Json& j, CreateExportTaskRequest& v);

/// Body of E2 (list export tasks). Unset members are not sent; server defaults noted.
struct ListExportTasksRequest {
  std::optional<std::int64_t> offset;  ///< Server default 0.
  std::optional<std::int64_t> limit;   ///< Server default 10.
  std::optional<std::vector<ExportTaskStatus>> statuses;
  std::optional<std::string> creator;
  std::optional<std::string> connector_name;
  std::optional<std::string> task_id;
  std::optional<std::string> order_by;       ///< Server default "created_at".
  std::optional<SortOrder> order_direction;  ///< Sent as "asc"/"desc"; default "desc".
  Json extra;                                ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ListExportTasksRequest& v);
MOI_EXPORT void from_json(const Json& j, ListExportTasksRequest& v);

/// One task of E2.
struct ExportTaskListItem {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> creator;
  std::optional<std::string> connector_name;
  std::optional<ExportTaskType> type;
  std::optional<ExportTaskStatus> status;
  std::optional<std::vector<std::vector<std::string>>> export_source;  ///< Path lists.
  Timestamp create_time;  ///< ISO with "Z" in the document.
  Timestamp end_time;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportTaskListItem& v);
MOI_EXPORT void from_json(const Json& j, ExportTaskListItem& v);

/// `data` of E2. `tasks` is empty when the key is absent or null.
struct ExportTaskListResponse {
  std::vector<ExportTaskListItem> tasks;
  std::optional<std::int64_t> total;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportTaskListResponse& v);
MOI_EXPORT void from_json(const Json& j, ExportTaskListResponse& v);

/// Body of E3 (task info) and E6 (delete task): `{"id": ...}`. Required on decoding.
struct ExportTaskIdRequest {
  std::string id;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportTaskIdRequest& v);
MOI_EXPORT void from_json(const Json& j, ExportTaskIdRequest& v);

/// File counters of an export task (E3 `file_stats`); `fileSuccess`/`fileFail` are camelCase
/// on the wire.
struct ExportFileStats {
  std::optional<std::int64_t> total;
  std::optional<std::int64_t> pending;
  std::optional<std::int64_t> running;
  std::optional<std::int64_t> failed;
  std::optional<std::int64_t> completed;
  std::optional<std::int64_t> file_success;  ///< Wire key `fileSuccess`.
  std::optional<std::int64_t> file_fail;     ///< Wire key `fileFail`.
  Json extra;                                ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportFileStats& v);
MOI_EXPORT void from_json(const Json& j, ExportFileStats& v);

/// `data` of E3.
struct ExportTaskInfo {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> creator;
  std::optional<std::string> connector_name;
  std::optional<ExportTaskType> type;
  std::optional<ExportTaskStatus> status;
  std::optional<ExportConfig> config;
  Timestamp create_time;
  Timestamp end_time;
  std::optional<ExportFileStats> file_stats;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportTaskInfo& v);
MOI_EXPORT void from_json(const Json& j, ExportTaskInfo& v);

/// Body of E4 (list a task's files). `task_id` is required on decoding.
struct ListExportFilesRequest {
  std::string task_id;
  std::optional<std::int64_t> offset;  ///< Server default 0.
  std::optional<std::int64_t> limit;   ///< Server default 10.
  std::optional<std::vector<ExportFileStatus>> statuses;
  std::optional<std::string> order_by;       ///< Server default "created_at".
  std::optional<SortOrder> order_direction;  ///< Sent as "asc"/"desc"; default "desc".
  Json extra;                                ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ListExportFilesRequest& v);
MOI_EXPORT void from_json(const Json& j, ListExportFilesRequest& v);

/// One file of E4.
struct ExportFileItem {
  std::optional<std::string> id;
  std::optional<ExportFileStatus> status;
  std::optional<std::vector<std::string>> full_path;
  std::optional<std::string> details;  ///< e.g. the failure reason.
  Timestamp create_time;
  Timestamp start_time;
  Timestamp end_time;
  std::optional<std::string> file_name;
  /// Kept as a number: the document's example (test.pdf → 1, report.docx → 2) does not match
  /// FileType, so the SDK does not name these values.
  std::optional<std::int64_t> file_type;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportFileItem& v);
MOI_EXPORT void from_json(const Json& j, ExportFileItem& v);

/// `data` of E4. `files` is empty when the key is absent or null.
struct ExportFilesResponse {
  std::vector<ExportFileItem> files;
  std::optional<std::int64_t> total;
  std::optional<std::int64_t> total_failure;
  std::optional<std::int64_t> total_files;
  std::optional<std::int64_t> total_success;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const ExportFilesResponse& v);
MOI_EXPORT void from_json(const Json& j, ExportFilesResponse& v);

}  // namespace moi
