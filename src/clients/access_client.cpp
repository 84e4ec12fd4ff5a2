// SPDX-License-Identifier: Apache-2.0
// Users, roles, privileges and audit logs (PLATFORM-NOTES §7): US1-US13, RO1-RO10, LG1-LG2.
#include "moi/access_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

// `{"id": <integer>}` for a user or role id (decimal text goes out as a JSON integer).
Json numeric_id(std::string_view what, const std::string& id) {
  detail::require_non_empty(what, id);
  NumericIdBody body;
  body.id = id;
  return Json(body);
}

Json status_body(std::string_view what, const std::string& id, bool enabled) {
  Json body = numeric_id(what, id);
  body["action"] = enabled ? "enable" : "disable";
  return body;
}

// The body of the two info updates: the current value of every unset field.
Json info_body(UpdateUserInfoRequest sent, const UserInfo& current) {
  if (!sent.phone) sent.phone = current.phone.value_or("");
  if (!sent.email) sent.email = current.email.value_or("");
  if (!sent.description) sent.description = current.description.value_or("");
  return Json(sent);
}

bool complete(const UpdateUserInfoRequest& request) {
  return request.phone && request.email && request.description;
}

}  // namespace

// ---- Users ----------------------------------------------------------------------------------

UserClient::UserClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

CreatedUser UserClient::create(const CreateUserRequest& request, const CallOptions& options) const {
  detail::require_non_empty("user name", request.name);
  detail::require_non_empty("password", request.password);
  auto call = make_call(ep::kUS1CreateUser);
  call.body = Json(request);
  call.answer_has_secrets = true;  // api_key
  return runner_->run_as<CreatedUser>(call, options);
}

void UserClient::remove(const std::string& user_id, const CallOptions& options) const {
  auto call = make_call(ep::kUS2DeleteUser);
  call.body = numeric_id("user_id", user_id);
  runner_->run_void(call, options);
}

UserInfo UserClient::get(const std::string& user_id, const CallOptions& options) const {
  auto call = make_call(ep::kUS3GetUser);
  call.body = numeric_id("user_id", user_id);
  return runner_->run_as<UserInfo>(call, options);
}

UserListResponse UserClient::list(const AccessListRequest& request,
                                  const CallOptions& options) const {
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kUS4ListUsers);
  call.body = Json(request);
  return runner_->run_as<UserListResponse>(call, options);
}

void UserClient::update_password(const std::string& user_id, const std::string& password,
                                 const CallOptions& options) const {
  detail::require_non_empty("password", password);
  auto call = make_call(ep::kUS5UpdateUserPassword);
  call.body = numeric_id("user_id", user_id);
  (*call.body)["password"] = password;
  runner_->run_void(call, options);
}

void UserClient::update_info(const UpdateUserInfoRequest& request,
                             const CallOptions& options) const {
  detail::require_non_empty("user_id", request.id);
  auto call = make_call(ep::kUS6UpdateUserInfo);
  call.body = complete(request) ? Json(request) : info_body(request, get(request.id, options));
  runner_->run_void(call, options);
}

void UserClient::update_roles(const std::string& user_id, const std::vector<std::string>& role_ids,
                              const CallOptions& options) const {
  for (const std::string& role_id : role_ids) detail::require_non_empty("role id", role_id);
  auto call = make_call(ep::kUS7UpdateUserRoles);
  call.body = numeric_id("user_id", user_id);
  CreateUserRequest ids;  // its role_id_list codec: decimal ids as JSON integers
  ids.role_id_list = role_ids;
  (*call.body)["role_id_list"] = Json(ids)["role_id_list"];
  runner_->run_void(call, options);
}

void UserClient::update_status(const std::string& user_id, bool enabled,
                               const CallOptions& options) const {
  auto call = make_call(ep::kUS8UpdateUserStatus);
  call.body = status_body("user_id", user_id, enabled);
  runner_->run_void(call, options);
}

ApiKeyInfo UserClient::my_api_key(const CallOptions& options) const {
  auto call = make_call(ep::kUS9MyApiKey);
  call.answer_has_secrets = true;
  call.answer_secret_key = "key";
  return runner_->run_as<ApiKeyInfo>(call, options);
}

std::optional<std::string> UserClient::refresh_my_api_key(const CallOptions& options) const {
  auto call = make_call(ep::kUS10RefreshMyApiKey);
  call.answer_has_secrets = true;
  call.answer_secret_key = "key";
  std::optional<std::string> key;
  runner_->run(call, options, [&key](const Json& data) {
    if (data.is_null() || (data.is_object() && data.empty())) return;
    ApiKeyInfo info;
    from_json(data, info);
    if (info.key && !info.key->empty()) key = std::move(info.key);
  });
  return key;
}

