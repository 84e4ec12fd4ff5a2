// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: the schemas of the user, role, privilege and audit-log models
// (moi/model/access.hpp), as model/schema.hpp holds the others. Keys follow PLATFORM-NOTES §7
// (SW's schemas and the official Go SDK's types).

#include <tuple>

#include "model/codec.hpp"
#include "moi/model/access.hpp"

namespace moi::model_codec {

template <>
struct Schema<AccessListRequest> {
  using T = AccessListRequest;
  static constexpr auto kFields =
      std::make_tuple(field("page", &T::page), field("page_size", &T::page_size),
                      field("order", &T::order), field("order_by", &T::order_by),
                      field("filters", &T::filters, kOmitEmpty), field("keyword", &T::keyword));
};

template <>
struct Schema<UserRole> {
  using T = UserRole;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("id", &T::id), field("name", &T::name),
                      field("status", &T::status), field("codes", &T::codes, kDefaulted));
};

template <>
struct Schema<UserInfo> {
  using T = UserInfo;
  static constexpr auto kFields = std::make_tuple(
      field<IdNumeric>("id", &T::id), field("name", &T::name), field("status", &T::status),
      field("phone", &T::phone), field("email", &T::email), field("reserved", &T::reserved),
      field("role_list", &T::role_list, kDefaulted), field("last_login", &T::last_login),
      field("description", &T::description), field("created_at", &T::created_at),
      field("updated_at", &T::updated_at));
};

template <>
struct Schema<CreateUserRequest> {
  using T = CreateUserRequest;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name, kRequired), field("password", &T::password, kRequired),
      field<IdNumeric>("role_id_list", &T::role_id_list, kDefaulted),
      field("description", &T::description), field("phone", &T::phone), field("email", &T::email),
      field("get_api_key", &T::get_api_key));
};

template <>
struct Schema<CreatedUser> {
  using T = CreatedUser;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("id", &T::id), field("api_key", &T::api_key));
};

template <>
struct Schema<UserListResponse> {
  using T = UserListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("user_list", &T::user_list, kDefaulted));
};

template <>
struct Schema<UpdateUserInfoRequest> {
  using T = UpdateUserInfoRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("id", &T::id), field("phone", &T::phone),
                      field("email", &T::email), field("description", &T::description));
};

template <>
struct Schema<ApiKeyInfo> {
  using T = ApiKeyInfo;
  static constexpr auto kFields =
      std::make_tuple(field("key", &T::key), field("created_at", &T::created_at));
};

template <>
struct Schema<RuleExpression> {
  using T = RuleExpression;
  static constexpr auto kFields = std::make_tuple(field("operator", &T::operator_, kRequired),
                                                  field("expression", &T::expression, kDefaulted),
                                                  field("match_type", &T::match_type));
};

template <>
struct Schema<RowRule> {
  using T = RowRule;
  static constexpr auto kFields =
      std::make_tuple(field("column", &T::column, kRequired), field("relation", &T::relation),
                      field("expression_list", &T::expression_list, kDefaulted));
};

template <>
struct Schema<CodeRule> {
  using T = CodeRule;
  static constexpr auto kFields =
      std::make_tuple(field("code", &T::code, kRequired),
                      field("black_column_list", &T::black_column_list, kDefaulted),
                      field("rule_list", &T::rule_list, kDefaulted));
};

template <>
struct Schema<ObjectPrivilege> {
  using T = ObjectPrivilege;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id, kRequired), field("category", &T::category),
      field("name", &T::name), field("authority_code_list", &T::authority_code_list, kDefaulted));
};

template <>
struct Schema<Authority> {
  using T = Authority;
  static constexpr auto kFields =
      std::make_tuple(field("code", &T::code), field("name", &T::name),
                      field("description", &T::description), field("category", &T::category));
};

template <>
struct Schema<RoleInfo> {
  using T = RoleInfo;
  static constexpr auto kFields = std::make_tuple(
      field<IdNumeric>("id", &T::id), field("name", &T::name), field("status", &T::status),
      field("reserved", &T::reserved), field("description", &T::description),
      field("authority_list", &T::authority_list, kDefaulted),
      field("obj_authority_list", &T::obj_authority_list, kDefaulted),
      field("created_at", &T::created_at), field("updated_at", &T::updated_at));
};

template <>
struct Schema<CreateRoleRequest> {
  using T = CreateRoleRequest;
  static constexpr auto kFields =
      std::make_tuple(field("name", &T::name, kRequired),
                      field("authority_code_list", &T::authority_code_list, kDefaulted),
                      field("obj_authority_code_list", &T::obj_authority_code_list, kDefaulted),
                      field("description", &T::description));
};

template <>
struct Schema<UpdateRoleInfoRequest> {
  using T = UpdateRoleInfoRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("id", &T::id, kRequired),
                      field("authority_code_list", &T::authority_code_list, kDefaulted),
                      field("obj_authority_code_list", &T::obj_authority_code_list, kDefaulted),
                      field("description", &T::description));
};

template <>
struct Schema<RoleListResponse> {
  using T = RoleListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("role_list", &T::role_list, kDefaulted));
};

template <>
struct Schema<RoleRef> {
  using T = RoleRef;
  static constexpr auto kFields = std::make_tuple(
      field<IdNumeric>("id", &T::id), field("name", &T::name), field("status", &T::status),
      field("reserved", &T::reserved), field("is_obj_priv", &T::is_obj_priv));
};

template <>
struct Schema<CodeRoles> {
  using T = CodeRoles;
  static constexpr auto kFields =
      std::make_tuple(field("code", &T::code), field("role_list", &T::role_list, kDefaulted));
};

template <>
struct Schema<RolesByObjectResponse> {
  using T = RolesByObjectResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("list", &T::list, kDefaulted));
};

template <>
struct Schema<UpdateRoleCodesRequest> {
  using T = UpdateRoleCodesRequest;
  static constexpr auto kFields = std::make_tuple(
      field<IdNumeric>("role_id", &T::role_id, kRequired), field("category", &T::category),
      field<IdText>("id", &T::object_id), field("code_list", &T::code_list, kDefaulted));
};

template <>
struct Schema<UpdateRolesByObjectRequest> {
  using T = UpdateRolesByObjectRequest;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::object_id, kRequired), field("code", &T::code, kRequired),
      field<IdNumeric>("role_id_list", &T::role_id_list, kDefaulted));
};

template <>
struct Schema<PrivilegeObject> {
  using T = PrivilegeObject;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("id", &T::id), field("name", &T::name),
                      field<IdText>("database_id", &T::database_id), field("type", &T::type),
                      field("node_list", &T::node_list, kDefaulted));
};

template <>
struct Schema<PrivilegeObjectListResponse> {
  using T = PrivilegeObjectListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("list", &T::list, kDefaulted));
};

template <>
struct Schema<MyInfo> {
  using T = MyInfo;
  static constexpr auto kFields =
      std::make_tuple(field("user_info", &T::user_info),
                      field("authority_code_list", &T::authority_code_list, kDefaulted),
                      field("obj_authority_code_list", &T::obj_authority_code_list, kDefaulted));
};

template <>
struct Schema<AuditLog> {
  using T = AuditLog;
  static constexpr auto kFields =
      std::make_tuple(field("type", &T::type), field("user_name", &T::user_name),
                      field("role_name", &T::role_name), field("created_at", &T::created_at),
                      field("status", &T::status), field("description", &T::description));
};

template <>
struct Schema<AuditLogListResponse> {
  using T = AuditLogListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("role_list", &T::role_list, kDefaulted));
};

}  // namespace moi::model_codec
