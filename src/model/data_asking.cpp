// SPDX-License-Identifier: Apache-2.0
// Codecs of the data-asking, NL2SQL and knowledge models, and the decoding of one event of
// the analyze stream.
#include "moi/model/data_asking.hpp"

#include <utility>

#include "model/codec.hpp"
#include "model/schema.hpp"
#include "moi_internal/bounded_json.hpp"

namespace moi {

MOI_MODEL_CODEC(DataAskingTables);
MOI_MODEL_CODEC(DataAskingFiles);
MOI_MODEL_CODEC(DataAskingSource);
MOI_MODEL_CODEC(DataAskingScope);
MOI_MODEL_CODEC(DataAskingContext);
MOI_MODEL_CODEC(DataAnalysisConfig);
MOI_MODEL_CODEC(AnalyzeRequest);
MOI_MODEL_CODEC(DataAskingCancelResult);
MOI_MODEL_CODEC(SqlTableNames);
MOI_MODEL_CODEC(RunSqlRequest);
MOI_MODEL_CODEC(KnowledgeRequest);
MOI_MODEL_CODEC(Knowledge);
MOI_MODEL_CODEC(KnowledgeList);
MOI_MODEL_CODEC(ListKnowledgeRequest);
MOI_MODEL_CODEC(SearchKnowledgeRequest);

// ---- SQL results: columns may be names or objects; cells are any JSON value ----

void to_json(Json& j, const SqlResult& v) {
  j = v.extra.is_object() ? v.extra : Json::object();
  Json columns = Json::array();
  for (const SqlColumn& column : v.columns) {
    if (!column.type && !column.extra.is_object()) {
      columns.push_back(column.name);
      continue;
    }
    Json object = column.extra.is_object() ? column.extra : Json::object();
    object["name"] = column.name;
    if (column.type) object["type"] = *column.type;
    columns.push_back(std::move(object));
  }
  j["columns"] = std::move(columns);
  Json rows = Json::array();
  for (const auto& row : v.rows) rows.push_back(Json(row));
  j["rows"] = std::move(rows);
}

void from_json(const Json& j, SqlResult& v) {
  if (!j.is_object())
    throw DecodeError("", "expected an object, got " + std::string(j.type_name()));
  v = SqlResult{};
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "columns" || it.key() == "rows") continue;
    if (!v.extra.is_object()) v.extra = Json::object();
    v.extra[it.key()] = it.value();
  }
  const auto columns = j.find("columns");
  if (columns != j.end() && !columns->is_null()) {
    if (!columns->is_array()) {
      throw DecodeError("columns", "expected an array, got " + std::string(columns->type_name()));
    }
    for (std::size_t i = 0; i < columns->size(); ++i) {
      const Json& item = (*columns)[i];
      const std::string where = "columns[" + std::to_string(i) + "]";
      SqlColumn column;
      if (item.is_string()) {
        column.name = item.get<std::string>();
      } else if (item.is_object()) {
        for (auto field = item.begin(); field != item.end(); ++field) {
          if (field.key() == "name" && field.value().is_string()) {
            column.name = field.value().get<std::string>();
          } else if (field.key() == "type" && field.value().is_string()) {
            column.type = field.value().get<std::string>();
          } else {
            if (!column.extra.is_object()) column.extra = Json::object();
            column.extra[field.key()] = field.value();
          }
        }
      } else {
        throw DecodeError(where,
                          "expected a name or an object, got " + std::string(item.type_name()));
      }
      v.columns.push_back(std::move(column));
    }
  }
  const auto rows = j.find("rows");
  if (rows != j.end() && !rows->is_null()) {
    if (!rows->is_array()) {
      throw DecodeError("rows", "expected an array, got " + std::string(rows->type_name()));
    }
    v.rows.reserve(rows->size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const Json& row = (*rows)[i];
      if (!row.is_array()) {
        throw DecodeError("rows[" + std::to_string(i) + "]",
                          "expected an array, got " + std::string(row.type_name()));
      }
      v.rows.emplace_back(row.begin(), row.end());
    }
  }
}

