// SPDX-License-Identifier: Apache-2.0
// Ask the data (D1, D2, N1-N7): `moi ask` streams an analysis, one line per step and the
// answer text as it arrives (or one JSON line per event); `moi sql` runs NL2SQL's SQL and its
// show/describe operations; `moi knowledge` keeps the business rules the asking agent reads.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ostream>

#include "commands.hpp"
#include "json_input.hpp"
#include "safety.hpp"
#include "text_writer.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// A positive integer id (a database, a knowledge entry).
std::int64_t positive_id(const std::string& text, const std::string& name) {
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || value < 1) {
    throw UsageError(name + " must be a positive integer, got \"" + escape_controls(text) + "\"");
  }
  return static_cast<std::int64_t>(value);
}

// ---- moi ask ----

// The event as `--output jsonl` prints it: the JSON object received, with `type` from the
// `event:` field when the object has none; a payload that is not a JSON object is kept raw.
Json event_line(const DataAskingEvent& event) {
  if (!event.object.is_object()) return Json{{"type", event.type}, {"raw", event.raw}};
  Json out = event.object;
  if (!out.contains("type") && !event.type.empty()) out["type"] = event.type;
  return out;
}

// "1 row", "3 rows".
std::string rows_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

// One line for a step on a terminal ("" for the events shown otherwise).
std::string step_line(const DataAskingEvent& event) {
  const std::string tag = "[" + (event.type.empty() ? std::string("event") : event.type) + "]";
  switch (event.kind) {
    case DataAskingEventKind::kInit:
      return tag + " request " + event.request_id.value_or("(none)") +
             (event.session_title ? " - " + *event.session_title : std::string());
    case DataAskingEventKind::kClassification: {
      std::string line = tag + " " + event.question_type.value_or("?");
      if (event.confidence) {
        std::string confidence = std::to_string(*event.confidence);
        confidence.erase(confidence.find_last_not_of('0') + 1);
        if (!confidence.empty() && confidence.back() == '.') confidence.pop_back();
        line += " (confidence " + confidence + ")";
      }
      if (event.reason) line += ": " + *event.reason;
      return line;
    }
    case DataAskingEventKind::kStep:
    case DataAskingEventKind::kStepStart:
    case DataAskingEventKind::kStepComplete:
    case DataAskingEventKind::kDecomposition: {
      std::string line = tag;
      if (event.step_type && event.step_type != event.type) line += " " + *event.step_type;
      if (event.step_name) line += " \"" + *event.step_name + "\"";
      if (event.rows) {
        line += ": " + rows_text(event.rows->size());
        if (event.columns && !event.columns->empty()) {
          std::string names;
          for (const auto& c : *event.columns) names += (names.empty() ? "" : ", ") + c;
          line += " (" + names + ")";
        }
        if (event.rows->size() == 1 && event.columns && event.columns->size() == 1) {
          const Json& cell = event.rows->front().front();
          line += " = " + (cell.is_string() ? cell.get<std::string>() : cell.dump());
        }
      } else if (event.sql) {
        line += ": " + *event.sql;
      } else if (event.text) {
        line += ": " + *event.text;
      }
      return line;
    }
    case DataAskingEventKind::kChunks:
      return tag + " " + std::to_string(event.raw.size()) + " bytes";
    case DataAskingEventKind::kUnknown:
      return tag + " (an event type moi does not know, " + std::to_string(event.raw.size()) +
             " bytes)";
    default:
      return "";  // answer text, complete, error: shown otherwise
  }
}

}  // namespace

