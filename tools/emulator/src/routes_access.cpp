// SPDX-License-Identifier: Apache-2.0
// Users, roles, privileges and audit logs (PLATFORM-NOTES §7): the US, RO and LG endpoints,
// key resolution, privilege checks and the table views of row and column rules (access.hpp).
#include <algorithm>
#include <cctype>
#include <functional>
#include <regex>
#include <set>

#include "access.hpp"
#include "hmac.hpp"
#include "router.hpp"
#include "routes.hpp"

namespace moi::emulator::detail {

namespace {

const Loc kBody{"body"};

// ---- Privilege codes (§7.6) -----------------------------------------------------------------

struct CodeInfo {
  const char* code;
  const char* name;
};

constexpr CodeInfo kCodes[] = {{"U1", "create user"},
                               {"U2", "list users"},
                               {"U3", "update user password"},
                               {"U4", "update user roles"},
                               {"U5", "update user info"},
                               {"U6", "update user status"},
                               {"U7", "delete user"},
                               {"U8", "user log"},
                               {"R1", "create role"},
                               {"R2", "list roles"},
                               {"R3", "update role info"},
                               {"R4", "update role status"},
                               {"R5", "delete role"},
                               {"R6", "role log"},
                               {"C1", "create connector"},
                               {"C2", "list connectors"},
                               {"C3", "get connector"},
                               {"C4", "update connector"},
                               {"C5", "delete connector"},
                               {"C6", "use connector"},
                               {"L1", "create load task"},
                               {"L2", "list load tasks"},
                               {"L3", "get load task"},
                               {"L4", "update load task"},
                               {"L5", "delete load task"},
                               {"W1", "create workflow"},
                               {"W2", "run workflow"},
                               {"W3", "list workflows"},
                               {"W4", "get workflow"},
                               {"W5", "stop workflow"},
                               {"W6", "update workflow"},
                               {"W7", "delete workflow"},
                               {"DC1", "create catalog"},
                               {"DC2", "query catalog"},
                               {"DC3", "update catalog"},
                               {"DC4", "delete catalog"},
                               {"DB1", "create database"},
                               {"DB2", "query database"},
                               {"DB3", "update database"},
                               {"DB4", "delete database"},
                               {"DV1", "create volume"},
                               {"DV2", "query volume"},
                               {"DV3", "update volume"},
                               {"DV4", "delete volume"},
                               {"DV5", "read volume contents"},
                               {"DV6", "write volume contents"},
                               {"DT1", "create table"},
                               {"DT2", "show tables"},
                               {"DT3", "alter table"},
                               {"DT4", "drop table"},
                               {"DT5", "create view"},
                               {"DT6", "alter view"},
                               {"DT7", "drop view"},
                               {"DT8", "select"},
                               {"DT9", "insert"},
                               {"DT10", "update"},
                               {"DT11", "delete"},
                               {"DT12", "truncate"},
                               {"DT13", "references"},
                               {"DT14", "indexes"},
                               {"A1", "create alarm rule"},
                               {"A2", "query alarm rules"},
                               {"A3", "update alarm rule"},
                               {"A4", "delete alarm rule"},
                               {"A5", "create alarm receiver"},
                               {"A6", "query alarm receivers"},
                               {"A7", "update alarm receiver"},
                               {"A8", "delete alarm receiver"},
                               {"A9", "alarm log"},
                               {"E1", "create export task"},
                               {"E2", "list export tasks"},
                               {"E3", "get export task"},
                               {"E4", "update export task status"},
                               {"E5", "delete export task"},
                               {"K1", "create knowledge"},
                               {"K2", "query knowledge"},
                               {"K3", "update knowledge"},
                               {"K4", "delete knowledge"},
                               {"K5", "use knowledge"},
                               {"PS1", "create publication"},
                               {"PS2", "query publications"},
                               {"PS3", "update publication"},
                               {"PS4", "delete publication"},
                               {"PS5", "query subscriptions"},
                               {"PS6", "create subscription"},
                               {"PS7", "update subscription"},
                               {"PS8", "delete subscription"}};

const CodeInfo* find_code(const std::string& code) {
  for (const CodeInfo& info : kCodes) {
    if (code == info.code) return &info;
  }
  return nullptr;
}

// The codes valid in object privileges, by category (Go's object map).
struct CategoryCodes {
  const char* category;
  std::vector<std::string> codes;
};

const std::vector<CategoryCodes>& category_codes() {
  static const std::vector<CategoryCodes> kTable{
      {"table", {"DT3", "DT4", "DT6", "DT7", "DT8", "DT9", "DT10", "DT11", "DT12", "DT13", "DT14"}},
      {"database", {"DB3", "DB4", "DV1", "DT1", "DT2", "DT5"}},
      {"catalog", {"DC2", "DC3", "DC4", "DB1", "DB2"}},
      {"volume", {"DV3", "DV4", "DV5", "DV6"}},
      {"workflow", {"W6", "W7", "W4", "W2", "W5"}},
      {"connector", {"C4", "C5", "C3", "C6"}},
      {"load_task", {"L4", "L5", "L3"}},
      {"export_task", {"E4", "E5", "E3"}},
      {"alarm", {"A2", "A3", "A4", "A6", "A7", "A8", "A9"}}};
  return kTable;
}

const std::vector<std::string>* codes_of_category(const std::string& category) {
  for (const auto& entry : category_codes()) {
    if (category == entry.category) return &entry.codes;
  }
  return nullptr;
}

// ---- Endpoint -> privilege (the emulator's table; docs/access-control.md) -----------------

struct EndpointCode {
  const char* id;    // endpoint id (endpoint_id())
  const char* code;  // "" = any valid key
};

// By endpoint id, so that families added later (N, D) find their row here.
constexpr EndpointCode kEndpointCodes[] = {
    {"W1", "W1"},
    {"W2", "W3"},
    {"W3", "W4"},
    {"W4", "W6"},
    {"W5", "W7"},
    {"W6", "W5"},
    {"W7", "W2"},
    {"B1", "W6"},
    {"B2", "W4"},
    {"B3", "W4"},
    {"B4", "W6"},
    {"B5", "W6"},
    {"J1", "W4"},
    {"J2", "W4"},
    {"J3", "W4"},
    {"J4", "W2"},
    {"J5", "W4"},
    {"E1", "E1"},
    {"E2", "E2"},
    {"E3", "E3"},
    {"E4", "E3"},
    {"E5", "E4"},
    {"E6", "E5"},
    {"C1", "DC2"},
    {"C2", "DC2"},
    {"C3", "DC1"},
    {"C4", "DB1"},
    {"C5", "DB2"},
    {"C6", "DV1"},
    {"C7", "DV2"},
    {"C8", "DV4"},
    {"C9", "DV2"},
    {"F1", "DV5"},
    {"F2", "DV5"},
    {"F3", "DV6"},
    {"F4", "DV5"},
    {"F5", ""},
    {"U1", "DV6"},
    {"U2", "DV6"},
    {"U3", "DV5"},
    {"U4", "DV5"},
    {"U5", "DV6"},
    {"U6", ""},
    {"T1", "L3"},
    {"T2", "L3"},
    {"K1", "C1"},
    {"K2", "C1"},
    {"K3", "C2"},
    {"K4", "C4"},
    {"K5", "C5"},
    {"K6", "C3"},
    {"TB1", "DT1"},
    {"TB2", "DT2"},
    {"TB3", "DT2"},
    {"TB4", "DT2"},
    {"TB5", "DT2"},
    {"TB6", "DT8"},
    {"TB7", "DT9"},
    {"TB8", "DT8"},
    {"TB9", "DT8"},
    {"TB10", "DT12"},
    {"TB11", "DT4"},
    {"TB12", "DT2"},
    {"TB13", "DT2"},
    {"TB14", ""},
    {"C10", "DC2"},
    {"C11", "DC3"},
    {"C12", "DC4"},
    {"C13", "DC2"},
    {"C14", "DB2"},
    {"C15", "DB2"},
    {"C16", "DB3"},
    {"C17", "DB4"},
    {"C18", "DB2"},
    {"C19", "DV3"},
    {"C20", "DV2"},
    {"C21", "DV3"},
    {"C22", "DV3"},
    {"F6", "DV6"},
    {"F7", "DV6"},
    {"F8", "DV6"},
    {"F9", "DV6"},
    {"F10", "DV5"},
    {"F11", "DV5"},
    {"FO1", "DV6"},
    {"FO2", "DV6"},
    {"FO3", "DV6"},
    {"FO4", "DV6"},
    {"FO5", "DV5"},
    {"H1", ""},
    {"T3", "L1"},
    {"T4", "L2"},
    {"T5", "L4"},
    {"T6", "L5"},
    {"T7", "L4"},
    {"T8", "L4"},
    {"T9", "L4"},
    {"K7", "C2"},
    {"G1", "W2"},
    {"G2", "W4"},
    {"G3", "W4"},
    {"G4", "W4"},
    {"G5", "W1"},
    // NL2SQL, knowledge and data asking (issue 24): reading tables is select.
    {"N1", "DT8"},
    {"N2", "K1"},
    {"N3", "K3"},
    {"N4", "K4"},
    {"N5", "K2"},
    {"N6", "K2"},
    {"N7", "K2"},
    {"D1", "DT8"},
    {"D2", "DT8"},
    // Users, roles, logs: the "me" calls need no code.
    {"US1", "U1"},
    {"US2", "U7"},
    {"US3", "U2"},
    {"US4", "U2"},
    {"US5", "U3"},
    {"US6", "U5"},
    {"US7", "U4"},
    {"US8", "U6"},
    {"US9", ""},
    {"US10", ""},
    {"US11", ""},
    {"US12", ""},
    {"US13", ""},
    {"RO1", "R1"},
    {"RO2", "R5"},
    {"RO3", "R2"},
    {"RO4", "R2"},
    {"RO5", "R2"},
    {"RO6", "R3"},
    {"RO7", "R3"},
    {"RO8", "R3"},
    {"RO9", "R4"},
    {"RO10", "R2"},
    {"LG1", "U8"},
    {"LG2", "R6"},
    // The LLM proxy: no §7.6 code covers it.
    {"L1", ""},
    {"L2", ""},
    {"L3", ""},
    {"L4", ""},
    {"L5", ""},
    {"L6", ""},
    {"L7", ""},
    {"L8", ""},
    {"L9", ""},
    {"L10", ""},
    {"L11", ""},
    {"L12", ""},
    {"L13", ""},
    {"L14", ""},
    {"L15", ""},
    {"L16", ""},
    {"L17", ""}};

// Endpoints whose body names one table by `id` (or -1 + name + database_id).
bool names_a_table(Endpoint e) {
  switch (e) {
    case Endpoint::kTB2GetTable:
    case Endpoint::kTB6TableRows:
    case Endpoint::kTB7LoadTable:
    case Endpoint::kTB8TableLink:
    case Endpoint::kTB9TableCsv:
    case Endpoint::kTB10TruncateTable:
    case Endpoint::kTB11DeleteTable:
    case Endpoint::kTB13TableRefList:
      return true;
    default:
      return false;
  }
}

// Endpoints that name tables in SQL or a question (any number of them): the tables are
// checked one by one when the statement is read (routes_ask.cpp).
bool names_tables_in_sql(Endpoint e) {
  return e == Endpoint::kN1RunSql || e == Endpoint::kD1Analyze || e == Endpoint::kD2CancelAnalyze;
}

// ---- Stored records ---------------------------------------------------------------------------

json& users_of(State& s) {
  if (!s.access.contains("users")) s.access["users"] = json::object();
  return s.access["users"];
}
json& roles_of(State& s) {
  if (!s.access.contains("roles")) s.access["roles"] = json::object();
  return s.access["roles"];
}
const json& users_of(const State& s) {
  static const json kEmpty = json::object();
  const auto it = s.access.find("users");
  return it == s.access.end() ? kEmpty : *it;
}
const json& roles_of(const State& s) {
  static const json kEmpty = json::object();
  const auto it = s.access.find("roles");
  return it == s.access.end() ? kEmpty : *it;
}

const json* find_user(const State& s, std::int64_t id) {
  const json& users = users_of(s);
  const auto it = users.find(std::to_string(id));
  return it == users.end() ? nullptr : &*it;
}
const json* find_role(const State& s, std::int64_t id) {
  const json& roles = roles_of(s);
  const auto it = roles.find(std::to_string(id));
  return it == roles.end() ? nullptr : &*it;
}

bool has(const json& list, const std::string& value) {
  if (!list.is_array()) return false;
  return std::any_of(list.begin(), list.end(), [&](const json& v) { return v == value; });
}

// The enabled roles of a user.
std::vector<const json*> roles_of_user(const State& s, const json& user) {
  std::vector<const json*> out;
  for (const json& id : user.value("role_ids", json::array())) {
    const json* role = find_role(s, id.get<std::int64_t>());
    if (role != nullptr && role->value("status", std::string()) == "enable") out.push_back(role);
  }
  return out;
}

// Whether the user holds `code` globally, or on the object (category, id) when given.
bool holds(const State& s, const json& user, const std::string& code, const std::string& category,
           const std::string& object_id) {
  for (const json* role : roles_of_user(s, user)) {
    if (has((*role)["codes"], code)) return true;
    if (object_id.empty()) continue;
    for (const json& obj : (*role)["objects"]) {
      if (obj["category"] != category || obj["id"] != object_id) continue;
      for (const json& rule : obj["authority_code_list"]) {
        if (rule["code"] == code) return true;
      }
    }
  }
  return false;
}

// Whether the user holds `code` globally or on at least one table.
bool holds_on_some_table(const State& s, const json& user, const std::string& code) {
  for (const json* role : roles_of_user(s, user)) {
    if (has((*role)["codes"], code)) return true;
    for (const json& obj : (*role)["objects"]) {
      if (obj["category"] != "table") continue;
      for (const json& rule : obj["authority_code_list"]) {
        if (rule["code"] == code) return true;
      }
    }
  }
  return false;
}

std::string quoted(const std::string& text) { return "\"" + printable(text) + "\""; }

std::string who(const State& s) {
  if (s.caller.admin) return "the administrator";
  return "user " + quoted(s.caller.name) + " (id " + std::to_string(s.caller.user_id) + ")";
}

// ---- Row rules --------------------------------------------------------------------------------

std::string cell_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::optional<double> number_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return d;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// SQL LIKE (% and _), case-insensitive for ASCII as MySQL's default collation.
bool like(const std::string& text, const std::string& pattern) {
  const std::string t = lower(text), p = lower(pattern);
  std::size_t ti = 0, pi = 0, star = std::string::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '_' || p[pi] == t[ti])) {
      ++ti;
      ++pi;
    } else if (pi < p.size() && p[pi] == '%') {
      star = pi++;
      mark = ti;
    } else if (star != std::string::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

int compare(const std::string& a, const std::string& b) {
  const auto x = number_of(a), y = number_of(b);
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

bool expression_passes(const json& expr, const json& cell) {
  if (cell.is_null()) return false;
  const std::string text = cell_text(cell);
  const std::string op = expr.value("operator", std::string());
  const json& values = expr["expression"];
  if (!values.is_array() || values.empty()) return false;
  const std::string first = values[0].get<std::string>();
  auto any = [&](auto&& pred) {
    return std::any_of(values.begin(), values.end(),
                       [&](const json& v) { return pred(v.get<std::string>()); });
  };
  if (op == "=" || op == "in")
    return any([&](const std::string& v) { return compare(text, v) == 0; });
  if (op == "!=") {
    return !any([&](const std::string& v) { return compare(text, v) == 0; });
  }
  if (op == "like") return any([&](const std::string& v) { return like(text, v); });
  if (op == ">") return compare(text, first) > 0;
  if (op == ">=") return compare(text, first) >= 0;
  if (op == "<") return compare(text, first) < 0;
  if (op == "<=") return compare(text, first) <= 0;
  if (op == "regexp_like") {
    auto flags = std::regex::ECMAScript;
    if (expr.value("match_type", std::string()).find('i') != std::string::npos) {
      flags |= std::regex::icase;
    }
    return any([&](const std::string& v) {
      try {
        return std::regex_search(text, std::regex(v, flags));
      } catch (const std::exception&) {
        return false;
      }
    });
  }
  return false;
}

bool rule_passes(const json& rule, const TableMeta& table, const std::vector<json>& row) {
  const std::string column = rule.value("column", std::string());
  std::size_t index = table.columns.size();
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].name == column) index = i;
  }
  if (index >= row.size()) return false;  // a column dropped since: nothing passes
  const bool any = lower(rule.value("relation", std::string("and"))) == "or";
  const json& exprs = rule["expression_list"];
  if (!exprs.is_array() || exprs.empty()) return true;
  for (const json& expr : exprs) {
    const bool pass = expression_passes(expr, row[index]);
    if (any && pass) return true;
    if (!any && !pass) return false;
  }
  return !any;
}

}  // namespace

