// SPDX-License-Identifier: Apache-2.0
// Ask the data end to end: the SDK's DataAskingClient and moi::ask() against the emulator over
// loopback HTTP, over tables loaded from CSV files: run_sql (joins, aggregates, LIMIT, the
// show/describe operations, a refused change), the analysis stream (the answer, its SQL and
// rows, every event in order), an error event, the fault markers (an unknown event kept raw,
// a 1 MiB event against a smaller limit, a stall ended by the caller, a cut stream), the
// server cancel sent exactly once with the init's request id, and business knowledge.

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

class AskE2E : public E2ETest {
 protected:
  void SetUp() override {
    emu::EmulatorOptions options = emulator_options();
    options.behavior.sse_event_delay = 1ms;
    start(options);
    table("orders", "id,customer_id,amount\n1,1,10.5\n2,2,20\n3,1,4.5\n",
          {column("id", "INT"), column("customer_id", "INT"), column("amount", "DOUBLE")});
    table("customers", "id,name\n1,Ann\n2,Bob\n",
          {column("id", "INT"), column("name", "VARCHAR(32)")});
  }

  static TableColumn column(const std::string& name, const std::string& type) {
    TableColumn c;
    c.name = name;
    c.type = type;
    return c;
  }

  // A table `name` of database shop/sales, loaded from `csv` (a header line, then rows).
  void table(const std::string& name, const std::string& csv, std::vector<TableColumn> columns) {
    char pattern[] = "/tmp/moi-ask-e2e-XXXXXX";
    const std::string dir = ::mkdtemp(pattern);
    const std::string path = dir + "/" + name + ".csv";
    std::ofstream(path, std::ios::binary) << csv;
    LoadFilesRequest upload;
    upload.catalog_name = "shop";
    upload.database_name = "sales";
    upload.volume_name = "inbox";
    upload.files = {{path}};
    upload.wait = on_emulator_time<LoadTaskWaitOptions>();
    const LoadedVolume loaded = load_files(client(), upload);
    std::remove(path.c_str());
    ::rmdir(dir.c_str());
    ASSERT_EQ(loaded.files.size(), 1u);
    database_id_ = loaded.database_id;
    CreateTableRequest create;
    create.database_id = loaded.database_id;
    create.name = name;
    create.columns = std::move(columns);
    const std::string id = client().tables().create_table(create);
    TableLoadRequest load;
    load.id = id;
    load.file_option =
        Json{{"data_file_url", client().files().link(loaded.files[0].file_id).link.value_or("")},
             {"type", "csv"},
             {"start_row", 2}};
    client().tables().load_table(load);
  }

  static DataAnalysisConfig sales(std::optional<std::vector<std::string>> tables = std::nullopt) {
    DataAskingTables chosen;
    chosen.db_name = "sales";
    if (tables) {
      chosen.table_list = tables;
    } else {
      chosen.type = "all";
    }
    DataAskingSource source;
    source.tables = chosen;
    DataAnalysisConfig config;
    config.data_source = source;
    config.data_scope = DataAskingScope{};
    return config;
  }

  DataAskingClient asking() const { return client().data_asking(); }

  std::string database_id_;
};

TEST_F(AskE2E, RunSqlOverTablesLoadedFromCsv) {
  const RunSqlResult count = asking().run_sql("SELECT COUNT(*) AS n FROM `sales`.`orders`");
  ASSERT_EQ(count.results.size(), 1u);
  EXPECT_EQ(count.results[0].columns.at(0).name, "n");
  EXPECT_EQ(count.results[0].rows, (std::vector<std::vector<Json>>{{"3"}}));
  const RunSqlResult joined = asking().run_sql(
      "SELECT c.name, SUM(o.amount) AS total FROM sales.orders o "
      "JOIN sales.customers c ON c.id = o.customer_id GROUP BY c.name ORDER BY total DESC LIMIT 1");
  EXPECT_EQ(joined.results.at(0).rows, (std::vector<std::vector<Json>>{{"Bob", "20.0"}}));

  const RunSqlResult databases = asking().show_databases();
  EXPECT_EQ(databases.results.at(0).columns.at(0).name, "Database");
  EXPECT_EQ(databases.results.at(0).rows, (std::vector<std::vector<Json>>{{"sales"}}));
  EXPECT_EQ(asking().show_tables("sales").results.at(0).rows,
            (std::vector<std::vector<Json>>{{"customers"}, {"orders"}}));
  const RunSqlResult described = asking().describe_table("sales", "orders");
  EXPECT_EQ(described.results.at(0).columns.at(0).name, "Field");
  EXPECT_EQ(described.results.at(0).rows.at(2).at(0), "amount");
  EXPECT_EQ(described.results.at(0).rows.at(2).at(1), "DOUBLE");

  try {
    asking().run_sql("DELETE FROM `sales`.`orders`");
    FAIL() << "a DELETE ran";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_EQ(e.service_code(), "INVALID_ARGUMENT");
    EXPECT_NE(e.detail().find("only SELECT statements run"), std::string::npos) << e.what();
  }
  EXPECT_THROW(asking().run_sql("SELECT * FROM sales.nosuchtable"), HttpError);
  EXPECT_EQ(asking().run_sql("SELECT COUNT(*) FROM sales.orders").results.at(0).rows.at(0).at(0),
            "3");
}

