// SPDX-License-Identifier: Apache-2.0
// table_rows (every row, page by page) and download_table (CSV to a file through FILE.part, or
// to a stream) through the real transport against loopback servers, hostile ones included.

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/tables.hpp"
#include "support/endless_server.hpp"
#include "support/raw_server.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::CannedResponse;
using testing::EndlessCsvServer;
using testing::RawServer;
using testing::TestServer;

Client client_for(const std::string& base_url) {
  ClientOptions options;
  options.base_url = base_url;
  options.api_key = "tables-helper-key";
  options.timeout = std::chrono::seconds(2);
  options.retry.max_attempts = 1;
  return Client(options);
}

CannedResponse rows_page(const Json& rows, std::int64_t total) {
  CannedResponse response;
  response.body = Json{
      {"code", "OK"},
      {"data",
       {{"columns", Json::parse(R"([{"name":"id","type":"INT"},
                                                    {"name":"note","type":"TEXT"}])")},
        {"data", rows},
        {"total_rows",
         total}}}}.dump();
  return response;
}

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/moi-tables-test-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

TEST(TableRowsTest, EveryRowOfEveryPageWithItsColumnNames) {
  TestServer server;
  server.enqueue(rows_page(Json::parse(R"([[1, "a"], [2, null]])"), 3));
  server.enqueue(rows_page(Json::parse(R"([[3, "c,d"]])"), 3));
  std::vector<Json> seen;
  for (const TableRow& row : table_rows(client_for(server.base_url()), "7205", 2)) {
    seen.push_back(row.to_object());
  }
  ASSERT_EQ(seen.size(), 3U);
  EXPECT_EQ(seen[0], (Json{{"id", 1}, {"note", "a"}}));
  EXPECT_TRUE(seen[1]["note"].is_null());
  EXPECT_EQ(seen[2]["note"], "c,d");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].json(), Json::parse(R"({"id": 7205, "page": 1, "page_size": 2})"));
  EXPECT_EQ(requests[1].json(), Json::parse(R"({"id": 7205, "page": 2, "page_size": 2})"));
}

TEST(TableRowsTest, CellsByColumnName) {
  TestServer server;
  server.enqueue(rows_page(Json::parse(R"([[7, "x"]])"), 1));
  auto rows = table_rows(client_for(server.base_url()), "7205");
  const TableRow& row = *rows.begin();
  EXPECT_EQ(row.at("id"), 7);
  EXPECT_THROW(row.at("missing"), InvalidArgumentError);
}

TEST(TableRowsTest, ARowThatIsNotAnArrayIsADecodeErrorNamingIt) {
  TestServer server;
  server.enqueue(rows_page(Json::parse(R"([[1, "a"], {"id": 2}])"), 2));
  try {
    auto rows = table_rows(client_for(server.base_url()), "7205");
    for (const TableRow& row : rows) (void)row;
    FAIL() << "expected DecodeError";
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "data.data[1]");
  }
}

TEST(DownloadTableTest, TheCsvLandsAtThePathOnlyWhenWhole) {
  TestServer server;
  CannedResponse csv;
  csv.body = "id,note\n1,\"a,b\"\n";
  csv.content_type = "text/csv";
  server.enqueue(csv);
  TempDir dir;
  const std::string path = dir.file("orders.csv");
  const Client client = client_for(server.base_url());
  EXPECT_EQ(download_table(client.tables(), "7205", path), csv.body.size());
  EXPECT_EQ(read_file(path), csv.body);
  EXPECT_FALSE(exists(path + ".part"));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
}

// sync: the part file is written back to disk window by window while the body arrives (8 MiB
// windows: 20 MiB spans two and a tail) and fsync'ed before the rename; the bytes are the same.
TEST(DownloadTableTest, WithSyncALargeBodyLandsWholeAndIsRenamedIntoPlace) {
  TestServer server;
  CannedResponse csv;
  csv.body.reserve((20U << 20U) + 16);
  for (int i = 0; csv.body.size() < (20U << 20U); ++i) {
    csv.body += std::to_string(i) + ",row " + std::to_string(i) + "\n";
  }
  csv.content_type = "text/csv";
  server.enqueue(csv);
  TempDir dir;
  const std::string path = dir.file("large.csv");
  DownloadTableOptions options;
  options.sync = true;
  EXPECT_EQ(download_table(client_for(server.base_url()).tables(), "7205", path, options),
            csv.body.size());
  EXPECT_TRUE(read_file(path) == csv.body);  // (not EXPECT_EQ: no 20 MiB diff on failure)
  EXPECT_FALSE(exists(path + ".part"));
}

TEST(DownloadTableTest, ATruncatedBodyLeavesNothingBehind) {
  RawServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\nid,note\n1,a\n",
      RawServer::Then::kClose);
  TempDir dir;
  const std::string path = dir.file("orders.csv");
  EXPECT_THROW(download_table(client_for(server.base_url()).tables(), "7205", path),
               TransportError);
  EXPECT_FALSE(exists(path));
  EXPECT_FALSE(exists(path + ".part"));
}

