// SPDX-License-Identifier: Apache-2.0
// Ask the data (PLATFORM-NOTES §4): N1 runs read-only SQL over the table store with names
// qualified by database name (`db`.`table`), N2-N7 keep business knowledge in the state, D1
// streams a deterministic analysis as server-sent events and D2 cancels one. The rules
// (docs/emulator.md, "Ask the data"):
//   - N1: one SELECT (or WITH ... SELECT); every `db`.`table` / db.table whose first part is a
//     database's name and second part one of its tables becomes the table's SQLite name (an
//     identifier quoted by TableStore::quote_identifier, never text from the request), with the
//     table's own name as alias when the statement gives none; the statement may read those
//     tables only (the store's authorizer), within a step, row and byte budget. Anything that
//     would write is refused 400 INVALID_ARGUMENT.
//   - Row and column rules (access.hpp): a table the caller may read only in part is read
//     through a stand-in holding its visible columns and rows (TableStore::QueryLimits::StandIn,
//     filled by TableView::row_visible itself, so the rows are exactly those of TB6), under the
//     same alias; its hidden columns do not exist for the statement. A table the caller may not
//     read refuses the statement, 403 PERMISSION_DENIED. The operations that describe or
//     preview a table (desc_table, show_create_table, select_3) show the same view.
//   - D1: the question maps to SQL by fixed rules ("how many rows in T", "show N rows of T", a
//     SELECT statement), run as N1 runs it; markers in the question inject faults.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <iterator>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "access.hpp"
#include "ids.hpp"
#include "routes.hpp"
#include "table_store.hpp"
#include "target.hpp"

