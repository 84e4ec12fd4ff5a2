// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// CatalogClient: catalogs, databases and volumes (`/catalog/...` at the host root).

#include <memory>
#include <string>
#include <vector>

#include "moi/model/catalog.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Catalogs, databases and volumes. Obtain one from Client::catalog().
///
/// These calls sit at the host root (`<base URL>/catalog/...`, not under `/byoa/api/v1`) and
/// are POSTs with a JSON body; the ones that only read are retried like GETs, the creates and
/// the delete are not retried automatically. Failures are moi::Error subclasses (see
/// moi/error.hpp): InvalidArgumentError before sending for an empty id or name, ServiceError
/// for a non-OK `code` (e.g. "INVALID_ARGUMENT") with the service's message and request id.
/// Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT CatalogClient {
 public:
  /// `/catalog/list`: every catalog.
  std::vector<CatalogInfo> list_catalogs(const CallOptions& options = {}) const;

  /// `/catalog/tree`: catalogs with their databases and volumes (`node_list`).
  std::vector<CatalogNode> tree(const CallOptions& options = {}) const;

  /// `/catalog/create`: creates a catalog and returns its id.
  std::string create_catalog(const CreateCatalogRequest& request,
                             const CallOptions& options = {}) const;

  /// `/catalog/database/create`: creates a database in a catalog and returns its id.
  std::string create_database(const CreateDatabaseRequest& request,
                              const CallOptions& options = {}) const;

  /// `/catalog/database/children`: the volumes of a database.
  std::vector<CatalogNode> database_children(const std::string& database_id,
                                             const CallOptions& options = {}) const;

  /// `/catalog/volume/create`: creates a volume in a database and returns its id.
  std::string create_volume(const CreateVolumeRequest& request,
                            const CallOptions& options = {}) const;

  /// `/catalog/volume/info`: one volume.
  VolumeInfo get_volume(const std::string& volume_id, const CallOptions& options = {}) const;

  /// `/catalog/volume/delete`: deletes a volume with its files. Not retried automatically.
  void delete_volume(const std::string& volume_id, const CallOptions& options = {}) const;

  /// `/catalog/volume/full_path`: the catalog/database/volume names leading to each id.
  FullPathResponse full_path(const FullPathRequest& request, const CallOptions& options = {}) const;

  /// `/catalog/info`: one catalog (id, name, description).
  CatalogInfo get_catalog(const std::string& catalog_id, const CallOptions& options = {}) const;

  /// `/catalog/update`: renames a catalog and sets its description. The service replaces the
  /// description with what is sent, so when `request.description` is unset the current one
  /// is read first (one more call) and sent back unchanged.
  void update_catalog(const UpdateCatalogRequest& request, const CallOptions& options = {}) const;

  /// `/catalog/delete`: deletes a catalog. The documents allow it only when nothing depends on
  /// it (the service answers a ServiceError otherwise; never rely on a cascade). Not retried.
  void delete_catalog(const std::string& catalog_id, const CallOptions& options = {}) const;

  /// `/catalog/ref_list` (SDK-only): what references the catalog's volumes.
  std::vector<VolumeRef> catalog_refs(const std::string& catalog_id,
                                      const CallOptions& options = {}) const;

  /// `/catalog/database/list`: the databases of a catalog (not paged).
  std::vector<DatabaseInfo> list_databases(const std::string& catalog_id,
                                           const CallOptions& options = {}) const;

  /// `/catalog/database/info`: one database.
  DatabaseInfo get_database(const std::string& database_id, const CallOptions& options = {}) const;

  /// `/catalog/database/update`: sets a database's description (databases cannot be renamed).
  void update_database(const UpdateDatabaseRequest& request, const CallOptions& options = {}) const;

  /// `/catalog/database/delete`: deletes a database; as delete_catalog(). Not retried.
  void delete_database(const std::string& database_id, const CallOptions& options = {}) const;

  /// `/catalog/database/ref_list` (SDK-only): what references the database's volumes.
  std::vector<VolumeRef> database_refs(const std::string& database_id,
                                       const CallOptions& options = {}) const;

  /// `/catalog/volume/update`: renames a volume and sets its description. The service needs
  /// both, so an unset one is read first (one more call) and sent back unchanged.
  void update_volume(const UpdateVolumeRequest& request, const CallOptions& options = {}) const;

  /// `/catalog/volume/ref_list` (SDK-only): what references the volume (workflows).
  std::vector<VolumeRef> volume_refs(const std::string& volume_id,
                                     const CallOptions& options = {}) const;

  /// `/catalog/volume/add_ref_workflow` (SDK-only): marks the volume as used by a workflow
  /// (only the volume id is sent, as in the official SDKs). Not retried.
  void add_volume_workflow_ref(const std::string& volume_id, const CallOptions& options = {}) const;

  /// `/catalog/volume/remove_ref_workflow` (SDK-only): removes that mark. Not retried.
  void remove_volume_workflow_ref(const std::string& volume_id,
                                  const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::catalog())
  explicit CatalogClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