// An endless body stops at the caller's bounds: max_bytes (both overloads) or the deadline;
// nothing is left at the path either way.
TEST(DownloadTableTest, AnEndlessBodyStopsAtMaxBytesOrTheDeadline) {
  EndlessCsvServer server;
  TempDir dir;
  const std::string path = dir.file("endless.csv");
  const Client client = client_for(server.base_url());
  DownloadTableOptions bounded;
  bounded.max_bytes = 1U << 20U;
  try {
    download_table(client.tables(), "7205", path, bounded);
    FAIL() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_STREQ(error.what(),
                 "table 7205: the CSV is larger than the limit of 1048576 bytes "
                 "(DownloadTableOptions::max_bytes, moi: --max-bytes): stopped");
  }
  EXPECT_FALSE(exists(path));
  EXPECT_FALSE(exists(path + ".part"));

  std::ostringstream out;
  EXPECT_THROW(download_table(client.tables(), "7205", out, {}, 1U << 20U), TransportError);
  EXPECT_LE(out.str().size(), 1U << 20U);

  DownloadTableOptions timed;
  timed.call.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  EXPECT_THROW(download_table(client.tables(), "7205", path, timed), TimeoutError);
  EXPECT_FALSE(exists(path));
  EXPECT_FALSE(exists(path + ".part"));
}

TEST(DownloadTableTest, AnExistingFileIsNotReplacedUnlessAsked) {
  TestServer server;
  CannedResponse csv;
  csv.body = "id\n2\n";
  csv.content_type = "text/csv";
  server.set_default(csv);
  TempDir dir;
  const std::string path = dir.file("orders.csv");
  std::ofstream(path) << "keep me";
  const Client client = client_for(server.base_url());
  EXPECT_THROW(download_table(client.tables(), "7205", path), InvalidArgumentError);
  EXPECT_EQ(server.request_count(), 0U);
  EXPECT_EQ(read_file(path), "keep me");

  DownloadTableOptions replace;
  replace.overwrite = true;
  download_table(client.tables(), "7205", path, replace);
  EXPECT_EQ(read_file(path), "id\n2\n");
}

TEST(DownloadTableTest, APlantedPartFileIsNeverFollowed) {
  TestServer server;
  CannedResponse csv;
  csv.body = "id\n2\n";
  csv.content_type = "text/csv";
  server.set_default(csv);
  TempDir dir;
  const std::string victim = dir.file("victim");
  std::ofstream(victim) << "secret";
  const std::string path = dir.file("orders.csv");
  ASSERT_EQ(::symlink(victim.c_str(), (path + ".part").c_str()), 0);
  EXPECT_THROW(download_table(client_for(server.base_url()).tables(), "7205", path),
               InvalidArgumentError);
  EXPECT_EQ(read_file(victim), "secret");
  EXPECT_FALSE(exists(path));
  EXPECT_EQ(server.request_count(), 0U);
}

TEST(DownloadTableTest, AnErrorAnswerWritesNoFile) {
  TestServer server;
  CannedResponse missing;
  missing.status = 404;
  missing.body = R"({"code":"NOT_FOUND","msg":"no table 7205"})";
  server.enqueue(missing);
  TempDir dir;
  const std::string path = dir.file("orders.csv");
  EXPECT_THROW(download_table(client_for(server.base_url()).tables(), "7205", path), HttpError);
  EXPECT_FALSE(exists(path));
  EXPECT_FALSE(exists(path + ".part"));
}

TEST(DownloadTableTest, ToAStream) {
  TestServer server;
  CannedResponse csv;
  csv.body = std::string(300000, 'x');
  csv.content_type = "text/csv";
  server.enqueue(csv);
  std::ostringstream out;
  EXPECT_EQ(download_table(client_for(server.base_url()).tables(), "7205", out), 300000U);
  EXPECT_EQ(out.str(), csv.body);
}

// The code docs/tables.md shows (its regions are compared by docs/check_snippets.py), run
// against a loopback server that answers as the service does.
TEST(TablesDocsTest, CreateReadAndDownload) {
  TestServer server;
  CannedResponse created;
  created.body = R"({"code":"OK","msg":"OK","data":{"id":7205}})";
  server.enqueue(created);
  server.enqueue(rows_page(Json::parse(R"([[1, "first"], [2, null]])"), 2));
  CannedResponse csv;
  csv.body = "id,note\n1,first\n2,\n";
  csv.content_type = "text/csv";
  server.set_default(csv);
  const Client client = client_for(server.base_url());
  const std::string database_id = "42";
  TempDir dir;
  const std::string path = dir.file("orders.csv");
  std::ostringstream out;

  // [create-and-read]
  moi::CreateTableRequest create;
  create.database_id = database_id;
  create.name = "orders";
  create.columns = {{"id", "INT"}, {"note", "VARCHAR(64)"}};
  create.columns[0].is_pk = true;
  const std::string table_id = client.tables().create_table(create);

  // Every row, one page (100 rows) at a time: cells are JSON values (numbers, text, null).
  for (const moi::TableRow& row : moi::table_rows(client, table_id)) {
    out << row.at("id") << " " << row.at("note") << "\n";  // or row.to_object()
  }
  // [create-and-read]
  EXPECT_EQ(out.str(), "1 \"first\"\n2 null\n");
  EXPECT_EQ(server.requests()[0].json(),
            Json::parse(R"j({"database_id": 42, "name": "orders", "columns": [
                {"name": "id", "type": "INT", "is_pk": true},
                {"name": "note", "type": "VARCHAR(64)"}]})j"));

  out.str("");
  // [download]
  moi::download_table(client.tables(), table_id, path);  // 0600, never replaced
  moi::DownloadTableOptions options;
  options.overwrite = true;  // replace the file
  moi::download_table(client.tables(), table_id, path, options);
  moi::download_table(client.tables(), table_id, out);  // or any std::ostream
  // [download]
  EXPECT_EQ(read_file(path), csv.body);
  EXPECT_EQ(out.str(), csv.body);
}

}  // namespace
}  // namespace moi
