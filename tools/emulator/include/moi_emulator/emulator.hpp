// SPDX-License-Identifier: Apache-2.0
//
// moi-emulator: a local, stateful stand-in for the MOI data-processing and data-export HTTP
// service. Tests start it in-process on an ephemeral loopback port; the `moi-emulator` program
// wraps the same class. docs/emulator.md describes the wire behaviour.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moi::emulator {

/// The emulated endpoints: the 23 documented `/byoa/api/v1` endpoints (ids as in
/// API-NOTES.md: W = workflow, B = branch, J = job, E = export), then the data-in/out endpoints
/// at the host root (DATA-IN-NOTES.md: C = catalogs/databases/volumes, F = files, U = upload,
/// T = load tasks, K = connectors, TB = catalog tables, FO = folders, H = health), the GenAI
/// pipeline (G), NL2SQL and business knowledge (N), the LLM proxy (L) and data asking (D).
/// docs/emulator.md lists them with their paths.
enum class Endpoint : int {
  kW1CreateWorkflow,
  kW2ListWorkflows,
  kW3GetWorkflow,
  kW4UpdateWorkflow,
  kW5DeleteWorkflow,
  kW6StopWorkflow,
  kW7RerunWorkflow,
  kB1CreateBranch,
  kB2ListBranches,
  kB3GetBranch,
  kB4UpdateBranch,
  kB5DeleteBranch,
  kJ1ListJobs,
  kJ2GetJob,
  kJ3ListJobFiles,
  kJ4RetryJobFiles,
  kJ5GetJobStatus,
  kE1CreateExportTask,
  kE2ListExportTasks,
  kE3GetExportTask,
  kE4ListExportFiles,
  kE5RerunExportTask,
  kE6DeleteExportTask,
  kC1ListCatalogs,        ///< POST /catalog/list
  kC2CatalogTree,         ///< POST /catalog/tree
  kC3CreateCatalog,       ///< POST /catalog/create
  kC4CreateDatabase,      ///< POST /catalog/database/create
  kC5DatabaseChildren,    ///< POST /catalog/database/children
  kC6CreateVolume,        ///< POST /catalog/volume/create
  kC7GetVolume,           ///< POST /catalog/volume/info
  kC8DeleteVolume,        ///< POST /catalog/volume/delete
  kC9VolumeFullPath,      ///< POST /catalog/volume/full_path
  kF1ListFiles,           ///< POST /catalog/file/list
  kF2GetFile,             ///< POST /catalog/file/info
  kF3DeleteFile,          ///< POST /catalog/file/delete
  kF4FileDownloadLink,    ///< POST /catalog/file/download
  kF5FetchFile,           ///< GET the link F4 hands out (no moi-key: a signed token)
  kU1Upload,              ///< POST /connectors/upload (multipart/form-data)
  kU2StageFiles,          ///< POST /connectors/file/upload (multipart: staging)
  kU3PreviewStaged,       ///< POST /connectors/file/preview
  kU4StagedLink,          ///< POST /connectors/file/download
  kU5DeleteStaged,        ///< POST /connectors/file/delete
  kU6FetchStaged,         ///< GET the link U4 hands out (no moi-key: a signed token)
  kT1GetLoadTask,         ///< GET /task/get
  kT2ListLoadTaskFiles,   ///< GET /task/files
  kK1CreateConnector,     ///< POST /connectors
  kK2ValidateConnector,   ///< POST /connectors/validate
  kK3ListConnectors,      ///< GET /connectors/list
  kK4UpdateConnector,     ///< PUT /connectors/{id}
  kK5DeleteConnector,     ///< DELETE /connectors/{id}
  kK6ListConnectorFiles,  ///< GET /connectors/files/list
  // Catalog tables (PLATFORM-NOTES §2.1, SDK-only), rows in SQLite (docs/emulator.md).
  kTB1CreateTable,              ///< POST /catalog/table/create
  kTB2GetTable,                 ///< POST /catalog/table/info
  kTB3GetTables,                ///< POST /catalog/table/multi_info
  kTB4TableOverview,            ///< POST /catalog/table/overview
  kTB5TableExists,              ///< POST /catalog/table/exist
  kTB6TableRows,                ///< POST /catalog/table/data
  kTB7LoadTable,                ///< POST /catalog/table/load
  kTB8TableLink,                ///< POST /catalog/table/download
  kTB9TableCsv,                 ///< POST /catalog/table/download_data
  kTB10TruncateTable,           ///< POST /catalog/table/truncate
  kTB11DeleteTable,             ///< POST /catalog/table/delete
  kTB12TableFullPath,           ///< POST /catalog/table/full_path
  kTB13TableRefList,            ///< POST /catalog/table/ref_list
  kTB14FetchTableCsv,           ///< GET the link TB8 hands out (no moi-key: a signed token)
  kC10GetCatalog,               ///< POST /catalog/info
  kC11UpdateCatalog,            ///< POST /catalog/update
  kC12DeleteCatalog,            ///< POST /catalog/delete
  kC13CatalogRefs,              ///< POST /catalog/ref_list
  kC14ListDatabases,            ///< POST /catalog/database/list
  kC15GetDatabase,              ///< POST /catalog/database/info
  kC16UpdateDatabase,           ///< POST /catalog/database/update
  kC17DeleteDatabase,           ///< POST /catalog/database/delete
  kC18DatabaseRefs,             ///< POST /catalog/database/ref_list
  kC19UpdateVolume,             ///< POST /catalog/volume/update
  kC20VolumeRefs,               ///< POST /catalog/volume/ref_list
  kC21AddVolumeWorkflowRef,     ///< POST /catalog/volume/add_ref_workflow
  kC22RemoveVolumeWorkflowRef,  ///< POST /catalog/volume/remove_ref_workflow
  kF6CreateFile,                ///< POST /catalog/file/create
  kF7UpdateFile,                ///< POST /catalog/file/update
  kF8DeleteFileRef,             ///< POST /catalog/file/delete_ref
  kF9CreateFileRecord,          ///< POST /catalog/file/upload (JSON)
  kF10PreviewLink,              ///< POST /catalog/file/preview_link
  kF11PreviewStream,            ///< POST /catalog/file/preview_stream
  kFO1CreateFolder,             ///< POST /catalog/folder/create
  kFO2UpdateFolder,             ///< POST /catalog/folder/update
  kFO3DeleteFolder,             ///< POST /catalog/folder/delete
  kFO4CleanFolder,              ///< POST /catalog/folder/clean
  kFO5FolderRefs,               ///< POST /catalog/folder/ref_list
  kH1Health,                    ///< GET /healthz (bare {"status":"ok"})
  kT3CreateLoadTask,            ///< POST /task
  kT4ListLoadTasks,             ///< GET /task/list
  kT5UpdateLoadTask,            ///< POST /task/update
  kT6DeleteLoadTask,            ///< POST /task/delete
  kT7PauseLoadTask,             ///< POST /task/pause
  kT8ResumeLoadTask,            ///< POST /task/resume
  kT9RetryLoadTask,             ///< POST /task/retry
  kK7ConnectorSummary,          ///< GET /connectors/summary
  // The GenAI atomic pipeline (PLATFORM-NOTES §5). Host root, except G3 (/byoa/api/v1).
  kG1SubmitGenaiPipeline,  ///< POST /v1/genai/pipeline (JSON or multipart/form-data)
  kG2GetGenaiJob,          ///< GET /v1/genai/jobs/{job_id}
  kG3GenaiResultRaws,      ///< GET /byoa/api/v1/explore/volumes/any/files/{file_id}/raws (ZIP)
  kG4GenaiResultFile,      ///< GET /v1/genai/results/file/{file_id} (ZIP; SDK-only)
  kG5CreateGenaiWorkflow,  ///< POST /v1/genai/workflow (SDK-only)
  // NL2SQL and business knowledge (PLATFORM-NOTES §4.3-4.4), host root: N family.
  kN1RunSql,           ///< POST /catalog/nl2sql/run_sql (SQL over the table store)
  kN2CreateKnowledge,  ///< POST /catalog/nl2sql_knowledge/create
  kN3UpdateKnowledge,  ///< POST /catalog/nl2sql_knowledge/update
  kN4DeleteKnowledge,  ///< POST /catalog/nl2sql_knowledge/delete
  kN5GetKnowledge,     ///< POST /catalog/nl2sql_knowledge/get
  kN6ListKnowledge,    ///< POST /catalog/nl2sql_knowledge/list
  kN7SearchKnowledge,  ///< POST /catalog/nl2sql_knowledge/search

