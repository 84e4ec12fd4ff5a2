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
#include <vector>

#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
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
};

/// Progress of an upload, reported while the body is sent.
struct UploadProgress {
  std::uint64_t bytes_sent = 0;        ///< Body bytes sent so far (all files and form fields).
  std::uint64_t bytes_total = 0;       ///< Body size.
  std::size_t file_index = 0;          ///< The file being sent (index into UploadRequest::files).
  std::uint64_t file_bytes_sent = 0;   ///< Bytes of that file sent (within a part header).
  std::uint64_t file_bytes_total = 0;  ///< That file's size.
};

/// A multipart upload into a volume (`POST /connectors/upload`). Not a JSON body: the SDK
/// sends one `file` part per file (streamed from disk), a `VolumeID` part and a `meta` part
/// holding `[{file_name, file_size, mime_type, filename, path}]`, one object per file.
struct UploadRequest {
  std::string volume_id{};          ///< Target volume (required).
  std::vector<UploadFile> files{};  ///< At least one.
  /// Optional parts, sent only when set (seen in the official SDKs, not in the documents).
  std::optional<std::vector<std::int64_t>> file_types{};  ///< `file_types`: JSON int array.
  std::optional<std::string> path_regex{};                ///< `path_regex`.
  std::optional<bool> unzip_keep_structure{};             ///< `unzip_keep_structure`.
  /// `dedup`, e.g. `{"by":["name","md5"],"strategy":"skip"}`.
  std::optional<Json> dedup{};
  /// Largest file accepted, checked before anything is sent (the public cloud's limit).
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
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UploadResponse);

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
  Json extra{};                                         ///< Unknown keys (null or an object).
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

}  // namespace moi