Result ask_question(const Invocation& inv) {
  if (blank(inv.id)) throw UsageError("QUESTION must not be empty");
  DataAnalysisConfig config;
  if (inv.json) config = decode_body<DataAnalysisConfig>(*inv.json);
  const std::vector<std::string> tables = inv.values("--table");
  if (const auto text = inv.option("--idle-timeout")) {
    const std::string problem = check_seconds(*text, kMaxRequestSeconds);
    if (!problem.empty()) throw UsageError("--idle-timeout: " + problem);
  }
  AnalyzeOptions analyze_options;
  if (const auto limit =
          inv.integer("--max-event-bytes", 1024, std::int64_t{1} << 40)) {  // 1 KiB to 1 TiB
    analyze_options.sse.max_event_bytes = static_cast<std::size_t>(*limit);
  }
  CallOptions call = inv.call;
  if (const auto text = inv.option("--idle-timeout")) {
    call.timeout = seconds_to_ms(std::strtod(text->c_str(), nullptr), kMaxRequestSeconds);
  }
  if (const auto database = inv.option("--database")) {
    const std::int64_t id = positive_id(*database, "--database");
    // The service needs the database's name (db_name): read it (C15).
    const DatabaseInfo info = inv.client.catalog().get_database(std::to_string(id), inv.call);
    if (!info.name || info.name->empty()) {
      throw DecodeError("data.name", "database " + std::to_string(id) + " has no name");
    }
    DataAskingTables chosen;
    chosen.db_name = *info.name;
    chosen.database_id = id;
    if (tables.empty()) {
      chosen.type = "all";
    } else {
      chosen.type = "specified";
      chosen.table_list = tables;
    }
    DataAskingSource source = config.data_source.value_or(DataAskingSource{});
    source.tables = chosen;
    config.data_source = source;
    if (!config.data_scope) config.data_scope = DataAskingScope{};
  } else if (!tables.empty()) {
    throw UsageError("--table needs --database");
  } else if (!config.data_source) {
    throw UsageError("--database is required (or give data_source in --json)");
  }
  AnalyzeRequest request;
  request.question = inv.id;
  request.config = config;
  if (const auto session = inv.option("--session")) request.session_id = *session;

  std::ostream& out = *inv.out;
  const bool jsonl = inv.output == "jsonl";
  TextWriter text(out);
  bool in_text = false;  // answer text was written and its line is not ended
  std::uint64_t events = 0;
  const auto on_event = [&](const DataAskingEvent& event) {
    ++events;
    if (jsonl) {
      out << format_json(event_line(event), true) << '\n' << std::flush;
      return;
    }
    if (event.kind == DataAskingEventKind::kAnswerChunk) {
      if (event.text) {
        text.add(*event.text);
        in_text = true;
      }
      return;
    }
    if (in_text) {
      text.finish();
      in_text = false;
    }
    const std::string line = step_line(event);
    if (!line.empty()) out << escape_controls(line) << '\n' << std::flush;
  };
  AnalyzeOutcome outcome;
  try {
    outcome = inv.client.data_asking().analyze(request, on_event, call, analyze_options);
  } catch (const TimeoutError&) {
    if (in_text) text.finish();
    throw;  // the idle timeout: exit 3
  } catch (const TransportError& error) {
    if (in_text) text.finish();
    if (events == 0) throw;  // no answer at all: exit 3
    // The stream was cut: a broken answer, exit 1.
    throw DecodeError("", std::string("the event stream was cut after ") + std::to_string(events) +
                              " event(s): " + error.what());
  } catch (...) {
    if (in_text) text.finish();  // the error line goes below the text received so far
    throw;
  }
  if (in_text) text.finish();
  if (outcome.error) {
    throw ServiceError("DATA_ASKING_ERROR", *outcome.error, 0, outcome.request_id.value_or(""));
  }
  return {};
}

// ---- moi sql ----

