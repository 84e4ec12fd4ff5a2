// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Table-level roles (PLATFORM-NOTES §7.4): find or create a role by name with privileges on
/// tables (codes, hidden columns, row filters), and update one keeping what is not given.

#include <optional>
#include <string>
#include <vector>

#include "moi/access_client.hpp"
#include "moi/model/access.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// The privileges of a role on one table: `rules` (codes with their column and row rules)
/// or, when `rules` is empty, the plain `codes` (each without rules). A table with neither is
/// skipped.
struct TablePrivilege {
  std::string table_id;              ///< Decimal table id.
  std::vector<std::string> codes{};  ///< e.g. {"DT8"} (select).
  std::vector<CodeRule> rules{};     ///< Codes with black_column_list / rule_list.
};

/// What create_table_role() did.
struct TableRole {
  std::string role_id;   ///< The role found or created.
  bool created = false;  ///< false: a role of that name existed (left unchanged).
};

/// Finds the role named @p name (`/role/list` with the `name_description` fuzzy filter, 100
/// per page, newest first, exact name match client-side; at most 1,000 pages) or creates it
/// with @p comment as its description, no global codes and one object privilege per table of
/// @p tables. A create refused because the name exists meanwhile ("already exists" or
/// "duplicate" in the message) searches again. @throws the moi::Error subclasses of the calls;
/// InvalidArgumentError for an empty name.
MOI_EXPORT TableRole create_table_role(const RoleClient& roles, const std::string& name,
                                       const std::string& comment,
                                       const std::vector<TablePrivilege>& tables,
                                       const CallOptions& options = {});

/// Updates role @p role_id (`/role/update_info`), keeping what is not given: an empty
/// @p comment keeps the description, absent @p global_codes keep the global codes (an empty
/// list removes them), absent @p tables keep every object privilege; given @p tables replace
/// the table privileges (tables not listed lose theirs; privileges on other kinds of object
/// are kept). Reads `/role/info` first. The service checks everything before changing
/// anything (the emulator does: a refused update leaves the role as it was).
MOI_EXPORT void update_table_role(const RoleClient& roles, const std::string& role_id,
                                  const std::string& comment,
                                  const std::optional<std::vector<TablePrivilege>>& tables,
                                  const std::optional<std::vector<std::string>>& global_codes,
                                  const CallOptions& options = {});

/// Grants select (DT8) on one table to role @p role_id, replacing what it held on that table
/// and keeping everything else: only @p visible_columns when given (the other columns of
/// @p all_columns become hidden), and only the rows @p row_rules let through.
/// @throws InvalidArgumentError when a visible column is not one of @p all_columns.
MOI_EXPORT void grant_table_select(const RoleClient& roles, const std::string& role_id,
                                   const std::string& table_id,
                                   const std::vector<std::string>& all_columns,
                                   const std::optional<std::vector<std::string>>& visible_columns,
                                   const std::vector<RowRule>& row_rules,
                                   const CallOptions& options = {});

}  // namespace moi
