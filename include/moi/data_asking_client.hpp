// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// DataAskingClient: ask the data. A natural-language question over catalog tables and files
/// streamed back as server-sent events (`/byoa/api/v1/data_asking/analyze`, `cancel`), SQL
/// run by NL2SQL (`/catalog/nl2sql/run_sql`) and the business knowledge the asking agent
/// reads (`/catalog/nl2sql_knowledge/*`); and moi::ask(), which gathers one analysis.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/data_asking.hpp"
#include "moi/options.hpp"
#include "moi/sse.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Receives each event of an analysis as soon as it arrived. An exception it throws aborts
/// the stream (and sends the server cancel, see AnalyzeOptions) and propagates from the call.
using DataAskingHandler = std::function<void(const DataAskingEvent& event)>;

/// Options of DataAskingClient::analyze() beyond CallOptions.
struct AnalyzeOptions {
  /// Largest event held in memory (SseOptions::max_event_bytes, default 16 MiB).
  SseOptions sse{};
  /// When the caller ends the stream early (CallOptions::should_abort, the deadline, the idle
  /// timeout, or an exception of the handler) after the init event gave a request id, send
  /// `cancel` for it, best effort: its failure is ignored and the original error propagates.
  bool cancel_on_abort = true;
  /// The longest that cancel may take (its own timeout; it is not retried).
  std::chrono::milliseconds cancel_timeout{5000};
};

/// How an analysis ended (the events themselves went to the handler).
struct AnalyzeOutcome {
  std::optional<std::string> request_id{};  ///< From the init event (nullopt: none came).
  bool completed = false;                   ///< A `complete` event arrived.
  std::optional<std::string> error{};       ///< The message of an `error` event.
  std::uint64_t events = 0;                 ///< Events received.
};

/// Data asking, NL2SQL and business knowledge. Obtain one from Client::data_asking().
///
/// Errors are the moi::Error subclasses of moi/error.hpp; a bad argument is
/// InvalidArgumentError before anything is sent.
///
/// Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT DataAskingClient {
 public:
  // ---- Data asking ----

  /// `POST /byoa/api/v1/data_asking/analyze` (Accept: text/event-stream): each event goes to
  /// @p on_event, decoded (decode_data_asking_event()), as soon as its last byte arrived;
  /// returns when the server closes the stream after `complete` or `error`.
  ///
  /// The call's timeout (CallOptions::timeout, else ClientOptions::timeout) bounds idleness
  /// (no byte for that long), not the whole stream; CallOptions::deadline bounds the whole
  /// call and should_abort cancels it promptly; then the server cancel is sent as
  /// AnalyzeOptions says. Nothing is retried once the first byte of the stream arrived.
  /// Memory stays bounded by AnalyzeOptions::sse whatever the stream's length.
  /// @throws InvalidArgumentError when the question is blank; DecodeError when the answer is
  ///         not an event stream (HTML, a JSON success), an event exceeds the size limit, or
  ///         the stream ends with neither `complete` nor `error`; HttpError / ServiceError for
  ///         an error answer; TimeoutError, CancelledError, TransportError (a cut stream);
  ///         whatever @p on_event throws.
  AnalyzeOutcome analyze(const AnalyzeRequest& request, const DataAskingHandler& on_event,
                         const CallOptions& options = {},
                         const AnalyzeOptions& analyze_options = {}) const;

  /// `POST /byoa/api/v1/data_asking/cancel?request_id=`: stops the analysis @p request_id
  /// (only its starter may). @throws InvalidArgumentError when @p request_id is empty.
  DataAskingCancelResult cancel(const std::string& request_id,
                                const CallOptions& options = {}) const;

  // ---- NL2SQL ----

  /// `POST /catalog/nl2sql/run_sql` with @p request as it is (only its set members are sent).
  /// @throws InvalidArgumentError when the operation is empty.
  RunSqlResult run_sql(const RunSqlRequest& request, const CallOptions& options = {}) const;

  /// run_sql() with operation `run_sql`: one SELECT with qualified names (`` `db`.`table` ``).
  RunSqlResult run_sql(const std::string& statement, const CallOptions& options = {}) const;

  /// run_sql() with operation `show_databases`.
  RunSqlResult show_databases(const CallOptions& options = {}) const;

  /// run_sql() with operation `show_table` for the database named @p db_name.
  RunSqlResult show_tables(const std::string& db_name, const CallOptions& options = {}) const;

  /// run_sql() with operation `desc_table` for table @p table of database @p db_name.
  RunSqlResult describe_table(const std::string& db_name, const std::string& table,
                              const CallOptions& options = {}) const;

  // ---- Business knowledge ----

  /// `POST /catalog/nl2sql_knowledge/create`: returns the new entry's id. Not retried unless
  /// nothing was sent.
  std::int64_t create_knowledge(const KnowledgeRequest& request,
                                const CallOptions& options = {}) const;

  /// `POST /catalog/nl2sql_knowledge/update` with `id` and @p request's members (the service
  /// may clear the ones not sent: send the current values).
  std::int64_t update_knowledge(std::int64_t id, const KnowledgeRequest& request,
                                const CallOptions& options = {}) const;

  /// `POST /catalog/nl2sql_knowledge/delete` `{"id"}`.
  std::int64_t delete_knowledge(std::int64_t id, const CallOptions& options = {}) const;

  /// `POST /catalog/nl2sql_knowledge/get` `{"id"}`.
  Knowledge get_knowledge(std::int64_t id, const CallOptions& options = {}) const;

  /// `POST /catalog/nl2sql_knowledge/list`: one page.
  KnowledgeList list_knowledge(const ListKnowledgeRequest& request = {},
                               const CallOptions& options = {}) const;

  /// `POST /catalog/nl2sql_knowledge/search`: one page of entries matching the key.
  KnowledgeList search_knowledge(const SearchKnowledgeRequest& request,
                                 const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::data_asking())
  explicit DataAskingClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

/// What moi::ask() gathered from one analysis.
struct AskResult {
  std::string answer{};                     ///< The answer text, its pieces concatenated.
  std::optional<std::string> sql{};         ///< The last SQL statement a step carried.
  std::vector<std::string> columns{};       ///< The columns of the last SQL result.
  std::vector<std::vector<Json>> rows{};    ///< Its rows.
  std::vector<DataAskingEvent> steps{};     ///< Every event, in order.
  std::optional<std::string> request_id{};  ///< From the init event.
  bool completed = false;                   ///< A `complete` event arrived.
};

/// Asks @p question of the data @p config names and gathers the analysis: the answer text
/// (answer_chunk events, else insight blocks), the SQL run and its rows, and every event in
/// order; @p on_event (may be empty) still sees each as it arrives. Cancellation, deadline and
/// idle timeout are DataAskingClient::analyze()'s.
/// @throws ServiceError (code "DATA_ASKING_ERROR") with the message of an `error` event; the
///         errors of analyze().
MOI_EXPORT AskResult ask(const DataAskingClient& client, const std::string& question,
                         const DataAnalysisConfig& config, const DataAskingHandler& on_event = {},
                         const CallOptions& options = {});

}  // namespace moi