namespace moi::emulator::detail {

namespace {

const Loc kBody{"body"};

// ---- SQL over the table store (N1, and D1's SQL step) -------------------------------------

/// A statement the emulator refuses or that failed: a 400 INVALID_ARGUMENT (N1) or an `error`
/// event (D1), with `code` for the event.
struct SqlFailure {
  std::string message;
  std::string code = "SQL_ERROR";
};

// Most rows one run_sql answer holds (more: the answer says "truncated": true).
constexpr std::size_t kMaxResultRows = 10000;
// The longest statement run_sql takes.
constexpr std::size_t kMaxStatementBytes = 1024 * 1024;
// SQLite virtual-machine steps (thousands) one statement may take: well under a second.
constexpr std::uint64_t kMaxSqlStepsThousands = 20000;

struct Token {
  enum class Kind { kWord, kQuoted, kDot, kComma, kOpen, kClose, kString, kOther };
  Kind kind = Kind::kOther;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;  ///< identifiers: the name (unquoted); words: as written
};

bool is_identifier(const Token& t) {
  return t.kind == Token::Kind::kWord || t.kind == Token::Kind::kQuoted;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_word(const Token& t, const char* word) {
  return t.kind == Token::Kind::kWord && upper(t.text) == word;
}

bool word_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

// Splits a statement into tokens (comments and blanks dropped). Quoted identifiers: `...`,
// "..." and [...]; strings '...'; a doubled quote stands for itself.
std::vector<Token> tokenize(const std::string& sql) {
  std::vector<Token> out;
  std::size_t i = 0;
  const std::size_t n = sql.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(sql[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      const std::size_t eol = sql.find('\n', i);
      i = eol == std::string::npos ? n : eol + 1;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const std::size_t close = sql.find("*/", i + 2);
      if (close == std::string::npos) throw SqlFailure{"run_sql: a comment is never closed"};
      i = close + 2;
      continue;
    }
    Token t;
    t.begin = i;
    if (c == '\'' || c == '`' || c == '"' || c == '[') {
      const char close = c == '[' ? ']' : static_cast<char>(c);
      std::string text;
      std::size_t j = i + 1;
      for (;;) {
        if (j >= n) {
          throw SqlFailure{std::string("run_sql: a ") + (c == '\'' ? "string" : "quoted name") +
                           " is never closed"};
        }
        if (sql[j] == close) {
          if (close != ']' && j + 1 < n && sql[j + 1] == close) {
            text += close;
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j++];
      }
      t.kind = c == '\'' ? Token::Kind::kString : Token::Kind::kQuoted;
      t.text = std::move(text);
      t.end = j + 1;
    } else if (std::isdigit(c)) {
      std::size_t j = i;
      while (j < n && (word_char(static_cast<unsigned char>(sql[j])) || sql[j] == '.')) ++j;
      t.kind = Token::Kind::kOther;
      t.end = j;
    } else if (word_char(c)) {
      std::size_t j = i;
      while (j < n && word_char(static_cast<unsigned char>(sql[j]))) ++j;
      t.kind = Token::Kind::kWord;
      t.text = sql.substr(i, j - i);
      t.end = j;
    } else {
      t.kind = c == '.'   ? Token::Kind::kDot
               : c == ',' ? Token::Kind::kComma
               : c == '(' ? Token::Kind::kOpen
               : c == ')' ? Token::Kind::kClose
                          : Token::Kind::kOther;
      t.end = i + 1;
    }
    i = t.end;
    out.push_back(std::move(t));
  }
  return out;
}

// Words after which a name is not a table's alias.
bool ends_table_reference(const Token& t) {
  static const char* const kWords[] = {"WHERE",  "JOIN",      "INNER",  "LEFT",    "RIGHT", "FULL",
                                       "CROSS",  "NATURAL",   "OUTER",  "ON",      "USING", "GROUP",
                                       "ORDER",  "HAVING",    "LIMIT",  "OFFSET",  "UNION", "ALL",
                                       "EXCEPT", "INTERSECT", "WINDOW", "INDEXED", "NOT",   "FROM",
                                       "SELECT", "VALUES",    "AND",    "OR"};
  if (t.kind != Token::Kind::kWord) return false;
  const std::string word = upper(t.text);
  for (const char* k : kWords) {
    if (word == k) return true;
  }
  return false;
}

// Databases named `name` (names are unique per catalog only).
std::vector<const Database*> databases_named(const State& state, const std::string& name) {
  std::vector<const Database*> out;
  for (const auto& [id, db] : state.databases) {
    if (db.name == name) out.push_back(&db);
  }
  return out;
}

// The database named `name`; SqlFailure when there is none or more than one.
const Database& database_named(const State& state, const std::string& name) {
  const auto found = databases_named(state, name);
  if (found.empty()) {
    throw SqlFailure{"database `" + printable(name) + "` does not exist", "DATABASE_NOT_FOUND"};
  }
  if (found.size() > 1) {
    std::string ids;
    for (const Database* db : found) ids += (ids.empty() ? "" : ", ") + std::to_string(db->id);
    throw SqlFailure{"database name `" + printable(name) + "` is ambiguous (databases " + ids +
                     " of different catalogs)"};
  }
  return *found.front();
}

// A table of a database by name: exactly, else the only one that matches ignoring case.
std::optional<TableMeta> table_named(const Ctx& ctx, std::int64_t database_id,
                                     const std::string& name) {
  if (auto exact = ctx.tables.table_by_name(database_id, name)) return exact;
  std::optional<TableMeta> found;
  for (TableMeta& t : ctx.tables.tables(database_id)) {
    if (t.name.size() == name.size() && contains_ci(t.name, name)) {
      if (found) return std::nullopt;  // two differ only by case: name it exactly
      found = std::move(t);
    }
  }
  return found;
}

// The name of a stand-in table (TableStore::QueryLimits::StandIn), reserved in statements.
constexpr const char* kStandInPrefix = "moi_rows_";

// The caller's view of a table named `db`.`name` by @p endpoint; SqlFailure PERMISSION_DENIED
// when it may read none of it (or no column).
TableView readable_view(const Ctx& ctx, const TableMeta& table, const std::string& db_name,
                        std::string_view endpoint) {
  TableView view = table_view(ctx.state, table);
  const std::string object = "table `" + printable(db_name) + "`.`" + printable(table.name) +
                             "` (id " + std::to_string(table.id) + ")";
  if (!view.allowed) {
    throw SqlFailure{permission_denied(ctx.state, endpoint, "DT8", object), "PERMISSION_DENIED"};
  }
  if (view.visible_columns(table).empty()) {
    throw SqlFailure{"permission denied: every column of " + object + " is hidden from the caller",
                     "PERMISSION_DENIED"};
  }
  return view;
}

// The statement with each `db`.`table` replaced by its table's quoted SQLite name, or by a
// stand-in of the part the caller may read (to `stand_ins`); the tables it may read go to
// `readable`.
std::string rewrite_names(const Ctx& ctx, const std::string& sql, std::string_view endpoint,
                          std::set<std::string>& readable,
                          std::vector<TableStore::QueryLimits::StandIn>& stand_ins) {
  if (sql.size() > kMaxStatementBytes) {
    throw SqlFailure{"run_sql: the statement is longer than " + std::to_string(kMaxStatementBytes) +
                     " bytes"};
  }
  const std::vector<Token> tokens = tokenize(sql);
  // The closing parenthesis of each opening one (tokens.size() when unmatched).
  std::vector<std::size_t> closing(tokens.size(), tokens.size());
  {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].kind == Token::Kind::kOpen) open.push_back(i);
      if (tokens[i].kind == Token::Kind::kClose && !open.empty()) {
        closing[open.back()] = i;
        open.pop_back();
      }
    }
  }
  std::size_t first = 0;
  while (first < tokens.size() && tokens[first].kind == Token::Kind::kOpen) ++first;
  if (first == tokens.size()) throw SqlFailure{"run_sql: the statement is empty"};
  if (!is_word(tokens[first], "SELECT") && !is_word(tokens[first], "WITH")) {
    const Token& t = tokens[first];
    const std::string got =
        t.kind == Token::Kind::kWord ? upper(t.text) : "\"" + printable(t.text) + "\"";
    std::string hint;
    if (got == "SHOW" || got == "DESC" || got == "DESCRIBE") {
      hint = " (use the operations show_databases, show_table and desc_table)";
    }
    throw SqlFailure{"run_sql: only SELECT statements run, got " + got + hint, "SQL_REFUSED"};
  }
  // The names a WITH clause defines (`name [(columns)] AS [NOT] [MATERIALIZED] (`) may be
  // read too: SQLite reports reading a common table expression as reading a table of its
  // name. Never one of the store's own names, which it would hide.
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (!is_identifier(tokens[i])) continue;
    std::size_t j = i + 1;
    if (tokens[j].kind == Token::Kind::kOpen) j = closing[j] + 1;
    if (j >= tokens.size() || !is_word(tokens[j], "AS")) continue;
    ++j;
    while (j < tokens.size() && (is_word(tokens[j], "NOT") || is_word(tokens[j], "MATERIALIZED"))) {
      ++j;
    }
    if (j >= tokens.size() || tokens[j].kind != Token::Kind::kOpen) continue;
    const std::string name = tokens[i].text;
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool storage = lower.size() > 1 && lower[0] == 't' &&
                         lower.find_first_not_of("0123456789", 1) == std::string::npos;
    if (storage || lower == "moi_tables" || lower.rfind("sqlite_", 0) == 0 ||
        lower.rfind("pragma_", 0) == 0 || lower.rfind(kStandInPrefix, 0) == 0) {
      throw SqlFailure{"run_sql: the name `" + printable(name) + "` is reserved by the emulator",
                       "SQL_REFUSED"};
    }
    readable.insert(name);
  }
  // Per parenthesis level: whether a comma there separates tables (inside FROM).
  std::vector<bool> in_from{false};
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == Token::Kind::kOpen) {
      in_from.push_back(false);
      continue;
    }
    if (t.kind == Token::Kind::kClose) {
      if (in_from.size() > 1) in_from.pop_back();
      continue;
    }
    if (t.kind == Token::Kind::kWord) {
      const std::string word = upper(t.text);
      if (word == "FROM" || word == "JOIN") {
        in_from.back() = true;
      } else if (word == "WHERE" || word == "GROUP" || word == "ORDER" || word == "HAVING" ||
                 word == "LIMIT" || word == "UNION" || word == "EXCEPT" || word == "INTERSECT" ||
                 word == "WINDOW" || word == "SELECT" || word == "VALUES") {
        in_from.back() = false;
      }
    }
    const bool qualified =
        is_identifier(t) && i + 2 < tokens.size() && tokens[i + 1].kind == Token::Kind::kDot &&
        is_identifier(tokens[i + 2]) && (i == 0 || tokens[i - 1].kind != Token::Kind::kDot);
    if (!qualified) continue;
    const Token* before = i == 0 ? nullptr : &tokens[i - 1];
    const bool table_place =
        before != nullptr && (is_word(*before, "FROM") || is_word(*before, "JOIN") ||
                              (before->kind == Token::Kind::kComma && in_from.back()));
    const bool column = i + 3 < tokens.size() && tokens[i + 3].kind == Token::Kind::kDot;
    // Elsewhere `a.b` is a table's (or alias's) column, as in MySQL; `db.table.column` is not.
    if (!table_place && !column) continue;
    const std::string& db_name = t.text;
    const std::string& table_name = tokens[i + 2].text;
    if (databases_named(ctx.state, db_name).empty()) {
      if (table_place) database_named(ctx.state, db_name);  // throws: no such database
      continue;
    }
    const Database& db = database_named(ctx.state, db_name);
    const auto table = table_named(ctx, db.id, table_name);
    if (!table) {
      if (table_place) {
        throw SqlFailure{
            "table `" + printable(db_name) + "`.`" + printable(table_name) + "` does not exist",
            "TABLE_NOT_FOUND"};
      }
      continue;
    }
    out += sql.substr(copied, t.begin - copied);
    if (column) {
      // db.table.column: the column of the table's alias (its name, given below).
      out += TableStore::quote_identifier(table->name);
    } else {
      std::string physical = TableStore::physical_name(table->id);
      const TableView view = readable_view(ctx, *table, db.name, endpoint);
      if (!view.unrestricted()) {
        physical = kStandInPrefix + std::to_string(table->id);
        const bool made = std::any_of(stand_ins.begin(), stand_ins.end(),
                                      [&](const auto& s) { return s.name == physical; });
        if (!made) {
          stand_ins.push_back({physical, *table, view.visible_columns(*table),
                               [view, meta = *table](const std::vector<json>& row) {
                                 return view.row_visible(meta, row);
                               }});
        }
      }
      readable.insert(physical);
      out += TableStore::quote_identifier(physical);
      const Token* next = i + 3 < tokens.size() ? &tokens[i + 3] : nullptr;
      const bool aliased =
          next != nullptr && (is_word(*next, "AS") || next->kind == Token::Kind::kQuoted ||
                              (next->kind == Token::Kind::kWord && !ends_table_reference(*next)));
      if (!aliased) out += " AS " + TableStore::quote_identifier(table->name);
    }
    copied = tokens[i + 2].end;
    i += 2;
  }
  out += sql.substr(copied);
  return out;
}

