// SPDX-License-Identifier: Apache-2.0
// W1-W7 (workflows) and B1-B5 (branches).
#include <utility>

#include "routes.hpp"
#include "simulation.hpp"

namespace moi::emulator::detail {

namespace {

// WorkflowRequest (W1; W4 uses the same body with `workflow` optional, as the older
// UpdateWorkflowBaseInfoRequest schema has it).
struct WorkflowInput {
  std::string name;
  std::vector<std::string> source_volume_names;
  std::vector<std::string> source_volume_ids;
  std::vector<std::int64_t> file_types;
  ProcessMode process_mode;
  std::int64_t priority = 300;
  std::string target_volume_id;
  std::string target_volume_name;
  std::string create_target_volume_name;
  std::optional<json> workflow;
  std::optional<std::string> branch_name;
  json files = json::array();
  json content;
};

// WorkflowConfig: four optional, nullable lists of free-form objects; other keys are kept.
// Components whose sockets are fully known: the documents' OpenAPI example pipeline connects
// them only through "documents", and Haystack's run() of both takes only `documents` and
// returns only `documents` (see the SDK's moi::components::documented_sockets()). A
// connection naming another socket of these is rejected; every other component accepts any
// socket name, so a real pipeline never fails here because of what the documents leave out.
const char* fully_known_socket(const std::string& type) {
  if (type == "haystack.components.preprocessors.document_cleaner.DocumentCleaner" ||
      type == "haystack.components.preprocessors.document_splitter.DocumentSplitter") {
    return "documents";
  }
  return nullptr;
}

// The component a connection end names: by `name`, else by a unique `component_id` without
// its trailing "_<digits>".
const json* find_component(const json& components, const std::string& name) {
  const json* by_id = nullptr;
  int id_matches = 0;
  for (const auto& component : components) {
    if (!component.is_object()) continue;
    const auto n = component.find("name");
    if (n != component.end() && n->is_string() && n->get<std::string>() == name) {
      return &component;
    }
    const auto id = component.find("component_id");
    if (id != component.end() && id->is_string()) {
      std::string base = id->get<std::string>();
      const auto underscore = base.find_last_of('_');
      if (underscore != std::string::npos && underscore + 1 < base.size() &&
          base.find_first_not_of("0123456789", underscore + 1) == std::string::npos) {
        base.erase(underscore);
      }
      if (base == name) {
        by_id = &component;
        ++id_matches;
      }
    }
  }
  return id_matches == 1 ? by_id : nullptr;
}

void check_connection_sockets(const json& config, const Loc& loc, Errors& errors) {
  const auto components = config.find("components");
  const auto connections = config.find("connections");
  if (components == config.end() || !components->is_array() || connections == config.end() ||
      !connections->is_array()) {
    return;
  }
  for (std::size_t i = 0; i < connections->size(); ++i) {
    const json& connection = (*connections)[i];
    if (!connection.is_object()) continue;
    for (const char* end : {"sender", "receiver"}) {
      const auto it = connection.find(end);
      if (it == connection.end() || !it->is_string()) continue;
      const std::string text = it->get<std::string>();
      const auto dot = text.find('.');
      if (dot == std::string::npos) continue;
      const json* component = find_component(*components, text.substr(0, dot));
      if (component == nullptr) continue;
      const auto type = component->find("type");
      if (type == component->end() || !type->is_string()) continue;
      const char* socket = fully_known_socket(type->get<std::string>());
      if (socket == nullptr || text.substr(dot + 1) == socket) continue;
      const std::string short_type =
          type->get<std::string>().substr(type->get<std::string>().find_last_of('.') + 1);
      errors.add(at(at(at(loc, "connections"), static_cast<std::int64_t>(i)), end),
                 "Value error, " + short_type + " has no " +
                     (std::string(end) == "sender" ? "output" : "input") + " socket \"" +
                     text.substr(dot + 1) + "\" (it has only \"" + socket + "\")",
                 "value_error", &*it);
    }
  }
}

void check_workflow_config(const json& config, const Loc& loc, Errors& errors) {
  for (const char* key : {"components", "connections", "edges", "extra_components"}) {
    read_dict_list(config, loc, key, Need::kNullable, errors);
  }
  if (errors.empty()) check_connection_sockets(config, loc, errors);
}

std::optional<WorkflowInput> parse_workflow_input(const std::string& body, bool update,
                                                  Errors& errors) {
  auto root = parse_body(body, true, errors);
  if (!root) return std::nullopt;
  const Loc b{"body"};
  WorkflowInput in;
  auto name = read_string(*root, b, "name", Need::kRequired, errors);
  auto svn = read_string_list(*root, b, "source_volume_names", Need::kRequired, errors);
  auto svi = read_id_list(*root, b, "source_volume_ids", Need::kRequired, errors);
  auto types = read_int_list(*root, b, "file_types", Need::kRequired, errors);
  auto mode = read_model(*root, b, "process_mode", Need::kRequired, errors);
  std::optional<std::int64_t> interval;
  std::optional<std::int64_t> offset;
  if (mode) {
    interval = read_int(*mode, at(b, "process_mode"), "interval", Need::kRequired, errors);
    offset = read_int(*mode, at(b, "process_mode"), "offset", Need::kRequired, errors);
  }
  auto priority = read_int(*root, b, "priority", Need::kOptional, errors);
  auto tvid = read_string(*root, b, "target_volume_id", Need::kRequired, errors);
  auto tvname = read_string(*root, b, "target_volume_name", Need::kOptional, errors);
  auto ctvn = read_string(*root, b, "create_target_volume_name", Need::kRequired, errors);
  auto workflow =
      read_model(*root, b, "workflow", update ? Need::kNullable : Need::kRequired, errors);
  if (workflow) check_workflow_config(*workflow, at(b, "workflow"), errors);
  in.branch_name = read_string(*root, b, "branch_name", Need::kNullable, errors);
  auto files = read_dict_list(*root, b, "files", Need::kNullable, errors);
  auto content = read_dict(*root, b, "content", Need::kNullable, errors);
  if (!errors.empty()) return std::nullopt;
  in.name = *name;
  in.source_volume_names = *svn;
  in.source_volume_ids = *svi;
  in.file_types = *types;
  in.process_mode = ProcessMode{*interval, *offset};
  in.priority = priority.value_or(300);
  in.target_volume_id = *tvid;
  in.target_volume_name = tvname.value_or("");
  in.create_target_volume_name = *ctvn;
  in.workflow = workflow;
  if (files) in.files = json(*files);
  if (content) in.content = *content;
  return in;
}

void apply_input(Workflow& wf, const WorkflowInput& in) {
  wf.name = in.name;
  wf.source_volume_names = in.source_volume_names;
  wf.source_volume_ids = in.source_volume_ids;
  wf.file_types = in.file_types;
  wf.process_mode = in.process_mode;
  wf.priority = in.priority;
  wf.target_volume_id = in.target_volume_id;
  wf.target_volume_name = in.target_volume_name;
  wf.create_target_volume_name = in.create_target_volume_name;
  wf.files = in.files;
  wf.content = in.content;
}

// {"branch_name": str|null = "", "workflow": WorkflowConfig} (B1, B4).
struct BranchInput {
  std::optional<std::string> name;
  json workflow;
};

std::optional<BranchInput> parse_branch_input(const std::string& body, Errors& errors) {
  auto root = parse_body(body, true, errors);
  if (!root) return std::nullopt;
  const Loc b{"body"};
  BranchInput in;
  in.name = read_string(*root, b, "branch_name", Need::kNullable, errors);
  auto workflow = read_model(*root, b, "workflow", Need::kRequired, errors);
  if (workflow) check_workflow_config(*workflow, at(b, "workflow"), errors);
  if (!errors.empty()) return std::nullopt;
  in.workflow = *workflow;
  return in;
}

json strings(const std::vector<std::string>& v) { return json(v); }

// W1's answer: the stored record, with arrays as JSON text and ISO times without a zone.
json created_record(const Workflow& wf) {
  return json{
      {"created_at", iso_no_zone(wf.created_at)},
      {"id", wf.id},
      {"user_id", wf.user_id},
      {"flow_interval", wf.process_mode.interval},
      {"creator", wf.creator},
      {"file_types", python_dumps(json(wf.file_types))},
      {"target_volume_id", wf.target_volume_id},
      {"files", python_dumps(wf.files)},
      {"updated_at", iso_no_zone(wf.updated_at)},
      {"version", wf.version},
      {"priority", wf.priority},
      {"name", wf.name},
      {"group_id", wf.group_id},
      {"flow_offset", wf.process_mode.offset},
      {"modifier", wf.modifier},
      {"source_volume_ids", python_dumps(strings(wf.source_volume_ids))},
      {"source_volume_names", python_dumps(strings(wf.source_volume_names))},
      {"target_volume_name", wf.target_volume_name},
  };
}

// The branches of a workflow, main first, then by creation.
std::vector<const Branch*> branches_of(const State& state, const std::string& workflow_id) {
  std::vector<const Branch*> out;
  for (const auto& [id, br] : state.branches) {
    if (br.workflow_id == workflow_id) out.push_back(&br);
  }
  sort_total(
      out,
      [](const Branch& a, const Branch& b) {
        if (a.main != b.main) return a.main ? -1 : 1;
        return compare3(a.created_at, b.created_at);
      },
      [](const Branch& a, const Branch& b) { return compare3(a.id, b.id); }, false);
  return out;
}

const Branch* main_branch(const State& state, const Workflow& wf) {
  auto it = state.branches.find(wf.main_branch_id);
  return it == state.branches.end() ? nullptr : &it->second;
}

// WorkflowListItem (W2, B2): the workflow's fields plus one branch's.
json list_item(const Workflow& wf, const Branch* br, int status, std::int64_t branch_total) {
  json j{
      {"id", wf.id},
      {"name", wf.name},
      {"created_at", wf.created_at},
      {"creator", wf.creator},
      {"updated_at", wf.updated_at},
      {"modifier", wf.modifier},
      {"source_volume_ids", strings(wf.source_volume_ids)},
      {"source_volume_names", strings(wf.source_volume_names)},
      {"file_types", wf.file_types},
      {"target_volume_id", wf.target_volume_id},
      {"target_volume_name", wf.target_volume_name},
      {"process_mode",
       {{"interval", wf.process_mode.interval}, {"offset", wf.process_mode.offset}}},
      {"priority", wf.priority},
      {"status", status},
      {"version", wf.version},
      {"branch_total", branch_total},
      {"branch_id", br ? json(br->id) : json(nullptr)},
      {"branch_name", br ? json(br->name) : json(nullptr)},
      {"branch_status", br ? json(br->branch_status) : json(nullptr)},
      {"branch_volume_id", br ? json(br->volume_id) : json(nullptr)},
  };
  return j;
}

// WorkflowDetailResponse (W3, B3): list item fields, the branch's pipeline, and `branches`.
json detail_record(const Workflow& wf, const Branch* br, int status, json branches) {
  json j = list_item(wf, br, status, 0);
  j.erase("branch_total");
  j["workflow"] = br ? br->workflow : json(nullptr);
  j["branches"] = std::move(branches);
  return j;
}

// WorkflowBranchItem (inside W3's `branches`).
json branch_item(const Branch& br, int status) {
  return json{{"branch_id", br.id},
              {"created_at", br.created_at},
              {"creator", br.creator},
              {"updated_at", br.updated_at},
              {"modifier", br.modifier},
              {"status", status},
              {"workflow", br.workflow},
              {"branch_name", br.name},
              {"branch_status", br.branch_status},
              {"branch_volume_id", br.volume_id}};
}

// Removes jobs (with their files) matching `pred`.
template <typename Pred>
void erase_jobs(State& state, Pred pred) {
  for (auto it = state.jobs.begin(); it != state.jobs.end();) {
    if (pred(it->second)) {
      it = state.jobs.erase(it);
    } else {
      ++it;
    }
  }
}

Reply null_or_204(const Ctx& ctx) {
  return ctx.settings.delete_returns_204 ? no_content() : ok_null();
}

}  // namespace

Reply create_workflow(Ctx& ctx) {
  Errors errors;
  auto in = parse_workflow_input(ctx.body, false, errors);
  if (!in) return validation_failed(errors.to_json());
  Workflow wf;
  wf.id = ctx.new_id();
  apply_input(wf, *in);
  wf.user_id = ctx.settings.user_id;
  wf.creator = wf.modifier = ctx.settings.user_name;
  wf.created_at = wf.updated_at = ctx.new_created_at();
  Branch br;
  br.id = ctx.new_id();
  br.workflow_id = wf.id;
  br.name = in->branch_name && !in->branch_name->empty() ? *in->branch_name : "main";
  br.creator = br.modifier = wf.creator;
  br.created_at = br.updated_at = wf.created_at;
  br.workflow = in->workflow.value_or(json::object());
  br.volume_id = wf.target_volume_id;
  br.main = true;
  wf.main_branch_id = br.id;
  ctx.state.branches[br.id] = br;
  Workflow& stored = ctx.state.workflows[wf.id] = wf;
  start_job(ctx, stored, ctx.state.branches[br.id]);
  return ok(created_record(stored));
}

Reply list_workflows(Ctx& ctx) {
  Errors e;
  const auto& q = ctx.query;
  auto name_search = query_string(q, "name_search");
  auto start_time = query_int(q, "start_time", e);
  auto end_time = query_int(q, "end_time", e);
  auto modes = query_int_list(q, "process_modes", e);
  auto statuses = query_int_list(q, "status", e);
  auto types = query_int_list(q, "file_types", e);
  auto priorities = query_int_list(q, "priority", e);
  auto creator = query_string(q, "creator");
  auto offset = query_int(q, "offset", e).value_or(0);
  auto limit = query_int(q, "limit", e).value_or(20);
  check_min(offset, 0, Loc{"query", "offset"}, e);
  check_min(limit, 1, Loc{"query", "limit"}, e);
  if (!e.empty()) return validation_failed(e.to_json());
  const std::string field = query_string(q, "sort_field").value_or("created_at");
  const bool asc = is_ascending(query_string(q, "sort_order").value_or("descend"));

  std::map<std::string, int> status_of;
  std::vector<const Workflow*> items;
  const auto running = workflows_with_running_jobs(ctx.state, ctx.now);
  for (const auto& [id, wf] : ctx.state.workflows) {
    int status = workflow_status(wf, running);
    status_of[id] = status;
    if (name_search && !contains_ci(wf.name, *name_search)) continue;
    if (start_time && wf.created_at < *start_time) continue;
    if (end_time && wf.created_at > *end_time) continue;
    if (!one_of(wf.process_mode.interval, modes)) continue;
    if (!one_of(status, statuses)) continue;
    if (!any_in(wf.file_types, types)) continue;
    if (!one_of(wf.priority, priorities)) continue;
    if (creator && wf.creator != *creator) continue;
    items.push_back(&wf);
  }
  sort_total(
      items,
      [&](const Workflow& a, const Workflow& b) {
        if (field == "name") return compare3(a.name, b.name);
        if (field == "updated_at") return compare3(a.updated_at, b.updated_at);
        if (field == "priority") return compare3(a.priority, b.priority);
        if (field == "status") return compare3(status_of[a.id], status_of[b.id]);
        return compare3(a.created_at, b.created_at);
      },
      [](const Workflow& a, const Workflow& b) { return compare3(a.id, b.id); }, !asc);
  json list = json::array();
  for (const Workflow* wf : slice(items, offset, limit)) {
    list.push_back(list_item(*wf, main_branch(ctx.state, *wf), status_of[wf->id],
                             static_cast<std::int64_t>(branches_of(ctx.state, wf->id).size())));
  }
  return ok(json{{"total", items.size()}, {"workflows", std::move(list)}});
}

Reply get_workflow(Ctx& ctx) {
  auto it = ctx.state.workflows.find(ctx.args[0]);
  if (it == ctx.state.workflows.end()) return not_found("workflow");
  const Workflow& wf = it->second;
  int status = workflow_status(wf, ctx.state, ctx.now);
  json branches = json::array();
  for (const Branch* br : branches_of(ctx.state, wf.id))
    branches.push_back(branch_item(*br, status));
  return ok(detail_record(wf, main_branch(ctx.state, wf), status, std::move(branches)));
}

Reply update_workflow(Ctx& ctx) {
  Errors errors;
  auto in = parse_workflow_input(ctx.body, true, errors);
  if (!in) return validation_failed(errors.to_json());
  auto it = ctx.state.workflows.find(ctx.args[0]);
  if (it == ctx.state.workflows.end()) return not_found("workflow");
  Workflow& wf = it->second;
  apply_input(wf, *in);
  wf.modifier = ctx.settings.user_name;
  wf.updated_at = ctx.now;
  // The base info belongs to the main branch: its volume, and its pipeline/name if sent.
  auto br = ctx.state.branches.find(wf.main_branch_id);
  if (br != ctx.state.branches.end()) {
    br->second.volume_id = wf.target_volume_id;
    if (in->workflow) br->second.workflow = *in->workflow;
    if (in->branch_name && !in->branch_name->empty()) br->second.name = *in->branch_name;
    br->second.modifier = wf.modifier;
    br->second.updated_at = ctx.now;
  }
  ctx.changed = true;
  return ok_null();
}

Reply delete_workflow(Ctx& ctx) {
  Errors e;
  bool delete_data = query_bool(ctx.query, "delete_data", e).value_or(false);
  if (!e.empty()) return validation_failed(e.to_json());
  auto it = ctx.state.workflows.find(ctx.args[0]);
  if (it == ctx.state.workflows.end()) return not_found("workflow");
  const std::string id = it->first;
  ctx.state.workflows.erase(it);
  for (auto b = ctx.state.branches.begin(); b != ctx.state.branches.end();) {
    b = b->second.workflow_id == id ? ctx.state.branches.erase(b) : std::next(b);
  }
  if (delete_data) erase_jobs(ctx.state, [&](const Job& j) { return j.workflow_id == id; });
  ctx.changed = true;
  return null_or_204(ctx);
}

Reply stop_workflow(Ctx& ctx) {
  auto it = ctx.state.workflows.find(ctx.args[0]);
  if (it == ctx.state.workflows.end()) return not_found("workflow");
  Workflow& wf = it->second;
  for (auto& [id, job] : ctx.state.jobs) {
    if (job.workflow_id != wf.id) continue;
    std::vector<Attempt*> attempts;
    for (auto& f : job.files) attempts.push_back(&f.attempt);
    if (stop_attempts(attempts, ctx.now) > 0) job.updated_at = std::max(job.updated_at, ctx.now);
  }
  wf.stopped = true;
  wf.modifier = ctx.settings.user_name;
  wf.updated_at = ctx.now;
  ctx.changed = true;
  return ok_null();
}

Reply rerun_workflow(Ctx& ctx) {
  auto it = ctx.state.workflows.find(ctx.args[0]);
  if (it == ctx.state.workflows.end()) return not_found("workflow");
  Workflow& wf = it->second;
  wf.stopped = false;
  wf.modifier = ctx.settings.user_name;
  wf.updated_at = ctx.now;
  // One new job per enabled branch, main first.
  for (const Branch* br : branches_of(ctx.state, wf.id)) {
    if (br->branch_status == 0) start_job(ctx, wf, *br);
  }
  ctx.changed = true;
  return ok_null();
}

Reply create_branch(Ctx& ctx) {
  Errors errors;
  auto in = parse_branch_input(ctx.body, errors);
  if (!in) return validation_failed(errors.to_json());
  auto it = ctx.state.workflows.find(ctx.args[0]);
  if (it == ctx.state.workflows.end()) return not_found("workflow");
  Branch br;
  br.id = ctx.new_id();
  br.workflow_id = it->first;
  br.name = in->name && !in->name->empty() ? *in->name : "branch-" + br.id.substr(0, 8);
  br.creator = br.modifier = ctx.settings.user_name;
  br.created_at = br.updated_at = ctx.new_created_at();
  br.workflow = in->workflow;
  br.volume_id = ctx.new_id();  // each branch writes to a target volume of its own
  ctx.state.branches[br.id] = std::move(br);
  return ok_null();
}

Reply list_branches(Ctx& ctx) {
  Errors e;
  auto status_in = query_int_list(ctx.query, "status_in", e);
  auto branch_status = query_int_list(ctx.query, "branch_status", e);
  if (!e.empty()) return validation_failed(e.to_json());
  auto it = ctx.state.workflows.find(ctx.args[0]);
  if (it == ctx.state.workflows.end()) return not_found("workflow");
  const Workflow& wf = it->second;
  int status = workflow_status(wf, ctx.state, ctx.now);
  auto branches = branches_of(ctx.state, wf.id);
  json list = json::array();
  if (one_of(status, status_in)) {
    for (const Branch* br : branches) {
      if (!one_of(br->branch_status, branch_status)) continue;
      list.push_back(list_item(wf, br, status, static_cast<std::int64_t>(branches.size())));
    }
  }
  std::size_t total = list.size();
  return ok(json{{"total", total}, {"workflows", std::move(list)}});
}

Reply get_branch(Ctx& ctx) {
  auto it = ctx.state.branches.find(ctx.args[0]);
  if (it == ctx.state.branches.end()) return not_found("branch");
  const Branch& br = it->second;
  auto wf = ctx.state.workflows.find(br.workflow_id);
  if (wf == ctx.state.workflows.end()) return not_found("branch");
  int status = workflow_status(wf->second, ctx.state, ctx.now);
  return ok(detail_record(wf->second, &br, status, nullptr));
}

Reply update_branch(Ctx& ctx) {
  Errors errors;
  auto in = parse_branch_input(ctx.body, errors);
  if (!in) return validation_failed(errors.to_json());
  auto it = ctx.state.branches.find(ctx.args[0]);
  if (it == ctx.state.branches.end()) return not_found("branch");
  Branch& br = it->second;
  if (in->name && !in->name->empty()) br.name = *in->name;
  br.workflow = in->workflow;
  br.modifier = ctx.settings.user_name;
  br.updated_at = ctx.now;
  ctx.changed = true;
  return ok_null();
}

Reply delete_branch(Ctx& ctx) {
  Errors e;
  bool delete_data = query_bool(ctx.query, "delete_data", e).value_or(false);
  if (!e.empty()) return validation_failed(e.to_json());
  auto it = ctx.state.branches.find(ctx.args[0]);
  if (it == ctx.state.branches.end()) return not_found("branch");
  if (it->second.main) return error_detail(400, "the main branch cannot be deleted");
  const std::string id = it->first;
  ctx.state.branches.erase(it);
  if (delete_data) erase_jobs(ctx.state, [&](const Job& j) { return j.branch_id == id; });
  ctx.changed = true;
  return null_or_204(ctx);
}

}  // namespace moi::emulator::detail
