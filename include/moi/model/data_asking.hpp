// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Models of data asking (`/byoa/api/v1/data_asking/analyze|cancel`, a stream of server-sent
/// events), NL2SQL (`/catalog/nl2sql/run_sql`) and the business knowledge the asking agent
/// reads (`/catalog/nl2sql_knowledge/*`). Wire facts: PLATFORM-NOTES section 4.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/common.hpp"

namespace moi {

// ---- Data asking: the request ----

/// `config.data_source.tables`: which tables the question may read.
struct DataAskingTables {
  std::string type{"specified"};  ///< all (give database_id), none, specified (table_list).
  std::string db_name{};          ///< Required by the service: the database's name.
  std::optional<std::int64_t> database_id{};             ///< The database (type all).
  std::optional<std::vector<std::string>> table_list{};  ///< Table names (type specified).
  Json extra{};                                          ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                        ///< Internal; never set it.
};
MOI_MODEL_JSON(DataAskingTables);

/// `config.data_source.files`: which catalog files the question may read (RAG).
struct DataAskingFiles {
  std::string type{"none"};                                ///< all, none or specified.
  std::optional<std::int64_t> database_id{};               ///< The database of the files.
  std::optional<std::vector<std::string>> file_id_list{};  ///< File ids (type specified).
  Json extra{};                                            ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                          ///< Internal; never set it.
};
MOI_MODEL_JSON(DataAskingFiles);

/// `config.data_source`.
struct DataAskingSource {
  std::string type{"specified"};             ///< all or specified.
  std::optional<DataAskingTables> tables{};  ///< The tables.
  std::optional<DataAskingFiles> files{};    ///< The files.
  Json extra{};                              ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};            ///< Internal; never set it.
};
MOI_MODEL_JSON(DataAskingSource);

/// `config.data_scope`.
struct DataAskingScope {
  std::string type{"all"};                  ///< all or specified.
  std::optional<std::int64_t> code_type{};  ///< 0 company, 1 business unit.
  std::optional<Json> code_group{};         ///< `[{code, name, values [str]}]`, as sent.
  Json extra{};                             ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};           ///< Internal; never set it.
};
MOI_MODEL_JSON(DataAskingScope);

/// `config.context_config`: how much business knowledge the agent is given (both keys are
/// sent whenever the object is).
struct DataAskingContext {
  std::int64_t max_knowledge_items = 20;          ///< Knowledge rules injected.
  std::int64_t max_knowledge_value_length = 100;  ///< Longest value of one.
  Json extra{};                                   ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                 ///< Internal; never set it.
};
MOI_MODEL_JSON(DataAskingContext);

/// `config`, the data-analysis configuration (in practice required: without a data source the
/// service answers that it found no related data).
struct DataAnalysisConfig {
  std::optional<std::string> mcp_server_url{};        ///< An MCP server for the agent.
  std::optional<std::string> data_object_type{};      ///< default, audit_related.
  std::optional<std::string> data_category{};         ///< admin, common.
  std::optional<Json> filter_conditions{};            ///< `{type: all | non_inter_data}`.
  std::optional<DataAskingSource> data_source{};      ///< Tables and files to read.
  std::optional<DataAskingScope> data_scope{};        ///< The scope.
  std::optional<DataAskingContext> context_config{};  ///< Knowledge injected.
  /// Server default true: false is sent only when set.
  std::optional<bool> enable_recommended_questions{};
  std::optional<double> recommended_questions_timeout_seconds{};  ///< Server default 2.0.
  Json extra{};                                                   ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                                 ///< Internal; never set it.
};
MOI_MODEL_JSON(DataAnalysisConfig);

/// The body of `POST /data_asking/analyze`.
struct AnalyzeRequest {
  std::string question{};                      ///< Required, not blank.
  std::optional<std::string> source{};         ///< e.g. "rag".
  std::optional<std::string> session_id{};     ///< A conversation id (UUID strings in tests).
  std::optional<std::string> session_name{};   ///< Its name.
  std::optional<DataAnalysisConfig> config{};  ///< What to read.
  Json extra{};                                ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};              ///< Internal; never set it.
};
MOI_MODEL_JSON(AnalyzeRequest);

