// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Local uploads (`POST /connectors/upload`) and the load tasks they start (`/task/get`,
/// `/task/files`), at the host root.
///
/// Conventions as in moi/model/common.hpp. Times of these calls are unix SECONDS on the wire:
/// the Timestamp members below read them as such (epoch_ms() is seconds x 1000) and write
/// them back as sent. Ids are accepted as JSON strings or integers, exactly.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
#include "moi/model/table.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// One local file to upload.
struct UploadFile {
  std::string path{};  ///< Path on disk; must name a readable regular file.
  /// Name the file gets in the volume; empty: the last component of `path`.
  std::string name{};
  /// MIME type sent for the part and in `meta`; empty: guessed from the extension
  /// (application/octet-stream when unknown).
  std::string mime_type{};
  /// Folders inside the volume ("reports/2026"), from its root; empty: the root. Sent as the
  /// meta `path` "reports/2026/NAME" (the official SDKs' key; how the service reads it is not
  /// documented: the emulator puts the file in those folders, creating missing ones). Elements
  /// must not be empty, "." or "..": InvalidArgumentError before sending.
  std::string folder{};
};

/// Progress of an upload, reported while the body is sent.
struct UploadProgress {
  std::uint64_t bytes_sent = 0;        ///< Body bytes sent so far (all files and form fields).
  std::uint64_t bytes_total = 0;       ///< Body size.
  std::size_t file_index = 0;          ///< The file being sent (index into UploadRequest::files).
  std::uint64_t file_bytes_sent = 0;   ///< Bytes of that file sent (within a part header).
  std::uint64_t file_bytes_total = 0;  ///< That file's size.
};

/// How an upload treats files the volume already holds: the `dedup` part of
/// `POST /connectors/upload` and the `dedup` key of `/catalog/file/create` (PLATFORM-NOTES 2.4,
/// seen only in the official SDKs). The service compares and decides: a file is a duplicate
/// when it matches a stored one on every criterion of `by` ("name": same name in the same
/// folder; "md5": same bytes); `strategy` "skip" keeps the stored file and stores nothing,
/// "replace" overwrites the stored file. Sent as `{"by": [...], "strategy": "..."}`.
///
/// `by` must name "name" and/or "md5" and `strategy` must be "skip" or "replace": anything
/// else is an InvalidArgumentError before sending (an empty `by` too: leave the dedup unset to
/// upload without one).
struct UploadDedup {
  std::vector<std::string> by{};   ///< "name" and/or "md5" (at least one).
  std::string strategy = "skip";   ///< "skip" (keep the stored file) or "replace".
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.

  /// Duplicates by name (same name in the same folder), skipped or replaced.
  static UploadDedup by_name(std::string strategy = "skip") {
    UploadDedup dedup;
    dedup.by = {"name"};
    dedup.strategy = std::move(strategy);
    return dedup;
  }
  /// Duplicates by content (same MD5), skipped or replaced.
  static UploadDedup by_md5(std::string strategy = "skip") {
    UploadDedup dedup;
    dedup.by = {"md5"};
    dedup.strategy = std::move(strategy);
    return dedup;
  }
  /// Duplicates by name and content together, skipped or replaced.
  static UploadDedup by_name_and_md5(std::string strategy = "skip") {
    UploadDedup dedup;
    dedup.by = {"name", "md5"};
    dedup.strategy = std::move(strategy);
    return dedup;
  }
};
MOI_MODEL_JSON(UploadDedup);

/// A multipart upload into a volume (`POST /connectors/upload`). Not a JSON body: the SDK
/// sends one `file` part per file (streamed from disk), a `VolumeID` part and a `meta` part
/// holding `[{file_name, file_size, mime_type, filename, path}]`, one object per file.
///
/// With `table_config` set it is an import into a catalog table instead (PLATFORM-NOTES 2.3):
/// the rows of staged files (`table_config.conn_file_ids`, FileClient::stage()) and/or of the
/// `files` sent here go into a new or existing table; `volume_id` may then be empty (the
/// official SDKs' import helpers send the placeholder "123456", which the service ignores, and
/// so does this SDK), and `files` may be empty when staged files are named. moi::import_to_table
/// does the whole flow.
struct UploadRequest {
  std::string volume_id{};          ///< Target volume (required unless table_config is set).
  std::vector<UploadFile> files{};  ///< At least one (or staged files named by table_config).
  /// Optional parts, sent only when set (seen in the official SDKs, not in the documents).
  std::optional<std::vector<std::int64_t>> file_types{};  ///< `file_types`: JSON int array.
  std::optional<std::string> path_regex{};                ///< `path_regex`.
  std::optional<bool> unzip_keep_structure{};             ///< `unzip_keep_structure`.
  /// `dedup`: how files the volume already holds are treated (see UploadDedup).
  std::optional<UploadDedup> dedup{};
  /// `table_config`: import into a catalog table instead of storing files in a volume.
  std::optional<TableImportConfig> table_config{};
  /// Largest file accepted, checked before anything is sent (the public cloud's limit).
  std::uint64_t max_file_bytes = std::uint64_t{200} * 1024 * 1024;
  /// Called while sending, on the calling thread; may be empty.
  std::function<void(const UploadProgress&)> on_progress{};
};

