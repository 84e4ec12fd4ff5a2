// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Waiters: poll until a job or an export task ends, or until a workflow's first job appears.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "moi/client.hpp"
#include "moi/error.hpp"
#include "moi/export_client.hpp"
#include "moi/genai_client.hpp"
#include "moi/job_client.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// Returns the current steady time (injectable so tests of deadlines need no real time).
using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

/// How a waiter polls. The interval starts at initial_interval and grows by backoff_multiplier
/// up to max_interval; the waiter gives up at timeout.
///
/// The timeout bounds the whole wait: every poll request gets the wait's deadline as its
/// CallOptions::deadline (its timeout and retries are cut to the time left), no pause runs
/// past it, and the waiter throws within a few milliseconds of it even against a server that
/// never answers. Pauses wake on call.should_abort within about 5 ms.
struct WaitOptions {
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};  ///< Deadline from the start.
  std::chrono::milliseconds initial_interval{500};              ///< First pause between polls.
  std::chrono::milliseconds max_interval{10000};                ///< Cap of the pause.
  /// Growth of the pause; values below 1 (or not finite) mean a constant pause.
  double backoff_multiplier = 1.5;
  /// Options of each poll request (its should_abort also cancels the wait).
  CallOptions call;
  /// Sleeps between polls (tests inject one; cancellation is then checked after it returns).
  /// Empty: a real sleep that wakes on call.should_abort.
  Sleeper sleeper;
  /// Steady clock for the deadline. Empty: std::chrono::steady_clock::now.
  SteadyClock clock;
};

/// What a job waiter has seen at one poll.
struct JobProgress {
  JobStatusInfo status;  ///< J5 answer (status, progress 0-100).
  /// File counters from J3 (total, completed, failed, processing, pending, stopped), when
  /// JobWaitOptions::fetch_file_counts is on.
  std::optional<JobFilesResponse> files;
  std::chrono::milliseconds elapsed{0};  ///< Since the wait started.
  int polls = 0;                         ///< Successful polls so far.
};

/// WaitOptions for wait_for_job.
struct JobWaitOptions : WaitOptions {
  /// Called after every successful poll, on the waiting thread.
  std::function<void(const JobProgress&)> on_progress;
  /// Also read the file counters (one J3 request of one item per poll).
  bool fetch_file_counts = true;
};

/// WaitOptions for wait_for_export.
struct ExportWaitOptions : WaitOptions {
  /// Called after every successful poll with the task as E3 reports it.
  std::function<void(const ExportTaskInfo&, std::chrono::milliseconds elapsed)> on_progress;
};

/// What a load-task waiter has seen at one poll.
struct LoadTaskProgress {
  LoadTask task;  ///< `/task/get` answer.
  /// File counters (`total`, `total_success`, `total_failed`) from one `/task/files` page of
  /// one item, when LoadTaskWaitOptions::fetch_file_counts is on.
  std::optional<LoadTaskFilesResponse> files;
  std::chrono::milliseconds elapsed{0};  ///< Since the wait started.
  int polls = 0;                         ///< Successful polls so far.
};

/// WaitOptions for wait_for_load_task.
struct LoadTaskWaitOptions : WaitOptions {
  /// Called after every successful poll, on the waiting thread.
  std::function<void(const LoadTaskProgress&)> on_progress;
  /// Also read the file counters (one `/task/files` request of one item per poll).
  bool fetch_file_counts = true;
};

/// A finished load task with all its files.
struct LoadTaskOutcome {
  LoadTask task;                     ///< The final `/task/get` answer.
  std::vector<LoadTaskFile> files;   ///< Every file of the task, in the service's order.
  std::vector<LoadTaskFile> failed;  ///< The files that did not load (status kFailed).
  /// True when every file loaded (none failed).
  bool succeeded() const noexcept { return failed.empty(); }
};

/// A job waiter reached its deadline; last_status() is the last state it saw.
class MOI_EXPORT JobWaitTimeoutError : public WaitTimeoutError {
 public:
  /// @p message names the job and the deadline; @p last_status is the last J5 answer seen.
  JobWaitTimeoutError(const std::string& message, std::optional<JobStatusInfo> last_status);
  /// Last J5 answer seen, or nullopt when no poll succeeded.
  const std::optional<JobStatusInfo>& last_status() const noexcept { return last_status_; }

 private:
  std::optional<JobStatusInfo> last_status_;
};

/// An export waiter reached its deadline; last_task() is the last state it saw.
class MOI_EXPORT ExportWaitTimeoutError : public WaitTimeoutError {
 public:
  /// @p message names the task and the deadline; @p last_task is the last E3 answer seen.
  ExportWaitTimeoutError(const std::string& message, std::optional<ExportTaskInfo> last_task);
  /// Last E3 answer seen, or nullopt when no poll succeeded.
  const std::optional<ExportTaskInfo>& last_task() const noexcept { return last_task_; }

 private:
  std::optional<ExportTaskInfo> last_task_;
};

/// True for the job statuses that end a job (completed, failed).
MOI_EXPORT bool is_finished(JobStatus status) noexcept;

