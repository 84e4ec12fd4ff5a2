// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// JobClient: workflow jobs and their files (J1-J5).

#include <memory>
#include <string>
#include <vector>

#include "moi/model/job.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Jobs: the runs of a workflow, and the files each processes. Obtain one from Client::jobs().
///
/// Failures are reported as in WorkflowClient (moi::Error subclasses; InvalidArgumentError
/// before sending for an empty id or page_num / page_size below 1).
/// Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT JobClient {
 public:
  /// J1 `GET /workflow_job`: one page of jobs (page_num/page_size), filtered and sorted.
  JobListResponse list(const ListJobsRequest& request = {}, const CallOptions& options = {}) const;

  /// J2 `GET /workflow_job/{job_id}`: a job's record.
  JobDetail get(const std::string& job_id, const CallOptions& options = {}) const;

  /// J3 `GET /workflow_job/{job_id}/files`: one page of the job's files with status counters.
  JobFilesResponse list_files(const std::string& job_id, const ListJobFilesRequest& request = {},
                              const CallOptions& options = {}) const;

  /// J4 `POST /workflow_job/{job_id}/files`: processes the named files (JobFileInfo::id) again.
  /// Not retried automatically.
  void retry_files(const std::string& job_id, const std::vector<std::string>& file_ids,
                   const CallOptions& options = {}) const;

  /// J5 `GET /workflow_job/{job_id}/status`: status, progress (0-100) and times.
  JobStatusInfo get_status(const std::string& job_id, const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::jobs())
  explicit JobClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
