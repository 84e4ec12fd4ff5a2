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

#include "moi/export.hpp"
#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
#include "moi/model/workflow.hpp"

namespace moi {

/// One job of J1.
struct JobListItem {
  std::optional<std::string> id;
  std::optional<std::string> name;
  Timestamp created_at;  ///< Epoch ms in the documents.
  std::optional<std::string> creator;
  Timestamp updated_at;
  std::optional<std::string> modifier;
  std::optional<JobStatus> status;
  std::optional<std::string> version;
  std::optional<std::string> workflow_meta_id;    ///< The workflow.
  std::optional<std::string> workflow_branch_id;  ///< The branch ("main" in the example).
  Json extra;                                     ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const JobListItem& v);
MOI_EXPORT void from_json(const Json& j, JobListItem& v);

/// `data` of J1. `jobs` is empty when the key is absent or null.
struct JobListResponse {
  std::optional<std::int64_t> total;  ///< Matches in all pages.
  std::vector<JobListItem> jobs;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const JobListResponse& v);
MOI_EXPORT void from_json(const Json& j, JobListResponse& v);

/// `data` of J2. The document's J2 example repeats W1's workflow record, while the service's
/// schema describes a job list item with run details; this type is the union of both, so
/// either decodes. Arrays may arrive as JSON text and the process mode as `flow_interval`/
/// `flow_offset`, as in WorkflowRecord; both are written back in the form received.
struct JobDetail {
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> workflow_name;
  std::optional<std::string> user_id;
  std::optional<std::string> group_id;
  std::optional<std::string> creator;
  std::optional<std::string> modifier;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<JobStatus> status;
  std::optional<std::string> version;
  std::optional<std::string> workflow_id;
  std::optional<std::string> workflow_meta_id;
  std::optional<std::string> workflow_branch_id;
  std::optional<std::string> branch_name;
  std::optional<std::int64_t> priority;
  std::optional<ProcessModeConfig> process_mode;  ///< From `process_mode` or `flow_*`.
  std::optional<std::vector<FileType>> file_types;
  std::optional<std::vector<std::string>> source_volume_ids;
  std::optional<std::vector<std::string>> source_volume_names;
  std::optional<std::string> target_volume_id;
  std::optional<std::string> target_volume_name;
  std::optional<std::vector<Json>> files;  ///< SourceFileInfo objects.
  Timestamp start_time;
  Timestamp end_time;
  std::optional<std::int64_t> duration;  ///< Seconds.
  std::optional<std::int64_t> processed_count;
  std::optional<std::int64_t> total_count;
  /// The pipeline: normally a WorkflowConfig object (`workflow->get<WorkflowConfig>()`);
  /// older services send YAML text, so it stays free-form here.
  std::optional<Json> workflow;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const JobDetail& v);
MOI_EXPORT void from_json(const Json& j, JobDetail& v);

/// One file of a job (J3 `files[]`).
struct JobFileInfo {
  std::optional<std::string> id;
  std::optional<std::string> file_name;
  std::optional<FileType> file_type;
  std::optional<JobFileStatus> file_status;
  std::optional<std::string> error_message;
  Timestamp start_time;  ///< ISO text without zone in the document.
  Timestamp end_time;
  std::optional<std::string> source_id;         ///< Source file id.
  std::optional<std::string> ref_file_id;       ///< Original file id.
  std::optional<std::string> target_volume_id;  ///< For raw downloads.
  Json extra;                                   ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const JobFileInfo& v);
MOI_EXPORT void from_json(const Json& j, JobFileInfo& v);

/// `data` of J3: one page of files and the job's counters. `files` is empty when the key is
/// absent or null.
struct JobFilesResponse {
  std::vector<JobFileInfo> files;
  std::optional<std::int64_t> file_total;  ///< Files matching the filter.
  std::optional<std::int64_t> total;
  std::optional<std::int64_t> completed;
  std::optional<std::int64_t> failed;
  std::optional<std::int64_t> processing;
  std::optional<std::int64_t> pending;
  std::optional<std::int64_t> stopped;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const JobFilesResponse& v);
MOI_EXPORT void from_json(const Json& j, JobFilesResponse& v);

/// Body of J4: the file items (JobFileInfo::id) to process again. Required on decoding.
struct RetryJobFilesRequest {
  std::vector<std::string> files;
  Json extra;  ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const RetryJobFilesRequest& v);
MOI_EXPORT void from_json(const Json& j, RetryJobFilesRequest& v);

/// `data` of J5.
struct JobStatusInfo {
  std::optional<std::string> job_id;
  std::optional<JobStatus> status;
  std::optional<std::string> message;
  std::optional<double> progress;  ///< 0-100; written back as an integer when integral.
  Timestamp start_time;            ///< Epoch ms in the document.
  Timestamp end_time;              ///< Null while running.
  Json extra;                      ///< Unknown keys (null or an object).

 private:
  friend struct detail::MemoAccess;
  detail::WireMemo wire_;
};
MOI_EXPORT void to_json(Json& j, const JobStatusInfo& v);
MOI_EXPORT void from_json(const Json& j, JobStatusInfo& v);

/// Query of J1 (list jobs). Unset members and empty lists are not sent; lists are sent as
/// repeated keys. Server defaults are noted per member.
struct ListJobsRequest {
  std::optional<std::string> workflow_id;  ///< Jobs of this workflow.
  std::optional<std::string> name_search;  ///< Substring of the workflow / volume names.
  std::vector<FileType> file_types;        ///< File types.
  std::vector<std::int64_t> priority;      ///< Priorities.
  std::optional<std::int64_t> page_num;    ///< Server default 1; >= 1.
  std::optional<std::int64_t> page_size;   ///< Server default 10; >= 1.
  std::optional<std::int64_t> count_le;    ///< At most this many files.
  std::optional<std::int64_t> count_ge;    ///< At least this many files.
  std::optional<std::string> sort_field;   ///< Unset: newest first by creation time.
  std::optional<SortOrder> sort_order;     ///< Sent as "asc"/"desc"; server default "asc".
};

/// Query of J3 (list a job's files).
struct ListJobFilesRequest {
  std::optional<std::int64_t> page_num;   ///< Server default 1; >= 1.
  std::optional<std::int64_t> page_size;  ///< Server default 10; >= 1.
  std::vector<JobFileStatus> statuses;    ///< Empty: not sent (server default []).
};

}  // namespace moi
