// SPDX-License-Identifier: Apache-2.0
// user, role, log, whoami and api-key actions (US1-US13, RO1-RO10, LG1-LG2, at the host root).
// Secrets: a user's API key (`user create` with get_api_key) is printed as "***" unless
// --show-secrets is given; `api-key show` and `api-key refresh` print the key on stdout only
// (that is what they are for), never on stderr or in a log line.
#include <sstream>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/access.hpp"
#include "moi/helpers/pagination.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

Json changed(const std::string& id) { return Json{{"id", id}}; }

Table user_table(const std::vector<UserInfo>& users) {
  Table table{{"ID", "NAME", "STATUS", "ROLES", "EMAIL"}, {}};
  for (const UserInfo& user : users) {
    std::string roles;
    for (const UserRole& role : user.role_list) {
      roles += (roles.empty() ? "" : ",") + role.name.value_or(role.id.value_or(""));
    }
    table.rows.push_back({user.id.value_or(""), user.name.value_or(""), user.status.value_or(""),
                          roles, user.email.value_or("")});
  }
  return table;
}

Table role_table(const std::vector<RoleInfo>& roles) {
  Table table{{"ID", "NAME", "STATUS", "CODES", "OBJECTS"}, {}};
  for (const RoleInfo& role : roles) {
    std::string codes;
    for (const Authority& a : role.authority_list) {
      codes += (codes.empty() ? "" : ",") + a.code.value_or("");
    }
    std::string objects;
    for (const ObjectPrivilege& o : role.obj_authority_list) {
      objects += (objects.empty() ? "" : ",") + o.category + ":" + o.id;
    }
    table.rows.push_back(
        {role.id.value_or(""), role.name.value_or(""), role.status.value_or(""), codes, objects});
  }
  return table;
}

Table log_table(const std::vector<AuditLog>& logs) {
  Table table{{"WHEN", "TYPE", "BY", "DESCRIPTION"}, {}};
  for (const AuditLog& log : logs) {
    const Json when = Json(log.created_at);
    table.rows.push_back({when.is_string() ? when.get<std::string>() : when.dump(),
                          log.type.value_or(""), log.user_name.value_or(""),
                          log.description.value_or("")});
  }
  return table;
}

AccessListRequest list_request(const Invocation& inv) {
  AccessListRequest request;
  request.page = inv.integer("--page", 1, 1000000);
  request.page_size = inv.integer("--page-size", 1, 1000);
  if (auto keyword = inv.option("--keyword")) request.keyword = *keyword;
  return request;
}

// The comma-separated list of --columns.
std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    if (item.empty()) throw UsageError("--columns holds an empty column name");
    out.push_back(item);
  }
  if (out.empty()) throw UsageError("--columns names no column");
  return out;
}

// --rows FILTER: "COLUMN OP VALUE[,VALUE...]", OP one of = != > >= < <= like in regexp_like.
RowRule parse_rows(const std::string& text) {
  static const char* const kOps[] = {">=", "<=", "!=", "=", ">", "<"};
  static const char* const kWords[] = {" regexp_like ", " like ", " in "};
  RowRule rule;
  RuleExpression expression;
  std::size_t at = std::string::npos;
  std::size_t length = 0;
  for (const char* word : kWords) {
    const std::size_t found = text.find(word);
    if (found != std::string::npos) {
      at = found;
      length = std::string(word).size();
      expression.operator_ = std::string(word).substr(1, length - 2);
      break;
    }
  }
  if (at == std::string::npos) {
    for (const char* op : kOps) {
      const std::size_t found = text.find(op);
      if (found != std::string::npos) {
        at = found;
        length = std::string(op).size();
        expression.operator_ = op;
        break;
      }
    }
  }
  if (at == std::string::npos) {
    throw UsageError(
        "--rows must be COLUMN OP VALUE (OP: = != > >= < <= like in regexp_like), got \"" + text +
        "\"");
  }
  auto trim = [](std::string s) {
    const auto first = s.find_first_not_of(' ');
    const auto last = s.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
  };
  rule.column = trim(text.substr(0, at));
  const std::string values = trim(text.substr(at + length));
  if (rule.column.empty() || values.empty()) {
    throw UsageError("--rows must be COLUMN OP VALUE, got \"" + text + "\"");
  }
  if (expression.operator_ == "in") {
    std::istringstream in(values);
    std::string item;
    while (std::getline(in, item, ',')) expression.expression.push_back(trim(item));
  } else {
    expression.expression = {values};
  }
  rule.relation = "and";
  rule.expression_list = {expression};
  return rule;
}

}  // namespace

Result user_create(const Invocation& inv) {
  const auto request = decode_body<CreateUserRequest>(*inv.json);
  const CreatedUser created = inv.client.users().create(request, inv.call);
  return {inv.flag("--show-secrets") ? Json(created) : Json(mask_secrets(created))};
}

Result user_delete(const Invocation& inv) {
  inv.client.users().remove(inv.id, inv.call);
  return {changed(inv.id)};
}

Result user_get(const Invocation& inv) { return {inv.client.users().get(inv.id, inv.call)}; }

Result user_list(const Invocation& inv) {
  if (inv.all) {
    std::vector<UserInfo> users;
    for (const UserInfo& user : all_users(inv.client.users(), list_request(inv), inv.call)) {
      users.push_back(user);
    }
    return {Json(users), user_table(users)};
  }
  const UserListResponse page = inv.client.users().list(list_request(inv), inv.call);
  return {Json(page), user_table(page.user_list)};
}

