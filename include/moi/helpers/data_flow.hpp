// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// From files on disk to an export: find-after-create lookups, the upload-and-load flow, and
/// the mapping of loaded or processed files to export `files[]` entries.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "moi/client.hpp"
#include "moi/error.hpp"
#include "moi/helpers/waiters.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// A lookup by name found nothing, or more than one object (then candidates() lists their
/// ids, newest first, and the message names them): the SDK never guesses. Not retryable.
class MOI_EXPORT LookupError : public Error {
 public:
  /// @p message names what was looked for and the candidates.
  LookupError(const std::string& message, std::vector<std::string> candidates);
  /// Ids of the objects that matched (empty when none did).
  const std::vector<std::string>& candidates() const noexcept { return candidates_; }

 private:
  std::vector<std::string> candidates_;
};

/// The connector named exactly @p name (`/connectors/list` filtered by keyword, all pages),
/// for ConnectorClient::create(), which answers no id.
/// @throws LookupError when none or several have that name, or a moi::Error of the calls.
MOI_EXPORT Connector find_connector_by_name(const ConnectorClient& connectors,
                                            const std::string& name,
                                            const CallOptions& options = {});

/// The export task named exactly @p name (and created by @p creator when not empty), for
/// ExportClient::create(), which answers no id. Lists newest first.
/// @throws LookupError when none or several match, or a moi::Error of the calls.
MOI_EXPORT ExportTaskListItem find_export_task_by_name(const ExportClient& exports,
                                                       const std::string& name,
                                                       const std::string& creator = {},
                                                       const CallOptions& options = {});

/// The branch of workflow @p workflow_id named exactly @p name (B2), for
/// WorkflowClient::create_branch(), which answers no id.
/// @throws LookupError when none or several match, or a moi::Error of the calls.
MOI_EXPORT WorkflowListItem find_branch_by_name(const WorkflowClient& workflows,
                                                const std::string& workflow_id,
                                                const std::string& name,
                                                const CallOptions& options = {});

/// What find_by_path() found: the object a `catalog[/database[/volume]]` path names and the
/// ids of its parents. Ids are as `/catalog/tree` sends them (strings, exact).
struct CatalogPath {
  std::string catalog_id;   ///< The catalog (always set).
  std::string database_id;  ///< The database (set when the path has 2 or 3 parts).
  std::string volume_id;    ///< The volume (set when the path has 3 parts).
  CatalogNode node;         ///< The named node itself (its last part), as the tree sent it.
  /// The id of the named object: volume_id, else database_id, else catalog_id.
  const std::string& id() const noexcept {
    return !volume_id.empty() ? volume_id : !database_id.empty() ? database_id : catalog_id;
  }
};

/// The catalog, database or volume named by @p path, `CATALOG`, `CATALOG/DATABASE` or
/// `CATALOG/DATABASE/VOLUME` (names matched exactly; one leading or trailing '/' is ignored),
/// found in one `/catalog/tree` call. A tree node whose `type` is another kind (e.g. a table
/// or folder named like the volume) is not a match; a node without `type` is.
/// Thread-safe as the client is.
/// @throws InvalidArgumentError when @p path is empty, has an empty part (`a//b`) or more than
///         3 parts (nothing sent); LookupError naming the missing part and where it was looked
///         for (`no volume "v" in database "c/d"`, with the names that do exist there) or,
///         when several objects carry the name, naming them (candidates() are their ids); a
///         moi::Error of the call.
MOI_EXPORT CatalogPath find_by_path(const CatalogClient& catalog, const std::string& path,
                                    const CallOptions& options = {});

/// find_by_path() for a path that must name a volume (`CATALOG/DATABASE/VOLUME`, 3 parts);
/// its volume_id is the id a workflow or an upload takes.
/// @throws InvalidArgumentError when @p path does not have 3 parts, else as find_by_path().
MOI_EXPORT CatalogPath find_volume_by_path(const CatalogClient& catalog, const std::string& path,
                                           const CallOptions& options = {});