namespace {

// `db.table`, `` `db`.`table` `` (a backquote doubled inside stands for itself).
std::pair<std::string, std::string> qualified_name(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::string part;
    if (i < text.size() && text[i] == '`') {
      ++i;
      for (;;) {
        if (i >= text.size()) throw UsageError("--describe: a backquote is never closed");
        if (text[i] == '`') {
          if (i + 1 < text.size() && text[i + 1] == '`') {
            part += '`';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        part += text[i++];
      }
      if (i < text.size() && text[i] != '.') {
        throw UsageError("--describe: expected a dot after `" + escape_controls(part) + "`");
      }
    } else {
      const std::size_t dot = text.find('.', i);
      part = text.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
      i = dot == std::string::npos ? text.size() : dot;
    }
    parts.push_back(part);
    if (i >= text.size()) break;
    ++i;  // the dot
    if (parts.size() == 2) break;
  }
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty() || i < text.size()) {
    throw UsageError("--describe takes DATABASE.TABLE, got \"" + escape_controls(text) + "\"");
  }
  return {parts[0], parts[1]};
}

std::string cell_text(const Json& cell) {
  if (cell.is_null()) return "NULL";
  if (cell.is_string()) return cell.get<std::string>();
  return cell.dump();
}

}  // namespace

Result sql_run(const Invocation& inv) {
  const bool databases = inv.flag("--show-databases");
  const auto tables_of = inv.option("--show-tables");
  const auto describe = inv.option("--describe");
  const int chosen =
      (inv.id.empty() ? 0 : 1) + (databases ? 1 : 0) + (tables_of ? 1 : 0) + (describe ? 1 : 0);
  if (chosen != 1) {
    throw UsageError(chosen == 0
                         ? "give a STATEMENT, or one of --show-databases, --show-tables DATABASE, "
                           "--describe DATABASE.TABLE"
                         : "give one of STATEMENT, --show-databases, --show-tables, --describe");
  }
  const DataAskingClient asking = inv.client.data_asking();
  RunSqlResult answer;
  if (databases) {
    answer = asking.show_databases(inv.call);
  } else if (tables_of) {
    if (tables_of->empty()) throw UsageError("--show-tables: the database name is empty");
    answer = asking.show_tables(*tables_of, inv.call);
  } else if (describe) {
    const auto [db, table] = qualified_name(*describe);
    answer = asking.describe_table(db, table, inv.call);
  } else {
    if (blank(inv.id)) throw UsageError("STATEMENT must not be empty");
    answer = asking.run_sql(inv.id, inv.call);
  }
  // Table and tsv: the columns and rows of every result, one after the other (the header of
  // the first; a later result with other columns starts its own header row).
  Table table;
  std::vector<Json> objects;  // jsonl: one object per row, keyed by column
  for (const SqlResult& result : answer.results) {
    std::vector<std::string> headers;
    for (const SqlColumn& column : result.columns) headers.push_back(column.name);
    if (table.headers.empty()) {
      table.headers = headers;
    } else if (headers != table.headers) {
      table.rows.push_back(headers);
    }
    for (const auto& row : result.rows) {
      std::vector<std::string> cells;
      Json object = Json::object();
      for (std::size_t i = 0; i < row.size(); ++i) {
        cells.push_back(cell_text(row[i]));
        object[i < headers.size() ? headers[i] : "column_" + std::to_string(i + 1)] = row[i];
      }
      cells.resize(std::max(cells.size(), table.headers.size()));
      table.rows.push_back(std::move(cells));
      objects.push_back(std::move(object));
    }
  }
  if (inv.output == "jsonl") return {Json(objects), table};
  return {Json(answer), table};
}

// ---- moi knowledge ----