// ---- Data asking: the events ----

/// What an event of the analyze stream is.
enum class DataAskingEventKind {
  kInit,            ///< The first event: request_id, session_title.
  kClassification,  ///< The question's type: question_type, confidence, reason.
  kDecomposition,   ///< An attribution question split into parts.
  kStepStart,       ///< A step began.
  kStepComplete,    ///< A step ended.
  kStep,            ///< An NL2SQL step event (step_type, step_name; SQL or its result).
  kChunks,          ///< Retrieved chunks (RAG).
  kAnswerChunk,     ///< A piece of the answer text.
  kComplete,        ///< The end of the analysis.
  kError,           ///< The analysis failed: error_message.
  kUnknown,         ///< Any other event, or a payload that is not a JSON object: kept raw.
};

/// The name of @p kind ("init", "classification", ..., "unknown").
MOI_EXPORT const char* to_string(DataAskingEventKind kind);

/// One event of the analyze stream, decoded: its kind, the fields every event may carry, the
/// typed fields of the known kinds, and always the event as received (raw), so that an event
/// type the SDK does not know never breaks a reader.
struct DataAskingEvent {
  DataAskingEventKind kind = DataAskingEventKind::kUnknown;  ///< What it is.
  /// The `event:` field, else the object's `type`, else its `step_type` ("" when none).
  std::string type{};
  std::optional<std::string> source{};     ///< rag, nl2sql, ...
  std::optional<std::string> step_type{};  ///< init, sql_generation, sql_execution, insight, ...
  std::optional<std::string> step_name{};  ///< A free label of an NL2SQL step.
  Json data{};                             ///< The object's `data` member (null when absent).
  Json object{};      ///< The whole JSON payload (null when the payload is not JSON).
  std::string raw{};  ///< The `data:` payload as received (bytes as sent).

  // Typed fields of the known kinds (nullopt when the event does not carry them).
  std::optional<std::string> request_id{};     ///< init: what cancel() needs.
  std::optional<std::string> session_title{};  ///< init.
  std::optional<std::string> question_type{};  ///< classification: query, attribution.
  std::optional<double> confidence{};          ///< classification.
  std::optional<std::string> reason{};         ///< classification.
  /// answer_chunk and insight: the answer text it adds; agent_reasoning: its message.
  std::optional<std::string> text{};
  std::optional<std::string> sql{};  ///< A step that generated or ran SQL: the statement.
  /// A step that ran SQL: its columns, when the event carries them.
  std::optional<std::vector<std::string>> columns{};
  std::optional<std::vector<std::vector<Json>>> rows{};  ///< ... and its rows.
  std::optional<std::string> error_message{};            ///< error: what failed.
};

/// Decodes one event of the analyze stream from its `event:` name (may be empty) and its
/// `data:` payload. Never throws for bad input: a payload that is not a JSON object (not
/// JSON, invalid UTF-8, a NUL byte) is an event of kind kUnknown with only type and raw set;
/// an init without a request id has request_id nullopt.
MOI_EXPORT DataAskingEvent decode_data_asking_event(std::string event_name, std::string payload);

/// The answer of `POST /data_asking/cancel`.
struct DataAskingCancelResult {
  std::optional<std::string> request_id{};  ///< The analysis.
  std::optional<std::string> status{};      ///< "cancelled".
  std::optional<std::string> user_id{};     ///< Who cancelled.
  std::optional<std::string> user_name{};   ///< Their name.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(DataAskingCancelResult);

// ---- NL2SQL ----

/// One database's tables (`table_names` of RunSqlRequest).
struct SqlTableNames {
  std::string db_name{};                   ///< The database's name.
  std::vector<std::string> table_names{};  ///< Its tables.
  Json extra{};                            ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};          ///< Internal; never set it.
};
MOI_MODEL_JSON(SqlTableNames);

