// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// The flow every program writes: wait for a job, retry its failed files, wait again.

#include <string>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/waiters.hpp"
#include "moi/job_client.hpp"
#include "moi/model/job.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// Whether J3 reports @p file as failed: `file_status` JobFileStatus::kFailed (3; a
/// provisional name, see JobFileStatus), or, when the answer has no `file_status`, a
/// non-empty `error_message`.
MOI_EXPORT bool is_failed(const JobFileInfo& file) noexcept;

/// Options of retry_failed_files().
struct RetryFailedFilesOptions {
  /// Retry rounds at most (each: retry every failed file once, then wait). 0: only wait.
  int max_rounds = 3;
  /// How each wait polls; its timeout bounds each wait, not the whole flow.
  JobWaitOptions wait;
};

/// What retry_failed_files() ended with.
struct RetryFailedFilesResult {
  JobStatusInfo status;                    ///< The job's status after the last wait.
  std::vector<JobFileInfo> still_failing;  ///< Files failed after the last round (is_failed()).
  int rounds = 0;                          ///< Retry rounds made (J4 calls).
};

/// Waits for job @p job_id to finish, then up to `max_rounds` times: lists its failed files
/// (J3, every page), retries them (J4) and waits again. Stops early when no file has failed.
/// A job that finishes with files still failing is returned, not thrown.
/// @throws JobWaitTimeoutError when a wait reaches its deadline, CancelledError, or the first
///         non-retryable error of a call. Thread-safety: as the client.
MOI_EXPORT RetryFailedFilesResult retry_failed_files(const JobClient& jobs,
                                                     const std::string& job_id,
                                                     const RetryFailedFilesOptions& options = {});

/// retry_failed_files(client.jobs(), job_id, options).
inline RetryFailedFilesResult retry_failed_files(const Client& client, const std::string& job_id,
                                                 const RetryFailedFilesOptions& options = {}) {
  return retry_failed_files(client.jobs(), job_id, options);
}

}  // namespace moi