/// True when an export task has no file pending or running and every file is counted as
/// completed or failed (file_stats), or when it reports an end time.
MOI_EXPORT bool is_finished(const ExportTaskInfo& task) noexcept;

/// Polls J5 until job @p job_id is completed or failed and returns that final status
/// (check `status`: a failed job is returned, not thrown).
/// Transient failures (retryable errors) are polled through; others are thrown.
/// @throws JobWaitTimeoutError at the deadline, CancelledError when cancelled, or the first
///         non-retryable moi::Error.
MOI_EXPORT JobStatusInfo wait_for_job(const JobClient& jobs, const std::string& job_id,
                                      const JobWaitOptions& options = {});

/// Polls E3 until export task @p task_id is finished (see is_finished) and returns it.
/// @throws ExportWaitTimeoutError at the deadline, CancelledError, or a non-retryable error.
MOI_EXPORT ExportTaskInfo wait_for_export(const ExportClient& exports, const std::string& task_id,
                                          const ExportWaitOptions& options = {});

/// Polls J1 (filtered by workflow_id, oldest first) until the workflow has a job; returns it.
/// @throws WaitTimeoutError at the deadline, CancelledError, or a non-retryable error.
MOI_EXPORT JobListItem wait_for_first_job(const JobClient& jobs, const std::string& workflow_id,
                                          const WaitOptions& options = {});

/// Polls `/task/get` until load task @p task_id is finished (LoadTaskStatus::kFinished), then
/// reads all its files. A task whose files failed is returned, not thrown: check
/// LoadTaskOutcome::failed. Transient failures are polled through.
/// The files are read within the wait's timeout, at most `options.call.max_list_items` of them.
/// @throws WaitTimeoutError at the deadline (naming the task and its last status),
///         DecodeError when the task lists more files than that cap,
///         CancelledError when cancelled, or the first non-retryable moi::Error.
MOI_EXPORT LoadTaskOutcome wait_for_load_task(const LoadTaskClient& tasks,
                                              const std::string& task_id,
                                              const LoadTaskWaitOptions& options = {});

/// wait_for_load_task(client.load_tasks(), task_id, options).
inline LoadTaskOutcome wait_for_load_task(const Client& client, const std::string& task_id,
                                          const LoadTaskWaitOptions& options = {}) {
  return wait_for_load_task(client.load_tasks(), task_id, options);
}

/// wait_for_job(client.jobs(), job_id, options).
inline JobStatusInfo wait_for_job(const Client& client, const std::string& job_id,
                                  const JobWaitOptions& options = {}) {
  return wait_for_job(client.jobs(), job_id, options);
}

/// wait_for_export(client.exports(), task_id, options).
inline ExportTaskInfo wait_for_export(const Client& client, const std::string& task_id,
                                      const ExportWaitOptions& options = {}) {
  return wait_for_export(client.exports(), task_id, options);
}

/// wait_for_first_job(client.jobs(), workflow_id, options).
inline JobListItem wait_for_first_job(const Client& client, const std::string& workflow_id,
                                      const WaitOptions& options = {}) {
  return wait_for_first_job(client.jobs(), workflow_id, options);
}

/// WaitOptions for wait_for_genai_job. The document advises polling every 3-5 s.
struct GenaiWaitOptions : WaitOptions {
  /// Polls every 3 s at first, then at most every 5 s.
  GenaiWaitOptions() {
    initial_interval = std::chrono::milliseconds(3000);
    max_interval = std::chrono::milliseconds(5000);
  }
  /// Called after every successful poll with the job as it stands, on the waiting thread.
  std::function<void(const GenaiJob&, std::chrono::milliseconds elapsed)> on_progress;
};

/// A GenAI job waiter reached its deadline; last_job() is the last state it saw.
class MOI_EXPORT GenaiWaitTimeoutError : public WaitTimeoutError {
 public:
  /// @p message names the job and the deadline; @p last_job is the last answer seen.
  GenaiWaitTimeoutError(const std::string& message, std::optional<GenaiJob> last_job);
  /// Last `GET /v1/genai/jobs/{job_id}` answer seen, or nullopt when no poll succeeded.
  const std::optional<GenaiJob>& last_job() const noexcept { return last_job_; }

 private:
  std::optional<GenaiJob> last_job_;
};

/// Polls `GET /v1/genai/jobs/{job_id}` until job @p job_id is completed or failed and returns
/// it (a failed job, or one with failed files, is returned, not thrown: check its files).
/// Transient failures are polled through.
/// @throws GenaiWaitTimeoutError at the deadline, CancelledError when cancelled, or the first
///         non-retryable moi::Error.
MOI_EXPORT GenaiJob wait_for_genai_job(const GenaiClient& genai, const std::string& job_id,
                                       const GenaiWaitOptions& options = {});

/// wait_for_genai_job(client.genai(), job_id, options).
inline GenaiJob wait_for_genai_job(const Client& client, const std::string& job_id,
                                   const GenaiWaitOptions& options = {}) {
  return wait_for_genai_job(client.genai(), job_id, options);
}

}  // namespace moi
