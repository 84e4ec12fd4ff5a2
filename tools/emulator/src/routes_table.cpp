// SPDX-License-Identifier: Apache-2.0
// TB1-TB13 (/catalog/table/*, PLATFORM-NOTES §2.1) over the SQLite table store, and TB14, the
// signed link TB8 hands out. Table records and rows live in the store (table_store.hpp), not
// in the JSON state: a handler's store changes commit with the request (Service::handle).
#include <algorithm>
#include <cctype>
#include <limits>

#include "access.hpp"
#include "routes.hpp"
#include "table_import.hpp"
#include "table_store.hpp"
#include "target.hpp"

namespace moi::emulator::detail {

namespace {

const Loc kBody{"body"};

// Rows per page of TB6 when none (or <= 0) is asked for, and the most one page may hold.
constexpr std::int64_t kDefaultPageSize = 100;
constexpr std::int64_t kMaxPageSize = 10000;

// A decimal id (optionally negative) as an integer; nullopt when it is not one.
std::optional<std::int64_t> to_int64(const std::string& text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size() || text.find_first_not_of("0123456789", i) != std::string::npos) {
    return std::nullopt;
  }
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// `key` of `obj` as an integer id (a JSON integer or a string of digits), recording an error
// naming the key otherwise.
std::optional<std::int64_t> read_int_id(const json& obj, const Loc& loc, const char* key, Need need,
                                        Errors& e) {
  const auto text = read_id_text(obj, loc, key, need, e);
  if (!text) return std::nullopt;
  const auto value = to_int64(*text);
  if (!value) {
    json input = *text;
    e.add(at(loc, key), "Input should be a valid integer", "int_parsing", &input);
  }
  return value;
}

std::string table_text(std::int64_t id) { return "table " + std::to_string(id); }

// The table a TableRef-shaped object names: `id`, or id -1 with `table_name` (or `name`) and
// `database_id` (a table of a subscribed database; the emulator looks it up by name).
// nullopt with `error` set when the body is wrong or the table does not exist.
std::optional<TableMeta> find_table(Ctx& ctx, const json& ref, const Loc& loc, Reply& error,
                                    const char* name_key = "table_name") {
  Errors e;
  const auto id = read_int_id(ref, loc, "id", Need::kRequired, e);
  std::optional<std::string> name;
  std::optional<std::int64_t> database_id;
  if (id && *id == -1) {
    name = read_string(ref, loc, name_key, Need::kRequired, e);
    database_id = read_int_id(ref, loc, "database_id", Need::kRequired, e);
  } else {
    // Read (and so known to strict mode) even when the id decides.
    read_string(ref, loc, name_key, Need::kNullable, e);
    read_int_id(ref, loc, "database_id", Need::kNullable, e);
  }
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  std::optional<TableMeta> table =
      *id == -1 ? ctx.tables.table_by_name(*database_id, *name) : ctx.tables.table(*id);
  if (!table) {
    error = root_not_found(ctx, *id == -1 ? "table \"" + *name + "\" not found in database " +
                                                std::to_string(*database_id)
                                          : table_text(*id) + " not found");
  }
  return table;
}

// The table of a `{"id": ...}` body.
std::optional<TableMeta> table_of_body(Ctx& ctx, Reply& error) {
  Errors e;
  auto root = root_body(ctx, e);
  if (!root) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  return find_table(ctx, *root, kBody, error);
}

json column_json(const TableColumnDef& c) {
  json out{{"name", c.name}, {"type", c.type}, {"is_pk", c.is_pk}};
  if (c.default_value) out["default"] = *c.default_value;
  out["comment"] = c.comment;
  return out;
}

json columns_json(const TableMeta& table) {
  json out = json::array();
  for (const TableColumnDef& c : table.columns) out.push_back(column_json(c));
  return out;
}

// A value as the text of stats and CSV cells: strings as they are, numbers as JSON writes them
// (doubles in their shortest round-trip form), null as "".
std::string value_text(const json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

// MySQL-style CREATE TABLE text, names in backquotes (inner ones doubled).
std::string create_sql(const TableMeta& table) {
  auto bq = [](const std::string& name) {
    std::string out = "`";
    for (char c : name) {
      if (c == '`') out += '`';
      out += c;
    }
    return out + "`";
  };
  std::string sql = "CREATE TABLE " + bq(table.name) + " (";
  std::string keys;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const TableColumnDef& c = table.columns[i];
    sql += (i == 0 ? "\n  " : ",\n  ") + bq(c.name) + " " + c.type;
    if (c.is_pk) keys += (keys.empty() ? "" : ", ") + bq(c.name);
  }
  if (!keys.empty()) sql += ",\n  PRIMARY KEY (" + keys + ")";
  return sql + "\n)";
}

json table_info(const Ctx& ctx, const TableMeta& table) {
  json stats = json::array();
  const auto ranges = ctx.tables.column_range(table);
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const json none;
    const json& min = i < ranges.size() ? ranges[i].first : none;
    const json& max = i < ranges.size() ? ranges[i].second : none;
    stats.push_back(json{{"name", table.columns[i].name},
                         {"type", table.columns[i].type},
                         {"max_value", value_text(max)},
                         {"min_value", value_text(min)}});
  }
  return json{{"name", table.name},
              {"lines", ctx.tables.row_count(table.id)},
              {"size", ctx.tables.data_bytes(table)},
              {"columns", columns_json(table)},
              {"stats", std::move(stats)},
              {"create_sql", create_sql(table)},
              {"created_at", iso_z(table.created_at)},
              {"created_by", table.creator},
              {"comment", table.comment}};
}

// One CSV field (RFC 4180): quoted when it holds the separator, a quote, a line break or
// leading/trailing blanks, or is an empty string (an unquoted empty field is NULL).
void append_csv_field(std::string& out, const json& value) {
  if (value.is_null()) return;
  const std::string text = value_text(value);
  const bool quote = text.empty() || text.find_first_of(",\"\r\n") != std::string::npos ||
                     text.front() == ' ' || text.back() == ' ';
  if (!quote) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// The table as CSV as @p view lets its caller see it (every row and column for the
// administrator): a header row of column names, then the rows, CRLF-free ("\n").
std::string table_csv(const Ctx& ctx, const TableMeta& table, const TableView& view) {
  const std::vector<std::size_t> columns = view.visible_columns(table);
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i != 0) out += ',';
    append_csv_field(out, json(table.columns[columns[i]].name));
  }
  out += '\n';
  ctx.tables.each_row(table, [&](const std::vector<json>& row) {
    if (!view.row_visible(table, row)) return;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i != 0) out += ',';
      if (columns[i] < row.size()) append_csv_field(out, row[columns[i]]);
    }
    out += '\n';
  });
  return out;
}