  // Users, roles, privileges and audit logs (PLATFORM-NOTES §7), host root.
  kUS1CreateUser,            ///< POST /user/create
  kUS2DeleteUser,            ///< POST /user/delete
  kUS3GetUser,               ///< POST /user/detail_info
  kUS4ListUsers,             ///< POST /user/list
  kUS5UpdateUserPassword,    ///< POST /user/update_password
  kUS6UpdateUserInfo,        ///< POST /user/update_info
  kUS7UpdateUserRoles,       ///< POST /user/update_role_list
  kUS8UpdateUserStatus,      ///< POST /user/update_status
  kUS9MyApiKey,              ///< POST /user/me/api-key
  kUS10RefreshMyApiKey,      ///< POST /user/me/api-key/refresh
  kUS11MyInfo,               ///< POST /user/me/info
  kUS12UpdateMyInfo,         ///< POST /user/me/update_info
  kUS13UpdateMyPassword,     ///< POST /user/me/update_password
  kRO1CreateRole,            ///< POST /role/create
  kRO2DeleteRole,            ///< POST /role/delete
  kRO3GetRole,               ///< POST /role/info
  kRO4ListRoles,             ///< POST /role/list
  kRO5RolesByObject,         ///< POST /role/list_by_category_and_obj
  kRO6UpdateRoleCodes,       ///< POST /role/update_code_list
  kRO7UpdateRoleInfo,        ///< POST /role/update_info
  kRO8UpdateRolesByObject,   ///< POST /role/update_roles_by_obj
  kRO9UpdateRoleStatus,      ///< POST /role/update_status
  kRO10ListPrivilegeObjects, ///< POST /rbac/priv/list_obj_by_category
  kLG1UserLogs,              ///< POST /log/user
  kLG2RoleLogs,              ///< POST /log/role