MyInfo UserClient::me(const CallOptions& options) const {
  auto call = make_call(ep::kUS11MyInfo);
  return runner_->run_as<MyInfo>(call, options);
}

void UserClient::update_my_info(const UpdateUserInfoRequest& request,
                                const CallOptions& options) const {
  auto call = make_call(ep::kUS12UpdateMyInfo);
  Json body = complete(request) ? Json(request) : info_body(request, me(options).user_info);
  body.erase("id");
  call.body = std::move(body);
  runner_->run_void(call, options);
}

void UserClient::update_my_password(const std::string& password, const CallOptions& options) const {
  detail::require_non_empty("password", password);
  auto call = make_call(ep::kUS13UpdateMyPassword);
  call.body = Json{{"password", password}};
  runner_->run_void(call, options);
}

// ---- Roles ----------------------------------------------------------------------------------

RoleClient::RoleClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

std::string RoleClient::create(const CreateRoleRequest& request, const CallOptions& options) const {
  detail::require_non_empty("role name", request.name);
  auto call = make_call(ep::kRO1CreateRole);
  call.body = Json(request);
  CreatedUser created;  // `{id u}`
  runner_->run(call, options, [&created](const Json& data) { from_json(data, created); });
  if (!created.id) throw DecodeError("data.id", "missing required member");
  return *created.id;
}

void RoleClient::remove(const std::string& role_id, const CallOptions& options) const {
  auto call = make_call(ep::kRO2DeleteRole);
  call.body = numeric_id("role_id", role_id);
  runner_->run_void(call, options);
}

RoleInfo RoleClient::get(const std::string& role_id, const CallOptions& options) const {
  auto call = make_call(ep::kRO3GetRole);
  call.body = numeric_id("role_id", role_id);
  return runner_->run_as<RoleInfo>(call, options);
}

RoleListResponse RoleClient::list(const AccessListRequest& request,
                                  const CallOptions& options) const {
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kRO4ListRoles);
  call.body = Json(request);
  return runner_->run_as<RoleListResponse>(call, options);
}

RolesByObjectResponse RoleClient::list_by_object(const std::string& category,
                                                 const std::string& object_id,
                                                 const CallOptions& options) const {
  detail::require_non_empty("category", category);
  detail::require_non_empty("object id", object_id);
  auto call = make_call(ep::kRO5RolesByObject);
  call.body = Json{{"category", category}, {"id", object_id}};
  return runner_->run_as<RolesByObjectResponse>(call, options);
}

void RoleClient::update_codes(const UpdateRoleCodesRequest& request,
                              const CallOptions& options) const {
  detail::require_non_empty("role_id", request.role_id);
  auto call = make_call(ep::kRO6UpdateRoleCodes);
  call.body = Json(request);
  runner_->run_void(call, options);
}

void RoleClient::update_info(const UpdateRoleInfoRequest& request,
                             const CallOptions& options) const {
  detail::require_non_empty("role_id", request.id);
  auto call = make_call(ep::kRO7UpdateRoleInfo);
  call.body = Json(request);
  runner_->run_void(call, options);
}

void RoleClient::update_roles_by_object(const UpdateRolesByObjectRequest& request,
                                        const CallOptions& options) const {
  detail::require_non_empty("object id", request.object_id);
  detail::require_non_empty("code", request.code);
  auto call = make_call(ep::kRO8UpdateRolesByObject);
  call.body = Json(request);
  runner_->run_void(call, options);
}

void RoleClient::update_status(const std::string& role_id, bool enabled,
                               const CallOptions& options) const {
  auto call = make_call(ep::kRO9UpdateRoleStatus);
  call.body = status_body("role_id", role_id, enabled);
  runner_->run_void(call, options);
}

PrivilegeObjectListResponse RoleClient::list_objects(const std::string& category,
                                                     const CallOptions& options) const {
  detail::require_non_empty("category", category);
  auto call = make_call(ep::kRO10ListPrivilegeObjects);
  call.body = Json{{"category", category}};
  return runner_->run_as<PrivilegeObjectListResponse>(call, options);
}

// ---- Audit logs -----------------------------------------------------------------------------

AuditLogClient::AuditLogClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

AuditLogListResponse AuditLogClient::user_logs(const AccessListRequest& request,
                                               const CallOptions& options) const {
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kLG1UserLogs);
  call.body = Json(request);
  return runner_->run_as<AuditLogListResponse>(call, options);
}

AuditLogListResponse AuditLogClient::role_logs(const AccessListRequest& request,
                                               const CallOptions& options) const {
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kLG2RoleLogs);
  call.body = Json(request);
  return runner_->run_as<AuditLogListResponse>(call, options);
}

}  // namespace moi
