// SPDX-License-Identifier: Apache-2.0
// `moi ask`, `moi sql` and `moi knowledge` against the emulator, over a table loaded from a
// CSV file: the steps one line each and the answer streamed, jsonl one event per line, the
// exit codes (an error event, a cut stream, an oversized event: 1; the idle timeout: 3; bad
// arguments: 2), the real program's Ctrl-C (the server cancel sent, exit 130), and the SQL
// results as table, tsv, json and jsonl.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli_fixture.hpp"
#include "moi_process.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;

class AskCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    // Events 1 ms apart (the emulator's default is 20 ms).
    emu_->stop();
    moi::emulator::EmulatorOptions options;
    options.api_key = kKey;
    options.seed = 42;
    options.manual_clock = true;
    options.threads = 8;
    options.keep_alive_timeout_seconds = 1;
    options.behavior.sse_event_delay = std::chrono::milliseconds(1);
    emu_ = std::make_unique<moi::emulator::Emulator>(options);
    emu_->start();
    variables_["MOI_BASE_URL"] = emu_->base_url();
    dir_ = fs::temp_directory_path() / ("moi-cli-ask-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(dir_);
    const Outcome catalog = moi({"catalog", "create", "shop"});
    ASSERT_EQ(catalog.code, kExitOk) << catalog;
    const Outcome database = moi({"database", "create", catalog.json().value("id", ""), "sales"});
    ASSERT_EQ(database.code, kExitOk) << database;
    database_id_ = database.json().value("id", "");
    orders();
    emu_->reset_counts();
  }
  void TearDown() override {
    clear_signal();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    CliTest::TearDown();
  }

  // Table "orders" of database sales, loaded from a CSV file (upload, link, TB7).
  void orders() {
    const Outcome created = moi({"table", "create", "--json",
                                 Json{{"database_id", database_id_},
                                      {"name", "orders"},
                                      {"columns",
                                       {{{"name", "id"}, {"type", "INT"}},
                                        {{"name", "customer"}, {"type", "TEXT"}},
                                        {{"name", "amount"}, {"type", "DOUBLE"}}}}}
                                     .dump()});
    ASSERT_EQ(created.code, kExitOk) << created;
    const Outcome volume = moi({"volume", "create", database_id_, "inbox"});
    const std::string path = (dir_ / "orders.csv").string();
    std::ofstream(path, std::ios::binary) << "id,customer,amount\n1,Ann,10.5\n2,Bob,20\n3,Ann,\n";
    const Outcome up = moi({"file", "upload", volume.json().value("id", ""), path, "--wait"});
    ASSERT_EQ(up.code, kExitOk) << up;
    TableLoadRequest load;
    load.id = created.json().value("id", "");
    load.file_option =
        Json{{"data_file_url",
              sdk().files().link(up.json()["files"][0].value("id", "")).link.value_or("")},
             {"start_row", 2}};
    ASSERT_EQ(sdk().tables().load_table(load).lines, 3);
  }

  std::vector<std::string> process_env() const {
    return {"MOI_BASE_URL=" + emu_->base_url(), std::string("MOI_API_KEY=") + kKey,
            "XDG_CONFIG_HOME=" + (dir_ / "xdg").string(), "HOME=" + dir_.string(), "LC_ALL=C"};
  }

  fs::path dir_;
  std::string database_id_;
};

