// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/waiters.hpp"

#include <algorithm>
#include <thread>
#include <utility>

namespace moi {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// The polling loop every waiter shares: poll, report, stop when done; pause with capped
// backoff; poll through retryable errors; give up at the deadline via on_deadline.
template <class State, class Poll, class Done, class OnDeadline>
State poll_until(const WaitOptions& options, Poll poll, Done done, OnDeadline on_deadline) {
  const SteadyClock now = options.clock ? options.clock : SteadyClock(&steady_clock::now);
  const Sleeper sleep = options.sleeper
                            ? options.sleeper
                            : Sleeper([](milliseconds d) { std::this_thread::sleep_for(d); });
  const auto start = now();
  const auto deadline = start + options.timeout;
  auto interval = std::max(options.initial_interval, milliseconds(1));
  std::optional<State> last;
  std::string last_error;

  for (;;) {
    if (options.call.should_abort && options.call.should_abort()) {
      throw CancelledError("wait cancelled by the caller");
    }
    try {
      State state = poll(std::chrono::duration_cast<milliseconds>(now() - start));
      if (done(state)) return state;
      last = std::move(state);
    } catch (const Error& error) {
      if (!error.retryable()) throw;
      last_error = error.what();  // transient: keep polling until the deadline
    }
    const auto remaining = deadline - now();
    if (remaining <= steady_clock::duration::zero()) {
      std::string message =
          "gave up waiting after " + std::to_string(options.timeout.count()) + " ms";
      if (!last_error.empty()) message += " (last transient error: " + last_error + ")";
      on_deadline(message, std::move(last));
    }
    sleep(std::min(interval, std::chrono::duration_cast<milliseconds>(remaining)));
    const auto grown = static_cast<double>(interval.count()) * options.backoff_multiplier;
    interval = std::min(options.max_interval, milliseconds(static_cast<milliseconds::rep>(grown)));
    interval = std::max(interval, milliseconds(1));
  }
}

}  // namespace

JobWaitTimeoutError::JobWaitTimeoutError(const std::string& message,
                                         std::optional<JobStatusInfo> last_status)
    : TimeoutError(message, 0, false), last_status_(std::move(last_status)) {}

ExportWaitTimeoutError::ExportWaitTimeoutError(const std::string& message,
                                               std::optional<ExportTaskInfo> last_task)
    : TimeoutError(message, 0, false), last_task_(std::move(last_task)) {}

bool is_finished(JobStatus status) noexcept {
  return status == JobStatus::kCompleted || status == JobStatus::kFailed;
}

bool is_finished(const ExportTaskInfo& task) noexcept {
  if (task.file_stats) {
    const auto& stats = *task.file_stats;
    const auto value = [](const std::optional<std::int64_t>& v) { return v.value_or(0); };
    if (stats.total && value(stats.pending) == 0 && value(stats.running) == 0 &&
        value(stats.completed) + value(stats.failed) >= *stats.total) {
      return true;
    }
  }
  return task.end_time.has_value();
}

JobStatusInfo wait_for_job(const JobClient& jobs, const std::string& job_id,
                           const JobWaitOptions& options) {
  int polls = 0;
  ListJobFilesRequest one_file;
  one_file.page_size = 1;
  return poll_until<JobStatusInfo>(
      options,
      [&](milliseconds elapsed) {
        JobStatusInfo status = jobs.get_status(job_id, options.call);
        if (options.on_progress) {
          JobProgress progress;
          if (options.fetch_file_counts) {
            progress.files = jobs.list_files(job_id, one_file, options.call);
          }
          progress.status = status;
          progress.elapsed = elapsed;
          progress.polls = ++polls;
          options.on_progress(progress);
        }
        return status;
      },
      [](const JobStatusInfo& status) { return status.status && is_finished(*status.status); },
      [&](const std::string& message, std::optional<JobStatusInfo> last) {
        throw JobWaitTimeoutError("job " + job_id + ": " + message, std::move(last));
      });
}

ExportTaskInfo wait_for_export(const ExportClient& exports, const std::string& task_id,
                               const ExportWaitOptions& options) {
  return poll_until<ExportTaskInfo>(
      options,
      [&](milliseconds elapsed) {
        ExportTaskInfo task = exports.get(task_id, options.call);
        if (options.on_progress) options.on_progress(task, elapsed);
        return task;
      },
      [](const ExportTaskInfo& task) { return is_finished(task); },
      [&](const std::string& message, std::optional<ExportTaskInfo> last) {
        throw ExportWaitTimeoutError("export task " + task_id + ": " + message, std::move(last));
      });
}

JobListItem wait_for_first_job(const JobClient& jobs, const std::string& workflow_id,
                               const WaitOptions& options) {
  ListJobsRequest query;
  query.workflow_id = workflow_id;
  query.page_size = 1;
  query.sort_field = "created_at";
  query.sort_order = SortOrder::kAscending;
  const auto page = poll_until<JobListResponse>(
      options, [&](milliseconds) { return jobs.list(query, options.call); },
      [](const JobListResponse& response) { return !response.jobs.empty(); },
      [&](const std::string& message, std::optional<JobListResponse>) {
        throw TimeoutError("no job of workflow " + workflow_id + " yet: " + message, 0, false);
      });
  return page.jobs.front();
}

}  // namespace moi
