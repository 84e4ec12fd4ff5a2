// SPDX-License-Identifier: Apache-2.0
// Ask the data in the emulator: N1 (run_sql) over the table store with `db`.`table` names
// (joins, aggregates, LIMIT; every change refused; nothing but the named tables readable),
// its show/describe operations, N2-N7 (knowledge, durable, substring search), D1's event
// sequence over a real count, its error event and fault markers, and D2 stopping a stream.
// Then run_sql under a user's row and column rules (issue 26): exactly the rows and columns
// `table data` shows, hidden columns unknown, tables without select refused.
#include <atomic>
#include <mutex>
#include <thread>

#include "data_fixture.hpp"
#include "process_fixture.hpp"

namespace moi::emulator::testing {
namespace {

// One server-sent event: its `event:` name and its `data:` payload (parsed when JSON).
struct Event {
  std::string name;
  std::string data;
  json object;
  std::string type() const {
    if (!name.empty()) return name;
    return object.is_object() ? object.value("type", object.value("step_type", "")) : "";
  }
};

std::vector<Event> parse_events(const std::string& body) {
  std::vector<Event> out;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find("\n\n", start);
    if (end == std::string::npos) end = body.size();
    Event e;
    std::size_t line_start = start;
    while (line_start < end) {
      std::size_t line_end = body.find('\n', line_start);
      if (line_end == std::string::npos || line_end > end) line_end = end;
      const std::string line = body.substr(line_start, line_end - line_start);
      if (line.rfind("event: ", 0) == 0) e.name = line.substr(7);
      if (line.rfind("data: ", 0) == 0) e.data += line.substr(6);
      line_start = line_end + 1;
    }
    e.object = json::parse(e.data, nullptr, false);
    out.push_back(std::move(e));
    start = end + 2;
  }
  return out;
}

class AskTest : public DataTest {
 protected:
  void SetUp() override {
    EmulatorOptions options = test_options();
    options.behavior.sse_event_delay = std::chrono::milliseconds(1);
    DataTest::SetUp();
    restart_with(options);
    sales_ = database("shop", "sales");
  }

  // A database `name` in catalog `catalog`; its id.
  std::int64_t database(const std::string& catalog, const std::string& name) {
    make_volume("inbox-" + name, catalog, name);
    const Resp tree = root().post("/catalog/tree", json::object());
    for (const auto& cat : tree.data()["tree"]) {
      for (const auto& db : cat["node_list"]) {
        if (db["name"] == name && cat["name"] == catalog) {
          return std::stoll(db["id"].get<std::string>());
        }
      }
    }
    ADD_FAILURE() << "no database " << name;
    return 0;
  }

  // Imports `csv` (a header line, then rows) into a new table `name` of database `db`, with
  // these column types ("int", "double", "varchar"); returns the table id.
  std::int64_t table(std::int64_t db, const std::string& name, const std::string& csv,
                     const std::vector<std::string>& types) {
    const std::string boundary = "----moi-ask-test";
    const auto form = [&](const std::vector<std::pair<std::string, std::string>>& fields,
                          const std::string& file) {
      std::string body;
      for (const auto& [field, value] : fields) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field +
                "\"\r\n\r\n" + value + "\r\n";
      }
      if (!file.empty()) {
        body += "--" + boundary +
                "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.csv\"\r\n"
                "Content-Type: text/csv\r\n\r\n" +
                file + "\r\n";
      }
      return body + "--" + boundary + "--\r\n";
    };
    json columns = json::array();
    const std::string header = csv.substr(0, csv.find('\n'));
    std::size_t start = 0;
    for (std::size_t i = 0; i < types.size(); ++i) {
      const std::size_t comma = header.find(',', start);
      const std::string column = header.substr(start, comma - start);
      start = comma + 1;
      columns.push_back({{"number", i + 1}, {"columnName", column}, {"dataType", types[i]}});
    }
    const json config{{"new_table", true},
                      {"database_id", db},
                      {"conn_file_ids", json::array()},
                      {"create_table", {{"name", name}, {"tableColumn", columns}}},
                      {"isColumnName", true},
                      {"columnNameRow", 1},
                      {"rowStart", 2}};
    Resp r = root().post_raw("/connectors/upload",
                             form({{"VolumeID", "1"}, {"table_config", config.dump()}}, csv),
                             "multipart/form-data; boundary=" + boundary);
    EXPECT_TRUE(root_ok(r)) << r.raw;
    return r.data()["table_id"].get<std::int64_t>();
  }

  void orders_and_customers() {
    table(sales_, "orders", "id,customer_id,amount\n1,1,10.5\n2,2,20\n3,1,4.5\n4,3,\n",
          {"int", "int", "double"});
    table(sales_, "customers", "id,name\n1,Ann\n2,Bob\n3,Cy\n", {"int", "varchar"});
  }

  Resp sql(const std::string& statement) {
    return root().post("/catalog/nl2sql/run_sql", json{{"operation", "run_sql"},
                                                       {"statement", statement},
                                                       {"db_names", nullptr},
                                                       {"table_names", nullptr}});
  }

  json rows_of(const std::string& statement) {
    Resp r = sql(statement);
    EXPECT_TRUE(root_ok(r)) << statement << "\n" << r.raw;
    return r.data()["results"][0]["rows"];
  }

  // POST analyze; the answer's events (the whole stream).
  std::vector<Event> ask(const std::string& question, json config = nullptr) {
    if (config.is_null()) config = sales_config();
    Resp r = api().post("/data_asking/analyze", json{{"question", question}, {"config", config}});
    EXPECT_EQ(r.status, 200) << r.raw.substr(0, 300);
    EXPECT_EQ(r.header("Content-Type"), "text/event-stream");
    return parse_events(r.raw);
  }

  static json sales_config(json table_list = nullptr) {
    json tables{{"type", table_list.is_null() ? "all" : "specified"}, {"db_name", "sales"}};
    if (!table_list.is_null()) tables["table_list"] = table_list;
    return json{{"data_source", {{"type", "specified"}, {"tables", tables}}},
                {"data_scope", {{"type", "all"}}}};
  }

