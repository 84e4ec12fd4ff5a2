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

#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// One file to export (E1 `files[]`). All members are required on decoding. An aggregate:
/// `ExportFile{"file-id", {"data", "a.pdf"}, true}`.
struct ExportFile {
  std::string file_id{};                 ///< File id.
  std::vector<std::string> full_path{};  ///< Path segments, e.g. {"data", "documents", "a.pdf"}.
  bool is_raw = false;                   ///< True for the original file, false for results.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportFile);

/// Export to a Dify knowledge base (`config.dify_config`).
struct DifyConfig {
  /// Id of the Dify dataset (knowledge base) to write to.
  std::optional<std::string> dataset_id{};
  /// Name of the Dify dataset.
  std::optional<std::string> dataset_name{};
  std::optional<std::string> embedding_model{};  ///< e.g. "text-embedding-ada-002".
  Json extra{};                                  ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};                ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(DifyConfig);

/// Export to S3 or OSS (`config.s3_config`).
struct S3Config {
  std::optional<std::string> path{};             ///< Target folder, e.g. "/export/data/".
  std::optional<bool> need_compress{};           ///< Server default false.
  std::optional<std::string> compress_method{};  ///< e.g. "zip".
  Json extra{};                                  ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};                ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(S3Config);

/// One column mapping of a MatrixOne export (`column.export_column[]`). An aggregate:
/// `MoColumnMapping{"content", "doc_content"}` maps the source field to the column.
struct MoColumnMapping {
  std::optional<std::string> source_column{};   ///< e.g. "content".
  std::optional<std::string> mapping_column{};  ///< e.g. "doc_content".
  Json extra{};                                 ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};               ///< Internal: how the value arrived; never set it.

  /// A mapping from @p source to @p target; the same as `MoColumnMapping{source, target}`.
  MOI_EXPORT static MoColumnMapping make(std::string source, std::string target);
};
MOI_MODEL_JSON(MoColumnMapping);

