// SPDX-License-Identifier: Apache-2.0
#include "moi/table_client.hpp"

#include <string_view>
#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"
#include "moi/model/catalog.hpp"
#include "moi_internal/ascii.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

// `{"id": <table id>}`, the id a JSON integer as the service types it.
Json table_id_body(const std::string& table_id) {
  detail::require_non_empty("table id", table_id);
  TableRef ref;
  ref.id = table_id;
  return Json(ref);
}

void check_ref(const TableRef& table) {
  detail::require_non_empty("table id", table.id);
  if (table.id == kTableIdInSubscribedDatabase &&
      (!table.table_name || table.table_name->empty() || !table.database_id ||
       table.database_id->empty())) {
    throw InvalidArgumentError(
        "a table with id -1 (a subscribed database's table) needs table_name and database_id");
  }
}

// download_data streams a 2xx answer that is not JSON; a JSON one is an envelope (an error,
// or a success without the CSV, which run_stream reports).
bool is_csv_answer(const HttpResponse& head) {
  if (head.status < 200 || head.status > 299) return false;
  const std::string type = head.header("content-type");
  constexpr std::string_view kJson = "application/json";
  return !detail::iequals(std::string_view(type).substr(0, kJson.size()), kJson);
}

// A JSON array of models (null: none), each element's DecodeError prefixed with its index and
// then with @p path.
template <class T>
std::vector<T> decode_list(const Json& value, const std::string& path) {
  std::vector<T> items;
  if (value.is_null()) return items;
  if (!value.is_array()) {
    throw DecodeError(path, "expected an array, got " + std::string(value.type_name()));
  }
  items.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    try {
      from_json(value[i], items.emplace_back());
    } catch (const DecodeError& error) {
      throw error.with_prefix(path + "[" + std::to_string(i) + "]");
    }
  }
  return items;
}

// The array at key @p key of the object @p data (absent or null: none).
template <class T>
std::vector<T> decode_member_list(const Json& data, const char* key) {
  if (!data.is_object()) return {};
  const auto found = data.find(key);
  if (found == data.end()) return {};
  return decode_list<T>(*found, key);
}

}  // namespace

TableClient::TableClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

std::string TableClient::create_table(const CreateTableRequest& request,
                                      const CallOptions& options) const {
  detail::require_non_empty("database_id", request.database_id);
  detail::require_non_empty("table name", request.name);
  if (request.columns.empty()) throw InvalidArgumentError("a table needs at least one column");
  for (const TableColumn& column : request.columns) {
    detail::require_non_empty("column name", column.name);
    detail::require_non_empty("type of column '" + column.name + "'", column.type);
  }
  auto call = make_call(ep::kTB1CreateTable);
  call.body = Json(request);
  return runner_->run_as<IdBody>(call, options).id;
}

TableInfo TableClient::get_table(const std::string& table_id, const CallOptions& options) const {
  auto call = make_call(ep::kTB2GetTable);
  call.body = table_id_body(table_id);
  return runner_->run_as<TableInfo>(call, options);
}

TableInfo TableClient::get_table(const TableRef& table, const CallOptions& options) const {
  check_ref(table);
  auto call = make_call(ep::kTB2GetTable);
  call.body = Json(table);
  return runner_->run_as<TableInfo>(call, options);
}

std::map<std::string, TableInfo> TableClient::get_tables(const std::vector<TableRef>& tables,
                                                         const CallOptions& options) const {
  if (tables.empty()) throw InvalidArgumentError("get_tables needs at least one table");
  for (const TableRef& table : tables) check_ref(table);
  auto call = make_call(ep::kTB3GetTables);
  call.body = Json{{"table_list", tables}};
  return runner_->run_as<TableInfoMap>(call, options).info_map;
}

std::vector<TableOverview> TableClient::overview(const CallOptions& options) const {
  auto call = make_call(ep::kTB4TableOverview);
  call.body = Json::object();
  std::vector<TableOverview> tables;
  // `data` is a bare array (null when there is no table).
  runner_->run(call, options,
               [&tables](const Json& data) { tables = decode_list<TableOverview>(data, ""); });
  return tables;
}

