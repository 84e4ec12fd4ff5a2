// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Catalogs, databases, volumes and files (the data-explore calls at the host root:
/// `/catalog/...`).
///
/// Conventions (keys kept in `extra`, optional members, wire fidelity, DecodeError paths,
/// thread-safety) are described in moi/model/common.hpp. Ids are text in the SDK and accepted
/// on the wire as JSON strings or integers, exactly (19-digit ids never pass through a
/// double); catalog and database ids are sent as JSON integers, as the documents type them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
#include "moi/model/load_task.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// `{"id": ...}`: the body of the calls that take one id (volume info/delete, database
/// children, file info/delete) and the `data` of the creates and deletes that answer one.
struct IdBody {
  std::string id{};                ///< The id (required on decoding).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(IdBody);

/// One catalog of `/catalog/list`.
struct CatalogInfo {
  std::optional<std::string> id{};               ///< Catalog id (an integer on the wire).
  std::optional<std::string> name{};             ///< Catalog name.
  std::optional<std::string> description{};      ///< Free text.
  std::optional<std::int64_t> database_count{};  ///< Databases in the catalog.
  std::optional<std::int64_t> volume_count{};    ///< Volumes in the catalog.
  std::optional<std::int64_t> file_count{};      ///< Files in the catalog.
  std::optional<std::int64_t> table_count{};     ///< Tables in the catalog.
  std::optional<bool> reserved{};                ///< A system catalog.
  Timestamp created_at{};                        ///< As sent (ISO-8601 or unix seconds).
  Timestamp updated_at{};                        ///< As sent.
  std::optional<std::string> created_by{};       ///< User name.
  std::optional<std::string> updated_by{};       ///< User name.
  Json extra{};                                  ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};                ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CatalogInfo);

/// One node of `/catalog/tree` (a catalog, database, volume or folder) or of
/// `/catalog/database/children`. Nodes nest through `node_list`.
struct CatalogNode {
  std::optional<std::string> id{};    ///< Node id (a string in the tree).
  std::optional<std::string> name{};  ///< Node name.
  /// Node kind as sent: "catalog", "database", "volume", "folder", ...
  std::optional<std::string> type{};
  std::optional<std::string> description{};  ///< Free text.
  std::vector<CatalogNode> node_list{};      ///< Children; empty when absent or null.
  /// Some workflow writes into it (tree nodes).
  std::optional<bool> has_workflow_target_ref{};
  std::optional<std::int64_t> size{};            ///< Bytes (children answers).
  std::optional<std::int64_t> children_count{};  ///< Direct children (children answers).
  std::optional<bool> reserved{};                ///< A system object.
  Timestamp created_at{};                        ///< As sent.
  Timestamp updated_at{};                        ///< As sent.
  std::optional<std::string> created_by{};       ///< User name.
  std::optional<std::string> updated_by{};       ///< User name.
  Json extra{};                                  ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};                ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CatalogNode);

/// `data` of `/catalog/list`. `list` is empty when absent or null.
struct CatalogListResponse {
  std::vector<CatalogInfo> list{};  ///< Every catalog.
  Json extra{};                     ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};   ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CatalogListResponse);

/// `data` of `/catalog/tree` (`tree`) and of `/catalog/database/children` (`list`); the
/// member the call does not use stays empty.
struct CatalogNodesResponse {
  std::vector<CatalogNode> tree{};  ///< Catalogs with their databases and volumes.
  std::vector<CatalogNode> list{};  ///< A database's volumes.
  Json extra{};                     ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};   ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CatalogNodesResponse);

