// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: the schemas of the catalog-table models (moi/model/table.hpp), as model/schema.hpp
// holds the others. Keys follow the official Go SDK's types (the calls are SDK-only).

#include <tuple>

#include "model/codec.hpp"
#include "moi/model/table.hpp"

namespace moi::model_codec {

template <>
struct Schema<TableColumn> {
  using T = TableColumn;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name, kRequired), field("type", &T::type, kRequired),
      field("is_pk", &T::is_pk), field("default", &T::default_), field("comment", &T::comment));
};

template <>
struct Schema<CreateTableRequest> {
  using T = CreateTableRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("database_id", &T::database_id, kRequired),
                      field("name", &T::name, kRequired), field("columns", &T::columns, kRequired),
                      field("comment", &T::comment));
};

template <>
struct Schema<TableRef> {
  using T = TableRef;
  static constexpr auto kFields = std::make_tuple(field<IdSignedNumeric>("id", &T::id, kRequired),
                                                  field("table_name", &T::table_name),
                                                  field<IdNumeric>("database_id", &T::database_id));
};

template <>
struct Schema<TableColumnStats> {
  using T = TableColumnStats;
  static constexpr auto kFields =
      std::make_tuple(field("name", &T::name), field("type", &T::type),
                      field("max_value", &T::max_value), field("min_value", &T::min_value));
};

template <>
struct Schema<TableInfo> {
  using T = TableInfo;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name), field("lines", &T::lines), field("size", &T::size),
      field("columns", &T::columns, kDefaulted), field("stats", &T::stats, kDefaulted),
      field("create_sql", &T::create_sql), field("created_at", &T::created_at),
      field("created_by", &T::created_by), field("comment", &T::comment));
};

template <>
struct Schema<TableInfoMap> {
  using T = TableInfoMap;
  static constexpr auto kFields = std::make_tuple(field("info_map", &T::info_map, kDefaulted));
};

template <>
struct Schema<TableOverview> {
  using T = TableOverview;
  static constexpr auto kFields =
      std::make_tuple(field("db_name", &T::db_name), field("table_name", &T::table_name),
                      field("col_names", &T::col_names, kDefaulted));
};

template <>
struct Schema<TableDataRequest> {
  using T = TableDataRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdSignedNumeric>("id", &T::id, kRequired), field("name", &T::name),
                      field<IdNumeric>("database_id", &T::database_id), field("page", &T::page),
                      field("page_size", &T::page_size));
};

template <>
struct Schema<TableData> {
  using T = TableData;
  static constexpr auto kFields =
      std::make_tuple(field("columns", &T::columns, kDefaulted),
                      field("data", &T::data, kDefaulted), field("total_rows", &T::total_rows),
                      field("page", &T::page), field("page_size", &T::page_size));
};

template <>
struct Schema<TableLoadRequest> {
  using T = TableLoadRequest;
  static constexpr auto kFields = std::make_tuple(
      field<IdNumeric>("id", &T::id, kRequired), field("file_option", &T::file_option, kDefaulted),
      field("table_option", &T::table_option, kDefaulted));
};

template <>
struct Schema<TableLoadResult> {
  using T = TableLoadResult;
  static constexpr auto kFields = std::make_tuple(field("lines", &T::lines));
};

template <>
struct Schema<TableFullPath> {
  using T = TableFullPath;
  static constexpr auto kFields = std::make_tuple(field<IdText>("id_list", &T::id_list, kDefaulted),
                                                  field("name_list", &T::name_list, kDefaulted));
};

template <>
struct Schema<TableReference> {
  using T = TableReference;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("table_id", &T::table_id), field("table_name", &T::table_name),
                      field("ref_type", &T::ref_type), field<IdText>("ref_id", &T::ref_id));
};

// ---- Upload staging and imports (PLATFORM-NOTES 2.2-2.3: the Go SDK's keys) ---------------

template <>
struct Schema<PreviewCsvOptions> {
  using T = PreviewCsvOptions;
  static constexpr auto kFields = std::make_tuple(field("separator", &T::separator, kDefaulted),
                                                  field("delimiter", &T::delimiter, kDefaulted),
                                                  field("isEscape", &T::is_escape, kDefaulted));
};

template <>
struct Schema<PreviewStagedRequest> {
  using T = PreviewStagedRequest;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("conn_file_id", &T::conn_file_id, kDefaulted),
      field<IdNumeric>("connector_id", &T::connector_id, kDefaulted),
      field("uri", &T::uri, kDefaulted), field("isColumnName", &T::is_column_name, kDefaulted),
      field("columnNameRow", &T::column_name_row, kDefaulted), field("rowStart", &T::row_start),
      field("csv", &T::csv), field("file_type", &T::file_type));
};

template <>
struct Schema<StagedColumn> {
  using T = StagedColumn;
  static constexpr auto kFields = std::make_tuple(
      field("number", &T::number), field("columnName", &T::column_name),
      field("columnValues", &T::column_values, kDefaulted), field("charNumber", &T::char_number),
      field("charColumnName", &T::char_column_name));
};

template <>
struct Schema<StagedFilePreview> {
  using T = StagedFilePreview;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("conn_file_id", &T::conn_file_id),
                      field("rows", &T::rows, kDefaulted), field("file_type", &T::file_type));
};

template <>
struct Schema<StagedFiles> {
  using T = StagedFiles;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("conn_file_ids", &T::conn_file_ids, kDefaulted));
};

template <>
struct Schema<ImportTableColumn> {
  using T = ImportTableColumn;
  static constexpr auto kFields = std::make_tuple(
      field("number", &T::number, kDefaulted), field("columnName", &T::column_name, kDefaulted),
      field("columnValues", &T::column_values, kDefaulted),
      field("charNumber", &T::char_number, kDefaulted),
      field("charColumnName", &T::char_column_name, kDefaulted),
      field("column", &T::column, kDefaulted), field("dataType", &T::data_type, kDefaulted),
      field("isKey", &T::is_key, kDefaulted),
      field("col_num_in_file", &T::col_num_in_file, kDefaulted),
      field("precision", &T::precision, kDefaulted));
};

template <>
struct Schema<NewTableConfig> {
  using T = NewTableConfig;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name, kRequired), field("description", &T::description, kDefaulted),
      field("tableColumn", &T::table_column, kDefaulted));
};

template <>
struct Schema<ImportColumnMapping> {
  using T = ImportColumnMapping;
  static constexpr auto kFields = std::make_tuple(
      field("tableColumn", &T::table_column, kRequired), field("column", &T::column, kDefaulted),
      field("col_num_in_file", &T::col_num_in_file, kDefaulted));
};

template <>
struct Schema<ExistedTableOptions> {
  using T = ExistedTableOptions;
  static constexpr auto kFields = std::make_tuple(field("method", &T::method, kDefaulted));
};

template <>
struct Schema<TableImportConfig> {
  using T = TableImportConfig;
  static constexpr auto kFields =
      std::make_tuple(field("new_table", &T::new_table, kDefaulted),
                      field<IdNumeric>("database_id", &T::database_id, kRequired),
                      field<IdNumeric>("table_id", &T::table_id),
                      field<IdText>("conn_file_ids", &T::conn_file_ids, kDefaulted),
                      field("create_table", &T::create_table),
                      field("isColumnName", &T::is_column_name, kDefaulted),
                      field("columnNameRow", &T::column_name_row, kDefaulted),
                      field("rowStart", &T::row_start), field("conflict", &T::conflict, kDefaulted),
                      field("existed_table", &T::existed_table, kOmitEmpty),
                      field("existed_table_opts", &T::existed_table_opts));
};

}  // namespace moi::model_codec
