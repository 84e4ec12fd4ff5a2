// SPDX-License-Identifier: Apache-2.0
#include "moi/folder_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/id_body.hpp"
#include "clients/validate.hpp"

namespace moi {

using detail::id_body;
using detail::make_call;
namespace ep = detail::endpoints;

FolderClient::FolderClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

NamedId FolderClient::create(const CreateFolderRequest& request, const CallOptions& options) const {
  detail::require_non_empty("folder name", request.name);
  detail::require_non_empty("volume_id", request.volume_id);
  auto call = make_call(ep::kFO1CreateFolder);
  call.body = Json(request);
  return runner_->run_as<NamedId>(call, options);
}

void FolderClient::rename(const std::string& folder_id, const std::string& name,
                          const CallOptions& options) const {
  detail::require_non_empty("folder_id", folder_id);
  detail::require_non_empty("folder name", name);
  RenameRequest body;
  body.id = folder_id;
  body.name = name;
  auto call = make_call(ep::kFO2UpdateFolder);
  call.body = Json(body);
  runner_->run_void(call, options);
}

void FolderClient::remove(const std::string& folder_id, const CallOptions& options) const {
  auto call = make_call(ep::kFO3DeleteFolder);
  call.body = id_body("folder_id", folder_id);
  runner_->run_void(call, options);
}

void FolderClient::clean(const std::string& folder_id, const CallOptions& options) const {
  auto call = make_call(ep::kFO4CleanFolder);
  call.body = id_body("folder_id", folder_id);
  runner_->run_void(call, options);
}

std::vector<VolumeRef> FolderClient::refs(const std::string& folder_id,
                                          const CallOptions& options) const {
  auto call = make_call(ep::kFO5FolderRefs);
  call.body = id_body("folder_id", folder_id);
  return runner_->run_as<RefListResponse>(call, options).list;
}

}  // namespace moi
