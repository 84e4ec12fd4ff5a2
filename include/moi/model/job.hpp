// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Job bodies (endpoints J1-J5) and their query parameters.
///
/// Conventions (keys kept in `extra`, optional members, wire fidelity, DecodeError paths,
/// thread-safety) are described in moi/model/common.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
#include "moi/model/workflow.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// One job of J1.
struct JobListItem {
  /// Job id (a UUID string).
  std::optional<std::string> id{};
  /// Job name (the workflow's name).
  std::optional<std::string> name{};
  Timestamp created_at{};  ///< Epoch ms in the documents.
  /// User name of the creator.
  std::optional<std::string> creator{};
  /// Time of the last change (epoch ms in the documents).
  Timestamp updated_at{};
  /// User name of the last modifier.
  std::optional<std::string> modifier{};
  /// Job status (running, completed, failed).
  std::optional<JobStatus> status{};
  /// Version of the workflow the job runs.
  std::optional<std::string> version{};
  std::optional<std::string> workflow_meta_id{};    ///< The workflow.
  std::optional<std::string> workflow_branch_id{};  ///< The branch ("main" in the example).
  Json extra{};                                     ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(JobListItem);

/// `data` of J1. `jobs` is empty when the key is absent or null.
struct JobListResponse {
  std::optional<std::int64_t> total{};  ///< Matches in all pages.
  /// The jobs of this page.
  std::vector<JobListItem> jobs{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(JobListResponse);

/// `data` of J2. The document's J2 example repeats W1's workflow record, while the service's
/// schema describes a job list item with run details; this type is the union of both, so
/// either decodes. Arrays may arrive as JSON text and the process mode as `flow_interval`/
/// `flow_offset`, as in WorkflowRecord; both are written back in the form received.
struct JobDetail {
  /// Job id.
  std::optional<std::string> id{};
  /// Job name (the workflow's name in the documents' example).
  std::optional<std::string> name{};
  /// Name of the workflow the job runs.
  std::optional<std::string> workflow_name{};
  /// Id of the user the job belongs to.
  std::optional<std::string> user_id{};
  /// Id of the user's group.
  std::optional<std::string> group_id{};
  /// User name of the creator.
  std::optional<std::string> creator{};
  /// User name of the last modifier.
  std::optional<std::string> modifier{};
  /// Creation time (ISO-8601 without zone in the documents: read as UTC).
  Timestamp created_at{};
  /// Time of the last change.
  Timestamp updated_at{};
  /// Job status (running, completed, failed).
  std::optional<JobStatus> status{};
  /// Version of the workflow the job runs.
  std::optional<std::string> version{};
  /// Id of the workflow (schema name; see also `workflow_meta_id`).
  std::optional<std::string> workflow_id{};
  /// Id of the workflow.
  std::optional<std::string> workflow_meta_id{};
  /// Id of the branch the job runs.
  std::optional<std::string> workflow_branch_id{};
  /// Name of that branch.
  std::optional<std::string> branch_name{};
  /// Scheduling priority.
  std::optional<std::int64_t> priority{};
  std::optional<ProcessModeConfig> process_mode{};  ///< From `process_mode` or `flow_*`.
  /// File types processed (may arrive as JSON text).
  std::optional<std::vector<FileType>> file_types{};
  /// Ids of the source volumes (decimal text).
  std::optional<std::vector<std::string>> source_volume_ids{};
  /// Names of the source volumes.
  std::optional<std::vector<std::string>> source_volume_names{};
  /// Id of the target volume.
  std::optional<std::string> target_volume_id{};
  /// Name of the target volume.
  std::optional<std::string> target_volume_name{};
  std::optional<std::vector<Json>> files{};  ///< SourceFileInfo objects.
  /// When the job started.
  Timestamp start_time{};
  /// When the job ended (null while it runs).
  Timestamp end_time{};
  std::optional<std::int64_t> duration{};  ///< Seconds.
  /// Files processed so far.
  std::optional<std::int64_t> processed_count{};
  /// Files of the job.
  std::optional<std::int64_t> total_count{};
  /// The pipeline: normally a WorkflowConfig object (`workflow->get<WorkflowConfig>()`);
  /// older services send YAML text, so it stays free-form here.
  std::optional<Json> workflow{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(JobDetail);

/// One file of a job (J3 `files[]`).
struct JobFileInfo {
  /// Id of this file item of the job: what JobClient::retry_files() takes.
  std::optional<std::string> id{};
  /// File name.
  std::optional<std::string> file_name{};
  /// File type.
  std::optional<FileType> file_type{};
  /// Processing status (provisional names: pending, processing, completed, failed, stopped).
  std::optional<JobFileStatus> file_status{};
  /// Why the file failed (set for failed files).
  std::optional<std::string> error_message{};
  Timestamp start_time{};  ///< ISO text without zone in the document.
  /// When processing ended (unset or null until then).
  Timestamp end_time{};
  std::optional<std::string> source_id{};         ///< Source file id.
  std::optional<std::string> ref_file_id{};       ///< Original file id.
  std::optional<std::string> target_volume_id{};  ///< For raw downloads.
  Json extra{};                                   ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(JobFileInfo);

/// `data` of J3: one page of files and the job's counters. `files` is empty when the key is
/// absent or null.
struct JobFilesResponse {
  /// The files of this page.
  std::vector<JobFileInfo> files{};
  std::optional<std::int64_t> file_total{};  ///< Files matching the filter.
  /// Files of the job.
  std::optional<std::int64_t> total{};
  /// Files processed successfully.
  std::optional<std::int64_t> completed{};
  /// Files that failed.
  std::optional<std::int64_t> failed{};
  /// Files being processed.
  std::optional<std::int64_t> processing{};
  /// Files waiting to be processed.
  std::optional<std::int64_t> pending{};
  /// Files stopped (WorkflowClient::stop()).
  std::optional<std::int64_t> stopped{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(JobFilesResponse);

/// Body of J4: the file items (JobFileInfo::id) to process again. Required on decoding.
struct RetryJobFilesRequest {
  /// Ids of the job's file items (JobFileInfo::id) to process again.
  std::vector<std::string> files{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RetryJobFilesRequest);

/// `data` of J5.
struct JobStatusInfo {
  /// Job id.
  std::optional<std::string> job_id{};
  /// Job status: running, then completed or failed (see is_finished()).
  std::optional<JobStatus> status{};
  /// Readable note on the status, e.g. "1 of 3 files failed.".
  std::optional<std::string> message{};
  std::optional<double> progress{};  ///< 0-100; written back as an integer when integral.
  Timestamp start_time{};            ///< Epoch ms in the document.
  Timestamp end_time{};              ///< Null while running.
  Json extra{};                      ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};    ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(JobStatusInfo);

/// Query of J1 (list jobs). Unset members and empty lists are not sent; lists are sent as
/// repeated keys. Server defaults are noted per member. J1 has no time filter.
///
/// Order: with neither `sort_field` nor `sort_order` set, the service lists newest first
/// (creation time descending). `sort_order` defaults to "asc" for a `sort_field` you set.
/// Source: reference/data_processing_api.md, J1 query table (sort_field "未设置时按创建时间降序",
/// sort_order default `asc`) and the older OpenAPI spec (sort_order "默认升序").
struct ListJobsRequest {
  std::optional<std::string> workflow_id{};  ///< Jobs of this workflow.
  std::optional<std::string> name_search{};  ///< Substring of the workflow / volume names.
  std::vector<FileType> file_types{};        ///< File types.
  std::vector<std::int64_t> priority{};      ///< Priorities.
  std::optional<std::int64_t> page_num{};    ///< Server default 1; >= 1.
  std::optional<std::int64_t> page_size{};   ///< Server default 10; >= 1.
  std::optional<std::int64_t> count_le{};    ///< At most this many files.
  std::optional<std::int64_t> count_ge{};    ///< At least this many files.
  std::optional<std::string> sort_field{};   ///< Unset: by creation time, newest first.
  std::optional<SortOrder> sort_order{};     ///< Sent as "asc"/"desc"; see the order above.
};

/// Query of J3 (list a job's files).
struct ListJobFilesRequest {
  std::optional<std::int64_t> page_num{};   ///< Server default 1; >= 1.
  std::optional<std::int64_t> page_size{};  ///< Server default 10; >= 1.
  /// Only files with one of these statuses; empty: all (not sent; server default []).
  /// `r.statuses = {JobFileStatus::kFailed};`.
  std::vector<JobFileStatus> statuses{};
};

}  // namespace moi