Reply csv_reply(std::string body) {
  Reply r;
  r.body = std::move(body);
  r.content_type = "text/csv; charset=utf-8";
  return r;
}

std::optional<TableColumnDef> read_column(const json& item, const Loc& loc, Errors& e) {
  if (!item.is_object()) {
    e.add(loc, "Input should be a valid dictionary", "model_attributes_type", &item);
    return std::nullopt;
  }
  KeyTracker::note_model(loc, item);
  TableColumnDef c;
  auto name = read_string(item, loc, "name", Need::kRequired, e);
  auto type = read_string(item, loc, "type", Need::kRequired, e);
  auto is_pk = read_bool(item, loc, "is_pk", Need::kNullable, e);
  auto def = read_string(item, loc, "default", Need::kNullable, e);
  auto comment = read_string(item, loc, "comment", Need::kNullable, e);
  if (!name || !type) return std::nullopt;
  c.name = *name;
  c.type = *type;
  c.is_pk = is_pk.value_or(false);
  if (def && !def->empty()) c.default_value = *def;
  c.comment = comment.value_or("");
  return c;
}

Reply create_table(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::int64_t> database_id;
  std::optional<std::string> name;
  std::optional<std::string> comment;
  std::vector<TableColumnDef> columns;
  if (root) {
    database_id = read_int_id(*root, kBody, "database_id", Need::kRequired, e);
    name = read_string(*root, kBody, "name", Need::kRequired, e);
    comment = read_string(*root, kBody, "comment", Need::kNullable, e);
    note_read(kBody, "columns");
    const auto it = root->find("columns");
    if (it == root->end()) {
      e.missing(at(kBody, "columns"));
    } else if (!it->is_array()) {
      e.add(at(kBody, "columns"), "Input should be a valid list", "list_type", &*it);
    } else if (it->size() > TableStore::kMaxColumns) {
      return bad_argument(ctx, "columns: " + std::to_string(it->size()) + " columns, more than " +
                                   std::to_string(TableStore::kMaxColumns));
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        auto column = read_column((*it)[i], at(at(kBody, "columns"), static_cast<int>(i)), e);
        if (column) columns.push_back(std::move(*column));
      }
    }
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (ctx.state.databases.count(*database_id) == 0) {
    return root_not_found(ctx, "database " + std::to_string(*database_id) + " not found");
  }
  try {
    TableStore::check_definition(*name, columns);
  } catch (const TableInputError& error) {
    return bad_argument(ctx, error.what());
  }
  if (ctx.tables.table_by_name(*database_id, *name)) {
    return bad_argument(ctx, "name: a table named \"" + *name + "\" exists in database " +
                                 std::to_string(*database_id));
  }
  TableMeta meta;
  meta.database_id = *database_id;
  meta.name = *name;
  meta.comment = comment.value_or("");
  meta.creator = ctx.settings.user_name;
  meta.created_at = ctx.new_created_at();
  meta.columns = std::move(columns);
  const std::int64_t id = ctx.tables.create_table(std::move(meta));
  // new_created_at moved the JSON state's clock: persist it.
  ctx.changed = true;
  return root_ok(ctx, json{{"id", id}});
}

Reply get_table(Ctx& ctx) {
  Reply error;
  auto table = table_of_body(ctx, error);
  if (!table) return error;
  return root_ok(ctx, table_info(ctx, *table));
}

Reply get_tables(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::vector<json> refs;
  if (root) {
    refs = read_dict_list(*root, kBody, "table_list", Need::kRequired, e).value_or(refs);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  json map = json::object();
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const Loc loc = at(at(kBody, "table_list"), static_cast<int>(i));
    KeyTracker::note_model(loc, refs[i]);
    Reply not_found_or_bad;
    auto table = find_table(ctx, refs[i], loc, not_found_or_bad);
    if (!table) {
      if (not_found_or_bad.status == 404) continue;  // unknown tables are simply absent
      return not_found_or_bad;
    }
    map[std::to_string(table->database_id) + " " + table->name] = table_info(ctx, *table);
  }
  return root_ok(ctx, json{{"info_map", std::move(map)}});
}

Reply table_overview(Ctx& ctx) {
  Errors e;
  if (!root_body(ctx, e)) return bad_argument(ctx, errors_line(e));
  json list = json::array();
  for (const TableMeta& table : ctx.tables.tables()) {
    const auto db = ctx.state.databases.find(table.database_id);
    json names = json::array();
    for (const TableColumnDef& c : table.columns) names.push_back(c.name);
    list.push_back(json{{"db_name", db == ctx.state.databases.end() ? "" : db->second.name},
                        {"table_name", table.name},
                        {"col_names", std::move(names)}});
  }
  return root_ok(ctx, std::move(list));
}