/// Body of `/catalog/create`.
struct CreateCatalogRequest {
  std::string name{};                        ///< Catalog name (required).
  std::optional<std::string> description{};  ///< Free text.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateCatalogRequest);

/// Body of `/catalog/database/create`.
struct CreateDatabaseRequest {
  std::string catalog_id{};                  ///< Parent catalog (sent as a JSON integer).
  std::string name{};                        ///< Database name (required).
  std::optional<std::string> description{};  ///< Free text.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateDatabaseRequest);

/// Body of `/catalog/volume/create`.
struct CreateVolumeRequest {
  std::string database_id{};                 ///< Parent database (sent as a JSON integer).
  std::string name{};                        ///< Volume name (required).
  std::optional<std::string> description{};  ///< Free text.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateVolumeRequest);

/// `data` of `/catalog/volume/info`.
struct VolumeInfo {
  std::optional<std::string> id{};           ///< Volume id.
  std::optional<std::string> name{};         ///< Volume name.
  std::optional<std::string> description{};  ///< Free text.
  Timestamp created_at{};                    ///< As sent.
  Timestamp updated_at{};                    ///< As sent.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(VolumeInfo);

/// Body of `/catalog/volume/full_path`: the ids whose paths to resolve (empty lists are sent
/// as empty arrays, as the official SDKs do).
struct FullPathRequest {
  std::vector<std::string> volume_id_list{};    ///< Volumes.
  std::vector<std::string> database_id_list{};  ///< Databases.
  std::vector<std::string> folder_id_list{};    ///< Folders.
  Json extra{};                                 ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};               ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FullPathRequest);

/// One resolved path: the ids and names from the catalog down to the object.
struct FullPath {
  std::vector<std::string> id_list{};    ///< Ids, outermost first.
  std::vector<std::string> name_list{};  ///< Names, outermost first.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FullPath);

/// `data` of `/catalog/volume/full_path`, in the order of the request's lists.
struct FullPathResponse {
  std::vector<FullPath> volume_full_path{};    ///< One per volume id.
  std::vector<FullPath> database_full_path{};  ///< One per database id.
  std::vector<FullPath> folder_full_path{};    ///< One per folder id.
  Json extra{};                                ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};              ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FullPathResponse);

/// One filter of `/catalog/file/list`: `name` is "volume_id", "parent_id", "file_name" or
/// "ref_file_id"; `fuzzy` matches substrings.
struct FileFilter {
  std::string name{};                 ///< The filtered field.
  std::vector<std::string> values{};  ///< Accepted values.
  std::optional<bool> fuzzy{};        ///< Substring match; server default false.
  Json extra{};                       ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};     ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FileFilter);

/// Body of `/catalog/file/list`. Unset members are not sent.
struct ListFilesRequest {
  std::optional<std::int64_t> page{};       ///< 1-based page number; server default 1.
  std::optional<std::int64_t> page_size{};  ///< Files per page.
  std::optional<std::string> order{};       ///< "asc" or "desc".
  std::optional<std::string> order_by{};    ///< e.g. "created_at".
  std::vector<FileFilter> filters{};        ///< Not sent when empty.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.

  /// Only the files of volume @p volume_id (adds a `volume_id` filter); returns *this.
  MOI_EXPORT ListFilesRequest& in_volume(std::string volume_id);
};
MOI_MODEL_JSON(ListFilesRequest);

/// One file of `/catalog/file/list` and the `data` of `/catalog/file/info`.
struct FileInfo {
  std::optional<std::string> id{};               ///< File id (a string; numeric-looking or UUID).
  std::optional<std::string> name{};             ///< File name.
  std::optional<std::string> file_type{};        ///< Type as sent (a name or a number, as text).
  std::optional<std::string> file_ext{};         ///< Extension, e.g. ".md".
  std::optional<std::string> origin_file_ext{};  ///< Extension of the original.
  std::optional<std::string> show_type{};        ///< Display type, e.g. "markdown".
  std::optional<std::int64_t> size{};            ///< Bytes.
  std::optional<std::string> volume_id{};        ///< The volume holding the file.
  std::optional<std::string> volume_name{};      ///< Its name.
  std::optional<bool> volume_reserved{};         ///< Whether it is a system volume.
  std::optional<std::string> parent_id{};        ///< The folder holding the file, if any.
  /// Path of names shown to users ("/volume/folder/a.pdf"): what an export's `full_path` holds.
  std::optional<std::string> show_path{};
  std::optional<std::string> save_path{};        ///< Storage path.
  std::optional<std::string> ref_file_id{};      ///< The original of a processed file.
  std::optional<std::string> ref_workflow_id{};  ///< The workflow that produced it.
  Timestamp created_at{};                        ///< As sent.
  Timestamp updated_at{};                        ///< As sent.
  std::optional<std::string> created_by{};       ///< User name.
  Json extra{};                                  ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};                ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FileInfo);

/// `data` of `/catalog/file/list`. `list` is empty when absent or null.
struct FileListResponse {
  std::optional<std::int64_t> total{};  ///< Matching files in all pages.
  std::vector<FileInfo> list{};         ///< This page.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FileListResponse);

/// Body of `/catalog/file/download`.
struct FileLinkRequest {
  std::string file_id{};                   ///< The file (required).
  std::optional<std::string> volume_id{};  ///< Its volume, when known.
  Json extra{};                            ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};          ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FileLinkRequest);

/// `data` of `/catalog/file/download`: a signed URL that serves the file without the key.
struct FileLink {
  std::optional<std::string> link{};  ///< The signed URL (treat it as a secret while valid).
  Json extra{};                       ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};     ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FileLink);

// ---- Completion calls (PLATFORM-NOTES §1): info, update, delete, references, folders -------