Result user_update(const Invocation& inv) {
  Json body = *inv.json;
  const bool password = body.contains("password");
  if (password && !body["password"].is_string()) throw UsageError("password must be a string");
  const std::string new_password = password ? body["password"].get<std::string>() : "";
  body.erase("password");
  body["id"] = inv.id;
  const auto request = decode_body<UpdateUserInfoRequest>(body);
  if (request.phone || request.email || request.description || !password) {
    inv.client.users().update_info(request, inv.call);
  }
  if (password) inv.client.users().update_password(inv.id, new_password, inv.call);
  return {changed(inv.id)};
}

Result user_set_roles(const Invocation& inv) {
  inv.client.users().update_roles(inv.id, inv.args, inv.call);
  return {changed(inv.id)};
}

Result user_enable(const Invocation& inv) {
  inv.client.users().update_status(inv.id, true, inv.call);
  return {changed(inv.id)};
}

Result user_disable(const Invocation& inv) {
  inv.client.users().update_status(inv.id, false, inv.call);
  return {changed(inv.id)};
}

Result role_create(const Invocation& inv) {
  const auto request = decode_body<CreateRoleRequest>(*inv.json);
  return {Json{{"id", inv.client.roles().create(request, inv.call)}}};
}

Result role_delete(const Invocation& inv) {
  inv.client.roles().remove(inv.id, inv.call);
  return {changed(inv.id)};
}

Result role_get(const Invocation& inv) { return {inv.client.roles().get(inv.id, inv.call)}; }

Result role_list(const Invocation& inv) {
  if (inv.all) {
    std::vector<RoleInfo> roles;
    for (const RoleInfo& role : all_roles(inv.client.roles(), list_request(inv), inv.call)) {
      roles.push_back(role);
    }
    return {Json(roles), role_table(roles)};
  }
  const RoleListResponse page = inv.client.roles().list(list_request(inv), inv.call);
  return {Json(page), role_table(page.role_list)};
}

Result role_update(const Invocation& inv) {
  // Keeps what --json does not give (update_table_role's rules): description, global codes,
  // object privileges.
  const Json& body = *inv.json;
  std::optional<std::vector<std::string>> codes;
  if (body.contains("authority_code_list")) {
    codes = body["authority_code_list"].get<std::vector<std::string>>();
  }
  const std::string description = body.value("description", std::string());
  if (body.contains("obj_authority_code_list")) {
    UpdateRoleInfoRequest request;
    const RoleInfo current = inv.client.roles().get(inv.id, inv.call);
    request.id = inv.id;
    request.description = description.empty() ? current.description.value_or("") : description;
    if (codes) {
      request.authority_code_list = *codes;
    } else {
      for (const Authority& a : current.authority_list) {
        if (a.code) request.authority_code_list.push_back(*a.code);
      }
    }
    request.obj_authority_code_list =
        body["obj_authority_code_list"].get<std::vector<ObjectPrivilege>>();
    inv.client.roles().update_info(request, inv.call);
  } else {
    update_table_role(inv.client.roles(), inv.id, description, std::nullopt, codes, inv.call);
  }
  return {changed(inv.id)};
}

Result role_grant_table(const Invocation& inv) {
  const std::string table_id = inv.option("TABLE_ID").value_or("");
  if (table_id.empty()) throw UsageError("TABLE_ID is required");
  const TableInfo table = inv.client.tables().get_table(table_id, inv.call);
  std::vector<std::string> all_columns;
  for (const TableColumn& column : table.columns) all_columns.push_back(column.name);
  std::optional<std::vector<std::string>> visible;
  if (auto columns = inv.option("--columns")) visible = split_commas(*columns);
  std::vector<RowRule> rules;
  if (auto rows = inv.option("--rows")) rules.push_back(parse_rows(*rows));
  try {
    grant_table_select(inv.client.roles(), inv.id, table_id, all_columns, visible, rules, inv.call);
  } catch (const InvalidArgumentError& error) {
    throw UsageError(error.what());
  }
  return {Json{{"id", inv.id}, {"table_id", table_id}}};
}

Result log_users(const Invocation& inv) {
  if (inv.all) {
    std::vector<AuditLog> logs;
    for (const AuditLog& log :
         all_user_logs(inv.client.audit_logs(), list_request(inv), inv.call)) {
      logs.push_back(log);
    }
    return {Json(logs), log_table(logs)};
  }
  const AuditLogListResponse page = inv.client.audit_logs().user_logs(list_request(inv), inv.call);
  return {Json(page), log_table(page.role_list)};
}

Result log_roles(const Invocation& inv) {
  if (inv.all) {
    std::vector<AuditLog> logs;
    for (const AuditLog& log :
         all_role_logs(inv.client.audit_logs(), list_request(inv), inv.call)) {
      logs.push_back(log);
    }
    return {Json(logs), log_table(logs)};
  }
  const AuditLogListResponse page = inv.client.audit_logs().role_logs(list_request(inv), inv.call);
  return {Json(page), log_table(page.role_list)};
}

Result whoami(const Invocation& inv) { return {inv.client.users().me(inv.call)}; }

Result api_key_show(const Invocation& inv) {
  const ApiKeyInfo key = inv.client.users().my_api_key(inv.call);
  *inv.out << key.key.value_or("") << "\n";
  inv.out->flush();
  return {};
}

Result api_key_refresh(const Invocation& inv) {
  const auto key = inv.client.users().refresh_my_api_key(inv.call);
  if (!key) {
    inv.diagnostics.line(
        "the key was refreshed; the service did not answer the new one (read it in the "
        "console): the old key no longer works");
    return {};
  }
  if (inv.diagnostics.tty()) {
    inv.diagnostics.line(
        "warning: the new API key follows on standard output, once; the old key no longer "
        "works. Store it now (e.g. moi profile) and clear your terminal's scrollback.");
  }
  *inv.out << *key << "\n";
  inv.out->flush();
  return {};
}

}  // namespace moi::cli