Reply table_exists(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::int64_t> database_id;
  std::optional<std::string> name;
  if (root) {
    database_id = read_int_id(*root, kBody, "database_id", Need::kRequired, e);
    name = read_string(*root, kBody, "name", Need::kRequired, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  return root_ok(ctx, json(ctx.tables.table_by_name(*database_id, *name).has_value()));
}

Reply table_rows(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  if (!root) return bad_argument(ctx, errors_line(e));
  auto page = read_int(*root, kBody, "page", Need::kNullable, e).value_or(1);
  auto page_size = read_int(*root, kBody, "page_size", Need::kNullable, e).value_or(0);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  Reply error;
  auto table = find_table(ctx, *root, kBody, error, "name");
  if (!table) return error;
  if (page <= 0) page = 1;
  if (page_size <= 0) page_size = kDefaultPageSize;
  if (page_size > kMaxPageSize) {
    return bad_argument(ctx, "page_size: at most " + std::to_string(kMaxPageSize));
  }
  json rows = json::array();
  const TableView view = table_view(ctx.state, *table);
  if (view.unrestricted()) {
    for (auto& row : ctx.tables.rows(*table, page_offset(page, page_size), page_size)) {
      rows.push_back(json(std::move(row)));
    }
    return root_ok(ctx, json{{"columns", columns_json(*table)},
                             {"data", std::move(rows)},
                             {"total_rows", ctx.tables.row_count(table->id)},
                             {"page", page},
                             {"page_size", page_size}});
  }
  // The caller's row and column rules (access.hpp): only the rows and columns it may see,
  // counted and paged among themselves.
  const std::vector<std::size_t> columns = view.visible_columns(*table);
  json visible_columns = json::array();
  for (std::size_t i : columns) visible_columns.push_back(column_json(table->columns[i]));
  const std::int64_t first = page_offset(page, page_size);
  std::int64_t seen = 0;
  ctx.tables.each_row(*table, [&](const std::vector<json>& row) {
    if (!view.row_visible(*table, row)) return;
    if (seen >= first && seen < first + page_size) {
      json kept = json::array();
      for (std::size_t i : columns) kept.push_back(i < row.size() ? row[i] : json());
      rows.push_back(std::move(kept));
    }
    ++seen;
  });
  return root_ok(ctx, json{{"columns", std::move(visible_columns)},
                           {"data", std::move(rows)},
                           {"total_rows", seen},
                           {"page", page},
                           {"page_size", page_size}});
}

Reply table_link(Ctx& ctx) {
  Reply error;
  auto table = table_of_body(ctx, error);
  if (!table) return error;
  // A user's link serves what that user may see (its rules, read when the link is used).
  const std::string user =
      ctx.state.caller.admin ? std::string() : std::to_string(ctx.state.caller.user_id);
  const std::string key =
      "table/" + std::to_string(table->id) + (user.empty() ? "" : "/user/" + user);
  const std::string url =
      signed_link(ctx, "/emulator/tables/" + std::to_string(table->id), table->name + ".csv", key,
                  user.empty() ? "" : "&user=" + user);
  return root_ok(ctx, json{{"url", url}});
}

Reply table_csv_body(Ctx& ctx) {
  Reply error;
  auto table = table_of_body(ctx, error);
  if (!table) return error;
  return csv_reply(table_csv(ctx, *table, table_view(ctx.state, *table)));
}

Reply fetch_table_csv(Ctx& ctx) {
  const auto id = to_int64(ctx.args.at(0));
  const auto expires = query_string(ctx.query, "expires");
  const auto token = query_string(ctx.query, "token");
  const std::string user = query_string(ctx.query, "user").value_or("");
  const bool user_ok = user.empty() || (user.size() <= 18 &&
                                        user.find_first_not_of("0123456789") == std::string::npos);
  if (!id || !user_ok ||
      !link_token_valid(ctx, "table/" + std::to_string(*id) + (user.empty() ? "" : "/user/" + user),
                        token, expires)) {
    return error_root(403, "PERMISSION_DENIED", "missing or invalid download token",
                      ctx.request_id);
  }
  if (unix_seconds(ctx.now) > std::stoll(*expires)) {
    return error_root(403, "PERMISSION_DENIED", "download link expired: ask for a new one",
                      ctx.request_id);
  }
  auto table = ctx.tables.table(*id);
  if (!table) return root_not_found(ctx, table_text(*id) + " not found");
  const std::int64_t user_id = user.empty() ? 0 : std::stoll(user);
  const TableView view = table_view_of_user(ctx.state, user_id, *table);
  if (!view.allowed) {
    return error_root(403, "PERMISSION_DENIED",
                      "the user of this link no longer holds DT8 (select) on " + table_text(*id),
                      ctx.request_id);
  }
  return csv_reply(table_csv(ctx, *table, view));
}

Reply truncate_table(Ctx& ctx) {
  Reply error;
  auto table = table_of_body(ctx, error);
  if (!table) return error;
  ctx.tables.truncate(*table);
  return root_ok(ctx, json::object());
}

Reply delete_table(Ctx& ctx) {
  Reply error;
  auto table = table_of_body(ctx, error);
  if (!table) return error;
  ctx.tables.drop(table->id);
  return root_ok(ctx, json::object());
}

Reply table_full_path(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::vector<std::string> ids;
  if (root) ids = read_list_of_ids(*root, "table_id_list", e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (ids.empty()) return bad_argument(ctx, "table_id_list: Field required");
  json paths = json::array();
  for (const std::string& text : ids) {
    const auto id = to_int64(text);
    auto table = id ? ctx.tables.table(*id) : std::nullopt;
    if (!table) return root_not_found(ctx, "table " + text + " not found");
    json id_list = json::array();
    json name_list = json::array();
    const auto db = ctx.state.databases.find(table->database_id);
    if (db != ctx.state.databases.end()) {
      const auto cat = ctx.state.catalogs.find(db->second.catalog_id);
      if (cat != ctx.state.catalogs.end()) {
        id_list.push_back(std::to_string(cat->first));
        name_list.push_back(cat->second.name);
      }
      id_list.push_back(std::to_string(db->first));
      name_list.push_back(db->second.name);
    }
    id_list.push_back(std::to_string(table->id));
    name_list.push_back(table->name);
    paths.push_back(json{{"id_list", std::move(id_list)}, {"name_list", std::move(name_list)}});
  }
  return root_ok(ctx, json{{"table_full_path", std::move(paths)}});
}

Reply table_ref_list(Ctx& ctx) {
  Reply error;
  auto table = table_of_body(ctx, error);
  if (!table) return error;
  // Nothing in the emulator refers to a table (workflows read volumes).
  return root_ok(ctx, json{{"list", json::array()}});
}

// TB7: `file_option.data_file_url` must be a download link of this emulator's (F4); the file's
// CSV is read with `csv_config`, from `start_row` (1-based, default 1) on, into the columns of
// `table_option.column_load_options` (`col_name` <- field `col_number_in_file`, 1-based;
// without options the file's columns fill the table's in order), `conflict_policy` 0 fail,
// 1 skip, 2 replace.
Reply load_table_from_link(Ctx& ctx, const TableMeta& table, const json& root) {
  Errors e;
  const Loc file_loc = at(kBody, "file_option");
  const Loc table_loc = at(kBody, "table_option");
  auto file_option = read_model(root, kBody, "file_option", Need::kRequired, e);
  auto table_option = read_model(root, kBody, "table_option", Need::kNullable, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  auto url = read_string(*file_option, file_loc, "data_file_url", Need::kRequired, e);
  read_string(*file_option, file_loc, "type", Need::kNullable, e);
  const std::int64_t start_row =
      read_int(*file_option, file_loc, "start_row", Need::kNullable, e).value_or(1);
  auto csv = read_model(*file_option, file_loc, "csv_config", Need::kNullable, e);
  std::string separator = ",";
  std::string quote = "\"";
  if (csv) {
    const Loc csv_loc = at(file_loc, "csv_config");
    separator = read_string(*csv, csv_loc, "separator", Need::kNullable, e).value_or(",");
    quote = read_string(*csv, csv_loc, "quote", Need::kNullable, e).value_or("\"");
    read_bool(*csv, csv_loc, "is_escaped", Need::kNullable, e);
  }
  std::int64_t conflict = 0;
  std::vector<json> options;
  if (table_option) {
    conflict =
        read_int(*table_option, table_loc, "conflict_policy", Need::kNullable, e).value_or(0);
    options = read_dict_list(*table_option, table_loc, "column_load_options", Need::kNullable, e)
                  .value_or(options);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (separator.size() != 1 || quote.size() != 1 || separator == quote || separator == "\n" ||
      separator == "\r") {
    return bad_argument(ctx,
                        "file_option.csv_config: separator and quote must be two different "
                        "single characters");
  }
  if (conflict < 0 || conflict > 2) {
    return bad_argument(ctx, "table_option.conflict_policy: 0 (fail), 1 (skip) or 2 (replace)");
  }
  if (start_row < 1) return bad_argument(ctx, "file_option.start_row: at least 1");
  // ".../emulator/files/<file id>/<name>?...": the file id.
  const std::string marker = "/emulator/files/";
  const auto at_marker = url->find(marker);
  const std::string rest =
      at_marker == std::string::npos ? "" : url->substr(at_marker + marker.size());
  const std::string file_id = rest.substr(0, rest.find('/'));
  auto stored = ctx.state.files.find(file_id);
  if (file_id.empty() || stored == ctx.state.files.end() ||
      !is_catalog_file(stored->second, ctx.now)) {
    return bad_argument(ctx,
                        "file_option.data_file_url: not a download link of a file of this "
                        "emulator (ask /catalog/file/download for one)");
  }
  auto bytes = ctx.blobs.get(blob_of(stored->second));
  if (!bytes) return root_not_found(ctx, "file " + file_id + " not found");
  const std::string label = stored->second.name;
  CsvFile file = parse_csv(*bytes, separator[0], quote[0], label);
  ImportPlan plan;
  plan.first_record = start_row - 1;
  plan.conflict = static_cast<TableStore::Conflict>(conflict);
  if (options.empty()) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      plan.sources.push_back({table.columns[c].name, c});
    }
  }
  for (std::size_t i = 0; i < options.size(); ++i) {
    const Loc loc = at(at(table_loc, "column_load_options"), static_cast<int>(i));
    KeyTracker::note_model(loc, options[i]);
    auto name = read_string(options[i], loc, "col_name", Need::kRequired, e);
    read_int(options[i], loc, "data_from", Need::kNullable, e);
    auto number = read_int(options[i], loc, "col_number_in_file", Need::kRequired, e);
    if (!e.empty()) return bad_argument(ctx, errors_line(e));
    if (*number < 1) {
      return bad_argument(ctx, "table_option.column_load_options[" + std::to_string(i) +
                                   "].col_number_in_file: at least 1");
    }
    plan.sources.push_back({*name, static_cast<std::size_t>(*number - 1)});
  }
  const std::int64_t lines = import_records(ctx.tables, table, file, plan, label);
  return root_ok(ctx, json{{"lines", lines}});
}

Reply load_table(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  if (!root) return bad_argument(ctx, errors_line(e));
  Reply error;
  auto table = find_table(ctx, *root, kBody, error);
  if (!table) return error;
  return load_table_from_link(ctx, *table, *root);
}

// --- upload staging (U2-U6) ------------------------------------------------------------------

// Spreadsheet column letters of a 1-based number: 1 -> "A", 27 -> "AA".
std::string column_letters(std::size_t number) {
  std::string out;
  while (number > 0) {
    const std::size_t rem = (number - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rem));
    number = (number - 1) / 26;
  }
  return out;
}

std::string staged_key(const std::string& id) { return "staged/" + id; }

Reply stage_files(Ctx& ctx) {
  UploadInput& input = *ctx.upload;
  if (!input.parts) {
    const int status = input.error_status;
    return error_root(status, status == 413 ? "PAYLOAD_TOO_LARGE" : "INVALID_ARGUMENT",
                      input.error.empty() ? "expected a multipart/form-data body" : input.error,
                      ctx.request_id);
  }
  std::vector<const FormPart*> files;
  for (const FormPart& part : *input.parts) {
    if (part.name == "file" || part.name == "File" || part.name == "FILE") files.push_back(&part);
  }
  if (files.empty())
    return bad_argument(ctx, "no file part: send one or more parts named \"file\"");
  json ids = json::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string name = files[i]->filename;
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    if (name.empty() || !valid_utf8(name)) {
      return bad_argument(ctx, "file part #" + std::to_string(i + 1) +
                                   " has no UTF-8 filename in its Content-Disposition");
    }
    StagedFile f;
    f.id = ctx.new_numeric_id();
    f.name = name;
    f.blob = input.blobs.at(i);
    f.size = static_cast<std::int64_t>(files[i]->content.size());
    f.created_at = ctx.new_created_at();
    ids.push_back(f.id);
    ctx.state.staged_files[f.id] = std::move(f);
  }
  input.adopted = true;
  ctx.changed = true;
  return root_ok(ctx, json{{"conn_file_ids", std::move(ids)}});
}

// The staged file a `conn_file_id` body names.
StagedFile* staged_of_body(Ctx& ctx, json* body_out, Reply& error) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> id;
  if (root) id = read_id_text(*root, kBody, "conn_file_id", Need::kRequired, e);
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return nullptr;
  }
  auto it = ctx.state.staged_files.find(*id);
  if (it == ctx.state.staged_files.end()) {
    error = root_not_found(ctx, "conn_file_id: staged file " + *id + " not found");
    return nullptr;
  }
  if (body_out != nullptr) *body_out = std::move(*root);
  return &it->second;
}