  static std::vector<std::string> types(const std::vector<Event>& events) {
    std::vector<std::string> out;
    for (const Event& e : events) out.push_back(e.type());
    return out;
  }

  static std::string answer(const std::vector<Event>& events) {
    std::string text;
    for (const Event& e : events) {
      if (e.type() == "answer_chunk") text += e.object["data"]["content"].get<std::string>();
    }
    return text;
  }

  std::int64_t sales_ = 0;
};

TEST_F(AskTest, RunSqlSelectsWithJoinsAggregatesAndLimitByDatabaseName) {
  orders_and_customers();
  // Cells come as text (NULL as null), as the service sends them.
  EXPECT_EQ(rows_of("SELECT COUNT(*) FROM `sales`.`orders`"), json::parse(R"([["4"]])"));
  EXPECT_EQ(rows_of("select id, amount from sales.orders order by id limit 2 offset 2"),
            json::parse(R"([["3", "4.5"], ["4", null]])"));
  EXPECT_EQ(rows_of("SELECT c.name, SUM(o.amount) AS total, COUNT(*) AS n\n"
                    "FROM `sales`.`orders` o JOIN sales . customers AS c ON o.customer_id = c.id\n"
                    "GROUP BY c.name HAVING n > 0 ORDER BY total DESC LIMIT 2"),
            json::parse(R"([["Bob", "20.0", "1"], ["Ann", "15.0", "2"]])"));
  // A table named without alias keeps its own name: table.column and db.table.column work.
  EXPECT_EQ(rows_of("SELECT orders.id, sales.orders.amount FROM sales.orders WHERE orders.id = 2"),
            json::parse(R"([["2", "20.0"]])"));
  // A comma join, a subquery, a CTE and the table's columns in a WHERE IN.
  EXPECT_EQ(rows_of("SELECT name FROM sales.customers, (SELECT MAX(amount) m FROM sales.orders) "
                    "WHERE id IN (SELECT customer_id FROM `sales`.`orders` WHERE amount = m)"),
            json::parse(R"([["Bob"]])"));
  EXPECT_EQ(rows_of("WITH big AS (SELECT * FROM sales.orders WHERE amount > 5) "
                    "SELECT COUNT(*) AS n FROM big"),
            json::parse(R"([["2"]])"));
  // Column names as SQLite gives them.
  Resp named = sql("SELECT COUNT(*), MIN(id) AS first FROM sales.orders");
  EXPECT_EQ(named.data()["results"][0]["columns"], json::parse(R"j(["COUNT(*)", "first"])j"));
  // A database name that is also an alias does not take its place in `alias.column`.
  database("other-cat", "c");
  EXPECT_EQ(rows_of("SELECT c.name FROM sales.customers c WHERE c.id = 1"),
            json::parse(R"([["Ann"]])"));
  // A table of another database joins in one statement.
  const std::int64_t crm = database("crm-cat", "crm");
  table(crm, "notes", "customer_id,note\n1,vip\n", {"int", "varchar"});
  EXPECT_EQ(rows_of("SELECT c.name, n.note FROM sales.customers c JOIN crm.notes n "
                    "ON n.customer_id = c.id"),
            json::parse(R"([["Ann", "vip"]])"));
}

TEST_F(AskTest, RunSqlRefusesChangesAndReadsOnlyTheTablesItNames) {
  orders_and_customers();
  const auto refused = [&](const std::string& statement, int status, const std::string& code,
                           const std::string& expected) {
    Resp r = sql(statement);
    EXPECT_TRUE(root_error(r, status, code)) << statement << "\n" << r.raw;
    EXPECT_NE(r.body.value("msg", "").find(expected), std::string::npos)
        << statement << "\n"
        << r.body.value("msg", "") << "\n(expected " << expected << ")";
  };
  const std::string only_select = "only SELECT statements run";
  const std::string kReadsNamed = "run_sql reads the tables it names as `db`.`table`";
  refused("INSERT INTO sales.orders VALUES (9, 9, 9)", 400, "INVALID_ARGUMENT",
          only_select + ", got INSERT");
  refused("update `sales`.`orders` set amount = 0", 400, "INVALID_ARGUMENT", only_select);
  refused("DELETE FROM sales.orders", 400, "INVALID_ARGUMENT", only_select);
  refused("DROP TABLE sales.orders", 400, "INVALID_ARGUMENT", only_select);
  refused("  /* hi */ CREATE TABLE x (a INT)", 400, "INVALID_ARGUMENT", only_select);
  refused("PRAGMA table_info(t1)", 400, "INVALID_ARGUMENT", only_select);
  refused("ATTACH DATABASE '/tmp/x' AS x", 400, "INVALID_ARGUMENT", only_select);
  refused("SHOW DATABASES", 400, "INVALID_ARGUMENT", "use the operations show_databases");
  refused("WITH x AS (SELECT 1) DELETE FROM sales.orders", 400, "INVALID_ARGUMENT",
          "changes nothing");
  refused("SELECT 1; DELETE FROM sales.orders", 400, "INVALID_ARGUMENT", "one statement only");
  // Nothing but the tables named `db`.`table` can be read: not the records table, not SQLite's
  // schema, not a table's storage name, not a pragma function.
  refused("SELECT * FROM moi_tables", 400, "INVALID_ARGUMENT", kReadsNamed);
  refused("SELECT COUNT(*) FROM moi_tables", 400, "INVALID_ARGUMENT", kReadsNamed);
  refused("SELECT sql FROM sqlite_master", 400, "INVALID_ARGUMENT", kReadsNamed);
  refused("SELECT * FROM t1", 400, "INVALID_ARGUMENT", kReadsNamed);
  refused("SELECT * FROM sales.orders JOIN t2 ON 1", 400, "INVALID_ARGUMENT", kReadsNamed);
  refused("SELECT * FROM pragma_table_info('t1')", 400, "INVALID_ARGUMENT", kReadsNamed);
  refused("WITH t1 AS (SELECT 1) SELECT * FROM t1", 400, "INVALID_ARGUMENT",
          "the name `t1` is reserved by the emulator");
  refused("WITH x AS MATERIALIZED (SELECT * FROM t1) SELECT * FROM x", 400, "INVALID_ARGUMENT",
          kReadsNamed);
  refused("SELECT * FROM orders", 400, "INVALID_ARGUMENT",
          "no such table: orders (name tables as `db`.`table`)");
  refused("SELECT * FROM nodb.orders", 404, "NOT_FOUND", "database `nodb` does not exist");
  refused("SELECT * FROM sales.nosuchtable", 404, "NOT_FOUND",
          "table `sales`.`nosuchtable` does not exist");
  refused("SELECT * FROM `sales`.`orders", 400, "INVALID_ARGUMENT", "quoted name is never closed");
  refused("SELECT 'x FROM sales.orders", 400, "INVALID_ARGUMENT", "string is never closed");
  refused("SELECT nope FROM sales.orders", 400, "INVALID_ARGUMENT", "no such column: nope");
  refused("   ", 400, "INVALID_ARGUMENT", "statement: give one SELECT statement");
  // Budgets: a runaway query stops, a huge answer is refused.
  refused(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
      "SELECT COUNT(*) FROM c",
      400, "INVALID_ARGUMENT", "the query ran too long");
  refused("SELECT zeroblob(20000000) FROM sales.orders", 400, "INVALID_ARGUMENT",
          "larger than 16777216 bytes");
  refused("SELECT " + std::string(2 * 1024 * 1024, '1'), 400, "INVALID_ARGUMENT",
          "the statement is longer than 1048576 bytes");
  // Deep nesting and many parentheses are answered, quickly.
  std::string nested = "SELECT ";
  for (int i = 0; i < 100000; ++i) nested += "a(";
  refused(nested, 400, "INVALID_ARGUMENT", "run_sql: ");
  // Nothing changed.
  EXPECT_EQ(rows_of("SELECT COUNT(*) FROM sales.orders"), json::parse(R"([["4"]])"));
  // Identifiers are quoted, never spliced: a table whose name holds quotes and a statement's
  // worth of text is just a name.
  table(sales_, "we\"ird`; DROP TABLE t1; --", "a\n1\n", {"int"});
  EXPECT_EQ(rows_of("SELECT a FROM `sales`.`we\"ird``; DROP TABLE t1; --`"),
            json::parse(R"([["1"]])"));
  EXPECT_EQ(rows_of("SELECT COUNT(*) FROM sales.orders"), json::parse(R"([["4"]])"));
}