/// `{"id": <integer>}`: the body of the catalog and database calls that take one id (catalog
/// and database ids are JSON integers on the wire).
struct NumericIdBody {
  std::string id{};                ///< The id, decimal text (sent as a JSON integer).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(NumericIdBody);

/// `{"id", "name"}`: the `data` of file and folder creates.
struct NamedId {
  std::optional<std::string> id{};    ///< The new object's id.
  std::optional<std::string> name{};  ///< Its name as stored.
  Json extra{};                       ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};     ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(NamedId);

/// Who references a catalog, database, volume or folder (`ref_list` answers). The
/// `ref_type` values are not documented (a workflow reference is the only one seen).
struct VolumeRef {
  std::optional<std::string> volume_id{};    ///< The referenced volume.
  std::optional<std::string> volume_name{};  ///< Its name.
  std::optional<std::string> ref_type{};     ///< What references it, as sent.
  std::optional<std::string> ref_id{};       ///< The referencing object's id.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(VolumeRef);

/// `data` of the `ref_list` calls. `list` is empty when absent or null.
struct RefListResponse {
  std::vector<VolumeRef> list{};   ///< The references.
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RefListResponse);

/// Body of `/catalog/update`. The service replaces the description with what is sent, so
/// CatalogClient::update_catalog() sends the current one when `description` is unset.
struct UpdateCatalogRequest {
  std::string id{};                          ///< The catalog (sent as a JSON integer).
  std::string name{};                        ///< New name (required).
  std::optional<std::string> description{};  ///< New description; unset: keep the current one.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateCatalogRequest);

/// One database of `/catalog/database/list` and the `data` of `/catalog/database/info`.
struct DatabaseInfo {
  std::optional<std::string> id{};             ///< Database id (an integer on the wire).
  std::optional<std::string> name{};           ///< Database name.
  std::optional<std::string> description{};    ///< Free text.
  std::optional<std::int64_t> table_count{};   ///< Tables in the database.
  std::optional<std::int64_t> volume_count{};  ///< Volumes in the database.
  std::optional<std::int64_t> file_count{};    ///< Files in the database.
  std::optional<bool> reserved{};              ///< A system database.
  Timestamp created_at{};                      ///< As sent.
  Timestamp updated_at{};                      ///< As sent.
  std::optional<std::string> created_by{};     ///< User name.
  std::optional<std::string> updated_by{};     ///< User name.
  Json extra{};                                ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};              ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(DatabaseInfo);

/// `data` of `/catalog/database/list`. `list` is empty when absent or null.
struct DatabaseListResponse {
  std::vector<DatabaseInfo> list{};  ///< The catalog's databases (not paged).
  Json extra{};                      ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};    ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(DatabaseListResponse);

/// Body of `/catalog/database/update`. Databases cannot be renamed.
struct UpdateDatabaseRequest {
  std::string id{};                          ///< The database (sent as a JSON integer).
  std::optional<std::string> description{};  ///< New description.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateDatabaseRequest);

/// Body of `/catalog/volume/update`. The service requires all three keys, so
/// CatalogClient::update_volume() sends the current name or description when one is unset.
struct UpdateVolumeRequest {
  std::string id{};                          ///< The volume.
  std::optional<std::string> name{};         ///< New name; unset: keep the current one.
  std::optional<std::string> description{};  ///< New description; unset: keep the current one.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateVolumeRequest);

/// Body of `/catalog/file/create` (SDK-only: registers a file record, carries no bytes).
/// A request built in code sends every key, empty strings included, as the official SDKs do;
/// one decoded from JSON sends back the keys it had.
struct CreateFileRequest {
  std::string name{};             ///< File name (required).
  std::string volume_id{};        ///< Its volume (required).
  std::string parent_id{};        ///< Folder id; empty: the volume's root.
  std::int64_t size = 0;          ///< Bytes.
  std::string show_type{};        ///< Display type, e.g. "markdown".
  std::string origin_file_ext{};  ///< Extension of the original, e.g. ".md".
  std::string ref_file_id{};      ///< The original of a derived file.
  std::string save_path{};        ///< Storage path.
  std::string hash{};             ///< Content hash.
  /// `dedup` (see UploadDedup: records carry no bytes, so "name" is what can match); not sent
  /// when unset.
  std::optional<UploadDedup> dedup{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateFileRequest);

/// `{"id", "name"}` body of `/catalog/file/update` and `/catalog/folder/update` (renames).
struct RenameRequest {
  std::string id{};                ///< The file or folder.
  std::string name{};              ///< New name (required).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RenameRequest);

/// Body of `/catalog/folder/create` and of the JSON form of `/catalog/file/upload`.
struct CreateFolderRequest {
  std::string name{};              ///< Folder (or file record) name (required).
  std::string volume_id{};         ///< Its volume (required).
  std::string parent_id{};         ///< Parent folder id; empty: the volume's root.
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateFolderRequest);

/// Body of the JSON form of `/catalog/file/upload`: the same keys as a folder create.
using FileRecordRequest = CreateFolderRequest;

/// True when @p file (an entry of `/catalog/file/list`) is a folder: its `file_type` is
/// "folder", "dir" or 10 (the documents do not show how a folder is listed; these are the
/// forms seen or guessed).
MOI_EXPORT bool is_folder(const FileInfo& file) noexcept;

/// `data` of `GET /healthz` (answered bare: `{"status": "ok"}`, no envelope).
struct HealthStatus {
  std::optional<std::string> status{};  ///< "ok" when healthy.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(HealthStatus);

}  // namespace moi