/// Files to stage (`POST /connectors/file/upload`, FileClient::stage()): kept in temporary
/// connector storage (no volume) for a preview and an import into a table. The service does not
/// remove them by itself: FileClient::delete_staged() does.
struct StageFilesRequest {
  /// At least one. UploadFile::folder is sent as the meta `path` ("/" when empty, as the
  /// official SDKs' documents do).
  std::vector<UploadFile> files{};
  /// Largest file accepted, checked before anything is sent.
  std::uint64_t max_file_bytes = std::uint64_t{200} * 1024 * 1024;
  /// Called while sending, on the calling thread; may be empty.
  std::function<void(const UploadProgress&)> on_progress{};
};

/// The outcome of one uploaded file (upload `data.results[]`).
struct UploadResult {
  std::optional<bool> success{};         ///< Whether the file was accepted.
  std::optional<std::string> file_id{};  ///< Its file id.
  std::optional<std::string> message{};  ///< Server text.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UploadResult);

/// `data` of `POST /connectors/upload`.
struct UploadResponse {
  std::optional<bool> success{};         ///< Whether the upload was accepted.
  std::optional<std::string> file_id{};  ///< The first file's id.
  std::optional<std::string> task_id{};  ///< The load task (LoadTaskClient::get()).
  std::optional<std::string> message{};  ///< Server text.
  std::vector<UploadResult> results{};   ///< One per file; empty when absent or null.
  /// The table an import (`table_config`) filled. moi-emulator sends it; no document or SDK
  /// shows it in the service's answer (the load task's `table_path` names the table there).
  std::optional<std::string> table_id{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UploadResponse);

/// One entry of a table import's `load_results` (`/task/get`, Go's answer type).
struct LoadResult {
  std::optional<std::int64_t> lines{};  ///< Rows loaded.
  std::optional<std::string> reason{};  ///< Why it failed (empty when it did not).
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LoadResult);

/// A load task (`/task/get`, which wraps it as `data.task`; a bare `data` is accepted too).
struct LoadTask {
  std::optional<std::string> id{};                      ///< Task id.
  std::optional<std::string> name{};                    ///< Task name (often empty).
  std::optional<std::string> source_connector_id{};     ///< Connector the files came from.
  std::optional<std::int64_t> source_connector_type{};  ///< Its ConnectorSourceType number.
  std::optional<std::string> volume_id{};               ///< Target volume.
  std::optional<std::string> volume_name{};             ///< Its name.
  std::optional<LoadTaskStatus> status{};               ///< 4 = finished.
  std::optional<std::string> creator{};                 ///< User name.
  std::optional<Json> source_config{};                  ///< Load configuration, as sent.
  Timestamp start_at{};                                 ///< Unix seconds on the wire.
  Timestamp end_at{};                                   ///< Unix seconds on the wire.
  Timestamp created_at{};                               ///< Unix seconds on the wire.
  Timestamp updated_at{};                               ///< Unix seconds on the wire.
  /// A table import's table: catalog, database and table ids and names (Go's answer type;
  /// not in the documents).
  std::optional<TableFullPath> table_path{};
  /// A table import's source files, one list of names per file (Go's answer type).
  std::vector<std::vector<std::string>> source_files{};
  /// A table import's rows loaded and failure reasons (Go's answer type).
  std::vector<LoadResult> load_results{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LoadTask);

/// True when @p task reports LoadTaskStatus::kFinished.
MOI_EXPORT bool is_finished(const LoadTask& task) noexcept;

/// Query of `/task/files`. Unset members are not sent.
struct ListLoadTaskFilesRequest {
  std::optional<LoadFileStatus> status{};   ///< Only files with this status.
  std::optional<std::int64_t> page{};       ///< 1-based page number.
  std::optional<std::int64_t> page_size{};  ///< Files per page.
};

/// One file of a load task.
struct LoadTaskFile {
  std::optional<std::string> id{};              ///< File id (the catalog's).
  std::optional<std::string> name{};            ///< File name.
  std::optional<FileType> type{};               ///< File type number (FileType).
  std::optional<LoadFileStatus> status{};       ///< 5 = loaded, 4 = failed.
  std::optional<std::int64_t> size{};           ///< Bytes.
  std::optional<std::string> path{};            ///< "/<volume name>/<file name>".
  std::optional<std::string> reason{};          ///< Why it failed.
  std::optional<std::string> other_metadata{};  ///< Free text.
  std::optional<std::string> user{};            ///< Creator.
  Timestamp update_time{};                      ///< Unix seconds on the wire.
  Timestamp start_time{};                       ///< Unix seconds on the wire.
  Timestamp end_time{};                         ///< Unix seconds on the wire (0 while running).
  Json extra{};                                 ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};               ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LoadTaskFile);

/// `data` of `/task/files`. `files` is empty when absent or null.
struct LoadTaskFilesResponse {
  std::optional<std::int64_t> total{};          ///< Matching files in all pages.
  std::optional<std::int64_t> total_success{};  ///< Files of the task that loaded.
  std::optional<std::int64_t> total_failed{};   ///< Files of the task that failed.
  std::vector<LoadTaskFile> files{};            ///< This page.
  Json extra{};                                 ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};               ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LoadTaskFilesResponse);

// ---- Load-task management (PLATFORM-NOTES §3: in the documents, in neither SDK) ----------

/// How often a load task runs: `load_interval_type` 1 daily, 2 hourly, 3 per minute, 4 once
/// (the default); `interval` is the period in that unit (the documents' examples send 0 with 4).
struct LoadModeConfig {
  std::int64_t load_interval_type = 4;  ///< 1 daily, 2 hourly, 3 per minute, 4 once.
  std::int64_t interval = 0;            ///< Period in that unit.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LoadModeConfig);

/// Which of the connector's files a task takes (only in SW's schema). Unset members are not
/// sent.
struct FileFilterConfig {
  std::vector<std::int64_t> file_types{};         ///< FileType numbers; not sent when empty.
  std::vector<std::string> filename_globs{};      ///< e.g. "*.pdf"; not sent when empty.
  std::optional<std::int64_t> min_file_size{};    ///< Bytes.
  std::optional<std::int64_t> max_file_size{};    ///< Bytes.
  std::optional<std::int64_t> min_create_time{};  ///< Unix seconds.
  std::optional<std::int64_t> max_create_time{};  ///< Unix seconds.
  Json extra{};                                   ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FileFilterConfig);

/// `source_config.common_file_task_config` of a load task.
struct CommonFileTaskConfig {
  LoadModeConfig load_mode_config{};                     ///< When it runs.
  std::vector<std::string> uris{};                       ///< Paths inside the connector.
  std::optional<FileFilterConfig> file_filter_config{};  ///< Which files; not sent when unset.
  Json extra{};                                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CommonFileTaskConfig);

/// `source_config` of a load task.
struct LoadSourceConfig {
  CommonFileTaskConfig common_file_task_config{};  ///< The only documented form.
  Json extra{};                                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LoadSourceConfig);

/// Body of `POST /task`: load files from a connector into a volume. The answer carries no
/// id: find the task with LoadTaskClient::list() (newest first).
struct CreateLoadTaskRequest {
  std::string source_connector_id{};  ///< The connector (sent as a JSON integer).
  std::string volume_id{};            ///< Target volume.
  LoadSourceConfig source_config{};   ///< What to load and when.
  std::int64_t config_type = 1;       ///< 1: a common file load (the only documented type).
  std::optional<std::string> name{};  ///< Task name (SW only); not sent when unset.
  Json extra{};                       ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};     ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateLoadTaskRequest);

/// Query of `GET /task/list`. Unset members are not sent; lists go as repeated keys.
struct ListLoadTasksRequest {
  std::optional<std::int64_t> page{};               ///< 1-based page number.
  std::optional<std::int64_t> page_size{};          ///< Tasks per page.
  std::optional<bool> is_desc{};                    ///< Newest first when true.
  std::optional<std::string> order_by{};            ///< e.g. "created_at".
  std::vector<LoadTaskStatus> status{};             ///< Only tasks with one of these statuses.
  std::vector<std::int64_t> load_interval_types{};  ///< Only these LoadModeConfig types.
};

/// `data` of `GET /task/list`. `tasks` is empty when absent or null.
struct LoadTaskListResponse {
  std::optional<std::int64_t> total{};  ///< Matching tasks in all pages.
  std::vector<LoadTask> tasks{};        ///< This page.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LoadTaskListResponse);

/// Body of `POST /task/update`. Unset members are not sent (left as they are).
struct UpdateLoadTaskRequest {
  std::string task_id{};                                 ///< The task (required).
  std::optional<LoadModeConfig> load_mode_config{};      ///< New schedule.
  std::optional<std::vector<std::string>> uris{};        ///< New connector paths.
  std::optional<FileFilterConfig> file_filter_config{};  ///< New filter (SW only).
  Json extra{};                                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateLoadTaskRequest);

/// Body of `POST /task/retry`: the task and the ids of its failed files (`/task/files` ids).
struct RetryLoadTaskRequest {
  std::string task_id{};           ///< The task (required).
  std::vector<std::string> ids{};  ///< Failed file ids (at least one).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RetryLoadTaskRequest);

/// `{"task_id": ...}`: the body of `/task/delete`, `/task/pause` and `/task/resume`.
struct TaskIdBody {
  std::string task_id{};           ///< The task (required).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TaskIdBody);

}  // namespace moi