TEST_F(AskTest, RunSqlNamesAmbiguousDatabasesAndTruncatesHugeResults) {
  // 10,005 rows: the first 10,000, marked truncated.
  Resp many =
      sql("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10005) "
          "SELECT x FROM c");
  ASSERT_TRUE(root_ok(many)) << many.raw.substr(0, 300);
  EXPECT_EQ(many.data()["results"][0]["rows"].size(), 10000u);
  EXPECT_EQ(many.data()["results"][0]["truncated"], true);
  EXPECT_FALSE(sql("SELECT 1").data()["results"][0].contains("truncated"));

  database("other", "sales");  // a second database named sales, in another catalog
  Resp r = sql("SELECT 1 FROM sales.orders");
  EXPECT_TRUE(root_error(r, 400, "INVALID_ARGUMENT")) << r.raw;
  EXPECT_NE(r.body.value("msg", "").find("database name `sales` is ambiguous"), std::string::npos)
      << r.raw;
}

TEST_F(AskTest, ShowDatabasesTablesDescribeAndSelect3) {
  orders_and_customers();
  const auto op = [&](json body) {
    Resp r = root().post("/catalog/nl2sql/run_sql", body);
    EXPECT_TRUE(root_ok(r)) << body.dump() << "\n" << r.raw;
    return r.data()["results"];
  };
  database("crm-cat", "crm");
  json dbs = op({{"operation", "show_databases"}});
  EXPECT_EQ(dbs, json::parse(R"([{"columns":["Database"],"rows":[["crm"],["sales"]]}])"));
  json tables = op({{"operation", "show_table"}, {"db_names", {"sales", "crm"}}});
  EXPECT_EQ(tables,
            json::parse(R"([{"columns":["Tables_in_sales"],"rows":[["customers"],["orders"]]},
                                    {"columns":["Tables_in_crm"],"rows":[]}])"));
  json desc = op({{"operation", "desc_table"},
                  {"table_names", {{{"db_name", "sales"}, {"table_names", {"customers"}}}}}});
  ASSERT_EQ(desc.size(), 1u);
  EXPECT_EQ(desc[0]["columns"],
            json::parse(R"(["Field","Type","Null","Key","Default","Extra","Comment"])"));
  EXPECT_EQ(desc[0]["rows"][0][0], "id");
  EXPECT_EQ(desc[0]["rows"][0][1], "INT");
  EXPECT_EQ(desc[0]["rows"][1][0], "name");
  json create = op({{"operation", "show_create_table"},
                    {"table_names", {{{"db_name", "sales"}, {"table_names", {"customers"}}}}}});
  EXPECT_EQ(create[0]["columns"], json::parse(R"(["Table","Create Table"])"));
  EXPECT_NE(create[0]["rows"][0][1].get<std::string>().find("CREATE TABLE `customers`"),
            std::string::npos);
  json three = op({{"operation", "select_3"},
                   {"table_names", {{{"db_name", "sales"}, {"table_names", {"orders"}}}}}});
  EXPECT_EQ(three[0]["columns"], json::parse(R"(["id","customer_id","amount"])"));
  EXPECT_EQ(three[0]["rows"],
            json::parse(R"([["1","1","10.5"],["2","2","20.0"],["3","1","4.5"]])"));

  Resp bad = root().post("/catalog/nl2sql/run_sql", json{{"operation", "drop_everything"}});
  EXPECT_TRUE(root_error(bad, 400, "INVALID_ARGUMENT")) << bad.raw;
  Resp none = root().post("/catalog/nl2sql/run_sql", json{{"operation", "show_table"}});
  EXPECT_TRUE(root_error(none, 400, "INVALID_ARGUMENT")) << none.raw;
  Resp missing =
      root().post("/catalog/nl2sql/run_sql",
                  json{{"operation", "desc_table"},
                       {"table_names", {{{"db_name", "sales"}, {"table_names", {"x"}}}}}});
  EXPECT_TRUE(root_error(missing, 404, "NOT_FOUND")) << missing.raw;
  Resp no_op = root().post("/catalog/nl2sql/run_sql", json::object());
  EXPECT_TRUE(root_error(no_op, 400, "INVALID_ARGUMENT")) << no_op.raw;
}

