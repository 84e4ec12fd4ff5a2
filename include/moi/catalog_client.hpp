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

 private:
  friend class Client;  // hands out resource clients (Client::catalog())
  explicit CatalogClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