bool TableClient::table_exists(const std::string& database_id, const std::string& name,
                               const CallOptions& options) const {
  detail::require_non_empty("database_id", database_id);
  detail::require_non_empty("table name", name);
  CreateTableRequest key;  // its database_id codec: a JSON integer, as the service types it
  key.database_id = database_id;
  auto call = make_call(ep::kTB5TableExists);
  call.body = Json{{"database_id", Json(key)["database_id"]}, {"name", name}};
  bool exists = false;
  // `data` is a bare boolean.
  runner_->run(call, options, [&exists](const Json& data) {
    if (!data.is_boolean()) {
      throw DecodeError("", "expected a boolean, got " + std::string(data.type_name()));
    }
    exists = data.get<bool>();
  });
  return exists;
}

TableData TableClient::get_rows(const TableDataRequest& request, const CallOptions& options) const {
  detail::require_non_empty("table id", request.id);
  auto call = make_call(ep::kTB6TableRows);
  call.body = Json(request);
  return runner_->run_as<TableData>(call, options);
}

TableLoadResult TableClient::load_table(const TableLoadRequest& request,
                                        const CallOptions& options) const {
  detail::require_non_empty("table id", request.id);
  auto call = make_call(ep::kTB7LoadTable);
  call.body = Json(request);
  return runner_->run_as<TableLoadResult>(call, options);
}

std::string TableClient::download_link(const std::string& table_id,
                                       const CallOptions& options) const {
  auto call = make_call(ep::kTB8TableLink);
  call.body = table_id_body(table_id);
  std::string url;
  runner_->run(call, options, [&url](const Json& data) {
    const auto found = data.is_object() ? data.find("url") : data.end();
    if (!data.is_object() || found == data.end() || !found->is_string()) {
      throw DecodeError("url", "missing required member (a string)");
    }
    url = found->get<std::string>();
  });
  return url;
}

void TableClient::download_data(const std::string& table_id, const BodySink& sink,
                                const CallOptions& options) const {
  if (!sink) throw InvalidArgumentError("download_data needs a sink");
  auto call = make_call(ep::kTB9TableCsv);
  call.body = table_id_body(table_id);
  runner_->run_stream(call, options, is_csv_answer, sink);
}

void TableClient::truncate_table(const std::string& table_id, const CallOptions& options) const {
  auto call = make_call(ep::kTB10TruncateTable);
  call.body = table_id_body(table_id);
  runner_->run_void(call, options);
}

void TableClient::delete_table(const std::string& table_id, const CallOptions& options) const {
  auto call = make_call(ep::kTB11DeleteTable);
  call.body = table_id_body(table_id);
  runner_->run_void(call, options);
}

std::vector<TableFullPath> TableClient::full_path(const std::vector<std::string>& table_ids,
                                                  const CallOptions& options) const {
  if (table_ids.empty()) throw InvalidArgumentError("full_path needs at least one table id");
  Json ids = Json::array();
  for (const std::string& id : table_ids) ids.push_back(table_id_body(id)["id"]);
  auto call = make_call(ep::kTB12TableFullPath);
  call.body = Json{{"table_id_list", std::move(ids)}};
  std::vector<TableFullPath> paths;
  runner_->run(call, options, [&paths](const Json& data) {
    paths = decode_member_list<TableFullPath>(data, "table_full_path");
  });
  return paths;
}

std::vector<TableReference> TableClient::ref_list(const std::string& table_id,
                                                  const CallOptions& options) const {
  auto call = make_call(ep::kTB13TableRefList);
  call.body = table_id_body(table_id);
  std::vector<TableReference> refs;
  runner_->run(call, options, [&refs](const Json& data) {
    refs = decode_member_list<TableReference>(data, "list");
  });
  return refs;
}

}  // namespace moi
