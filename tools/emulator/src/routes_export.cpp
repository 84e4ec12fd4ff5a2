// SPDX-License-Identifier: Apache-2.0
// E1-E6 (export tasks).
#include "routes.hpp"
#include "simulation.hpp"

namespace moi::emulator::detail {

namespace {

// The nested config of E1 (dify_config, s3_config, mo_config, merge_title_to_text), checked
// like the service's pydantic models would; the object itself is stored as sent.
void check_config(const json& config, const Loc& loc, Errors& e) {
  if (auto dify = read_model(config, loc, "dify_config", Need::kNullable, e)) {
    Loc l = at(loc, "dify_config");
    for (const char* key : {"dataset_id", "dataset_name", "embedding_model"}) {
      read_string(*dify, l, key, Need::kRequired, e);
    }
  }
  if (auto s3 = read_model(config, loc, "s3_config", Need::kNullable, e)) {
    Loc l = at(loc, "s3_config");
    read_string(*s3, l, "path", Need::kRequired, e);
    read_bool(*s3, l, "need_compress", Need::kOptional, e);
    read_string(*s3, l, "compress_method", Need::kNullable, e);
  }
  if (auto mo = read_model(config, loc, "mo_config", Need::kNullable, e)) {
    Loc l = at(loc, "mo_config");
    read_string(*mo, l, "database_name", Need::kRequired, e);
    read_string(*mo, l, "table_name", Need::kRequired, e);
    read_bool(*mo, l, "new_table", Need::kOptional, e);
    if (auto column = read_model(*mo, l, "column", Need::kRequired, e)) {
      Loc c = at(l, "column");
      if (auto list = read_dict_list(*column, c, "export_column", Need::kRequired, e)) {
        for (std::size_t i = 0; i < list->size(); ++i) {
          Loc item = at(at(c, "export_column"), static_cast<std::int64_t>(i));
          read_string((*list)[i], item, "source_column", Need::kRequired, e);
          read_string((*list)[i], item, "mapping_column", Need::kRequired, e);
        }
      }
      read_string_list(*column, c, "combine_column", Need::kRequired, e);
    }
    read_int(*mo, l, "duplicated_strategy", Need::kRequired, e);
  }
  read_bool(config, loc, "merge_title_to_text", Need::kOptional, e);
}

ExportTask* find_task(State& state, const std::string& id) {
  auto it = state.tasks.find(id);
  return it == state.tasks.end() ? nullptr : &it->second;
}

// Reads the {"id": "..."} body of E3 and E6.
std::optional<std::string> read_id_body(const std::string& body, Errors& errors) {
  auto root = parse_body(body, true, errors);
  if (!root) return std::nullopt;
  return read_string(*root, Loc{"body"}, "id", Need::kRequired, errors);
}

// Pagination and order of E2/E4: offset >= 0, limit >= 1, order_by, order_direction.
struct Paging {
  std::int64_t offset = 0;
  std::int64_t limit = 10;
  std::string order_by = "created_at";
  bool asc = false;
  std::vector<std::int64_t> statuses;
};

void read_paging(const json& root, Paging& p, Errors& e) {
  const Loc b{"body"};
  if (auto v = read_int(root, b, "offset", Need::kNullable, e)) {
    if (check_min(*v, 0, at(b, "offset"), e)) p.offset = *v;
  }
  if (auto v = read_int(root, b, "limit", Need::kNullable, e)) {
    if (check_min(*v, 1, at(b, "limit"), e)) p.limit = *v;
  }
  if (auto v = read_int_list(root, b, "statuses", Need::kNullable, e)) p.statuses = *v;
  if (auto v = read_string(root, b, "order_by", Need::kNullable, e)) p.order_by = *v;
  p.asc =
      is_ascending(read_string(root, b, "order_direction", Need::kNullable, e).value_or("desc"));
}

json nullable_z(const std::optional<std::int64_t>& ms) {
  return ms ? json(iso_z(*ms)) : json(nullptr);
}

template <typename T>
int compare_opt(const std::optional<T>& a, const std::optional<T>& b) {
  if (a.has_value() != b.has_value()) return a.has_value() ? 1 : -1;  // null first
  return a ? compare3(*a, *b) : 0;
}

std::string details_of(const ExportFile& f, Phase phase) {
  switch (phase) {
    case Phase::kPending:
      return "waiting to export";
    case Phase::kRunning:
      return "exporting";
    case Phase::kSucceeded:
      return "export succeeded";
    case Phase::kFailed:
      return "export failed: " + f.attempt.error;
    case Phase::kStopped:
      return "export stopped";
  }
  return {};
}

}  // namespace

Reply create_export_task(Ctx& ctx) {
  Errors e;
  auto root = parse_body(ctx.body, true, e);
  if (!root) return validation_failed(e.to_json());
  const Loc b{"body"};
  auto name = read_string(*root, b, "task_name", Need::kRequired, e);
  auto creator = read_string(*root, b, "creator", Need::kRequired, e);
  auto connector_id = read_int(*root, b, "connector_id", Need::kRequired, e);
  auto connector_name = read_string(*root, b, "connector_name", Need::kRequired, e);
  auto type = read_int(*root, b, "type", Need::kRequired, e);
  auto config = read_model(*root, b, "config", Need::kRequired, e);
  if (config) check_config(*config, at(b, "config"), e);
  auto files = read_dict_list(*root, b, "files", Need::kRequired, e);
  struct FileIn {
    std::string file_id;
    std::vector<std::string> full_path;
    bool is_raw = false;
  };
  std::vector<FileIn> file_inputs;
  if (files) {
    for (std::size_t i = 0; i < files->size(); ++i) {
      Loc l = at(at(b, "files"), static_cast<std::int64_t>(i));
      auto id = read_string((*files)[i], l, "file_id", Need::kRequired, e);
      auto path = read_string_list((*files)[i], l, "full_path", Need::kRequired, e);
      auto raw = read_bool((*files)[i], l, "is_raw", Need::kRequired, e);
      if (id && path && raw) file_inputs.push_back(FileIn{*id, *path, *raw});
    }
  }
  if (!e.empty()) return validation_failed(e.to_json());

  ExportTask task;
  task.id = ctx.new_id();
  task.name = *name;
  task.creator = *creator;
  task.connector_id = *connector_id;
  task.connector_name = *connector_name;
  task.type = *type;
  task.config = *config;
  task.created_at = task.updated_at = ctx.new_created_at();
  std::int64_t ordinal = 0;
  for (FileIn& in : file_inputs) {
    ExportFile f;
    f.id = ctx.new_id();
    f.file_id = std::move(in.file_id);
    f.full_path = std::move(in.full_path);
    f.is_raw = in.is_raw;
    f.file_name = f.full_path.empty() ? f.file_id : f.full_path.back();
    f.file_type = file_type_for_name(f.file_name);
    f.ordinal = ordinal++;
    f.created_at = task.created_at;
    task.files.push_back(std::move(f));
  }
  std::vector<WorkItem> work;
  for (auto& f : task.files) work.push_back(WorkItem{&f.attempt, f.file_name, f.id});
  schedule_first_attempts(work, ctx.now, ctx.behavior, ctx.settings.seed);
  const std::string id = task.id;
  ctx.state.tasks[id] = std::move(task);
  return ok_null();
}

Reply list_export_tasks(Ctx& ctx) {
  Errors e;
  auto root = parse_body(ctx.body, false, e);
  if (!root) return validation_failed(e.to_json());
  const Loc b{"body"};
  Paging p;
  read_paging(*root, p, e);
  auto creator = read_string(*root, b, "creator", Need::kNullable, e);
  auto connector_name = read_string(*root, b, "connector_name", Need::kNullable, e);
  auto task_id = read_string(*root, b, "task_id", Need::kNullable, e);
  if (!e.empty()) return validation_failed(e.to_json());

  std::map<std::string, TaskView> views;
  std::vector<const ExportTask*> items;
  for (const auto& [id, task] : ctx.state.tasks) {
    TaskView v = view_task(task, ctx.now);
    if (!one_of(v.status, p.statuses)) continue;
    if (creator && task.creator != *creator) continue;
    if (connector_name && task.connector_name != *connector_name) continue;
    if (task_id && task.id != *task_id) continue;
    views.emplace(id, v);
    items.push_back(&task);
  }
  const std::string& field = p.order_by;
  sort_total(
      items,
      [&](const ExportTask& a, const ExportTask& c) {
        if (field == "name" || field == "task_name") return compare3(a.name, c.name);
        if (field == "status") return compare3(views[a.id].status, views[c.id].status);
        if (field == "type") return compare3(a.type, c.type);
        if (field == "end_time") return compare_opt(views[a.id].end, views[c.id].end);
        if (field == "updated_at") return compare3(a.updated_at, c.updated_at);
        return compare3(a.created_at, c.created_at);
      },
      [](const ExportTask& a, const ExportTask& c) { return compare3(a.id, c.id); }, !p.asc);
  json list = json::array();
  for (const ExportTask* t : slice(items, p.offset, p.limit)) {
    const TaskView& v = views[t->id];
    json sources = json::array();
    for (const auto& f : t->files) sources.push_back(f.full_path);
    list.push_back(json{{"id", t->id},
                        {"name", t->name},
                        {"creator", t->creator},
                        {"connector_id", t->connector_id},
                        {"connector_name", t->connector_name},
                        {"type", t->type},
                        {"status", v.status},
                        {"export_source", std::move(sources)},
                        {"create_time", iso_z(t->created_at)},
                        {"end_time", nullable_z(v.end)}});
  }
  return ok(json{{"tasks", std::move(list)}, {"total", items.size()}});
}

Reply get_export_task(Ctx& ctx) {
  Errors e;
  auto id = read_id_body(ctx.body, e);
  if (!id) return validation_failed(e.to_json());
  const ExportTask* t = find_task(ctx.state, *id);
  if (t == nullptr) return not_found("export task");
  TaskView v = view_task(*t, ctx.now);
  const Tally& n = v.tally;
  return ok(json{{"id", t->id},
                 {"name", t->name},
                 {"creator", t->creator},
                 {"connector_id", t->connector_id},
                 {"connector_name", t->connector_name},
                 {"type", t->type},
                 {"status", v.status},
                 {"config", t->config},
                 {"create_time", iso_z(t->created_at)},
                 {"end_time", nullable_z(v.end)},
                 {"file_stats",
                  {{"total", n.total},
                   {"pending", n.pending},
                   {"running", n.running},
                   {"failed", n.failed},
                   {"completed", n.succeeded},
                   {"fileSuccess", n.succeeded},
                   {"fileFail", n.failed}}}});
}

Reply list_export_files(Ctx& ctx) {
  Errors e;
  auto root = parse_body(ctx.body, true, e);
  if (!root) return validation_failed(e.to_json());
  auto task_id = read_string(*root, Loc{"body"}, "task_id", Need::kRequired, e);
  Paging p;
  read_paging(*root, p, e);
  if (!e.empty()) return validation_failed(e.to_json());
  const ExportTask* t = find_task(ctx.state, *task_id);
  if (t == nullptr) return not_found("export task");

  std::map<const ExportFile*, AttemptView> views;
  std::vector<const ExportFile*> items;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  for (const ExportFile& f : t->files) {
    AttemptView v = view_attempt(f.attempt, ctx.now);
    if (v.phase == Phase::kSucceeded) ++succeeded;
    if (v.phase == Phase::kFailed) ++failed;
    if (!one_of(export_file_status(v.phase), p.statuses)) continue;
    views.emplace(&f, v);
    items.push_back(&f);
  }
  const std::string& field = p.order_by;
  sort_total(
      items,
      [&](const ExportFile& a, const ExportFile& c) {
        if (field == "file_name" || field == "name") return compare3(a.file_name, c.file_name);
        if (field == "status") {
          return compare3(export_file_status(views[&a].phase), export_file_status(views[&c].phase));
        }
        if (field == "start_time") return compare_opt(views[&a].start, views[&c].start);
        if (field == "end_time") return compare_opt(views[&a].end, views[&c].end);
        return compare3(a.created_at, c.created_at);
      },
      [](const ExportFile& a, const ExportFile& c) { return compare3(a.ordinal, c.ordinal); },
      !p.asc);
  json list = json::array();
  for (const ExportFile* f : slice(items, p.offset, p.limit)) {
    const AttemptView& v = views[f];
    list.push_back(json{{"id", f->id},
                        {"file_id", f->file_id},
                        {"status", export_file_status(v.phase)},
                        {"full_path", f->full_path},
                        {"is_raw", f->is_raw},
                        {"details", details_of(*f, v.phase)},
                        {"create_time", iso_z(f->created_at)},
                        {"start_time", nullable_z(v.start)},
                        {"end_time", nullable_z(v.end)},
                        {"file_name", f->file_name},
                        {"file_type", f->file_type}});
  }
  return ok(json{{"files", std::move(list)},
                 {"total", items.size()},
                 {"total_failure", failed},
                 {"total_files", t->files.size()},
                 {"total_success", succeeded}});
}

Reply rerun_export_task(Ctx& ctx) {
  ExportTask* t = find_task(ctx.state, ctx.args[0]);
  if (t == nullptr) return not_found("export task");
  // Failed files export again (and succeed, unless named with the always-fail marker).
  std::vector<const Attempt*> all;
  std::vector<WorkItem> work;
  for (ExportFile& f : t->files) {
    all.push_back(&f.attempt);
    if (view_attempt(f.attempt, ctx.now).phase == Phase::kFailed) {
      work.push_back(WorkItem{&f.attempt, f.file_name, f.id});
    }
  }
  if (!work.empty()) {
    schedule_retries(work, queue_end(all, ctx.now), ctx.behavior);
    t->updated_at = std::max(t->updated_at, ctx.now);
    ctx.changed = true;
  }
  return ok_null();
}

Reply delete_export_task(Ctx& ctx) {
  Errors e;
  auto id = read_id_body(ctx.body, e);
  if (!id) return validation_failed(e.to_json());
  if (ctx.state.tasks.erase(*id) == 0) return not_found("export task");
  ctx.changed = true;
  return ok_null();
}

}  // namespace moi::emulator::detail
