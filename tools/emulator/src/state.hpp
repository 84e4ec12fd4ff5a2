// SPDX-License-Identifier: Apache-2.0
// The emulator's whole state: plain records, serialisable to one JSON document (the state
// file). Nothing here changes with time: statuses and progress are computed from these records
// and the clock when a request asks (see simulation.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace moi::emulator::detail {

using json = nlohmann::ordered_json;  // keeps keys in the order written or received

/// The schedule and outcome of one file's current attempt (job file or export file).
struct Attempt {
  int attempts = 0;            ///< 1 on the first attempt, +1 per retry.
  std::int64_t queued_at = 0;  ///< When the attempt was scheduled.
  std::int64_t start_at = 0;   ///< When processing starts (pending before).
  std::int64_t duration = 0;   ///< Processing time; the outcome shows at start_at + duration.
  bool fails = false;          ///< Outcome of this attempt, decided when scheduled.
  std::string error;           ///< Error text if it fails.
  bool stopped = false;        ///< Stopped (W6) before it finished.
  std::int64_t stopped_at = 0;
};

struct ProcessMode {
  std::int64_t interval = 0;
  std::int64_t offset = 0;
};

struct Workflow {
  std::string id;
  std::string name;
  std::string user_id;
  std::string creator;
  std::string modifier;
  std::string version = "1";
  std::string group_id;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::vector<std::string> source_volume_ids;  ///< decimal text, never a double
  std::vector<std::string> source_volume_names;
  std::vector<std::int64_t> file_types;
  std::string target_volume_id;
  std::string target_volume_name;
  std::string create_target_volume_name;
  ProcessMode process_mode;
  std::int64_t priority = 300;
  json files = json::array();  ///< `files` as sent (SourceFileInfo objects)
  json content;                ///< `content` as sent, or null
  bool stopped = false;        ///< W6 was called and no W7 since
  std::string main_branch_id;
  /// Catalog files (uploaded) a job of this workflow has taken: periodic (interval > 0) and
  /// triggered (-1) runs take only files not in here.
  std::vector<std::string> processed_file_ids;
  /// Periodic runs: the next tick at which a job may start (0: created_at + interval).
  std::int64_t next_tick = 0;
};

struct Branch {
  std::string id;
  std::string workflow_id;
  std::string name;
  std::string creator;
  std::string modifier;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  json workflow = json::object();  ///< the branch's pipeline (WorkflowConfig), as sent
  std::int64_t branch_status = 0;  ///< 0 enabled, 1 disabled
  std::string volume_id;
  bool main = false;
};

struct JobFile {
  std::string id;  ///< JobFileItem.id (what J4 takes)
  std::string file_name;
  std::int64_t file_type = 0;
  std::string source_id;
  std::string ref_file_id;
  std::string target_volume_id;
  std::int64_t ordinal = 0;  ///< position in the job, for a stable order
  Attempt attempt;
};

struct Job {
  std::string id;
  std::string name;
  std::string workflow_id;
  std::string branch_id;
  std::string user_id;
  std::string creator;
  std::string modifier;
  std::string version = "1";
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;  ///< last change by a request (creation, retry, stop)
  std::int64_t started_at = 0;  ///< when its files were first scheduled
  // A snapshot of the workflow when the job started; reported by J1/J2 and used by filters.
  std::vector<std::int64_t> file_types;
  std::int64_t priority = 300;
  std::vector<std::string> source_volume_ids;
  std::vector<std::string> source_volume_names;
  std::string target_volume_id;
  std::string target_volume_name;
  ProcessMode process_mode;
  json files_input = json::array();
  std::vector<JobFile> files;
};

struct ExportFile {
  std::string id;
  std::string file_id;
  std::vector<std::string> full_path;
  bool is_raw = false;
  std::string file_name;
  std::int64_t file_type = 0;
  std::int64_t ordinal = 0;
  std::int64_t created_at = 0;
  Attempt attempt;
};