// A cell as the service sends it: text (numbers in their shortest form), NULL as null.
json cell_text(const json& value) {
  if (value.is_null() || value.is_string()) return value;
  return value.dump();
}

// One result of run_sql: {columns: [str], rows: [[str | null]]} (+ truncated).
json result_json(const std::vector<std::string>& columns,
                 const std::vector<std::vector<json>>& rows, bool truncated = false) {
  json out{{"columns", columns}, {"rows", json::array()}};
  for (const auto& row : rows) {
    json cells = json::array();
    for (const json& cell : row) cells.push_back(cell_text(cell));
    out["rows"].push_back(std::move(cells));
  }
  if (truncated) out["truncated"] = true;
  return out;
}

/// Runs one SELECT with qualified names over the store, as @p endpoint ("N1", "D1") reads it
/// for the caller: its result as run_sql answers it.
json run_select(const Ctx& ctx, const std::string& statement, std::string_view endpoint) {
  std::set<std::string> readable;
  TableStore::QueryLimits limits;
  const std::string sql = rewrite_names(ctx, statement, endpoint, readable, limits.stand_ins);
  limits.max_rows = kMaxResultRows;
  limits.max_steps_thousands = kMaxSqlStepsThousands;
  limits.readable = &readable;
  try {
    const auto result = ctx.tables.query_read_only(sql, limits);
    return result_json(result.columns, result.rows, result.truncated);
  } catch (const TableInputError& e) {
    std::string message = e.what();
    if (message.rfind("sql: ", 0) == 0) message.erase(0, 5);
    std::string code = "SQL_ERROR";
    if (message.find("not authorized") != std::string::npos ||
        message.find("prohibited") != std::string::npos ||
        message.find("read-only") != std::string::npos) {
      code = "SQL_REFUSED";
      message += " (run_sql reads the tables it names as `db`.`table` and changes nothing)";
    } else if (message.find("no such table") != std::string::npos) {
      message += " (name tables as `db`.`table`)";
    }
    throw SqlFailure{"run_sql: " + printable(message), code};
  }
}