// Header row and first data record of a CSV as the preview and imports read them:
// `isColumnName` (default true) with the header on `columnNameRow` (1-based, default 1), data
// from `rowStart` (1-based record, default the row after the header, or 1).
struct Layout {
  std::optional<std::size_t> header;  ///< 0-based record index of the header
  std::size_t first = 0;              ///< 0-based record index of the first data record
};

std::optional<Layout> read_layout(const json& obj, const Loc& loc, Errors& e) {
  const bool has_header = read_bool(obj, loc, "isColumnName", Need::kNullable, e).value_or(true);
  const std::int64_t header_row =
      read_int(obj, loc, "columnNameRow", Need::kNullable, e).value_or(1);
  auto row_start = read_int(obj, loc, "rowStart", Need::kNullable, e);
  if (!e.empty()) return std::nullopt;
  if (header_row < 1) {
    json input = header_row;
    e.add(at(loc, "columnNameRow"), "Input should be greater than or equal to 1",
          "greater_than_equal", &input);
    return std::nullopt;
  }
  Layout layout;
  if (has_header) layout.header = static_cast<std::size_t>(header_row - 1);
  std::int64_t first = row_start.value_or(has_header ? header_row + 1 : 1);
  if (first < 1) first = 1;
  layout.first = static_cast<std::size_t>(first - 1);
  return layout;
}

