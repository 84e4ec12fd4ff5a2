// SPDX-License-Identifier: Apache-2.0
// `job wait`, `export wait`, `load wait` and `file upload` (with its --wait): the SDK's waiters
// and the upload, with progress on the error stream (a bar redrawn in place on a terminal,
// otherwise one line per change for waits and nothing for uploads, so logs stay short).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/data_flow.hpp"
#include "moi/helpers/upload_directory.hpp"
#include "moi/helpers/waiters.hpp"
#include "safety.hpp"
#include "usage_error.hpp"

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
  // @p subject names what is waited for in the timeout message (default: the ID argument).
  explicit WaitDeadline(const Invocation& inv, std::string subject = {})
      : inv_(inv),
        subject_(subject.empty() ? inv.id : std::move(subject)),
        clock_(inv.env.clock ? inv.env.clock : SteadyClock(&std::chrono::steady_clock::now)),
        deadline_(clock_() + inv.wait_timeout),
        hard_deadline_(deadline_ + kDeadlineGrace) {}

  // Waits run one after another (the first job, then the job) share the one deadline: the
  // first gets the whole --timeout, a later one what is left of it.
  template <class Options>
  void apply(Options& options) {
    options.timeout =
        !applied_ ? inv_.wait_timeout
                  : std::max(milliseconds(1),
                             std::chrono::duration_cast<milliseconds>(deadline_ - clock_()));
    applied_ = true;
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
      throw WaitTimeoutError(std::string(kind) + " " + subject_ + ": gave up waiting after " +
                             std::to_string(inv_.wait_timeout.count()) + " ms");
    }
  }

  // Names what is waited for from now on (the job, once the first-job wait found it).
  void set_subject(std::string subject) { subject_ = std::move(subject); }

 private:
  const Invocation& inv_;
  std::string subject_;
  SteadyClock clock_;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point hard_deadline_;
  bool applied_ = false;
  bool passed_ = false;
};

// "1.5 MiB": byte counts of the upload bar.
std::string format_bytes(std::uint64_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < sizeof units / sizeof units[0]) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  }
  return text;
}

// The last component of a path, at most @p width code points (ellipsis in the middle).
std::string short_name(const std::string& path, std::size_t width) {
  std::string name =
      path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  if (name.empty()) name = path;
  std::size_t points = 0;
  for (char c : name) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (points <= width) return name;
  // Keep whole UTF-8 sequences: cut at lead bytes only.
  std::string out;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const bool lead = (static_cast<unsigned char>(name[i]) & 0xC0) != 0x80;
    if (lead && kept == width - 1) break;
    if (lead) ++kept;
    out += name[i];
  }
  return out + "~";
}

// The upload's progress on a terminal: one bar per file, redrawn in place while the file is
// sent and left on its own line once the next file starts. Nothing off a terminal.
class UploadView {
 public:
  UploadView(Diagnostics& diagnostics, const std::vector<UploadFile>& files)
      : diagnostics_(diagnostics), files_(files) {}
  ~UploadView() { diagnostics_.close_bar(); }
  UploadView(const UploadView&) = delete;
  UploadView& operator=(const UploadView&) = delete;

  void update(const UploadProgress& p) {
    if (!diagnostics_.tty() || p.file_index >= files_.size()) return;
    if (current_ && *current_ != p.file_index) finish_file();
    const int percent = p.file_bytes_total == 0
                            ? 100
                            : ratio_percent(static_cast<std::int64_t>(p.file_bytes_sent), 0,
                                            static_cast<std::int64_t>(p.file_bytes_total));
    if (current_ == p.file_index && percent == percent_ && p.file_bytes_sent != total_) return;
    current_ = p.file_index;
    percent_ = percent;
    total_ = p.file_bytes_total;
    draw(p.file_bytes_sent);
  }

  // The upload ended: the last file's bar shows 100% and its line is ended.
  void done() {
    if (current_) finish_file();
  }

 private:
  void finish_file() {
    percent_ = 100;
    draw(total_);
    diagnostics_.close_bar();
    current_.reset();
  }

  void draw(std::uint64_t sent) {
    constexpr int kWidth = 20;
    const int filled = std::clamp(percent_, 0, 100) * kWidth / 100;
    char percent[8];
    std::snprintf(percent, sizeof percent, "%3d%%", percent_);
    diagnostics_.bar("upload " + std::to_string(*current_ + 1) + "/" +
                     std::to_string(files_.size()) + " " + short_name(files_[*current_].path, 20) +
                     " [" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "] " +
                     percent + "  " + format_bytes(sent) + " of " + format_bytes(total_));
  }