  // The LLM proxy (PLATFORM-NOTES §6): bare answers, OpenAI-shaped errors.
  kL1CreateSession,           ///< POST /llm-proxy/api/sessions
  kL2ListSessions,            ///< GET /llm-proxy/api/sessions
  kL3GetSession,              ///< GET /llm-proxy/api/sessions/{id}
  kL4UpdateSession,           ///< PUT /llm-proxy/api/sessions/{id}
  kL5DeleteSession,           ///< DELETE /llm-proxy/api/sessions/{id}
  kL6ListSessionMessages,     ///< GET /llm-proxy/api/sessions/{id}/messages
  kL7LatestCompletedMessage,  ///< GET .../messages/latest-completed
  kL8LatestMessage,           ///< GET .../messages/latest
  kL9ModifyResponse,          ///< PUT .../messages/{mid}/modify-response (text/plain)
  kL10AppendResponse,         ///< POST .../messages/{mid}/append-modified-response
  kL11CreateMessage,          ///< POST /llm-proxy/api/chat-messages
  kL12GetMessage,             ///< GET /llm-proxy/api/chat-messages/{id}
  kL13UpdateMessage,          ///< PUT /llm-proxy/api/chat-messages/{id}
  kL14DeleteMessage,          ///< DELETE /llm-proxy/api/chat-messages/{id}
  kL15SetMessageTags,         ///< PUT /llm-proxy/api/chat-messages/{id}/tags
  kL16DeleteMessageTag,       ///< DELETE .../chat-messages/{id}/tags/{source}/{name}
  kL17ChatCompletions,        ///< POST /llm-proxy/v1/chat/completions (JSON or SSE)
  // Data asking (PLATFORM-NOTES §4.1-4.2), below /byoa/api/v1: D family.
  kD1Analyze,        ///< POST /byoa/api/v1/data_asking/analyze (server-sent events)
  kD2CancelAnalyze,  ///< POST /byoa/api/v1/data_asking/cancel?request_id=

};

/// Number of values of Endpoint.
// The last enumerator plus one (update it when an endpoint is appended).
inline constexpr std::size_t kEndpointCount =
    static_cast<std::size_t>(Endpoint::kD2CancelAnalyze) + 1;

/// The short id of an endpoint ("W1", ..., "E6", "C1", ..., "K6").
std::string_view endpoint_id(Endpoint endpoint);

