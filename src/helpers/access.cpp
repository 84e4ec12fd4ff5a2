// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/access.hpp"

#include <algorithm>

#include "moi/error.hpp"

namespace moi {

namespace {

constexpr std::int64_t kPageSize = 100;
constexpr std::int64_t kMaxPages = 1000;

std::optional<std::string> find_role(const RoleClient& roles, const std::string& name,
                                     const CallOptions& options) {
  AccessListRequest request;
  request.page_size = kPageSize;
  request.order = "desc";
  request.order_by = "created_at";
  request.filters.push_back(ListFilter{"name_description", {name}, true, {}, {}});
  for (std::int64_t page = 1; page <= kMaxPages; ++page) {
    request.page = page;
    const RoleListResponse response = roles.list(request, options);
    for (const RoleInfo& role : response.role_list) {
      if (role.name == name && role.id) return role.id;
    }
    const auto got = static_cast<std::int64_t>(response.role_list.size());
    if (got < kPageSize) break;
    if (response.total && page * kPageSize >= *response.total) break;
  }
  return std::nullopt;
}

std::vector<ObjectPrivilege> table_objects(const std::vector<TablePrivilege>& tables) {
  std::vector<ObjectPrivilege> out;
  for (const TablePrivilege& table : tables) {
    if (table.table_id.empty()) throw InvalidArgumentError("table privilege without a table id");
    ObjectPrivilege obj;
    obj.id = table.table_id;
    obj.category = "table";
    obj.name = "";
    if (!table.rules.empty()) {
      obj.authority_code_list = table.rules;
    } else {
      for (const std::string& code : table.codes) {
        CodeRule rule;
        rule.code = code;
        obj.authority_code_list.push_back(rule);
      }
    }
    if (obj.authority_code_list.empty()) continue;  // neither codes nor rules: skipped
    out.push_back(std::move(obj));
  }
  return out;
}

bool is_taken(const std::string& message) {
  return message.find("already exists") != std::string::npos ||
         message.find("duplicate") != std::string::npos;
}

}  // namespace

TableRole create_table_role(const RoleClient& roles, const std::string& name,
                            const std::string& comment, const std::vector<TablePrivilege>& tables,
                            const CallOptions& options) {
  if (name.empty()) throw InvalidArgumentError("role name is empty");
  if (auto found = find_role(roles, name, options)) return {*found, false};
  CreateRoleRequest request;
  request.name = name;
  request.description = comment;
  request.obj_authority_code_list = table_objects(tables);
  try {
    return {roles.create(request, options), true};
  } catch (const Error& error) {
    if (!is_taken(error.what())) throw;
    if (auto found = find_role(roles, name, options)) return {*found, false};
    throw;
  }
}

void update_table_role(const RoleClient& roles, const std::string& role_id,
                       const std::string& comment,
                       const std::optional<std::vector<TablePrivilege>>& tables,
                       const std::optional<std::vector<std::string>>& global_codes,
                       const CallOptions& options) {
  if (role_id.empty()) throw InvalidArgumentError("role_id is empty");
  const RoleInfo current = roles.get(role_id, options);
  UpdateRoleInfoRequest request;
  request.id = role_id;
  request.description = comment.empty() ? current.description.value_or("") : comment;
  if (global_codes) {
    request.authority_code_list = *global_codes;
  } else {
    for (const Authority& authority : current.authority_list) {
      if (authority.code) request.authority_code_list.push_back(*authority.code);
    }
  }
  if (tables) {
    for (const ObjectPrivilege& obj : current.obj_authority_list) {
      if (obj.category != "table") request.obj_authority_code_list.push_back(obj);
    }
    for (ObjectPrivilege& obj : table_objects(*tables)) {
      request.obj_authority_code_list.push_back(std::move(obj));
    }
  } else {
    request.obj_authority_code_list = current.obj_authority_list;
  }
  roles.update_info(request, options);
}

void grant_table_select(const RoleClient& roles, const std::string& role_id,
                        const std::string& table_id, const std::vector<std::string>& all_columns,
                        const std::optional<std::vector<std::string>>& visible_columns,
                        const std::vector<RowRule>& row_rules, const CallOptions& options) {
  if (table_id.empty()) throw InvalidArgumentError("table_id is empty");
  CodeRule select;
  select.code = "DT8";
  if (visible_columns) {
    for (const std::string& column : *visible_columns) {
      if (std::find(all_columns.begin(), all_columns.end(), column) == all_columns.end()) {
        throw InvalidArgumentError("column \"" + column + "\" is not a column of table " +
                                   table_id);
      }
    }
    for (const std::string& column : all_columns) {
      if (std::find(visible_columns->begin(), visible_columns->end(), column) ==
          visible_columns->end()) {
        select.black_column_list.push_back(column);
      }
    }
  }
  select.rule_list = row_rules;
  const RoleInfo current = roles.get(role_id, options);
  std::vector<TablePrivilege> tables;
  for (const ObjectPrivilege& obj : current.obj_authority_list) {
    if (obj.category != "table" || obj.id == table_id) continue;
    tables.push_back(TablePrivilege{obj.id, {}, obj.authority_code_list});
  }
  tables.push_back(TablePrivilege{table_id, {}, {select}});
  update_table_role(roles, role_id, "", tables, std::nullopt, options);
}

}  // namespace moi
