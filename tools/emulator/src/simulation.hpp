// SPDX-License-Identifier: Apache-2.0
// Behaviour over time. Work is a schedule fixed when a request starts it (start time,
// duration, outcome); what a file, job or export task looks like at time t is a pure function
// of that schedule and t. No background thread, so a manual clock makes tests deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "moi_emulator/emulator.hpp"
#include "state.hpp"

namespace moi::emulator::detail {

/// Where one attempt stands at a given time.
enum class Phase { kPending, kRunning, kSucceeded, kFailed, kStopped };

struct AttemptView {
  Phase phase = Phase::kPending;
  std::optional<std::int64_t> start;  ///< set once processing started
  std::optional<std::int64_t> end;    ///< set once finished or stopped
};

AttemptView view_attempt(const Attempt& attempt, std::int64_t now);

bool is_terminal(Phase phase);

// Wire values (documented in docs/emulator.md).
/// Job file status: 0 pending, 1 processing, 2 completed, 3 failed, 4 stopped.
int job_file_status(Phase phase);
/// Export file status: 0 pending, 1 running, 2 succeeded, 3 failed (4 is never used).
int export_file_status(Phase phase);

/// Counters over a set of attempts.
struct Tally {
  std::int64_t total = 0;
  std::int64_t pending = 0;
  std::int64_t running = 0;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  std::int64_t stopped = 0;
  std::int64_t finished() const { return succeeded + failed + stopped; }
  /// 0-100, floor; 100 for no files.
  std::int64_t progress() const { return total == 0 ? 100 : finished() * 100 / total; }
};

/// Job status: 1 running, 2 completed (every file completed), 3 failed (some file failed or
/// was stopped).
struct JobView {
  int status = 1;
  Tally tally;
  std::int64_t start = 0;
  std::optional<std::int64_t> end;
  std::int64_t updated_at = 0;
  std::string message;
};

JobView view_job(const Job& job, std::int64_t now);

/// Export task status: 1 running, 2 completed (every file exported), 3 failed (some file
/// failed).
struct TaskView {
  int status = 1;
  Tally tally;
  std::optional<std::int64_t> end;
};

TaskView view_task(const ExportTask& task, std::int64_t now);

/// Workflow status: 3 stopped (after W6, until W7), 1 running (one of its jobs is running),
/// 2 completed otherwise.
int workflow_status(const Workflow& workflow, const State& state, std::int64_t now);
/// Ids of the workflows with a running job at @p now: one pass over the jobs, so that a list
/// of N workflows costs O(N + jobs) rather than O(N * jobs).
std::unordered_set<std::string> workflows_with_running_jobs(const State& state, std::int64_t now);
/// workflow_status() given the set computed by workflows_with_running_jobs().
int workflow_status(const Workflow& workflow, const std::unordered_set<std::string>& running);

/// One unit of work to schedule: the attempt to fill and the name/key deciding its outcome.
struct WorkItem {
  Attempt* attempt;
  std::string name;  ///< file name (markers are matched against it)
  std::string key;   ///< stable id (the ratio choice hashes it)
};

/// Schedules first attempts starting at `base`: `parallel_files` at a time, one
/// `file_duration` each. Failures: names containing the fail or always-fail marker, plus
/// round(fail_ratio * n) files chosen by the seed.
void schedule_first_attempts(std::vector<WorkItem>& items, std::int64_t base,
                             const BehaviorOptions& behavior, std::uint64_t seed);

/// Schedules retries starting at `base`; a retry fails only if its name contains the
/// always-fail marker.
void schedule_retries(std::vector<WorkItem>& items, std::int64_t base,
                      const BehaviorOptions& behavior);

/// When already scheduled, unfinished work ends (so new work queues behind it), or `now`.
std::int64_t queue_end(const std::vector<const Attempt*>& attempts, std::int64_t now);

/// Stops every attempt that has not finished by `now`. Returns how many were stopped.
int stop_attempts(const std::vector<Attempt*>& attempts, std::int64_t now);

}  // namespace moi::emulator::detail
