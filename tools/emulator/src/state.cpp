// SPDX-License-Identifier: Apache-2.0
// JSON form of the state file. Readers use defaults for absent keys, so a state file written
// by an older emulator still loads.
#include "state.hpp"

#include <stdexcept>

namespace moi::emulator::detail {

// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT, for our `json` (ordered_json): the 3.11.2
// macro is tied to nlohmann::json.
#define MOI_EMULATOR_JSON_TYPE(Type, ...)                                                   \
  inline void to_json(json& nlohmann_json_j, const Type& nlohmann_json_t) {                 \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))                \
  }                                                                                         \
  inline void from_json(const json& nlohmann_json_j, Type& nlohmann_json_t) {               \
    const Type nlohmann_json_default_obj{};                                                 \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM_WITH_DEFAULT, __VA_ARGS__)) \
  }

MOI_EMULATOR_JSON_TYPE(Attempt, attempts, queued_at, start_at, duration, fails, error, stopped,
                       stopped_at)
MOI_EMULATOR_JSON_TYPE(ProcessMode, interval, offset)
MOI_EMULATOR_JSON_TYPE(Workflow, id, name, user_id, creator, modifier, version, group_id,
                       created_at, updated_at, source_volume_ids, source_volume_names, file_types,
                       target_volume_id, target_volume_name, create_target_volume_name,
                       process_mode, priority, files, content, stopped, main_branch_id,
                       processed_file_ids, next_tick)
MOI_EMULATOR_JSON_TYPE(Branch, id, workflow_id, name, creator, modifier, created_at, updated_at,
                       workflow, branch_status, volume_id, main)
MOI_EMULATOR_JSON_TYPE(JobFile, id, file_name, file_type, source_id, ref_file_id, target_volume_id,
                       ordinal, attempt)
MOI_EMULATOR_JSON_TYPE(Job, id, name, workflow_id, branch_id, user_id, creator, modifier, version,
                       created_at, updated_at, started_at, file_types, priority, source_volume_ids,
                       source_volume_names, target_volume_id, target_volume_name, process_mode,
                       files_input, files)
MOI_EMULATOR_JSON_TYPE(ExportFile, id, file_id, full_path, is_raw, file_name, file_type, ordinal,
                       created_at, attempt)
MOI_EMULATOR_JSON_TYPE(ExportTask, id, name, creator, connector_id, connector_name, type, config,
                       created_at, updated_at, files)
MOI_EMULATOR_JSON_TYPE(GenaiFile, id, name, file_type, url, blob, size, ordinal, stall, attempt)
MOI_EMULATOR_JSON_TYPE(GenaiJob, id, created_at, steps, meta, files)

MOI_EMULATOR_JSON_TYPE(Catalog, id, name, description, creator, created_at, updated_at)
MOI_EMULATOR_JSON_TYPE(Database, id, catalog_id, name, description, creator, created_at, updated_at)
MOI_EMULATOR_JSON_TYPE(Volume, id, database_id, name, description, creator, created_at, updated_at,
                       workflow_refs)
MOI_EMULATOR_JSON_TYPE(Folder, id, name, volume_id, parent_id, creator, created_at, updated_at)
MOI_EMULATOR_JSON_TYPE(StoredFile, id, name, volume_id, task_id, mime_type, creator, size,
                       file_type, created_at, load_start, load_end, load_fails, reason, deleted,
                       blob, parent_id, record_only, ref_file_id, md5)
MOI_EMULATOR_JSON_TYPE(LoadTask, id, volume_id, volume_name, creator, created_at, file_ids, name,
                       source_connector_id, source_connector_type, source_config, paused_at,
                       updated_at, table_id, lines, source_files)
MOI_EMULATOR_JSON_TYPE(StagedFile, id, name, blob, size, created_at)
MOI_EMULATOR_JSON_TYPE(Connector, id, name, source_type, config, usage_type, creator, created_at,
                       updated_at)