TEST_F(AskCliTest, AskPrintsEachStepAndStreamsTheAnswer) {
  const Outcome r = moi({"ask", "How many rows in orders?", "--database", database_id_});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.err, "");
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 5u) << r;
  EXPECT_EQ(lines[0].rfind("[init] request ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(" - How many rows in orders?"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1],
            "[classification] query (confidence 0.98): the question asks for data of a table");
  EXPECT_EQ(lines[2],
            "[step_start] sql_generation \"Generate SQL\": SELECT COUNT(*) AS `count` FROM "
            "`sales`.`orders`");
  EXPECT_EQ(lines[3], "[step_complete] sql_execution \"Run SQL\": 1 row (count) = 3");
  EXPECT_EQ(lines[4], "There are 3 rows in table orders of database sales.");
  // The database's name was read once (C15), and sent with its id (D1).
  EXPECT_EQ(emu().request_count("C15"), 1u);
  EXPECT_EQ(emu().request_count("D1"), 1u);
  EXPECT_EQ(emu().request_count("D2"), 0u);

  // The action's long form, a listed table, the options before QUESTION.
  const Outcome listed = moi({"ask", "question", "show 2 rows of orders", "--database",
                              database_id_, "--table", "orders"});
  ASSERT_EQ(listed.code, kExitOk) << listed;
  EXPECT_NE(listed.out.find("\"Run SQL\": 2 rows (id, customer, amount)"), std::string::npos)
      << listed;
  const Outcome before = moi({"ask", "--database", database_id_, "how many rows in orders"});
  EXPECT_EQ(before.code, kExitOk) << before;
  // A table outside --table: the error event, exit 1.
  const Outcome outside =
      moi({"ask", "how many rows in orders", "--database", database_id_, "--table", "other"});
  EXPECT_EQ(outside.code, kExitService) << outside;
  EXPECT_NE(outside.err.find("is not among the tables the question may read"), std::string::npos)
      << outside;
  // The configuration from --json, without --database.
  const Outcome configured =
      moi({"ask", "how many rows in orders", "--json",
           R"({"data_source":{"type":"specified","tables":{"type":"all","db_name":"sales"}}})"});
  EXPECT_EQ(configured.code, kExitOk) << configured;
  EXPECT_NE(configured.out.find("There are 3 rows"), std::string::npos) << configured;
}

TEST_F(AskCliTest, AskJsonlPrintsOneObjectPerEventAsReceived) {
  const Outcome r = moi({"ask", "how many rows in orders [unknown]", "--database", database_id_,
                         "--output", "jsonl", "--session", "s-1"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 6u) << r;
  std::vector<std::string> types;
  std::string answer;
  for (const auto& line : lines) {
    const Json event = Json::parse(line);
    types.push_back(event.value("type", ""));
    if (event.value("type", "") == "answer_chunk") answer += event["data"].value("content", "");
  }
  // init has no `type` member: it comes from the event: field.
  EXPECT_EQ(types.front(), "init");
  EXPECT_EQ(Json::parse(lines[0])["data"]["session_id"], "s-1");
  EXPECT_EQ(types[1], "classification");
  EXPECT_EQ(types[2], "future_event");  // an unknown event, as received
  EXPECT_EQ(types.back(), "complete");
  EXPECT_EQ(answer, "There are 3 rows in table orders of database sales.");
}

TEST_F(AskCliTest, AskExitCodes) {
  // An error event: the steps so far, then one line and exit 1.
  const Outcome missing = moi({"ask", "how many rows in nosuchtable", "--database", database_id_});
  EXPECT_EQ(missing.code, kExitService) << missing;
  EXPECT_EQ(lines_of(missing.out).size(), 3u) << missing;
  ASSERT_EQ(lines_of(missing.err).size(), 1u) << missing;
  EXPECT_NE(missing.err.find("DATA_ASKING_ERROR: table `sales`.`nosuchtable` does not exist"),
            std::string::npos)
      << missing;
  // An event above --max-event-bytes: exit 1, and the run is cancelled on the server.
  const Outcome big = moi({"ask", "how many rows in orders [big]", "--database", database_id_,
                           "--max-event-bytes", "65536"});
  EXPECT_EQ(big.code, kExitService) << big;
  EXPECT_NE(big.err.find("65536"), std::string::npos) << big;
  EXPECT_EQ(emu().request_count("D2"), 1u);
  // The stream cut in the middle of an event: exit 1.
  const Outcome cut = moi({"ask", "how many rows in orders [cut]", "--database", database_id_});
  EXPECT_EQ(cut.code, kExitService) << cut;
  EXPECT_NE(cut.err.find("the event stream was cut after 2 event(s)"), std::string::npos) << cut;
  EXPECT_EQ(emu().request_count("D2"), 2u);  // the SDK cancels a run it did not see end
  // Nothing for --idle-timeout seconds: exit 3, and the run is cancelled.
  const Outcome stalled = moi({"ask", "how many rows in orders [stall]", "--database", database_id_,
                               "--idle-timeout", "0.3"});
  EXPECT_EQ(stalled.code, kExitTransport) << stalled;
  EXPECT_NE(stalled.err.find("timed out"), std::string::npos) << stalled;
  EXPECT_EQ(emu().request_count("D2"), 3u);
  // An unknown database: its lookup fails (exit 1), nothing is asked.
  const Outcome unknown = moi({"ask", "how many rows in orders", "--database", "999"});
  EXPECT_EQ(unknown.code, kExitService) << unknown;
  // Bad arguments: exit 2, nothing sent.
  emu().reset_counts();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"ask", "how many rows in orders"},
        {"ask", "  ", "--database", database_id_},
        {"ask", "q", "--database", "abc"},
        {"ask", "q", "--table", "orders"},
        {"ask", "q", "--database", database_id_, "--idle-timeout", "0"},
        {"ask", "q", "--database", database_id_, "--max-event-bytes", "12"},
        {"ask", "q", "--json", "[1]"}}) {
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  }
  EXPECT_EQ(emu().total_requests(), 0u);
  EXPECT_EQ(moi({"ask"}).code, kExitUsage);  // the group's help
}