TEST_F(AskTest, KnowledgeIsStoredSearchableAndDurable) {
  TempDir dir;
  EmulatorOptions options = test_options();
  options.state_file = (dir / "state.json").string();
  restart_with(options);
  const auto create = [&](json body) {
    Resp r = root().post("/catalog/nl2sql_knowledge/create", body);
    EXPECT_TRUE(root_ok(r)) << r.raw;
    return r.data()["id"].get<std::int64_t>();
  };
  const std::int64_t gmv = create({{"knowledge_type", "glossary"},
                                   {"knowledge_key", "GMV"},
                                   {"knowledge_value", {"gross merchandise value: SUM(amount)"}},
                                   {"embedding", {0.5, -1}},
                                   {"associate_tables", {"orders"}},
                                   {"explanation_type", "metric"}});
  const std::int64_t vip = create({{"knowledge_type", "rule"},
                                   {"knowledge_key", "VIP customer"},
                                   {"knowledge_value", {"a customer with more than 10 orders"}},
                                   {"embedding", nullptr},
                                   {"associate_tables", nullptr},
                                   {"explanation_type", ""}});
  EXPECT_EQ(vip, gmv + 1);
  Resp got = root().post("/catalog/nl2sql_knowledge/get", json{{"id", gmv}});
  ASSERT_TRUE(root_ok(got)) << got.raw;
  EXPECT_EQ(got.data()["type"], "glossary");
  EXPECT_EQ(got.data()["key"], "GMV");
  EXPECT_EQ(got.data()["value"], json::parse(R"j(["gross merchandise value: SUM(amount)"])j"));
  EXPECT_EQ(got.data()["embedding"], json::parse("[0.5, -1]"));
  EXPECT_EQ(got.data()["meta"]["associate_tables"], json::parse(R"(["orders"])"));
  EXPECT_TRUE(got.data()["created_at"].is_string());

  const auto search = [&](json body) {
    Resp r = root().post("/catalog/nl2sql_knowledge/search", body);
    EXPECT_TRUE(root_ok(r)) << r.raw;
    std::vector<std::int64_t> ids;
    for (const auto& k : r.data()["list"]) ids.push_back(k["id"].get<std::int64_t>());
    EXPECT_EQ(r.data()["total"], ids.size());
    return ids;
  };
  // Substring of the key or of a value, any letter case; the type when given.
  EXPECT_EQ(search({{"knowledge_key", "gmv"}}), std::vector<std::int64_t>{gmv});
  EXPECT_EQ(search({{"knowledge_key", "customer"}}), std::vector<std::int64_t>{vip});
  EXPECT_EQ(search({{"knowledge_key", "Sum(Amount)"}}), std::vector<std::int64_t>{gmv});
  EXPECT_EQ(search(json::object()), (std::vector<std::int64_t>{gmv, vip}));
  EXPECT_EQ(search({{"knowledge_key", "10 ORDERS"}}), std::vector<std::int64_t>{vip});
  EXPECT_EQ(search({{"knowledge_key", "customer"}, {"knowledge_type", "rule"}}),
            std::vector<std::int64_t>{vip});
  EXPECT_EQ(search({{"knowledge_key", "nothing like it"}}), std::vector<std::int64_t>{});
  Resp page =
      root().post("/catalog/nl2sql_knowledge/list", json{{"page_number", 2}, {"page_size", 1}});
  ASSERT_TRUE(root_ok(page)) << page.raw;
  EXPECT_EQ(page.data()["total"], 2);
  EXPECT_EQ(page.data()["list"][0]["id"], vip);

  // Update: the keys sent replace (null clears), the others stay.
  Resp updated =
      root().post("/catalog/nl2sql_knowledge/update",
                  json{{"id", gmv}, {"knowledge_key", "GMV (gross)"}, {"embedding", nullptr}});
  ASSERT_TRUE(root_ok(updated)) << updated.raw;
  restart_with(options);  // durable
  got = root().post("/catalog/nl2sql_knowledge/get", json{{"id", gmv}});
  EXPECT_EQ(got.data()["key"], "GMV (gross)");
  EXPECT_TRUE(got.data()["embedding"].is_null());
  EXPECT_EQ(got.data()["type"], "glossary");
  ASSERT_TRUE(root_ok(root().post("/catalog/nl2sql_knowledge/delete", json{{"id", gmv}})));
  Resp gone = root().post("/catalog/nl2sql_knowledge/get", json{{"id", gmv}});
  EXPECT_TRUE(root_error(gone, 404, "NOT_FOUND")) << gone.raw;
  EXPECT_EQ(create({{"knowledge_key", "next"}}), vip + 1);  // ids are never reused
  Resp no_key = root().post("/catalog/nl2sql_knowledge/create", json{{"knowledge_type", "x"}});
  EXPECT_TRUE(root_error(no_key, 400, "INVALID_ARGUMENT")) << no_key.raw;
  Resp bad_embedding = root().post("/catalog/nl2sql_knowledge/create",
                                   json{{"knowledge_key", "k"}, {"embedding", {"x"}}});
  EXPECT_TRUE(root_error(bad_embedding, 400, "INVALID_ARGUMENT")) << bad_embedding.raw;
}