TEST_F(AskE2E, AskGathersTheAnswerItsSqlAndRowsAndEveryEvent) {
  std::vector<std::string> seen;
  const AskResult result =
      ask(asking(), "How many rows in orders?", sales(std::vector<std::string>{"orders"}),
          [&seen](const DataAskingEvent& event) { seen.push_back(to_string(event.kind)); });
  EXPECT_TRUE(result.completed);
  EXPECT_EQ(result.answer, "There are 3 rows in table orders of database sales.");
  EXPECT_EQ(result.sql, "SELECT COUNT(*) AS `count` FROM `sales`.`orders`");
  EXPECT_EQ(result.columns, std::vector<std::string>{"count"});
  EXPECT_EQ(result.rows, (std::vector<std::vector<Json>>{{"3"}}));
  ASSERT_TRUE(result.request_id.has_value());
  EXPECT_EQ(result.request_id->size(), 36u);
  ASSERT_GE(result.steps.size(), 6u);
  EXPECT_EQ(seen.size(), result.steps.size());
  EXPECT_EQ(seen.front(), "init");
  EXPECT_EQ(seen[1], "classification");
  EXPECT_EQ(seen[2], "step_start");
  EXPECT_EQ(seen[3], "step_complete");
  EXPECT_EQ(seen.back(), "complete");
  EXPECT_EQ(result.steps[1].question_type, "query");
  EXPECT_EQ(result.steps[3].step_type, "sql_execution");
  EXPECT_EQ(emulator().request_count("D1"), 1u);
  EXPECT_EQ(emulator().request_count("D2"), 0u);  // nothing to cancel
}

TEST_F(AskE2E, AQuestionAboutAMissingTableThrowsTheErrorEventsMessage) {
  try {
    ask(asking(), "how many rows in nosuchtable", sales());
    FAIL() << "no error";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.code(), "DATA_ASKING_ERROR");
    EXPECT_NE(std::string(e.what()).find("table `sales`.`nosuchtable` does not exist"),
              std::string::npos)
        << e.what();
  }
  // analyze() itself reports it in the outcome.
  AnalyzeRequest request;
  request.question = "how many rows in nosuchtable";
  request.config = sales();
  const AnalyzeOutcome outcome = asking().analyze(request, {});
  EXPECT_FALSE(outcome.completed);
  EXPECT_EQ(outcome.error, "table `sales`.`nosuchtable` does not exist");
  EXPECT_EQ(emulator().request_count("D2"), 0u);  // an ended run is not cancelled
}

TEST_F(AskE2E, AnUnknownEventIsKeptRawAndABigOneRespectsTheLimit) {
  std::vector<DataAskingEvent> events;
  AnalyzeRequest request;
  request.question = "how many rows in orders [unknown] [big]";
  request.config = sales();
  const AnalyzeOutcome outcome =
      asking().analyze(request, [&events](const DataAskingEvent& e) { events.push_back(e); });
  EXPECT_TRUE(outcome.completed);
  ASSERT_GE(events.size(), 4u);
  EXPECT_EQ(events[2].kind, DataAskingEventKind::kUnknown);
  EXPECT_EQ(events[2].type, "future_event");
  EXPECT_NE(events[2].raw.find("an event type no client knows"), std::string::npos);
  EXPECT_EQ(events[3].kind, DataAskingEventKind::kChunks);
  EXPECT_GT(events[3].raw.size(), 1024u * 1024u);

  // With a 64 KiB limit the big event fails the call, and the run is cancelled once.
  AnalyzeOptions small;
  small.sse.max_event_bytes = 64 * 1024;
  request.question = "how many rows in orders [big]";
  EXPECT_THROW(asking().analyze(request, {}, {}, small), DecodeError);
  EXPECT_EQ(emulator().request_count("D2"), 1u);
}