// ---- access.hpp -------------------------------------------------------------------------------

std::string_view required_privilege(Endpoint endpoint) {
  const std::string_view id = endpoint_id(endpoint);
  for (const EndpointCode& row : kEndpointCodes) {
    if (id == row.id) return row.code;
  }
  return "ADMIN";  // an endpoint without a row: the administrator only
}

std::optional<std::pair<int, std::string>> authenticate(State& state, const std::string& admin_key,
                                                        const std::string& key) {
  state.caller = State::Caller{};
  state.caller.key = key;
  if (key.empty()) return std::make_pair(401, std::string("missing moi-key header"));
  if (!admin_key.empty() && equal_in_constant_time(key, admin_key)) return std::nullopt;
  for (const auto& [id, user] : users_of(static_cast<const State&>(state)).items()) {
    if (!equal_in_constant_time(user.value("api_key", std::string()), key)) continue;
    if (user.value("status", std::string()) != "enable") {
      return std::make_pair(401, "the user of this moi-key (id " + id + ") is disabled");
    }
    state.caller.admin = false;
    state.caller.user_id = user["id"].get<std::int64_t>();
    state.caller.name = user["name"].get<std::string>();
    return std::nullopt;
  }
  if (admin_key.empty()) return std::nullopt;  // any other key is the administrator
  return std::make_pair(401, std::string("invalid moi-key"));
}

