// SPDX-License-Identifier: Apache-2.0
// The completion calls of PLATFORM-NOTES §1 and §3 (catalog/database/volume info, update,
// delete and references; file records, renames and previews; folders; /healthz; load-task
// management; the connectors summary) through the real libcurl transport against a loopback
// server: method, host-root path, exact body or query, and the answers decoded.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/pagination.hpp"
#include "root_post_test.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::CannedResponse;
using testing::envelope;
using testing::no_data;
using testing::RecordedRequest;
using testing::TestServer;
using Query = std::multiset<std::pair<std::string, std::string>>;

constexpr const char* kKey = "completion-test-key";

class CatalogCompletionTest : public ::testing::Test {
 protected:
  CatalogCompletionTest() : client_(make_options()) {}

  ClientOptions make_options() {
    ClientOptions options;
    options.base_url = server_.base_url();
    options.api_key = kKey;
    options.retry.sleeper = [](std::chrono::milliseconds) {};
    return options;
  }

  // The requests the test made, each checked for method and path.
  std::vector<RecordedRequest> requests(
      const std::vector<std::pair<std::string, std::string>>& expected) {
    const auto all = server_.requests();
    EXPECT_EQ(all.size(), expected.size());
    for (std::size_t i = 0; i < std::min(all.size(), expected.size()); ++i) {
      EXPECT_EQ(all[i].method, expected[i].first) << i;
      EXPECT_EQ(all[i].path, expected[i].second) << i;
      EXPECT_EQ(all[i].header("moi-key"), kKey);
    }
    return all;
  }

  TestServer server_;
  Client client_;
};

TEST_F(CatalogCompletionTest, CatalogCallsSendTheIdAsAJsonInteger) {
  server_.enqueue(envelope({{"id", 7}, {"name", "docs"}, {"description", "d"}}));
  server_.enqueue(envelope({{"id", 7}}));
  server_.enqueue(envelope({{"list",
                             {{{"volume_id", "123"},
                               {"volume_name", "inbox"},
                               {"ref_type", "workflow"},
                               {"ref_id", "w-1"}}}}}));
  const CatalogInfo info = client_.catalog().get_catalog("7");
  client_.catalog().delete_catalog("7");
  const auto refs = client_.catalog().catalog_refs("7");
  const auto sent = requests(
      {{"POST", "/catalog/info"}, {"POST", "/catalog/delete"}, {"POST", "/catalog/ref_list"}});
  for (const auto& r : sent) EXPECT_EQ(r.json(), (Json{{"id", 7}}));
  EXPECT_EQ(info.name, "docs");
  EXPECT_EQ(info.id, "7");
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].volume_id, "123");
  EXPECT_EQ(refs[0].ref_type, "workflow");
  EXPECT_EQ(refs[0].ref_id, "w-1");
}

TEST_F(CatalogCompletionTest, UpdateCatalogWithoutADescriptionSendsTheCurrentOne) {
  server_.enqueue(envelope({{"id", 7}, {"name", "docs"}, {"description", "kept"}}));
  server_.enqueue(envelope({{"id", 7}}));
  UpdateCatalogRequest update;
  update.id = "7";
  update.name = "docs-2";
  client_.catalog().update_catalog(update);
  const auto sent = requests({{"POST", "/catalog/info"}, {"POST", "/catalog/update"}});
  EXPECT_EQ(sent[1].json(), (Json{{"id", 7}, {"name", "docs-2"}, {"description", "kept"}}));
}

TEST_F(CatalogCompletionTest, UpdateCatalogWithADescriptionIsOneCall) {
  server_.enqueue(envelope({{"id", 7}}));
  UpdateCatalogRequest update;
  update.id = "7";
  update.name = "docs-2";
  update.description = "";
  client_.catalog().update_catalog(update);
  const auto sent = requests({{"POST", "/catalog/update"}});
  EXPECT_EQ(sent[0].json(), (Json{{"id", 7}, {"name", "docs-2"}, {"description", ""}}));
}

