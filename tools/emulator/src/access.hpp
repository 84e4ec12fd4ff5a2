// SPDX-License-Identifier: Apache-2.0
// Users, roles, privileges and audit logs (PLATFORM-NOTES §7), and their enforcement: who a
// moi-key is, which privilege code each endpoint needs, and what a caller may see of a table.
//
// The emulator's choices (no document gives the service's): every endpoint needs the §7.6 code
// of required_privilege() (a few need none: /user/me/*, /healthz, the LLM proxy, the signed
// download links); a key whose enabled roles do not hold it gets HTTP 403 with the code
// PERMISSION_DENIED naming the missing code, and nothing changes. The key given at start-up
// (--api-key; any key when none was given) is the administrator and holds every code. A code
// is held globally (a role's authority_code_list) or, for the table calls that name a table, as
// an object privilege on that table (category "table", id = the table id); the calls that name
// tables in SQL (N1 run_sql, D1/D2 data asking) need DT8 globally or on some table, and each
// table they read is checked by itself. Row and column rules of the object privilege DT8
// (select) restrict what TB6, TB9, TB14 and N1/D1 return.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moi_emulator/emulator.hpp"
#include "state.hpp"
#include "table_store.hpp"
#include "wire.hpp"

namespace moi::emulator::detail {

struct Ctx;

/// The §7.6 code an endpoint needs ("" when any valid key may call it).
std::string_view required_privilege(Endpoint endpoint);

/// Resolves @p key (the request's moi-key) against the start-up key @p admin_key and the
/// users' keys, and sets state.caller. Returns {status, message} of a refusal (401: unknown
/// key, a disabled user's key) or nullopt. An empty @p admin_key accepts any key that is not a
/// user's as the administrator's.
std::optional<std::pair<int, std::string>> authenticate(State& state, const std::string& admin_key,
                                                        const std::string& key);

/// Whether state.caller may call @p endpoint with @p body: nullopt when it may, else the 403
/// message naming the missing code (and the table, for the table calls).
std::optional<std::string> authorize(const State& state, const TableStore& tables,
                                     Endpoint endpoint, const std::string& body);

/// The 403 message of a caller that lacks @p code (on @p object, e.g. "table 5", when not
/// empty) for @p what (an endpoint id): "permission denied: WHAT needs privilege CODE (NAME)
/// on OBJECT, which WHO does not hold".
std::string permission_denied(const State& state, std::string_view what, const std::string& code,
                              const std::string& object);

/// What the caller may see of one table: the hook for every read of table rows (TB6, TB9,
/// TB14, and run_sql: refuse the table when !allowed, drop hidden_columns, keep only the rows
/// for which row_visible() is true).
struct TableView {
  bool allowed = true;                      ///< the caller holds DT8 (select) on the table
  std::vector<std::string> hidden_columns;  ///< columns hidden from the caller
  /// Row filters, any of which lets a row through (one per granting role); empty: every row.
  /// Each is a `rule_list` as stored (every rule must pass).
  std::vector<json> row_filters;
  bool unrestricted() const { return allowed && hidden_columns.empty() && row_filters.empty(); }
  /// Whether the caller may see a row of @p table (cells in column order).
  bool row_visible(const TableMeta& table, const std::vector<json>& row) const;
  /// The indexes of the columns of @p table the caller may see, in order.
  std::vector<std::size_t> visible_columns(const TableMeta& table) const;
};

/// The TableView of state.caller (the administrator: everything) on @p table.
TableView table_view(const State& state, const TableMeta& table);
/// The same for the user @p user_id (0: the administrator), e.g. of a download link.
TableView table_view_of_user(const State& state, std::int64_t user_id, const TableMeta& table);

/// The handler of a US, RO or LG endpoint.
Reply access_dispatch(Endpoint endpoint, Ctx& ctx);

/// The user whose download links TB8 signs ("" for the administrator) and whether a link of
/// user @p user_id may still be used (the user exists and is enabled).
bool user_enabled(const State& state, std::int64_t user_id);

}  // namespace moi::emulator::detail