std::string backquoted(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

// MySQL-style CREATE TABLE text (as TB2's create_sql).
std::string create_table_text(const TableMeta& table) {
  std::string sql = "CREATE TABLE " + backquoted(table.name) + " (";
  std::string keys;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const TableColumnDef& c = table.columns[i];
    sql += (i == 0 ? "\n  " : ",\n  ") + backquoted(c.name) + " " + c.type;
    if (c.is_pk) keys += (keys.empty() ? "" : ", ") + backquoted(c.name);
  }
  if (!keys.empty()) sql += ",\n  PRIMARY KEY (" + keys + ")";
  return sql + "\n)";
}

Reply run_sql(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> operation;
  std::optional<std::string> statement;
  std::optional<std::vector<std::string>> db_names;
  std::vector<std::pair<std::string, std::vector<std::string>>> table_names;
  if (root) {
    operation = read_string(*root, kBody, "operation", Need::kRequired, e);
    statement = read_string(*root, kBody, "statement", Need::kNullable, e);
    db_names = read_string_list(*root, kBody, "db_names", Need::kNullable, e);
    const auto items = read_dict_list(*root, kBody, "table_names", Need::kNullable, e);
    for (std::size_t i = 0; items && i < items->size(); ++i) {
      const Loc loc = at(at(kBody, "table_names"), static_cast<int>(i));
      KeyTracker::note_model(loc, (*items)[i]);
      auto db = read_string((*items)[i], loc, "db_name", Need::kRequired, e);
      auto names = read_string_list((*items)[i], loc, "table_names", Need::kRequired, e);
      if (db && names) table_names.emplace_back(*db, *names);
    }
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const std::string op = *operation;
  json results = json::array();
  try {
    if (op == "run_sql") {
      if (!statement || statement->find_first_not_of(" \t\r\n") == std::string::npos) {
        return bad_argument(ctx, "statement: give one SELECT statement for operation run_sql");
      }
      results.push_back(run_select(ctx, *statement, "N1"));
    } else if (op == "show_databases") {
      std::set<std::string> names;
      for (const auto& [id, db] : ctx.state.databases) names.insert(db.name);
      std::vector<std::vector<json>> rows;
      for (const std::string& name : names) rows.push_back({json(name)});
      results.push_back(result_json({"Database"}, rows));
    } else if (op == "show_table" || op == "show_tables") {
      if (!db_names || db_names->empty()) {
        return bad_argument(ctx, "db_names: give at least one database name for " + op);
      }
      for (const std::string& name : *db_names) {
        const Database& db = database_named(ctx.state, name);
        std::vector<std::string> tables;
        for (const TableMeta& t : ctx.tables.tables(db.id)) tables.push_back(t.name);
        std::sort(tables.begin(), tables.end());
        std::vector<std::vector<json>> rows;
        for (const std::string& t : tables) rows.push_back({json(t)});
        results.push_back(result_json({"Tables_in_" + name}, rows));
      }
    } else if (op == "desc_table" || op == "show_create_table" || op == "select_3") {
      if (table_names.empty()) {
        return bad_argument(ctx, "table_names: give [{db_name, table_names}] for " + op);
      }
      for (const auto& [db_name, names] : table_names) {
        const Database& db = database_named(ctx.state, db_name);
        for (const std::string& name : names) {
          const auto table = table_named(ctx, db.id, name);
          if (!table) {
            throw SqlFailure{
                "table `" + printable(db_name) + "`.`" + printable(name) + "` does not exist",
                "TABLE_NOT_FOUND"};
          }
          // What the caller may see of it: its columns and rows only.
          const TableView view = readable_view(ctx, *table, db.name, "N1");
          const std::vector<std::size_t> visible = view.visible_columns(*table);
          TableMeta shown = *table;
          shown.columns.clear();
          for (std::size_t i : visible) shown.columns.push_back(table->columns[i]);
          if (op == "desc_table") {
            std::vector<std::vector<json>> rows;
            for (const TableColumnDef& c : shown.columns) {
              rows.push_back({json(c.name), json(c.type), json(c.is_pk ? "NO" : "YES"),
                              json(c.is_pk ? "PRI" : ""),
                              c.default_value ? json(*c.default_value) : json(nullptr), json(""),
                              json(c.comment)});
            }
            results.push_back(
                result_json({"Field", "Type", "Null", "Key", "Default", "Extra", "Comment"}, rows));
          } else if (op == "show_create_table") {
            results.push_back(result_json({"Table", "Create Table"},
                                          {{json(table->name), json(create_table_text(shown))}}));
          } else {
            std::vector<std::string> columns;
            for (const TableColumnDef& c : shown.columns) columns.push_back(c.name);
            std::vector<std::vector<json>> rows;
            if (view.unrestricted()) {
              rows = ctx.tables.rows(*table, 0, 3);
            } else {
              ctx.tables.each_row(*table, [&](const std::vector<json>& row) {
                if (rows.size() == 3 || !view.row_visible(*table, row)) return;
                std::vector<json> kept;
                for (std::size_t i : visible) kept.push_back(i < row.size() ? row[i] : json());
                rows.push_back(std::move(kept));
              });
            }
            results.push_back(result_json(columns, rows));
          }
        }
      }
    } else {
      return bad_argument(ctx, "operation: \"" + printable(op) +
                                   "\" is not one of run_sql, show_databases, show_table, "
                                   "desc_table, show_create_table, select_3");
    }
  } catch (const SqlFailure& failure) {
    if (failure.code == "DATABASE_NOT_FOUND" || failure.code == "TABLE_NOT_FOUND") {
      return root_not_found(ctx, failure.message);
    }
    if (failure.code == "PERMISSION_DENIED") {
      return error_root(403, failure.code, failure.message, ctx.request_id);
    }
    return bad_argument(ctx, failure.message);
  }
  return root_ok(ctx, json{{"results", std::move(results)}});
}

// ---- Business knowledge (N2-N7) -------------------------------------------------------------

// Most entries one list or search page may hold.
constexpr std::int64_t kMaxKnowledgePage = 1000;
constexpr std::int64_t kDefaultKnowledgePage = 20;

json knowledge_json(const KnowledgeEntry& k) {
  json meta = json::object();
  if (!k.associate_tables.is_null()) meta["associate_tables"] = k.associate_tables;
  if (!k.explanation_type.empty()) meta["explanation_type"] = k.explanation_type;
  return json{{"id", k.id},
              {"type", k.type},
              {"key", k.key},
              {"value", k.value},
              {"embedding", k.embedding},
              {"meta", std::move(meta)},
              {"created_at", iso_z(k.created_at)},
              {"updated_at", iso_z(k.updated_at)}};
}

// The six keys of create and update, each applied when present (null clears).
bool read_knowledge(Ctx& ctx, const json& root, KnowledgeEntry& k, bool create, Reply& error) {
  Errors e;
  const auto present = [&](const char* key) {
    note_read(kBody, key);
    return root.contains(key);
  };
  if (present("knowledge_type") || create) {
    k.type = read_string(root, kBody, "knowledge_type", Need::kNullable, e).value_or("");
  }
  if (present("knowledge_key") || create) {
    auto key =
        read_string(root, kBody, "knowledge_key", create ? Need::kRequired : Need::kNullable, e);
    if (key) k.key = *key;
    if (key && key->empty())
      e.add(at(kBody, "knowledge_key"), "String should have at least 1 character",
            "string_too_short");
  }
  if (present("knowledge_value") || create) {
    k.value = read_string_list(root, kBody, "knowledge_value", Need::kNullable, e)
                  .value_or(std::vector<std::string>{});
  }
  if (present("embedding") || create) {
    const json& value = root.contains("embedding") ? root["embedding"] : json(nullptr);
    if (!value.is_null() &&
        (!value.is_array() ||
         !std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_number(); }))) {
      e.add(at(kBody, "embedding"), "Input should be a valid list of numbers", "list_type", &value);
    } else {
      k.embedding = value;
    }
  }
  if (present("associate_tables") || create) {
    auto tables = read_string_list(root, kBody, "associate_tables", Need::kNullable, e);
    k.associate_tables = tables ? json(*tables) : json(nullptr);
  }
  if (present("explanation_type") || create) {
    k.explanation_type =
        read_string(root, kBody, "explanation_type", Need::kNullable, e).value_or("");
  }
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return false;
  }
  return true;
}

