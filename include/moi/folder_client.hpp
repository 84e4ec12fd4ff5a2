// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// FolderClient: folders inside volumes (`/catalog/folder/...` at the host root; SDK-only).

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

/// Folders inside volumes. Obtain one from Client::folders(). A folder id works as a file's
/// `parent_id` (in CreateFolderRequest, CreateFileRequest, and the `parent_id` filter of
/// FileClient::list()) and in FullPathRequest::folder_id_list. List a folder's contents with
/// FileClient::list() filtered by `parent_id`; is_folder() tells folders from files there.
///
/// The calls are SDK-only (no document shows them); their shapes are the official SDKs'.
/// Failures are moi::Error subclasses as in CatalogClient: InvalidArgumentError before sending
/// for an empty id or name. Thread-safety: safe to use from several threads at once; cheap to
/// copy.
class MOI_EXPORT FolderClient {
 public:
  /// `/catalog/folder/create`: creates a folder (in `parent_id`, or the volume's root when
  /// empty) and returns its id and name. Not retried.
  NamedId create(const CreateFolderRequest& request, const CallOptions& options = {}) const;

  /// `/catalog/folder/update`: renames a folder.
  void rename(const std::string& folder_id, const std::string& name,
              const CallOptions& options = {}) const;

  /// `/catalog/folder/delete`: deletes a folder with its contents. Not retried.
  void remove(const std::string& folder_id, const CallOptions& options = {}) const;

  /// `/catalog/folder/clean`: deletes a folder's contents and keeps the folder. Not retried.
  void clean(const std::string& folder_id, const CallOptions& options = {}) const;

  /// `/catalog/folder/ref_list`: what references the folder.
  std::vector<VolumeRef> refs(const std::string& folder_id, const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::folders())
  explicit FolderClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
