// SPDX-License-Identifier: Apache-2.0
// Upload staging (U2-U5, `/connectors/file/*`), the `table_config` form of U1 and typed dedup,
// through the real libcurl transport against a loopback server: method, path at the host root
// (the base URL's prefix kept), the exact multipart parts and JSON bodies (PLATFORM-NOTES
// 2.2-2.4), ids accepted as strings or integers, and what is refused before sending.

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "moi/client.hpp"
#include "moi/file_client.hpp"
#include "moi/helpers/upload_directory.hpp"
#include "root_post_test.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::envelope;
using testing::RecordedPart;
using testing::RecordedRequest;

class StagingTest : public testing::RootPostTest {
 protected:
  StagingTest() : RootPostTest("/gw", "staging-key") {}
  static std::string text(const RecordedRequest& request, const std::string& name) {
    for (const RecordedPart& part : request.parts) {
      if (part.name == name) return part.content;
    }
    ADD_FAILURE() << "no part " << name;
    return {};
  }

  testing::TempDir files_;
};

TEST_F(StagingTest, StageSendsMetaFirstThenOneFilePartPerFile) {
  server_.enqueue(envelope({{"conn_file_ids", {"c-1", 1889578498228068352ULL}}}));
  StageFilesRequest stage;
  stage.files = {{files_.write("orders.csv", "id,name\n1,a\n")},
                 {files_.write("more.csv", "id,name\n2,b\n"), {}, {}, "imports/2026"}};
  const std::vector<std::string> ids = client().files().stage(stage);
  EXPECT_EQ(ids, (std::vector<std::string>{"c-1", "1889578498228068352"}));
  const RecordedRequest request = sent("/connectors/file/upload");
  EXPECT_EQ(request.header("Content-Type").rfind("multipart/form-data; boundary=", 0), 0U);
  EXPECT_EQ(request.part_names(), (std::vector<std::string>{"meta", "file", "file"}));
  EXPECT_EQ(Json::parse(text(request, "meta")),
            Json::parse(R"([{"filename": "orders.csv", "path": "/"},
                            {"filename": "more.csv", "path": "imports/2026"}])"));
  std::vector<RecordedPart> files;
  for (const RecordedPart& part : request.parts) {
    if (part.name == "file") files.push_back(part);
  }
  ASSERT_EQ(files.size(), 2U);
  EXPECT_EQ(files[0].filename, "orders.csv");
  EXPECT_EQ(files[0].content_type, "text/csv");
  EXPECT_EQ(files[0].content, "id,name\n1,a\n");
  EXPECT_EQ(files[1].filename, "more.csv");
  EXPECT_EQ(files[1].content, "id,name\n2,b\n");
}

TEST_F(StagingTest, StageRefusesBadInputBeforeSendingAndAWrongIdCountAfter) {
  EXPECT_THROW(client().files().stage(StageFilesRequest{}), InvalidArgumentError);
  StageFilesRequest missing;
  missing.files = {{files_.write("ok.csv", "a\n")}, {"/nonexistent/x.csv"}};
  try {
    client().files().stage(missing);
    ADD_FAILURE() << "no error";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/x.csv"), std::string::npos);
  }
  EXPECT_EQ(server_.request_count(), 0U);

  server_.enqueue(envelope({{"conn_file_ids", {"only-one"}}}));
  StageFilesRequest two;
  two.files = {{files_.write("a.csv", "a\n")}, {files_.write("b.csv", "b\n")}};
  try {
    client().files().stage(two);
    ADD_FAILURE() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("1 ids for 2 files"), std::string::npos)
        << error.what();
  }
}

