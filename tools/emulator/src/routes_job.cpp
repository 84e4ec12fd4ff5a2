// SPDX-License-Identifier: Apache-2.0
// J1-J5 (jobs), and starting a job for W1/W7.
#include <algorithm>
#include <cstdio>
#include <set>

#include "ids.hpp"
#include "routes.hpp"
#include "simulation.hpp"

namespace moi::emulator::detail {

namespace {

// A file a job processes, before it gets a job-file id.
struct SourceFile {
  std::string source_id;
  std::string name;
  std::int64_t file_type = 0;
};

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return {};
}

std::string basename_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// SourceFileInfo is not documented: take the name and id from the usual keys.
SourceFile from_input(const json& item, std::size_t index, const Workflow& wf, std::uint64_t seed) {
  SourceFile f;
  for (const char* key : {"file_name", "name"}) {
    if (f.name.empty() && item.contains(key)) f.name = text_of(item[key]);
  }
  for (const char* key : {"file_path", "path"}) {
    if (f.name.empty() && item.contains(key)) f.name = basename_of(text_of(item[key]));
  }
  if (f.name.empty() && item.contains("full_path") && item["full_path"].is_array() &&
      !item["full_path"].empty()) {
    f.name = text_of(item["full_path"].back());
  }
  if (f.name.empty()) f.name = "file-" + std::to_string(index + 1);
  auto type = item.find("file_type");
  f.file_type = type != item.end() && type->is_number_integer() ? type->get<std::int64_t>()
                                                                : file_type_for_name(f.name);
  for (const char* key : {"source_file_id", "file_id", "id"}) {
    if (f.source_id.empty() && item.contains(key)) f.source_id = text_of(item[key]);
  }
  if (f.source_id.empty()) {
    f.source_id = keyed_id(seed, "source/" + wf.id + "/" + std::to_string(index));
  }
  return f;
}

// Simulated files for one source volume without uploaded files.
void simulated_files(const Workflow& wf, std::size_t v, const BehaviorOptions& behavior,
                     std::uint64_t seed, std::vector<SourceFile>& out) {
  const std::string& volume = wf.source_volume_ids[v];
  const std::string label = v < wf.source_volume_names.size() ? wf.source_volume_names[v] : volume;
  for (int k = 0; k < behavior.files_per_volume; ++k) {
    SourceFile f;
    f.file_type = wf.file_types.empty()
                      ? 2
                      : wf.file_types[static_cast<std::size_t>(k) % wf.file_types.size()];
    char num[16];
    std::snprintf(num, sizeof num, "%02d", k + 1);
    f.name = label + "-doc-" + num + "." + extension_for_type(f.file_type);
    f.source_id = keyed_id(seed, "source/" + volume + "/" + std::to_string(k));
    out.push_back(std::move(f));
  }
}

SourceFile from_stored(const StoredFile& f) {
  SourceFile s;
  s.source_id = f.id;
  s.name = f.name;
  s.file_type = f.file_type;
  return s;
}

// The files a new job of `wf` processes: its `files`; else, per source volume, the files
// uploaded and loaded into it by now (in upload order), or simulated files when it has none.
// `taken` receives the ids of the uploaded files.
std::vector<SourceFile> source_files(const Ctx& ctx, const Workflow& wf,
                                     std::vector<std::string>& taken) {
  std::vector<SourceFile> out;
  if (wf.files.is_array() && !wf.files.empty()) {
    for (std::size_t i = 0; i < wf.files.size(); ++i) {
      if (wf.files[i].is_object()) out.push_back(from_input(wf.files[i], i, wf, ctx.settings.seed));
    }
    return out;
  }
  for (std::size_t v = 0; v < wf.source_volume_ids.size(); ++v) {
    bool any = false;
    // Ids are 19-digit decimal text of one length: map order is upload order.
    for (const auto& [id, f] : ctx.state.files) {
      if (f.volume_id != wf.source_volume_ids[v] || !is_catalog_file(f, ctx.now)) continue;
      out.push_back(from_stored(f));
      taken.push_back(f.id);
      any = true;
    }
    if (!any) simulated_files(wf, v, ctx.behavior, ctx.settings.seed, out);
  }
  return out;
}

std::optional<std::string> iso_or_null(const std::optional<std::int64_t>& ms) {
  if (!ms) return std::nullopt;
  return iso_no_zone(*ms);
}

json nullable(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json nullable(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

Job* find_job(Ctx& ctx) {
  auto it = ctx.state.jobs.find(ctx.args[0]);
  return it == ctx.state.jobs.end() ? nullptr : &it->second;
}

// JobListItem (J1).
json list_item(const Job& job, const JobView& v) {
  return json{
      {"id", job.id},
      {"name", job.name},
      {"created_at", job.created_at},
      {"creator", job.creator},
      {"updated_at", v.updated_at},
      {"modifier", job.modifier},
      {"status", v.status},
      {"version", job.version},
      {"workflow_meta_id", job.workflow_id},
      {"workflow_branch_id", job.branch_id},
      {"total_count", v.tally.total},
      {"processed_count", v.tally.finished()},
  };
}

}  // namespace

namespace {

// Creates a job of `wf` on `branch` over `files`, its work starting at `at`.
std::string make_job(Ctx& ctx, const Workflow& wf, const Branch& branch,
                     std::vector<SourceFile> files, std::int64_t at) {
  Job job;
  job.id = ctx.new_id();
  job.name = wf.name;
  job.workflow_id = wf.id;
  job.branch_id = branch.id;
  job.user_id = wf.user_id;
  job.creator = job.modifier = ctx.settings.user_name;
  job.created_at = job.updated_at = ctx.new_created_at(at);
  job.started_at = at;
  job.file_types = wf.file_types;
  job.priority = wf.priority;
  job.source_volume_ids = wf.source_volume_ids;
  job.source_volume_names = wf.source_volume_names;
  job.target_volume_id = branch.volume_id;
  job.target_volume_name = wf.target_volume_name;
  job.process_mode = wf.process_mode;
  job.files_input = wf.files;
  std::int64_t ordinal = 0;
  for (SourceFile& src : files) {
    JobFile f;
    f.id = ctx.new_id();
    f.file_name = std::move(src.name);
    f.file_type = src.file_type;
    f.ref_file_id = keyed_id(ctx.settings.seed, "ref/" + src.source_id);
    f.source_id = std::move(src.source_id);
    f.target_volume_id = branch.volume_id;
    f.ordinal = ordinal++;
    job.files.push_back(std::move(f));
  }
  std::vector<WorkItem> work;
  for (auto& f : job.files) work.push_back(WorkItem{&f.attempt, f.file_name, f.id});
  schedule_first_attempts(work, at, ctx.behavior, ctx.settings.seed);
  const std::string id = job.id;
  ctx.state.jobs[id] = std::move(job);
  return id;
}

void mark_processed(Workflow& wf, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    if (std::find(wf.processed_file_ids.begin(), wf.processed_file_ids.end(), id) ==
        wf.processed_file_ids.end()) {
      wf.processed_file_ids.push_back(id);
    }
  }
}

// The next job a periodic or triggered workflow would start by now: when, over which files.
struct DueRun {
  std::int64_t at = 0;
  std::vector<const StoredFile*> files;
};

std::optional<DueRun> due_run(const Ctx& ctx, const Workflow& wf) {
  const std::int64_t interval = wf.process_mode.interval;
  // Past a billion minutes (1900 years) a period never comes: no overflow below.
  if (wf.stopped || interval == 0 || interval < -1 || interval > 1000000000) return std::nullopt;
  if (wf.files.is_array() && !wf.files.empty()) return std::nullopt;
  const std::set<std::string> volumes(wf.source_volume_ids.begin(), wf.source_volume_ids.end());
  const std::set<std::string> processed(wf.processed_file_ids.begin(), wf.processed_file_ids.end());
  std::vector<const StoredFile*> candidates;
  for (const auto& [id, f] : ctx.state.files) {
    if (volumes.count(f.volume_id) == 0 || !is_catalog_file(f, ctx.now)) continue;
    if (processed.count(id) != 0) continue;
    candidates.push_back(&f);
  }
  if (candidates.empty()) return std::nullopt;
  if (interval == -1) {
    // A load task that has finished (every file loaded or failed) after the workflow was
    // created starts a job over its new files, at the moment it finished.
    std::optional<DueRun> best;
    std::set<std::string> seen;
    for (const StoredFile* f : candidates) {
      if (!seen.insert(f->task_id).second) continue;
      const auto task = ctx.state.load_tasks.find(f->task_id);
      if (task == ctx.state.load_tasks.end()) continue;
      std::int64_t end = 0;
      for (const std::string& id : task->second.file_ids) {
        end = std::max(end, ctx.state.files.at(id).load_end);
      }
      if (end > ctx.now || end <= wf.created_at) continue;
      if (best && best->at <= end) continue;
      DueRun run;
      run.at = end;
      for (const StoredFile* c : candidates) {
        if (c->task_id == f->task_id) run.files.push_back(c);
      }
      best = std::move(run);
    }
    return best;
  }
  // Every `interval` minutes from creation, over the files loaded by then.
  const std::int64_t period = interval * 60000;
  std::int64_t earliest = candidates.front()->load_end;
  for (const StoredFile* f : candidates) earliest = std::min(earliest, f->load_end);
  const std::int64_t from =
      std::max(wf.next_tick != 0 ? wf.next_tick : wf.created_at + period, earliest);
  const std::int64_t steps = (from - wf.created_at + period - 1) / period;
  DueRun run;
  run.at = wf.created_at + std::max<std::int64_t>(1, steps) * period;
  if (run.at > ctx.now) return std::nullopt;
  for (const StoredFile* f : candidates) {
    if (f->load_end <= run.at) run.files.push_back(f);
  }
  return run;
}

}  // namespace

std::string start_job(Ctx& ctx, Workflow& wf, const Branch& branch) {
  std::vector<std::string> taken;
  std::vector<SourceFile> files = source_files(ctx, wf, taken);
  mark_processed(wf, taken);
  return make_job(ctx, wf, branch, std::move(files), ctx.now);
}

void run_triggers(Ctx& ctx) {
  // Runs in time order across workflows, so ids and creation times follow the simulated time.
  for (;;) {
    Workflow* next = nullptr;
    std::optional<DueRun> next_run;
    for (auto& [id, wf] : ctx.state.workflows) {
      if (wf.process_mode.interval == 0) continue;
      auto run = due_run(ctx, wf);
      if (run && (!next_run || run->at < next_run->at)) {
        next = &wf;
        next_run = std::move(run);
      }
    }
    if (next == nullptr) return;
    const auto branch = ctx.state.branches.find(next->main_branch_id);
    std::vector<SourceFile> files;
    std::vector<std::string> taken;
    for (const StoredFile* f : next_run->files) {
      files.push_back(from_stored(*f));
      taken.push_back(f->id);
    }
    mark_processed(*next, taken);
    if (next->process_mode.interval > 0) {
      next->next_tick = next_run->at + next->process_mode.interval * 60000;
    }
    ctx.changed = true;
    if (branch == ctx.state.branches.end()) continue;  // no main branch: files are dropped
    make_job(ctx, *next, branch->second, std::move(files), next_run->at);
  }
}

Reply list_jobs(Ctx& ctx) {
  Errors e;
  const auto& q = ctx.query;
  auto workflow_id = query_string(q, "workflow_id");
  auto name_search = query_string(q, "name_search");
  auto types = query_int_list(q, "file_types", e);
  auto priorities = query_int_list(q, "priority", e);
  auto page_num = query_int(q, "page_num", e).value_or(1);
  auto page_size = query_int(q, "page_size", e).value_or(10);
  auto count_le = query_int(q, "count_le", e);
  auto count_ge = query_int(q, "count_ge", e);
  check_min(page_num, 1, Loc{"query", "page_num"}, e);
  check_min(page_size, 1, Loc{"query", "page_size"}, e);
  if (!e.empty()) return validation_failed(e.to_json());
  // Without sort_field: created_at, descending unless sort_order says otherwise.
  auto sort_field = query_string(q, "sort_field");
  auto sort_order = query_string(q, "sort_order");
  const std::string field = sort_field.value_or("created_at");
  const bool asc = sort_order ? is_ascending(*sort_order) : sort_field.has_value();

  std::map<std::string, JobView> views;
  std::vector<const Job*> items;
  for (const auto& [id, job] : ctx.state.jobs) {
    auto count = static_cast<std::int64_t>(job.files.size());
    if (workflow_id && job.workflow_id != *workflow_id) continue;
    if (name_search) {
      bool hit =
          contains_ci(job.name, *name_search) || contains_ci(job.target_volume_name, *name_search);
      for (const auto& n : job.source_volume_names) hit = hit || contains_ci(n, *name_search);
      if (!hit) continue;
    }
    if (!any_in(job.file_types, types)) continue;
    if (!one_of(job.priority, priorities)) continue;
    if (count_le && count > *count_le) continue;
    if (count_ge && count < *count_ge) continue;
    views.emplace(id, view_job(job, ctx.now));
    items.push_back(&job);
  }
  sort_total(
      items,
      [&](const Job& a, const Job& b) {
        if (field == "name") return compare3(a.name, b.name);
        if (field == "updated_at") return compare3(views[a.id].updated_at, views[b.id].updated_at);
        if (field == "status") return compare3(views[a.id].status, views[b.id].status);
        if (field == "priority") return compare3(a.priority, b.priority);
        if (field == "file_count" || field == "count" || field == "total_count") {
          return compare3(a.files.size(), b.files.size());
        }
        return compare3(a.created_at, b.created_at);
      },
      [](const Job& a, const Job& b) { return compare3(a.id, b.id); }, !asc);
  json list = json::array();
  for (const Job* job : slice(items, page_offset(page_num, page_size), page_size)) {
    list.push_back(list_item(*job, views[job->id]));
  }
  return ok(json{{"total", items.size()}, {"jobs", std::move(list)}});
}

Reply get_job(Ctx& ctx) {
  const Job* job = find_job(ctx);
  if (job == nullptr) return not_found("job");
  JobView v = view_job(*job, ctx.now);
  // The document shows W1's record here: the same layout, for the job, plus its status.
  return ok(json{
      {"created_at", iso_no_zone(job->created_at)},
      {"id", job->id},
      {"user_id", job->user_id},
      {"flow_interval", job->process_mode.interval},
      {"creator", job->creator},
      {"file_types", python_dumps(json(job->file_types))},
      {"target_volume_id", job->target_volume_id},
      {"files", python_dumps(job->files_input)},
      {"updated_at", iso_no_zone(v.updated_at)},
      {"version", job->version},
      {"priority", job->priority},
      {"name", job->name},
      {"group_id", ""},
      {"flow_offset", job->process_mode.offset},
      {"modifier", job->modifier},
      {"source_volume_ids", python_dumps(json(job->source_volume_ids))},
      {"source_volume_names", python_dumps(json(job->source_volume_names))},
      {"target_volume_name", job->target_volume_name},
      {"status", v.status},
      {"workflow_meta_id", job->workflow_id},
      {"workflow_branch_id", job->branch_id},
      {"start_time", iso_no_zone(v.start)},
      {"end_time", nullable(iso_or_null(v.end))},
  });
}

Reply list_job_files(Ctx& ctx) {
  Errors e;
  auto page_num = query_int(ctx.query, "page_num", e).value_or(1);
  auto page_size = query_int(ctx.query, "page_size", e).value_or(10);
  auto statuses = query_int_list(ctx.query, "statuses", e);
  check_min(page_num, 1, Loc{"query", "page_num"}, e);
  check_min(page_size, 1, Loc{"query", "page_size"}, e);
  if (!e.empty()) return validation_failed(e.to_json());
  const Job* job = find_job(ctx);
  if (job == nullptr) return not_found("job");

  JobView jv = view_job(*job, ctx.now);
  json files = json::array();
  std::int64_t matched = 0;
  const std::int64_t first = page_offset(page_num, page_size);
  for (const JobFile& f : job->files) {  // files are kept in ordinal order
    AttemptView v = view_attempt(f.attempt, ctx.now);
    int status = job_file_status(v.phase);
    if (!one_of(status, statuses)) continue;
    if (matched >= first && matched - first < page_size) {
      json err = nullptr;
      if (v.phase == Phase::kFailed) err = f.attempt.error;
      if (v.phase == Phase::kStopped) err = "stopped";
      files.push_back(json{
          {"id", f.id},
          {"file_name", f.file_name},
          {"file_type", f.file_type},
          {"file_status", status},
          {"error_message", err},
          {"start_time", nullable(iso_or_null(v.start))},
          {"end_time", nullable(iso_or_null(v.end))},
          {"source_id", f.source_id},
          {"ref_file_id", f.ref_file_id},
          {"target_volume_id", f.target_volume_id},
      });
    }
    ++matched;
  }
  const Tally& t = jv.tally;
  return ok(json{{"files", std::move(files)},
                 {"file_total", matched},
                 {"total", t.total},
                 {"completed", t.succeeded},
                 {"failed", t.failed},
                 {"processing", t.running},
                 {"pending", t.pending},
                 {"stopped", t.stopped}});
}

Reply retry_job_files(Ctx& ctx) {
  Errors errors;
  auto root = parse_body(ctx.body, true, errors);
  std::optional<std::vector<std::string>> ids;
  if (root) ids = read_string_list(*root, Loc{"body"}, "files", Need::kRequired, errors);
  if (!errors.empty()) return validation_failed(errors.to_json());
  Job* job = find_job(ctx);
  if (job == nullptr) return not_found("job");
  // Check every id first, so an unknown one changes nothing.
  std::set<std::string> wanted(ids->begin(), ids->end());
  std::size_t known = 0;
  for (const JobFile& f : job->files) known += wanted.count(f.id);
  if (known != wanted.size()) return not_found("job file");
  // Finished files (completed, failed, stopped) run again; files still in flight are left.
  std::vector<const Attempt*> all;
  std::vector<WorkItem> work;
  for (JobFile& f : job->files) {
    all.push_back(&f.attempt);
    if (wanted.count(f.id) != 0 && is_terminal(view_attempt(f.attempt, ctx.now).phase)) {
      work.push_back(WorkItem{&f.attempt, f.file_name, f.id});
    }
  }
  if (!work.empty()) {
    schedule_retries(work, queue_end(all, ctx.now), ctx.behavior);
    job->updated_at = std::max(job->updated_at, ctx.now);
    job->modifier = ctx.settings.user_name;
    ctx.changed = true;
  }
  return ok_null();
}

Reply get_job_status(Ctx& ctx) {
  const Job* job = find_job(ctx);
  if (job == nullptr) return not_found("job");
  JobView v = view_job(*job, ctx.now);
  return ok(json{{"job_id", job->id},
                 {"status", v.status},
                 {"message", v.message},
                 {"progress", v.tally.progress()},
                 {"start_time", v.start},
                 {"end_time", nullable(v.end)}});
}

}  // namespace moi::emulator::detail
