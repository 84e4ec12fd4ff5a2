// SPDX-License-Identifier: Apache-2.0
// The endpoint handlers. Each runs under the service's state lock with a Ctx that gives it
// the state, the time "now" and the request; it sets `changed` when it modified the state so
// the service persists before answering.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "blob_store.hpp"
#include "moi_emulator/emulator.hpp"
#include "multipart.hpp"
#include "state.hpp"
#include "table_store.hpp"
#include "validation.hpp"
#include "wire.hpp"

namespace moi::emulator::detail {

/// Fixed for the emulator's lifetime.
struct Settings {
  std::uint64_t seed = 1;
  std::string user_name = "admin";
  std::string user_id;
  bool delete_returns_204 = false;
  /// The start-up key (--api-key): the administrator's. Empty: any key that is not a user's.
  std::string api_key;
};

/// A multipart upload (U1) as read before the state lock is taken (Service::handle): its parts,
/// and the bytes of its "file" parts already stored, durably, in the BlobStore.
struct UploadInput {
  std::optional<std::vector<FormPart>> parts;  ///< nullopt: not multipart, or malformed
  int error_status = 400;                      ///< 413 past the part cap
  std::string error;                           ///< why `parts` is nullopt (one line)
  std::vector<std::string> blobs;  ///< one per file part ("file" for U1, "files" for G1), in order
  bool adopted = false;            ///< set when the state records `blobs`
};

/// The data-asking streams (D1) the emulator answered, by request id, for D2 (cancel): the flag
/// a stream's writer watches (Reply::stream_cancel), alive while the stream is. Not part of
/// the state: a restart ends every stream. Used under the state lock only.
struct RunningAnalyses {
  std::map<std::string, std::weak_ptr<std::atomic<bool>>> flags;
};

struct Ctx {
  State& state;
  const Settings& settings;
  const BehaviorOptions& behavior;
  std::int64_t now;
  const std::vector<std::string>& args;  ///< path parameters
  const QueryParams& query;
  const std::string& body;
  const std::string& content_type;  ///< the request's Content-Type (multipart upload)
  const std::string& base_url;      ///< "http://HOST:PORT" of this emulator (download links)
  const std::string& request_id;    ///< `request_id` of host-root answers
  BlobStore& blobs;                 ///< uploaded files' bytes
  TableStore& tables;  ///< catalog tables and their rows (in the request's transaction)
  bool changed = false;
  /// Blobs to remove once the change is persisted (a failed write keeps them).
  std::vector<std::string> blobs_to_remove;
  UploadInput* upload = nullptr;  ///< U1 and G1 only
  /// F5: the blob whose bytes become the answer's body, read once the state lock is released.
  std::string blob_to_send;
  RunningAnalyses* analyses = nullptr;  ///< D1 and D2 (the service's)

