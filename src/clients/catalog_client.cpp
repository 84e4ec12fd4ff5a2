// SPDX-License-Identifier: Apache-2.0
#include "moi/catalog_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/id_body.hpp"
#include "clients/validate.hpp"

namespace moi {

using detail::id_body;
using detail::make_call;
namespace ep = detail::endpoints;

CatalogClient::CatalogClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

std::vector<CatalogInfo> CatalogClient::list_catalogs(const CallOptions& options) const {
  auto call = make_call(ep::kC1ListCatalogs);
  call.body = Json::object();
  return runner_->run_as<CatalogListResponse>(call, options).list;
}

std::vector<CatalogNode> CatalogClient::tree(const CallOptions& options) const {
  auto call = make_call(ep::kC2CatalogTree);
  call.body = Json::object();
  return runner_->run_as<CatalogNodesResponse>(call, options).tree;
}

std::string CatalogClient::create_catalog(const CreateCatalogRequest& request,
                                          const CallOptions& options) const {
  detail::require_non_empty("catalog name", request.name);
  auto call = make_call(ep::kC3CreateCatalog);
  call.body = Json(request);
  return runner_->run_as<IdBody>(call, options).id;
}

std::string CatalogClient::create_database(const CreateDatabaseRequest& request,
                                           const CallOptions& options) const {
  detail::require_non_empty("catalog_id", request.catalog_id);
  detail::require_non_empty("database name", request.name);
  auto call = make_call(ep::kC4CreateDatabase);
  call.body = Json(request);
  return runner_->run_as<IdBody>(call, options).id;
}

std::vector<CatalogNode> CatalogClient::database_children(const std::string& database_id,
                                                          const CallOptions& options) const {
  auto call = make_call(ep::kC5DatabaseChildren);
  call.body = id_body("database_id", database_id);
  return runner_->run_as<CatalogNodesResponse>(call, options).list;
}

std::string CatalogClient::create_volume(const CreateVolumeRequest& request,
                                         const CallOptions& options) const {
  detail::require_non_empty("database_id", request.database_id);
  detail::require_non_empty("volume name", request.name);
  auto call = make_call(ep::kC6CreateVolume);
  call.body = Json(request);
  return runner_->run_as<IdBody>(call, options).id;
}

VolumeInfo CatalogClient::get_volume(const std::string& volume_id,
                                     const CallOptions& options) const {
  auto call = make_call(ep::kC7GetVolume);
  call.body = id_body("volume_id", volume_id);
  return runner_->run_as<VolumeInfo>(call, options);
}

void CatalogClient::delete_volume(const std::string& volume_id, const CallOptions& options) const {
  auto call = make_call(ep::kC8DeleteVolume);
  call.body = id_body("volume_id", volume_id);
  runner_->run_void(call, options);
}

FullPathResponse CatalogClient::full_path(const FullPathRequest& request,
                                          const CallOptions& options) const {
  if (request.volume_id_list.empty() && request.database_id_list.empty() &&
      request.folder_id_list.empty()) {
    throw InvalidArgumentError("full_path needs at least one volume, database or folder id");
  }
  auto call = make_call(ep::kC9FullPath);
  call.body = Json(request);
  return runner_->run_as<FullPathResponse>(call, options);
}

}  // namespace moi