Reply preview_staged(Ctx& ctx) {
  json root;
  Reply error;
  StagedFile* staged = staged_of_body(ctx, &root, error);
  if (staged == nullptr) return error;
  Errors e;
  read_int(root, kBody, "connector_id", Need::kNullable, e);
  read_string(root, kBody, "uri", Need::kNullable, e);
  read_int(root, kBody, "file_type", Need::kNullable, e);
  auto csv = read_model(root, kBody, "csv", Need::kNullable, e);
  std::string separator = ",";
  std::string quote = "\"";
  if (csv) {
    const Loc csv_loc = at(kBody, "csv");
    separator = read_string(*csv, csv_loc, "separator", Need::kNullable, e).value_or(",");
    quote = read_string(*csv, csv_loc, "delimiter", Need::kNullable, e).value_or("\"");
    read_bool(*csv, csv_loc, "isEscape", Need::kNullable, e);
  }
  auto layout = read_layout(root, kBody, e);
  if (!e.empty() || !layout) return bad_argument(ctx, errors_line(e));
  if (separator.size() != 1 || quote.size() != 1 || separator == quote) {
    return bad_argument(ctx, "csv: separator and delimiter must be two different characters");
  }
  auto bytes = ctx.blobs.get(staged->blob);
  if (!bytes) return root_not_found(ctx, "staged file " + staged->id + " not found");
  const CsvFile file = parse_csv(*bytes, separator[0], quote[0], staged->name);
  // The file's columns are those of its first record, as an import reads them: a ragged row
  // further down adds none (the import names its line).
  const std::size_t width = file.records.empty() ? 0 : file.records[0].size();
  json rows = json::array();
  for (std::size_t c = 0; c < width; ++c) {
    std::string header;
    if (layout->header && *layout->header < file.records.size() &&
        c < file.records[*layout->header].size()) {
      header = file.records[*layout->header][c].text;
    }
    json values = json::array();
    for (std::size_t r = layout->first; r < file.records.size() && values.size() < 10; ++r) {
      values.push_back(c < file.records[r].size() ? file.records[r][c].text : std::string());
    }
    rows.push_back(json{{"number", c + 1},
                        {"columnName", header},
                        {"columnValues", std::move(values)},
                        {"charNumber", column_letters(c + 1)},
                        {"charColumnName", header.empty() ? column_letters(c + 1) : header}});
  }
  return root_ok(ctx, json{{"conn_file_id", staged->id},
                           {"rows", std::move(rows)},
                           {"file_type", file_type_for_name(staged->name)}});
}

Reply staged_link(Ctx& ctx) {
  Reply error;
  StagedFile* staged = staged_of_body(ctx, nullptr, error);
  if (staged == nullptr) return error;
  return root_ok(ctx, json{{"url", signed_link(ctx, "/emulator/staged/" + staged->id, staged->name,
                                               staged_key(staged->id))}});
}

