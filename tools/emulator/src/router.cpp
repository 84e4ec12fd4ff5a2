// SPDX-License-Identifier: Apache-2.0
#include "router.hpp"

#include <array>
#include <cstring>

namespace moi::emulator::detail {

namespace {

struct RouteDef {
  const char* method;
  const char* pattern;  // "{name}" is one path parameter
  Endpoint endpoint;
};

// Literal segments win over parameters: "workflow_meta/branch/{branch_id}" is listed before
// "workflow_meta/{workflow_id}/..." patterns so a branch id is never taken for a workflow id.
constexpr RouteDef kRoutes[] = {
    {"GET", "workflow_meta/branch/{branch_id}", Endpoint::kB3GetBranch},
    {"PUT", "workflow_meta/branch/{branch_id}", Endpoint::kB4UpdateBranch},
    {"DELETE", "workflow_meta/branch/{branch_id}", Endpoint::kB5DeleteBranch},
    {"POST", "workflow_meta", Endpoint::kW1CreateWorkflow},
    {"GET", "workflow_meta", Endpoint::kW2ListWorkflows},
    {"GET", "workflow_meta/{workflow_id}", Endpoint::kW3GetWorkflow},
    {"PUT", "workflow_meta/{workflow_id}/base_info", Endpoint::kW4UpdateWorkflow},
    {"DELETE", "workflow_meta/{workflow_id}", Endpoint::kW5DeleteWorkflow},
    {"PUT", "workflow_meta/{workflow_id}/stop", Endpoint::kW6StopWorkflow},
    {"PUT", "workflow_meta/{workflow_id}/rerun", Endpoint::kW7RerunWorkflow},
    {"POST", "workflow_meta/{workflow_id}/branch", Endpoint::kB1CreateBranch},
    {"GET", "workflow_meta/{workflow_id}/branch", Endpoint::kB2ListBranches},
    {"GET", "workflow_job", Endpoint::kJ1ListJobs},
    {"GET", "workflow_job/{job_id}", Endpoint::kJ2GetJob},
    {"GET", "workflow_job/{job_id}/files", Endpoint::kJ3ListJobFiles},
    {"POST", "workflow_job/{job_id}/files", Endpoint::kJ4RetryJobFiles},
    {"GET", "workflow_job/{job_id}/status", Endpoint::kJ5GetJobStatus},
    {"POST", "export/task/create", Endpoint::kE1CreateExportTask},
    {"POST", "export/task/list", Endpoint::kE2ListExportTasks},
    {"POST", "export/task/info", Endpoint::kE3GetExportTask},
    {"POST", "export/task/files", Endpoint::kE4ListExportFiles},
    {"POST", "export/task/{task_id}/rerun", Endpoint::kE5RerunExportTask},
    {"POST", "export/task/delete", Endpoint::kE6DeleteExportTask},
    // The GenAI result (PLATFORM-NOTES 5.4): the literal volume id `any`.
    {"GET", "explore/volumes/any/files/{file_id}/raws", Endpoint::kG3GenaiResultRaws},
    {"POST", "data_asking/analyze", Endpoint::kD1Analyze},
    {"POST", "data_asking/cancel", Endpoint::kD2CancelAnalyze},

};

// The data-in/out endpoints, at the host root (DATA-IN-NOTES.md).
constexpr RouteDef kRootRoutes[] = {
    {"POST", "catalog/list", Endpoint::kC1ListCatalogs},
    {"POST", "catalog/tree", Endpoint::kC2CatalogTree},
    {"POST", "catalog/create", Endpoint::kC3CreateCatalog},
    {"POST", "catalog/database/create", Endpoint::kC4CreateDatabase},
    {"POST", "catalog/database/children", Endpoint::kC5DatabaseChildren},
    {"POST", "catalog/volume/create", Endpoint::kC6CreateVolume},
    {"POST", "catalog/volume/info", Endpoint::kC7GetVolume},
    {"POST", "catalog/volume/delete", Endpoint::kC8DeleteVolume},
    {"POST", "catalog/volume/full_path", Endpoint::kC9VolumeFullPath},
    {"POST", "catalog/file/list", Endpoint::kF1ListFiles},
    {"POST", "catalog/file/info", Endpoint::kF2GetFile},
    {"POST", "catalog/file/delete", Endpoint::kF3DeleteFile},
    {"POST", "catalog/file/download", Endpoint::kF4FileDownloadLink},
    {"GET", "emulator/files/{file_id}/{file_name}", Endpoint::kF5FetchFile},
    {"POST", "connectors/upload", Endpoint::kU1Upload},
    {"POST", "connectors/file/upload", Endpoint::kU2StageFiles},
    {"POST", "connectors/file/preview", Endpoint::kU3PreviewStaged},
    {"POST", "connectors/file/download", Endpoint::kU4StagedLink},
    {"POST", "connectors/file/delete", Endpoint::kU5DeleteStaged},
    {"GET", "emulator/staged/{conn_file_id}/{file_name}", Endpoint::kU6FetchStaged},
    {"GET", "task/get", Endpoint::kT1GetLoadTask},
    {"GET", "task/files", Endpoint::kT2ListLoadTaskFiles},
    {"POST", "connectors/validate", Endpoint::kK2ValidateConnector},
    {"GET", "connectors/list", Endpoint::kK3ListConnectors},
    {"GET", "connectors/files/list", Endpoint::kK6ListConnectorFiles},
    {"POST", "connectors", Endpoint::kK1CreateConnector},
    {"PUT", "connectors/{id}", Endpoint::kK4UpdateConnector},
    {"DELETE", "connectors/{id}", Endpoint::kK5DeleteConnector},
    {"POST", "catalog/info", Endpoint::kC10GetCatalog},
    {"POST", "catalog/update", Endpoint::kC11UpdateCatalog},
    {"POST", "catalog/delete", Endpoint::kC12DeleteCatalog},
    {"POST", "catalog/ref_list", Endpoint::kC13CatalogRefs},
    {"POST", "catalog/database/list", Endpoint::kC14ListDatabases},
    {"POST", "catalog/database/info", Endpoint::kC15GetDatabase},
    {"POST", "catalog/database/update", Endpoint::kC16UpdateDatabase},
    {"POST", "catalog/database/delete", Endpoint::kC17DeleteDatabase},
    {"POST", "catalog/database/ref_list", Endpoint::kC18DatabaseRefs},
    {"POST", "catalog/volume/update", Endpoint::kC19UpdateVolume},
    {"POST", "catalog/volume/ref_list", Endpoint::kC20VolumeRefs},
    {"POST", "catalog/volume/add_ref_workflow", Endpoint::kC21AddVolumeWorkflowRef},
    {"POST", "catalog/volume/remove_ref_workflow", Endpoint::kC22RemoveVolumeWorkflowRef},
    {"POST", "catalog/file/create", Endpoint::kF6CreateFile},
    {"POST", "catalog/file/update", Endpoint::kF7UpdateFile},
    {"POST", "catalog/file/delete_ref", Endpoint::kF8DeleteFileRef},
    {"POST", "catalog/file/upload", Endpoint::kF9CreateFileRecord},
    {"POST", "catalog/file/preview_link", Endpoint::kF10PreviewLink},
    {"POST", "catalog/file/preview_stream", Endpoint::kF11PreviewStream},
    {"POST", "catalog/folder/create", Endpoint::kFO1CreateFolder},
    {"POST", "catalog/folder/update", Endpoint::kFO2UpdateFolder},
    {"POST", "catalog/folder/delete", Endpoint::kFO3DeleteFolder},
    {"POST", "catalog/folder/clean", Endpoint::kFO4CleanFolder},
    {"POST", "catalog/folder/ref_list", Endpoint::kFO5FolderRefs},
    {"GET", "healthz", Endpoint::kH1Health},
    {"POST", "task", Endpoint::kT3CreateLoadTask},
    {"GET", "task/list", Endpoint::kT4ListLoadTasks},
    {"POST", "task/update", Endpoint::kT5UpdateLoadTask},
    {"POST", "task/delete", Endpoint::kT6DeleteLoadTask},
    {"POST", "task/pause", Endpoint::kT7PauseLoadTask},
    {"POST", "task/resume", Endpoint::kT8ResumeLoadTask},
    {"POST", "task/retry", Endpoint::kT9RetryLoadTask},
    {"GET", "connectors/summary", Endpoint::kK7ConnectorSummary},
    {"POST", "catalog/table/create", Endpoint::kTB1CreateTable},
    {"POST", "catalog/table/info", Endpoint::kTB2GetTable},
    {"POST", "catalog/table/multi_info", Endpoint::kTB3GetTables},
    {"POST", "catalog/table/overview", Endpoint::kTB4TableOverview},
    {"POST", "catalog/table/exist", Endpoint::kTB5TableExists},
    {"POST", "catalog/table/data", Endpoint::kTB6TableRows},
    {"POST", "catalog/table/load", Endpoint::kTB7LoadTable},
    {"POST", "catalog/table/download", Endpoint::kTB8TableLink},
    {"POST", "catalog/table/download_data", Endpoint::kTB9TableCsv},
    {"POST", "catalog/table/truncate", Endpoint::kTB10TruncateTable},
    {"POST", "catalog/table/delete", Endpoint::kTB11DeleteTable},
    {"POST", "catalog/table/full_path", Endpoint::kTB12TableFullPath},
    {"POST", "catalog/table/ref_list", Endpoint::kTB13TableRefList},
    {"GET", "emulator/tables/{table_id}/{file_name}", Endpoint::kTB14FetchTableCsv},
    {"POST", "v1/genai/pipeline", Endpoint::kG1SubmitGenaiPipeline},
    {"GET", "v1/genai/jobs/{job_id}", Endpoint::kG2GetGenaiJob},
    {"GET", "v1/genai/results/file/{file_id}", Endpoint::kG4GenaiResultFile},
    {"POST", "v1/genai/workflow", Endpoint::kG5CreateGenaiWorkflow},
    {"POST", "catalog/nl2sql/run_sql", Endpoint::kN1RunSql},
    {"POST", "catalog/nl2sql_knowledge/create", Endpoint::kN2CreateKnowledge},
    {"POST", "catalog/nl2sql_knowledge/update", Endpoint::kN3UpdateKnowledge},
    {"POST", "catalog/nl2sql_knowledge/delete", Endpoint::kN4DeleteKnowledge},
    {"POST", "catalog/nl2sql_knowledge/get", Endpoint::kN5GetKnowledge},
    {"POST", "catalog/nl2sql_knowledge/list", Endpoint::kN6ListKnowledge},
    {"POST", "catalog/nl2sql_knowledge/search", Endpoint::kN7SearchKnowledge},

    // Users, roles and logs (issue 26) here.
    {"POST", "user/create", Endpoint::kUS1CreateUser},
    {"POST", "user/delete", Endpoint::kUS2DeleteUser},
    {"POST", "user/detail_info", Endpoint::kUS3GetUser},
    {"POST", "user/list", Endpoint::kUS4ListUsers},
    {"POST", "user/update_password", Endpoint::kUS5UpdateUserPassword},
    {"POST", "user/update_info", Endpoint::kUS6UpdateUserInfo},
    {"POST", "user/update_role_list", Endpoint::kUS7UpdateUserRoles},
    {"POST", "user/update_status", Endpoint::kUS8UpdateUserStatus},
    {"POST", "user/me/api-key", Endpoint::kUS9MyApiKey},
    {"POST", "user/me/api-key/refresh", Endpoint::kUS10RefreshMyApiKey},
    {"POST", "user/me/info", Endpoint::kUS11MyInfo},
    {"POST", "user/me/update_info", Endpoint::kUS12UpdateMyInfo},
    {"POST", "user/me/update_password", Endpoint::kUS13UpdateMyPassword},
    {"POST", "role/create", Endpoint::kRO1CreateRole},
    {"POST", "role/delete", Endpoint::kRO2DeleteRole},
    {"POST", "role/info", Endpoint::kRO3GetRole},
    {"POST", "role/list", Endpoint::kRO4ListRoles},
    {"POST", "role/list_by_category_and_obj", Endpoint::kRO5RolesByObject},
    {"POST", "role/update_code_list", Endpoint::kRO6UpdateRoleCodes},
    {"POST", "role/update_info", Endpoint::kRO7UpdateRoleInfo},
    {"POST", "role/update_roles_by_obj", Endpoint::kRO8UpdateRolesByObject},
    {"POST", "role/update_status", Endpoint::kRO9UpdateRoleStatus},
    {"POST", "rbac/priv/list_obj_by_category", Endpoint::kRO10ListPrivilegeObjects},
    {"POST", "log/user", Endpoint::kLG1UserLogs},
    {"POST", "log/role", Endpoint::kLG2RoleLogs},

};

// The LLM proxy (PLATFORM-NOTES §6), below "/llm-proxy". Literal segments first.
constexpr RouteDef kLlmRoutes[] = {
    {"GET", "api/sessions/{session_id}/messages/latest-completed",
     Endpoint::kL7LatestCompletedMessage},
    {"GET", "api/sessions/{session_id}/messages/latest", Endpoint::kL8LatestMessage},
    {"PUT", "api/sessions/{session_id}/messages/{message_id}/modify-response",
     Endpoint::kL9ModifyResponse},
    {"POST", "api/sessions/{session_id}/messages/{message_id}/append-modified-response",
     Endpoint::kL10AppendResponse},
    {"GET", "api/sessions/{session_id}/messages", Endpoint::kL6ListSessionMessages},
    {"POST", "api/sessions", Endpoint::kL1CreateSession},
    {"GET", "api/sessions", Endpoint::kL2ListSessions},
    {"GET", "api/sessions/{session_id}", Endpoint::kL3GetSession},
    {"PUT", "api/sessions/{session_id}", Endpoint::kL4UpdateSession},
    {"DELETE", "api/sessions/{session_id}", Endpoint::kL5DeleteSession},
    {"POST", "api/chat-messages", Endpoint::kL11CreateMessage},
    {"GET", "api/chat-messages/{message_id}", Endpoint::kL12GetMessage},
    {"PUT", "api/chat-messages/{message_id}", Endpoint::kL13UpdateMessage},
    {"DELETE", "api/chat-messages/{message_id}", Endpoint::kL14DeleteMessage},
    {"PUT", "api/chat-messages/{message_id}/tags", Endpoint::kL15SetMessageTags},
    {"DELETE", "api/chat-messages/{message_id}/tags/{source}/{name}",
     Endpoint::kL16DeleteMessageTag},
    {"POST", "v1/chat/completions", Endpoint::kL17ChatCompletions},
};

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t slash = s.find('/', start);
    if (slash == std::string::npos) slash = s.size();
    out.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool match_pattern(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   RouteMatch& out) {
  if (pattern.size() != path.size()) return false;
  std::vector<std::string> found;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (!p.empty() && p.front() == '{') {
      if (path[i].empty()) return false;
      found.push_back(path[i]);
      names.push_back(p.substr(1, p.size() - 2));
    } else if (p != path[i]) {
      return false;
    }
  }
  out.args = std::move(found);
  out.arg_names = std::move(names);
  return true;
}

template <typename Defs>
RouteMatch match_in(const Defs& defs, const std::string& method,
                    const std::vector<std::string>& path) {
  RouteMatch result;
  // HEAD is answered like GET (without the body, by the server).
  const std::string m = method == "HEAD" ? "GET" : method;
  bool path_known = false;
  for (const RouteDef& def : defs) {
    RouteMatch candidate;
    if (!match_pattern(split(def.pattern), path, candidate)) continue;
    if (m == def.method) {
      candidate.kind = RouteMatch::Kind::kMatched;
      candidate.endpoint = def.endpoint;
      return candidate;
    }
    path_known = true;
  }
  if (path_known) result.kind = RouteMatch::Kind::kMethodNotAllowed;
  return result;
}

RouteMatch match_llm(const std::string& method, const std::vector<std::string>& segments) {
  std::vector<std::string> path(segments.begin() + 2, segments.end());
  if (path.size() > 1 && path.back().empty()) path.pop_back();
  RouteMatch result = match_in(kLlmRoutes, method, path);
  result.llm = result.kind != RouteMatch::Kind::kNotFound;
  return result;
}

RouteMatch match_root(const std::string& method, const std::vector<std::string>& segments) {
  std::vector<std::string> path(segments.begin() + 1, segments.end());
  if (path.size() > 1 && path.back().empty()) path.pop_back();
  RouteMatch result = match_in(kRootRoutes, method, path);
  result.root = result.kind != RouteMatch::Kind::kNotFound;
  return result;
}

}  // namespace