void to_json(Json& j, const RunSqlResult& v) {
  j = v.extra.is_object() ? v.extra : Json::object();
  Json results = Json::array();
  for (const SqlResult& result : v.results) results.push_back(Json(result));
  j["results"] = std::move(results);
}

void from_json(const Json& j, RunSqlResult& v) {
  if (!j.is_object())
    throw DecodeError("", "expected an object, got " + std::string(j.type_name()));
  v = RunSqlResult{};
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "results") continue;
    if (!v.extra.is_object()) v.extra = Json::object();
    v.extra[it.key()] = it.value();
  }
  const auto results = j.find("results");
  if (results == j.end() || results->is_null()) return;
  if (!results->is_array()) {
    throw DecodeError("results", "expected an array, got " + std::string(results->type_name()));
  }
  for (std::size_t i = 0; i < results->size(); ++i) {
    try {
      from_json((*results)[i], v.results.emplace_back());
    } catch (const DecodeError& error) {
      throw error.with_prefix("results[" + std::to_string(i) + "]");
    }
  }
}

// ---- Events ----

const char* to_string(DataAskingEventKind kind) {
  switch (kind) {
    case DataAskingEventKind::kInit:
      return "init";
    case DataAskingEventKind::kClassification:
      return "classification";
    case DataAskingEventKind::kDecomposition:
      return "decomposition";
    case DataAskingEventKind::kStepStart:
      return "step_start";
    case DataAskingEventKind::kStepComplete:
      return "step_complete";
    case DataAskingEventKind::kStep:
      return "step";
    case DataAskingEventKind::kChunks:
      return "chunks";
    case DataAskingEventKind::kAnswerChunk:
      return "answer_chunk";
    case DataAskingEventKind::kComplete:
      return "complete";
    case DataAskingEventKind::kError:
      return "error";
    case DataAskingEventKind::kUnknown:
      break;
  }
  return "unknown";
}

