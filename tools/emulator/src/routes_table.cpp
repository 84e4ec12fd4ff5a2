// SPDX-License-Identifier: Apache-2.0
// TB1-TB13 (/catalog/table/*, PLATFORM-NOTES §2.1) over the SQLite table store, and TB14, the
// signed link TB8 hands out. Table records and rows live in the store (table_store.hpp), not
// in the JSON state: a handler's store changes commit with the request (Service::handle).
#include <limits>

#include "hmac.hpp"
#include "routes.hpp"
#include "table_import.hpp"
#include "table_store.hpp"

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
  std::optional<TableMeta> table = *id == -1 ? ctx.tables.table_by_name(*database_id, *name)
                                             : ctx.tables.table(*id);
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

// The whole table as CSV: a header row of column names, then the rows, CRLF-free ("\n").
std::string table_csv(const Ctx& ctx, const TableMeta& table) {
  std::string out;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i != 0) out += ',';
    append_csv_field(out, json(table.columns[i].name));
  }
  out += '\n';
  ctx.tables.each_row(table, [&out](const std::vector<json>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i != 0) out += ',';
      append_csv_field(out, row[i]);
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
      return bad_argument(ctx, "columns: " + std::to_string(it->size()) +
                                   " columns, more than " +
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
  for (auto& row : ctx.tables.rows(*table, page_offset(page, page_size), page_size)) {
    rows.push_back(json(std::move(row)));
  }
  return root_ok(ctx, json{{"columns", columns_json(*table)},
                           {"data", std::move(rows)},
                           {"total_rows", ctx.tables.row_count(table->id)},
                           {"page", page},
                           {"page_size", page_size}});
}

Reply table_link(Ctx& ctx) {
  Reply error;
  auto table = table_of_body(ctx, error);
  if (!table) return error;
  if (ctx.state.link_secret.empty()) {
    ctx.state.link_secret = random_hex(32);
    ctx.changed = true;
  }
  const std::string key = "table/" + std::to_string(table->id);
  const std::string expires = std::to_string(unix_seconds(ctx.now) + kDownloadLinkSeconds);
  const std::string url = ctx.base_url + "/emulator/tables/" + std::to_string(table->id) + "/" +
                          url_encode(table->name + ".csv") + "?expires=" + expires +
                          "&token=" + download_token(ctx, key, expires);
  return root_ok(ctx, json{{"url", url}});
}

Reply table_csv_body(Ctx& ctx) {
  Reply error;
  auto table = table_of_body(ctx, error);
  if (!table) return error;
  return csv_reply(table_csv(ctx, *table));
}

Reply fetch_table_csv(Ctx& ctx) {
  const auto id = to_int64(ctx.args.at(0));
  const auto expires = query_string(ctx.query, "expires");
  const auto token = query_string(ctx.query, "token");
  const bool digits = expires && !expires->empty() && expires->size() <= 18 &&
                      expires->find_first_not_of("0123456789") == std::string::npos;
  if (!id || !token || !digits || ctx.state.link_secret.empty() ||
      !equal_in_constant_time(*token,
                              download_token(ctx, "table/" + std::to_string(*id), *expires))) {
    return error_root(403, "PERMISSION_DENIED", "missing or invalid download token",
                      ctx.request_id);
  }
  if (unix_seconds(ctx.now) > std::stoll(*expires)) {
    return error_root(403, "PERMISSION_DENIED", "download link expired: ask for a new one",
                      ctx.request_id);
  }
  auto table = ctx.tables.table(*id);
  if (!table) return root_not_found(ctx, table_text(*id) + " not found");
  return csv_reply(table_csv(ctx, *table));
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
    conflict = read_int(*table_option, table_loc, "conflict_policy", Need::kNullable, e).value_or(0);
    options = read_dict_list(*table_option, table_loc, "column_load_options", Need::kNullable, e)
                  .value_or(options);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (separator.size() != 1 || quote.size() != 1 || separator == quote ||
      separator == "\n" || separator == "\r") {
    return bad_argument(ctx, "file_option.csv_config: separator and quote must be two different "
                             "single characters");
  }
  if (conflict < 0 || conflict > 2) {
    return bad_argument(ctx, "table_option.conflict_policy: 0 (fail), 1 (skip) or 2 (replace)");
  }
  if (start_row < 1) return bad_argument(ctx, "file_option.start_row: at least 1");
  // ".../emulator/files/<file id>/<name>?...": the file id.
  const std::string marker = "/emulator/files/";
  const auto at_marker = url->find(marker);
  const std::string rest = at_marker == std::string::npos ? "" : url->substr(at_marker + marker.size());
  const std::string file_id = rest.substr(0, rest.find('/'));
  auto stored = ctx.state.files.find(file_id);
  if (file_id.empty() || stored == ctx.state.files.end() ||
      !is_catalog_file(stored->second, ctx.now)) {
    return bad_argument(ctx, "file_option.data_file_url: not a download link of a file of this "
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

}  // namespace moi::emulator::detail
