// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/waiters.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/safe_text.hpp"
#include "core/sleep.hpp"
#include "moi/helpers/pagination.hpp"

namespace moi {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// The pause after @p interval: grown by the multiplier, capped, at least 1 ms. Computed in
// double and capped before converting, so any multiplier (even NaN or 1e300) is safe.
milliseconds next_interval(milliseconds interval, const WaitOptions& options) {
  const double multiplier =
      std::isfinite(options.backoff_multiplier) && options.backoff_multiplier > 1.0
          ? options.backoff_multiplier
          : 1.0;
  const double cap = static_cast<double>(std::max(options.max_interval, milliseconds(1)).count());
  const double grown = std::min(static_cast<double>(interval.count()) * multiplier, cap);
  return std::max(milliseconds(static_cast<milliseconds::rep>(grown)), milliseconds(1));
}

// The polling loop every waiter shares: poll, report, stop when done; pause with capped
// backoff; poll through retryable errors; give up at the deadline via on_deadline.
// The deadline bounds the whole wait: each poll is a call whose own deadline
// (CallOptions::deadline) is the wait's, so its timeout and retries end with the time left,
// and every pause wakes on cancellation. @p what names the thing waited for in messages.
template <class State, class Poll, class Done, class OnDeadline>
State poll_until(const WaitOptions& options, const std::string& what, Poll poll, Done done,
                 OnDeadline on_deadline) {
  const SteadyClock now = options.clock ? options.clock : SteadyClock(&steady_clock::now);
  const auto start = now();
  const auto deadline = start + options.timeout;
  auto interval = std::max(options.initial_interval, milliseconds(1));
  std::optional<State> last;
  std::string last_error;
  const auto cancelled = [&] {
    return CancelledError("wait for " + what + " cancelled by the caller");
  };

  for (;;) {
    if (options.call.should_abort && options.call.should_abort()) throw cancelled();
    const auto remaining = deadline - now();
    if (remaining > steady_clock::duration::zero()) {
      CallOptions call = options.call;
      const auto poll_deadline = steady_clock::now() + remaining;  // on the real clock
      call.deadline = call.deadline ? std::min(*call.deadline, poll_deadline) : poll_deadline;
      try {
        State state = poll(call, std::chrono::duration_cast<milliseconds>(now() - start));
        if (done(state)) return state;
        last = std::move(state);
      } catch (const CancelledError&) {
        throw cancelled();
      } catch (const Error& error) {
        if (!error.retryable()) throw;
        last_error = error.what();  // transient: keep polling until the deadline
      }
    }
    const auto left = deadline - now();
    if (left <= steady_clock::duration::zero()) {
      std::string message =
          "gave up waiting after " + std::to_string(options.timeout.count()) + " ms";
      if (!last_error.empty()) message += " (last transient error: " + last_error + ")";
      on_deadline(message, std::move(last));
    }
    const auto pause = std::min(interval, std::chrono::ceil<milliseconds>(left));
    if (!detail::pause_unless_cancelled(pause, options.sleeper, options.call.should_abort)) {
      throw cancelled();
    }
    interval = next_interval(interval, options);
  }
}

}  // namespace

JobWaitTimeoutError::JobWaitTimeoutError(const std::string& message,
                                         std::optional<JobStatusInfo> last_status)
    : WaitTimeoutError(message), last_status_(std::move(last_status)) {}

ExportWaitTimeoutError::ExportWaitTimeoutError(const std::string& message,
                                               std::optional<ExportTaskInfo> last_task)
    : WaitTimeoutError(message), last_task_(std::move(last_task)) {}

bool is_finished(JobStatus status) noexcept {
  return status == JobStatus::kCompleted || status == JobStatus::kFailed;
}