Reply delete_staged(Ctx& ctx) {
  Reply error;
  StagedFile* staged = staged_of_body(ctx, nullptr, error);
  if (staged == nullptr) return error;
  ctx.blobs_to_remove.push_back(staged->blob);
  ctx.state.staged_files.erase(staged->id);
  ctx.changed = true;
  return root_ok(ctx, json{{"success", true}});
}

Reply fetch_staged(Ctx& ctx) {
  const std::string& id = ctx.args.at(0);
  const auto expires = query_string(ctx.query, "expires");
  const auto token = query_string(ctx.query, "token");
  if (!link_token_valid(ctx, staged_key(id), token, expires) ||
      unix_seconds(ctx.now) > std::stoll(*expires)) {
    return error_root(403, "PERMISSION_DENIED", "missing, invalid or expired download token",
                      ctx.request_id);
  }
  auto it = ctx.state.staged_files.find(id);
  if (it == ctx.state.staged_files.end()) return root_not_found(ctx, "staged file not found");
  ctx.blob_to_send = it->second.blob;
  Reply r;
  r.content_type = "application/octet-stream";
  return r;
}

}  // namespace

Reply table_dispatch(Endpoint endpoint, Ctx& ctx) {
  try {
    switch (endpoint) {
      case Endpoint::kTB1CreateTable:
        return create_table(ctx);
      case Endpoint::kTB2GetTable:
        return get_table(ctx);
      case Endpoint::kTB3GetTables:
        return get_tables(ctx);
      case Endpoint::kTB4TableOverview:
        return table_overview(ctx);
      case Endpoint::kTB5TableExists:
        return table_exists(ctx);
      case Endpoint::kTB6TableRows:
        return table_rows(ctx);
      case Endpoint::kTB7LoadTable:
        return load_table(ctx);
      case Endpoint::kTB8TableLink:
        return table_link(ctx);
      case Endpoint::kTB9TableCsv:
        return table_csv_body(ctx);
      case Endpoint::kTB10TruncateTable:
        return truncate_table(ctx);
      case Endpoint::kTB11DeleteTable:
        return delete_table(ctx);
      case Endpoint::kTB12TableFullPath:
        return table_full_path(ctx);
      case Endpoint::kTB13TableRefList:
        return table_ref_list(ctx);
      case Endpoint::kTB14FetchTableCsv:
        return fetch_table_csv(ctx);
      case Endpoint::kU2StageFiles:
        return stage_files(ctx);
      case Endpoint::kU3PreviewStaged:
        return preview_staged(ctx);
      case Endpoint::kU4StagedLink:
        return staged_link(ctx);
      case Endpoint::kU5DeleteStaged:
        return delete_staged(ctx);
      case Endpoint::kU6FetchStaged:
        return fetch_staged(ctx);
      default:
        break;
    }
  } catch (const TableInputError& error) {
    return bad_argument(ctx, error.what());
  } catch (const TableStoreError& error) {
    return error_root(500, "INTERNAL_ERROR", error.what(), ctx.request_id);
  }
  return error_root(500, "INTERNAL_ERROR", "unknown endpoint", ctx.request_id);
}

json table_children(const Ctx& ctx, std::int64_t database_id) {
  json list = json::array();
  for (const TableMeta& table : ctx.tables.tables(database_id)) {
    list.push_back(json{{"id", std::to_string(table.id)},
                        {"name", table.name},
                        {"type", "table"},
                        {"description", table.comment},
                        {"size", ctx.tables.data_bytes(table)},
                        {"children_count", 0},
                        {"reserved", false},
                        {"created_at", iso_z(table.created_at)},
                        {"updated_at", iso_z(table.created_at)},
                        {"created_by", table.creator},
                        {"updated_by", table.creator}});
  }
  return list;
}