TEST_F(AskTest, AnalyzeStreamsTheDocumentedSequenceOverARealCount) {
  orders_and_customers();
  const auto events = ask("How many rows in orders?");
  EXPECT_EQ(types(events),
            (std::vector<std::string>{
                "init", "classification", "step_start", "step_complete", "answer_chunk",
                "answer_chunk", "answer_chunk", "answer_chunk", "answer_chunk", "answer_chunk",
                "answer_chunk", "answer_chunk", "answer_chunk", "answer_chunk", "complete"}));
  const json& init = events[0].object;
  EXPECT_EQ(init["step_type"], "init");
  const std::string request_id = init["data"]["request_id"];
  EXPECT_EQ(request_id.size(), 36u);
  EXPECT_EQ(init["data"]["session_title"], "How many rows in orders?");
  EXPECT_EQ(events[1].object["data"]["type"], "query");
  EXPECT_EQ(events[2].object["data"]["sql"], "SELECT COUNT(*) AS `count` FROM `sales`.`orders`");
  EXPECT_EQ(events[3].object["step_type"], "sql_execution");
  EXPECT_EQ(events[3].object["data"]["columns"], json::parse(R"(["count"])"));
  EXPECT_EQ(events[3].object["data"]["rows"], json::parse(R"([["4"]])"));
  EXPECT_EQ(answer(events), "There are 4 rows in table orders of database sales.");
  EXPECT_EQ(events.back().object["data"]["request_id"], request_id);

  // Other rules: N rows of a table, a SELECT statement, a question no rule matches, no data.
  const auto rows = ask("show me the first 2 rows of customers");
  EXPECT_EQ(rows[3].object["data"]["rows"], json::parse(R"([["1","Ann"],["2","Bob"]])"));
  EXPECT_EQ(answer(rows), "Here are 2 rows of table customers of database sales.");
  const auto statement = ask("SELECT name FROM sales.customers WHERE id > 1");
  EXPECT_EQ(statement[3].object["data"]["rows"], json::parse(R"([["Bob"],["Cy"]])"));
  EXPECT_EQ(answer(statement), "The query returned 2 rows.");
  // A long question matches no rule (and is answered, not a crash).
  const auto long_question = ask("how many rows in " + std::string(500000, 'a'));
  EXPECT_EQ(types(long_question).back(), "complete");
  const auto other = ask("What is the meaning of life?");
  EXPECT_EQ(types(other).back(), "complete");
  EXPECT_NE(answer(other).find("how many rows in TABLE"), std::string::npos);
  const auto no_data = ask("how many rows in orders", json::object());
  EXPECT_EQ(answer(no_data).rfind("No related data", 0), 0u) << answer(no_data);
  // A table among those listed, and one that is not.
  EXPECT_EQ(types(ask("how many rows in orders", sales_config({"orders"}))).back(), "complete");
  const auto outside = ask("how many rows in customers", sales_config({"orders"}));
  EXPECT_EQ(outside.back().type(), "error");
  EXPECT_EQ(outside.back().object["data"]["code"], "TABLE_NOT_IN_SCOPE");
}

TEST_F(AskTest, AQuestionAboutAMissingTableStreamsAnErrorEvent) {
  orders_and_customers();
  const auto events = ask("how many rows in nosuchtable");
  EXPECT_EQ(types(events),
            (std::vector<std::string>{"init", "classification", "step_start", "error"}));
  EXPECT_EQ(events.back().object["data"]["message"], "table `sales`.`nosuchtable` does not exist");
  EXPECT_EQ(events.back().object["data"]["code"], "TABLE_NOT_FOUND");
  json unknown_db = sales_config();
  unknown_db["data_source"]["tables"]["db_name"] = "nosuchdb";
  const auto no_db = ask("how many rows in orders", unknown_db);
  EXPECT_EQ(types(no_db), (std::vector<std::string>{"init", "error"}));
  EXPECT_EQ(no_db.back().object["data"]["message"], "database `nosuchdb` does not exist");
  const auto bad_sql = ask("SELECT * FROM sales.orders; DELETE FROM sales.orders");
  EXPECT_EQ(bad_sql.back().type(), "error");
  EXPECT_EQ(rows_of("SELECT COUNT(*) FROM sales.orders"), json::parse(R"([["4"]])"));
}

TEST_F(AskTest, FaultMarkersShapeTheStream) {
  orders_and_customers();
  const auto unknown = ask("how many rows in orders [unknown]");
  EXPECT_EQ(unknown[2].name, "future_event");
  EXPECT_EQ(unknown.back().type(), "complete");
  EXPECT_EQ(answer(unknown), "There are 4 rows in table orders of database sales.");
  const auto big = ask("how many rows in orders [big]");
  ASSERT_GE(big.size(), 3u);
  EXPECT_EQ(big[2].type(), "chunks");
  EXPECT_GT(big[2].data.size(), 1024u * 1024u);
  EXPECT_EQ(big.back().type(), "complete");
  // [cut]: half an event, then the connection closes (no end of the chunked body).
  Resp cut = api().post("/data_asking/analyze", json{{"question", "how many rows in orders [cut]"},
                                                     {"config", sales_config()}});
  EXPECT_EQ(cut.status, 0);
  // An injected drop cuts the stream inside its second event.
  emu().inject(Fault::kDrop, 1, Endpoint::kD1Analyze);
  Resp dropped = api().post("/data_asking/analyze", json{{"question", "how many rows in orders"},
                                                         {"config", sales_config()}});
  EXPECT_EQ(dropped.status, 0);
  EXPECT_EQ(emu().faults_injected(), 1u);
}

