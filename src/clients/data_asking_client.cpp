// SPDX-License-Identifier: Apache-2.0
#include "moi/data_asking_client.hpp"

#include <cctype>
#include <exception>
#include <string>
#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"
#include "core/event_stream.hpp"
#include "core/safe_text.hpp"
#include "moi/error.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

bool blank(const std::string& text) {
  for (const char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void require_id(std::int64_t id) {
  if (id < 1)
    throw InvalidArgumentError("knowledge id must be positive, got " + std::to_string(id));
}

// The `id` of a knowledge answer `{"id": 12}` (a JSON integer, or its digits as a string).
std::int64_t answered_id(const Json& data) {
  if (!data.is_object() || !data.contains("id")) throw DecodeError("id", "missing required member");
  const Json& id = data["id"];
  if (id.is_number_integer()) return id.get<std::int64_t>();
  if (id.is_string()) {
    const std::string text = id.get<std::string>();
    if (!text.empty() && text.size() <= 18 &&
        text.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoll(text);
    }
  }
  throw DecodeError("id", "expected an integer id, got " + id.dump());
}

}  // namespace

DataAskingClient::DataAskingClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

AnalyzeOutcome DataAskingClient::analyze(const AnalyzeRequest& request,
                                         const DataAskingHandler& on_event,
                                         const CallOptions& options,
                                         const AnalyzeOptions& analyze_options) const {
  if (blank(request.question)) throw InvalidArgumentError("the question must not be blank");
  auto call = make_call(ep::kD1Analyze);
  call.body = Json(request);
  call.accept = "text/event-stream";
  AnalyzeOutcome outcome;
  const detail::Secrets key(runner_->options().api_key);
  const auto on_sse = [&](SseEvent& sse) {
    ++outcome.events;
    DataAskingEvent event = decode_data_asking_event(std::move(sse.event), std::move(sse.data));
    if (event.kind == DataAskingEventKind::kInit && event.request_id && !outcome.request_id) {
      outcome.request_id = event.request_id;
    }
    if (event.kind == DataAskingEventKind::kComplete) outcome.completed = true;
    if (event.kind == DataAskingEventKind::kError) {
      outcome.error = detail::server_text(event.error_message.value_or("the analysis failed"), key);
    }
    if (on_event) on_event(event);
  };
  // A 2xx answer that is JSON (not an error envelope) is not an analysis.
  const auto on_data = [&](const Json& data) {
    throw DecodeError("", "expected an event stream (text/event-stream), got a JSON answer: " +
                              detail::body_excerpt(data.dump(), key, 120));
  };
  try {
    detail::run_event_stream(*runner_, call, options, analyze_options.sse, on_sse, on_data);
  } catch (...) {
    // Ended on the caller's side (cancelled, deadline, idle timeout, a handler's exception,
    // a size limit) once the server named the run: ask it to stop, bounded, best effort.
    if (analyze_options.cancel_on_abort && outcome.request_id && !outcome.completed &&
        !outcome.error) {
      CallOptions cancel_options;
      cancel_options.timeout = analyze_options.cancel_timeout;
      cancel_options.deadline = std::chrono::steady_clock::now() + analyze_options.cancel_timeout;
      cancel_options.max_attempts = 1;
      try {
        cancel(*outcome.request_id, cancel_options);
      } catch (const std::exception&) {
        // Best effort: the original failure is what the caller needs to see.
      }
    }
    throw;
  }
  if (!outcome.completed && !outcome.error) {
    throw DecodeError("", "the analysis stream ended after " + std::to_string(outcome.events) +
                              " event(s) without a complete or error event (cut short?)");
  }
  return outcome;
}

DataAskingCancelResult DataAskingClient::cancel(const std::string& request_id,
                                                const CallOptions& options) const {
  detail::require_non_empty("request_id", request_id);
  auto call = make_call(ep::kD2CancelAnalyze);
  call.query.add("request_id", request_id);
  return runner_->run_as<DataAskingCancelResult>(call, options);
}

RunSqlResult DataAskingClient::run_sql(const RunSqlRequest& request,
                                       const CallOptions& options) const {
  detail::require_non_empty("operation", request.operation);
  auto call = make_call(ep::kN1RunSql);
  call.body = Json(request);
  return runner_->run_as<RunSqlResult>(call, options);
}

RunSqlResult DataAskingClient::run_sql(const std::string& statement,
                                       const CallOptions& options) const {
  if (blank(statement)) throw InvalidArgumentError("the SQL statement must not be blank");
  RunSqlRequest request;
  request.operation = "run_sql";
  request.statement = statement;
  return run_sql(request, options);
}

RunSqlResult DataAskingClient::show_databases(const CallOptions& options) const {
  RunSqlRequest request;
  request.operation = "show_databases";
  return run_sql(request, options);
}

RunSqlResult DataAskingClient::show_tables(const std::string& db_name,
                                           const CallOptions& options) const {
  detail::require_non_empty("database name", db_name);
  RunSqlRequest request;
  request.operation = "show_table";
  request.db_names = std::vector<std::string>{db_name};
  return run_sql(request, options);
}

RunSqlResult DataAskingClient::describe_table(const std::string& db_name, const std::string& table,
                                              const CallOptions& options) const {
  detail::require_non_empty("database name", db_name);
  detail::require_non_empty("table name", table);
  RunSqlRequest request;
  request.operation = "desc_table";
  SqlTableNames names;
  names.db_name = db_name;
  names.table_names = {table};
  request.table_names = std::vector<SqlTableNames>{names};
  return run_sql(request, options);
}

std::int64_t DataAskingClient::create_knowledge(const KnowledgeRequest& request,
                                                const CallOptions& options) const {
  auto call = make_call(ep::kN2CreateKnowledge);
  call.body = Json(request);
  std::int64_t id = 0;
  runner_->run(call, options, [&id](const Json& data) { id = answered_id(data); });
  return id;
}

std::int64_t DataAskingClient::update_knowledge(std::int64_t id, const KnowledgeRequest& request,
                                                const CallOptions& options) const {
  require_id(id);
  auto call = make_call(ep::kN3UpdateKnowledge);
  Json body = Json(request);
  body["id"] = id;
  call.body = std::move(body);
  std::int64_t answered = 0;
  runner_->run(call, options, [&answered](const Json& data) { answered = answered_id(data); });
  return answered;
}

std::int64_t DataAskingClient::delete_knowledge(std::int64_t id, const CallOptions& options) const {
  require_id(id);
  auto call = make_call(ep::kN4DeleteKnowledge);
  call.body = Json{{"id", id}};
  std::int64_t answered = 0;
  runner_->run(call, options, [&answered](const Json& data) { answered = answered_id(data); });
  return answered;
}

Knowledge DataAskingClient::get_knowledge(std::int64_t id, const CallOptions& options) const {
  require_id(id);
  auto call = make_call(ep::kN5GetKnowledge);
  call.body = Json{{"id", id}};
  return runner_->run_as<Knowledge>(call, options);
}

KnowledgeList DataAskingClient::list_knowledge(const ListKnowledgeRequest& request,
                                               const CallOptions& options) const {
  detail::require_at_least("page_number", request.page_number, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kN6ListKnowledge);
  call.body = Json(request);
  return runner_->run_as<KnowledgeList>(call, options);
}

KnowledgeList DataAskingClient::search_knowledge(const SearchKnowledgeRequest& request,
                                                 const CallOptions& options) const {
  detail::require_at_least("page_number", request.page_number, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kN7SearchKnowledge);
  call.body = Json(request);
  return runner_->run_as<KnowledgeList>(call, options);
}

AskResult ask(const DataAskingClient& client, const std::string& question,
              const DataAnalysisConfig& config, const DataAskingHandler& on_event,
              const CallOptions& options) {
  AnalyzeRequest request;
  request.question = question;
  request.config = config;
  AskResult result;
  std::string insight;  // insight blocks: the answer when no answer_chunk came
  const AnalyzeOutcome outcome = client.analyze(
      request,
      [&](const DataAskingEvent& event) {
        if (event.kind == DataAskingEventKind::kAnswerChunk && event.text) {
          result.answer += *event.text;
        } else if (event.step_type && *event.step_type == "insight" && event.text) {
          insight += *event.text;
        }
        if (event.sql) result.sql = event.sql;
        if (event.columns && event.rows) {
          result.columns = *event.columns;
          result.rows = *event.rows;
        }
        result.steps.push_back(event);
        if (on_event) on_event(event);
      },
      options);
  if (result.answer.empty()) result.answer = std::move(insight);
  result.request_id = outcome.request_id;
  result.completed = outcome.completed;
  if (outcome.error) {
    throw ServiceError("DATA_ASKING_ERROR", *outcome.error, 0, outcome.request_id.value_or(""));
  }
  return result;
}

}  // namespace moi