struct ExportTask {
  std::string id;
  std::string name;
  std::string creator;
  std::int64_t connector_id = 0;
  std::string connector_name;
  std::int64_t type = 0;
  json config = json::object();
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::vector<ExportFile> files;
};

// --- the GenAI atomic pipeline (routes_genai.cpp) -----------------------------------------

/// One file of a GenAI job: an uploaded part (its bytes in the BlobStore) or a URL.
struct GenaiFile {
  std::string id;  ///< file_id (UUID): the result is downloaded with it
  std::string name;
  std::int64_t file_type = 0;
  std::string url;   ///< the submitted URL ("" for an uploaded file)
  std::string blob;  ///< the uploaded bytes' BlobStore name ("" for a URL)
  std::int64_t size = 0;
  std::int64_t ordinal = 0;
  bool stall = false;  ///< fault injection: the name holds "[stall]" (never finishes)
  Attempt attempt;
};

/// A GenAI job (POST /v1/genai/pipeline): its steps as sent and its files in submission order.
struct GenaiJob {
  std::string id;
  std::int64_t created_at = 0;
  json steps = json::array();
  json meta;
  std::vector<GenaiFile> files;
};

// --- data in: catalogs, databases, volumes, uploaded files, load tasks, connectors ----------

struct Catalog {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::string creator;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct Database {
  std::int64_t id = 0;
  std::int64_t catalog_id = 0;
  std::string name;
  std::string description;
  std::string creator;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct Volume {
  std::string id;  ///< 19-digit decimal text
  std::int64_t database_id = 0;
  std::string name;
  std::string description;
  std::string creator;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t workflow_refs = 0;  ///< add_ref_workflow marks minus remove_ref_workflow ones
};

/// A folder inside a volume (FO1-FO5). Its id is a file id; files name it as their parent.
struct Folder {
  std::string id;  ///< 19-digit decimal text
  std::string name;
  std::string volume_id;
  std::string parent_id;  ///< "" at the volume's root
  std::string creator;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

/// One uploaded file: its load schedule and outcome are fixed at upload; it is a catalog file
/// (listed, downloadable, processed by workflows) once loaded successfully.
struct StoredFile {
  std::string id;  ///< 19-digit decimal text
  std::string name;
  std::string volume_id;
  std::string task_id;
  std::string mime_type;
  std::string creator;
  std::int64_t size = 0;
  std::int64_t file_type = 0;  ///< FileType from the extension (0 when unsupported)
  std::int64_t created_at = 0;
  std::int64_t load_start = 0;
  std::int64_t load_end = 0;
  bool load_fails = false;
  std::string reason;        ///< why loading fails
  bool deleted = false;      ///< F3, or its volume was deleted (the load task still lists it)
  std::string blob;          ///< its bytes in the BlobStore ("": named by `id`, older state files)
  std::string parent_id;     ///< the folder holding it ("" at the volume's root)
  bool record_only = false;  ///< registered by F6/F9: a record without bytes
  std::string ref_file_id;   ///< F6's ref_file_id (F8 deletes the files naming it)
  std::string md5;           ///< MD5 of its bytes, hex ("": not computed yet, or a record)
};

/// A load task: one per upload, or one per POST /task (a connector's files: the emulator
/// fetches nothing from connectors, so such a task lists no files).
struct LoadTask {
  std::string id;  ///< 19-digit decimal text
  std::string volume_id;
  std::string volume_name;
  std::string creator;
  std::int64_t created_at = 0;
  std::vector<std::string> file_ids;  ///< in upload order
  std::string name;
  std::int64_t source_connector_id = 0;  ///< 0 for an upload
  std::int64_t source_connector_type = 0;
  json source_config;           ///< POST /task's (or T5's) source_config; null for an upload
  std::int64_t paused_at = 0;   ///< when T7 paused it (0: running); its files wait meanwhile
  std::int64_t updated_at = 0;  ///< last T5/T7/T8/T9 (0: never)
  /// An import into a catalog table (U1 with `table_config`): the table, the rows it loaded
  /// and the names of its source files; file_ids is then empty. It is finished at once.
  std::int64_t table_id = 0;
  std::int64_t lines = 0;
  std::vector<std::string> source_files;
};

/// A file staged with /connectors/file/upload (U2): no volume, until deleted (U5).
struct StagedFile {
  std::string id;  ///< 19-digit decimal text (`conn_file_id`)
  std::string name;
  std::string blob;  ///< its bytes in the BlobStore
  std::int64_t size = 0;
  std::int64_t created_at = 0;
};

struct Connector {
  std::int64_t id = 0;
  std::string name;
  std::int64_t source_type = 0;
  json config = json::object();  ///< the config object of its type (dify, hdfs, mo, oss, s3)
  json usage_type = json::array();
  std::string creator;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

/// A business-knowledge entry of NL2SQL (N2-N7), stored as created: the request's keys
/// without their `knowledge_` prefix.
struct KnowledgeEntry {
  std::int64_t id = 0;
  std::string type;
  std::string key;
  std::vector<std::string> value;
  json embedding;         ///< an array of numbers, or null (not sent)
  json associate_tables;  ///< an array of table names, or null (not sent)
  std::string explanation_type;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct State {
  std::uint64_t id_counter = 0;      ///< ids issued so far (the next is nth_id(seed, n + 1))
  std::int64_t last_created_ms = 0;  ///< creation times are strictly increasing
  std::map<std::string, Workflow> workflows;
  std::map<std::string, Branch> branches;
  std::map<std::string, Job> jobs;
  std::map<std::string, ExportTask> tasks;
  // Data in (host-root endpoints).
  std::int64_t small_id_counter = 0;      ///< catalog and database ids issued so far
  std::uint64_t numeric_id_counter = 0;   ///< 19-digit ids (volumes, files, load tasks) so far
  std::int64_t connector_id_counter = 0;  ///< connector ids issued so far (first: 100001)
  std::map<std::int64_t, Catalog> catalogs;
  std::map<std::int64_t, Database> databases;
  std::map<std::string, Volume> volumes;
  std::map<std::string, StoredFile> files;
  std::map<std::string, Folder> folders;
  std::map<std::string, LoadTask> load_tasks;
  std::map<std::int64_t, Connector> connectors;
  std::map<std::string, StagedFile> staged_files;
  /// GenAI jobs by id.
  std::map<std::string, GenaiJob> genai_jobs;
  /// Signs download links (F4/F5): random, made at the first link, kept in the 0600 state file.
  std::string link_secret;
  /// The LLM proxy's records, as the wire shows them (routes_llm.cpp):
  /// {"next_session_id", "next_message_id", "sessions": {id: Session}, "messages": {id: Message}}.
  json llm = json::object();
  /// NL2SQL business knowledge (routes_ask.cpp), by id; ids issued so far.
  std::int64_t knowledge_id_counter = 0;
  std::map<std::int64_t, KnowledgeEntry> knowledge;
  /// Users, roles and audit logs (routes_access.cpp), as stored: {"next_user_id",
  /// "next_role_id", "users": {id: User}, "roles": {id: Role}, "user_logs": [Log],
  /// "role_logs": [Log]}. Users' API keys and password hashes live here (a 0600 file).
  json access = json::object();
  /// Who sends the request being handled: set by the service for each request from its
  /// moi-key, never persisted. The start-up key (or any key when none was set) is the
  /// administrator.
  struct Caller {
    bool admin = true;
    std::int64_t user_id = 0;  ///< 0 for the administrator
    std::string name;          ///< the user's name ("" for the administrator: Settings)
    std::string key;           ///< the key the request carried
  } caller;
};

/// The BlobStore name of a file's bytes.
inline const std::string& blob_of(const StoredFile& file) {
  return file.blob.empty() ? file.id : file.blob;
}

/// The state file's document: {"format": "moi-emulator-state", "version": 1, ...}.
json state_to_json(const State& state);
/// Throws if the document is not a state file or does not have the expected shape.
State state_from_json(const json& document);

}  // namespace moi::emulator::detail