std::optional<std::string> authorize(const State& state, const TableStore& tables,
                                     Endpoint endpoint, const std::string& body) {
  if (state.caller.admin) return std::nullopt;
  const std::string code(required_privilege(endpoint));
  if (code.empty()) return std::nullopt;
  const json* user = find_user(state, state.caller.user_id);
  if (user == nullptr) return "the user of this moi-key no longer exists";
  std::string object_id;
  if (names_a_table(endpoint)) {
    const json parsed = json::parse(body, nullptr, false);
    if (parsed.is_object()) {
      const json id = parsed.value("id", json());
      if (id.is_number_integer() && id.get<std::int64_t>() > 0) {
        object_id = std::to_string(id.get<std::int64_t>());
      } else if (id.is_string()) {
        object_id = id.get<std::string>();
      } else if (id.is_number_integer() && id.get<std::int64_t>() == -1) {
        const json name = parsed.value("table_name", parsed.value("name", json()));
        const json db = parsed.value("database_id", json());
        if (name.is_string() && (db.is_number_integer() || db.is_string())) {
          try {
            const std::int64_t db_id =
                db.is_string() ? std::stoll(db.get<std::string>()) : db.get<std::int64_t>();
            if (auto t = tables.table_by_name(db_id, name.get<std::string>())) {
              object_id = std::to_string(t->id);
            }
          } catch (const std::exception&) {
          }
        }
      }
    }
  }
  if (names_tables_in_sql(endpoint)) {
    // Each table the statement names is checked by run_sql itself (its TableView).
    if (holds_on_some_table(state, *user, code)) return std::nullopt;
    return permission_denied(state, endpoint_id(endpoint), code, "a table");
  }
  if (holds(state, *user, code, "table", object_id)) return std::nullopt;
  return permission_denied(state, endpoint_id(endpoint), code,
                           object_id.empty() ? "" : "table " + printable(object_id));
}

std::string permission_denied(const State& state, std::string_view what, const std::string& code,
                              const std::string& object) {
  const CodeInfo* info = find_code(code);
  std::string message = "permission denied: " + std::string(what) + " needs privilege " + code;
  if (info != nullptr) message += std::string(" (") + info->name + ")";
  if (!object.empty()) message += " on " + object;
  return message + ", which " + who(state) + " does not hold";
}

