// SPDX-License-Identifier: Apache-2.0
// `job wait` and `export wait`: the SDK's waiters, with progress on the error stream (a bar
// redrawn in place on a terminal, otherwise one line per change, so logs stay short).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "commands.hpp"
#include "moi/helpers/waiters.hpp"

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

template <class Options>
void apply_environment(Options& options, const Invocation& inv) {
  options.timeout = inv.wait_timeout;
  if (inv.env.sleeper) options.sleeper = inv.env.sleeper;
  if (inv.env.clock) options.clock = inv.env.clock;
}

}  // namespace

Result job_wait(const Invocation& inv) {
  ProgressView view(inv.diagnostics, "job", inv.id);
  JobWaitOptions options;
  apply_environment(options, inv);
  options.on_progress = [&view](const JobProgress& seen) {
    Progress p;
    p.state = seen.status.status ? to_string(*seen.status.status) : "unknown";
    p.percent = static_cast<int>(seen.status.progress.value_or(0));
    if (seen.files) {
      p.completed = seen.files->completed.value_or(0);
      p.failed = seen.files->failed.value_or(0);
      p.stopped = seen.files->stopped.value_or(0);
      p.total = seen.files->total.value_or(0);
    }
    p.elapsed = seen.elapsed;
    view.update(p);
  };
  const JobStatusInfo final_status = wait_for_job(inv.client.jobs(), inv.id, options);

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
  apply_environment(options, inv);
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
    p.percent = p.total > 0 ? static_cast<int>((p.completed + p.failed) * 100 / p.total)
                            : (finished ? 100 : 0);
    p.elapsed = elapsed;
    view.update(p);
  };
  const ExportTaskInfo task = wait_for_export(inv.client.exports(), inv.id, options);

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