/// The body of `POST /catalog/nl2sql/run_sql`. Only the members set are sent.
struct RunSqlRequest {
  /// run_sql, show_databases, show_table, desc_table, show_create_table, select_3.
  std::string operation{};
  std::optional<std::string> statement{};              ///< run_sql: one SELECT, names `db`.`table`.
  std::optional<std::vector<std::string>> db_names{};  ///< show_table.
  std::optional<std::vector<SqlTableNames>> table_names{};  ///< desc_table, ...
  Json extra{};                                             ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                           ///< Internal; never set it.
};
MOI_MODEL_JSON(RunSqlRequest);

/// A column of a SQL result: the service sends names; an object `{name, type, ...}` is read
/// too (its other keys kept in extra).
struct SqlColumn {
  std::string name{};                 ///< The column's name.
  std::optional<std::string> type{};  ///< Its type, when the service sends one.
  Json extra{};                       ///< Other keys of an object column.
};

/// One result of run_sql (one per statement or table). Cells are JSON values as sent
/// (strings in the service's answers; null and numbers are accepted).
struct SqlResult {
  std::vector<SqlColumn> columns{};       ///< The columns, in order.
  std::vector<std::vector<Json>> rows{};  ///< The rows, each a cell per column.
  Json extra{};                           ///< Unknown keys (null or an object).
};
MOI_MODEL_JSON(SqlResult);

/// The answer of run_sql.
struct RunSqlResult {
  std::vector<SqlResult> results{};  ///< One per statement or table.
  Json extra{};                      ///< Unknown keys (null or an object).
};
MOI_MODEL_JSON(RunSqlResult);

// ---- Business knowledge ----

/// The body of knowledge create and update (the request keys carry the `knowledge_` prefix).
struct KnowledgeRequest {
  std::optional<std::string> knowledge_type{};                 ///< The kind of rule.
  std::optional<std::string> knowledge_key{};                  ///< Its key.
  std::optional<std::vector<std::string>> knowledge_value{};   ///< Its values.
  std::optional<std::vector<double>> embedding{};              ///< An embedding.
  std::optional<std::vector<std::string>> associate_tables{};  ///< Tables it is about.
  std::optional<std::string> explanation_type{};               ///< How it explains.
  Json extra{};                                                ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                              ///< Internal; never set it.
};
MOI_MODEL_JSON(KnowledgeRequest);

/// A stored knowledge entry (the answer keys have no `knowledge_` prefix).
struct Knowledge {
  std::optional<std::int64_t> id{};                 ///< Its id.
  std::optional<std::string> type{};                ///< knowledge_type.
  std::optional<std::string> key{};                 ///< knowledge_key.
  std::optional<std::vector<std::string>> value{};  ///< knowledge_value.
  std::optional<std::vector<double>> embedding{};   ///< The embedding.
  std::optional<Json> meta{};                       ///< Free-form.
  std::optional<std::string> created_at{};          ///< As sent.
  std::optional<std::string> updated_at{};          ///< As sent.
  Json extra{};                                     ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(Knowledge);

/// A page of knowledge (list and search).
struct KnowledgeList {
  std::vector<Knowledge> list{};        ///< This page (empty when absent or null).
  std::optional<std::int64_t> total{};  ///< Matches in all pages.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(KnowledgeList);

/// The body of knowledge list (only the members set are sent).
struct ListKnowledgeRequest {
  std::optional<std::string> knowledge_type{};  ///< Only this type.
  std::optional<std::int64_t> page_number{};    ///< 1-based.
  std::optional<std::int64_t> page_size{};      ///< Entries per page.
  Json extra{};                                 ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};               ///< Internal; never set it.
};
MOI_MODEL_JSON(ListKnowledgeRequest);

/// The body of knowledge search (only the members set are sent).
struct SearchKnowledgeRequest {
  std::optional<std::string> knowledge_type{};  ///< Only this type.
  std::optional<std::string> knowledge_key{};   ///< The key searched for.
  std::optional<std::int64_t> page_number{};    ///< 1-based.
  std::optional<std::int64_t> page_size{};      ///< Entries per page.
  Json extra{};                                 ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};               ///< Internal; never set it.
};
MOI_MODEL_JSON(SearchKnowledgeRequest);

}  // namespace moi