namespace {

// The file columns an import reads for a table column: a header name, "NULL"/"" (no value).
std::optional<std::size_t> header_index(const std::vector<CsvField>* header,
                                        const std::string& name) {
  if (header == nullptr) return std::nullopt;
  for (std::size_t i = 0; i < header->size(); ++i) {
    if ((*header)[i].text == name) return i;
  }
  return std::nullopt;
}

std::string header_list(const std::vector<CsvField>* header) {
  std::string out;
  if (header == nullptr) return "the file has no header row";
  for (const CsvField& f : *header) out += (out.empty() ? "" : ", ") + f.text;
  return "columns: " + out;
}

// A new table's column from a `tableColumn` entry: name `column` (else `columnName`), type
// `dataType` with `precision` (default TEXT), key `isKey`, read from field `col_num_in_file`
// (else `number`, else its position).
std::optional<std::pair<TableColumnDef, std::size_t>> new_column(const json& item, const Loc& loc,
                                                                 std::size_t position, Errors& e) {
  KeyTracker::note_model(loc, item);
  auto number = read_int(item, loc, "number", Need::kNullable, e);
  auto column_name = read_string(item, loc, "columnName", Need::kNullable, e);
  read_string_list(item, loc, "columnValues", Need::kNullable, e);
  read_string(item, loc, "charNumber", Need::kNullable, e);
  read_string(item, loc, "charColumnName", Need::kNullable, e);
  auto column = read_string(item, loc, "column", Need::kNullable, e);
  auto data_type = read_string(item, loc, "dataType", Need::kNullable, e);
  auto is_key = read_bool(item, loc, "isKey", Need::kNullable, e);
  auto col_num = read_int(item, loc, "col_num_in_file", Need::kNullable, e);
  auto precision = read_int_list(item, loc, "precision", Need::kNullable, e);
  if (!e.empty()) return std::nullopt;
  TableColumnDef def;
  def.name = column && !column->empty() ? *column : column_name.value_or("");
  std::string type = data_type && !data_type->empty() ? *data_type : "TEXT";
  for (auto& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (precision && !precision->empty()) {
    type += "(";
    for (std::size_t i = 0; i < precision->size(); ++i) {
      type += (i ? "," : "") + std::to_string((*precision)[i]);
    }
    type += ")";
  }
  def.type = type;
  def.is_pk = is_key.value_or(false);
  std::int64_t source = col_num.value_or(0) > 0 ? *col_num : number.value_or(0);
  if (source <= 0) source = static_cast<std::int64_t>(position + 1);
  return std::make_pair(def, static_cast<std::size_t>(source - 1));
}

}  // namespace

Reply import_into_table(Ctx& ctx, const std::string& table_config,
                        const std::vector<const FormPart*>& parts) {
  try {
    ParsedJson parsed = parse_json_text(table_config, request_json_depth_limit());
    if (!parsed.ok || !parsed.value.is_object()) {
      return bad_argument(ctx, "table_config: not a JSON object");
    }
    const json& cfg = parsed.value;
    const Loc loc{"table_config"};
    Errors e;
    auto new_table = read_bool(cfg, loc, "new_table", Need::kRequired, e);
    auto database_id = read_int_id(cfg, loc, "database_id", Need::kRequired, e);
    auto table_id = read_int_id(cfg, loc, "table_id", Need::kNullable, e);
    const std::vector<std::string> conn_ids = read_list_of_ids(cfg, "conn_file_ids", e, loc);
    auto create = read_model(cfg, loc, "create_table", Need::kNullable, e);
    auto layout = read_layout(cfg, loc, e);
    const std::int64_t conflict = read_int(cfg, loc, "conflict", Need::kNullable, e).value_or(0);
    auto mappings = read_dict_list(cfg, loc, "existed_table", Need::kNullable, e);
    auto opts = read_model(cfg, loc, "existed_table_opts", Need::kNullable, e);
    std::string method;
    if (opts) {
      method = read_string(*opts, at(loc, "existed_table_opts"), "method", Need::kNullable, e)
                   .value_or("");
    }
    if (!e.empty() || !layout) return bad_argument(ctx, errors_line(e));
    if (conflict < 0 || conflict > 2) {
      return bad_argument(ctx, "table_config.conflict: 0 (fail), 1 (skip) or 2 (replace)");
    }
    if (method != "" && method != "append" && method != "overwrite") {
      return bad_argument(ctx,
                          "table_config.existed_table_opts.method: \"append\", \"overwrite\" "
                          "or \"\" (append), not \"" +
                              method + "\"");
    }
    if (ctx.state.databases.count(*database_id) == 0) {
      return root_not_found(
          ctx, "table_config.database_id: database " + std::to_string(*database_id) + " not found");
    }
    // The files: staged ones first, then the request's file parts.
    struct Source {
      std::string id;  // conn_file_id, or the part's file name
      std::string name;
      CsvFile csv;
    };
    std::vector<Source> sources;
    for (std::size_t i = 0; i < conn_ids.size(); ++i) {
      auto it = ctx.state.staged_files.find(conn_ids[i]);
      if (it == ctx.state.staged_files.end()) {
        return root_not_found(ctx, "table_config.conn_file_ids[" + std::to_string(i) +
                                       "]: staged file " + conn_ids[i] + " not found");
      }
      auto bytes = ctx.blobs.get(it->second.blob);
      if (!bytes) return root_not_found(ctx, "staged file " + conn_ids[i] + " not found");
      sources.push_back(
          {conn_ids[i], it->second.name, parse_csv(*bytes, ',', '"', it->second.name)});
    }
    for (const FormPart* part : parts) {
      const std::string name = part->filename.empty() ? "file" : part->filename;
      sources.push_back({name, name, parse_csv(part->content, ',', '"', name)});
    }
    if (sources.empty()) {
      return bad_argument(ctx,
                          "table_config.conn_file_ids: no file to import (name staged files "
                          "or send file parts)");
    }
    const CsvFile& first = sources.front().csv;
    const std::vector<CsvField>* header = layout->header && *layout->header < first.records.size()
                                              ? &first.records[*layout->header]
                                              : nullptr;
    const std::size_t width = first.records.empty() ? 0 : first.records[0].size();
    TableMeta table;
    std::vector<ColumnSource> plan_sources;
    if (*new_table) {
      if (!create) {
        return bad_argument(ctx, "table_config.create_table: required when new_table is true");
      }
      const Loc create_loc = at(loc, "create_table");
      auto name = read_string(*create, create_loc, "name", Need::kRequired, e);
      auto description = read_string(*create, create_loc, "description", Need::kNullable, e);
      auto columns = read_dict_list(*create, create_loc, "tableColumn", Need::kRequired, e);
      if (!e.empty()) return bad_argument(ctx, errors_line(e));
      if (columns->size() > TableStore::kMaxColumns) {
        return bad_argument(ctx, "table_config.create_table.tableColumn: more than " +
                                     std::to_string(TableStore::kMaxColumns) + " columns");
      }
      for (std::size_t i = 0; i < columns->size(); ++i) {
        auto column =
            new_column((*columns)[i], at(at(create_loc, "tableColumn"), static_cast<int>(i)), i, e);
        if (!column) return bad_argument(ctx, errors_line(e));
        if (column->second >= width) {
          return bad_argument(ctx, "table_config.create_table.tableColumn[" + std::to_string(i) +
                                       "].col_num_in_file: " + std::to_string(column->second + 1) +
                                       " is past the file's " + std::to_string(width) + " columns");
        }
        plan_sources.push_back({column->first.name, column->second});
        table.columns.push_back(std::move(column->first));
      }
      try {
        TableStore::check_definition(*name, table.columns);
      } catch (const TableInputError& error) {
        return bad_argument(ctx, "table_config.create_table." + std::string(error.what()));
      }
      if (ctx.tables.table_by_name(*database_id, *name)) {
        return bad_argument(ctx, "table_config.create_table.name: a table named \"" + *name +
                                     "\" exists in database " + std::to_string(*database_id));
      }
      table.database_id = *database_id;
      table.name = *name;
      table.comment = description.value_or("");
      table.creator = ctx.settings.user_name;
      table.created_at = ctx.new_created_at();
      table.id = ctx.tables.create_table(table);
    } else {
      if (!table_id) {
        return bad_argument(ctx, "table_config.table_id: required when new_table is false");
      }
      auto found = ctx.tables.table(*table_id);
      if (!found || found->database_id != *database_id) {
        return root_not_found(ctx, "table_config.table_id: table " + std::to_string(*table_id) +
                                       " not found in database " + std::to_string(*database_id));
      }
      table = std::move(*found);
      if (mappings && !mappings->empty()) {
        for (std::size_t i = 0; i < mappings->size(); ++i) {
          const Loc m_loc = at(at(loc, "existed_table"), static_cast<int>(i));
          const std::string field = "table_config.existed_table[" + std::to_string(i) + "]";
          KeyTracker::note_model(m_loc, (*mappings)[i]);
          auto target = read_string((*mappings)[i], m_loc, "tableColumn", Need::kRequired, e);
          auto column = read_string((*mappings)[i], m_loc, "column", Need::kNullable, e);
          auto col_num = read_int((*mappings)[i], m_loc, "col_num_in_file", Need::kNullable, e);
          if (!e.empty()) return bad_argument(ctx, errors_line(e));
          bool known = false;
          for (const TableColumnDef& c : table.columns) known |= c.name == *target;
          if (!known) {
            return bad_argument(ctx, field + ".tableColumn: table \"" + table.name +
                                         "\" has no column \"" + *target + "\"");
          }
          if (col_num.value_or(0) > 0) {
            if (static_cast<std::size_t>(*col_num) > width) {
              return bad_argument(ctx, field + ".col_num_in_file: " + std::to_string(*col_num) +
                                           " is past the file's " + std::to_string(width) +
                                           " columns");
            }
            plan_sources.push_back({*target, static_cast<std::size_t>(*col_num - 1)});
            continue;
          }
          const std::string from = column.value_or("");
          if (from.empty() || from == "NULL") {
            plan_sources.push_back({*target, std::nullopt});
            continue;
          }
          auto index = header_index(header, from);
          if (!index) {
            return bad_argument(ctx, field + ".column: \"" + from +
                                         "\" names no column of the "
                                         "file (" +
                                         header_list(header) + ")");
          }
          plan_sources.push_back({*target, *index});
        }
      } else {
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
          if (header) {
            auto index = header_index(header, table.columns[c].name);
            if (index) plan_sources.push_back({table.columns[c].name, *index});
          } else if (c < width) {
            plan_sources.push_back({table.columns[c].name, c});
          }
        }
        if (plan_sources.empty()) {
          return bad_argument(ctx,
                              "table_config.existed_table: no file column matches a column "
                              "of table \"" +
                                  table.name + "\" (" + header_list(header) + "); send a mapping");
        }
      }
      if (method == "overwrite") ctx.tables.truncate(table);
    }
    ImportPlan plan;
    plan.sources = plan_sources;
    plan.first_record = static_cast<std::int64_t>(layout->first);
    plan.conflict = static_cast<TableStore::Conflict>(conflict);
    std::int64_t lines = 0;
    json results = json::array();
    LoadTask task;
    for (const Source& source : sources) {
      const std::int64_t n = import_records(ctx.tables, table, source.csv, plan, source.name);
      lines += n;
      results.push_back(json{
          {"success", true}, {"file_id", source.id}, {"message", std::to_string(n) + " rows"}});
      task.source_files.push_back(source.name);
    }
    task.id = ctx.new_numeric_id();
    task.creator = ctx.settings.user_name;
    task.created_at = ctx.new_created_at();
    task.table_id = table.id;
    task.lines = lines;
    const std::string task_id = task.id;
    ctx.state.load_tasks[task.id] = std::move(task);
    ctx.changed = true;
    return root_ok(ctx, json{{"success", true},
                             {"file_id", sources.front().id},
                             {"task_id", task_id},
                             {"table_id", table.id},
                             {"message", "imported " + std::to_string(lines) + " rows into table " +
                                             table.name},
                             {"results", std::move(results)}});
  } catch (const TableInputError& error) {
    return bad_argument(ctx, error.what());
  } catch (const TableStoreError& error) {
    return error_root(500, "INTERNAL_ERROR", error.what(), ctx.request_id);
  }
}

