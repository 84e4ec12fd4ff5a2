// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: the schemas of the data-asking, NL2SQL and knowledge models
// (moi/model/data_asking.hpp), in the form of model/schema.hpp (which includes this file).

#include <tuple>

#include "model/codec.hpp"
#include "moi/model/data_asking.hpp"

namespace moi::model_codec {

template <>
struct Schema<DataAskingTables> {
  using T = DataAskingTables;
  static constexpr auto kFields =
      std::make_tuple(field("type", &T::type), field("db_name", &T::db_name),
                      field("database_id", &T::database_id), field("table_list", &T::table_list));
};

template <>
struct Schema<DataAskingFiles> {
  using T = DataAskingFiles;
  static constexpr auto kFields =
      std::make_tuple(field("type", &T::type), field("database_id", &T::database_id),
                      field("file_id_list", &T::file_id_list));
};

template <>
struct Schema<DataAskingSource> {
  using T = DataAskingSource;
  static constexpr auto kFields = std::make_tuple(
      field("type", &T::type), field("tables", &T::tables), field("files", &T::files));
};

template <>
struct Schema<DataAskingScope> {
  using T = DataAskingScope;
  static constexpr auto kFields =
      std::make_tuple(field("type", &T::type), field("code_type", &T::code_type),
                      field("code_group", &T::code_group));
};

template <>
struct Schema<DataAskingContext> {
  using T = DataAskingContext;
  static constexpr auto kFields =
      std::make_tuple(field("max_knowledge_items", &T::max_knowledge_items),
                      field("max_knowledge_value_length", &T::max_knowledge_value_length));
};

template <>
struct Schema<DataAnalysisConfig> {
  using T = DataAnalysisConfig;
  static constexpr auto kFields = std::make_tuple(
      field("mcp_server_url", &T::mcp_server_url), field("data_object_type", &T::data_object_type),
      field("data_category", &T::data_category), field("filter_conditions", &T::filter_conditions),
      field("data_source", &T::data_source), field("data_scope", &T::data_scope),
      field("context_config", &T::context_config),
      field("enable_recommended_questions", &T::enable_recommended_questions),
      field("recommended_questions_timeout_seconds", &T::recommended_questions_timeout_seconds));
};

template <>
struct Schema<AnalyzeRequest> {
  using T = AnalyzeRequest;
  static constexpr auto kFields =
      std::make_tuple(field("question", &T::question, kRequired), field("source", &T::source),
                      field("session_id", &T::session_id), field("session_name", &T::session_name),
                      field("config", &T::config));
};

template <>
struct Schema<DataAskingCancelResult> {
  using T = DataAskingCancelResult;
  static constexpr auto kFields =
      std::make_tuple(field("request_id", &T::request_id), field("status", &T::status),
                      field("user_id", &T::user_id), field("user_name", &T::user_name));
};

template <>
struct Schema<SqlTableNames> {
  using T = SqlTableNames;
  static constexpr auto kFields = std::make_tuple(field("db_name", &T::db_name, kRequired),
                                                  field("table_names", &T::table_names));
};

template <>
struct Schema<RunSqlRequest> {
  using T = RunSqlRequest;
  static constexpr auto kFields = std::make_tuple(
      field("operation", &T::operation, kRequired), field("statement", &T::statement),
      field("db_names", &T::db_names), field("table_names", &T::table_names));
};

template <>
struct Schema<KnowledgeRequest> {
  using T = KnowledgeRequest;
  static constexpr auto kFields = std::make_tuple(
      field("knowledge_type", &T::knowledge_type), field("knowledge_key", &T::knowledge_key),
      field("knowledge_value", &T::knowledge_value), field("embedding", &T::embedding),
      field("associate_tables", &T::associate_tables),
      field("explanation_type", &T::explanation_type));
};

template <>
struct Schema<Knowledge> {
  using T = Knowledge;
  static constexpr auto kFields = std::make_tuple(
      field("id", &T::id), field("type", &T::type), field("key", &T::key),
      field("value", &T::value), field("embedding", &T::embedding), field("meta", &T::meta),
      field("created_at", &T::created_at), field("updated_at", &T::updated_at));
};

template <>
struct Schema<KnowledgeList> {
  using T = KnowledgeList;
  static constexpr auto kFields =
      std::make_tuple(field("list", &T::list, kDefaulted), field("total", &T::total));
};

template <>
struct Schema<ListKnowledgeRequest> {
  using T = ListKnowledgeRequest;
  static constexpr auto kFields =
      std::make_tuple(field("knowledge_type", &T::knowledge_type),
                      field("page_number", &T::page_number), field("page_size", &T::page_size));
};

template <>
struct Schema<SearchKnowledgeRequest> {
  using T = SearchKnowledgeRequest;
  static constexpr auto kFields = std::make_tuple(
      field("knowledge_type", &T::knowledge_type), field("knowledge_key", &T::knowledge_key),
      field("page_number", &T::page_number), field("page_size", &T::page_size));
};

}  // namespace moi::model_codec