bool is_finished(const ExportTaskInfo& task) noexcept {
  if (task.file_stats) {
    const auto& stats = *task.file_stats;
    const auto value = [](const std::optional<std::int64_t>& v) { return v.value_or(0); };
    // Server counts may be absurd: add without overflow (a sum past int64 is "all done").
    std::int64_t done = 0;
    const bool overflow =
        __builtin_add_overflow(value(stats.completed), value(stats.failed), &done);
    if (stats.total && value(stats.pending) == 0 && value(stats.running) == 0 &&
        (overflow || done >= *stats.total)) {
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
      options, "job " + job_id,
      [&](const CallOptions& call, milliseconds elapsed) {
        JobStatusInfo status = jobs.get_status(job_id, call);
        if (options.on_progress) {
          JobProgress progress;
          if (options.fetch_file_counts) {
            progress.files = jobs.list_files(job_id, one_file, call);
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
      options, "export task " + task_id,
      [&](const CallOptions& call, milliseconds elapsed) {
        ExportTaskInfo task = exports.get(task_id, call);
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
      options, "the first job of workflow " + workflow_id,
      [&](const CallOptions& call, milliseconds) { return jobs.list(query, call); },
      [](const JobListResponse& response) { return !response.jobs.empty(); },
      [&](const std::string& message, std::optional<JobListResponse>) {
        throw WaitTimeoutError("no job of workflow " + workflow_id + " yet: " + message);
      });
  return page.jobs.front();
}

LoadTaskOutcome wait_for_load_task(const LoadTaskClient& tasks, const std::string& task_id,
                                   const LoadTaskWaitOptions& options) {
  int polls = 0;
  ListLoadTaskFilesRequest one_file;
  one_file.page_size = 1;
  LoadTaskOutcome outcome;
  // The wait's timeout also bounds reading the files once the task has finished.
  CallOptions list_call = options.call;
  const auto wait_deadline = steady_clock::now() + options.timeout;
  list_call.deadline =
      list_call.deadline ? std::min(*list_call.deadline, wait_deadline) : wait_deadline;
  outcome.task = poll_until<LoadTask>(
      options, "load task " + task_id,
      [&](const CallOptions& call, milliseconds elapsed) {
        LoadTask task = tasks.get(task_id, call);
        if (options.on_progress) {
          LoadTaskProgress progress;
          if (options.fetch_file_counts) progress.files = tasks.list_files(task_id, one_file, call);
          progress.task = task;
          progress.elapsed = elapsed;
          progress.polls = ++polls;
          options.on_progress(progress);
        }
        return task;
      },
      [](const LoadTask& task) { return is_finished(task); },
      [&](const std::string& message, std::optional<LoadTask> last) {
        std::string status = "no answer yet";
        if (last && last->status) status = "last status " + to_string(*last->status);
        throw WaitTimeoutError("load task " + task_id + " (" + status + "): " + message);
      });
  for (const LoadTaskFile& file : all_load_task_files(tasks, task_id, {}, list_call)) {
    outcome.files.push_back(file);
    if (file.status == LoadFileStatus::kFailed) outcome.failed.push_back(file);
  }
  return outcome;
}

GenaiWaitTimeoutError::GenaiWaitTimeoutError(const std::string& message,
                                             std::optional<GenaiJob> last_job)
    : WaitTimeoutError(message), last_job_(std::move(last_job)) {}

GenaiJob wait_for_genai_job(const GenaiClient& genai, const std::string& job_id,
                            const GenaiWaitOptions& options) {
  return poll_until<GenaiJob>(
      options, "genai job " + job_id,
      [&](const CallOptions& call, milliseconds elapsed) {
        GenaiJob job = genai.get_job(job_id, call);
        if (options.on_progress) options.on_progress(job, elapsed);
        return job;
      },
      [](const GenaiJob& job) { return is_finished(job); },
      [&](const std::string& message, std::optional<GenaiJob> last) {
        std::string status = "no answer yet";
        if (last && last->status) status = "last status " + detail::one_line(last->status->text());
        throw GenaiWaitTimeoutError("genai job " + job_id + " (" + status + "): " + message,
                                    std::move(last));
      });
}

}  // namespace moi
