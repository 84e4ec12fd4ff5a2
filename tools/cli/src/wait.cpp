// SPDX-License-Identifier: Apache-2.0
// `job wait` and `export wait`: the SDK's waiters, with progress on the error stream (a bar
// redrawn in place on a terminal, otherwise one line per change, so logs stay short).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "commands.hpp"
#include "moi/helpers/waiters.hpp"
#include "safety.hpp"

namespace moi::cli {
namespace {

using std::chrono::milliseconds;

// What one poll showed.
struct Progress {
  std::string state;  // "running", "completed", "failed"
  int percent = 0;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  std::int64_t stopped = 0;
  std::int64_t total = 0;
  milliseconds elapsed{0};

  // Elapsed time alone is no change worth a line.
  bool same_as(const Progress& o) const {
    return state == o.state && percent == o.percent && completed == o.completed &&
           failed == o.failed && stopped == o.stopped && total == o.total;
  }
};

std::string format_elapsed(milliseconds elapsed) {
  const auto ms = elapsed.count();
  char text[32];
  if (ms < 60'000) {
    std::snprintf(text, sizeof text, "%lld.%llds", static_cast<long long>(ms / 1000),
                  static_cast<long long>(ms % 1000 / 100));
  } else if (ms < 3'600'000) {
    std::snprintf(text, sizeof text, "%lldm%02llds", static_cast<long long>(ms / 60'000),
                  static_cast<long long>(ms / 1000 % 60));
  } else {
    std::snprintf(text, sizeof text, "%lldh%02lldm%02llds", static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>(ms / 60'000 % 60), static_cast<long long>(ms / 1000 % 60));
  }
  return text;
}

std::string counts(const Progress& p, const char* separator) {
  std::string text =
      "completed " + std::to_string(p.completed) + separator + "failed " + std::to_string(p.failed);
  if (p.stopped > 0) text += separator + std::string("stopped ") + std::to_string(p.stopped);
  return text + " of " + std::to_string(p.total);
}

// Shows the progress of one wait; ends the bar's line when the wait ends, however it ends.
class ProgressView {
 public:
  // @p kind is "job" or "export"; the bar shows the id's first 8 characters, lines all of it.
  ProgressView(Diagnostics& diagnostics, const std::string& kind, const std::string& id)
      : diagnostics_(diagnostics),
        subject_(kind + " " + id),
        short_subject_(kind + " " + (id.size() > 8 ? id.substr(0, 8) : id)) {}
  ~ProgressView() { diagnostics_.close_bar(); }
  ProgressView(const ProgressView&) = delete;
  ProgressView& operator=(const ProgressView&) = delete;

  void update(const Progress& p) {
    if (diagnostics_.tty()) {
      // Short enough for an 80-column terminal with a UUID-sized id: a wrapped bar could not
      // be redrawn in place.
      constexpr int kWidth = 20;
      const int filled = std::clamp(p.percent, 0, 100) * kWidth / 100;
      char percent[8];
      std::snprintf(percent, sizeof percent, "%3d%%", p.percent);
      diagnostics_.bar(short_subject_ + " [" + std::string(filled, '#') +
                       std::string(kWidth - filled, '-') + "] " + percent + "  " + counts(p, "  ") +
                       "  " + format_elapsed(p.elapsed));
      return;
    }
    if (last_ && last_->same_as(p)) return;
    last_ = p;
    diagnostics_.line(subject_ + ": " + p.state + " " + std::to_string(p.percent) + "% (" +
                      counts(p, ", ") + ") " + format_elapsed(p.elapsed));
  }

 private:
  Diagnostics& diagnostics_;
  std::string subject_;
  std::string short_subject_;
  std::optional<Progress> last_;
};

// How long past the wait's deadline the backstop below lets the SDK take to give up itself.
constexpr milliseconds kDeadlineGrace{100};

// The deadline of one wait, handed to the SDK's waiter. The waiter owns it; the CLI only adds
// a backstop so that no single poll (a request the server never answers, or its retries) can
// run past it: each poll's timeout is at most the wait's, and the abort check also fires
// kDeadlineGrace after the deadline. A wait stopped by the backstop reports the same timeout.
class WaitDeadline {
 public:
  explicit WaitDeadline(const Invocation& inv)
      : inv_(inv),
        clock_(inv.env.clock ? inv.env.clock : SteadyClock(&std::chrono::steady_clock::now)),
        hard_deadline_(clock_() + inv.wait_timeout + kDeadlineGrace) {}

  template <class Options>
  void apply(Options& options) {
    options.timeout = inv_.wait_timeout;
    options.sleeper = cli_sleeper(inv_.env);  // wakes up when the command is cancelled
    if (inv_.env.clock) options.clock = inv_.env.clock;
    options.call = inv_.call;
    if (inv_.request_timeout.count() <= 0 || inv_.wait_timeout < inv_.request_timeout) {
      options.call.timeout = inv_.wait_timeout;
    }
    options.call.should_abort = [this, user = inv_.call.should_abort] {
      if (user && user()) return true;
      if (clock_() < hard_deadline_) return false;
      passed_ = true;
      return true;
    };
  }

  // Runs @p wait; a cancellation that was the backstop becomes the wait's timeout.
  template <class Wait>
  auto run(const char* kind, Wait wait) -> decltype(wait()) {
    try {
      return wait();
    } catch (const CancelledError&) {
      if (!passed_ || cancel_requested(inv_.env)) throw;
      throw WaitTimeoutError(std::string(kind) + " " + inv_.id + ": gave up waiting after " +
                             std::to_string(inv_.wait_timeout.count()) + " ms");
    }
  }

 private:
  const Invocation& inv_;
  SteadyClock clock_;
  std::chrono::steady_clock::time_point hard_deadline_;
  bool passed_ = false;
};

}  // namespace

Result job_wait(const Invocation& inv) {
  ProgressView view(inv.diagnostics, "job", inv.id);
  JobWaitOptions options;
  WaitDeadline deadline(inv);
  deadline.apply(options);
  options.on_progress = [&view](const JobProgress& seen) {
    Progress p;
    p.state = seen.status.status ? to_string(*seen.status.status) : "unknown";
    // The service's number, whatever it is (1e300, NaN, -5), shown within 0..100.
    p.percent = percent_for_display(seen.status.progress.value_or(0));
    if (seen.files) {
      p.completed = seen.files->completed.value_or(0);
      p.failed = seen.files->failed.value_or(0);
      p.stopped = seen.files->stopped.value_or(0);
      p.total = seen.files->total.value_or(0);
    }
    p.elapsed = seen.elapsed;
    view.update(p);
  };
  const JobStatusInfo final_status =
      deadline.run("job", [&] { return wait_for_job(inv.client.jobs(), inv.id, options); });

  Result result{final_status};
  if (final_status.status == JobStatus::kFailed) {
    result.exit_code = kExitWaitFailed;
    inv.diagnostics.close_bar();
    inv.diagnostics.line("moi: job " + inv.id + " failed: " + final_status.message.value_or(""));
  }
  return result;
}

Result export_wait(const Invocation& inv) {
  ProgressView view(inv.diagnostics, "export", inv.id);
  ExportWaitOptions options;
  WaitDeadline deadline(inv);
  deadline.apply(options);
  const auto failed_files = [](const ExportTaskInfo& task) -> std::int64_t {
    if (!task.file_stats) return 0;
    return std::max(task.file_stats->failed.value_or(0), task.file_stats->file_fail.value_or(0));
  };
  options.on_progress = [&](const ExportTaskInfo& task, milliseconds elapsed) {
    Progress p;
    const bool finished = is_finished(task);
    p.failed = failed_files(task);
    p.state = !finished ? "running" : p.failed > 0 ? "failed" : "completed";
    if (task.file_stats) {
      const auto& stats = *task.file_stats;
      p.completed = std::max(stats.completed.value_or(0), stats.file_success.value_or(0));
      p.total = stats.total.value_or(0);
    }
    // Counts from the service may be huge or negative: no integer arithmetic that overflows.
    p.percent = p.total > 0 ? ratio_percent(p.completed, p.failed, p.total) : (finished ? 100 : 0);
    p.elapsed = elapsed;
    view.update(p);
  };
  const ExportTaskInfo task = deadline.run(
      "export", [&] { return wait_for_export(inv.client.exports(), inv.id, options); });

  Result result{task};
  if (const auto failed = failed_files(task); failed > 0) {
    result.exit_code = kExitWaitFailed;
    inv.diagnostics.close_bar();
    inv.diagnostics.line("moi: export " + inv.id + " finished with " + std::to_string(failed) +
                         " failed file(s)");
  }
  return result;
}

}  // namespace moi::cli