/// Column configuration of a MatrixOne export (`mo_config.column`).
struct MoColumnConfig {
  std::optional<std::vector<MoColumnMapping>> export_column{};  ///< Field mappings.
  std::optional<std::vector<std::string>> combine_column{};     ///< Fields to combine.
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(MoColumnConfig);

/// Export to a MatrixOne table (`config.mo_config`).
struct MoConfig {
  /// Target database.
  std::optional<std::string> database_name{};
  /// Target table.
  std::optional<std::string> table_name{};
  std::optional<bool> new_table{};  ///< Create the table; server default false.
  /// Which fields go to which columns.
  std::optional<MoColumnConfig> column{};
  /// What to do with rows that already exist (the document sends 1).
  std::optional<DuplicatedStrategy> duplicated_strategy{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(MoConfig);

/// The `config` object of E1 and E3. Several targets may be set at once.
struct ExportConfig {
  /// Export to a Dify knowledge base (type kDify).
  std::optional<DifyConfig> dify_config{};
  /// Export to S3 or OSS (type kS3).
  std::optional<S3Config> s3_config{};
  /// Export to a MatrixOne table (type kMatrixOne).
  std::optional<MoConfig> mo_config{};
  std::optional<bool> merge_title_to_text{};  ///< Server default false.
  Json extra{};                               ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};             ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportConfig);

/// Body of E1 (create an export task). Plain members are required on decoding.
/// `connector_id` is sent as a JSON integer when it is a canonical decimal that fits uint64
/// (the document types it integer), otherwise as a string.
struct CreateExportTaskRequest {
  /// Task name (E1 answers no id: list tasks by name/creator to find it).
  std::string task_name{};
  /// User name recorded as the task's creator.
  std::string creator{};
  std::string connector_id{};  ///< Decimal text, e.g. "1".
  /// Name of the connector.
  std::string connector_name{};
  /// Target kind; set the matching member of `config`.
  ExportTaskType type = ExportTaskType::kDify;
  /// Where and how to export.
  ExportConfig config{};
  /// The files to export.
  std::vector<ExportFile> files{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateExportTaskRequest);

/// Body of E2 (list export tasks). Unset members are not sent; server defaults noted.
struct ListExportTasksRequest {
  std::optional<std::int64_t> offset{};  ///< Server default 0.
  std::optional<std::int64_t> limit{};   ///< Server default 10.
  /// Only tasks with one of these statuses; empty: all (not sent). The values have no names
  /// (see ExportTaskStatus): `r.statuses = {ExportTaskStatus{1}, ExportTaskStatus{2}};`.
  std::vector<ExportTaskStatus> statuses{};
  /// Only tasks of this creator.
  std::optional<std::string> creator{};
  /// Only tasks of this connector.
  std::optional<std::string> connector_name{};
  /// Only the task with this id.
  std::optional<std::string> task_id{};
  std::optional<std::string> order_by{};       ///< Server default "created_at".
  std::optional<SortOrder> order_direction{};  ///< Sent as "asc"/"desc"; default "desc".
  Json extra{};                                ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};              ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ListExportTasksRequest);

/// One task of E2.
struct ExportTaskListItem {
  /// Task id.
  std::optional<std::string> id{};
  /// Task name.
  std::optional<std::string> name{};
  /// User name of the creator.
  std::optional<std::string> creator{};
  /// Name of the connector.
  std::optional<std::string> connector_name{};
  /// Target kind (Dify, S3/OSS, MatrixOne).
  std::optional<ExportTaskType> type{};
  /// Task status (values undocumented: printed as numbers).
  std::optional<ExportTaskStatus> status{};
  std::optional<std::vector<std::vector<std::string>>> export_source{};  ///< Path lists.
  Timestamp create_time{};  ///< ISO with "Z" in the document.
  /// When the task ended (null or absent while it runs).
  Timestamp end_time{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportTaskListItem);

/// `data` of E2. `tasks` is empty when the key is absent or null.
struct ExportTaskListResponse {
  /// The tasks of this page.
  std::vector<ExportTaskListItem> tasks{};
  /// Tasks matching the filter, in all pages.
  std::optional<std::int64_t> total{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportTaskListResponse);

/// Body of E3 (task info) and E6 (delete task): `{"id": ...}`. Required on decoding.
struct ExportTaskIdRequest {
  /// Task id.
  std::string id{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportTaskIdRequest);

/// File counters of an export task (E3 `file_stats`); `fileSuccess`/`fileFail` are camelCase
/// on the wire.
struct ExportFileStats {
  /// Files of the task.
  std::optional<std::int64_t> total{};
  /// Files waiting to be exported.
  std::optional<std::int64_t> pending{};
  /// Files being exported.
  std::optional<std::int64_t> running{};
  /// Files whose export failed.
  std::optional<std::int64_t> failed{};
  /// Files exported.
  std::optional<std::int64_t> completed{};
  std::optional<std::int64_t> file_success{};  ///< Wire key `fileSuccess`.
  std::optional<std::int64_t> file_fail{};     ///< Wire key `fileFail`.
  Json extra{};                                ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};              ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportFileStats);

/// `data` of E3.
struct ExportTaskInfo {
  /// Task id.
  std::optional<std::string> id{};
  /// Task name.
  std::optional<std::string> name{};
  /// User name of the creator.
  std::optional<std::string> creator{};
  /// Name of the connector.
  std::optional<std::string> connector_name{};
  /// Target kind (Dify, S3/OSS, MatrixOne).
  std::optional<ExportTaskType> type{};
  /// Task status (values undocumented: printed as numbers).
  std::optional<ExportTaskStatus> status{};
  /// The configuration the task was created with.
  std::optional<ExportConfig> config{};
  /// Creation time (ISO-8601 with "Z" in the documents).
  Timestamp create_time{};
  /// When the task ended (null or absent while it runs).
  Timestamp end_time{};
  /// File counters; see is_finished(const ExportTaskInfo&).
  std::optional<ExportFileStats> file_stats{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportTaskInfo);

/// True when the task counts at least one failed file: `file_stats.failed` or
/// `file_stats.fileFail` above 0 (ExportClient::rerun() exports those again). A predicate over
/// the file counters because ExportTaskStatus values have no documented meaning.
MOI_EXPORT bool has_failed_files(const ExportTaskInfo& task) noexcept;

/// Body of E4 (list a task's files). `task_id` is required on decoding.
struct ListExportFilesRequest {
  /// The task whose files to list (required).
  std::string task_id{};
  std::optional<std::int64_t> offset{};  ///< Server default 0.
  std::optional<std::int64_t> limit{};   ///< Server default 10.
  /// Only files with one of these statuses; empty: all (not sent).
  /// `r.statuses = {ExportFileStatus::kFailed};`.
  std::vector<ExportFileStatus> statuses{};
  std::optional<std::string> order_by{};       ///< Server default "created_at".
  std::optional<SortOrder> order_direction{};  ///< Sent as "asc"/"desc"; default "desc".
  Json extra{};                                ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};              ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ListExportFilesRequest);

/// One file of E4.
struct ExportFileItem {
  /// Id of the file within the task.
  std::optional<std::string> id{};
  /// The catalog file id E1 was given for it (`files[].file_id`). Not in the E4 document's
  /// example; the emulator sends it (docs/emulator.md) and `moi export files` shows it.
  std::optional<std::string> file_id{};
  /// Whether the original file was exported (E1's `files[].is_raw`); like file_id, not in the
  /// E4 document's example.
  std::optional<bool> is_raw{};
  /// Export status of the file (succeeded, failed; others print as numbers).
  std::optional<ExportFileStatus> status{};
  /// Path segments of the file, as given to E1.
  std::optional<std::vector<std::string>> full_path{};
  std::optional<std::string> details{};  ///< e.g. the failure reason.
  /// When the file was added to the task.
  Timestamp create_time{};
  /// When its export started.
  Timestamp start_time{};
  /// When its export ended.
  Timestamp end_time{};
  /// File name (the last path segment).
  std::optional<std::string> file_name{};
  /// Kept as a number: the document's example (test.pdf → 1, report.docx → 2) does not match
  /// FileType, so the SDK does not name these values.
  std::optional<std::int64_t> file_type{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportFileItem);

/// True when @p file reports ExportFileStatus::kFailed (3).
MOI_EXPORT bool is_failed(const ExportFileItem& file) noexcept;

/// `data` of E4. `files` is empty when the key is absent or null.
struct ExportFilesResponse {
  /// The files of this page.
  std::vector<ExportFileItem> files{};
  /// Files matching the filter, in all pages.
  std::optional<std::int64_t> total{};
  /// Files of the task that failed.
  std::optional<std::int64_t> total_failure{};
  /// Files of the task.
  std::optional<std::int64_t> total_files{};
  /// Files of the task that were exported.
  std::optional<std::int64_t> total_success{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExportFilesResponse);

}  // namespace moi