TEST_F(CatalogCompletionTest, AnEmptyNameOrIdIsRefusedBeforeSending) {
  UpdateCatalogRequest update;
  update.id = "7";
  EXPECT_THROW(client_.catalog().update_catalog(update), InvalidArgumentError);
  EXPECT_THROW(client_.catalog().get_database(""), InvalidArgumentError);
  EXPECT_THROW(client_.folders().rename("f-1", ""), InvalidArgumentError);
  EXPECT_THROW(client_.load_tasks().retry("t-1", {}), InvalidArgumentError);
  EXPECT_THROW(client_.files().create_record(CreateFileRequest{}), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(CatalogCompletionTest, DatabaseListSendsTheCatalogIdUnderIdAndDecodesTheList) {
  server_.enqueue(envelope({{"list",
                             {{{"id", 9},
                               {"name", "db"},
                               {"table_count", 2},
                               {"volume_count", 1},
                               {"file_count", 5},
                               {"reserved", false},
                               {"created_at", "2026-01-02T03:04:05Z"},
                               {"new_key", true}}}}}));
  const auto list = client_.catalog().list_databases("7");
  const auto sent = requests({{"POST", "/catalog/database/list"}});
  EXPECT_EQ(sent[0].json(), (Json{{"id", 7}}));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].id, "9");
  EXPECT_EQ(list[0].table_count, 2);
  EXPECT_EQ(list[0].file_count, 5);
  EXPECT_EQ(list[0].extra, (Json{{"new_key", true}}));  // lossless
}

TEST_F(CatalogCompletionTest, DatabaseUpdateSendsOnlyTheDescription) {
  server_.enqueue(envelope({{"id", 9}}));
  server_.enqueue(envelope(nullptr));
  UpdateDatabaseRequest update;
  update.id = "9";
  update.description = "signed";
  client_.catalog().update_database(update);
  client_.catalog().delete_database("9");
  const auto sent =
      requests({{"POST", "/catalog/database/update"}, {"POST", "/catalog/database/delete"}});
  EXPECT_EQ(sent[0].json(), (Json{{"id", 9}, {"description", "signed"}}));
  EXPECT_EQ(sent[1].json(), (Json{{"id", 9}}));
}

TEST_F(CatalogCompletionTest, DatabaseInfoSendsTheIdAsAJsonIntegerAndDecodesTheDatabase) {
  server_.enqueue(envelope({{"id", 1802846183309291678LL},
                            {"name", "sales"},
                            {"description", "quarterly"},
                            {"created_at", "2026-01-02T03:04:05Z"},
                            {"updated_at", "2026-01-03T03:04:05Z"},
                            {"owner_hint", "x"}}));
  const DatabaseInfo info = client_.catalog().get_database("1802846183309291678");
  const auto sent = requests({{"POST", "/catalog/database/info"}});
  // One key, `id`, an exact JSON integer (19 digits never pass through a double).
  EXPECT_EQ(sent[0].body, R"({"id":1802846183309291678})");
  EXPECT_EQ(info.id, "1802846183309291678");
  EXPECT_EQ(info.name, "sales");
  EXPECT_EQ(info.description, "quarterly");
  EXPECT_EQ(info.created_at, Timestamp::from_text("2026-01-02T03:04:05Z"));
  EXPECT_EQ(info.updated_at, Timestamp::from_text("2026-01-03T03:04:05Z"));
  EXPECT_FALSE(info.table_count.has_value());
  EXPECT_EQ(info.extra, (Json{{"owner_hint", "x"}}));  // lossless
}

