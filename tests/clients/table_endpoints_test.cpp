// SPDX-License-Identifier: Apache-2.0
// The catalog-table calls (`/catalog/table/...`) through the real libcurl transport against a
// loopback server: method, path at the host root (a base URL prefix kept), the exact JSON body
// (ids as JSON integers, -1 for a subscribed database's table), and the answers decoded,
// including the bare array, the bare boolean and the streamed CSV.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "moi/client.hpp"
#include "root_post_test.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::CannedResponse;
using testing::envelope;
using testing::RecordedRequest;

class TableEndpointsTest : public testing::RootPostTest {
 protected:
  TableEndpointsTest() : RootPostTest("/gateway", "table-test-key") {}
  // The one request sent (RootPostTest::sent), with a JSON body.
  RecordedRequest sent(const std::string& path) const {
    const RecordedRequest request = RootPostTest::sent(path);
    EXPECT_EQ(request.header("Content-Type"), "application/json");
    return request;
  }
};

TEST_F(TableEndpointsTest, CreateSendsColumnsAndIntegerDatabaseId) {
  server_.enqueue(envelope({{"id", 7205}}));
  CreateTableRequest request;
  request.database_id = "42";
  request.name = "orders";
  request.comment = "daily orders";
  TableColumn id;
  id.name = "id";
  id.type = "INT";
  id.is_pk = true;
  TableColumn note;
  note.name = "note";
  note.type = "VARCHAR(32)";
  note.default_ = "none";
  request.columns = {id, note};
  EXPECT_EQ(client().tables().create_table(request), "7205");
  EXPECT_EQ(sent("/catalog/table/create").json(),
            Json::parse(R"j({"database_id": 42, "name": "orders", "comment": "daily orders",
                             "columns": [{"name": "id", "type": "INT", "is_pk": true},
                                         {"name": "note", "type": "VARCHAR(32)",
                                          "default": "none"}]})j"));
}

TEST_F(TableEndpointsTest, CreateRefusesATableWithoutColumnsBeforeSending) {
  CreateTableRequest request;
  request.database_id = "42";
  request.name = "empty";
  EXPECT_THROW(client().tables().create_table(request), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 0U);
}

TEST_F(TableEndpointsTest, InfoDecodesColumnsStatsAndKeepsUnknownKeys) {
  server_.enqueue(envelope(Json::parse(R"j({
    "name": "orders", "lines": 9007199254740993, "size": 2048,
    "columns": [{"name": "id", "type": "INT", "is_pk": true, "default": "", "comment": ""}],
    "stats": [{"name": "id", "type": "INT", "max_value": "9", "min_value": "1"}],
    "create_sql": "CREATE TABLE orders (id INT PRIMARY KEY)", "created_at": "2026-01-02T03:04:05Z",
    "created_by": "admin", "comment": "", "owner_group": "g1"})j")));
  const TableInfo info = client().tables().get_table("7205");
  EXPECT_EQ(sent("/catalog/table/info").json(), Json::parse(R"({"id": 7205})"));
  EXPECT_EQ(info.name, "orders");
  EXPECT_EQ(info.lines, 9007199254740993);  // exact past 2^53
  ASSERT_EQ(info.columns.size(), 1U);
  EXPECT_EQ(info.columns[0].is_pk, true);
  ASSERT_EQ(info.stats.size(), 1U);
  EXPECT_EQ(info.stats[0].max_value, "9");
  EXPECT_EQ(info.extra, (Json{{"owner_group", "g1"}}));
}

TEST_F(TableEndpointsTest, ASubscribedDatabasesTableIsNamedByDatabaseAndName) {
  server_.enqueue(envelope({{"name", "shared"}}));
  TableRef ref;
  ref.id = kTableIdInSubscribedDatabase;
  ref.database_id = "9";
  ref.table_name = "shared";
  EXPECT_EQ(client().tables().get_table(ref).name, "shared");
  EXPECT_EQ(sent("/catalog/table/info").json(),
            Json::parse(R"({"id": -1, "database_id": 9, "table_name": "shared"})"));

  TableRef incomplete;
  incomplete.id = "-1";
  EXPECT_THROW(client().tables().get_table(incomplete), InvalidArgumentError);
}

TEST_F(TableEndpointsTest, MultiInfoIsKeyedByDatabaseIdAndName) {
  server_.enqueue(
      envelope(Json::parse(R"({"info_map": {"42 orders": {"name": "orders", "lines": 3}}})")));
  TableRef a;
  a.id = "7205";
  TableRef b;
  b.id = "7206";
  const auto found = client().tables().get_tables({a, b});
  EXPECT_EQ(sent("/catalog/table/multi_info").json(),
            Json::parse(R"({"table_list": [{"id": 7205}, {"id": 7206}]})"));
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found.at("42 orders").lines, 3);
}

TEST_F(TableEndpointsTest, OverviewDecodesTheBareArray) {
  server_.enqueue(envelope(Json::parse(
      R"([{"db_name": "sales", "table_name": "orders", "col_names": ["id", "note"]}])")));
  const auto tables = client().tables().overview();
  EXPECT_EQ(sent("/catalog/table/overview").json(), Json::object());
  ASSERT_EQ(tables.size(), 1U);
  EXPECT_EQ(tables[0].col_names, (std::vector<std::string>{"id", "note"}));
}

TEST_F(TableEndpointsTest, OverviewNamesTheEntryThatDoesNotDecode) {
  server_.enqueue(envelope(Json::parse(R"([{"db_name": "a"}, {"db_name": 5}])")));
  try {
    client().tables().overview();
    FAIL() << "expected DecodeError";
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "data[1].db_name");
  }
}