TEST_F(AskCliTest, SqlPrintsTablesTsvJsonAndJsonl) {
  const std::string count =
      "SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM "
      "`sales`.`orders` GROUP BY customer ORDER BY customer";
  const Outcome table = moi({"sql", count, "--output", "table"});
  ASSERT_EQ(table.code, kExitOk) << table;
  EXPECT_EQ(table.out,
            "customer  n  total\n"
            "Ann       2  10.5\n"
            "Bob       1  20.0\n")
      << table;
  const Outcome tsv = moi({"sql", "run", count, "--output", "tsv"});
  EXPECT_EQ(tsv.out, "customer\tn\ttotal\nAnn\t2\t10.5\nBob\t1\t20.0\n") << tsv;
  const Outcome jsonl = moi({"sql", count, "--output", "jsonl"});
  EXPECT_EQ(jsonl.out,
            "{\"customer\":\"Ann\",\"n\":\"2\",\"total\":\"10.5\"}\n"
            "{\"customer\":\"Bob\",\"n\":\"1\",\"total\":\"20.0\"}\n")
      << jsonl;
  const Outcome json = moi({"sql", "SELECT amount FROM sales.orders WHERE id = 3"});
  ASSERT_EQ(json.code, kExitOk) << json;
  EXPECT_EQ(json.json(), Json::parse(R"({"results":[{"columns":["amount"],"rows":[[null]]}]})"));
  const Outcome null_cell =
      moi({"sql", "SELECT amount FROM sales.orders WHERE id = 3", "--output", "table"});
  EXPECT_EQ(null_cell.out, "amount\nNULL\n") << null_cell;

  const Outcome databases = moi({"sql", "--show-databases", "--output", "tsv"});
  EXPECT_EQ(databases.out, "database\nsales\n") << databases;
  const Outcome tables = moi({"sql", "--show-tables", "sales", "--output", "tsv"});
  EXPECT_EQ(tables.out, "tables_in_sales\norders\n") << tables;
  const Outcome described =
      moi({"sql", "--describe", "`sales`.`orders`", "--output", "tsv", "--fields", "field,type"});
  EXPECT_EQ(described.out, "field\ttype\nid\tINT\ncustomer\tTEXT\namount\tDOUBLE\n") << described;
  EXPECT_EQ(moi({"sql", "--describe", "sales.orders"}).code, kExitOk);

  const Outcome refused = moi({"sql", "DELETE FROM `sales`.`orders`"});
  EXPECT_EQ(refused.code, kExitService) << refused;
  EXPECT_NE(refused.err.find("only SELECT statements run, got DELETE"), std::string::npos)
      << refused;
  emu().reset_counts();
  for (const std::vector<std::string>& args : {std::vector<std::string>{"sql"},
                                               {"sql", "SELECT 1", "--show-databases"},
                                               {"sql", "--describe", "orders"},
                                               {"sql", "--describe", "`sales.orders"},
                                               {"sql", "--show-tables", ""},
                                               {"sql", "  "}}) {
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  }
  EXPECT_EQ(emu().total_requests(), 0u);
}

