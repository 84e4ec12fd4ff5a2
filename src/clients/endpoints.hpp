// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every endpoint in one table: method, path template and whether a retry is safe.
// The request runner reads `idempotency` to decide what it may repeat.

#include "core/request_runner.hpp"

namespace moi::detail {

struct Endpoint {
  const char* method;
  const char* path;  ///< Template for expand_path, below the service root.
  Idempotency idempotency;
  ServiceRoot root = ServiceRoot::kByoa;
};

namespace endpoints {
constexpr Idempotency kSafe = Idempotency::kSafe;
constexpr Idempotency kUnsafe = Idempotency::kUnsafe;

// Workflows. W7 starts a new job, so it is not repeated automatically.
constexpr Endpoint kW1CreateWorkflow{"POST", "/workflow_meta", kUnsafe};
constexpr Endpoint kW2ListWorkflows{"GET", "/workflow_meta", kSafe};
constexpr Endpoint kW3GetWorkflow{"GET", "/workflow_meta/{workflow_id}", kSafe};
constexpr Endpoint kW4UpdateWorkflow{"PUT", "/workflow_meta/{workflow_id}/base_info", kSafe};
constexpr Endpoint kW5DeleteWorkflow{"DELETE", "/workflow_meta/{workflow_id}", kSafe};
constexpr Endpoint kW6StopWorkflow{"PUT", "/workflow_meta/{workflow_id}/stop", kSafe};
constexpr Endpoint kW7RerunWorkflow{"PUT", "/workflow_meta/{workflow_id}/rerun", kUnsafe};
// Branches.
constexpr Endpoint kB1CreateBranch{"POST", "/workflow_meta/{workflow_id}/branch", kUnsafe};
constexpr Endpoint kB2ListBranches{"GET", "/workflow_meta/{workflow_id}/branch", kSafe};
constexpr Endpoint kB3GetBranch{"GET", "/workflow_meta/branch/{branch_id}", kSafe};
constexpr Endpoint kB4UpdateBranch{"PUT", "/workflow_meta/branch/{branch_id}", kSafe};
constexpr Endpoint kB5DeleteBranch{"DELETE", "/workflow_meta/branch/{branch_id}", kSafe};
// Jobs. J4 restarts processing of files.
constexpr Endpoint kJ1ListJobs{"GET", "/workflow_job", kSafe};
constexpr Endpoint kJ2GetJob{"GET", "/workflow_job/{job_id}", kSafe};
constexpr Endpoint kJ3ListJobFiles{"GET", "/workflow_job/{job_id}/files", kSafe};
constexpr Endpoint kJ4RetryJobFiles{"POST", "/workflow_job/{job_id}/files", kUnsafe};
constexpr Endpoint kJ5GetJobStatus{"GET", "/workflow_job/{job_id}/status", kSafe};
// Export tasks: E2-E4 are POSTs that only read.
constexpr Endpoint kE1CreateExportTask{"POST", "/export/task/create", kUnsafe};
constexpr Endpoint kE2ListExportTasks{"POST", "/export/task/list", kSafe};
constexpr Endpoint kE3GetExportTask{"POST", "/export/task/info", kSafe};
constexpr Endpoint kE4ListExportFiles{"POST", "/export/task/files", kSafe};
constexpr Endpoint kE5RerunExportTask{"POST", "/export/task/{task_id}/rerun", kUnsafe};
constexpr Endpoint kE6DeleteExportTask{"POST", "/export/task/delete", kUnsafe};

// ---- At the host root (DATA-IN-NOTES: catalogs, files, uploads, load tasks, connectors) ----
constexpr ServiceRoot kHost = ServiceRoot::kHost;
// Catalogs, databases, volumes (POST with a JSON body; list/tree/children/info only read).
constexpr Endpoint kC1ListCatalogs{"POST", "/catalog/list", kSafe, kHost};
constexpr Endpoint kC2CatalogTree{"POST", "/catalog/tree", kSafe, kHost};
constexpr Endpoint kC3CreateCatalog{"POST", "/catalog/create", kUnsafe, kHost};
constexpr Endpoint kC4CreateDatabase{"POST", "/catalog/database/create", kUnsafe, kHost};
constexpr Endpoint kC5DatabaseChildren{"POST", "/catalog/database/children", kSafe, kHost};
constexpr Endpoint kC6CreateVolume{"POST", "/catalog/volume/create", kUnsafe, kHost};
constexpr Endpoint kC7GetVolume{"POST", "/catalog/volume/info", kSafe, kHost};
constexpr Endpoint kC8DeleteVolume{"POST", "/catalog/volume/delete", kUnsafe, kHost};
constexpr Endpoint kC9FullPath{"POST", "/catalog/volume/full_path", kSafe, kHost};
// Completion calls (PLATFORM-NOTES §1, mostly SDK-only). Updates name the whole new state, so
// a repeat is harmless; deletes and the workflow-reference marks are not repeated.
constexpr Endpoint kC10GetCatalog{"POST", "/catalog/info", kSafe, kHost};
constexpr Endpoint kC11UpdateCatalog{"POST", "/catalog/update", kSafe, kHost};
constexpr Endpoint kC12DeleteCatalog{"POST", "/catalog/delete", kUnsafe, kHost};
constexpr Endpoint kC13CatalogRefs{"POST", "/catalog/ref_list", kSafe, kHost};
constexpr Endpoint kC14ListDatabases{"POST", "/catalog/database/list", kSafe, kHost};
constexpr Endpoint kC15GetDatabase{"POST", "/catalog/database/info", kSafe, kHost};
constexpr Endpoint kC16UpdateDatabase{"POST", "/catalog/database/update", kSafe, kHost};
constexpr Endpoint kC17DeleteDatabase{"POST", "/catalog/database/delete", kUnsafe, kHost};
constexpr Endpoint kC18DatabaseRefs{"POST", "/catalog/database/ref_list", kSafe, kHost};
constexpr Endpoint kC19UpdateVolume{"POST", "/catalog/volume/update", kSafe, kHost};
constexpr Endpoint kC20VolumeRefs{"POST", "/catalog/volume/ref_list", kSafe, kHost};
constexpr Endpoint kC21AddVolumeWorkflowRef{"POST", "/catalog/volume/add_ref_workflow", kUnsafe,
                                            kHost};
constexpr Endpoint kC22RemoveVolumeWorkflowRef{"POST", "/catalog/volume/remove_ref_workflow",
                                               kUnsafe, kHost};
// Files. The download call only signs a link.
constexpr Endpoint kF1ListFiles{"POST", "/catalog/file/list", kSafe, kHost};
constexpr Endpoint kF2GetFile{"POST", "/catalog/file/info", kSafe, kHost};
constexpr Endpoint kF3DeleteFile{"POST", "/catalog/file/delete", kUnsafe, kHost};
constexpr Endpoint kF4FileLink{"POST", "/catalog/file/download", kSafe, kHost};
// File records, renames and previews (SDK-only except update); the JSON "upload" carries no
// bytes.
constexpr Endpoint kF6CreateFile{"POST", "/catalog/file/create", kUnsafe, kHost};
constexpr Endpoint kF7UpdateFile{"POST", "/catalog/file/update", kSafe, kHost};
constexpr Endpoint kF8DeleteFileRef{"POST", "/catalog/file/delete_ref", kUnsafe, kHost};
constexpr Endpoint kF9CreateFileRecord{"POST", "/catalog/file/upload", kUnsafe, kHost};
constexpr Endpoint kF10PreviewLink{"POST", "/catalog/file/preview_link", kSafe, kHost};
constexpr Endpoint kF11PreviewStream{"POST", "/catalog/file/preview_stream", kSafe, kHost};
// Folders inside volumes (SDK-only). Clean empties a folder and keeps it.
constexpr Endpoint kFO1CreateFolder{"POST", "/catalog/folder/create", kUnsafe, kHost};
constexpr Endpoint kFO2UpdateFolder{"POST", "/catalog/folder/update", kSafe, kHost};
constexpr Endpoint kFO3DeleteFolder{"POST", "/catalog/folder/delete", kUnsafe, kHost};
constexpr Endpoint kFO4CleanFolder{"POST", "/catalog/folder/clean", kUnsafe, kHost};
constexpr Endpoint kFO5FolderRefs{"POST", "/catalog/folder/ref_list", kSafe, kHost};
// Health (a bare {"status": "ok"}).
constexpr Endpoint kH1Health{"GET", "/healthz", kSafe, kHost};
// Local upload (creates files and a load task) and load tasks.
constexpr Endpoint kU1Upload{"POST", "/connectors/upload", kUnsafe, kHost};
constexpr Endpoint kT1GetLoadTask{"GET", "/task/get", kSafe, kHost};
constexpr Endpoint kT2ListLoadTaskFiles{"GET", "/task/files", kSafe, kHost};
// Load-task management (PLATFORM-NOTES §3). Pause, resume and update set a state; create,
// delete and retry are not repeated.
constexpr Endpoint kT3CreateLoadTask{"POST", "/task", kUnsafe, kHost};
constexpr Endpoint kT4ListLoadTasks{"GET", "/task/list", kSafe, kHost};
constexpr Endpoint kT5UpdateLoadTask{"POST", "/task/update", kSafe, kHost};
constexpr Endpoint kT6DeleteLoadTask{"POST", "/task/delete", kUnsafe, kHost};
constexpr Endpoint kT7PauseLoadTask{"POST", "/task/pause", kSafe, kHost};
constexpr Endpoint kT8ResumeLoadTask{"POST", "/task/resume", kSafe, kHost};
constexpr Endpoint kT9RetryLoadTask{"POST", "/task/retry", kUnsafe, kHost};
// Connectors. Validate only checks a configuration.
constexpr Endpoint kK1CreateConnector{"POST", "/connectors", kUnsafe, kHost};
constexpr Endpoint kK2ValidateConnector{"POST", "/connectors/validate", kSafe, kHost};
constexpr Endpoint kK3ListConnectors{"GET", "/connectors/list", kSafe, kHost};
constexpr Endpoint kK4UpdateConnector{"PUT", "/connectors/{connector_id}", kSafe, kHost};
constexpr Endpoint kK5DeleteConnector{"DELETE", "/connectors/{connector_id}", kSafe, kHost};
constexpr Endpoint kK6ListConnectorFiles{"GET", "/connectors/files/list", kSafe, kHost};
constexpr Endpoint kK7ConnectorSummary{"GET", "/connectors/summary", kSafe, kHost};
// Catalog tables (SDK-only). Create, load, truncate and delete change data; the rest read.
// Download-data answers the CSV itself (no envelope).
constexpr Endpoint kTB1CreateTable{"POST", "/catalog/table/create", kUnsafe, kHost};
constexpr Endpoint kTB2GetTable{"POST", "/catalog/table/info", kSafe, kHost};
constexpr Endpoint kTB3GetTables{"POST", "/catalog/table/multi_info", kSafe, kHost};
constexpr Endpoint kTB4TableOverview{"POST", "/catalog/table/overview", kSafe, kHost};
constexpr Endpoint kTB5TableExists{"POST", "/catalog/table/exist", kSafe, kHost};
constexpr Endpoint kTB6TableRows{"POST", "/catalog/table/data", kSafe, kHost};
constexpr Endpoint kTB7LoadTable{"POST", "/catalog/table/load", kUnsafe, kHost};
constexpr Endpoint kTB8TableLink{"POST", "/catalog/table/download", kSafe, kHost};
constexpr Endpoint kTB9TableCsv{"POST", "/catalog/table/download_data", kSafe, kHost};
constexpr Endpoint kTB10TruncateTable{"POST", "/catalog/table/truncate", kUnsafe, kHost};
constexpr Endpoint kTB11DeleteTable{"POST", "/catalog/table/delete", kUnsafe, kHost};
constexpr Endpoint kTB12TableFullPath{"POST", "/catalog/table/full_path", kSafe, kHost};
constexpr Endpoint kTB13TableRefList{"POST", "/catalog/table/ref_list", kSafe, kHost};
// GenAI atomic pipeline (PLATFORM-NOTES 5): a submit starts a job; the result GETs only read.
// The documented result call sits under the BYOA root, the SDKs' one at the host root.
constexpr Endpoint kG1SubmitGenaiPipeline{"POST", "/v1/genai/pipeline", kUnsafe, kHost};
constexpr Endpoint kG2GetGenaiJob{"GET", "/v1/genai/jobs/{job_id}", kSafe, kHost};
constexpr Endpoint kG3GenaiResultRaws{"GET", "/explore/volumes/any/files/{file_id}/raws", kSafe};
constexpr Endpoint kG4GenaiResultFile{"GET", "/v1/genai/results/file/{file_id}", kSafe, kHost};
constexpr Endpoint kG5CreateGenaiWorkflow{"POST", "/v1/genai/workflow", kUnsafe, kHost};
// Data asking (PLATFORM-NOTES 4.1-4.2): analyze streams events (an agent run: not repeated);
// a cancel repeated cancels the same run.
constexpr Endpoint kD1Analyze{"POST", "/data_asking/analyze", kUnsafe};
constexpr Endpoint kD2CancelAnalyze{"POST", "/data_asking/cancel", kSafe};
// NL2SQL (4.3): run_sql only reads (SELECT, show, describe).
constexpr Endpoint kN1RunSql{"POST", "/catalog/nl2sql/run_sql", kSafe, kHost};
// Business knowledge (4.4): a create repeated creates twice.
constexpr Endpoint kN2CreateKnowledge{"POST", "/catalog/nl2sql_knowledge/create", kUnsafe, kHost};
constexpr Endpoint kN3UpdateKnowledge{"POST", "/catalog/nl2sql_knowledge/update", kSafe, kHost};
constexpr Endpoint kN4DeleteKnowledge{"POST", "/catalog/nl2sql_knowledge/delete", kUnsafe, kHost};
constexpr Endpoint kN5GetKnowledge{"POST", "/catalog/nl2sql_knowledge/get", kSafe, kHost};
constexpr Endpoint kN6ListKnowledge{"POST", "/catalog/nl2sql_knowledge/list", kSafe, kHost};
constexpr Endpoint kN7SearchKnowledge{"POST", "/catalog/nl2sql_knowledge/search", kSafe, kHost};
// Upload staging rows (issue 22 item 3) here.
// Upload staging (PLATFORM-NOTES 2.2, SDK-only): a stage stores files (not repeated), a
// preview and a link only read, a delete of a staged file repeated is refused the second time.
constexpr Endpoint kU2StageFiles{"POST", "/connectors/file/upload", kUnsafe, kHost};
constexpr Endpoint kU3PreviewStaged{"POST", "/connectors/file/preview", kSafe, kHost};
constexpr Endpoint kU4StagedLink{"POST", "/connectors/file/download", kSafe, kHost};
constexpr Endpoint kU5DeleteStaged{"POST", "/connectors/file/delete", kUnsafe, kHost};

// Users, roles, privileges and audit logs (issue 26) here.
// Users (PLATFORM-NOTES 7.1). Updates set a whole state, so a repeat is harmless; create,
// delete and the key refresh (it invalidates the key in use) are not repeated. The three
// bodiless "me" reads send no body, as the Go SDK does.
constexpr Endpoint kUS1CreateUser{"POST", "/user/create", kUnsafe, kHost};
constexpr Endpoint kUS2DeleteUser{"POST", "/user/delete", kUnsafe, kHost};
constexpr Endpoint kUS3GetUser{"POST", "/user/detail_info", kSafe, kHost};
constexpr Endpoint kUS4ListUsers{"POST", "/user/list", kSafe, kHost};
constexpr Endpoint kUS5UpdateUserPassword{"POST", "/user/update_password", kSafe, kHost};
constexpr Endpoint kUS6UpdateUserInfo{"POST", "/user/update_info", kSafe, kHost};
constexpr Endpoint kUS7UpdateUserRoles{"POST", "/user/update_role_list", kSafe, kHost};
constexpr Endpoint kUS8UpdateUserStatus{"POST", "/user/update_status", kSafe, kHost};
constexpr Endpoint kUS9MyApiKey{"POST", "/user/me/api-key", kSafe, kHost};
constexpr Endpoint kUS10RefreshMyApiKey{"POST", "/user/me/api-key/refresh", kUnsafe, kHost};
constexpr Endpoint kUS11MyInfo{"POST", "/user/me/info", kSafe, kHost};
constexpr Endpoint kUS12UpdateMyInfo{"POST", "/user/me/update_info", kSafe, kHost};
constexpr Endpoint kUS13UpdateMyPassword{"POST", "/user/me/update_password", kSafe, kHost};
// Roles and grantable objects (7.2).
constexpr Endpoint kRO1CreateRole{"POST", "/role/create", kUnsafe, kHost};
constexpr Endpoint kRO2DeleteRole{"POST", "/role/delete", kUnsafe, kHost};
constexpr Endpoint kRO3GetRole{"POST", "/role/info", kSafe, kHost};
constexpr Endpoint kRO4ListRoles{"POST", "/role/list", kSafe, kHost};
constexpr Endpoint kRO5RolesByObject{"POST", "/role/list_by_category_and_obj", kSafe, kHost};
constexpr Endpoint kRO6UpdateRoleCodes{"POST", "/role/update_code_list", kSafe, kHost};
constexpr Endpoint kRO7UpdateRoleInfo{"POST", "/role/update_info", kSafe, kHost};
constexpr Endpoint kRO8UpdateRolesByObject{"POST", "/role/update_roles_by_obj", kSafe, kHost};
constexpr Endpoint kRO9UpdateRoleStatus{"POST", "/role/update_status", kSafe, kHost};
constexpr Endpoint kRO10ListPrivilegeObjects{"POST", "/rbac/priv/list_obj_by_category", kSafe,
                                             kHost};
// Audit logs (7.5).
constexpr Endpoint kLG1UserLogs{"POST", "/log/user", kSafe, kHost};
constexpr Endpoint kLG2RoleLogs{"POST", "/log/role", kSafe, kHost};

// ---- The LLM proxy (PLATFORM-NOTES §6: bare answers; "/llm-proxy" or the direct base URL) ----
constexpr ServiceRoot kLlm = ServiceRoot::kLlmProxy;
// Sessions. Updates replace what they name, so a repeat is harmless.
constexpr Endpoint kL1CreateSession{"POST", "/api/sessions", kUnsafe, kLlm};
constexpr Endpoint kL2ListSessions{"GET", "/api/sessions", kSafe, kLlm};
constexpr Endpoint kL3GetSession{"GET", "/api/sessions/{session_id}", kSafe, kLlm};
constexpr Endpoint kL4UpdateSession{"PUT", "/api/sessions/{session_id}", kSafe, kLlm};
constexpr Endpoint kL5DeleteSession{"DELETE", "/api/sessions/{session_id}", kSafe, kLlm};
constexpr Endpoint kL6ListSessionMessages{"GET", "/api/sessions/{session_id}/messages", kSafe,
                                          kLlm};
constexpr Endpoint kL7LatestCompletedMessage{
    "GET", "/api/sessions/{session_id}/messages/latest-completed", kSafe, kLlm};
constexpr Endpoint kL8LatestMessage{"GET", "/api/sessions/{session_id}/messages/latest", kSafe,
                                    kLlm};
// Response edits (text/plain bodies): an append repeated appends twice.
constexpr Endpoint kL9ModifyResponse{
    "PUT", "/api/sessions/{session_id}/messages/{message_id}/modify-response", kSafe, kLlm};
constexpr Endpoint kL10AppendResponse{
    "POST", "/api/sessions/{session_id}/messages/{message_id}/append-modified-response", kUnsafe,
    kLlm};
// Chat messages and their tags.
constexpr Endpoint kL11CreateMessage{"POST", "/api/chat-messages", kUnsafe, kLlm};
constexpr Endpoint kL12GetMessage{"GET", "/api/chat-messages/{message_id}", kSafe, kLlm};
constexpr Endpoint kL13UpdateMessage{"PUT", "/api/chat-messages/{message_id}", kSafe, kLlm};
constexpr Endpoint kL14DeleteMessage{"DELETE", "/api/chat-messages/{message_id}", kSafe, kLlm};
constexpr Endpoint kL15SetMessageTags{"PUT", "/api/chat-messages/{message_id}/tags", kSafe, kLlm};
constexpr Endpoint kL16DeleteMessageTag{
    "DELETE", "/api/chat-messages/{message_id}/tags/{source}/{name}", kSafe, kLlm};
// The OpenAI-compatible chat call: it asks a model (billed, not deterministic), so it is not
// repeated unless nothing was sent or the caller opts in.
constexpr Endpoint kL17ChatCompletions{"POST", "/v1/chat/completions", kUnsafe, kLlm};
}  // namespace endpoints

/// An ApiCall for @p endpoint with its path parameters expanded (validated and encoded).
inline ApiCall make_call(const Endpoint& endpoint, std::initializer_list<PathParam> params = {}) {
  ApiCall call;
  call.method = endpoint.method;
  call.path = expand_path(endpoint.path, params);
  call.idempotency = endpoint.idempotency;
  call.root = endpoint.root;
  call.bare_answer = endpoint.root == ServiceRoot::kLlmProxy;  // answer form C
  return call;
}

}  // namespace moi::detail
