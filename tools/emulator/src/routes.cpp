// SPDX-License-Identifier: Apache-2.0
#include "routes.hpp"

#include <cctype>
#include <limits>

#include "access.hpp"
#include "ids.hpp"

namespace moi::emulator::detail {

std::string Ctx::new_id() {
  changed = true;
  return nth_id(settings.seed, ++state.id_counter);
}

std::int64_t Ctx::new_created_at() { return new_created_at(now); }

std::int64_t Ctx::new_created_at(std::int64_t at) {
  changed = true;
  state.last_created_ms = std::max(at, state.last_created_ms + 1);
  return state.last_created_ms;
}

std::string Ctx::new_numeric_id() {
  changed = true;
  // Snowflake-looking: 19 digits from 1.8e18, one block of 4096 per id so they increase.
  constexpr std::uint64_t kBase = 1800000000000000000ULL;
  const std::uint64_t n = ++state.numeric_id_counter;
  const std::uint64_t start = kBase + mix64(settings.seed ^ 0x6e756d6964ULL) % 50000000000000000ULL;
  return std::to_string(start + n * 4096 + mix64(settings.seed + n) % 4096);
}

std::int64_t Ctx::new_small_id() {
  changed = true;
  return ++state.small_id_counter;
}

std::int64_t Ctx::new_connector_id() {
  changed = true;
  return 100000 + ++state.connector_id_counter;
}

Reply dispatch(Endpoint endpoint, Ctx& ctx) {
  switch (endpoint) {
    case Endpoint::kW1CreateWorkflow:
      return create_workflow(ctx);
    case Endpoint::kW2ListWorkflows:
      return list_workflows(ctx);
    case Endpoint::kW3GetWorkflow:
      return get_workflow(ctx);
    case Endpoint::kW4UpdateWorkflow:
      return update_workflow(ctx);
    case Endpoint::kW5DeleteWorkflow:
      return delete_workflow(ctx);
    case Endpoint::kW6StopWorkflow:
      return stop_workflow(ctx);
    case Endpoint::kW7RerunWorkflow:
      return rerun_workflow(ctx);
    case Endpoint::kB1CreateBranch:
      return create_branch(ctx);
    case Endpoint::kB2ListBranches:
      return list_branches(ctx);
    case Endpoint::kB3GetBranch:
      return get_branch(ctx);
    case Endpoint::kB4UpdateBranch:
      return update_branch(ctx);
    case Endpoint::kB5DeleteBranch:
      return delete_branch(ctx);
    case Endpoint::kJ1ListJobs:
      return list_jobs(ctx);
    case Endpoint::kJ2GetJob:
      return get_job(ctx);
    case Endpoint::kJ3ListJobFiles:
      return list_job_files(ctx);
    case Endpoint::kJ4RetryJobFiles:
      return retry_job_files(ctx);
    case Endpoint::kJ5GetJobStatus:
      return get_job_status(ctx);
    case Endpoint::kE1CreateExportTask:
      return create_export_task(ctx);
    case Endpoint::kE2ListExportTasks:
      return list_export_tasks(ctx);
    case Endpoint::kE3GetExportTask:
      return get_export_task(ctx);
    case Endpoint::kE4ListExportFiles:
      return list_export_files(ctx);
    case Endpoint::kE5RerunExportTask:
      return rerun_export_task(ctx);
    case Endpoint::kE6DeleteExportTask:
      return delete_export_task(ctx);
    case Endpoint::kC1ListCatalogs:
      return list_catalogs(ctx);
    case Endpoint::kC2CatalogTree:
      return catalog_tree(ctx);
    case Endpoint::kC3CreateCatalog:
      return create_catalog(ctx);
    case Endpoint::kC4CreateDatabase:
      return create_database(ctx);
    case Endpoint::kC5DatabaseChildren:
      return database_children(ctx);
    case Endpoint::kC6CreateVolume:
      return create_volume(ctx);
    case Endpoint::kC7GetVolume:
      return get_volume(ctx);
    case Endpoint::kC8DeleteVolume:
      return delete_volume(ctx);
    case Endpoint::kC9VolumeFullPath:
      return volume_full_path(ctx);
    case Endpoint::kF1ListFiles:
      return list_files(ctx);
    case Endpoint::kF2GetFile:
      return get_file(ctx);
    case Endpoint::kF3DeleteFile:
      return delete_file(ctx);
    case Endpoint::kF4FileDownloadLink:
      return file_download_link(ctx);
    case Endpoint::kF5FetchFile:
      return fetch_file(ctx);
    case Endpoint::kU1Upload:
      return upload_files(ctx);
    case Endpoint::kU2StageFiles:
    case Endpoint::kU3PreviewStaged:
    case Endpoint::kU4StagedLink:
    case Endpoint::kU5DeleteStaged:
    case Endpoint::kU6FetchStaged:
      return table_dispatch(endpoint, ctx);
    case Endpoint::kT1GetLoadTask:
      return get_load_task(ctx);
    case Endpoint::kT2ListLoadTaskFiles:
      return list_load_task_files(ctx);
    case Endpoint::kK1CreateConnector:
      return create_connector(ctx);
    case Endpoint::kK2ValidateConnector:
      return validate_connector(ctx);
    case Endpoint::kK3ListConnectors:
      return list_connectors(ctx);
    case Endpoint::kK4UpdateConnector:
      return update_connector(ctx);
    case Endpoint::kK5DeleteConnector:
      return delete_connector(ctx);
    case Endpoint::kL1CreateSession:
    case Endpoint::kL2ListSessions:
    case Endpoint::kL3GetSession:
    case Endpoint::kL4UpdateSession:
    case Endpoint::kL5DeleteSession:
    case Endpoint::kL6ListSessionMessages:
    case Endpoint::kL7LatestCompletedMessage:
    case Endpoint::kL8LatestMessage:
    case Endpoint::kL9ModifyResponse:
    case Endpoint::kL10AppendResponse:
    case Endpoint::kL11CreateMessage:
    case Endpoint::kL12GetMessage:
    case Endpoint::kL13UpdateMessage:
    case Endpoint::kL14DeleteMessage:
    case Endpoint::kL15SetMessageTags:
    case Endpoint::kL16DeleteMessageTag:
    case Endpoint::kL17ChatCompletions:
      return llm_dispatch(endpoint, ctx);
    case Endpoint::kK6ListConnectorFiles:
      return list_connector_files(ctx);
    case Endpoint::kC10GetCatalog:
      return get_catalog(ctx);
    case Endpoint::kC11UpdateCatalog:
      return update_catalog(ctx);
    case Endpoint::kC12DeleteCatalog:
      return delete_catalog(ctx);
    case Endpoint::kC13CatalogRefs:
      return catalog_refs(ctx);
    case Endpoint::kC14ListDatabases:
      return list_databases(ctx);
    case Endpoint::kC15GetDatabase:
      return get_database(ctx);
    case Endpoint::kC16UpdateDatabase:
      return update_database(ctx);
    case Endpoint::kC17DeleteDatabase:
      return delete_database(ctx);
    case Endpoint::kC18DatabaseRefs:
      return database_refs(ctx);
    case Endpoint::kC19UpdateVolume:
      return update_volume(ctx);
    case Endpoint::kC20VolumeRefs:
      return volume_refs(ctx);
    case Endpoint::kC21AddVolumeWorkflowRef:
      return mark_volume_workflow_ref(ctx, 1);
    case Endpoint::kC22RemoveVolumeWorkflowRef:
      return mark_volume_workflow_ref(ctx, -1);
    case Endpoint::kF6CreateFile:
      return create_file_record(ctx);
    case Endpoint::kF7UpdateFile:
      return rename_file(ctx);
    case Endpoint::kF8DeleteFileRef:
      return delete_file_ref(ctx);
    case Endpoint::kF9CreateFileRecord:
      return create_upload_record(ctx);
    case Endpoint::kF10PreviewLink:
      return file_download_link(ctx);
    case Endpoint::kF11PreviewStream:
      return file_download_link(ctx);
    case Endpoint::kFO1CreateFolder:
      return create_folder(ctx);
    case Endpoint::kFO2UpdateFolder:
      return rename_folder(ctx);
    case Endpoint::kFO3DeleteFolder:
      return delete_folder(ctx);
    case Endpoint::kFO4CleanFolder:
      return clean_folder(ctx);
    case Endpoint::kFO5FolderRefs:
      return folder_refs(ctx);
    case Endpoint::kH1Health:
      return health(ctx);
    case Endpoint::kT3CreateLoadTask:
      return create_load_task(ctx);
    case Endpoint::kT4ListLoadTasks:
      return list_load_tasks(ctx);
    case Endpoint::kT5UpdateLoadTask:
      return update_load_task(ctx);
    case Endpoint::kT6DeleteLoadTask:
      return delete_load_task(ctx);
    case Endpoint::kT7PauseLoadTask:
      return pause_load_task(ctx);
    case Endpoint::kT8ResumeLoadTask:
      return resume_load_task(ctx);
    case Endpoint::kT9RetryLoadTask:
      return retry_load_task(ctx);
    case Endpoint::kK7ConnectorSummary:
      return connectors_summary(ctx);
    case Endpoint::kTB1CreateTable:
    case Endpoint::kTB2GetTable:
    case Endpoint::kTB3GetTables:
    case Endpoint::kTB4TableOverview:
    case Endpoint::kTB5TableExists:
    case Endpoint::kTB6TableRows:
    case Endpoint::kTB7LoadTable:
    case Endpoint::kTB8TableLink:
    case Endpoint::kTB9TableCsv:
    case Endpoint::kTB10TruncateTable:
    case Endpoint::kTB11DeleteTable:
    case Endpoint::kTB12TableFullPath:
    case Endpoint::kTB13TableRefList:
    case Endpoint::kTB14FetchTableCsv:
      return table_dispatch(endpoint, ctx);
    case Endpoint::kG1SubmitGenaiPipeline:
      return genai_submit(ctx);
    case Endpoint::kG2GetGenaiJob:
      return genai_get_job(ctx);
    case Endpoint::kG3GenaiResultRaws:
    case Endpoint::kG4GenaiResultFile:
      return genai_result(ctx);
    case Endpoint::kG5CreateGenaiWorkflow:
      return genai_workflow(ctx);
    case Endpoint::kN1RunSql:
    case Endpoint::kN2CreateKnowledge:
    case Endpoint::kN3UpdateKnowledge:
    case Endpoint::kN4DeleteKnowledge:
    case Endpoint::kN5GetKnowledge:
    case Endpoint::kN6ListKnowledge:
    case Endpoint::kN7SearchKnowledge:
    case Endpoint::kD1Analyze:
    case Endpoint::kD2CancelAnalyze:
      return ask_dispatch(endpoint, ctx);

      // Users, roles and logs (issue 26) here.
    case Endpoint::kUS1CreateUser:
    case Endpoint::kUS2DeleteUser:
    case Endpoint::kUS3GetUser:
    case Endpoint::kUS4ListUsers:
    case Endpoint::kUS5UpdateUserPassword:
    case Endpoint::kUS6UpdateUserInfo:
    case Endpoint::kUS7UpdateUserRoles:
    case Endpoint::kUS8UpdateUserStatus:
    case Endpoint::kUS9MyApiKey:
    case Endpoint::kUS10RefreshMyApiKey:
    case Endpoint::kUS11MyInfo:
    case Endpoint::kUS12UpdateMyInfo:
    case Endpoint::kUS13UpdateMyPassword:
    case Endpoint::kRO1CreateRole:
    case Endpoint::kRO2DeleteRole:
    case Endpoint::kRO3GetRole:
    case Endpoint::kRO4ListRoles:
    case Endpoint::kRO5RolesByObject:
    case Endpoint::kRO6UpdateRoleCodes:
    case Endpoint::kRO7UpdateRoleInfo:
    case Endpoint::kRO8UpdateRolesByObject:
    case Endpoint::kRO9UpdateRoleStatus:
    case Endpoint::kRO10ListPrivilegeObjects:
    case Endpoint::kLG1UserLogs:
    case Endpoint::kLG2RoleLogs:
      return access_dispatch(endpoint, ctx);
  }
  return error_detail(500, "unknown endpoint");
}

std::int64_t page_offset(std::int64_t page_num, std::int64_t page_size) {
  std::int64_t offset = 0;
  if (__builtin_mul_overflow(page_num - 1, page_size, &offset)) {
    return std::numeric_limits<std::int64_t>::max();
  }
  return offset;
}

bool is_ascending(const std::string& order) {
  std::string prefix = order.substr(0, 3);
  for (auto& c : prefix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return prefix == "asc";
}

bool contains_ci(const std::string& haystack, const std::string& needle) {
  if (needle.empty()) return true;
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

bool one_of(std::int64_t value, const std::vector<std::int64_t>& wanted) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

bool any_in(const std::vector<std::int64_t>& values, const std::vector<std::int64_t>& wanted) {
  if (wanted.empty()) return true;
  return std::any_of(values.begin(), values.end(), [&](std::int64_t v) {
    return std::find(wanted.begin(), wanted.end(), v) != wanted.end();
  });
}

namespace {

// FileType values of API-NOTES.md with the extension a simulated file of that type gets.
struct TypeExt {
  std::int64_t type;
  const char* ext;
};
constexpr TypeExt kTypes[] = {
    {1, "txt"},   {2, "pdf"},     {3, "jpg"},   {4, "ppt"},   {5, "doc"},      {6, "md"},
    {7, "csv"},   {8, "parquet"}, {9, "sql"},   {11, "docx"}, {12, "pptx"},    {13, "wav"},
    {14, "mp3"},  {15, "aac"},    {16, "flac"}, {17, "mp4"},  {18, "mov"},     {19, "mkv"},
    {20, "png"},  {21, "jpg"},    {22, "jpeg"}, {23, "bmp"},  {6, "markdown"}, {24, "xls"},
    {25, "xlsx"}, {27, "htm"},    {28, "html"}, {29, "eml"},  {30, "msg"},     {31, "p7s"},
    {32, "dwg"},  {33, "dxf"},    {34, "fas"},
};

}  // namespace

std::int64_t file_type_for_name(const std::string& name) {
  auto dot = name.find_last_of('.');
  if (dot == std::string::npos) return 0;
  std::string ext = name.substr(dot + 1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Prefer the specific image types (20-22) over the generic IMAGE (3) for png/jpg/jpeg.
  if (ext == "png") return 20;
  if (ext == "jpg") return 21;
  for (const auto& t : kTypes) {
    if (ext == t.ext) return t.type;
  }
  return 0;
}

std::string extension_for_type(std::int64_t file_type) {
  for (const auto& t : kTypes) {
    if (t.type == file_type) return t.ext;
  }
  return "bin";
}

Reply not_found(const std::string& what) { return error_detail(404, what + " not found"); }

Reply root_ok(const Ctx& ctx, json data) { return ok_root(std::move(data), ctx.request_id); }

Reply bad_argument(const Ctx& ctx, const std::string& msg) {
  return error_root(400, "INVALID_ARGUMENT", msg, ctx.request_id);
}

Reply root_not_found(const Ctx& ctx, const std::string& msg) {
  return error_root(404, "NOT_FOUND", msg, ctx.request_id);
}

std::string errors_line(const Errors& errors) {
  std::string out;
  for (const auto& item : errors.to_json()) {
    std::string where;
    for (const auto& step : item["loc"]) {
      if (step.is_string() && (step == "body" || step == "query")) continue;
      if (!where.empty()) where += step.is_string() ? "." : "";
      where += step.is_string() ? step.get<std::string>() : "[" + step.dump() + "]";
    }
    if (!out.empty()) out += "; ";
    out += (where.empty() ? std::string("body") : where) + ": " + item["msg"].get<std::string>();
    if (item.contains("ctx") && item["ctx"].contains("error")) {
      out += " (" + item["ctx"]["error"].get<std::string>() + ")";
    }
  }
  return out;
}

std::optional<json> root_body(const Ctx& ctx, Errors& errors) {
  return parse_body(ctx.body, false, errors);
}

std::optional<std::string> read_id_text(const json& obj, const Loc& loc, const char* key, Need need,
                                        Errors& errors) {
  note_read(loc, key);
  const auto it = obj.find(key);
  if (it == obj.end() || (it->is_null() && need == Need::kNullable)) {
    if (need == Need::kRequired) errors.missing(at(loc, key));
    return std::nullopt;
  }
  if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_string()) return it->get<std::string>();
  errors.add(at(loc, key), "Input should be a valid string or integer id", "string_type", &*it);
  return std::nullopt;
}

std::vector<std::string> read_list_of_ids(const json& obj, const char* key, Errors& errors,
                                          const Loc& loc) {
  note_read(loc, key);
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) {
    errors.add(at(loc, key), "Input should be a valid list", "list_type", &*it);
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (v.is_number_unsigned()) {
      out.push_back(std::to_string(v.get<std::uint64_t>()));
    } else if (v.is_number_integer()) {
      out.push_back(std::to_string(v.get<std::int64_t>()));
    } else if (v.is_string()) {
      out.push_back(v.get<std::string>());
    } else {
      errors.add(at(at(loc, key), static_cast<std::int64_t>(i)),
                 "Input should be a valid string or integer id", "string_type", &v);
    }
  }
  return out;
}

std::int64_t unix_seconds(std::int64_t epoch_ms) {
  return epoch_ms >= 0 ? epoch_ms / 1000 : -((-epoch_ms + 999) / 1000);
}

bool is_catalog_file(const StoredFile& file, std::int64_t now) {
  return !file.deleted && !file.load_fails && file.load_end <= now;
}

}  // namespace moi::emulator::detail