// The entry of a body's `id`; nullopt with the error to answer.
KnowledgeEntry* knowledge_of_body(Ctx& ctx, const json& root, Reply& error) {
  Errors e;
  const auto id = read_int(root, kBody, "id", Need::kRequired, e);
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return nullptr;
  }
  const auto it = ctx.state.knowledge.find(*id);
  if (it == ctx.state.knowledge.end()) {
    error = root_not_found(ctx, "knowledge " + std::to_string(*id) + " not found");
    return nullptr;
  }
  return &it->second;
}

Reply create_knowledge(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  if (!root) return bad_argument(ctx, errors_line(e));
  KnowledgeEntry k;
  Reply error;
  if (!read_knowledge(ctx, *root, k, true, error)) return error;
  k.id = ++ctx.state.knowledge_id_counter;
  k.created_at = k.updated_at = ctx.new_created_at();
  ctx.state.knowledge[k.id] = k;
  ctx.changed = true;
  return root_ok(ctx, json{{"id", k.id}});
}

Reply update_knowledge(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  if (!root) return bad_argument(ctx, errors_line(e));
  Reply error;
  KnowledgeEntry* k = knowledge_of_body(ctx, *root, error);
  if (k == nullptr) return error;
  KnowledgeEntry changed = *k;
  if (!read_knowledge(ctx, *root, changed, false, error)) return error;
  changed.updated_at = ctx.now;
  *k = std::move(changed);
  ctx.changed = true;
  return root_ok(ctx, json{{"id", k->id}});
}

Reply delete_knowledge(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  if (!root) return bad_argument(ctx, errors_line(e));
  Reply error;
  KnowledgeEntry* k = knowledge_of_body(ctx, *root, error);
  if (k == nullptr) return error;
  const std::int64_t id = k->id;
  ctx.state.knowledge.erase(id);
  ctx.changed = true;
  return root_ok(ctx, json{{"id", id}});
}

Reply get_knowledge(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  if (!root) return bad_argument(ctx, errors_line(e));
  Reply error;
  const KnowledgeEntry* k = knowledge_of_body(ctx, *root, error);
  if (k == nullptr) return error;
  return root_ok(ctx, knowledge_json(*k));
}