  Diagnostics& diagnostics_;
  const std::vector<UploadFile>& files_;
  std::optional<std::size_t> current_;
  int percent_ = -1;
  std::uint64_t total_ = 0;
};

// Waits for load task @p task_id with progress (T1, and T2 for the counters).
LoadTaskOutcome wait_for_load(const Invocation& inv, const std::string& task_id) {
  ProgressView view(inv.diagnostics, "load task", task_id);
  LoadTaskWaitOptions options;
  WaitDeadline deadline(inv, task_id);
  deadline.apply(options);
  options.on_progress = [&view](const LoadTaskProgress& seen) {
    Progress p;
    const bool finished = is_finished(seen.task);
    p.state = seen.task.status ? to_string(*seen.task.status) : "unknown";
    if (seen.files) {
      p.completed = seen.files->total_success.value_or(0);
      p.failed = seen.files->total_failed.value_or(0);
      p.total = seen.files->total.value_or(0);
    }
    p.percent = p.total > 0 ? ratio_percent(p.completed, p.failed, p.total) : (finished ? 100 : 0);
    p.elapsed = seen.elapsed;
    view.update(p);
  };
  return deadline.run(
      "load task", [&] { return wait_for_load_task(inv.client.load_tasks(), task_id, options); });
}

// What `load wait` and `file upload --wait` print: the task, its files, the failed ones; exit
// 4 (as `job wait` for a failed job) when some failed.
Result load_result(const Invocation& inv, const std::string& task_id,
                   const LoadTaskOutcome& outcome, Json data) {
  data["task"] = outcome.task;
  data["files"] = outcome.files;
  data["failed"] = outcome.failed;
  Result result{std::move(data), load_task_file_table(outcome.files)};
  if (!outcome.succeeded()) {
    result.exit_code = kExitWaitFailed;
    std::string names;
    for (const auto& file : outcome.failed) {
      if (!names.empty()) names += ", ";
      names += file.name.value_or(file.id.value_or("?"));
      if (file.reason && !file.reason->empty()) names += " (" + *file.reason + ")";
    }
    inv.diagnostics.close_bar();
    inv.diagnostics.line("moi: load task " + task_id + " finished with " +
                         std::to_string(outcome.failed.size()) + " failed file(s): " + names);
  }
  return result;
}

// What `file upload` warns about: names given twice, and names the volume held before (files
// of that name this upload did not make), since two files of one name have one export path.
// A failed check is a warning too: the upload itself succeeded.
std::vector<std::string> same_name_warnings(const Invocation& inv, const UploadRequest& request,
                                            const UploadResponse& answer) {
  std::vector<std::string> names;
  std::vector<std::string> warnings;
  for (const UploadFile& file : request.files) {
    const std::string name = std::filesystem::path(file.path).filename().string();
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      warnings.push_back("the file name \"" + name +
                         "\" is given twice: the volume now has two "
                         "files of that name (their export paths collide)");
    }
    names.push_back(name);
  }
  std::vector<std::string> uploaded;
  if (answer.file_id) uploaded.push_back(*answer.file_id);
  for (const UploadResult& result : answer.results) {
    if (result.file_id) uploaded.push_back(*result.file_id);
  }
  try {
    std::vector<std::string> held;
    for (const FileInfo& file : find_files_by_name(inv.client.files(), inv.id, names, inv.call)) {
      const std::string& name = file.name.value_or("");
      if ((file.id && std::find(uploaded.begin(), uploaded.end(), *file.id) != uploaded.end()) ||
          std::find(held.begin(), held.end(), name) != held.end()) {
        continue;
      }
      held.push_back(name);
      warnings.push_back("volume " + inv.id + " already had a file named \"" + name +
                         "\": the upload adds a second one (their export paths collide)");
    }
  } catch (const CancelledError&) {
    throw;
  } catch (const Error& error) {
    warnings.push_back(std::string("could not check the volume for files of the same names: ") +
                       error.what());
  }
  return warnings;
}

}  // namespace

Result load_wait(const Invocation& inv) {
  const LoadTaskOutcome outcome = wait_for_load(inv, inv.id);
  return load_result(inv, inv.id, outcome, Json::object());
}