bool is_root_endpoint(Endpoint endpoint) {
  // G3 is the one GenAI call below /byoa/api/v1 (FastAPI-style errors).
  if (endpoint == Endpoint::kG3GenaiResultRaws) return false;
  return static_cast<int>(endpoint) >= static_cast<int>(Endpoint::kC1ListCatalogs) &&
         static_cast<int>(endpoint) < static_cast<int>(Endpoint::kL1CreateSession);
}

bool is_llm_endpoint(Endpoint endpoint) {
  return static_cast<int>(endpoint) >= static_cast<int>(Endpoint::kL1CreateSession) &&
         static_cast<int>(endpoint) <= static_cast<int>(Endpoint::kL17ChatCompletions);
}

RouteMatch match_route(const std::string& method, const std::vector<std::string>& segments) {
  RouteMatch result;
  if (segments.size() >= 3 && segments[0].empty() && segments[1] == "llm-proxy") {
    return match_llm(method, segments);
  }
  if (segments.size() >= 2 && segments[0].empty() && segments[1] != "byoa") {
    return match_root(method, segments);
  }
  // {"", "byoa", "api", "v1", ...}
  static const std::vector<std::string> kPrefix = split(std::string(kApiPrefix).substr(1));
  if (segments.size() < kPrefix.size() + 2 || !segments[0].empty()) return result;
  for (std::size_t i = 0; i < kPrefix.size(); ++i) {
    if (segments[i + 1] != kPrefix[i]) return result;
  }
  std::vector<std::string> path(segments.begin() + static_cast<std::ptrdiff_t>(kPrefix.size() + 1),
                                segments.end());
  if (path.size() > 1 && path.back().empty()) path.pop_back();
  return match_in(kRoutes, method, path);
}

}  // namespace moi::emulator::detail