// N6 (no key) and N7: entries of `knowledge_type` (when given, exactly) whose key or one of
// whose values holds `knowledge_key` (case-insensitive), by id, one page.
Reply find_knowledge(Ctx& ctx, bool search) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> type;
  std::optional<std::string> key;
  std::int64_t page = 1;
  std::int64_t page_size = kDefaultKnowledgePage;
  if (root) {
    type = read_string(*root, kBody, "knowledge_type", Need::kNullable, e);
    if (search) key = read_string(*root, kBody, "knowledge_key", Need::kNullable, e);
    page = read_int(*root, kBody, "page_number", Need::kNullable, e).value_or(1);
    page_size = read_int(*root, kBody, "page_size", Need::kNullable, e).value_or(0);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (page <= 0) page = 1;
  if (page_size <= 0) page_size = kDefaultKnowledgePage;
  if (page_size > kMaxKnowledgePage) {
    return bad_argument(ctx, "page_size: at most " + std::to_string(kMaxKnowledgePage));
  }
  std::vector<const KnowledgeEntry*> matches;
  for (const auto& [id, k] : ctx.state.knowledge) {
    if (type && !type->empty() && k.type != *type) continue;
    if (key && !key->empty()) {
      const bool hit = contains_ci(k.key, *key) ||
                       std::any_of(k.value.begin(), k.value.end(),
                                   [&](const std::string& v) { return contains_ci(v, *key); });
      if (!hit) continue;
    }
    matches.push_back(&k);
  }
  json list = json::array();
  for (const KnowledgeEntry* k : slice(matches, page_offset(page, page_size), page_size)) {
    list.push_back(knowledge_json(*k));
  }
  return root_ok(
      ctx, json{{"list", std::move(list)}, {"total", static_cast<std::int64_t>(matches.size())}});
}

// ---- Data asking (D1, D2) -------------------------------------------------------------------

// Bytes of the `[big]` marker's event.
constexpr std::size_t kBigEventBytes = 1024 * 1024;
// The longest question the rules are tried on.
constexpr std::size_t kMaxRuleQuestionBytes = 1000;
// Most rows "show N rows of T" shows.
constexpr std::int64_t kMaxShownRows = 100;

std::string sse(const std::string& event, const json& payload) {
  std::string out;
  if (!event.empty()) out += "event: " + event + "\n";
  return out + "data: " + dump_json(payload) + "\n\n";
}

// The question's words, each with the blank after it (the answer's chunks).
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t space = text.find(' ', start);
    space = space == std::string::npos ? text.size() : space + 1;
    out.push_back(text.substr(start, space - start));
    start = space;
  }
  return out;
}

// The data a question may read (config.data_source.tables).
struct AskScope {
  bool any = false;  ///< a data source was given
  std::string db_name;
  std::optional<std::int64_t> database_id;
  std::optional<std::vector<std::string>> table_list;  ///< type "specified"
};

AskScope scope_of(const json& config) {
  AskScope scope;
  if (!config.is_object()) return scope;
  const auto source = config.find("data_source");
  if (source == config.end() || !source->is_object()) return scope;
  const auto tables = source->find("tables");
  if (tables == source->end() || !tables->is_object()) return scope;
  if (tables->value("type", std::string()) == "none") return scope;
  scope.any = true;
  if (const auto name = tables->find("db_name"); name != tables->end() && name->is_string()) {
    scope.db_name = name->get<std::string>();
  }
  if (const auto id = tables->find("database_id"); id != tables->end() && id->is_number_integer()) {
    scope.database_id = id->get<std::int64_t>();
  }
  if (tables->value("type", std::string()) == "specified") {
    std::vector<std::string> names;
    if (const auto list = tables->find("table_list"); list != tables->end() && list->is_array()) {
      for (const json& n : *list) {
        if (n.is_string()) names.push_back(n.get<std::string>());
      }
    }
    scope.table_list = std::move(names);
  }
  return scope;
}

// The configured database: by db_name (the service needs it), checked against database_id.
const Database& scope_database(const Ctx& ctx, const AskScope& scope) {
  if (scope.db_name.empty()) {
    throw SqlFailure{"config.data_source.tables.db_name is required (the database's name)",
                     "INVALID_CONFIG"};
  }
  const Database& db = database_named(ctx.state, scope.db_name);
  if (scope.database_id && *scope.database_id != db.id) {
    throw SqlFailure{"config.data_source.tables: database_id " +
                         std::to_string(*scope.database_id) + " is not database `" +
                         printable(scope.db_name) + "` (id " + std::to_string(db.id) + ")",
                     "INVALID_CONFIG"};
  }
  return db;
}

// A table the question names: of the configured database, and of table_list when given.
void check_table_in_scope(const AskScope& scope, const std::string& table) {
  if (!scope.table_list) return;
  for (const std::string& allowed : *scope.table_list) {
    if (allowed == table) return;
  }
  throw SqlFailure{"table `" + printable(table) +
                       "` is not among the tables the question may read "
                       "(config.data_source.tables.table_list)",
                   "TABLE_NOT_IN_SCOPE"};
}

/// What a question maps to (docs/emulator.md, "Ask the data").
struct Plan {
  enum class Kind { kCount, kRows, kStatement, kNone, kNoData } kind = Kind::kNone;
  std::string sql;
  std::string table;
  std::string db_name;
  std::int64_t shown = 0;
};