MOI_EMULATOR_JSON_TYPE(KnowledgeEntry, id, type, key, value, embedding, associate_tables,
                       explanation_type, created_at, updated_at)

namespace {

// Maps keyed by integers are stored as arrays of records (JSON object keys are strings).
template <typename T>
json records(const std::map<std::int64_t, T>& m) {
  json out = json::array();
  for (const auto& [id, v] : m) out.push_back(v);
  return out;
}

template <typename T>
void read_records(const json& j, const char* key, std::map<std::int64_t, T>& m) {
  if (!j.contains(key)) return;
  for (const auto& item : j.at(key)) {
    T v = item.get<T>();
    m[v.id] = std::move(v);
  }
}

}  // namespace

json state_to_json(const State& v) {
  return json{{"format", "moi-emulator-state"},
              {"version", 1},
              {"id_counter", v.id_counter},
              {"last_created_ms", v.last_created_ms},
              {"workflows", v.workflows},
              {"branches", v.branches},
              {"jobs", v.jobs},
              {"tasks", v.tasks},
              {"small_id_counter", v.small_id_counter},
              {"numeric_id_counter", v.numeric_id_counter},
              {"connector_id_counter", v.connector_id_counter},
              {"catalogs", records(v.catalogs)},
              {"databases", records(v.databases)},
              {"volumes", v.volumes},
              {"files", v.files},
              {"folders", v.folders},
              {"load_tasks", v.load_tasks},
              {"connectors", records(v.connectors)},
              {"staged_files", v.staged_files},
              {"genai_jobs", v.genai_jobs},
              {"link_secret", v.link_secret},
              {"llm", v.llm},
              {"knowledge_id_counter", v.knowledge_id_counter},
              {"knowledge", records(v.knowledge)},
              {"access", v.access}};
}

State state_from_json(const json& j) {
  if (!j.is_object() || j.value("format", std::string()) != "moi-emulator-state") {
    throw std::runtime_error("not a moi-emulator state file");
  }
  State v;
  v.id_counter = j.value("id_counter", std::uint64_t{0});
  v.last_created_ms = j.value("last_created_ms", std::int64_t{0});
  if (j.contains("workflows")) j.at("workflows").get_to(v.workflows);
  if (j.contains("branches")) j.at("branches").get_to(v.branches);
  if (j.contains("jobs")) j.at("jobs").get_to(v.jobs);
  if (j.contains("tasks")) j.at("tasks").get_to(v.tasks);
  v.small_id_counter = j.value("small_id_counter", std::int64_t{0});
  v.numeric_id_counter = j.value("numeric_id_counter", std::uint64_t{0});
  v.connector_id_counter = j.value("connector_id_counter", std::int64_t{0});
  read_records(j, "catalogs", v.catalogs);
  read_records(j, "databases", v.databases);
  if (j.contains("volumes")) j.at("volumes").get_to(v.volumes);
  if (j.contains("files")) j.at("files").get_to(v.files);
  if (j.contains("folders")) j.at("folders").get_to(v.folders);
  if (j.contains("load_tasks")) j.at("load_tasks").get_to(v.load_tasks);
  read_records(j, "connectors", v.connectors);
  if (j.contains("staged_files")) j.at("staged_files").get_to(v.staged_files);
  if (j.contains("genai_jobs")) j.at("genai_jobs").get_to(v.genai_jobs);
  v.link_secret = j.value("link_secret", std::string());
  if (const auto llm = j.find("llm"); llm != j.end()) {
    if (!llm->is_object()) throw std::runtime_error("state file: \"llm\" is not an object");
    v.llm = *llm;
  }
  v.knowledge_id_counter = j.value("knowledge_id_counter", std::int64_t{0});
  read_records(j, "knowledge", v.knowledge);
  if (const auto access = j.find("access"); access != j.end()) {
    if (!access->is_object()) throw std::runtime_error("state file: \"access\" is not an object");
    v.access = *access;
  }
  return v;
}

}  // namespace moi::emulator::detail