TEST_F(TableEndpointsTest, ExistsDecodesTheBareBoolean) {
  server_.enqueue(envelope(true));
  EXPECT_TRUE(client().tables().table_exists("42", "orders"));
  EXPECT_EQ(sent("/catalog/table/exist").json(),
            Json::parse(R"({"database_id": 42, "name": "orders"})"));

  server_.enqueue(envelope("yes"));
  EXPECT_THROW(client().tables().table_exists("42", "orders"), DecodeError);
}

TEST_F(TableEndpointsTest, RowsArePagedWithTypedCells) {
  server_.enqueue(envelope(Json::parse(R"({
    "columns": [{"name": "id", "type": "INT"}, {"name": "note", "type": "TEXT"}],
    "data": [[1, "a,b"], [2, null]], "total_rows": 2, "page": 1, "page_size": 100})")));
  TableDataRequest request;
  request.id = "7205";
  request.page = 1;
  request.page_size = 100;
  const TableData rows = client().tables().get_rows(request);
  EXPECT_EQ(sent("/catalog/table/data").json(),
            Json::parse(R"({"id": 7205, "page": 1, "page_size": 100})"));
  ASSERT_EQ(rows.data.size(), 2U);
  EXPECT_EQ(rows.data[0], Json::parse(R"([1, "a,b"])"));
  EXPECT_TRUE(rows.data[1][1].is_null());
  EXPECT_EQ(rows.total_rows, 2);
}

TEST_F(TableEndpointsTest, LoadPassesItsOptionsThrough) {
  server_.enqueue(envelope({{"lines", 12}}));
  TableLoadRequest request;
  request.id = "7205";
  request.file_option = Json::parse(
      R"({"data_file_url": "s3://b/k.csv", "type": "csv", "start_row": 2,
          "csv_config": {"separator": ",", "quote": "\"", "is_escaped": false}})");
  request.table_option = Json::parse(R"({"conflict_policy": 1, "column_load_options": []})");
  EXPECT_EQ(client().tables().load_table(request).lines, 12);
  const Json body = sent("/catalog/table/load").json();
  EXPECT_EQ(body["id"], 7205);
  EXPECT_EQ(body["file_option"], request.file_option);
  EXPECT_EQ(body["table_option"], request.table_option);
}

TEST_F(TableEndpointsTest, DownloadLinkReadsUrl) {
  server_.enqueue(envelope({{"url", "https://signed.example/t.csv?sig=1"}}));
  EXPECT_EQ(client().tables().download_link("7205"), "https://signed.example/t.csv?sig=1");
  EXPECT_EQ(sent("/catalog/table/download").json(), Json::parse(R"({"id": 7205})"));
}

TEST_F(TableEndpointsTest, DownloadDataStreamsTheCsvToTheSink) {
  CannedResponse csv;
  csv.body = "id,note\n1,\"a,b\"\n2,\n";
  csv.content_type = "text/csv";
  server_.enqueue(csv);
  std::string received;
  client().tables().download_data("7205",
                                  [&received](std::string_view chunk) { received.append(chunk); });
  EXPECT_EQ(sent("/catalog/table/download_data").json(), Json::parse(R"({"id": 7205})"));
  EXPECT_EQ(received, csv.body);
}

TEST_F(TableEndpointsTest, DownloadDataDecodesAJsonAnswerAsAnError) {
  // An error sent as JSON with status 200 is not saved as CSV.
  CannedResponse error;
  error.body = R"({"code":"NOT_FOUND","msg":"table 7205 not found"})";
  server_.enqueue(error);
  bool sink_called = false;
  try {
    client().tables().download_data("7205", [&](std::string_view) { sink_called = true; });
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.code(), "NOT_FOUND");
  }
  EXPECT_FALSE(sink_called);
}

TEST_F(TableEndpointsTest, TruncateAndDeleteAreSentOnceEvenOn503) {
  CannedResponse busy;
  busy.status = 503;
  busy.body = R"({"code":"UNAVAILABLE","msg":"busy"})";
  server_.enqueue(busy);
  EXPECT_THROW(client().tables().truncate_table("7205"), HttpError);
  EXPECT_EQ(sent("/catalog/table/truncate").json(), Json::parse(R"({"id": 7205})"));
}

TEST_F(TableEndpointsTest, DeleteAcceptsAnEmptyData) {
  CannedResponse done;
  done.body = R"({"code":"OK","msg":"OK"})";
  server_.enqueue(done);
  client().tables().delete_table("7205");
  EXPECT_EQ(sent("/catalog/table/delete").json(), Json::parse(R"({"id": 7205})"));
}

TEST_F(TableEndpointsTest, FullPathSendsIntegerIds) {
  server_.enqueue(envelope(Json::parse(R"({"table_full_path": [
      {"id_list": ["1", "42", "7205"], "name_list": ["main", "sales", "orders"]}]})")));
  const auto paths = client().tables().full_path({"7205"});
  EXPECT_EQ(sent("/catalog/table/full_path").json(), Json::parse(R"({"table_id_list": [7205]})"));
  ASSERT_EQ(paths.size(), 1U);
  EXPECT_EQ(paths[0].name_list, (std::vector<std::string>{"main", "sales", "orders"}));
}

TEST_F(TableEndpointsTest, RefListAcceptsIntegerOrStringIds) {
  server_.enqueue(envelope(Json::parse(R"({"list": [
      {"table_id": 7205, "table_name": "orders", "ref_type": "workflow", "ref_id": "w-1"}]})")));
  const auto refs = client().tables().ref_list("7205");
  EXPECT_EQ(sent("/catalog/table/ref_list").json(), Json::parse(R"({"id": 7205})"));
  ASSERT_EQ(refs.size(), 1U);
  EXPECT_EQ(refs[0].table_id, "7205");
  EXPECT_EQ(refs[0].ref_id, "w-1");
}

}  // namespace
}  // namespace moi