namespace {

Table knowledge_table(const std::vector<Knowledge>& items) {
  Table t{{"ID", "TYPE", "KEY", "VALUE", "UPDATED_AT"}, {}};
  for (const Knowledge& k : items) {
    std::string values;
    for (const auto& v : k.value.value_or(std::vector<std::string>{})) {
      values += (values.empty() ? "" : "; ") + v;
    }
    t.rows.push_back({k.id ? std::to_string(*k.id) : "", k.type.value_or(""), k.key.value_or(""),
                      values, k.updated_at.value_or("")});
  }
  return t;
}

// --json, then the flags over it.
KnowledgeRequest knowledge_request(const Invocation& inv, KnowledgeRequest request) {
  if (inv.json) {
    const KnowledgeRequest given = decode_body<KnowledgeRequest>(*inv.json);
    if (given.knowledge_type) request.knowledge_type = given.knowledge_type;
    if (given.knowledge_key) request.knowledge_key = given.knowledge_key;
    if (given.knowledge_value) request.knowledge_value = given.knowledge_value;
    if (given.embedding) request.embedding = given.embedding;
    if (given.associate_tables) request.associate_tables = given.associate_tables;
    if (given.explanation_type) request.explanation_type = given.explanation_type;
    request.extra = given.extra;
  }
  if (const auto type = inv.option("--type")) request.knowledge_type = *type;
  if (const auto key = inv.option("--key")) request.knowledge_key = *key;
  if (inv.flag("--value")) request.knowledge_value = inv.values("--value");
  if (inv.flag("--table")) request.associate_tables = inv.values("--table");
  if (const auto type = inv.option("--explanation-type")) request.explanation_type = *type;
  return request;
}

}  // namespace

Result knowledge_create(const Invocation& inv) {
  const KnowledgeRequest request = knowledge_request(inv, {});
  if (!request.knowledge_key || request.knowledge_key->empty()) {
    throw UsageError("--key (or knowledge_key in --json) is required");
  }
  const std::int64_t id = inv.client.data_asking().create_knowledge(request, inv.call);
  return {Json{{"id", id}}};
}

Result knowledge_update(const Invocation& inv) {
  const std::int64_t id = positive_id(inv.id, "KNOWLEDGE_ID");
  const DataAskingClient asking = inv.client.data_asking();
  // The service may clear what an update does not send: start from the current values.
  const Knowledge current = asking.get_knowledge(id, inv.call);
  KnowledgeRequest request;
  request.knowledge_type = current.type;
  request.knowledge_key = current.key;
  request.knowledge_value = current.value;
  request.embedding = current.embedding;
  if (current.meta && current.meta->is_object()) {
    const Json& meta = *current.meta;
    if (meta.contains("associate_tables") && meta["associate_tables"].is_array()) {
      request.associate_tables = meta["associate_tables"].get<std::vector<std::string>>();
    }
    if (meta.contains("explanation_type") && meta["explanation_type"].is_string()) {
      request.explanation_type = meta["explanation_type"].get<std::string>();
    }
  }
  request = knowledge_request(inv, std::move(request));
  asking.update_knowledge(id, request, inv.call);
  return {Json(asking.get_knowledge(id, inv.call))};
}

Result knowledge_delete(const Invocation& inv) {
  const std::int64_t id = positive_id(inv.id, "KNOWLEDGE_ID");
  return {Json{{"id", inv.client.data_asking().delete_knowledge(id, inv.call)}}};
}

Result knowledge_get(const Invocation& inv) {
  const std::int64_t id = positive_id(inv.id, "KNOWLEDGE_ID");
  return {Json(inv.client.data_asking().get_knowledge(id, inv.call))};
}

Result knowledge_list(const Invocation& inv) {
  ListKnowledgeRequest request;
  request.knowledge_type = inv.option("--type");
  request.page_number = inv.integer("--page", 1, 1000000000);
  request.page_size = inv.integer("--page-size", 1, 1000);
  const KnowledgeList page = inv.client.data_asking().list_knowledge(request, inv.call);
  return {Json(page), knowledge_table(page.list)};
}

Result knowledge_search(const Invocation& inv) {
  SearchKnowledgeRequest request;
  request.knowledge_key = inv.id;
  request.knowledge_type = inv.option("--type");
  request.page_number = inv.integer("--page", 1, 1000000000);
  request.page_size = inv.integer("--page-size", 1, 1000);
  const KnowledgeList page = inv.client.data_asking().search_knowledge(request, inv.call);
  return {Json(page), knowledge_table(page.list)};
}

}  // namespace moi::cli