// A table name as the question writes it: bare, or in backquotes or double quotes.
const char* const kTableName = R"(((?:`[^`]+`)|(?:"[^"]+")|[^\s?!.,;:'"`()]+))";

std::string unquote(const std::string& name) {
  if (name.size() >= 2 && (name.front() == '`' || name.front() == '"') &&
      name.back() == name.front()) {
    return name.substr(1, name.size() - 2);
  }
  return name;
}

Plan plan_for(const Ctx& ctx, const std::string& question, const AskScope& scope) {
  Plan plan;
  const std::string trimmed =
      question.substr(std::min(question.size(), question.find_first_not_of(" \t\r\n")));
  const std::string head = upper(trimmed.substr(0, 7));
  if (head.rfind("SELECT", 0) == 0 || head.rfind("WITH ", 0) == 0) {
    plan.kind = Plan::Kind::kStatement;
    plan.sql = trimmed;
    return plan;
  }
  if (!scope.any) {
    plan.kind = Plan::Kind::kNoData;
    return plan;
  }
  // std::regex recurses per character: a long question is matched by no rule.
  if (question.size() > kMaxRuleQuestionBytes) return plan;
  static const std::regex count_rule(
      std::string(
          R"(how\s+many\s+rows\s+(?:are\s+)?(?:there\s+)?(?:in|of)\s+(?:the\s+)?(?:table\s+)?)") +
          kTableName,
      std::regex::icase | std::regex::ECMAScript);
  static const std::regex rows_rule(
      std::string(
          R"((?:show|list)\s+(?:me\s+)?(?:the\s+)?(?:first\s+)?(?:(\d{1,9})\s+)?rows\s+(?:in|of|from)\s+(?:the\s+)?(?:table\s+)?)") +
          kTableName,
      std::regex::icase | std::regex::ECMAScript);
  std::smatch m;
  if (std::regex_search(question, m, count_rule)) {
    plan.kind = Plan::Kind::kCount;
    plan.table = unquote(m[1].str());
  } else if (std::regex_search(question, m, rows_rule)) {
    plan.kind = Plan::Kind::kRows;
    plan.shown = m[1].matched ? std::min<std::int64_t>(std::stoll(m[1].str()), kMaxShownRows) : 10;
    plan.table = unquote(m[2].str());
  } else {
    return plan;  // kNone
  }
  const Database& db = scope_database(ctx, scope);
  plan.db_name = db.name;
  const std::string from = backquoted(db.name) + "." + backquoted(plan.table);
  plan.sql = plan.kind == Plan::Kind::kCount
                 ? "SELECT COUNT(*) AS `count` FROM " + from
                 : "SELECT * FROM " + from + " LIMIT " + std::to_string(plan.shown);
  return plan;
}

// The question without the fault markers.
std::string without_markers(std::string question) {
  for (const char* marker : {"[stall]", "[cut]", "[big]", "[unknown]"}) {
    for (std::size_t at = question.find(marker); at != std::string::npos;
         at = question.find(marker)) {
      question.erase(at, std::string(marker).size());
    }
  }
  return question;
}

Reply analyze(Ctx& ctx) {
  Errors e;
  auto body = parse_body(ctx.body, true, e);
  std::optional<std::string> question;
  std::optional<std::string> session_id;
  json config;
  if (body) {
    question = read_string(*body, kBody, "question", Need::kRequired, e);
    read_string(*body, kBody, "source", Need::kNullable, e);
    session_id = read_string(*body, kBody, "session_id", Need::kNullable, e);
    read_string(*body, kBody, "session_name", Need::kNullable, e);
    config = read_dict(*body, kBody, "config", Need::kNullable, e).value_or(json());
  }
  if (question && question->find_first_not_of(" \t\r\n") == std::string::npos) {
    e.add(at(kBody, "question"), "Value error, the question must not be blank", "value_error",
          &*body->find("question"));
  }
  if (!e.empty()) return validation_failed(e.to_json());
  const std::string request_id = ctx.new_id();
  const std::string session = session_id && !session_id->empty()
                                  ? *session_id
                                  : keyed_id(ctx.settings.seed, "session/" + request_id);
  const std::string asked = without_markers(*question);
  const bool stall = question->find("[stall]") != std::string::npos;
  const bool cut = question->find("[cut]") != std::string::npos;
  const bool big = question->find("[big]") != std::string::npos;
  const bool unknown = question->find("[unknown]") != std::string::npos;

  Reply reply;
  reply.content_type = "text/event-stream";
  reply.stream_delay_ms = ctx.behavior.sse_event_delay.count();
  auto& stream = reply.stream;
  std::size_t title_end = std::min<std::size_t>(asked.size(), 60);
  while (title_end > 0 && title_end < asked.size() &&
         (static_cast<unsigned char>(asked[title_end]) & 0xC0) == 0x80) {
    --title_end;  // not inside a UTF-8 sequence
  }
  const std::string title = asked.substr(0, title_end);
  stream.push_back(sse(
      "init",
      {{"source", "nl2sql"},
       {"step_type", "init"},
       {"step_name", "init"},
       {"data", {{"request_id", request_id}, {"session_id", session}, {"session_title", title}}}}));
  const auto finish = [&](Reply r) {
    // The cancel flag of this stream, for D2.
    auto flag = std::make_shared<std::atomic<bool>>(false);
    r.stream_cancel = flag;
    r.stream_cancel_piece = sse(
        "error", {{"type", "error"},
                  {"source", "nl2sql"},
                  {"data", {{"message", "the analysis was cancelled"}, {"code", "CANCELLED"}}}});
    if (ctx.analyses != nullptr) {
      auto& flags = ctx.analyses->flags;
      if (flags.size() >= 1024) {
        for (auto it = flags.begin(); it != flags.end();) {
          it = it->second.expired() ? flags.erase(it) : std::next(it);
        }
      }
      flags[request_id] = flag;
    }
    return r;
  };
  const auto error_event = [&](const SqlFailure& failure) {
    stream.push_back(
        sse("error", {{"type", "error"},
                      {"source", "nl2sql"},
                      {"data", {{"message", failure.message}, {"code", failure.code}}}}));
    return finish(std::move(reply));
  };

  Plan plan;
  try {
    plan = plan_for(ctx, asked, scope_of(config));
  } catch (const SqlFailure& failure) {
    return error_event(failure);
  }
  const bool matched = plan.kind != Plan::Kind::kNone && plan.kind != Plan::Kind::kNoData;
  stream.push_back(
      sse("", {{"type", "classification"},
               {"source", "nl2sql"},
               {"data",
                {{"type", "query"},
                 {"confidence", matched ? 0.98 : 0.5},
                 {"reason", matched ? "the question asks for data of a table"
                                    : "no rule of the emulator matches the question"}}}}));
  if (unknown) {
    stream.push_back(sse("future_event", {{"type", "future_event"},
                                          {"source", "emulator"},
                                          {"data", {{"note", "an event type no client knows"}}}}));
  }
  if (big) {
    stream.push_back(
        sse("", {{"type", "chunks"},
                 {"source", "rag"},
                 {"data", {{"chunks", {{{"content", std::string(kBigEventBytes, 'x')}}}}}}}));
  }
  if (stall) {
    reply.stream_end = Reply::StreamEnd::kStall;
    return finish(std::move(reply));
  }
  if (cut) {
    stream.push_back("data: {\"type\":\"answer_chunk\",\"data\":{\"con");  // half an event
    reply.stream_end = Reply::StreamEnd::kCut;
    return finish(std::move(reply));
  }

  std::string answer;
  if (plan.kind == Plan::Kind::kNoData) {
    answer = "No related data: the question names no tables (config.data_source.tables).";
  } else if (plan.kind == Plan::Kind::kNone) {
    answer =
        "The emulator answers questions of the forms \"how many rows in TABLE\", \"show N rows "
        "of TABLE\" or a SELECT statement.";
  } else {
    stream.push_back(sse("", {{"type", "step_start"},
                              {"source", "nl2sql"},
                              {"step_type", "sql_generation"},
                              {"step_name", "Generate SQL"},
                              {"data", {{"sql", plan.sql}}}}));
    json result;
    try {
      if (!plan.table.empty()) check_table_in_scope(scope_of(config), plan.table);
      result = run_select(ctx, plan.sql, "D1");
    } catch (const SqlFailure& failure) {
      return error_event(failure);
    }
    const std::size_t rows = result["rows"].size();
    stream.push_back(sse("", {{"type", "step_complete"},
                              {"source", "nl2sql"},
                              {"step_type", "sql_execution"},
                              {"step_name", "Run SQL"},
                              {"data",
                               {{"sql", plan.sql},
                                {"columns", result["columns"]},
                                {"rows", result["rows"]},
                                {"row_count", rows}}}}));
    if (plan.kind == Plan::Kind::kCount) {
      const json& cell = result["rows"][0][0];
      const std::string count = cell.is_string() ? cell.get<std::string>() : cell.dump();
      answer = (count == "1" ? "There is 1 row" : "There are " + count + " rows") + " in table " +
               plan.table + " of database " + plan.db_name + ".";
    } else if (plan.kind == Plan::Kind::kRows) {
      answer = "Here " +
               std::string(rows == 1 ? "is 1 row" : "are " + std::to_string(rows) + " rows") +
               " of table " + plan.table + " of database " + plan.db_name + ".";
    } else {
      answer = "The query returned " + std::to_string(rows) + (rows == 1 ? " row." : " rows.");
    }
  }
  for (const std::string& piece : words_of(answer)) {
    stream.push_back(
        sse("", {{"type", "answer_chunk"}, {"source", "rag"}, {"data", {{"content", piece}}}}));
  }
  stream.push_back(
      sse("complete",
          {{"type", "complete"}, {"source", "nl2sql"}, {"data", {{"request_id", request_id}}}}));
  return finish(std::move(reply));
}

Reply cancel_analysis(Ctx& ctx) {
  const auto id = query_string(ctx.query, "request_id");
  if (!id || id->empty()) {
    Errors e;
    e.missing(Loc{"query", "request_id"});
    return validation_failed(e.to_json());
  }
  const std::string envelope_id = ctx.new_id();
  if (ctx.analyses == nullptr || ctx.analyses->flags.count(*id) == 0) {
    return error_root(404, "NOT_FOUND", "analysis " + printable(*id) + " not found", envelope_id);
  }
  if (auto flag = ctx.analyses->flags[*id].lock()) flag->store(true);
  return ok_root(json{{"request_id", *id},
                      {"status", "cancelled"},
                      {"user_id", ctx.settings.user_id},
                      {"user_name", ctx.settings.user_name}},
                 envelope_id);
}

}  // namespace

Reply ask_dispatch(Endpoint endpoint, Ctx& ctx) {
  switch (endpoint) {
    case Endpoint::kN1RunSql:
      return run_sql(ctx);
    case Endpoint::kN2CreateKnowledge:
      return create_knowledge(ctx);
    case Endpoint::kN3UpdateKnowledge:
      return update_knowledge(ctx);
    case Endpoint::kN4DeleteKnowledge:
      return delete_knowledge(ctx);
    case Endpoint::kN5GetKnowledge:
      return get_knowledge(ctx);
    case Endpoint::kN6ListKnowledge:
      return find_knowledge(ctx, false);
    case Endpoint::kN7SearchKnowledge:
      return find_knowledge(ctx, true);
    case Endpoint::kD1Analyze:
      return analyze(ctx);
    default:
      return cancel_analysis(ctx);
  }
}

}  // namespace moi::emulator::detail