namespace {

std::optional<std::string> string_at(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The first of @p keys that holds a string, in @p data, else in @p object.
std::optional<std::string> first_string(const Json& data, const Json& object,
                                        std::initializer_list<const char*> keys) {
  for (const Json* scope : {&data, &object}) {
    for (const char* key : keys) {
      if (auto found = string_at(*scope, key)) return found;
    }
  }
  return std::nullopt;
}

DataAskingEventKind kind_of(const std::string& type, const std::optional<std::string>& step_type) {
  static const std::pair<const char*, DataAskingEventKind> kNames[] = {
      {"init", DataAskingEventKind::kInit},
      {"classification", DataAskingEventKind::kClassification},
      {"decomposition", DataAskingEventKind::kDecomposition},
      {"step_start", DataAskingEventKind::kStepStart},
      {"step_complete", DataAskingEventKind::kStepComplete},
      {"chunks", DataAskingEventKind::kChunks},
      {"answer_chunk", DataAskingEventKind::kAnswerChunk},
      {"complete", DataAskingEventKind::kComplete},
      {"error", DataAskingEventKind::kError},
  };
  for (const auto& [name, kind] : kNames) {
    if (type == name) return kind;
  }
  if (step_type && *step_type == "init") return DataAskingEventKind::kInit;
  if (step_type && !step_type->empty()) return DataAskingEventKind::kStep;
  return DataAskingEventKind::kUnknown;
}

// The text of an insight's blocks: [{text: {content}}], concatenated.
std::optional<std::string> blocks_text(const Json& data) {
  if (!data.is_object()) return std::nullopt;
  const auto blocks = data.find("blocks");
  if (blocks == data.end() || !blocks->is_array()) return std::nullopt;
  std::string text;
  bool any = false;
  for (const Json& block : *blocks) {
    if (!block.is_object()) continue;
    const auto inner = block.find("text");
    if (inner == block.end()) continue;
    if (auto content = string_at(*inner, "content")) {
      text += *content;
      any = true;
    }
  }
  if (!any) return std::nullopt;
  return text;
}

// Columns and rows of a step that ran SQL: in data directly, or in its first result.
void read_rows(const Json& data, DataAskingEvent& event) {
  if (!data.is_object()) return;
  const Json* scope = &data;
  for (const char* key : {"result", "results"}) {
    const auto it = data.find(key);
    if (it == data.end()) continue;
    if (it->is_object()) scope = &*it;
    if (it->is_array() && !it->empty() && it->front().is_object()) scope = &it->front();
  }
  const auto columns = scope->find("columns");
  const auto rows = scope->find("rows");
  if (columns == scope->end() || rows == scope->end() || !columns->is_array() ||
      !rows->is_array()) {
    return;
  }
  try {
    SqlResult result;
    from_json(*scope, result);
    std::vector<std::string> names;
    for (const SqlColumn& column : result.columns) names.push_back(column.name);
    event.columns = std::move(names);
    event.rows = std::move(result.rows);
  } catch (const DecodeError&) {
    // Not the shape of a result: the event keeps it in data.
  }
}

}  // namespace

DataAskingEvent decode_data_asking_event(std::string event_name, std::string payload) {
  DataAskingEvent event;
  event.raw = std::move(payload);
  detail::BoundedJson parsed = detail::parse_json_bounded(event.raw);
  if (parsed.ok() && parsed.value.is_object()) event.object = std::move(parsed.value);
  const Json& object = event.object;
  event.source = string_at(object, "source");
  event.step_type = string_at(object, "step_type");
  event.step_name = string_at(object, "step_name");
  if (object.is_object()) {
    const auto data = object.find("data");
    if (data != object.end()) event.data = *data;
  }
  // The `event:` name wins over the object's type (as both official SDKs do).
  if (!event_name.empty()) {
    event.type = std::move(event_name);
  } else if (auto type = string_at(object, "type")) {
    event.type = *type;
  } else if (event.step_type) {
    event.type = *event.step_type;
  }
  if (!object.is_object()) {
    event.kind = DataAskingEventKind::kUnknown;  // not JSON (or not an object): raw only
    return event;
  }
  event.kind = kind_of(event.type, event.step_type);
  const Json& data = event.data;
  switch (event.kind) {
    case DataAskingEventKind::kInit:
      event.request_id = first_string(data, object, {"request_id"});
      if (event.request_id && event.request_id->empty()) event.request_id.reset();
      event.session_title = first_string(data, object, {"session_title"});
      break;
    case DataAskingEventKind::kClassification:
      // The service's `type`; a test fixture of the Go SDK sends `category`.
      if (data.is_object()) event.question_type = first_string(data, Json(), {"type", "category"});
      event.reason = first_string(data, Json(), {"reason"});
      if (data.is_object() && data.contains("confidence") && data["confidence"].is_number()) {
        event.confidence = data["confidence"].get<double>();
      }
      break;
    case DataAskingEventKind::kAnswerChunk:
      event.text = first_string(data, object, {"content", "text", "answer", "chunk"});
      if (!event.text) event.text = blocks_text(data);
      break;
    case DataAskingEventKind::kError:
      event.error_message = first_string(data, object, {"message", "error", "msg", "detail"});
      if (!event.error_message) event.error_message = event.raw;
      break;
    case DataAskingEventKind::kStep:
    case DataAskingEventKind::kStepStart:
    case DataAskingEventKind::kStepComplete:
      if (event.step_type && *event.step_type == "insight") {
        event.text = blocks_text(data);
      } else if (event.step_type && *event.step_type == "agent_reasoning") {
        event.text = first_string(data, Json(), {"message"});
      }
      event.sql = first_string(data, Json(), {"sql", "statement", "generated_sql"});
      read_rows(data, event);
      break;
    default:
      break;
  }
  return event;
}

}  // namespace moi
