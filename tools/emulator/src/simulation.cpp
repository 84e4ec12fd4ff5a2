// SPDX-License-Identifier: Apache-2.0
#include "simulation.hpp"

#include <unordered_set>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "ids.hpp"

namespace moi::emulator::detail {

namespace {

bool contains(const std::string& text, const std::string& marker) {
  return !marker.empty() && text.find(marker) != std::string::npos;
}

Tally tally_of(const std::vector<const Attempt*>& attempts, std::int64_t now) {
  Tally t;
  for (const Attempt* a : attempts) {
    ++t.total;
    switch (view_attempt(*a, now).phase) {
      case Phase::kPending:
        ++t.pending;
        break;
      case Phase::kRunning:
        ++t.running;
        break;
      case Phase::kSucceeded:
        ++t.succeeded;
        break;
      case Phase::kFailed:
        ++t.failed;
        break;
      case Phase::kStopped:
        ++t.stopped;
        break;
    }
  }
  return t;
}

// The moment the last of these attempts finished (all must be terminal).
std::int64_t last_end(const std::vector<const Attempt*>& attempts, std::int64_t now,
                      std::int64_t fallback) {
  std::int64_t end = fallback;
  for (const Attempt* a : attempts) {
    AttemptView v = view_attempt(*a, now);
    if (v.end) end = std::max(end, *v.end);
  }
  return end;
}

void place(std::vector<WorkItem>& items, std::int64_t base, const BehaviorOptions& behavior) {
  const std::int64_t duration = std::max<std::int64_t>(0, behavior.file_duration.count());
  const std::int64_t parallel = std::max(1, behavior.parallel_files);
  for (std::size_t i = 0; i < items.size(); ++i) {
    Attempt& a = *items[i].attempt;
    a.attempts += 1;
    a.queued_at = base;
    a.start_at = base + static_cast<std::int64_t>(i) / parallel * duration;
    a.duration = duration;
    a.stopped = false;
    a.stopped_at = 0;
    a.fails = false;
    a.error.clear();
  }
}

}  // namespace

AttemptView view_attempt(const Attempt& a, std::int64_t now) {
  AttemptView v;
  if (a.stopped) {
    v.phase = Phase::kStopped;
    if (a.start_at <= a.stopped_at) v.start = a.start_at;
    v.end = a.stopped_at;
    return v;
  }
  if (a.attempts == 0 || now < a.start_at) return v;  // pending
  v.start = a.start_at;
  if (now < a.start_at + a.duration) {
    v.phase = Phase::kRunning;
    return v;
  }
  v.phase = a.fails ? Phase::kFailed : Phase::kSucceeded;
  v.end = a.start_at + a.duration;
  return v;
}

bool is_terminal(Phase phase) { return phase != Phase::kPending && phase != Phase::kRunning; }

int job_file_status(Phase phase) {
  switch (phase) {
    case Phase::kPending:
      return 0;
    case Phase::kRunning:
      return 1;
    case Phase::kSucceeded:
      return 2;
    case Phase::kFailed:
      return 3;
    case Phase::kStopped:
      return 4;
  }
  return 0;
}

int export_file_status(Phase phase) { return job_file_status(phase); }

JobView view_job(const Job& job, std::int64_t now) {
  std::vector<const Attempt*> attempts;
  for (const auto& f : job.files) attempts.push_back(&f.attempt);
  JobView v;
  v.tally = tally_of(attempts, now);
  v.start = job.started_at;
  v.updated_at = job.updated_at;
  const Tally& t = v.tally;
  if (t.pending + t.running > 0) {
    v.status = 1;
    v.message = "Job is running: " + std::to_string(t.finished()) + " of " +
                std::to_string(t.total) + " files processed.";
    return v;
  }
  v.end = last_end(attempts, now, job.updated_at);
  v.updated_at = std::max(v.updated_at, *v.end);
  if (t.failed == 0 && t.stopped == 0) {
    v.status = 2;
    v.message = "Job completed successfully.";
  } else {
    v.status = 3;
    const std::string of = " of " + std::to_string(t.total) + " files";
    if (t.stopped > 0) {
      v.message = "Job stopped: " + std::to_string(t.stopped) + of + " were stopped";
      if (t.failed > 0) v.message += ", " + std::to_string(t.failed) + " failed";
      v.message += ".";
    } else {
      v.message = std::to_string(t.failed) + of + " failed.";
    }
  }
  return v;
}

TaskView view_task(const ExportTask& task, std::int64_t now) {
  std::vector<const Attempt*> attempts;
  for (const auto& f : task.files) attempts.push_back(&f.attempt);
  TaskView v;
  v.tally = tally_of(attempts, now);
  if (v.tally.pending + v.tally.running > 0) {
    v.status = 1;
    return v;
  }
  v.end = last_end(attempts, now, task.updated_at);
  v.status = (v.tally.failed + v.tally.stopped == 0) ? 2 : 3;
  return v;
}

std::unordered_set<std::string> workflows_with_running_jobs(const State& state, std::int64_t now) {
  std::unordered_set<std::string> running;
  for (const auto& [id, job] : state.jobs) {
    if (running.count(job.workflow_id) == 0 && view_job(job, now).status == 1) {
      running.insert(job.workflow_id);
    }
  }
  return running;
}

int workflow_status(const Workflow& workflow, const std::unordered_set<std::string>& running) {
  if (workflow.stopped) return 3;
  return running.count(workflow.id) != 0 ? 1 : 2;
}

int workflow_status(const Workflow& workflow, const State& state, std::int64_t now) {
  if (workflow.stopped) return 3;
  for (const auto& [id, job] : state.jobs) {
    if (job.workflow_id == workflow.id && view_job(job, now).status == 1) return 1;
  }
  return 2;
}

void schedule_first_attempts(std::vector<WorkItem>& items, std::int64_t base,
                             const BehaviorOptions& behavior, std::uint64_t seed) {
  place(items, base, behavior);
  // Ratio failures: an exact count, so "0.34 of 3 files" is always one file; which ones is
  // decided by hashing their keys with the seed.
  const double ratio = std::clamp(behavior.fail_ratio, 0.0, 1.0);
  auto count = static_cast<std::size_t>(std::llround(ratio * static_cast<double>(items.size())));
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return hash_text(items[a].key, seed) < hash_text(items[b].key, seed);
  });
  for (std::size_t i = 0; i < order.size(); ++i) {
    WorkItem& item = items[order[i]];
    if (contains(item.name, behavior.always_fail_marker)) {
      item.attempt->fails = true;
      item.attempt->error =
          "simulated failure: the file name contains \"" + behavior.always_fail_marker + "\"";
    } else if (contains(item.name, behavior.fail_marker)) {
      item.attempt->fails = true;
      item.attempt->error =
          "simulated failure: the file name contains \"" + behavior.fail_marker + "\"";
    } else if (i < count) {
      item.attempt->fails = true;
      item.attempt->error = "simulated failure (fail ratio)";
    }
  }
}

void schedule_retries(std::vector<WorkItem>& items, std::int64_t base,
                      const BehaviorOptions& behavior) {
  place(items, base, behavior);
  for (WorkItem& item : items) {
    if (contains(item.name, behavior.always_fail_marker)) {
      item.attempt->fails = true;
      item.attempt->error =
          "simulated failure: the file name contains \"" + behavior.always_fail_marker + "\"";
    }
  }
}

std::int64_t queue_end(const std::vector<const Attempt*>& attempts, std::int64_t now) {
  std::int64_t end = now;
  for (const Attempt* a : attempts) {
    if (!is_terminal(view_attempt(*a, now).phase)) end = std::max(end, a->start_at + a->duration);
  }
  return end;
}

int stop_attempts(const std::vector<Attempt*>& attempts, std::int64_t now) {
  int stopped = 0;
  for (Attempt* a : attempts) {
    if (!is_terminal(view_attempt(*a, now).phase)) {
      a->stopped = true;
      a->stopped_at = now;
      ++stopped;
    }
  }
  return stopped;
}

}  // namespace moi::emulator::detail
