// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Users, roles, privileges and audit logs (`/user/...`, `/role/...`, `/rbac/priv/...`,
/// `/log/...` at the host root; PLATFORM-NOTES §7).
///
/// Conventions (keys kept in `extra`, optional members, wire fidelity, DecodeError paths,
/// thread-safety) are described in moi/model/common.hpp. User and role ids are text in the SDK
/// and unsigned JSON integers on the wire; the id of a privilege object (a table, a database)
/// is the decimal text of the object's id, a JSON string on the wire.
///
/// Secrets: passwords and API keys (`password`, `api_key`, the `key` of an ApiKeyInfo). The
/// client redacts them from every error and log line of the call that carries them; print
/// them only on purpose.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/catalog.hpp"
#include "moi/model/common.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// One filter of a list request: `{name, values, fuzzy}` (e.g. `name_description` on roles,
/// `user_id` / `role_id` on audit logs).
using ListFilter = FileFilter;

/// The list request of `/user/list`, `/role/list`, `/log/user` and `/log/role` (the "common
/// condition", flat). Unset members are not sent; the service chooses its defaults.
struct AccessListRequest {
  std::optional<std::int64_t> page{};       ///< 1-based page number.
  std::optional<std::int64_t> page_size{};  ///< Items per page.
  std::optional<std::string> order{};       ///< "asc" or "desc".
  std::optional<std::string> order_by{};    ///< e.g. "created_at".
  std::vector<ListFilter> filters{};        ///< Not sent when empty.
  std::optional<std::string> keyword{};     ///< Free-text search.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(AccessListRequest);

/// A role as a user's `role_list` names it.
struct UserRole {
  std::optional<std::string> id{};      ///< Role id.
  std::optional<std::string> name{};    ///< Role name.
  std::optional<std::string> status{};  ///< "enable" / "disable", as sent.
  std::vector<std::string> codes{};     ///< Its privilege codes (Go only); empty when absent.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UserRole);

/// A user (`/user/detail_info`, `/user/list`, `/user/me/info`).
struct UserInfo {
  std::optional<std::string> id{};           ///< User id.
  std::optional<std::string> name{};         ///< Login name.
  std::optional<std::string> status{};       ///< "enable" or "disable", as sent.
  std::optional<std::string> phone{};        ///< Phone number.
  std::optional<std::string> email{};        ///< E-mail address.
  std::optional<bool> reserved{};            ///< A built-in user.
  std::vector<UserRole> role_list{};         ///< Its roles; empty when absent or null.
  Timestamp last_login{};                    ///< As sent.
  std::optional<std::string> description{};  ///< Free text.
  Timestamp created_at{};                    ///< As sent.
  Timestamp updated_at{};                    ///< As sent.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UserInfo);

/// Body of `/user/create`. `password` is a secret.
struct CreateUserRequest {
  std::string name{};                        ///< Login name (required).
  std::string password{};                    ///< Initial password (required; a secret).
  std::vector<std::string> role_id_list{};   ///< Roles to bind (sent, `[]` when none).
  std::optional<std::string> description{};  ///< Free text.
  std::optional<std::string> phone{};        ///< Phone number.
  std::optional<std::string> email{};        ///< E-mail address.
  std::optional<bool> get_api_key{};         ///< true: the answer holds the user's API key.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateUserRequest);

/// `data` of `/user/create`: the new id, and the user's API key when asked for (a secret).
struct CreatedUser {
  std::optional<std::string> id{};       ///< The new user's id.
  std::optional<std::string> api_key{};  ///< Its API key (only with `get_api_key`).
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreatedUser);

/// `data` of `/user/list`. `user_list` is empty when absent or null.
struct UserListResponse {
  std::optional<std::int64_t> total{};  ///< Matching users in all pages.
  std::vector<UserInfo> user_list{};    ///< This page.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UserListResponse);

/// Body of `/user/update_info` (and, without `id`, of `/user/me/update_info`). The service
/// may blank a field that is not sent, so the clients send the current value of an unset one.
struct UpdateUserInfoRequest {
  std::string id{};                          ///< The user (not sent by the "me" call).
  std::optional<std::string> phone{};        ///< New phone; unset: keep.
  std::optional<std::string> email{};        ///< New e-mail; unset: keep.
  std::optional<std::string> description{};  ///< New description; unset: keep.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateUserInfoRequest);

/// `data` of `/user/me/api-key`: the caller's own API key (a secret).
struct ApiKeyInfo {
  std::optional<std::string> key{};  ///< The key.
  Timestamp created_at{};            ///< As sent.
  Json extra{};                      ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};    ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ApiKeyInfo);

// ---- Roles and privileges ------------------------------------------------------------------

/// One condition of a row rule: `operator` (=, !=, like, >, >=, <, <=, regexp_like, in) over
/// the `expression` values; `match_type` holds REGEXP_LIKE flags (c, i, m, n, u).
struct RuleExpression {
  std::string operator_{};                  ///< Key `operator`.
  std::vector<std::string> expression{};    ///< One value or several (`in`, several `like`).
  std::optional<std::string> match_type{};  ///< REGEXP_LIKE flags.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RuleExpression);

/// A row filter on one column: its expressions combined by `relation` ("and" / "or").
struct RowRule {
  std::string column{};                           ///< The filtered column.
  std::optional<std::string> relation{};          ///< "and" or "or".
  std::vector<RuleExpression> expression_list{};  ///< The conditions.
  Json extra{};                                   ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RowRule);

/// One privilege code on an object with its rules: `black_column_list` hides columns,
/// `rule_list` filters rows (tables). Both may arrive as null or `[]`.
struct CodeRule {
  std::string code{};                            ///< Privilege code, e.g. "DT8" (select).
  std::vector<std::string> black_column_list{};  ///< Hidden columns.
  std::vector<RowRule> rule_list{};              ///< Row filters.
  Json extra{};                                  ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};                ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CodeRule);

/// Privileges on one object (a table, database, catalog, volume, ...).
struct ObjectPrivilege {
  std::string id{};        ///< The object's id, decimal text (a JSON string).
  std::string category{};  ///< Object kind: "table", "database", "catalog", "volume", ...
  std::optional<std::string> name{};            ///< Object name ("" allowed).
  std::vector<CodeRule> authority_code_list{};  ///< The codes granted, with their rules.
  Json extra{};                                 ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};               ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ObjectPrivilege);

/// A global privilege as a role lists it.
struct Authority {
  std::optional<std::string> code{};         ///< e.g. "U1".
  std::optional<std::string> name{};         ///< Display name.
  std::optional<std::string> description{};  ///< Free text.
  std::optional<std::string> category{};     ///< Area, as sent.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(Authority);

/// A role (`/role/info`, `/role/list`).
struct RoleInfo {
  std::optional<std::string> id{};                    ///< Role id.
  std::optional<std::string> name{};                  ///< Role name.
  std::optional<std::string> status{};                ///< "enable" or "disable", as sent.
  std::optional<bool> reserved{};                     ///< A built-in role.
  std::optional<std::string> description{};           ///< Free text.
  std::vector<Authority> authority_list{};            ///< Global privileges.
  std::vector<ObjectPrivilege> obj_authority_list{};  ///< Object privileges.
  Timestamp created_at{};                             ///< As sent.
  Timestamp updated_at{};                             ///< As sent.
  Json extra{};                                       ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RoleInfo);

/// Body of `/role/create`.
struct CreateRoleRequest {
  std::string name{};                                      ///< Role name (required).
  std::vector<std::string> authority_code_list{};          ///< Global codes (sent, `[]` allowed).
  std::vector<ObjectPrivilege> obj_authority_code_list{};  ///< Object privileges (sent).
  std::optional<std::string> description{};                ///< Free text.
  Json extra{};                                            ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateRoleRequest);

/// Body of `/role/update_info`: replaces both lists wholesale (roles cannot be renamed).
struct UpdateRoleInfoRequest {
  std::string id{};                                        ///< The role (required).
  std::vector<std::string> authority_code_list{};          ///< Global codes (sent).
  std::vector<ObjectPrivilege> obj_authority_code_list{};  ///< Object privileges (sent).
  std::optional<std::string> description{};                ///< Free text.
  Json extra{};                                            ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateRoleInfoRequest);

/// `data` of `/role/list`. `role_list` is empty when absent or null.
struct RoleListResponse {
  std::optional<std::int64_t> total{};  ///< Matching roles in all pages.
  std::vector<RoleInfo> role_list{};    ///< This page.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RoleListResponse);

/// A role holding a code on an object (`/role/list_by_category_and_obj`).
struct RoleRef {
  std::optional<std::string> id{};      ///< Role id.
  std::optional<std::string> name{};    ///< Role name.
  std::optional<std::string> status{};  ///< As sent.
  std::optional<bool> reserved{};       ///< A built-in role.
  std::optional<bool> is_obj_priv{};    ///< Held as an object privilege.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RoleRef);

/// One code with the roles holding it.
struct CodeRoles {
  std::optional<std::string> code{};  ///< Privilege code.
  std::vector<RoleRef> role_list{};   ///< Roles holding it.
  Json extra{};                       ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};     ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CodeRoles);

/// `data` of `/role/list_by_category_and_obj` (not paged).
struct RolesByObjectResponse {
  std::optional<std::int64_t> total{};  ///< Entries.
  std::vector<CodeRoles> list{};        ///< One per code.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(RolesByObjectResponse);

/// Body of `/role/update_code_list`: the codes a role holds on one object.
struct UpdateRoleCodesRequest {
  std::string role_id{};                   ///< The role (key `role_id`).
  std::optional<std::string> category{};   ///< Object kind, e.g. "table".
  std::optional<std::string> object_id{};  ///< The object (key `id`, a string).
  std::vector<std::string> code_list{};    ///< The codes (sent, `[]` allowed).
  Json extra{};                            ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};          ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateRoleCodesRequest);

/// Body of `/role/update_roles_by_obj`: which roles hold `code` on the object.
struct UpdateRolesByObjectRequest {
  std::string object_id{};                  ///< The object (key `id`, a string).
  std::string code{};                       ///< The privilege code.
  std::vector<std::string> role_id_list{};  ///< The roles (sent, `[]` allowed).
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateRolesByObjectRequest);

/// An object that can be granted (`/rbac/priv/list_obj_by_category`); nests (database ->
/// table) through `node_list`.
struct PrivilegeObject {
  std::optional<std::string> id{};           ///< Object id (decimal text).
  std::optional<std::string> name{};         ///< Object name.
  std::optional<std::string> database_id{};  ///< Its database, when it has one.
  std::optional<std::string> type{};         ///< Kind, as sent.
  std::vector<PrivilegeObject> node_list{};  ///< Children; empty when absent or null.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(PrivilegeObject);

/// `data` of `/rbac/priv/list_obj_by_category`.
struct PrivilegeObjectListResponse {
  std::optional<std::int64_t> total{};  ///< Entries.
  std::vector<PrivilegeObject> list{};  ///< The objects.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(PrivilegeObjectListResponse);

/// `data` of `/user/me/info`: the caller, its global codes and its object privileges.
struct MyInfo {
  UserInfo user_info{};                                    ///< The caller.
  std::vector<std::string> authority_code_list{};          ///< Global codes held.
  std::vector<ObjectPrivilege> obj_authority_code_list{};  ///< Object privileges held.
  Json extra{};                                            ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(MyInfo);

// ---- Audit logs ----------------------------------------------------------------------------

/// One audit log entry (`/log/user`, `/log/role`). The service's meaning of each field is not
/// documented; the bundled emulator fills `type` with the operation, `user_name` with who did
/// it, `role_name` / `description` with the target, and adds `operator_id`, `target_type`,
/// `target_id` and `target_name` (kept in `extra`).
struct AuditLog {
  std::optional<std::string> type{};         ///< The operation.
  std::optional<std::string> user_name{};    ///< A user name.
  std::optional<std::string> role_name{};    ///< A role name.
  Timestamp created_at{};                    ///< When.
  std::optional<std::string> status{};       ///< Outcome, as sent.
  std::optional<std::string> description{};  ///< Free text.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(AuditLog);

/// `data` of `/log/user` and `/log/role` (the list key is `role_list` for both).
struct AuditLogListResponse {
  std::optional<std::int64_t> total{};  ///< Matching entries in all pages.
  std::vector<AuditLog> role_list{};    ///< This page.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(AuditLogListResponse);

/// A copy of @p user whose secrets (an `api_key`, and fields of `extra` named as secrets by
/// the rule of mask_secrets(const Connector&)) read "***": safe to print.
MOI_EXPORT CreatedUser mask_secrets(const CreatedUser& user);

/// A copy of @p key whose `key` reads "***".
MOI_EXPORT ApiKeyInfo mask_secrets(const ApiKeyInfo& key);

}  // namespace moi