namespace {

// --dedup name|md5|name,md5 [--on-duplicate skip|replace]: the upload's dedup, or nullopt.
std::optional<UploadDedup> dedup_option(const Invocation& inv) {
  const auto dedup = inv.option("--dedup");
  const auto strategy = inv.option("--on-duplicate");
  if (strategy && !dedup) throw UsageError("--on-duplicate needs --dedup name|md5");
  if (!dedup) return std::nullopt;
  UploadDedup d;
  d.by = comma_list(*dedup);
  if (d.by.empty()) throw UsageError("--dedup takes name, md5 or name,md5");
  for (const auto& by : d.by) {
    if (by != "name" && by != "md5") {
      throw UsageError("--dedup takes name, md5 or name,md5, not \"" + by + "\"");
    }
  }
  d.strategy = strategy.value_or("skip");
  if (d.strategy != "skip" && d.strategy != "replace") {
    throw UsageError("--on-duplicate takes skip or replace, not \"" + d.strategy + "\"");
  }
  return d;
}

// --recursive: each directory through moi::upload_directory (folders mirrored, N parallel
// uploads, per-file results); exit 4 when a file failed.
Result upload_directories(const Invocation& inv, const std::vector<std::string>& dirs) {
  UploadDirectoryOptions options;
  if (const auto include = inv.option("--include")) options.include = comma_list(*include);
  if (const auto exclude = inv.option("--exclude")) options.exclude = comma_list(*exclude);
  if (const auto parallel = inv.integer("--parallel", 1, 64)) {
    options.parallel = static_cast<std::size_t>(*parallel);
  }
  if (const auto limit =
          inv.integer("--max-file-bytes", 1, std::numeric_limits<std::int64_t>::max())) {
    options.max_file_bytes = static_cast<std::uint64_t>(*limit);
  }
  options.dedup = dedup_option(inv);
  options.on_progress = [&inv](const DirectoryUploadProgress& p) {
    if (p.finished && inv.diagnostics.tty()) {
      inv.diagnostics.bar("moi: " + std::to_string(p.files_done) + "/" +
                          std::to_string(p.files_total) + " " + p.relative_path);
    }
  };
  Json printed = Json::array();
  bool failed = false;
  for (const std::string& dir : dirs) {
    const DirectoryUploadResult r = upload_directory(inv.client, inv.id, dir, options, inv.call);
    Json entries = Json::array();
    for (const auto& e : r.entries) {
      Json entry{{"path", e.relative_path}, {"outcome", to_string(e.outcome)}};
      if (!e.file_id.empty()) entry["file_id"] = e.file_id;
      if (!e.task_id.empty()) entry["task_id"] = e.task_id;
      if (!e.message.empty()) entry["message"] = e.message;
      if (!e.reason.empty()) entry["reason"] = e.reason;
      if (e.duplicate) {
        entry["duplicate"] = true;
        inv.diagnostics.line("moi: duplicate " + e.relative_path + ": " + e.message);
      }
      entries.push_back(std::move(entry));
      if (e.outcome == DirectoryUploadEntry::Outcome::kSkipped) {
        inv.diagnostics.line("moi: skipped " + e.relative_path + ": " + e.reason);
      } else if (e.outcome == DirectoryUploadEntry::Outcome::kFailed) {
        inv.diagnostics.line("moi: failed " + e.relative_path + ": " + e.reason);
      }
    }
    failed = failed || r.failed > 0;
    printed.push_back({{"directory", dir},
                       {"uploaded", r.uploaded},
                       {"skipped", r.skipped},
                       {"failed", r.failed},
                       {"duplicates", r.duplicates},
                       {"folders_created", r.folders_created},
                       {"files", std::move(entries)}});
  }
  Result result{dirs.size() == 1 ? printed.front() : printed};
  if (failed) result.exit_code = kExitWaitFailed;
  return result;
}

}  // namespace

