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
#include "moi/model/enums.hpp"
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

// ---- Upload staging and imports into tables (PLATFORM-NOTES 2.2-2.3; SDK-only) -------------

/// `csv` of a staged-file preview: how the file is split. Keys as the official Go SDK sends
/// them (`delimiter` is the quote character there, not the separator).
struct PreviewCsvOptions {
  std::string separator = ",";     ///< Field separator.
  std::string delimiter = "\"";    ///< The quote character.
  bool is_escape = true;           ///< Quotes are escaped by doubling (key `isEscape`).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(PreviewCsvOptions);

/// Body of `POST /connectors/file/preview`: the columns of a staged file (or of a connector's
/// file: `connector_id` and `uri`). Keys mix camelCase and snake_case exactly as the service
/// takes them (`isColumnName`, `columnNameRow`, `rowStart`, `conn_file_id`, `file_type`).
struct PreviewStagedRequest {
  std::string conn_file_id{};        ///< The staged file (FileClient::stage()).
  std::string connector_id = "0";    ///< 0: a local staged file (sent as a JSON integer).
  std::string uri{};                 ///< A file inside the connector (connector previews).
  bool is_column_name = true;        ///< The file has a header row (`isColumnName`).
  std::int64_t column_name_row = 1;  ///< 1-based row of the header (`columnNameRow`).
  /// First data row, 1-based (`rowStart`); not sent when unset (the row after the header).
  std::optional<std::int64_t> row_start{};
  std::optional<PreviewCsvOptions> csv{};  ///< Not sent when unset (comma, double quote).
  std::optional<FileType> file_type{};     ///< Not sent when unset (the service detects it).
  Json extra{};                            ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};          ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(PreviewStagedRequest);

/// One column of a staged file's preview (`rows[]`: each entry describes a column, not a
/// row): its number, header, spreadsheet letter and sample values. Its five members open an
/// ImportTableColumn (to_import_column()).
struct StagedColumn {
  std::optional<std::int64_t> number{};           ///< 1-based column number.
  std::optional<std::string> column_name{};       ///< Header text (`columnName`).
  std::vector<std::string> column_values{};       ///< Sample values (`columnValues`).
  std::optional<std::string> char_number{};       ///< "A", "B", ... (`charNumber`).
  std::optional<std::string> char_column_name{};  ///< Shown name (`charColumnName`).
  Json extra{};                                   ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(StagedColumn);

/// `data` of `POST /connectors/file/preview`.
struct StagedFilePreview {
  std::optional<std::string> conn_file_id{};  ///< The staged file.
  std::vector<StagedColumn> rows{};           ///< One entry per COLUMN of the file.
  std::optional<FileType> file_type{};        ///< The type the service read the file as.
  Json extra{};                               ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};             ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(StagedFilePreview);

/// `data` of `POST /connectors/file/upload`: the staged files' ids, in the order sent.
struct StagedFiles {
  std::vector<std::string> conn_file_ids{};  ///< One per file.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(StagedFiles);

/// A column of a NEW table in an import (`table_config.create_table.tableColumn[]`). The first
/// five members come from the preview (StagedColumn); `column` names the table's column,
/// `data_type` its type (e.g. "int", "varchar", "text"), `col_num_in_file` the file column
/// (1-based) it is read from. Every key is sent, as the official Go SDK does.
struct ImportTableColumn {
  std::int64_t number = 0;                   ///< 1-based column number in the file.
  std::string column_name{};                 ///< File header text (`columnName`).
  std::vector<std::string> column_values{};  ///< Sample values (`columnValues`).
  std::string char_number{};                 ///< "A", "B", ... (`charNumber`).
  std::string char_column_name{};            ///< Shown name (`charColumnName`).
  std::string column{};                      ///< The table column's name.
  std::string data_type{};                   ///< Its type (`dataType`), e.g. "int", "text".
  bool is_key = false;                       ///< Part of the primary key (`isKey`).
  std::int64_t col_num_in_file = 0;          ///< 1-based file column it is read from.
  std::vector<std::int64_t> precision{};     ///< Length, or precision and scale.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ImportTableColumn);

/// The ImportTableColumn a preview column opens: its five preview members copied, `column` the
/// header (or the letter when there is none), `col_num_in_file` its number, @p data_type.
MOI_EXPORT ImportTableColumn to_import_column(const StagedColumn& preview,
                                              const std::string& data_type = "text");

/// `table_config.create_table`: the new table.
struct NewTableConfig {
  std::string name{};                             ///< Table name (required).
  std::string description{};                      ///< Free text.
  std::vector<ImportTableColumn> table_column{};  ///< Its columns (`tableColumn`), at least one.
  Json extra{};                                   ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(NewTableConfig);

/// One entry of `table_config.existed_table`: where an existing table's column is read from.
struct ImportColumnMapping {
  std::string table_column{};  ///< The table's column (`tableColumn`).
  /// The file's column by header name, or "NULL" / "" for no value (key `column`).
  std::string column{};
  std::int64_t col_num_in_file = 0;  ///< 1-based file column; 0: by `column`'s name.
  Json extra{};                      ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};    ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ImportColumnMapping);

/// `table_config.existed_table_opts`: `method` "append", "overwrite" or "" (append). Always
/// sent, as the official Go SDK does (`{"method": ""}` when unset).
struct ExistedTableOptions {
  std::string method{};            ///< "append", "overwrite" or "" (append).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ExistedTableOptions);

/// The `table_config` part of `POST /connectors/upload` (UploadRequest::table_config): import
/// files into a new table (`new_table`, `create_table`) or an existing one (`table_id`, with
/// an optional column mapping and append/overwrite). Keys as the official Go SDK sends them:
/// every key except `table_id`, `create_table` and `rowStart` (each sent when set) and an empty
/// `existed_table`.
struct TableImportConfig {
  bool new_table = false;                    ///< true: create the table; false: an existing one.
  std::string database_id{};                 ///< The database (sent as a JSON integer; required).
  std::optional<std::string> table_id{};     ///< The existing table (required when !new_table).
  std::vector<std::string> conn_file_ids{};  ///< Staged files to import.
  std::optional<NewTableConfig> create_table{};  ///< The new table (required when new_table).
  bool is_column_name = true;                    ///< The files have a header row (`isColumnName`).
  std::int64_t column_name_row = 1;              ///< 1-based header row (`columnNameRow`).
  /// 1-based first data row (`rowStart`); not sent when unset (the row after the header, or
  /// the first row without one).
  std::optional<std::int64_t> row_start{};
  ImportConflict conflict = ImportConflict::kFail;   ///< Rows whose key the table holds.
  std::vector<ImportColumnMapping> existed_table{};  ///< Mapping (existing table; may be empty).
  ExistedTableOptions existed_table_opts{};          ///< Append or overwrite (existing table).
  Json extra{};                                      ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableImportConfig);

}  // namespace moi