TEST_F(AskCliTest, KnowledgeCreateUpdateSearchListDelete) {
  const Outcome created =
      moi({"knowledge", "create", "--type", "glossary", "--key", "GMV", "--value",
           "gross merchandise value: SUM(amount)", "--table", "orders"});
  ASSERT_EQ(created.code, kExitOk) << created;
  const std::string id = created.json().value("id", "");
  EXPECT_EQ(id, "1");
  // Update sends the current values with the change: the key and type stay.
  const Outcome updated = moi({"knowledge", "update", id, "--value", "SUM(amount) of paid orders"});
  ASSERT_EQ(updated.code, kExitOk) << updated;
  EXPECT_EQ(updated.json()["key"], "GMV");
  EXPECT_EQ(updated.json()["type"], "glossary");
  EXPECT_EQ(updated.json()["value"], Json::parse(R"j(["SUM(amount) of paid orders"])j"));
  EXPECT_EQ(updated.json()["meta"]["associate_tables"], Json::parse(R"(["orders"])"));
  const Outcome found = moi({"knowledge", "search", "gmv", "--output", "table"});
  ASSERT_EQ(found.code, kExitOk) << found;
  EXPECT_NE(found.out.find("glossary"), std::string::npos) << found;
  EXPECT_NE(found.out.find("SUM(amount) of paid orders"), std::string::npos) << found;
  EXPECT_EQ(moi({"knowledge", "search", "nothing"}).json()["total"], 0);
  const Outcome listed = moi({"knowledge", "list", "--type", "glossary", "--output", "jsonl"});
  EXPECT_EQ(lines_of(listed.out).size(), 1u) << listed;
  EXPECT_EQ(moi({"knowledge", "get", id}).json()["key"], "GMV");
  EXPECT_EQ(moi({"knowledge", "delete", id}).code, kExitOk);
  EXPECT_EQ(moi({"knowledge", "get", id}).code, kExitService);
  EXPECT_EQ(moi({"knowledge", "create", "--type", "x"}).code, kExitUsage);  // no key
  EXPECT_EQ(moi({"knowledge", "get", "x"}).code, kExitUsage);
}

TEST_F(AskCliTest, RealProgramAsksRunsSqlAndCtrlCSendsTheCancel) {
  const auto run = [this](const std::vector<std::string>& args) {
    MoiProcess process(args, process_env());
    EXPECT_TRUE(process.spawned());
    EXPECT_EQ(process.wait(), kExitOk) << process.err();
    return process.out();
  };
  const std::string asked = run({"ask", "How many rows in orders?", "--database", database_id_});
  EXPECT_NE(asked.find("\nThere are 3 rows in table orders of database sales.\n"),
            std::string::npos)
      << asked;
  EXPECT_EQ(run({"sql", "SELECT COUNT(*) AS n FROM `sales`.`orders`", "--output", "tsv"}),
            "n\n3\n");
  EXPECT_EQ(run({"sql", "--show-tables", "sales", "--output", "table"}),
            "Tables_in_sales\norders\n");

  // A stalled stream: the steps so far are on stdout at once (flushed per event); Ctrl-C sends
  // the server cancel with the init's request id and exits 130 with one line.
  emu().reset_counts();
  MoiProcess stalled({"ask", "how many rows in orders [stall]", "--database", database_id_},
                     process_env());
  ASSERT_TRUE(stalled.spawned());
  ASSERT_TRUE(eventually_true([&] {
    return stalled.out().find("[classification]") != std::string::npos;
  })) << stalled.out();
  stalled.signal(SIGINT);
  EXPECT_EQ(stalled.wait(std::chrono::seconds(10)), kExitCancelled) << stalled.err();
  EXPECT_EQ(stalled.err(), "moi: cancelled\n");
  EXPECT_EQ(lines_of(stalled.out()).size(), 2u) << stalled.out();
  EXPECT_EQ(emu().request_count("D2"), 1u);
}

}  // namespace
}  // namespace moi::cli::testing