  /// The next id of the seeded sequence.
  std::string new_id();
  /// A creation time: `now`, bumped past the previous one so creation order is total.
  std::int64_t new_created_at();
  /// The same for a creation that happened at `at` (<= now): a triggered job.
  std::int64_t new_created_at(std::int64_t at);
  /// The next 19-digit decimal id (volumes, files, load tasks): increasing, seeded.
  std::string new_numeric_id();
  /// The next small integer id (catalogs, databases: 1, 2, ...).
  std::int64_t new_small_id();
  /// The next connector id (100001, 100002, ...).
  std::int64_t new_connector_id();
};

/// Runs the handler of `endpoint`.
Reply dispatch(Endpoint endpoint, Ctx& ctx);

// Workflows and branches (routes_workflow.cpp).
Reply create_workflow(Ctx& ctx);
Reply list_workflows(Ctx& ctx);
Reply get_workflow(Ctx& ctx);
Reply update_workflow(Ctx& ctx);
Reply delete_workflow(Ctx& ctx);
Reply stop_workflow(Ctx& ctx);
Reply rerun_workflow(Ctx& ctx);
Reply create_branch(Ctx& ctx);
Reply list_branches(Ctx& ctx);
Reply get_branch(Ctx& ctx);
Reply update_branch(Ctx& ctx);
Reply delete_branch(Ctx& ctx);

// Jobs (routes_job.cpp).
Reply list_jobs(Ctx& ctx);
Reply get_job(Ctx& ctx);
Reply list_job_files(Ctx& ctx);
Reply retry_job_files(Ctx& ctx);
Reply get_job_status(Ctx& ctx);
/// Starts a job of `workflow` on `branch` now: one file per `files` item, else per source
/// volume its loaded uploaded files, or files_per_volume simulated files for a volume without
/// any. Records the uploaded files taken in the workflow's processed_file_ids. Returns the id.
std::string start_job(Ctx& ctx, Workflow& workflow, const Branch& branch);
/// Starts the jobs that periodic (interval > 0) and triggered (-1) workflows would have
/// started up to now (each at its own time). Runs before every request.
void run_triggers(Ctx& ctx);

// Catalogs, databases, volumes, files (routes_catalog.cpp).
Reply list_catalogs(Ctx& ctx);
Reply catalog_tree(Ctx& ctx);
Reply create_catalog(Ctx& ctx);
Reply create_database(Ctx& ctx);
Reply database_children(Ctx& ctx);
Reply create_volume(Ctx& ctx);
Reply get_volume(Ctx& ctx);
Reply delete_volume(Ctx& ctx);
Reply volume_full_path(Ctx& ctx);
Reply list_files(Ctx& ctx);
Reply get_file(Ctx& ctx);
Reply delete_file(Ctx& ctx);
Reply file_download_link(Ctx& ctx);
Reply fetch_file(Ctx& ctx);
Reply get_catalog(Ctx& ctx);
Reply update_catalog(Ctx& ctx);
Reply delete_catalog(Ctx& ctx);
Reply catalog_refs(Ctx& ctx);
Reply list_databases(Ctx& ctx);
Reply get_database(Ctx& ctx);
Reply update_database(Ctx& ctx);
Reply delete_database(Ctx& ctx);
Reply database_refs(Ctx& ctx);
Reply update_volume(Ctx& ctx);
Reply volume_refs(Ctx& ctx);
/// C21 (+1) and C22 (-1): a volume's add_ref_workflow marks.
Reply mark_volume_workflow_ref(Ctx& ctx, int delta);

// Catalog helpers shared by the catalog and folder routes (routes_catalog.cpp).
/// A required, non-empty `name` of the body.
std::optional<std::string> read_name(const json& root, Errors& e);
/// The body's `description`, "" when absent or null.
std::string description_of(const json& root, Errors& e);
const Volume* find_volume(const State& state, const std::string& id);
/// "/a/b" for a file in folder b inside folder a ("" at the volume's root).
std::string folder_path(const State& state, const std::string& parent_id);
/// A file as /catalog/file/list and /catalog/file/info show it.
json file_record(const Ctx& ctx, const StoredFile& f);
/// Reads {"<key>": ...} as decimal text (string or integer); sets `error` when it cannot.
std::optional<std::string> read_id_body(Ctx& ctx, const char* key, Reply& error);
/// Marks a file deleted and schedules its bytes' removal.
void delete_stored_file(Ctx& ctx, StoredFile& f);

// File records, folders and health (routes_folder.cpp).
Reply create_file_record(Ctx& ctx);
Reply rename_file(Ctx& ctx);
Reply delete_file_ref(Ctx& ctx);
Reply create_upload_record(Ctx& ctx);
Reply create_folder(Ctx& ctx);
Reply rename_folder(Ctx& ctx);
Reply delete_folder(Ctx& ctx);
Reply clean_folder(Ctx& ctx);
Reply folder_refs(Ctx& ctx);
Reply health(Ctx& ctx);

// Upload and load tasks (routes_load.cpp).
Reply upload_files(Ctx& ctx);
Reply get_load_task(Ctx& ctx);
Reply list_load_task_files(Ctx& ctx);
Reply create_load_task(Ctx& ctx);
Reply list_load_tasks(Ctx& ctx);
Reply update_load_task(Ctx& ctx);
Reply delete_load_task(Ctx& ctx);
Reply pause_load_task(Ctx& ctx);
Reply resume_load_task(Ctx& ctx);
Reply retry_load_task(Ctx& ctx);
Reply connectors_summary(Ctx& ctx);

// Connectors (routes_connector.cpp).
Reply create_connector(Ctx& ctx);
Reply validate_connector(Ctx& ctx);
Reply list_connectors(Ctx& ctx);
Reply update_connector(Ctx& ctx);
Reply delete_connector(Ctx& ctx);
Reply list_connector_files(Ctx& ctx);

// Catalog tables (routes_table.cpp): every TB* endpoint.
Reply table_dispatch(Endpoint endpoint, Ctx& ctx);
/// U1 with a `table_config` part: imports the staged files it names and `files` (CSV) into a
/// new or existing table, all or nothing, as a load task that is finished at once.
Reply import_into_table(Ctx& ctx, const std::string& table_config,
                        const std::vector<const FormPart*>& files);
/// T1's `task` of such an import.
json table_task_json(const Ctx& ctx, const LoadTask& task);
/// The tables of a database as /catalog/database/children items (`type` "table").
json table_children(const Ctx& ctx, std::int64_t database_id);
// The GenAI atomic pipeline (routes_genai.cpp).
Reply genai_submit(Ctx& ctx);
Reply genai_get_job(Ctx& ctx);
/// G3 and G4: the result ZIP of one completed file.
Reply genai_result(Ctx& ctx);
Reply genai_workflow(Ctx& ctx);

// The LLM proxy (routes_llm.cpp): every L* endpoint.
Reply llm_dispatch(Endpoint endpoint, Ctx& ctx);
/// A `{"detail": text}` error reply in the proxy's OpenAI shape
/// `{"error": {"message", "type", "code"}}`; other replies unchanged.
Reply to_llm_error(Reply reply);

// Data asking, NL2SQL and business knowledge (routes_ask.cpp): every D* and N* endpoint.
Reply ask_dispatch(Endpoint endpoint, Ctx& ctx);

// Export tasks (routes_export.cpp).
Reply create_export_task(Ctx& ctx);
Reply list_export_tasks(Ctx& ctx);
Reply get_export_task(Ctx& ctx);
Reply list_export_files(Ctx& ctx);
Reply rerun_export_task(Ctx& ctx);
Reply delete_export_task(Ctx& ctx);

// --- helpers shared by the handlers ---------------------------------------------------------

/// Three-way comparison for sort keys.
template <typename T>
int compare3(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

/// Sorts by `cmp` (three-way), ties broken by `tie` (three-way, must be total), fully reversed
/// when descending: the descending list is exactly the ascending one backwards.
template <typename T, typename Cmp, typename Tie>
void sort_total(std::vector<const T*>& items, Cmp cmp, Tie tie, bool descending) {
  std::sort(items.begin(), items.end(), [&](const T* a, const T* b) {
    int c = cmp(*a, *b);
    if (c == 0) c = tie(*a, *b);
    return descending ? c > 0 : c < 0;
  });
}

/// items[offset, offset + limit), without overflow for any offset >= 0 and limit >= 1.
template <typename T>
std::vector<const T*> slice(const std::vector<const T*>& items, std::int64_t offset,
                            std::int64_t limit) {
  const auto size = static_cast<std::int64_t>(items.size());
  const std::int64_t begin = std::min(offset, size);
  const std::int64_t end = limit >= size - begin ? size : begin + limit;
  return std::vector<const T*>(items.begin() + begin, items.begin() + end);
}

/// The offset of page `page_num` (from 1), saturating instead of overflowing.
std::int64_t page_offset(std::int64_t page_num, std::int64_t page_size);

/// True for "asc", "ascend", "ascending" in any letter case (everything else is descending).
bool is_ascending(const std::string& order);

/// Case-insensitive (ASCII) substring test; an empty needle matches.
bool contains_ci(const std::string& haystack, const std::string& needle);

/// True if any element of `values` is in `wanted` (or `wanted` is empty).
bool any_in(const std::vector<std::int64_t>& values, const std::vector<std::int64_t>& wanted);
bool one_of(std::int64_t value, const std::vector<std::int64_t>& wanted);

/// FileType from a file name's extension (0 NIL when unknown).
std::int64_t file_type_for_name(const std::string& name);
/// A file extension for a FileType ("pdf" for 2, ...).
std::string extension_for_type(std::int64_t file_type);

/// 404 answers (`{"detail": "<what> not found"}`).
Reply not_found(const std::string& what);

// --- helpers of the host-root handlers ------------------------------------------------------

/// 200 with `data` in the `"code": "OK"` envelope.
Reply root_ok(const Ctx& ctx, json data);
/// 400 INVALID_ARGUMENT with a one-line message.
Reply bad_argument(const Ctx& ctx, const std::string& msg);
/// 404 NOT_FOUND with a one-line message.
Reply root_not_found(const Ctx& ctx, const std::string& msg);
/// The validation errors as one line: "name: Field required; catalog_id: Input should be ...".
std::string errors_line(const Errors& errors);
/// A JSON body that may be empty (an empty object then); nullopt after recording an error.
std::optional<json> root_body(const Ctx& ctx, Errors& errors);
/// An id sent as a JSON string or integer, as decimal text (never through a double).
std::optional<std::string> read_id_text(const json& obj, const Loc& loc, const char* key, Need need,
                                        Errors& errors);
/// A list of ids (JSON strings or integers) as decimal text; absent or null: empty.
std::vector<std::string> read_list_of_ids(const json& obj, const char* key, Errors& errors,
                                          const Loc& loc = Loc{"body"});
/// How long a download link (F4, TB8) works, in seconds.
inline constexpr std::int64_t kDownloadLinkSeconds = 3600;
/// A download link (F4, TB8, U4) for `key` (a file id, "table/<id>[/user/<id>]",
/// "staged/<id>"): `<base_url><path>/<url_encode(name)>?expires=<unix s>`, then `query` (e.g.
/// "&user=7"), then `&token=<HMAC-SHA-256 of key and expires under the state's link secret>`;
/// valid for kDownloadLinkSeconds. Makes the link secret on first use.
std::string signed_link(Ctx& ctx, const std::string& path, const std::string& name,
                        const std::string& key, const std::string& query = "");
/// Whether `token` signs `key` until `expires` (decimal unix seconds, then safe to std::stoll);
/// whether the link has expired is the caller's check.
bool link_token_valid(const Ctx& ctx, const std::string& key,
                      const std::optional<std::string>& token,
                      const std::optional<std::string>& expires);
/// Percent-encodes everything but unreserved characters (a link's path segment).
std::string url_encode(const std::string& s);
/// Unix seconds (floor) of epoch milliseconds.
std::int64_t unix_seconds(std::int64_t epoch_ms);
/// A loaded, not deleted uploaded file at `now` (a catalog file).
bool is_catalog_file(const StoredFile& file, std::int64_t now);

}  // namespace moi::emulator::detail