/// The endpoint with the given short id ("W1", ..., "E6", case-insensitive), if any.
std::optional<Endpoint> endpoint_from_id(std::string_view id);

/// A fault the emulator can inject instead of (or, for kDrop, in the middle of) an answer.
enum class Fault {
  k503,   ///< HTTP 503 with Retry-After; the request is not processed.
  k429,   ///< HTTP 429 with Retry-After; the request is not processed.
  kDrop,  ///< The request IS processed, then the connection is closed mid-body.
};

/// Random fault injection. Decisions are drawn from a generator seeded by
/// EmulatorOptions::seed, one draw per request in arrival order, so a serial client sees the
/// same faults on every run.
struct FaultOptions {
  std::chrono::milliseconds latency{0};  ///< Added before every answer.
  double error_rate_503 = 0.0;           ///< Share of requests answered 503.
  double error_rate_429 = 0.0;           ///< Share of requests answered 429.
  double drop_rate = 0.0;                ///< Share of responses cut off mid-body.
  int retry_after_seconds = 1;           ///< Value of the Retry-After header on 503/429.
  /// Restrict random faults and latency to these endpoints (empty: all endpoints).
  std::vector<Endpoint> only;
};

/// How simulated work behaves. Changing it at run time affects work scheduled afterwards only:
/// an outcome is decided when a file is scheduled.
struct BehaviorOptions {
  /// Share of each job's (or export task's) files that fail on their first attempt, rounded
  /// to the nearest whole file; which files is decided by the seed.
  double fail_ratio = 0.0;
  /// Files whose name contains this text fail on their first attempt (empty: off).
  std::string fail_marker = "fail";
  /// Files whose name contains this text fail on every attempt, retries included (empty: off).
  std::string always_fail_marker = "fail-always";
  /// How long one file takes to process (job files) or export (export files).
  std::chrono::milliseconds file_duration{500};
  /// How many files of one job or export task are processed at the same time.
  int parallel_files = 1;
  /// Simulated files per source volume when a workflow names no `files` (and the volume has
  /// no uploaded files).
  int files_per_volume = 3;
  /// How long loading one uploaded file takes; the files of one upload load one after another.
  std::chrono::milliseconds load_duration{500};
  /// Pause before each server-sent event of a streamed answer (LLM chat completions, data
  /// asking).
  std::chrono::milliseconds sse_event_delay{20};
};

/// Everything an Emulator is constructed with.
struct EmulatorOptions {
  /// The `moi-key` every request must carry. Empty: any non-empty key is accepted.
  std::string api_key;
  /// Seeds ids, failure choices and fault draws.
  std::uint64_t seed = 1;
  BehaviorOptions behavior;
  FaultOptions faults;
  /// If set, the state is loaded from this file on start and every acknowledged change is
  /// written to it (atomically, fsync'ed) before the answer is sent.
  std::string state_file;
  /// Manual clock: time starts at manual_clock_start and moves only with advance(). Otherwise
  /// the clock is the wall clock (read once) plus a steady clock.
  bool manual_clock = false;
  std::chrono::milliseconds manual_clock_start{1748598358000};  // 2025-05-30T09:45:58Z
  /// W5 and B5 answer HTTP 204 with an empty body instead of 200 with a null-data envelope.
  bool delete_returns_204 = false;
  /// The user name reported as creator/modifier of workflows and jobs.
  std::string user_name = "admin";
  /// Worker threads of the HTTP server created on start() (each keep-alive connection holds
  /// one while open). start() fails if they cannot be created.
  std::size_t threads = 32;
  /// The pool grows on demand up to this many workers (values below `threads` mean `threads`).
  std::size_t max_threads = 1024;
  /// Longest time to receive one request (request line, headers and body), however slowly its
  /// bytes arrive. Past it the answer is 408 and the connection is closed.
  std::chrono::milliseconds request_read_timeout{10000};
  /// Largest request body accepted; larger ones get 413 without being read.
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  /// Most parts a multipart upload (U1) may have; more is answered 413.
  std::size_t max_multipart_parts = 4096;
  /// Seconds an idle keep-alive connection is kept open.
  int keep_alive_timeout_seconds = 5;
  /// Log one line per request to stderr.
  bool log_requests = false;
  /// Strict mode (`--strict`), to lint a client against the documents: a request whose body
  /// or query carries a key the emulator does not read is answered 422 naming every such key,
  /// and changes nothing. The service ignores unknown keys, and so does the emulator by
  /// default. Checked: query parameters, the keys of the JSON body and of its nested objects
  /// the emulator reads as models (e.g. `process_mode`, an export's `config`); not checked:
  /// free-form objects (a connector's config, `files` items, pipeline components) and the
  /// multipart upload. docs/emulator.md, "Strict mode".
  bool strict = false;
};