bool TableView::row_visible(const TableMeta& table, const std::vector<json>& row) const {
  if (!allowed) return false;
  if (row_filters.empty()) return true;
  for (const json& rules : row_filters) {
    bool all = true;
    for (const json& rule : rules) {
      if (!rule_passes(rule, table, row)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

std::vector<std::size_t> TableView::visible_columns(const TableMeta& table) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (std::find(hidden_columns.begin(), hidden_columns.end(), table.columns[i].name) ==
        hidden_columns.end()) {
      out.push_back(i);
    }
  }
  return out;
}

TableView table_view_of_user(const State& state, std::int64_t user_id, const TableMeta& table) {
  TableView view;
  if (user_id == 0) return view;
  const json* user = find_user(state, user_id);
  if (user == nullptr || user->value("status", std::string()) != "enable") {
    view.allowed = false;
    return view;
  }
  const std::string table_id = std::to_string(table.id);
  bool granted = false;
  bool unrestricted = false;
  std::optional<std::set<std::string>> hidden;  // intersection over the grants
  for (const json* role : roles_of_user(state, *user)) {
    if (has((*role)["codes"], "DT8")) unrestricted = true;
    for (const json& obj : (*role)["objects"]) {
      if (obj["category"] != "table" || obj["id"] != table_id) continue;
      for (const json& rule : obj["authority_code_list"]) {
        if (rule["code"] != "DT8") continue;
        granted = true;
        std::set<std::string> black;
        for (const json& c : rule.value("black_column_list", json::array())) {
          black.insert(c.get<std::string>());
        }
        if (!hidden) {
          hidden = black;
        } else {
          std::set<std::string> both;
          std::set_intersection(hidden->begin(), hidden->end(), black.begin(), black.end(),
                                std::inserter(both, both.begin()));
          hidden = both;
        }
        const json rules = rule.value("rule_list", json::array());
        if (!rules.is_array() || rules.empty()) {
          view.row_filters.clear();
          unrestricted = unrestricted || false;
          view.row_filters.push_back(json::array());  // every row
        } else {
          view.row_filters.push_back(rules);
        }
      }
    }
  }
  if (unrestricted) return TableView{};
  if (!granted) {
    view.allowed = false;
    return view;
  }
  if (hidden) view.hidden_columns.assign(hidden->begin(), hidden->end());
  // A grant without row rules lets every row through.
  if (std::any_of(view.row_filters.begin(), view.row_filters.end(),
                  [](const json& r) { return r.empty(); })) {
    view.row_filters.clear();
  }
  return view;
}

TableView table_view(const State& state, const TableMeta& table) {
  return table_view_of_user(state, state.caller.admin ? 0 : state.caller.user_id, table);
}

bool user_enabled(const State& state, std::int64_t user_id) {
  if (user_id == 0) return true;
  const json* user = find_user(state, user_id);
  return user != nullptr && user->value("status", std::string()) == "enable";
}

// ---- The handlers -----------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxNameBytes = 256;
constexpr std::size_t kMaxTextBytes = 4096;

std::string new_key() { return "moi-user-" + random_hex(24); }

std::string password_hash(const std::string& salt, const std::string& password) {
  return hmac_sha256_hex(salt, password);
}

// A name: non-empty, at most kMaxNameBytes, no control characters (quotes are ordinary).
std::optional<std::string> check_name(const std::string& what, const std::string& name) {
  if (name.empty()) return what + " is empty";
  if (name.size() > kMaxNameBytes) {
    return what + " is " + std::to_string(name.size()) + " bytes long: at most " +
           std::to_string(kMaxNameBytes);
  }
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return what + " holds a control character";
  }
  return std::nullopt;
}

std::optional<std::string> check_text(const std::string& what, const std::string& text) {
  if (text.size() > kMaxTextBytes) {
    return what + " is longer than " + std::to_string(kMaxTextBytes) + " bytes";
  }
  return std::nullopt;
}

std::int64_t next_id(State& s, const char* key) {
  const std::int64_t id = s.access.value(key, std::int64_t{1}) + 1;  // 1 is the administrator
  s.access[key] = id;
  return id;
}

// Appends an audit log entry (who, what, target by name and id, when).
void audit(Ctx& ctx, const char* list, const std::string& type, const std::string& target_type,
           std::int64_t target_id, const std::string& target_name, const std::string& what) {
  const std::string operator_name =
      ctx.state.caller.admin ? ctx.settings.user_name : ctx.state.caller.name;
  json entry{{"type", type},
             {"user_name", operator_name},
             {"role_name", target_type == "role" ? target_name : std::string()},
             {"created_at", iso_z(ctx.now)},
             {"status", "success"},
             {"description", operator_name + " " + what + " " + target_type + " \"" + target_name +
                                 "\" (id " + std::to_string(target_id) + ")"},
             {"operator_id", std::to_string(ctx.state.caller.admin ? 1 : ctx.state.caller.user_id)},
             {"target_type", target_type},
             {"target_id", std::to_string(target_id)},
             {"target_name", target_name}};
  if (!ctx.state.access.contains(list)) ctx.state.access[list] = json::array();
  ctx.state.access[list].push_back(std::move(entry));
  ctx.changed = true;
}

// The body and one numeric id key.
std::optional<std::int64_t> body_id(Ctx& ctx, const json& root, const char* key, Reply& error) {
  Errors e;
  const auto text = read_id_text(root, kBody, key, Need::kRequired, e);
  if (!e.empty() || !text) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  if (text->empty() || text->size() > 18 ||
      text->find_first_not_of("0123456789") != std::string::npos) {
    error = bad_argument(ctx, std::string(key) + ": not a user or role id: " + quoted(*text));
    return std::nullopt;
  }
  return std::stoll(*text);
}

json user_json(const State& s, const json& user) {
  json roles = json::array();
  for (const json& id : user.value("role_ids", json::array())) {
    const json* role = find_role(s, id.get<std::int64_t>());
    if (role == nullptr) continue;
    roles.push_back({{"id", (*role)["id"]},
                     {"name", (*role)["name"]},
                     {"status", (*role)["status"]},
                     {"codes", (*role)["codes"]}});
  }
  return json{{"id", user["id"]},
              {"name", user["name"]},
              {"status", user["status"]},
              {"phone", user.value("phone", "")},
              {"email", user.value("email", "")},
              {"reserved", false},
              {"role_list", std::move(roles)},
              {"last_login", user.value("last_login", "")},
              {"description", user.value("description", "")},
              {"created_at", user["created_at"]},
              {"updated_at", user["updated_at"]}};
}

json admin_user_json(const Ctx& ctx) {
  return json{{"id", 1},
              {"name", ctx.settings.user_name},
              {"status", "enable"},
              {"phone", ""},
              {"email", ""},
              {"reserved", true},
              {"role_list", json::array()},
              {"last_login", ""},
              {"description", "the emulator's administrator (its start-up key)"},
              {"created_at", iso_z(0)},
              {"updated_at", iso_z(0)}};
}

json role_json(const json& role) {
  json authorities = json::array();
  for (const json& code : role["codes"]) {
    const CodeInfo* info = find_code(code.get<std::string>());
    authorities.push_back({{"code", code},
                           {"name", info != nullptr ? info->name : ""},
                           {"description", ""},
                           {"category", ""}});
  }
  return json{{"id", role["id"]},
              {"name", role["name"]},
              {"status", role["status"]},
              {"reserved", false},
              {"description", role.value("description", "")},
              {"authority_list", std::move(authorities)},
              {"obj_authority_list", role["objects"]},
              {"created_at", role["created_at"]},
              {"updated_at", role["updated_at"]}};
}

// The users and roles calls' "not found".
Reply user_not_found(const Ctx& ctx, std::int64_t id) {
  if (id == 1) {
    return bad_argument(ctx,
                        "user 1 is the administrator (the emulator's start-up key): it "
                        "cannot be changed");
  }
  return root_not_found(ctx, "user " + std::to_string(id) + " not found");
}

json* user_for_change(Ctx& ctx, std::int64_t id, Reply& error) {
  auto& users = users_of(ctx.state);
  const auto it = users.find(std::to_string(id));
  if (it == users.end()) {
    error = user_not_found(ctx, id);
    return nullptr;
  }
  return &*it;
}

// Every role id of `ids` exists; else the error names the first that does not.
std::optional<std::vector<std::int64_t>> role_ids(Ctx& ctx, const json& root, const char* key,
                                                  Reply& error) {
  Errors e;
  const auto ids = read_list_of_ids(root, key, e);
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  for (const std::string& text : ids) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      error = bad_argument(ctx, std::string(key) + ": not a role id: " + quoted(text));
      return std::nullopt;
    }
    const std::int64_t id = std::stoll(text);
    if (find_role(ctx.state, id) == nullptr) {
      error = bad_argument(ctx, std::string(key) + ": role " + text + " not found (deleted?)");
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

// Validates one global code list.
std::optional<std::vector<std::string>> global_codes(Ctx& ctx, const json& root, const char* key,
                                                     Need need, Reply& error) {
  Errors e;
  const auto codes = read_string_list(root, kBody, key, need, e);
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const std::string& code : codes.value_or(std::vector<std::string>{})) {
    if (find_code(code) == nullptr) {
      error = bad_argument(ctx, std::string(key) + ": unknown privilege code " + quoted(code));
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  }
  return out;
}

// Whether the object (category, id) exists; its columns for a table.
bool object_exists(const Ctx& ctx, const std::string& category, const std::string& id,
                   std::optional<TableMeta>& table) {
  const bool digits =
      !id.empty() && id.size() <= 19 && id.find_first_not_of("0123456789") == std::string::npos;
  if (category == "table") {
    if (!digits || id.size() > 18) return false;
    table = ctx.tables.table(std::stoll(id));
    return table.has_value();
  }
  if (category == "database") {
    return digits && id.size() <= 18 && ctx.state.databases.count(std::stoll(id)) != 0;
  }
  if (category == "catalog") {
    return digits && id.size() <= 18 && ctx.state.catalogs.count(std::stoll(id)) != 0;
  }
  if (category == "volume") return ctx.state.volumes.count(id) != 0;
  if (category == "workflow") return ctx.state.workflows.count(id) != 0;
  if (category == "connector") {
    return digits && id.size() <= 18 && ctx.state.connectors.count(std::stoll(id)) != 0;
  }
  if (category == "load_task") return ctx.state.load_tasks.count(id) != 0;
  if (category == "export_task") return ctx.state.tasks.count(id) != 0;
  return true;  // alarms: the emulator has none to check
}

bool known_column(const TableMeta& table, const std::string& column) {
  return std::any_of(table.columns.begin(), table.columns.end(),
                     [&](const TableColumnDef& c) { return c.name == column; });
}

const std::set<std::string>& operators() {
  static const std::set<std::string> kOps{
      "=", "!=", "like", ">", ">=", "<", "<=", "regexp_like", "in"};
  return kOps;
}

// Validates one ObjPriv list and returns it as stored (every key known, lists never null).
std::optional<json> object_privileges(Ctx& ctx, const json& root, const char* key, Reply& error) {
  const auto fail = [&](const std::string& message) {
    error = bad_argument(ctx, std::string(key) + message);
    return std::nullopt;
  };
  note_read(kBody, key);
  const json list = root.value(key, json());
  json out = json::array();
  if (list.is_null()) return out;
  if (!list.is_array()) return fail(": expected a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& obj = list[i];
    const std::string at = "[" + std::to_string(i) + "]";
    if (!obj.is_object()) return fail(at + ": expected an object");
    const json id = obj.value("id", json());
    const std::string id_text =
        id.is_string() ? id.get<std::string>() : (id.is_number_integer() ? id.dump() : "");
    if (id_text.empty()) return fail(at + ".id: missing or empty");
    const std::string category = obj.value("category", json()).is_string()
                                     ? obj["category"].get<std::string>()
                                     : std::string();
    const auto* valid = codes_of_category(category);
    if (valid == nullptr) return fail(at + ".category: unknown category " + quoted(category));
    std::optional<TableMeta> table;
    if (!object_exists(ctx, category, id_text, table)) {
      return fail(at + ": " + category + " " + quoted(id_text) + " not found (deleted?)");
    }
    json rules_out = json::array();
    const json rules = obj.value("authority_code_list", json::array());
    if (!rules.is_array() && !rules.is_null()) return fail(at + ".authority_code_list: a list");
    for (std::size_t j = 0; rules.is_array() && j < rules.size(); ++j) {
      const json& rule = rules[j];
      const std::string rat = at + ".authority_code_list[" + std::to_string(j) + "]";
      if (!rule.is_object() || !rule.value("code", json()).is_string()) {
        return fail(rat + ".code: missing");
      }
      const std::string code = rule["code"].get<std::string>();
      if (find_code(code) == nullptr) return fail(rat + ": unknown privilege code " + quoted(code));
      if (std::find(valid->begin(), valid->end(), code) == valid->end()) {
        return fail(rat + ": privilege code " + quoted(code) + " does not apply to a " + category);
      }
      json black = json::array();
      const json blist = rule.value("black_column_list", json());
      if (!blist.is_null() && !blist.is_array()) return fail(rat + ".black_column_list: a list");
      for (const json& c : blist.is_array() ? blist : json::array()) {
        if (!c.is_string()) return fail(rat + ".black_column_list: strings expected");
        if (table && !known_column(*table, c.get<std::string>())) {
          return fail(rat + ".black_column_list: unknown column " + quoted(c.get<std::string>()) +
                      " of table " + id_text);
        }
        black.push_back(c);
      }
      json row_rules = json::array();
      const json rlist = rule.value("rule_list", json());
      if (!rlist.is_null() && !rlist.is_array()) return fail(rat + ".rule_list: a list");
      for (const json& r : rlist.is_array() ? rlist : json::array()) {
        if (!r.is_object() || !r.value("column", json()).is_string()) {
          return fail(rat + ".rule_list: each rule needs a column");
        }
        const std::string column = r["column"].get<std::string>();
        if (table && !known_column(*table, column)) {
          return fail(rat + ".rule_list: unknown column " + quoted(column) + " of table " +
                      id_text);
        }
        const std::string relation = r.value("relation", json("and")).is_string()
                                         ? lower(r.value("relation", std::string("and")))
                                         : std::string("?");
        if (relation != "and" && relation != "or" && relation != "") {
          return fail(rat + ".rule_list: relation must be \"and\" or \"or\"");
        }
        json exprs = json::array();
        const json elist = r.value("expression_list", json::array());
        if (!elist.is_array()) return fail(rat + ".rule_list: expression_list must be a list");
        for (const json& ex : elist) {
          if (!ex.is_object()) return fail(rat + ".rule_list: expressions must be objects");
          const std::string op = ex.value("operator", json()).is_string()
                                     ? ex["operator"].get<std::string>()
                                     : std::string();
          if (operators().count(op) == 0) {
            return fail(rat + ".rule_list: unknown operator " + quoted(op));
          }
          json values = ex.value("expression", json::array());
          if (values.is_string()) values = json::array({values});  // the older single form
          if (!values.is_array() || values.empty()) {
            return fail(rat + ".rule_list: expression must be a non-empty list of strings");
          }
          for (const json& v : values) {
            if (!v.is_string()) return fail(rat + ".rule_list: expression values are strings");
          }
          const std::string match = ex.value("match_type", json("")).is_string()
                                        ? ex.value("match_type", std::string())
                                        : std::string("?");
          if (match.find_first_not_of("cimnu") != std::string::npos) {
            return fail(rat + ".rule_list: match_type letters are c, i, m, n, u");
          }
          exprs.push_back({{"operator", op}, {"expression", values}, {"match_type", match}});
        }
        row_rules.push_back({{"column", column},
                             {"relation", relation.empty() ? "and" : relation},
                             {"expression_list", std::move(exprs)}});
      }
      rules_out.push_back({{"code", code},
                           {"black_column_list", std::move(black)},
                           {"rule_list", std::move(row_rules)}});
    }
    out.push_back({{"id", id_text},
                   {"category", category},
                   {"name", obj.value("name", json("")).is_string() ? obj.value("name", "") : ""},
                   {"authority_code_list", std::move(rules_out)}});
  }
  return out;
}

// ---- Paging (the "common condition") ---------------------------------------------------------

struct Condition {
  std::int64_t page = 1;
  std::int64_t page_size = 20;
  bool desc = false;
  std::string keyword;
  json filters = json::array();
};

std::optional<Condition> read_condition(Ctx& ctx, const json& root, Reply& error) {
  Errors e;
  Condition c;
  c.page = read_int(root, kBody, "page", Need::kNullable, e).value_or(1);
  c.page_size = read_int(root, kBody, "page_size", Need::kNullable, e).value_or(20);
  const auto order = read_string(root, kBody, "order", Need::kNullable, e);
  read_string(root, kBody, "order_by", Need::kNullable, e);
  c.keyword = read_string(root, kBody, "keyword", Need::kNullable, e).value_or("");
  note_read(kBody, "filters");
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  if (c.page <= 0) c.page = 1;
  if (c.page_size <= 0) c.page_size = 20;
  if (c.page_size > 1000) {
    error = bad_argument(ctx, "page_size: at most 1000");
    return std::nullopt;
  }
  c.desc = order && lower(*order) == "desc";
  const json filters = root.value("filters", json::array());
  if (!filters.is_null() && !filters.is_array()) {
    error = bad_argument(ctx, "filters: expected a list");
    return std::nullopt;
  }
  for (const json& f : filters.is_array() ? filters : json::array()) {
    if (!f.is_object() || !f.value("name", json()).is_string()) {
      error = bad_argument(ctx, "filters: each filter needs a name");
      return std::nullopt;
    }
    c.filters.push_back(f);
  }
  return c;
}

// Whether `value` passes a filter's values (exact, or substring when fuzzy).
bool matches(const json& filter, const std::string& value) {
  const json values = filter.value("values", json::array());
  if (!values.is_array() || values.empty()) return true;
  const bool fuzzy = filter.value("fuzzy", false) == true;
  for (const json& v : values) {
    if (!v.is_string() && !v.is_number_integer()) continue;
    const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    if (fuzzy ? value.find(text) != std::string::npos : value == text) return true;
  }
  return false;
}

json page_of(const Condition& c, std::vector<json> items, const char* list_key) {
  if (c.desc) std::reverse(items.begin(), items.end());
  const std::int64_t total = static_cast<std::int64_t>(items.size());
  json page = json::array();
  const std::int64_t start = page_offset(c.page, c.page_size);
  for (std::int64_t i = start; i < total && i < start + c.page_size; ++i) {
    page.push_back(std::move(items[static_cast<std::size_t>(i)]));
  }
  return json{{"total", total}, {list_key, std::move(page)}};
}

// ---- Users --------------------------------------------------------------------------------------

Reply create_user(Ctx& ctx, const json& root) {
  Errors e;
  const auto name = read_string(root, kBody, "name", Need::kRequired, e);
  const auto password = read_string(root, kBody, "password", Need::kRequired, e);
  const auto description = read_string(root, kBody, "description", Need::kNullable, e);
  const auto phone = read_string(root, kBody, "phone", Need::kNullable, e);
  const auto email = read_string(root, kBody, "email", Need::kNullable, e);
  const auto get_key = read_bool(root, kBody, "get_api_key", Need::kNullable, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (auto bad = check_name("name", *name)) return bad_argument(ctx, *bad);
  if (password->empty()) return bad_argument(ctx, "password is empty");
  if (password->size() > kMaxNameBytes) return bad_argument(ctx, "password is too long");
  for (const auto* text : {&description, &phone, &email}) {
    if (*text) {
      if (auto bad = check_text("a field", **text)) return bad_argument(ctx, *bad);
    }
  }
  Reply error;
  const auto roles = role_ids(ctx, root, "role_id_list", error);
  if (!roles) return error;
  for (const auto& [id, user] : users_of(ctx.state).items()) {
    if (user["name"] == *name) {
      return bad_argument(ctx, "user name " + quoted(*name) + " already exists (id " + id + ")");
    }
  }
  if (*name == ctx.settings.user_name) {
    return bad_argument(ctx, "user name " + quoted(*name) + " is the administrator's");
  }
  const std::int64_t id = next_id(ctx.state, "next_user_id");
  const std::string salt = random_hex(16);
  json user{{"id", id},
            {"name", *name},
            {"salt", salt},
            {"password_hash", password_hash(salt, *password)},
            {"phone", phone.value_or("")},
            {"email", email.value_or("")},
            {"description", description.value_or("")},
            {"status", "enable"},
            {"role_ids", *roles},
            {"api_key", new_key()},
            {"key_created_at", iso_z(ctx.now)},
            {"created_at", iso_z(ctx.now)},
            {"updated_at", iso_z(ctx.now)}};
  json data{{"id", id}};
  if (get_key.value_or(false)) data["api_key"] = user["api_key"];
  users_of(ctx.state)[std::to_string(id)] = std::move(user);
  audit(ctx, "user_logs", "create_user", "user", id, *name, "created");
  return root_ok(ctx, std::move(data));
}

Reply delete_user(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  json* user = user_for_change(ctx, *id, error);
  if (user == nullptr) return error;
  const std::string name = (*user)["name"].get<std::string>();
  users_of(ctx.state).erase(std::to_string(*id));
  audit(ctx, "user_logs", "delete_user", "user", *id, name, "deleted");
  return root_ok(ctx, json{{"id", *id}});
}

Reply get_user(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  if (*id == 1) return root_ok(ctx, admin_user_json(ctx));
  const json* user = find_user(ctx.state, *id);
  if (user == nullptr) return root_not_found(ctx, "user " + std::to_string(*id) + " not found");
  return root_ok(ctx, user_json(ctx.state, *user));
}

// US4 and RO4: the users or roles (`records`) whose name or description holds the keyword and
// that pass the filters (name, name_description, status, id or `id_filter`), by id, one page
// of `to_json` of each.
Reply list_records(Ctx& ctx, const json& root, const json& records, const char* id_filter,
                   const char* list_key, const std::function<json(const json&)>& to_json) {
  Reply error;
  const auto c = read_condition(ctx, root, error);
  if (!c) return error;
  std::vector<json> items;
  for (const auto& [id, record] : records.items()) {
    const std::string name = record["name"].get<std::string>();
    const std::string description = record.value("description", "");
    if (!c->keyword.empty() && name.find(c->keyword) == std::string::npos &&
        description.find(c->keyword) == std::string::npos) {
      continue;
    }
    bool pass = true;
    for (const json& f : c->filters) {
      const std::string field = f["name"].get<std::string>();
      if (field == "name") pass = pass && matches(f, name);
      if (field == "status") pass = pass && matches(f, record["status"].get<std::string>());
      if (field == "id" || field == id_filter) pass = pass && matches(f, id);
      if (field == "name_description") {
        pass = pass && (matches(f, name) || matches(f, description));
      }
    }
    if (pass) items.push_back(to_json(record));
  }
  std::sort(items.begin(), items.end(), [](const json& a, const json& b) {
    return a["id"].get<std::int64_t>() < b["id"].get<std::int64_t>();
  });
  return root_ok(ctx, page_of(*c, std::move(items), list_key));
}

Reply list_users(Ctx& ctx, const json& root) {
  return list_records(ctx, root, users_of(ctx.state), "user_id", "user_list",
                      [&](const json& user) { return user_json(ctx.state, user); });
}

Reply update_user_password(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  Errors e;
  const auto password = read_string(root, kBody, "password", Need::kRequired, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (password->empty() || password->size() > kMaxNameBytes) {
    return bad_argument(ctx, "password must hold 1 to 256 bytes");
  }
  json* user = user_for_change(ctx, *id, error);
  if (user == nullptr) return error;
  (*user)["password_hash"] = password_hash((*user)["salt"].get<std::string>(), *password);
  (*user)["updated_at"] = iso_z(ctx.now);
  audit(ctx, "user_logs", "update_password", "user", *id, (*user)["name"].get<std::string>(),
        "set the password of");
  return root_ok(ctx, json{{"id", *id}});
}

// update_info and me/update_info.
Reply update_user_info(Ctx& ctx, const json& root, std::int64_t id, const char* type) {
  Errors e;
  const auto phone = read_string(root, kBody, "phone", Need::kNullable, e);
  const auto email = read_string(root, kBody, "email", Need::kNullable, e);
  const auto description = read_string(root, kBody, "description", Need::kNullable, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  for (const auto* text : {&description, &phone, &email}) {
    if (*text) {
      if (auto bad = check_text("a field", **text)) return bad_argument(ctx, *bad);
    }
  }
  Reply error;
  json* user = user_for_change(ctx, id, error);
  if (user == nullptr) return error;
  // Go sends all three: a field not sent is blanked (unverified; the SDK sends current values).
  (*user)["phone"] = phone.value_or("");
  (*user)["email"] = email.value_or("");
  (*user)["description"] = description.value_or("");
  (*user)["updated_at"] = iso_z(ctx.now);
  audit(ctx, "user_logs", type, "user", id, (*user)["name"].get<std::string>(),
        "updated the info of");
  return root_ok(ctx, json{{"id", id}});
}

Reply update_user_roles(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  const auto roles = role_ids(ctx, root, "role_id_list", error);
  if (!roles) return error;
  json* user = user_for_change(ctx, *id, error);
  if (user == nullptr) return error;
  (*user)["role_ids"] = *roles;
  (*user)["updated_at"] = iso_z(ctx.now);
  audit(ctx, "user_logs", "update_role_list", "user", *id, (*user)["name"].get<std::string>(),
        "set the roles of");
  return root_ok(ctx, json{{"id", *id}});
}

std::optional<bool> read_action(Ctx& ctx, const json& root, Reply& error) {
  Errors e;
  const auto action = read_string(root, kBody, "action", Need::kRequired, e);
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  const std::string a = lower(*action);
  if (a == "enable") return true;
  if (a == "disable" || a == "disabled") return false;
  error = bad_argument(ctx, "action must be \"enable\" or \"disable\", got " + quoted(*action));
  return std::nullopt;
}

Reply update_user_status(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  const auto enable = read_action(ctx, root, error);
  if (!enable) return error;
  json* user = user_for_change(ctx, *id, error);
  if (user == nullptr) return error;
  (*user)["status"] = *enable ? "enable" : "disable";  // the key stays the same
  (*user)["updated_at"] = iso_z(ctx.now);
  audit(ctx, "user_logs", *enable ? "enable_user" : "disable_user", "user", *id,
        (*user)["name"].get<std::string>(), *enable ? "enabled" : "disabled");
  return root_ok(ctx, json{{"id", *id}});
}

Reply my_api_key(Ctx& ctx) {
  if (ctx.state.caller.admin) {
    return root_ok(ctx, json{{"key", ctx.state.caller.key}, {"created_at", iso_z(0)}});
  }
  const json* user = find_user(ctx.state, ctx.state.caller.user_id);
  return root_ok(ctx, json{{"key", (*user)["api_key"]}, {"created_at", (*user)["key_created_at"]}});
}

Reply refresh_my_api_key(Ctx& ctx) {
  if (ctx.state.caller.admin) {
    return bad_argument(ctx,
                        "the administrator's key is the emulator's start-up key "
                        "(--api-key): it cannot be refreshed");
  }
  Reply error;
  json* user = user_for_change(ctx, ctx.state.caller.user_id, error);
  if (user == nullptr) return error;
  // The old key stops working at once: the next request carrying it is refused.
  (*user)["api_key"] = new_key();
  (*user)["key_created_at"] = iso_z(ctx.now);
  (*user)["updated_at"] = iso_z(ctx.now);
  audit(ctx, "user_logs", "refresh_api_key", "user", ctx.state.caller.user_id,
        (*user)["name"].get<std::string>(), "refreshed the API key of");
  // The service's answer is not documented (unverified): the emulator answers the new key.
  return root_ok(ctx, json{{"key", (*user)["api_key"]}, {"created_at", (*user)["key_created_at"]}});
}

Reply my_info(Ctx& ctx) {
  json codes = json::array();
  json objects = json::array();
  json info;
  if (ctx.state.caller.admin) {
    for (const CodeInfo& c : kCodes) codes.push_back(c.code);
    info = admin_user_json(ctx);
  } else {
    const json* user = find_user(ctx.state, ctx.state.caller.user_id);
    info = user_json(ctx.state, *user);
    for (const json* role : roles_of_user(ctx.state, *user)) {
      for (const json& c : (*role)["codes"]) {
        if (!has(codes, c.get<std::string>())) codes.push_back(c);
      }
      for (const json& o : (*role)["objects"]) objects.push_back(o);
    }
  }
  return root_ok(ctx, json{{"user_info", std::move(info)},
                           {"authority_code_list", std::move(codes)},
                           {"obj_authority_code_list", std::move(objects)}});
}

Reply update_my_password(Ctx& ctx, const json& root) {
  if (ctx.state.caller.admin) {
    return bad_argument(ctx, "the administrator has no password in the emulator");
  }
  json body = root;
  body["id"] = ctx.state.caller.user_id;
  return update_user_password(ctx, body);
}

// ---- Roles --------------------------------------------------------------------------------------

json* role_for_change(Ctx& ctx, std::int64_t id, Reply& error) {
  auto& roles = roles_of(ctx.state);
  const auto it = roles.find(std::to_string(id));
  if (it == roles.end()) {
    error = root_not_found(ctx, "role " + std::to_string(id) + " not found");
    return nullptr;
  }
  return &*it;
}

Reply create_role(Ctx& ctx, const json& root) {
  Errors e;
  const auto name = read_string(root, kBody, "name", Need::kRequired, e);
  const auto description = read_string(root, kBody, "description", Need::kNullable, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (auto bad = check_name("name", *name)) return bad_argument(ctx, *bad);
  if (description) {
    if (auto bad = check_text("description", *description)) return bad_argument(ctx, *bad);
  }
  Reply error;
  const auto codes = global_codes(ctx, root, "authority_code_list", Need::kNullable, error);
  if (!codes) return error;
  const auto objects = object_privileges(ctx, root, "obj_authority_code_list", error);
  if (!objects) return error;
  for (const auto& [id, role] : roles_of(ctx.state).items()) {
    if (role["name"] == *name) {
      return bad_argument(ctx, "role name " + quoted(*name) + " already exists (id " + id + ")");
    }
  }
  const std::int64_t id = next_id(ctx.state, "next_role_id");
  roles_of(ctx.state)[std::to_string(id)] = json{{"id", id},
                                                 {"name", *name},
                                                 {"description", description.value_or("")},
                                                 {"status", "enable"},
                                                 {"codes", *codes},
                                                 {"objects", *objects},
                                                 {"created_at", iso_z(ctx.now)},
                                                 {"updated_at", iso_z(ctx.now)}};
  audit(ctx, "role_logs", "create_role", "role", id, *name, "created");
  return root_ok(ctx, json{{"id", id}});
}

Reply delete_role(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  json* role = role_for_change(ctx, *id, error);
  if (role == nullptr) return error;
  const std::string name = (*role)["name"].get<std::string>();
  roles_of(ctx.state).erase(std::to_string(*id));
  // Users lose the role (no binding to a deleted role remains).
  for (auto& [uid, user] : users_of(ctx.state).items()) {
    json kept = json::array();
    for (const json& r : user["role_ids"]) {
      if (r.get<std::int64_t>() != *id) kept.push_back(r);
    }
    user["role_ids"] = std::move(kept);
  }
  audit(ctx, "role_logs", "delete_role", "role", *id, name, "deleted");
  return root_ok(ctx, json{{"id", *id}});
}

Reply get_role(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  const json* role = find_role(ctx.state, *id);
  if (role == nullptr) return root_not_found(ctx, "role " + std::to_string(*id) + " not found");
  return root_ok(ctx, role_json(*role));
}

Reply list_roles(Ctx& ctx, const json& root) {
  return list_records(ctx, root, roles_of(ctx.state), "role_id", "role_list", role_json);
}

// The category whose object privileges hold `code` (update_roles_by_obj has no category).
std::string category_of_code(const std::string& code) {
  for (const auto& entry : category_codes()) {
    if (std::find(entry.codes.begin(), entry.codes.end(), code) != entry.codes.end()) {
      return entry.category;
    }
  }
  return {};
}

// Sets whether `role` holds `code` on (category, object).
void set_object_code(json& role, const std::string& category, const std::string& object,
                     const std::string& code, bool held) {
  json& objects = role["objects"];
  for (json& obj : objects) {
    if (obj["category"] != category || obj["id"] != object) continue;
    json kept = json::array();
    bool present = false;
    for (const json& rule : obj["authority_code_list"]) {
      if (rule["code"] == code) {
        present = true;
        if (!held) continue;
      }
      kept.push_back(rule);
    }
    if (held && !present) {
      kept.push_back(
          {{"code", code}, {"black_column_list", json::array()}, {"rule_list", json::array()}});
    }
    obj["authority_code_list"] = std::move(kept);
    return;
  }
  if (!held) return;
  objects.push_back(
      {{"id", object},
       {"category", category},
       {"name", ""},
       {"authority_code_list",
        {{{"code", code}, {"black_column_list", json::array()}, {"rule_list", json::array()}}}}});
}

// Drops object entries without codes.
void prune(json& role) {
  json kept = json::array();
  for (const json& obj : role["objects"]) {
    if (!obj["authority_code_list"].empty()) kept.push_back(obj);
  }
  role["objects"] = std::move(kept);
}

Reply roles_by_object(Ctx& ctx, const json& root) {
  Errors e;
  const auto category = read_string(root, kBody, "category", Need::kRequired, e);
  const auto object = read_id_text(root, kBody, "id", Need::kRequired, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const auto* codes = codes_of_category(*category);
  if (codes == nullptr) return bad_argument(ctx, "unknown category " + quoted(*category));
  std::optional<TableMeta> table;
  if (!object_exists(ctx, *category, *object, table)) {
    return root_not_found(ctx, *category + " " + quoted(*object) + " not found");
  }
  json list = json::array();
  for (const std::string& code : *codes) {
    json holders = json::array();
    for (const auto& [id, role] : roles_of(ctx.state).items()) {
      bool object_priv = false;
      for (const json& obj : role["objects"]) {
        if (obj["category"] != *category || obj["id"] != *object) continue;
        for (const json& rule : obj["authority_code_list"]) {
          if (rule["code"] == code) object_priv = true;
        }
      }
      const bool global = has(role["codes"], code);
      if (!object_priv && !global) continue;
      holders.push_back({{"id", role["id"]},
                         {"name", role["name"]},
                         {"status", role["status"]},
                         {"reserved", false},
                         {"is_obj_priv", object_priv}});
    }
    list.push_back({{"code", code}, {"role_list", std::move(holders)}});
  }
  const auto total = static_cast<std::int64_t>(list.size());
  return root_ok(ctx, json{{"total", total}, {"list", std::move(list)}});
}

Reply update_role_codes(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "role_id", error);
  if (!id) return error;
  Errors e;
  const auto category = read_string(root, kBody, "category", Need::kNullable, e);
  const auto object = read_id_text(root, kBody, "id", Need::kNullable, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const auto codes = global_codes(ctx, root, "code_list", Need::kNullable, error);
  if (!codes) return error;
  json* role = role_for_change(ctx, *id, error);
  if (role == nullptr) return error;
  if (!object || object->empty()) {
    (*role)["codes"] = *codes;
  } else {
    const std::string cat = category.value_or("table");
    const auto* valid = codes_of_category(cat);
    if (valid == nullptr) return bad_argument(ctx, "unknown category " + quoted(cat));
    for (const std::string& code : *codes) {
      if (std::find(valid->begin(), valid->end(), code) == valid->end()) {
        return bad_argument(ctx, "privilege code " + quoted(code) + " does not apply to a " + cat);
      }
    }
    std::optional<TableMeta> table;
    if (!object_exists(ctx, cat, *object, table)) {
      return root_not_found(ctx, cat + " " + quoted(*object) + " not found (deleted?)");
    }
    for (const std::string& code : *valid) {
      const bool held = std::find(codes->begin(), codes->end(), code) != codes->end();
      set_object_code(*role, cat, *object, code, held);
    }
    prune(*role);
  }
  (*role)["updated_at"] = iso_z(ctx.now);
  audit(ctx, "role_logs", "update_code_list", "role", *id, (*role)["name"].get<std::string>(),
        "set the codes of");
  return root_ok(ctx, json{{"role_id", *id}});
}

Reply update_role_info(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  Errors e;
  const auto description = read_string(root, kBody, "description", Need::kNullable, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (description) {
    if (auto bad = check_text("description", *description)) return bad_argument(ctx, *bad);
  }
  // Everything is checked before anything changes: a failed update leaves the role as it was.
  const auto codes = global_codes(ctx, root, "authority_code_list", Need::kRequired, error);
  if (!codes) return error;
  const auto objects = object_privileges(ctx, root, "obj_authority_code_list", error);
  if (!objects) return error;
  json* role = role_for_change(ctx, *id, error);
  if (role == nullptr) return error;
  (*role)["codes"] = *codes;
  (*role)["objects"] = *objects;
  (*role)["description"] = description.value_or("");
  (*role)["updated_at"] = iso_z(ctx.now);
  audit(ctx, "role_logs", "update_role_info", "role", *id, (*role)["name"].get<std::string>(),
        "updated the privileges of");
  return root_ok(ctx, json{{"id", *id}});
}

Reply update_roles_by_object(Ctx& ctx, const json& root) {
  Errors e;
  const auto object = read_id_text(root, kBody, "id", Need::kRequired, e);
  const auto code = read_string(root, kBody, "code", Need::kRequired, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (find_code(*code) == nullptr) {
    return bad_argument(ctx, "unknown privilege code " + quoted(*code));
  }
  const std::string category = category_of_code(*code);
  if (category.empty()) {
    return bad_argument(ctx, "privilege code " + quoted(*code) + " is not an object privilege");
  }
  std::optional<TableMeta> table;
  if (!object_exists(ctx, category, *object, table)) {
    return root_not_found(ctx, category + " " + quoted(*object) + " not found (deleted?)");
  }
  Reply error;
  const auto roles = role_ids(ctx, root, "role_id_list", error);
  if (!roles) return error;
  for (auto& [rid, role] : roles_of(ctx.state).items()) {
    const std::int64_t role_id = role["id"].get<std::int64_t>();
    const bool held = std::find(roles->begin(), roles->end(), role_id) != roles->end();
    const std::string before = role["objects"].dump();
    set_object_code(role, category, *object, *code, held);
    prune(role);
    if (role["objects"].dump() != before) {
      role["updated_at"] = iso_z(ctx.now);
      audit(ctx, "role_logs", "update_roles_by_obj", "role", role_id,
            role["name"].get<std::string>(),
            std::string(held ? "granted " : "revoked ") + *code + " on " + category + " " +
                *object + " to");
    }
  }
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);
}

Reply update_role_status(Ctx& ctx, const json& root) {
  Reply error;
  const auto id = body_id(ctx, root, "id", error);
  if (!id) return error;
  const auto enable = read_action(ctx, root, error);
  if (!enable) return error;
  json* role = role_for_change(ctx, *id, error);
  if (role == nullptr) return error;
  (*role)["status"] = *enable ? "enable" : "disable";
  (*role)["updated_at"] = iso_z(ctx.now);
  audit(ctx, "role_logs", *enable ? "enable_role" : "disable_role", "role", *id,
        (*role)["name"].get<std::string>(), *enable ? "enabled" : "disabled");
  return root_ok(ctx, json{{"id", *id}});
}

Reply list_privilege_objects(Ctx& ctx, const json& root) {
  Errors e;
  const auto category = read_string(root, kBody, "category", Need::kRequired, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  json list = json::array();
  if (*category == "table") {
    for (const auto& [db_id, db] : ctx.state.databases) {
      json tables = json::array();
      for (const TableMeta& t : ctx.tables.tables(db_id)) {
        tables.push_back({{"id", std::to_string(t.id)},
                          {"name", t.name},
                          {"database_id", std::to_string(db_id)},
                          {"type", "table"},
                          {"node_list", json::array()}});
      }
      list.push_back({{"id", std::to_string(db_id)},
                      {"name", db.name},
                      {"database_id", std::to_string(db_id)},
                      {"type", "database"},
                      {"node_list", std::move(tables)}});
    }
  } else if (*category == "database" || *category == "catalog") {
    for (const auto& [cat_id, cat] : ctx.state.catalogs) {
      json dbs = json::array();
      for (const auto& [db_id, db] : ctx.state.databases) {
        if (db.catalog_id != cat_id) continue;
        dbs.push_back({{"id", std::to_string(db_id)},
                       {"name", db.name},
                       {"database_id", std::to_string(db_id)},
                       {"type", "database"},
                       {"node_list", json::array()}});
      }
      list.push_back({{"id", std::to_string(cat_id)},
                      {"name", cat.name},
                      {"database_id", ""},
                      {"type", "catalog"},
                      {"node_list", *category == "database" ? std::move(dbs) : json::array()}});
    }
  } else if (*category == "volume") {
    for (const auto& [vol_id, vol] : ctx.state.volumes) {
      list.push_back({{"id", vol_id},
                      {"name", vol.name},
                      {"database_id", std::to_string(vol.database_id)},
                      {"type", "volume"},
                      {"node_list", json::array()}});
    }
  } else if (codes_of_category(*category) == nullptr) {
    return bad_argument(ctx, "unknown category " + quoted(*category));
  }
  const auto total = static_cast<std::int64_t>(list.size());
  return root_ok(ctx, json{{"total", total}, {"list", std::move(list)}});
}

// ---- Audit logs ---------------------------------------------------------------------------------

Reply list_logs(Ctx& ctx, const json& root, const char* list, const char* id_filter) {
  Reply error;
  auto c = read_condition(ctx, root, error);
  if (!c) return error;
  // Newest first unless "asc" is asked for.
  const auto order = root.value("order", json());
  c->desc = !(order.is_string() && lower(order.get<std::string>()) == "asc");
  std::vector<json> items;
  const json entries = ctx.state.access.value(list, json::array());
  for (const json& entry : entries) {
    if (!c->keyword.empty() &&
        entry.value("description", "").find(c->keyword) == std::string::npos) {
      continue;
    }
    bool pass = true;
    for (const json& f : c->filters) {
      const std::string field = f["name"].get<std::string>();
      if (field == id_filter || field == "target_id") {
        pass = pass && matches(f, entry.value("target_id", ""));
      }
      if (field == "type") pass = pass && matches(f, entry.value("type", ""));
      if (field == "user_name") pass = pass && matches(f, entry.value("user_name", ""));
    }
    if (pass) items.push_back(entry);
  }
  return root_ok(ctx, page_of(*c, std::move(items), "role_list"));
}

}  // namespace

Reply access_dispatch(Endpoint endpoint, Ctx& ctx) {
  Errors e;
  // The bodiless "me" calls take any body (or none).
  const bool bodiless = endpoint == Endpoint::kUS9MyApiKey ||
                        endpoint == Endpoint::kUS10RefreshMyApiKey ||
                        endpoint == Endpoint::kUS11MyInfo;
  if (bodiless) {
    if (endpoint == Endpoint::kUS9MyApiKey) return my_api_key(ctx);
    if (endpoint == Endpoint::kUS10RefreshMyApiKey) return refresh_my_api_key(ctx);
    return my_info(ctx);
  }
  auto root = root_body(ctx, e);
  if (!root) return bad_argument(ctx, errors_line(e));
  switch (endpoint) {
    case Endpoint::kUS1CreateUser:
      return create_user(ctx, *root);
    case Endpoint::kUS2DeleteUser:
      return delete_user(ctx, *root);
    case Endpoint::kUS3GetUser:
      return get_user(ctx, *root);
    case Endpoint::kUS4ListUsers:
      return list_users(ctx, *root);
    case Endpoint::kUS5UpdateUserPassword:
      return update_user_password(ctx, *root);
    case Endpoint::kUS6UpdateUserInfo: {
      Reply error;
      const auto id = body_id(ctx, *root, "id", error);
      if (!id) return error;
      return update_user_info(ctx, *root, *id, "update_info");
    }
    case Endpoint::kUS7UpdateUserRoles:
      return update_user_roles(ctx, *root);
    case Endpoint::kUS8UpdateUserStatus:
      return update_user_status(ctx, *root);
    case Endpoint::kUS12UpdateMyInfo:
      if (ctx.state.caller.admin) {
        return bad_argument(ctx, "the administrator's info cannot be changed in the emulator");
      }
      return update_user_info(ctx, *root, ctx.state.caller.user_id, "update_my_info");
    case Endpoint::kUS13UpdateMyPassword:
      return update_my_password(ctx, *root);
    case Endpoint::kRO1CreateRole:
      return create_role(ctx, *root);
    case Endpoint::kRO2DeleteRole:
      return delete_role(ctx, *root);
    case Endpoint::kRO3GetRole:
      return get_role(ctx, *root);
    case Endpoint::kRO4ListRoles:
      return list_roles(ctx, *root);
    case Endpoint::kRO5RolesByObject:
      return roles_by_object(ctx, *root);
    case Endpoint::kRO6UpdateRoleCodes:
      return update_role_codes(ctx, *root);
    case Endpoint::kRO7UpdateRoleInfo:
      return update_role_info(ctx, *root);
    case Endpoint::kRO8UpdateRolesByObject:
      return update_roles_by_object(ctx, *root);
    case Endpoint::kRO9UpdateRoleStatus:
      return update_role_status(ctx, *root);
    case Endpoint::kRO10ListPrivilegeObjects:
      return list_privilege_objects(ctx, *root);
    case Endpoint::kLG1UserLogs:
      return list_logs(ctx, *root, "user_logs", "user_id");
    case Endpoint::kLG2RoleLogs:
      return list_logs(ctx, *root, "role_logs", "role_id");
    default:
      break;
  }
  return error_detail(500, "not an access endpoint");
}

}  // namespace moi::emulator::detail
