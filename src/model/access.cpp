// SPDX-License-Identifier: Apache-2.0
// Codecs of the user, role, privilege and audit-log models (moi/model/access.hpp).

#include "moi/model/access.hpp"

#include "model/codec.hpp"
#include "model/schema.hpp"
#include "moi_internal/secret_keys.hpp"

namespace moi {

MOI_MODEL_CODEC(AccessListRequest);
MOI_MODEL_CODEC(UserRole);
MOI_MODEL_CODEC(UserInfo);
MOI_MODEL_CODEC(CreateUserRequest);
MOI_MODEL_CODEC(CreatedUser);
MOI_MODEL_CODEC(UserListResponse);
MOI_MODEL_CODEC(UpdateUserInfoRequest);
MOI_MODEL_CODEC(ApiKeyInfo);
MOI_MODEL_CODEC(RuleExpression);
MOI_MODEL_CODEC(RowRule);
MOI_MODEL_CODEC(CodeRule);
MOI_MODEL_CODEC(ObjectPrivilege);
MOI_MODEL_CODEC(Authority);
MOI_MODEL_CODEC(RoleInfo);
MOI_MODEL_CODEC(CreateRoleRequest);
MOI_MODEL_CODEC(UpdateRoleInfoRequest);
MOI_MODEL_CODEC(RoleListResponse);
MOI_MODEL_CODEC(RoleRef);
MOI_MODEL_CODEC(CodeRoles);
MOI_MODEL_CODEC(RolesByObjectResponse);
MOI_MODEL_CODEC(UpdateRoleCodesRequest);
MOI_MODEL_CODEC(UpdateRolesByObjectRequest);
MOI_MODEL_CODEC(PrivilegeObject);
MOI_MODEL_CODEC(PrivilegeObjectListResponse);
MOI_MODEL_CODEC(MyInfo);
MOI_MODEL_CODEC(AuditLog);
MOI_MODEL_CODEC(AuditLogListResponse);

namespace {

constexpr const char* kMask = "***";

// Fields of `extra` named as secrets (the rule of detail::is_secret_key), at any depth.
void mask_extra(Json& extra, int depth = 0) {
  if (depth > 256) return;
  if (extra.is_array()) {
    for (Json& item : extra) mask_extra(item, depth + 1);
    return;
  }
  if (!extra.is_object()) return;
  for (auto& [key, value] : extra.items()) {
    if (detail::is_secret_key(key)) {
      if (!value.is_null()) value = kMask;
    } else {
      mask_extra(value, depth + 1);
    }
  }
}

}  // namespace

CreatedUser mask_secrets(const CreatedUser& user) {
  CreatedUser copy = user;
  if (copy.api_key && !copy.api_key->empty()) copy.api_key = kMask;
  mask_extra(copy.extra);
  return copy;
}

ApiKeyInfo mask_secrets(const ApiKeyInfo& key) {
  ApiKeyInfo copy = key;
  if (copy.key && !copy.key->empty()) copy.key = kMask;
  mask_extra(copy.extra);
  return copy;
}

}  // namespace moi