/// Where load_files() puts the files: the volume `volume_name` in database `database_name` of
/// catalog `catalog_name`, each found by name in `/catalog/tree` or created when missing.
struct LoadFilesRequest {
  std::string catalog_name = "moi-sdk";   ///< Catalog holding the volume.
  std::string database_name = "default";  ///< Database holding the volume.
  std::string volume_name;                ///< Volume to upload into (required).
  std::vector<UploadFile> files;          ///< Local files (at least one).
  /// Passed to UploadRequest::max_file_bytes.
  std::uint64_t max_file_bytes = std::uint64_t{200} * 1024 * 1024;
  /// Upload progress, as UploadRequest::on_progress.
  std::function<void(const UploadProgress&)> on_upload_progress;
  /// Throw a ServiceError with code "LOAD_FAILED" naming the files that failed to load (and
  /// lose the ids of those that loaded). By default load_files() returns normally: the files
  /// that loaded are in LoadedVolume::files, those that failed in LoadedVolume::load.failed
  /// (with their reasons). (Before 0.4.0 throwing was the default, `allow_failed_files`.)
  bool throw_on_failed_files = false;
  /// How to wait for the load task (timeout, polling, progress).
  LoadTaskWaitOptions wait;
  /// Options of every other call (timeouts, cancellation).
  CallOptions call;
};

/// One file loaded into the volume, ready for a workflow or an export.
struct LoadedFile {
  std::string file_id;  ///< Catalog file id.
  std::string name;     ///< File name.
  /// Names from the volume down to the file ({"docs", "a.pdf"}): an export's `full_path`.
  std::vector<std::string> full_path;
};

/// What load_files() did.
struct LoadedVolume {
  std::string catalog_id;         ///< The catalog (found or created).
  std::string database_id;        ///< The database (found or created).
  std::string volume_id;          ///< The volume (found or created): a workflow's source.
  bool volume_created = false;    ///< Whether load_files() created the volume.
  UploadResponse upload;          ///< The upload's answer.
  LoadTaskOutcome load;           ///< The finished load task with all its files.
  std::vector<LoadedFile> files;  ///< The files that loaded, in the task's order.
  /// Names the volume already held before the upload (find_files_by_name()), one line each:
  /// the volume now has two files of that name, whose export paths collide. Not an error.
  std::vector<std::string> warnings;
};

/// The way to start: finds or creates the volume, uploads the files (streamed, with
/// progress), waits for the load task and returns the loaded files with their ids and paths.
/// Files that fail to load do not make it throw: check `load.failed` (the others are in
/// `files`), or set LoadFilesRequest::throw_on_failed_files.
/// @throws InvalidArgumentError for an empty catalog, database or volume name, an empty file
///         list, or a file FileClient::upload() would refuse (missing, not a readable regular
///         file, too large, a refused name): all checked before the first call, so nothing is
///         sent and no catalog, database or volume is created; LookupError when a name matches
///         several catalogs/databases/volumes (before anything is created); ServiceError
///         "LOAD_FAILED" when files fail to load and throw_on_failed_files is set (the message
///         names them and their reasons; the upload happened); WaitTimeoutError,
///         CancelledError, or a moi::Error of the calls.
MOI_EXPORT LoadedVolume load_files(const Client& client, const LoadFilesRequest& request);

/// Export `files[]` entries for loaded files (`is_raw` true: the uploaded originals).
MOI_EXPORT std::vector<ExportFile> to_export_files(const std::vector<LoadedFile>& files);

/// Export `files[]` entries for the files of job @p job_id that completed (all J3 pages):
/// `file_id` is the job file's `source_id` (its file in the source volume, a catalog file id;
/// else `ref_file_id`, else `id`), `full_path` is
/// {@p volume_name, file name} and `is_raw` is @p raw. This mapping is a GUESS (the documents
/// do not connect J3 to E1; see docs/data-in.md).
MOI_EXPORT std::vector<ExportFile> export_files_from_job(const JobClient& jobs,
                                                         const std::string& job_id,
                                                         const std::string& volume_name,
                                                         bool raw = true,
                                                         const CallOptions& options = {});

/// The files of volume @p volume_id named exactly one of @p names (`/catalog/file/list`
/// filtered by the volume and those names, every page), in the service's order. Uploading a
/// file under a name the volume holds gives it two files of one name, whose export paths
/// ({volume, name}) collide: load_files() reports them in LoadedVolume::warnings and
/// `moi file upload` warns about them. Empty names are ignored; no call is made when none is
/// left or @p volume_id is empty.
/// @throws a moi::Error of the calls. Thread-safe as the client is.
MOI_EXPORT std::vector<FileInfo> find_files_by_name(const FileClient& files,
                                                    const std::string& volume_id,
                                                    const std::vector<std::string>& names,
                                                    const CallOptions& options = {});

}  // namespace moi
