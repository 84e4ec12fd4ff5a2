// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Catalog tables (`/catalog/table/...` at the host root): create, inspect, page rows,
/// load, download, truncate and drop.
///
/// None of these calls is in the documents: their shape follows the official Go SDK's request
/// and answer types (SDK-only). Conventions (keys kept in `extra`, optional members, wire
/// fidelity, DecodeError paths, thread-safety) are described in moi/model/common.hpp. Table
/// and database ids are text in the SDK and JSON integers on the wire; a table of a subscribed
/// database has no id of its own (`"-1"`) and is named by database id and table name instead.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/common.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// The table id the service gives a table of a subscribed database (it has none of its own).
inline constexpr const char* kTableIdInSubscribedDatabase = "-1";

/// One column of a table (create, info, data).
struct TableColumn {
  std::string name{};                     ///< Column name (required).
  std::string type{};                     ///< SQL type text, e.g. "INT", "VARCHAR(32)" (required).
  std::optional<bool> is_pk{};            ///< Part of the primary key.
  std::optional<std::string> default_{};  ///< Default value as SQL text (key `default`).
  std::optional<std::string> comment{};   ///< Free text.
  Json extra{};                           ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};         ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableColumn);

/// Body of `/catalog/table/create`.
struct CreateTableRequest {
  std::string database_id{};             ///< The database (sent as a JSON integer).
  std::string name{};                    ///< Table name (required).
  std::vector<TableColumn> columns{};    ///< At least one column.
  std::optional<std::string> comment{};  ///< Free text.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateTableRequest);

/// Names one table: by id, or (a table of a subscribed database, id "-1") by database id and
/// table name. The body of `/catalog/table/info` and an entry of `multi_info`.
struct TableRef {
  std::string id{};                          ///< Table id (a JSON integer; "-1": see above).
  std::optional<std::string> table_name{};   ///< Table name (subscribed tables).
  std::optional<std::string> database_id{};  ///< Its database (subscribed tables).
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableRef);

/// Column statistics of `/catalog/table/info`.
struct TableColumnStats {
  std::optional<std::string> name{};       ///< Column name.
  std::optional<std::string> type{};       ///< SQL type text.
  std::optional<std::string> max_value{};  ///< Largest value, as text.
  std::optional<std::string> min_value{};  ///< Smallest value, as text.
  Json extra{};                            ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};          ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableColumnStats);

/// `data` of `/catalog/table/info` (it carries no id) and a value of `multi_info`.
struct TableInfo {
  std::optional<std::string> name{};        ///< Table name.
  std::optional<std::int64_t> lines{};      ///< Rows.
  std::optional<std::int64_t> size{};       ///< Bytes.
  std::vector<TableColumn> columns{};       ///< Columns; empty when absent or null.
  std::vector<TableColumnStats> stats{};    ///< Per-column statistics; empty when absent.
  std::optional<std::string> create_sql{};  ///< The CREATE TABLE statement.
  Timestamp created_at{};                   ///< As sent.
  std::optional<std::string> created_by{};  ///< User name.
  std::optional<std::string> comment{};     ///< Free text.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableInfo);

/// `data` of `/catalog/table/multi_info`: keyed `"<database id> <table name>"`; tables the
/// service does not know are simply absent.
struct TableInfoMap {
  std::map<std::string, TableInfo> info_map{};  ///< Found tables.
  Json extra{};                                 ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};               ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableInfoMap);

/// One entry of `/catalog/table/overview` (a bare array): every table the key can see.
struct TableOverview {
  std::optional<std::string> db_name{};     ///< Database name.
  std::optional<std::string> table_name{};  ///< Table name.
  std::vector<std::string> col_names{};     ///< Column names.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableOverview);

/// Body of `/catalog/table/data`: one page of rows. The service takes page <= 0 as 1 and
/// page_size <= 0 as 100.
struct TableDataRequest {
  std::string id{};                          ///< Table id (a JSON integer).
  std::optional<std::string> name{};         ///< Table name (subscribed tables).
  std::optional<std::string> database_id{};  ///< Its database (subscribed tables).
  std::optional<std::int64_t> page{};        ///< 1-based page.
  std::optional<std::int64_t> page_size{};   ///< Rows per page.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableDataRequest);

/// `data` of `/catalog/table/data`: rows of JSON values (any type), in column order.
struct TableData {
  std::vector<TableColumn> columns{};        ///< The columns, in row order.
  std::vector<Json> data{};                  ///< Rows: each a JSON array of cell values.
  std::optional<std::int64_t> total_rows{};  ///< Rows in the table.
  std::optional<std::int64_t> page{};        ///< Echoed page.
  std::optional<std::int64_t> page_size{};   ///< Echoed page size.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableData);

/// Body of `/catalog/table/load`: loads a data file (by URL) into an existing table. The
/// values of `type`, `data_from` and `conflict_policy` are undocumented: passed through.
struct TableLoadRequest {
  std::string id{};     ///< Table id (a JSON integer).
  Json file_option{};   ///< `{data_file_url, type, start_row, csv_config{...}}`, as sent.
  Json table_option{};  ///< `{conflict_policy, column_load_options[...]}`, as sent.
  Json extra{};         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableLoadRequest);

/// `data` of `/catalog/table/load`.
struct TableLoadResult {
  std::optional<std::int64_t> lines{};  ///< Rows loaded.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableLoadResult);

/// `data` of `/catalog/table/full_path`: one path per id asked for.
struct TableFullPath {
  std::vector<std::string> id_list{};    ///< Catalog, database, table ids.
  std::vector<std::string> name_list{};  ///< Their names.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableFullPath);

/// One entry of `/catalog/table/ref_list`: an object referring to the table.
struct TableReference {
  std::optional<std::string> table_id{};    ///< The table.
  std::optional<std::string> table_name{};  ///< Its name.
  std::optional<std::string> ref_type{};    ///< Kind of referrer, as sent.
  std::optional<std::string> ref_id{};      ///< The referrer's id.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableReference);

}  // namespace moi