json table_task_json(const Ctx& ctx, const LoadTask& task) {
  json ids = json::array();
  json names = json::array();
  if (auto table = ctx.tables.table(task.table_id)) {
    const auto db = ctx.state.databases.find(table->database_id);
    if (db != ctx.state.databases.end()) {
      const auto cat = ctx.state.catalogs.find(db->second.catalog_id);
      if (cat != ctx.state.catalogs.end()) {
        ids.push_back(std::to_string(cat->first));
        names.push_back(cat->second.name);
      }
      ids.push_back(std::to_string(db->first));
      names.push_back(db->second.name);
    }
    ids.push_back(std::to_string(table->id));
    names.push_back(table->name);
  }
  json sources = json::array();
  for (const std::string& name : task.source_files) sources.push_back(json::array({name}));
  const std::int64_t at_s = unix_seconds(task.created_at);
  return json{{"id", task.id},
              {"source_connector_id", 0},
              {"source_connector_type", 0},
              {"volume_id", ""},
              {"volume_name", ""},
              {"name", ""},
              {"status", 4},
              {"creator", task.creator},
              {"source_config",
               {{"common_file_task_config",
                 {{"uris", task.source_files},
                  {"load_mode_config", {{"load_interval_type", 4}, {"interval", 0}}}}}}},
              {"start_at", at_s},
              {"end_at", at_s},
              {"created_at", at_s},
              {"updated_at", at_s},
              {"table_path", {{"id_list", std::move(ids)}, {"name_list", std::move(names)}}},
              {"source_files", std::move(sources)},
              {"load_results", json::array({{{"lines", task.lines}, {"reason", ""}}})}};
}

}  // namespace moi::emulator::detail