TEST_F(StagingTest, PreviewSendsTheGoSdkKeysAndDecodesColumns) {
  server_.enqueue(envelope(Json::parse(R"({"conn_file_id": 77, "file_type": 7, "rows": [
      {"number": 1, "columnName": "id", "columnValues": ["1", "2"], "charNumber": "A",
       "charColumnName": "id"},
      {"number": 2, "columnName": "name", "columnValues": ["a", "b"], "charNumber": "B",
       "charColumnName": "name", "future": true}]})")));
  PreviewStagedRequest preview;
  preview.conn_file_id = "77";
  const StagedFilePreview seen = client().files().preview_staged(preview);
  EXPECT_EQ(sent("/connectors/file/preview").json(),
            Json::parse(R"({"conn_file_id": "77", "connector_id": 0, "uri": "",
                            "isColumnName": true, "columnNameRow": 1})"));
  EXPECT_EQ(seen.conn_file_id, "77");  // an integer id arrives as text
  EXPECT_EQ(seen.file_type, FileType::kCsv);
  ASSERT_EQ(seen.rows.size(), 2U);
  EXPECT_EQ(seen.rows[1].column_name, "name");
  EXPECT_EQ(seen.rows[1].column_values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(seen.rows[1].char_number, "B");
  EXPECT_EQ(seen.rows[1].extra, (Json{{"future", true}}));

  const ImportTableColumn column = to_import_column(seen.rows[0], "int");
  EXPECT_EQ(Json(column), Json::parse(R"({"number": 1, "columnName": "id",
      "columnValues": ["1", "2"], "charNumber": "A", "charColumnName": "id", "column": "id",
      "dataType": "int", "isKey": false, "col_num_in_file": 1, "precision": []})"));
}

TEST_F(StagingTest, PreviewWithEveryOptionAndItsRefusals) {
  server_.enqueue(envelope({{"conn_file_id", "c-2"}, {"rows", Json::array()}}));
  PreviewStagedRequest preview;
  preview.conn_file_id = "c-2";
  preview.is_column_name = false;
  preview.column_name_row = 3;
  preview.row_start = 4;
  preview.csv = PreviewCsvOptions{";", "'", false};
  preview.file_type = FileType::kCsv;
  client().files().preview_staged(preview);
  EXPECT_EQ(sent("/connectors/file/preview").json(),
            Json::parse(R"({"conn_file_id": "c-2", "connector_id": 0, "uri": "",
                            "isColumnName": false, "columnNameRow": 3, "rowStart": 4,
                            "csv": {"separator": ";", "delimiter": "'", "isEscape": false},
                            "file_type": 7})"));
  PreviewStagedRequest none;
  EXPECT_THROW(client().files().preview_staged(none), InvalidArgumentError);
  preview.row_start = 1001;
  EXPECT_THROW(client().files().preview_staged(preview), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 1U);
}

TEST_F(StagingTest, LinkAndDeleteNameOneStagedFile) {
  server_.enqueue(envelope({{"url", "https://x/staged?sig=1"}}));
  EXPECT_EQ(client().files().staged_link("c-9"), "https://x/staged?sig=1");
  EXPECT_EQ(sent("/connectors/file/download").json(), (Json{{"conn_file_id", "c-9"}}));
  server_.enqueue(envelope({{"success", true}}));
  client().files().delete_staged("c-9");
  EXPECT_EQ(server_.request_count(), 2U);
  const RecordedRequest deleted = server_.last_request();
  EXPECT_EQ(deleted.path, "/gw/connectors/file/delete");
  EXPECT_EQ(deleted.json(), (Json{{"conn_file_id", "c-9"}}));
  EXPECT_THROW(client().files().staged_link(""), InvalidArgumentError);
  EXPECT_THROW(client().files().delete_staged(""), InvalidArgumentError);
  // A link answer without a url is a DecodeError naming it.
  server_.enqueue(envelope({{"link", "https://x"}}));
  try {
    client().files().staged_link("c-9");
    ADD_FAILURE() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("data.url"), std::string::npos) << error.what();
  }
}

