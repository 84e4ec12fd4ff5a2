// SPDX-License-Identifier: Apache-2.0
// table actions (TB1-TB11 at the host root): create, get, list, exists, data, download,
// truncate, delete.
#include <sys/stat.h>

#include <chrono>
#include <climits>
#include <cstdlib>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/tables.hpp"
#include "safety.hpp"
#include "usage_error.hpp"

namespace moi::cli {

namespace {

constexpr std::int64_t kMaxInt = INT_MAX;

// Rows of a TableData page as objects keyed by column name.
Json row_objects(const TableData& page) {
  Json rows = Json::array();
  for (const Json& row : page.data) {
    Json object = Json::object();
    for (std::size_t i = 0; i < page.columns.size(); ++i) {
      object[page.columns[i].name] = row.is_array() && i < row.size() ? row[i] : Json();
    }
    rows.push_back(std::move(object));
  }
  return rows;
}

Table row_table(const std::vector<TableColumn>& columns, const Json& rows) {
  Table t;
  for (const TableColumn& c : columns) t.headers.push_back(c.name);
  for (const Json& row : rows) {
    std::vector<std::string> cells;
    for (const TableColumn& c : columns) {
      const Json& v = row.contains(c.name) ? row[c.name] : Json();
      cells.push_back(v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump());
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

}  // namespace

Result table_create(const Invocation& inv) {
  const auto request = decode_body<CreateTableRequest>(*inv.json);
  return {Json{{"id", inv.client.tables().create_table(request, inv.call)}}};
}

Result table_get(const Invocation& inv) {
  return {inv.client.tables().get_table(inv.id, inv.call)};
}

Result table_list(const Invocation& inv) {
  const auto children = inv.client.catalog().database_children(inv.id, inv.call);
  Result result;
  result.data = Json::array();
  result.table = Table{{"ID", "NAME", "DESCRIPTION"}, {}};
  for (const CatalogNode& node : children) {
    if (node.type.value_or("") != "table") continue;
    result.data.push_back(Json{{"id", node.id.value_or("")},
                               {"name", node.name.value_or("")},
                               {"description", node.description.value_or("")}});
    result.table->rows.push_back(
        {node.id.value_or(""), node.name.value_or(""), node.description.value_or("")});
  }
  return result;
}

Result table_exists(const Invocation& inv) {
  // The SDK's call takes the two fields: no other key can be sent.
  FlagBody body(inv.json);
  body.only({"database_id", "name"});
  body.put("database_id", inv.id.empty() ? std::nullopt : std::optional<std::string>(inv.id),
           "DATABASE_ID")
      .put("name", inv.option("NAME"), "NAME");
  const std::string database_id = body.json()["database_id"].is_number()
                                      ? body.json()["database_id"].dump()
                                      : body.text("database_id");
  return {Json(inv.client.tables().table_exists(database_id, body.text("name"), inv.call))};
}

Result table_data(const Invocation& inv) {
  const auto page_number = inv.integer("--page", 1, kMaxInt);
  const auto page_size = inv.integer("--page-size", 1, 10000);
  FlagBody body(inv.json);
  if (page_number) body.set("page", std::optional<Json>(*page_number));
  if (page_size) body.set("page_size", std::optional<Json>(*page_size));
  const auto request =
      body.put("id", inv.id.empty() ? std::nullopt : std::optional<std::string>(inv.id), "TABLE_ID")
          .request<TableDataRequest>();
  if (inv.all) {
    if (body.has("page")) throw UsageError("--page and --all exclude each other");
    Result result;
    Json rows = Json::array();
    for (const TableRow& row : table_rows(inv.client.tables(), request.id,
                                          request.page_size.value_or(kDefaultPageSize), inv.call)) {
      if (inv.stream_item) {
        inv.stream_item(row.to_object());
      } else {
        rows.push_back(row.to_object());
      }
    }
    if (inv.stream_item) {
      result.streamed = true;
    } else {
      result.data = std::move(rows);
    }
    return result;
  }
  const TableData page = inv.client.tables().get_rows(request, inv.call);
  Json rows = row_objects(page);
  Table table = row_table(page.columns, rows);
  return {Json{{"columns", Json(page.columns)},
               {"rows", std::move(rows)},
               {"total_rows", page.total_rows ? Json(*page.total_rows) : Json()},
               {"page", page.page ? Json(*page.page) : Json()},
               {"page_size", page.page_size ? Json(*page.page_size) : Json()}},
          std::move(table)};
}

// The longest --max-time of a download: 30 days.
constexpr double kMaxDownloadSeconds = 30.0 * 24 * 3600;

Result table_download(const Invocation& inv) {
  const auto out = inv.option("--out");
  if (!out || out->empty()) throw UsageError("table download needs --out FILE");
  DownloadTableOptions options;
  options.overwrite = inv.flag("--force");
  // Named in the CLI's terms here; download_table() checks again (a file appearing meanwhile).
  struct stat existing {};
  if (!options.overwrite && ::lstat(out->c_str(), &existing) == 0) {
    throw UsageError("'" + *out + "' exists: not replaced (give --force to replace it)");
  }
  options.sync = inv.flag("--sync");
  options.call = inv.call;
  options.max_bytes =
      static_cast<std::uint64_t>(inv.integer("--max-bytes", 1, INT64_MAX).value_or(0));
  if (const auto max_time = inv.option("--max-time")) {
    const std::string problem = check_seconds(*max_time, kMaxDownloadSeconds);
    if (!problem.empty()) throw UsageError("--max-time " + problem);
    const auto deadline =
        std::chrono::steady_clock::now() +
        seconds_to_ms(std::strtod(max_time->c_str(), nullptr), kMaxDownloadSeconds);
    if (!options.call.deadline || deadline < *options.call.deadline) {
      options.call.deadline = deadline;
    }
  }
  // An existing FILE (without --force) or FILE.part is an InvalidArgumentError: exit 2, nothing
  // sent.
  const std::uint64_t bytes = download_table(inv.client.tables(), inv.id, *out, options);
  return {Json{{"table_id", inv.id}, {"path", *out}, {"bytes", bytes}}};
}

Result table_truncate(const Invocation& inv) {
  inv.client.tables().truncate_table(inv.id, inv.call);
  return {};
}

Result table_delete(const Invocation& inv) {
  inv.client.tables().delete_table(inv.id, inv.call);
  return {};
}

}  // namespace moi::cli
