// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/job_retry.hpp"

#include <utility>

#include "moi/helpers/pagination.hpp"

namespace moi {
namespace {

std::vector<JobFileInfo> failed_files(const JobClient& jobs, const std::string& job_id,
                                      const CallOptions& call) {
  std::vector<JobFileInfo> failed;
  for (const JobFileInfo& file : all_job_files(jobs, job_id, ListJobFilesRequest{}, call)) {
    if (is_failed(file)) failed.push_back(file);
  }
  return failed;
}

}  // namespace

bool is_failed(const JobFileInfo& file) noexcept {
  if (file.file_status) return *file.file_status == JobFileStatus::kFailed;
  return file.error_message && !file.error_message->empty();
}

RetryFailedFilesResult retry_failed_files(const JobClient& jobs, const std::string& job_id,
                                          const RetryFailedFilesOptions& options) {
  RetryFailedFilesResult result;
  result.status = wait_for_job(jobs, job_id, options.wait);
  result.still_failing = failed_files(jobs, job_id, options.wait.call);
  while (!result.still_failing.empty() && result.rounds < options.max_rounds) {
    std::vector<std::string> ids;
    ids.reserve(result.still_failing.size());
    for (const auto& file : result.still_failing) {
      if (file.id && !file.id->empty()) ids.push_back(*file.id);
    }
    if (ids.empty()) break;  // nothing J4 could name
    jobs.retry_files(job_id, ids, options.wait.call);
    ++result.rounds;
    result.status = wait_for_job(jobs, job_id, options.wait);
    result.still_failing = failed_files(jobs, job_id, options.wait.call);
  }
  return result;
}

}  // namespace moi