TEST_F(StagingTest, ImportOfStagedFilesIntoANewTableSendsTableConfigWithoutFileParts) {
  server_.enqueue(envelope({{"success", true},
                            {"file_id", "c-1"},
                            {"task_id", 1889613340219121664ULL},
                            {"table_id", 12},
                            {"results", Json::array()}}));
  TableImportConfig config;
  config.new_table = true;
  config.database_id = "42";
  config.conn_file_ids = {"c-1"};
  NewTableConfig table;
  table.name = "orders";
  table.description = "daily";
  StagedColumn seen;
  seen.number = 1;
  seen.column_name = "id";
  seen.char_number = "A";
  seen.char_column_name = "id";
  ImportTableColumn id = to_import_column(seen, "int");
  id.is_key = true;
  table.table_column = {id};
  config.create_table = table;
  config.row_start = 2;
  config.conflict = ImportConflict::kSkip;
  UploadRequest request;
  request.table_config = config;
  const UploadResponse answer = client().files().upload(request);
  EXPECT_EQ(answer.table_id, "12");
  EXPECT_EQ(answer.task_id, "1889613340219121664");

  const RecordedRequest sent_request = sent("/connectors/upload");
  EXPECT_EQ(sent_request.part_names(),
            (std::vector<std::string>{"VolumeID", "meta", "table_config"}));
  EXPECT_EQ(text(sent_request, "VolumeID"), "123456");  // the official SDKs' placeholder
  EXPECT_EQ(Json::parse(text(sent_request, "meta")),
            Json::parse(R"([{"filename": "c-1", "path": "/"}])"));
  EXPECT_EQ(Json::parse(text(sent_request, "table_config")), Json::parse(R"({
      "new_table": true, "database_id": 42, "conn_file_ids": ["c-1"],
      "create_table": {"name": "orders", "description": "daily", "tableColumn": [
        {"number": 1, "columnName": "id", "columnValues": [], "charNumber": "A",
         "charColumnName": "id", "column": "id", "dataType": "int", "isKey": true,
         "col_num_in_file": 1, "precision": []}]},
      "isColumnName": true, "columnNameRow": 1, "rowStart": 2, "conflict": 1,
      "existed_table_opts": {"method": ""}})"));
}

TEST_F(StagingTest, ImportIntoAnExistingTableWithFilePartsAndAMapping) {
  server_.enqueue(envelope({{"success", true}, {"task_id", "t-1"}}));
  TableImportConfig config;
  config.database_id = "42";
  config.table_id = "7";
  config.existed_table = {ImportColumnMapping{"customer", "name"},
                          ImportColumnMapping{"note", "NULL"}, ImportColumnMapping{"id", "", 1}};
  config.existed_table_opts.method = "overwrite";
  UploadRequest request;
  request.volume_id = "v-1";
  request.files = {{files_.write("orders.csv", "id,name\n1,a\n")}};
  request.dedup = UploadDedup::by_md5();
  request.table_config = config;
  client().files().upload(request);
  const RecordedRequest sent_request = sent("/connectors/upload");
  EXPECT_EQ(sent_request.part_names(),
            (std::vector<std::string>{"VolumeID", "meta", "dedup", "table_config", "file"}));
  EXPECT_EQ(text(sent_request, "VolumeID"), "v-1");
  EXPECT_EQ(Json::parse(text(sent_request, "dedup")),
            Json::parse(R"({"by": ["md5"], "strategy": "skip"})"));
  EXPECT_EQ(Json::parse(text(sent_request, "table_config")), Json::parse(R"({
      "new_table": false, "database_id": 42, "table_id": 7, "conn_file_ids": [],
      "isColumnName": true, "columnNameRow": 1, "conflict": 0,
      "existed_table": [
        {"tableColumn": "customer", "column": "name", "col_num_in_file": 0},
        {"tableColumn": "note", "column": "NULL", "col_num_in_file": 0},
        {"tableColumn": "id", "column": "", "col_num_in_file": 1}],
      "existed_table_opts": {"method": "overwrite"}})"));
}