TEST_F(CatalogCompletionTest, DatabaseRefsSendsTheIdAsAJsonIntegerAndDecodesEachReference) {
  server_.enqueue(envelope({{"list",
                             {{{"volume_id", "1802846183309291678"},
                               {"volume_name", "inbox"},
                               {"ref_type", "workflow"},
                               {"ref_id", "w-1"}},
                              {{"volume_id", "55"},
                               {"volume_name", "outbox"},
                               {"ref_type", "export"},
                               {"ref_id", "e-2"}}}}}));
  server_.enqueue(envelope({{"list", nullptr}}));
  const auto refs = client_.catalog().database_refs("9");
  const auto none = client_.catalog().database_refs("10");
  const auto sent =
      requests({{"POST", "/catalog/database/ref_list"}, {"POST", "/catalog/database/ref_list"}});
  EXPECT_EQ(sent[0].body, R"({"id":9})");
  EXPECT_EQ(sent[1].body, R"({"id":10})");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].volume_id, "1802846183309291678");
  EXPECT_EQ(refs[0].volume_name, "inbox");
  EXPECT_EQ(refs[0].ref_type, "workflow");
  EXPECT_EQ(refs[0].ref_id, "w-1");
  EXPECT_EQ(refs[1].volume_id, "55");
  EXPECT_EQ(refs[1].volume_name, "outbox");
  EXPECT_EQ(refs[1].ref_type, "export");
  EXPECT_EQ(refs[1].ref_id, "e-2");
  EXPECT_TRUE(none.empty());  // a null list is no references
  EXPECT_THROW(client_.catalog().database_refs(""), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(CatalogCompletionTest, VolumeUpdateFillsWhatIsNotGivenFromTheVolume) {
  server_.enqueue(
      envelope({{"id", "1802846183309291678"}, {"name", "inbox"}, {"description", "d"}}));
  server_.enqueue(envelope({{"id", "1802846183309291678"}}));
  UpdateVolumeRequest update;
  update.id = "1802846183309291678";
  update.name = "inbox-2";
  client_.catalog().update_volume(update);
  const auto sent =
      requests({{"POST", "/catalog/volume/info"}, {"POST", "/catalog/volume/update"}});
  // Volume ids stay strings (19 digits never pass through a double).
  EXPECT_EQ(sent[1].json(),
            (Json{{"id", "1802846183309291678"}, {"name", "inbox-2"}, {"description", "d"}}));
}

TEST_F(CatalogCompletionTest, VolumeReferenceCallsSendTheVolumeIdAsText) {
  server_.enqueue(envelope({{"list", Json::array()}}));
  server_.enqueue(envelope({{"id", "v-1"}}));
  server_.enqueue(envelope({{"id", "v-1"}}));
  EXPECT_TRUE(client_.catalog().volume_refs("v-1").empty());
  client_.catalog().add_volume_workflow_ref("v-1");
  client_.catalog().remove_volume_workflow_ref("v-1");
  const auto sent = requests({{"POST", "/catalog/volume/ref_list"},
                              {"POST", "/catalog/volume/add_ref_workflow"},
                              {"POST", "/catalog/volume/remove_ref_workflow"}});
  for (const auto& r : sent) EXPECT_EQ(r.json(), (Json{{"id", "v-1"}}));
}

TEST_F(CatalogCompletionTest, FileRecordSendsEveryKeyAsTheOfficialSdksDo) {
  server_.enqueue(envelope({{"id", "f-9"}, {"name", "a.md"}}));
  CreateFileRequest create;
  create.name = "a.md";
  create.volume_id = "v-1";
  create.size = 12;
  create.dedup = UploadDedup::by_name();
  const NamedId made = client_.files().create_record(create);
  const auto sent = requests({{"POST", "/catalog/file/create"}});
  EXPECT_EQ(sent[0].json(), (Json{{"name", "a.md"},
                                  {"volume_id", "v-1"},
                                  {"parent_id", ""},
                                  {"size", 12},
                                  {"show_type", ""},
                                  {"origin_file_ext", ""},
                                  {"ref_file_id", ""},
                                  {"save_path", ""},
                                  {"hash", ""},
                                  {"dedup", {{"by", {"name"}}, {"strategy", "skip"}}}}));
  EXPECT_EQ(made.id, "f-9");
  EXPECT_EQ(made.name, "a.md");
}

TEST_F(CatalogCompletionTest, FileRenameDeleteRefUploadRecordAndPreviews) {
  server_.enqueue(envelope({{"id", "f-1"}}));
  server_.enqueue(envelope({{"id", "r-1"}}));
  server_.enqueue(envelope({{"id", 123}}));  // an integer id arrives as text
  server_.enqueue(envelope({{"link", "https://x/preview"}}));
  server_.enqueue(envelope({{"link", "https://x/stream"}}));
  client_.files().rename("f-1", "b.md");
  client_.files().delete_ref("r-1");
  FileRecordRequest record;
  record.name = "c.md";
  record.volume_id = "v-1";
  record.parent_id = "folder-1";
  EXPECT_EQ(client_.files().create_upload_record(record), "123");
  EXPECT_EQ(client_.files().preview_link("f-1", "v-1").link, "https://x/preview");
  EXPECT_EQ(client_.files().preview_stream("f-1").link, "https://x/stream");
  const auto sent = requests({{"POST", "/catalog/file/update"},
                              {"POST", "/catalog/file/delete_ref"},
                              {"POST", "/catalog/file/upload"},
                              {"POST", "/catalog/file/preview_link"},
                              {"POST", "/catalog/file/preview_stream"}});
  EXPECT_EQ(sent[0].json(), (Json{{"id", "f-1"}, {"name", "b.md"}}));
  EXPECT_EQ(sent[1].json(), (Json{{"id", "r-1"}}));
  EXPECT_EQ(sent[2].json(),
            (Json{{"name", "c.md"}, {"volume_id", "v-1"}, {"parent_id", "folder-1"}}));
  EXPECT_EQ(sent[3].json(), (Json{{"file_id", "f-1"}, {"volume_id", "v-1"}}));
  EXPECT_EQ(sent[4].json(), (Json{{"file_id", "f-1"}}));
}

TEST_F(CatalogCompletionTest, FolderCallsSendTheirBodies) {
  server_.enqueue(envelope({{"id", "fo-1"}, {"name", "reports"}}));
  server_.enqueue(envelope({{"id", "fo-1"}}));
  server_.enqueue(envelope({{"id", "fo-1"}}));
  server_.enqueue(envelope({{"id", "fo-1"}}));
  server_.enqueue(envelope({{"list", Json::array()}}));
  CreateFolderRequest create;
  create.name = "reports";
  create.volume_id = "v-1";
  EXPECT_EQ(client_.folders().create(create).id, "fo-1");
  client_.folders().rename("fo-1", "r2");
  client_.folders().clean("fo-1");
  client_.folders().remove("fo-1");
  EXPECT_TRUE(client_.folders().refs("fo-1").empty());
  const auto sent = requests({{"POST", "/catalog/folder/create"},
                              {"POST", "/catalog/folder/update"},
                              {"POST", "/catalog/folder/clean"},
                              {"POST", "/catalog/folder/delete"},
                              {"POST", "/catalog/folder/ref_list"}});
  EXPECT_EQ(sent[0].json(), (Json{{"name", "reports"}, {"volume_id", "v-1"}, {"parent_id", ""}}));
  EXPECT_EQ(sent[1].json(), (Json{{"id", "fo-1"}, {"name", "r2"}}));
  for (std::size_t i = 2; i < sent.size(); ++i) EXPECT_EQ(sent[i].json(), (Json{{"id", "fo-1"}}));
}

TEST_F(CatalogCompletionTest, IsFolderRecognisesTheFormsSeen) {
  FileInfo file;
  EXPECT_FALSE(is_folder(file));
  for (const char* type : {"folder", "dir", "DIR", "10"}) {
    file.file_type = type;
    EXPECT_TRUE(is_folder(file)) << type;
  }
  file.file_type = "text";
  EXPECT_FALSE(is_folder(file));
}

TEST_F(CatalogCompletionTest, HealthIsABareGetWithTheKey) {
  CannedResponse ok;
  ok.body = R"({"status":"ok"})";
  server_.enqueue(ok);
  EXPECT_EQ(client_.health().status, "ok");
  const auto sent = requests({{"GET", "/healthz"}});
  EXPECT_EQ(sent[0].body, "");
}

TEST_F(CatalogCompletionTest, AnUnhealthyServiceIsAnHttpError) {
  CannedResponse down;
  down.status = 500;
  down.body = R"({"status":"down"})";
  for (int i = 0; i < 4; ++i) server_.enqueue(down);
  ClientOptions options = make_options();
  options.retry.max_attempts = 1;
  Client once(options);
  EXPECT_THROW(once.health(), HttpError);
}

TEST_F(CatalogCompletionTest, CreateLoadTaskSendsTheDocumentedBody) {
  server_.enqueue(no_data());
  CreateLoadTaskRequest create;
  create.source_connector_id = "100001";
  create.volume_id = "1802846183309291678";
  create.source_config.common_file_task_config.uris = {"reports/"};
  create.source_config.common_file_task_config.load_mode_config.load_interval_type = 2;
  create.source_config.common_file_task_config.load_mode_config.interval = 6;
  client_.load_tasks().create(create);
  const auto sent = requests({{"POST", "/task"}});
  EXPECT_EQ(sent[0].json(),
            (Json{{"source_connector_id", 100001},
                  {"volume_id", "1802846183309291678"},
                  {"source_config",
                   {{"common_file_task_config",
                     {{"load_mode_config", {{"load_interval_type", 2}, {"interval", 6}}},
                      {"uris", {"reports/"}}}}}},
                  {"config_type", 1}}));
}

TEST_F(CatalogCompletionTest, ListLoadTasksSendsAQueryWithRepeatedKeys) {
  server_.enqueue(envelope({{"total", 1},
                            {"tasks",
                             {{{"id", 1897000000000000001},
                               {"status", 3},
                               {"source_connector_id", 100001},
                               {"created_at", 1760000000}}}}}));
  ListLoadTasksRequest request;
  request.page = 2;
  request.page_size = 5;
  request.is_desc = true;
  request.status = {LoadTaskStatus::kRunning, LoadTaskStatus::kPaused};
  request.load_interval_types = {4};
  const auto page = client_.load_tasks().list(request);
  const auto sent = requests({{"GET", "/task/list"}});
  EXPECT_EQ(Query(sent[0].query.begin(), sent[0].query.end()),
            (Query{{"page", "2"},
                   {"page_size", "5"},
                   {"is_desc", "true"},
                   {"status", "1"},
                   {"status", "3"},
                   {"load_interval_types", "4"}}));
  EXPECT_EQ(page.total, 1);
  ASSERT_EQ(page.tasks.size(), 1u);
  EXPECT_EQ(page.tasks[0].id, "1897000000000000001");  // exact, never through a double
  EXPECT_EQ(page.tasks[0].status, LoadTaskStatus::kPaused);
}

TEST_F(CatalogCompletionTest, AllLoadTasksPagesUntilTheTotal) {
  server_.enqueue(envelope({{"total", 3}, {"tasks", {{{"id", "1"}}, {{"id", "2"}}}}}));
  server_.enqueue(envelope({{"total", 3}, {"tasks", {{{"id", "3"}}}}}));
  ListLoadTasksRequest request;
  request.page_size = 2;
  std::vector<std::string> ids;
  for (const LoadTask& task : all_load_tasks(client_, request)) ids.push_back(*task.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(CatalogCompletionTest, TaskMutationsSendTheTaskIdAsText) {
  for (int i = 0; i < 5; ++i) server_.enqueue(no_data());
  client_.load_tasks().pause("1897000000000000001");
  client_.load_tasks().resume("1897000000000000001");
  client_.load_tasks().remove("1897000000000000001");
  client_.load_tasks().retry("1897000000000000001", {"f-1", "f-2"});
  UpdateLoadTaskRequest update;
  update.task_id = "1897000000000000001";
  update.uris = std::vector<std::string>{"a/", "b/"};
  client_.load_tasks().update(update);
  const auto sent = requests({{"POST", "/task/pause"},
                              {"POST", "/task/resume"},
                              {"POST", "/task/delete"},
                              {"POST", "/task/retry"},
                              {"POST", "/task/update"}});
  const Json id{{"task_id", "1897000000000000001"}};
  EXPECT_EQ(sent[0].json(), id);
  EXPECT_EQ(sent[1].json(), id);
  EXPECT_EQ(sent[2].json(), id);
  EXPECT_EQ(sent[3].json(), (Json{{"task_id", "1897000000000000001"}, {"ids", {"f-1", "f-2"}}}));
  EXPECT_EQ(sent[4].json(), (Json{{"task_id", "1897000000000000001"}, {"uris", {"a/", "b/"}}}));
}

TEST_F(CatalogCompletionTest, ConnectorSummaryTreatsEveryKeyAsOptional) {
  server_.enqueue(envelope({{"local_file", {{"file_count", 3}, {"size", 30}}},
                            {"mocloud_summary", {{"table_count", 2}}}}));
  const ConnectorSummary summary = client_.connectors().summary();
  requests({{"GET", "/connectors/summary"}});
  ASSERT_TRUE(summary.local_file);
  EXPECT_EQ(summary.local_file->file_count, 3);
  EXPECT_FALSE(summary.local_file->doc_data_size);
  EXPECT_FALSE(summary.baidu_netdisk);
  ASSERT_TRUE(summary.mocloud_summary);
  EXPECT_EQ(summary.mocloud_summary->table_count, 2);
}

TEST_F(CatalogCompletionTest, AServiceErrorOnDeleteNamesTheServiceMessage) {
  CannedResponse refused;
  refused.body =
      R"({"code":"INVALID_ARGUMENT","msg":"catalog 7 holds 1 database: delete them first","request_id":"r-9"})";
  server_.enqueue(refused);
  try {
    client_.catalog().delete_catalog("7");
    FAIL() << "no error";
  } catch (const ServiceError& error) {
    EXPECT_NE(std::string(error.what()).find("holds 1 database"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace moi