TEST_F(AskE2E, StoppingAStalledStreamSendsOneCancelWithTheInitsRequestId) {
  AnalyzeRequest request;
  request.question = "how many rows in orders [stall]";
  request.config = sales();
  // The caller's token, cancelled once the init event named the run.
  CancellationToken stop;
  CallOptions call;
  call.should_abort = stop.abort_check();
  std::string request_id;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(asking().analyze(
                   request,
                   [&](const DataAskingEvent& e) {
                     if (e.request_id) {
                       request_id = *e.request_id;
                       stop.cancel();
                     }
                   },
                   call),
               CancelledError);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(request_id.size(), 36u);
  EXPECT_EQ(emulator().request_count("D2"), 1u);
  // The emulator took it: cancelling the same run again answers its record.
  const DataAskingCancelResult again = asking().cancel(request_id);
  EXPECT_EQ(again.request_id, request_id);
  EXPECT_EQ(again.status, "cancelled");

  // The idle timeout ends a stall too, and cancels.
  CallOptions idle;
  idle.timeout = 300ms;
  EXPECT_THROW(asking().analyze(request, {}, idle), TimeoutError);
  EXPECT_EQ(emulator().request_count("D2"), 3u);
}

TEST_F(AskE2E, ACancelFromElsewhereEndsTheStreamWithAnErrorEvent) {
  AnalyzeRequest request;
  request.question = "how many rows in orders [stall]";
  request.config = sales();
  std::vector<DataAskingEvent> events;
  std::thread canceller;
  const AnalyzeOutcome outcome = asking().analyze(request, [&](const DataAskingEvent& e) {
    events.push_back(e);
    if (e.request_id) {
      const std::string id = *e.request_id;
      const DataAskingClient other = asking();
      canceller = std::thread([other, id] { other.cancel(id); });
    }
  });
  canceller.join();
  EXPECT_FALSE(outcome.completed);
  EXPECT_EQ(outcome.error, "the analysis was cancelled");
  EXPECT_EQ(events.back().kind, DataAskingEventKind::kError);
}

TEST_F(AskE2E, ACutStreamIsATransportError) {
  AnalyzeRequest request;
  request.question = "how many rows in orders [cut]";
  request.config = sales();
  EXPECT_THROW(asking().analyze(request, {}), TransportError);
  emulator().inject(emu::Fault::kDrop, 1, emu::Endpoint::kD1Analyze);
  request.question = "how many rows in orders";
  EXPECT_THROW(asking().analyze(request, {}), TransportError);
}

TEST_F(AskE2E, KnowledgeRoundTrips) {
  KnowledgeRequest rule;
  rule.knowledge_type = "glossary";
  rule.knowledge_key = "GMV";
  rule.knowledge_value = std::vector<std::string>{"gross merchandise value: SUM(amount)"};
  rule.associate_tables = std::vector<std::string>{"orders"};
  const std::int64_t id = asking().create_knowledge(rule);
  EXPECT_EQ(id, 1);
  const Knowledge got = asking().get_knowledge(id);
  EXPECT_EQ(got.key, "GMV");
  EXPECT_EQ(got.type, "glossary");
  rule.knowledge_key = "GMV (gross)";
  EXPECT_EQ(asking().update_knowledge(id, rule), id);
  SearchKnowledgeRequest search;
  search.knowledge_key = "gross";
  const KnowledgeList found = asking().search_knowledge(search);
  ASSERT_EQ(found.list.size(), 1u);
  EXPECT_EQ(found.total, 1);
  EXPECT_EQ(found.list[0].key, "GMV (gross)");
  EXPECT_EQ(asking().list_knowledge().total, 1);
  EXPECT_EQ(asking().delete_knowledge(id), id);
  EXPECT_THROW(asking().get_knowledge(id), HttpError);
}

}  // namespace
}  // namespace moi::e2e
