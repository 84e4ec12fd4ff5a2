// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// UserClient, RoleClient and AuditLogClient: users, roles, privileges and audit logs
/// (`/user/...`, `/role/...`, `/rbac/priv/...`, `/log/...` at the host root).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/access.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Users: the administrator's calls on any user, and the caller's own ("me") calls. Obtain one
/// from Client::users().
///
/// POSTs with a JSON body at the host root; reads and updates are retried like GETs, create,
/// delete and the key refresh are not retried automatically. Passwords and API keys are
/// secrets: the values a call sends or receives never appear in its errors or log lines.
/// Failures are moi::Error subclasses: InvalidArgumentError before sending (an empty id, name
/// or password), ServiceError for a non-OK `code` (e.g. a key lacking a privilege).
/// Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT UserClient {
 public:
  /// `/user/create`: creates a user and answers its id (and, with `get_api_key`, its API key).
  CreatedUser create(const CreateUserRequest& request, const CallOptions& options = {}) const;

  /// `/user/delete`: deletes a user. Not retried automatically.
  void remove(const std::string& user_id, const CallOptions& options = {}) const;

  /// `/user/detail_info`: one user.
  UserInfo get(const std::string& user_id, const CallOptions& options = {}) const;

  /// `/user/list`: one page of users (all_users() iterates every page).
  UserListResponse list(const AccessListRequest& request = {},
                        const CallOptions& options = {}) const;

  /// `/user/update_password`: an administrator sets another user's password.
  void update_password(const std::string& user_id, const std::string& password,
                       const CallOptions& options = {}) const;

  /// `/user/update_info`: sets phone, e-mail and description. The service may blank a field
  /// that is not sent, so when one is unset the user is read first (one more call) and its
  /// current value sent back.
  void update_info(const UpdateUserInfoRequest& request, const CallOptions& options = {}) const;

  /// `/user/update_role_list`: replaces the user's roles with @p role_ids.
  void update_roles(const std::string& user_id, const std::vector<std::string>& role_ids,
                    const CallOptions& options = {}) const;

  /// `/user/update_status`: enables (`action` "enable") or disables ("disable") a user; a
  /// disabled user's key is refused. The key stays the same.
  void update_status(const std::string& user_id, bool enabled,
                     const CallOptions& options = {}) const;

  /// `/user/me/api-key`: the caller's own API key (a secret).
  ApiKeyInfo my_api_key(const CallOptions& options = {}) const;

  /// `/user/me/api-key/refresh`: replaces the caller's key; the old one stops working at
  /// once. Answers the new key when the service sends it in `data.key` (no source shows the
  /// service's answer: unverified), nullopt otherwise. This client keeps sending the old key:
  /// continue with Client::with_api_key(new key). Not retried automatically.
  std::optional<std::string> refresh_my_api_key(const CallOptions& options = {}) const;

  /// `/user/me/info`: the caller, its global codes and its object privileges.
  MyInfo me(const CallOptions& options = {}) const;

  /// `/user/me/update_info`: the caller's phone, e-mail and description (`id` is not sent);
  /// an unset field is read first and sent back, as in update_info().
  void update_my_info(const UpdateUserInfoRequest& request, const CallOptions& options = {}) const;

  /// `/user/me/update_password`: the caller's password (no old password is asked).
  void update_my_password(const std::string& password, const CallOptions& options = {}) const;

 private:
  friend class Client;
  explicit UserClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

/// Roles, their privilege codes and the objects they are granted on. Obtain one from
/// Client::roles(). Same conventions as UserClient.
class MOI_EXPORT RoleClient {
 public:
  /// `/role/create`: creates a role and answers its id. Not retried automatically.
  std::string create(const CreateRoleRequest& request, const CallOptions& options = {}) const;

  /// `/role/delete`: deletes a role. Not retried automatically.
  void remove(const std::string& role_id, const CallOptions& options = {}) const;

  /// `/role/info`: one role with its global and object privileges.
  RoleInfo get(const std::string& role_id, const CallOptions& options = {}) const;

  /// `/role/list`: one page of roles (all_roles() iterates every page).
  RoleListResponse list(const AccessListRequest& request = {},
                        const CallOptions& options = {}) const;

  /// `/role/list_by_category_and_obj`: which roles hold each code on one object (e.g.
  /// category "table", the table id as decimal text).
  RolesByObjectResponse list_by_object(const std::string& category, const std::string& object_id,
                                       const CallOptions& options = {}) const;

  /// `/role/update_code_list`: the codes a role holds on one object.
  void update_codes(const UpdateRoleCodesRequest& request, const CallOptions& options = {}) const;

  /// `/role/update_info`: replaces the role's global codes, object privileges and
  /// description (it cannot rename). See update_table_role() (moi/helpers/access.hpp) to keep
  /// what is not given.
  void update_info(const UpdateRoleInfoRequest& request, const CallOptions& options = {}) const;

  /// `/role/update_roles_by_obj`: sets which roles hold a code on an object.
  void update_roles_by_object(const UpdateRolesByObjectRequest& request,
                              const CallOptions& options = {}) const;

  /// `/role/update_status`: enables or disables a role (a disabled role grants nothing).
  void update_status(const std::string& role_id, bool enabled,
                     const CallOptions& options = {}) const;

  /// `/rbac/priv/list_obj_by_category`: the objects of a category that can be granted (a
  /// tree: databases hold their tables in `node_list`).
  PrivilegeObjectListResponse list_objects(const std::string& category,
                                           const CallOptions& options = {}) const;

 private:
  friend class Client;
  explicit RoleClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

/// Audit logs of user and role operations. Obtain one from Client::audit_logs().
class MOI_EXPORT AuditLogClient {
 public:
  /// `/log/user`: one page of the user operations' log (all_user_logs() iterates).
  AuditLogListResponse user_logs(const AccessListRequest& request = {},
                                 const CallOptions& options = {}) const;

  /// `/log/role`: one page of the role operations' log (all_role_logs() iterates).
  AuditLogListResponse role_logs(const AccessListRequest& request = {},
                                 const CallOptions& options = {}) const;

 private:
  friend class Client;
  explicit AuditLogClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