TEST_F(AskTest, CancelStopsAStalledStreamAtOnce) {
  orders_and_customers();
  httplib::Client client("127.0.0.1", emu().port());
  client.set_read_timeout(30);
  std::mutex mu;
  std::string received;
  std::atomic<bool> have_init{false};
  std::thread reader([&] {
    httplib::Request req;
    req.method = "POST";
    req.path = "/byoa/api/v1/data_asking/analyze";
    req.headers = {{"moi-key", kKey}, {"Content-Type", "application/json"}};
    req.body =
        json{{"question", "how many rows in orders [stall]"}, {"config", sales_config()}}.dump();
    req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
      std::lock_guard<std::mutex> lock(mu);
      received.append(data, n);
      if (received.find("\"request_id\"") != std::string::npos) have_init = true;
      return true;
    };
    client.send(req);
  });
  const auto start = std::chrono::steady_clock::now();
  while (!have_init && std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(have_init);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::string request_id;
  {
    std::lock_guard<std::mutex> lock(mu);
    request_id = parse_events(received)[0].object["data"]["request_id"];
  }
  const auto asked = std::chrono::steady_clock::now();
  Resp cancelled = api().post("/data_asking/cancel?request_id=" + request_id, json::object());
  reader.join();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(2));
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(cancelled.body["code"], "OK");
  EXPECT_EQ(cancelled.data()["request_id"], request_id);
  EXPECT_EQ(cancelled.data()["status"], "cancelled");
  EXPECT_EQ(cancelled.data()["user_name"], "admin");
  const auto events = parse_events(received);
  EXPECT_EQ(types(events), (std::vector<std::string>{"init", "classification", "error"}));
  EXPECT_EQ(events.back().object["data"]["code"], "CANCELLED");

  Resp unknown = api().post("/data_asking/cancel?request_id=nope", json::object());
  EXPECT_EQ(unknown.status, 404) << unknown.raw;
  EXPECT_EQ(unknown.body["code"], "NOT_FOUND");
  Resp missing = api().post("/data_asking/cancel", json::object());
  EXPECT_EQ(missing.status, 422) << missing.raw;
}

TEST_F(AskTest, AnalyzeValidatesItsBody) {
  Resp blank = api().post("/data_asking/analyze", json{{"question", "  "}});
  EXPECT_EQ(blank.status, 422) << blank.raw;
  EXPECT_EQ(blank.body["detail"][0]["loc"], json::parse(R"(["body","question"])"));
  Resp none = api().post("/data_asking/analyze", json::object());
  EXPECT_EQ(none.status, 422) << none.raw;
  Resp bad_config = api().post("/data_asking/analyze", json{{"question", "q"}, {"config", 3}});
  EXPECT_EQ(bad_config.status, 422) << bad_config.raw;
  EmulatorOptions options = test_options();
  options.strict = true;
  restart_with(options);
  Resp strict = api().post("/data_asking/analyze", json{{"question", "q"}, {"surprise", 1}});
  EXPECT_EQ(strict.status, 422) << strict.raw;
  Resp strict_ok =
      api().post("/data_asking/analyze", json{{"question", "q"},
                                              {"source", "rag"},
                                              {"session_id", "s"},
                                              {"session_name", "n"},
                                              {"config", {{"anything", {{"goes", 1}}}}}});
  EXPECT_EQ(strict_ok.status, 200) << strict_ok.raw;
  Resp strict_sql = root().post("/catalog/nl2sql/run_sql", json{{"operation", "show_databases"},
                                                                {"statement", nullptr},
                                                                {"db_names", nullptr},
                                                                {"table_names", nullptr}});
  EXPECT_TRUE(root_ok(strict_sql)) << strict_sql.raw;
}

// ---- Row and column rules (issue 26): run_sql reads what `table data` shows ----------------

class AskRulesTest : public AskTest {
 protected:
  void SetUp() override {
    AskTest::SetUp();
    // The customer of row 6 holds quotes, a backquote, `;` and `--`: rules match it literally.
    payroll_ = table(sales_, "payroll",
                     "id,region,customer,salary\n1,eu,alice,100\n2,us,bob,200\n3,asia,carol,300\n"
                     "4,eu,dan,400\n5,EU,eve,\n6,us,\"o'hara `x\"\"; --\",250\n",
                     {"int", "varchar", "varchar", "int"});
    customers_ = table(sales_, "customers", "id,name\n1,Ann\n2,Bob\n", {"int", "varchar"});
    const Resp role = root().post("/role/create", json{{"name", "payroll-reader"},
                                                       {"authority_code_list", json::array()},
                                                       {"obj_authority_code_list", json::array()}});
    EXPECT_TRUE(root_ok(role)) << role.raw;
    role_ = role.data()["id"].get<std::int64_t>();
    const Resp user = root().post("/user/create", json{{"name", "reader"},
                                                       {"password", "pw-reader-1"},
                                                       {"role_id_list", {role_}},
                                                       {"get_api_key", true}});
    EXPECT_TRUE(root_ok(user)) << user.raw;
    user_ = user.data()["id"].get<std::int64_t>();
    reader_key_ = user.data()["api_key"].get<std::string>();
    reader_ = std::make_unique<RootApi>(emu().port(), reader_key_);
  }

  // The role now holds DT8 on payroll with salary hidden and @p rules (a rule_list), and
  // DT8 on every table of @p also.
  void grant(const std::vector<json>& rules, const std::vector<std::int64_t>& also = {}) {
    const json select{{"code", "DT8"},
                      {"black_column_list", json::array({"salary"})},
                      {"rule_list", json(rules)}};
    json objects = json::array({json{{"id", std::to_string(payroll_)},
                                     {"category", "table"},
                                     {"name", ""},
                                     {"authority_code_list", json::array({select})}}});
    for (const std::int64_t id : also) {
      objects.push_back(json{{"id", std::to_string(id)},
                             {"category", "table"},
                             {"name", ""},
                             {"authority_code_list", json::array({json{{"code", "DT8"}}})}});
    }
    const Resp r = root().post("/role/update_info", json{{"id", role_},
                                                         {"authority_code_list", json::array()},
                                                         {"obj_authority_code_list", objects}});
    ASSERT_TRUE(root_ok(r)) << r.raw;
  }

  static json expression(const std::string& op, const std::vector<std::string>& values,
                         const std::string& match_type = "") {
    return json{{"operator", op}, {"expression", values}, {"match_type", match_type}};
  }

  static json rule(const std::string& column, const std::string& op,
                   const std::vector<std::string>& values, const std::string& relation = "and",
                   const std::string& match_type = "") {
    return json{{"column", column},
                {"relation", relation},
                {"expression_list", json::array({expression(op, values, match_type)})}};
  }

  Resp reader_sql(const std::string& statement) {
    return reader_->post("/catalog/nl2sql/run_sql",
                         json{{"operation", "run_sql"}, {"statement", statement}});
  }

