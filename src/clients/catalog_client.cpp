// SPDX-License-Identifier: Apache-2.0
#include "moi/catalog_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/id_body.hpp"
#include "clients/validate.hpp"

namespace moi {

using detail::id_body;
using detail::make_call;
using detail::numeric_id_body;
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

CatalogInfo CatalogClient::get_catalog(const std::string& catalog_id,
                                       const CallOptions& options) const {
  auto call = make_call(ep::kC10GetCatalog);
  call.body = numeric_id_body("catalog_id", catalog_id);
  return runner_->run_as<CatalogInfo>(call, options);
}

void CatalogClient::update_catalog(const UpdateCatalogRequest& request,
                                   const CallOptions& options) const {
  detail::require_non_empty("catalog_id", request.id);
  detail::require_non_empty("catalog name", request.name);
  UpdateCatalogRequest sent = request;
  if (!sent.description)
    sent.description = get_catalog(request.id, options).description.value_or("");
  auto call = make_call(ep::kC11UpdateCatalog);
  call.body = Json(sent);
  runner_->run_void(call, options);
}

void CatalogClient::delete_catalog(const std::string& catalog_id,
                                   const CallOptions& options) const {
  auto call = make_call(ep::kC12DeleteCatalog);
  call.body = numeric_id_body("catalog_id", catalog_id);
  runner_->run_void(call, options);
}

std::vector<VolumeRef> CatalogClient::catalog_refs(const std::string& catalog_id,
                                                   const CallOptions& options) const {
  auto call = make_call(ep::kC13CatalogRefs);
  call.body = numeric_id_body("catalog_id", catalog_id);
  return runner_->run_as<RefListResponse>(call, options).list;
}

std::vector<DatabaseInfo> CatalogClient::list_databases(const std::string& catalog_id,
                                                        const CallOptions& options) const {
  auto call = make_call(ep::kC14ListDatabases);
  call.body = numeric_id_body("catalog_id", catalog_id);  // the key is `id`: the catalog's
  return runner_->run_as<DatabaseListResponse>(call, options).list;
}

DatabaseInfo CatalogClient::get_database(const std::string& database_id,
                                         const CallOptions& options) const {
  auto call = make_call(ep::kC15GetDatabase);
  call.body = numeric_id_body("database_id", database_id);
  return runner_->run_as<DatabaseInfo>(call, options);
}

void CatalogClient::update_database(const UpdateDatabaseRequest& request,
                                    const CallOptions& options) const {
  detail::require_non_empty("database_id", request.id);
  auto call = make_call(ep::kC16UpdateDatabase);
  call.body = Json(request);
  runner_->run_void(call, options);
}

void CatalogClient::delete_database(const std::string& database_id,
                                    const CallOptions& options) const {
  auto call = make_call(ep::kC17DeleteDatabase);
  call.body = numeric_id_body("database_id", database_id);
  runner_->run_void(call, options);
}

std::vector<VolumeRef> CatalogClient::database_refs(const std::string& database_id,
                                                    const CallOptions& options) const {
  auto call = make_call(ep::kC18DatabaseRefs);
  call.body = numeric_id_body("database_id", database_id);
  return runner_->run_as<RefListResponse>(call, options).list;
}

void CatalogClient::update_volume(const UpdateVolumeRequest& request,
                                  const CallOptions& options) const {
  detail::require_non_empty("volume_id", request.id);
  if (request.name) detail::require_non_empty("volume name", *request.name);
  UpdateVolumeRequest sent = request;
  if (!sent.name || !sent.description) {
    const VolumeInfo current = get_volume(request.id, options);
    if (!sent.name) sent.name = current.name.value_or("");
    if (!sent.description) sent.description = current.description.value_or("");
  }
  auto call = make_call(ep::kC19UpdateVolume);
  call.body = Json(sent);
  runner_->run_void(call, options);
}

std::vector<VolumeRef> CatalogClient::volume_refs(const std::string& volume_id,
                                                  const CallOptions& options) const {
  auto call = make_call(ep::kC20VolumeRefs);
  call.body = id_body("volume_id", volume_id);
  return runner_->run_as<RefListResponse>(call, options).list;
}

void CatalogClient::add_volume_workflow_ref(const std::string& volume_id,
                                            const CallOptions& options) const {
  auto call = make_call(ep::kC21AddVolumeWorkflowRef);
  call.body = id_body("volume_id", volume_id);
  runner_->run_void(call, options);
}

void CatalogClient::remove_volume_workflow_ref(const std::string& volume_id,
                                               const CallOptions& options) const {
  auto call = make_call(ep::kC22RemoveVolumeWorkflowRef);
  call.body = id_body("volume_id", volume_id);
  runner_->run_void(call, options);
}

}  // namespace moi