Result file_upload(const Invocation& inv) {
  UploadRequest request;
  request.volume_id = inv.id;
  std::vector<std::string> dirs;
  for (const auto& path : inv.args) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
      if (!inv.flag("--recursive")) {
        throw UsageError("\"" + path +
                         "\" is a directory: add --recursive to upload it (its "
                         "subdirectories become folders), or name its files");
      }
      dirs.push_back(path);
      continue;
    }
    request.files.push_back({path, {}, {}, {}});
  }
  if (!dirs.empty()) {
    if (!request.files.empty()) {
      throw UsageError("with --recursive, give directories only (put single files in one)");
    }
    if (inv.flag("--wait")) throw UsageError("--wait does not apply to --recursive uploads");
    return upload_directories(inv, dirs);
  }
  for (const char* flag : {"--include", "--exclude", "--parallel"}) {
    if (inv.option(flag))
      throw UsageError(std::string(flag) + " applies to --recursive uploads of a directory");
  }
  request.dedup = dedup_option(inv);
  if (const auto limit =
          inv.integer("--max-file-bytes", 1, std::numeric_limits<std::int64_t>::max())) {
    request.max_file_bytes = static_cast<std::uint64_t>(*limit);
  }
  UploadResponse answer;
  {
    UploadView view(inv.diagnostics, request.files);
    request.on_progress = [&view](const UploadProgress& p) { view.update(p); };
    answer = inv.client.files().upload(request, inv.call);
    view.done();
  }
  const std::vector<std::string> warnings = same_name_warnings(inv, request, answer);
  for (const auto& warning : warnings) inv.diagnostics.line("moi: warning: " + warning);
  Json printed = Json{{"upload", answer}};
  if (!warnings.empty()) printed["warnings"] = warnings;
  if (!inv.flag("--wait")) {
    Json data = answer;
    if (!warnings.empty()) data["warnings"] = warnings;
    return {data};
  }
  if (!answer.task_id || answer.task_id->empty()) {
    Result result{printed};
    result.exit_code = kExitService;
    inv.diagnostics.line("moi: the upload answer has no task_id: cannot wait for its load task");
    return result;
  }
  const std::string task_id = *answer.task_id;
  const LoadTaskOutcome outcome = wait_for_load(inv, task_id);
  return load_result(inv, task_id, outcome, std::move(printed));
}

namespace {

// Waits for job @p job_id with progress: its final status; a failed job exits 4 naming it.
Result wait_for_job_result(const Invocation& inv, const std::string& job_id,
                           WaitDeadline& deadline) {
  deadline.set_subject(job_id);
  ProgressView view(inv.diagnostics, "job", job_id);
  JobWaitOptions options;
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
      deadline.run("job", [&] { return wait_for_job(inv.client.jobs(), job_id, options); });

  Result result{final_status};
  if (!result.data.contains("job_id")) result.data["job_id"] = job_id;  // the job is named
  if (final_status.status == JobStatus::kFailed) {
    result.exit_code = kExitWaitFailed;
    inv.diagnostics.close_bar();
    inv.diagnostics.line("moi: job " + job_id + " failed: " + final_status.message.value_or(""));
  }
  return result;
}

}  // namespace

std::optional<std::string> newest_job_id(const Invocation& inv, const std::string& workflow_id) {
  ListJobsRequest query;
  query.workflow_id = workflow_id;
  query.page_size = 1;
  query.sort_field = "created_at";
  query.sort_order = SortOrder::kDescending;
  const JobListResponse page = inv.client.jobs().list(query, inv.call);
  if (page.jobs.empty() || !page.jobs.front().id || page.jobs.front().id->empty()) {
    return std::nullopt;
  }
  return page.jobs.front().id;
}

Result wait_for_workflow_job(const Invocation& inv, const std::string& workflow_id,
                             std::optional<std::string> job_id) {
  WaitDeadline deadline(inv, workflow_id);
  if (!job_id) {
    WaitOptions options;
    deadline.apply(options);
    job_id = deadline
                 .run("workflow",
                      [&] { return wait_for_first_job(inv.client.jobs(), workflow_id, options); })
                 .id;
    if (!job_id || job_id->empty()) {
      throw LookupError("J1 listed a job of workflow " + workflow_id + " without an id", {});
    }
  }
  return wait_for_job_result(inv, *job_id, deadline);
}

Result job_wait(const Invocation& inv) {
  const auto workflow_id = inv.option("--workflow");
  if (workflow_id && !inv.id.empty()) {
    throw UsageError("give JOB_ID or --workflow WORKFLOW_ID, not both");
  }
  if (!workflow_id) {
    if (inv.id.empty()) throw UsageError("JOB_ID (or --workflow WORKFLOW_ID) is required");
    WaitDeadline deadline(inv);
    return wait_for_job_result(inv, inv.id, deadline);
  }
  if (workflow_id->empty()) throw UsageError("--workflow: the workflow id is empty");
  const auto job_id = newest_job_id(inv, *workflow_id);
  inv.diagnostics.line(
      job_id ? "moi: waiting for job " + *job_id + ", the newest of workflow " + *workflow_id
             : "moi: workflow " + *workflow_id + " has no job yet: waiting for its first");
  return wait_for_workflow_job(inv, *workflow_id, job_id);
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