  // What `table data` (TB6) shows the reader of payroll, as run_sql answers it: the column
  // names, and the cells as text (null stays null).
  json table_data_as_sql() {
    const Resp r =
        reader_->post("/catalog/table/data", json{{"id", payroll_}, {"page_size", 1000}});
    EXPECT_TRUE(root_ok(r)) << r.raw;
    json columns = json::array();
    for (const auto& c : r.data()["columns"]) columns.push_back(c["name"]);
    json rows = json::array();
    for (const auto& row : r.data()["data"]) {
      json cells = json::array();
      for (const auto& cell : row) {
        cells.push_back(cell.is_null() || cell.is_string() ? cell : json(cell.dump()));
      }
      rows.push_back(cells);
    }
    return json{{"columns", columns}, {"rows", rows}};
  }

  std::int64_t payroll_ = 0;
  std::int64_t customers_ = 0;
  std::int64_t role_ = 0;
  std::int64_t user_ = 0;
  std::string reader_key_;
  std::unique_ptr<RootApi> reader_;
};

TEST_F(AskRulesTest, RunSqlReturnsExactlyWhatTableDataShowsForEveryOperator) {
  const std::string quoted_customer = "o'hara `x\"; --";
  struct Case {
    std::vector<json> rules;
    std::vector<std::string> ids;  // of the visible rows, in order
  };
  const std::vector<Case> cases = {
      {{}, {"1", "2", "3", "4", "5", "6"}},
      {{rule("region", "=", {"eu"})}, {"1", "4"}},
      {{rule("region", "!=", {"eu", "us"})}, {"3", "5"}},
      {{rule("region", "in", {"us", "asia"})}, {"2", "3", "6"}},
      {{rule("customer", "like", {"%A%", "e_e"})}, {"1", "3", "4", "5", "6"}},
      {{rule("customer", "like", {"_a%"})}, {"3", "4"}},
      {{rule("salary", ">", {"250"})}, {"3", "4"}},
      {{rule("salary", ">=", {"250"})}, {"3", "4", "6"}},
      {{rule("salary", "<", {"200"})}, {"1"}},
      {{rule("salary", "<=", {"200"})}, {"1", "2"}},
      {{rule("salary", "=", {"200.0"})}, {"2"}},  // numbers compare as numbers
      {{rule("region", "regexp_like", {"^e"})}, {"1", "4"}},
      {{rule("region", "regexp_like", {"^e"}, "and", "i")}, {"1", "4", "5"}},
      {{rule("customer", "=", {quoted_customer})}, {"6"}},
      {{rule("customer", "like", {"o'hara `x\"; --"})}, {"6"}},
      {{rule("customer", "in", {"x' OR '1'='1", "`; DROP TABLE t1; --"})}, {}},
      // Several expressions of one rule by its relation; several rules all pass.
      {{json{
           {"column", "salary"},
           {"relation", "or"},
           {"expression_list", json::array({expression("<", {"150"}), expression(">", {"350"})})}}},
       {"1", "4"}},
      {{json{
           {"column", "salary"},
           {"relation", "and"},
           {"expression_list", json::array({expression(">", {"100"}), expression("<", {"400"})})}}},
       {"2", "3", "6"}},
      {{rule("region", "=", {"us"}), rule("salary", ">", {"200"})}, {"6"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(json(c.rules).dump());
    grant(c.rules);
    const json expected = table_data_as_sql();
    EXPECT_EQ(expected["columns"], json::parse(R"(["id","region","customer"])"));
    std::vector<std::string> ids;
    for (const auto& row : expected["rows"]) ids.push_back(row[0].get<std::string>());
    EXPECT_EQ(ids, c.ids);
    const Resp r = reader_sql("SELECT * FROM sales.payroll");
    ASSERT_TRUE(root_ok(r)) << r.raw;
    EXPECT_EQ(r.data()["results"][0], expected);
    // The same through an alias, db.table.column and a join with itself.
    const Resp aliased = reader_sql(
        "SELECT p.id, sales.payroll.region, q.customer FROM `sales`.`payroll` AS payroll "
        "JOIN sales.payroll p ON p.id = payroll.id JOIN sales.payroll q ON q.id = p.id "
        "ORDER BY p.id");
    ASSERT_TRUE(root_ok(aliased)) << aliased.raw;
    EXPECT_EQ(aliased.data()["results"][0]["rows"], expected["rows"]);
  }
}

TEST_F(AskRulesTest, AHiddenColumnDoesNotExistAndTheStoredTableCannotBeReadAround) {
  grant({rule("region", "=", {"eu"})});
  const auto fails_like_a_missing_column = [&](const std::string& statement,
                                               const std::string& column) {
    const Resp r = reader_sql(statement);
    EXPECT_TRUE(root_error(r, 400, "INVALID_ARGUMENT")) << statement << "\n" << r.raw;
    EXPECT_EQ(r.body.value("msg", ""), "run_sql: no such column: " + column) << statement;
  };
  fails_like_a_missing_column("SELECT salary FROM sales.payroll", "salary");
  fails_like_a_missing_column("SELECT nosuch FROM sales.payroll", "nosuch");
  fails_like_a_missing_column("SELECT id FROM sales.payroll WHERE salary > 0", "salary");
  fails_like_a_missing_column("SELECT id FROM sales.payroll ORDER BY salary", "salary");
  fails_like_a_missing_column("SELECT p.id FROM sales.payroll p ORDER BY p.salary", "p.salary");
  fails_like_a_missing_column("SELECT sales.payroll.salary FROM sales.payroll", "payroll.salary");
  fails_like_a_missing_column("SELECT SUM(salary) FROM sales.payroll GROUP BY region", "salary");
  // Not through the table's storage name, SQLite's schema or a pragma function either.
  const std::string storage = "t" + std::to_string(payroll_);
  for (const std::string& statement :
       {"SELECT * FROM sales.payroll, " + storage,
        "SELECT * FROM sales.payroll, (main." + storage + ")",
        std::string("SELECT sql FROM sales.payroll, sqlite_temp_schema"),
        "SELECT * FROM sales.payroll, pragma_table_info('" + storage + "')"}) {
    const Resp r = reader_sql(statement);
    EXPECT_TRUE(root_error(r, 400, "INVALID_ARGUMENT")) << statement << "\n" << r.raw;
    EXPECT_EQ(r.raw.find("salary"), std::string::npos) << r.raw;
    EXPECT_EQ(r.raw.find("400"), std::string::npos) << r.raw;
  }
  const Resp reserved = reader_sql("WITH moi_rows_1 AS (SELECT 1) SELECT * FROM moi_rows_1");
  EXPECT_TRUE(root_error(reserved, 400, "INVALID_ARGUMENT")) << reserved.raw;
  // Aggregates count the visible rows only.
  const Resp count = reader_sql("SELECT COUNT(*), MAX(customer) FROM sales.payroll");
  EXPECT_EQ(count.data()["results"][0]["rows"], json::parse(R"([["2","dan"]])")) << count.raw;
}

TEST_F(AskRulesTest, ATableWithoutThePrivilegeIsRefusedEvenInAJoin) {
  grant({rule("region", "=", {"eu"})});
  const std::string denied =
      "permission denied: N1 needs privilege DT8 (select) on table "
      "`sales`.`customers` (id " +
      std::to_string(customers_) + "), which user \"reader\" (id " + std::to_string(user_) +
      ") does not hold";
  for (const std::string& statement :
       {std::string("SELECT * FROM sales.customers"),
        std::string(
            "SELECT p.id, c.name FROM sales.payroll p JOIN sales.customers c ON c.id = p.id"),
        std::string("SELECT id FROM sales.payroll WHERE id IN (SELECT id FROM sales.customers)")}) {
    const Resp r = reader_sql(statement);
    EXPECT_TRUE(root_error(r, 403, "PERMISSION_DENIED")) << statement << "\n" << r.raw;
    EXPECT_EQ(r.body.value("msg", ""), denied) << statement;
  }
  for (const std::string op : {"desc_table", "show_create_table", "select_3"}) {
    const Resp r = reader_->post(
        "/catalog/nl2sql/run_sql",
        json{{"operation", op},
             {"table_names", {{{"db_name", "sales"}, {"table_names", {"customers"}}}}}});
    EXPECT_TRUE(root_error(r, 403, "PERMISSION_DENIED")) << op << "\n" << r.raw;
    EXPECT_EQ(r.body.value("msg", ""), denied) << op;
  }
  // Granted without rules, the join runs; a user with no DT8 at all cannot call run_sql.
  grant({rule("region", "=", {"eu"})}, {customers_});
  const Resp joined =
      reader_sql("SELECT p.id, c.name FROM sales.payroll p JOIN sales.customers c ON c.id = p.id");
  EXPECT_EQ(joined.data()["results"][0]["rows"], json::parse(R"([["1","Ann"]])")) << joined.raw;
  const Resp none =
      root().post("/role/update_info", json{{"id", role_},
                                            {"authority_code_list", {"U2"}},
                                            {"obj_authority_code_list", json::array()}});
  ASSERT_TRUE(root_ok(none)) << none.raw;
  const Resp r = reader_sql("SELECT 1");
  EXPECT_TRUE(root_error(r, 403, "PERMISSION_DENIED")) << r.raw;
  EXPECT_EQ(r.body.value("msg", ""),
            "permission denied: N1 needs privilege DT8 (select) on a table, which user "
            "\"reader\" (id " +
                std::to_string(user_) + ") does not hold");
}

TEST_F(AskRulesTest, DescribePreviewAndAnalysisShowTheSameViewAndTheAdministratorEverything) {
  grant({rule("salary", ">=", {"200"})});
  const auto op = [&](RootApi& as, const std::string& name) {
    const Resp r =
        as.post("/catalog/nl2sql/run_sql",
                json{{"operation", name},
                     {"table_names", {{{"db_name", "sales"}, {"table_names", {"payroll"}}}}}});
    EXPECT_TRUE(root_ok(r)) << name << "\n" << r.raw;
    return r.data()["results"][0];
  };
  json fields = json::array();
  const json desc = op(*reader_, "desc_table");
  for (const auto& row : desc["rows"]) fields.push_back(row[0]);
  EXPECT_EQ(fields, json::parse(R"(["id","region","customer"])"));
  const std::string create = op(*reader_, "show_create_table")["rows"][0][1].get<std::string>();
  EXPECT_EQ(create.find("salary"), std::string::npos) << create;
  EXPECT_NE(create.find("`customer` VARCHAR"), std::string::npos) << create;
  const json three = op(*reader_, "select_3");
  EXPECT_EQ(three["columns"], json::parse(R"(["id","region","customer"])"));
  EXPECT_EQ(three["rows"],
            json::parse(R"([["2","us","bob"],["3","asia","carol"],["4","eu","dan"]])"));
  // The administrator: every column and row.
  EXPECT_EQ(op(root(), "select_3")["rows"],
            json::parse(R"([["1","eu","alice","100"],["2","us","bob","200"],
                            ["3","asia","carol","300"]])"));
  EXPECT_EQ(rows_of("SELECT COUNT(*), SUM(salary) FROM sales.payroll"),
            json::parse(R"([["6","1250"]])"));
  const Resp all = sql("SELECT * FROM sales.payroll WHERE id = 6");
  EXPECT_EQ(all.data()["results"][0]["columns"],
            json::parse(R"(["id","region","customer","salary"])"));

  // Data asking reads through the same rules.
  Api reader_byoa(emu().port(), reader_key_);
  const Resp asked =
      reader_byoa.post("/data_asking/analyze",
                       json{{"question", "how many rows in payroll"}, {"config", sales_config()}});
  EXPECT_NE(asked.raw.find(R"("columns":["count"],"rows":[["4"]])"), std::string::npos)
      << asked.raw;
  const Resp refused = reader_byoa.post(
      "/data_asking/analyze",
      json{{"question", "SELECT COUNT(*) FROM sales.customers"}, {"config", sales_config()}});
  EXPECT_NE(refused.raw.find("\"code\":\"PERMISSION_DENIED\""), std::string::npos) << refused.raw;
}

}  // namespace
}  // namespace moi::emulator::testing