/// The answer to a request run by Emulator::handle_for_test().
struct InProcessResponse {
  int status = 0;
  std::string body;  ///< JSON text (empty for 204); the file's bytes for F5
  /// Extra headers; a non-JSON answer (F5) also carries its Content-Type here.
  std::vector<std::pair<std::string, std::string>> headers;
  bool truncated = false;  ///< an injected kDrop: the HTTP server would cut the body short
};

/// The in-process emulator. All member functions are thread-safe.
///
/// Typical test use:
/// @code
///   moi::emulator::EmulatorOptions opts;
///   opts.api_key = "test-key";
///   opts.manual_clock = true;
///   moi::emulator::Emulator emu(opts);
///   emu.start();                       // 127.0.0.1, ephemeral port
///   // ... point a client at emu.base_url() ...
///   emu.advance(std::chrono::seconds(10));  // let simulated work finish
/// @endcode
class Emulator {
 public:
  /// Locks and loads the state file if one is configured. Throws std::runtime_error (one line)
  /// if it cannot be read or parsed, locked, or is refused: see docs/emulator.md, "Files".
  explicit Emulator(EmulatorOptions options = {});
  /// Stops the server if it is running.
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  /// Binds host:port (0 = ephemeral) and serves on a background thread. Returns the bound
  /// port. Throws std::runtime_error if binding fails or the emulator is already running.
  int start(const std::string& host = "127.0.0.1", int port = 0);
  /// Stops serving and joins the server thread. Idempotent.
  void stop();
  /// Blocks until stop() is called from another thread.
  void wait();
  /// The bound port, or 0 if not started.
  int port() const;
  /// "http://HOST:PORT" (no trailing slash, no API prefix).
  std::string base_url() const;

  /// Runs one request without any socket: the raw request target (path and query as sent,
  /// percent-encoded), the headers (names case-insensitive; only moi-key and Content-Type, for
  /// the multipart upload, are used) and the
  /// body go through the same routing, counting, fault injection, auth, validation and
  /// handlers as a request over HTTP. Works whether or not the server is started. Used by
  /// tests and the fuzz harness.
  InProcessResponse handle_for_test(const std::string& method, const std::string& target,
                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                    const std::string& body);

  // --- time --------------------------------------------------------------------------------
  /// Moves the manual clock forward. Throws std::logic_error without manual_clock.
  void advance(std::chrono::milliseconds delta);
  /// Current simulated time, epoch milliseconds.
  std::int64_t now_ms() const;

  // --- counters ----------------------------------------------------------------------------
  /// Requests received for an endpoint, counted on arrival (before auth, validation or any
  /// injected fault), so retries of a failed call are counted too.
  std::uint64_t request_count(Endpoint endpoint) const;
  /// Same, by short id ("W1" ... "E6"); 0 for an unknown id.
  std::uint64_t request_count(std::string_view endpoint_id) const;
  /// All requests received, including those that matched no endpoint.
  std::uint64_t total_requests() const;
  /// Faults injected so far (503, 429 and dropped responses).
  std::uint64_t faults_injected() const;
  /// Sets every counter to zero.
  void reset_counts();

  // --- run-time switches -------------------------------------------------------------------
  /// Replaces the random fault settings.
  void set_faults(const FaultOptions& faults);
  FaultOptions faults() const;
  /// Queues `count` faults that hit the next matching requests in order, before any random
  /// fault. With `endpoint`, only requests for that endpoint consume them.
  void inject(Fault fault, int count = 1, std::optional<Endpoint> endpoint = std::nullopt);
  /// Drops all queued faults.
  void clear_injected();
  /// Replaces the behaviour of work scheduled from now on.
  void set_behavior(const BehaviorOptions& behavior);
  BehaviorOptions behavior() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace moi::emulator