TEST_F(StagingTest, ABadTableConfigIsRefusedBeforeSending) {
  auto refused = [this](TableImportConfig config, bool with_file, const std::string& expected) {
    UploadRequest request;
    if (with_file) request.files = {{files_.write("x.csv", "a\n")}};
    request.table_config = std::move(config);
    try {
      client().files().upload(request);
      ADD_FAILURE() << "no error for " << expected;
    } catch (const InvalidArgumentError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  };
  TableImportConfig config;
  config.conn_file_ids = {"c-1"};
  refused(config, false, "database_id is empty");
  config.database_id = "42";
  refused(config, false, "table_id is not set");
  config.new_table = true;
  refused(config, false, "create_table is not set");
  config.create_table = NewTableConfig{"t"};
  refused(config, false, "at least one column");
  config.create_table->table_column = {ImportTableColumn{}};
  refused(config, false, "table_column[0] has no name");
  config.new_table = false;
  config.table_id = "7";
  config.existed_table_opts.method = "merge";
  refused(config, false, "existed_table_opts.method \"merge\"");
  config.existed_table_opts.method = "append";
  config.conn_file_ids.clear();
  refused(config, false, "no file to import");
  EXPECT_EQ(server_.request_count(), 0U);
}

TEST_F(StagingTest, DedupIsTypedAndCheckedBeforeSending) {
  EXPECT_EQ(Json(UploadDedup::by_name("replace")),
            Json::parse(R"({"by": ["name"], "strategy": "replace"})"));
  EXPECT_EQ(Json(UploadDedup::by_name_and_md5()),
            Json::parse(R"({"by": ["name", "md5"], "strategy": "skip"})"));
  // A record's dedup decodes from its JSON form (moi file create --json).
  const auto record = Json::parse(R"({"name": "a.md", "volume_id": "v",
      "dedup": {"by": ["name"], "strategy": "skip", "scope": "folder"}})")
                          .get<CreateFileRequest>();
  ASSERT_TRUE(record.dedup.has_value());
  EXPECT_EQ(record.dedup->by, (std::vector<std::string>{"name"}));
  EXPECT_EQ(record.dedup->extra, (Json{{"scope", "folder"}}));

  auto refused = [this](UploadDedup dedup, const std::string& expected) {
    UploadRequest request;
    request.volume_id = "v";
    request.files = {{files_.write("a.txt", "a")}};
    request.dedup = std::move(dedup);
    try {
      client().files().upload(request);
      ADD_FAILURE() << "no error for " << expected;
    } catch (const InvalidArgumentError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
    CreateFileRequest create;
    create.name = "a.md";
    create.volume_id = "v";
    create.dedup = request.dedup;
    EXPECT_THROW(client().files().create_record(create), InvalidArgumentError);
  };
  refused(UploadDedup{}, "dedup.by is empty");
  refused(UploadDedup{{"sha1"}}, "dedup by \"sha1\"");
  refused(UploadDedup::by_md5("overwrite"), "dedup strategy \"overwrite\"");
  EXPECT_EQ(server_.request_count(), 0U);
}

// moi::upload_directory sends one file per request: a refused file (an HTTP error, or a
// per-file "success": false) is named with its reason and never loses the others' ids.
class UploadDirectoryTest : public testing::RootPostTest {
 protected:
  UploadDirectoryTest() : RootPostTest("/gw", "dir-key") {}
  // The name of the one file part of an upload.
  static std::string file_name(const RecordedRequest& request) {
    for (const RecordedPart& part : request.parts) {
      if (part.name == "file") return part.filename;
    }
    return "";
  }
  static std::string part(const RecordedRequest& request, const std::string& name) {
    for (const RecordedPart& p : request.parts) {
      if (p.name == name) return p.content;
    }
    return "";
  }
  static testing::CannedResponse accepted(const std::string& name) {
    return envelope(
        {{"success", true},
         {"file_id", "f-" + name},
         {"task_id", "t-" + name},
         {"results", {{{"success", true}, {"file_id", "f-" + name}, {"message", "ok"}}}}});
  }
  testing::TempDir files_;
};

TEST_F(UploadDirectoryTest, OneFailedFileNeverLosesTheIdsOfTheOthers) {
  for (const char* name : {"a.txt", "b.txt", "c.txt", "d.txt", "e.txt"}) {
    files_.write(name, std::string("bytes of ") + name);
  }
  server_.set_handler([](const RecordedRequest& request) {
    const std::string name = file_name(request);
    if (name == "b.txt") {
      testing::CannedResponse refused;
      refused.status = 400;
      refused.body = R"({"code":"InvalidArgument","msg":"file b.txt is damaged"})";
      return refused;
    }
    if (name == "d.txt") {
      return envelope({{"success", false},
                       {"results", {{{"success", false}, {"message", "unsupported bytes"}}}}});
    }
    return accepted(name);
  });
  UploadDirectoryOptions options;
  options.parallel = 2;
  const DirectoryUploadResult result = upload_directory(client(), "v-1", files_.path(), options);
  EXPECT_EQ(result.uploaded, 3u);
  EXPECT_EQ(result.failed, 2u);
  EXPECT_EQ(result.skipped, 0u);
  ASSERT_EQ(result.entries.size(), 5u);
  std::map<std::string, const DirectoryUploadEntry*> by_path;
  for (const auto& entry : result.entries) by_path[entry.relative_path] = &entry;
  for (const char* name : {"a.txt", "c.txt", "e.txt"}) {
    const DirectoryUploadEntry& e = *by_path.at(name);
    EXPECT_EQ(e.outcome, DirectoryUploadEntry::Outcome::kUploaded) << name;
    EXPECT_EQ(e.file_id, std::string("f-") + name);
    EXPECT_EQ(e.task_id, std::string("t-") + name);
    EXPECT_EQ(e.message, "ok");
    EXPECT_EQ(e.reason, "");
  }
  const DirectoryUploadEntry& b = *by_path.at("b.txt");
  EXPECT_EQ(b.outcome, DirectoryUploadEntry::Outcome::kFailed);
  EXPECT_EQ(b.file_id, "");
  EXPECT_NE(b.reason.find("file b.txt is damaged"), std::string::npos) << b.reason;
  EXPECT_NE(b.reason.find("400"), std::string::npos) << b.reason;
  const DirectoryUploadEntry& d = *by_path.at("d.txt");
  EXPECT_EQ(d.outcome, DirectoryUploadEntry::Outcome::kFailed);
  EXPECT_EQ(d.file_id, "");
  EXPECT_EQ(d.reason, "unsupported bytes");
  // One request per file, each to U1 with the volume, none repeated (uploads create data).
  std::multiset<std::string> sent;
  for (const RecordedRequest& request : server_.requests()) {
    EXPECT_EQ(request.path, "/gw/connectors/upload");
    EXPECT_EQ(part(request, "VolumeID"), "v-1");
    sent.insert(file_name(request));
  }
  EXPECT_EQ(sent, (std::multiset<std::string>{"a.txt", "b.txt", "c.txt", "d.txt", "e.txt"}));
}

TEST_F(UploadDirectoryTest, FourUploadsRunAtOnceByDefault) {
  for (int i = 0; i < 8; ++i) files_.write("f" + std::to_string(i) + ".txt", "x");
  std::mutex mutex;
  std::condition_variable changed;
  int in_flight = 0;
  int arrived = 0;
  int most = 0;
  server_.set_handler([&](const RecordedRequest& request) {
    std::unique_lock<std::mutex> lock(mutex);
    ++arrived;
    most = std::max(most, ++in_flight);
    changed.notify_all();
    // The first four wait for each other (so four at once is seen), then stay a moment
    // longer unless a fifth arrives (so a fifth would be seen).
    if (arrived <= 4) {
      changed.wait_for(lock, std::chrono::seconds(10), [&] { return arrived >= 4; });
      changed.wait_for(lock, std::chrono::milliseconds(300), [&] { return in_flight > 4; });
    }
    --in_flight;
    return accepted(file_name(request));
  });
  const DirectoryUploadResult result = upload_directory(client(), "v-1", files_.path());
  EXPECT_EQ(UploadDirectoryOptions{}.parallel, 4u);
  EXPECT_EQ(result.uploaded, 8u);
  EXPECT_EQ(most, 4);
  EXPECT_EQ(server_.request_count(), 8u);
}

}  // namespace
}  // namespace moi
