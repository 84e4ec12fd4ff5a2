// SPDX-License-Identifier: Apache-2.0
#include "moi/model/job.hpp"

#include "model/codec.hpp"
#include "model/process_mode.hpp"

namespace moi {
namespace model_codec {

template <>
struct Schema<JobListItem> {
  using T = JobListItem;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("id", &T::id), field("name", &T::name),
                      field("created_at", &T::created_at), field("creator", &T::creator),
                      field("updated_at", &T::updated_at), field("modifier", &T::modifier),
                      field("status", &T::status), field<IdText>("version", &T::version),
                      field<IdText>("workflow_meta_id", &T::workflow_meta_id),
                      field<IdText>("workflow_branch_id", &T::workflow_branch_id));
};

template <>
struct Schema<JobListResponse> {
  using T = JobListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("jobs", &T::jobs, kDefaulted));
};

// process_mode / flow_interval / flow_offset are handled by ProcessModeHooks.
template <>
struct Schema<JobDetail> {
  using T = JobDetail;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name),
      field("workflow_name", &T::workflow_name), field<IdText>("user_id", &T::user_id),
      field<IdText>("group_id", &T::group_id), field("creator", &T::creator),
      field("modifier", &T::modifier), field("created_at", &T::created_at),
      field("updated_at", &T::updated_at), field("status", &T::status),
      field<IdText>("version", &T::version), field<IdText>("workflow_id", &T::workflow_id),
      field<IdText>("workflow_meta_id", &T::workflow_meta_id),
      field<IdText>("workflow_branch_id", &T::workflow_branch_id),
      field("branch_name", &T::branch_name), field("priority", &T::priority),
      field("file_types", &T::file_types),
      field<IdText>("source_volume_ids", &T::source_volume_ids),
      field("source_volume_names", &T::source_volume_names),
      field<IdText>("target_volume_id", &T::target_volume_id),
      field("target_volume_name", &T::target_volume_name), field("files", &T::files),
      field("start_time", &T::start_time), field("end_time", &T::end_time),
      field("duration", &T::duration), field("processed_count", &T::processed_count),
      field("total_count", &T::total_count), field("workflow", &T::workflow));
};

template <>
struct Schema<JobFileInfo> {
  using T = JobFileInfo;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("file_name", &T::file_name),
      field("file_type", &T::file_type), field("file_status", &T::file_status),
      field("error_message", &T::error_message), field("start_time", &T::start_time),
      field("end_time", &T::end_time), field<IdText>("source_id", &T::source_id),
      field<IdText>("ref_file_id", &T::ref_file_id),
      field<IdText>("target_volume_id", &T::target_volume_id));
};

template <>
struct Schema<JobFilesResponse> {
  using T = JobFilesResponse;
  static constexpr auto kFields =
      std::make_tuple(field("files", &T::files, kDefaulted), field("file_total", &T::file_total),
                      field("total", &T::total), field("completed", &T::completed),
                      field("failed", &T::failed), field("processing", &T::processing),
                      field("pending", &T::pending), field("stopped", &T::stopped));
};

template <>
struct Schema<RetryJobFilesRequest> {
  using T = RetryJobFilesRequest;
  static constexpr auto kFields = std::make_tuple(field<IdText>("files", &T::files, kRequired));
};

template <>
struct Schema<JobStatusInfo> {
  using T = JobStatusInfo;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("job_id", &T::job_id), field("status", &T::status),
                      field("message", &T::message), field("progress", &T::progress),
                      field("start_time", &T::start_time), field("end_time", &T::end_time));
};

}  // namespace model_codec

using model_codec::decode_object;
using model_codec::encode_object;
using model_codec::ProcessModeHooks;

void to_json(Json& j, const JobListItem& v) { encode_object(v, j); }
void from_json(const Json& j, JobListItem& v) { decode_object(j, v); }
void to_json(Json& j, const JobListResponse& v) { encode_object(v, j); }
void from_json(const Json& j, JobListResponse& v) { decode_object(j, v); }
void to_json(Json& j, const JobDetail& v) { encode_object<JobDetail, ProcessModeHooks>(v, j); }
void from_json(const Json& j, JobDetail& v) { decode_object<JobDetail, ProcessModeHooks>(j, v); }
void to_json(Json& j, const JobFileInfo& v) { encode_object(v, j); }
void from_json(const Json& j, JobFileInfo& v) { decode_object(j, v); }
void to_json(Json& j, const JobFilesResponse& v) { encode_object(v, j); }
void from_json(const Json& j, JobFilesResponse& v) { decode_object(j, v); }
void to_json(Json& j, const RetryJobFilesRequest& v) { encode_object(v, j); }
void from_json(const Json& j, RetryJobFilesRequest& v) { decode_object(j, v); }
void to_json(Json& j, const JobStatusInfo& v) { encode_object(v, j); }
void from_json(const Json& j, JobStatusInfo& v) { decode_object(j, v); }

}  // namespace moi
