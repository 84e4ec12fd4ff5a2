// SPDX-License-Identifier: Apache-2.0
// E1-E6 and the export lifecycle over simulated time.
#include <regex>

#include "emulator_fixture.hpp"

namespace moi::emulator::testing {
namespace {

using EmulatorExportTest = EmulatorTest;

const std::regex kIsoZ("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$");

void expect_consistent(const json& stats) {
  EXPECT_EQ(stats["total"].get<int>(), stats["pending"].get<int>() + stats["running"].get<int>() +
                                           stats["failed"].get<int>() +
                                           stats["completed"].get<int>())
      << stats;
  EXPECT_EQ(stats["fileSuccess"], stats["completed"]);
  EXPECT_EQ(stats["fileFail"], stats["failed"]);
}

TEST_F(EmulatorExportTest, TaskMovesThroughItsStatusesWithConsistentStats) {
  Resp created =
      api().post("/export/task/create", export_body("to MatrixOne", {"report.pdf", "notes.docx"}));
  ASSERT_TRUE(created.ok()) << created.raw;
  EXPECT_TRUE(created.data().is_null());
  std::string id = task_named("to MatrixOne");

  Resp info = api().post("/export/task/info", json{{"id", id}});
  ASSERT_TRUE(info.ok()) << info.raw;
  json d = info.data();
  EXPECT_EQ(d["status"], 1);
  EXPECT_EQ(d["creator"], "admin");
  EXPECT_EQ(d["type"], 3);
  EXPECT_EQ(d["config"]["mo_config"]["table_name"], "documents");
  EXPECT_EQ(d["create_time"], "2025-05-30T09:45:58Z");
  EXPECT_TRUE(d["end_time"].is_null());
  EXPECT_EQ(d["file_stats"]["running"], 1);
  EXPECT_EQ(d["file_stats"]["pending"], 1);
  expect_consistent(d["file_stats"]);

  emu().advance(2s);
  d = api().post("/export/task/info", json{{"id", id}}).data();
  EXPECT_EQ(d["status"], 2);
  EXPECT_EQ(d["end_time"], "2025-05-30T09:46:00Z");
  EXPECT_EQ(d["file_stats"]["completed"], 2);
  expect_consistent(d["file_stats"]);

  Resp files = api().post("/export/task/files", json{{"task_id", id}});
  ASSERT_TRUE(files.ok()) << files.raw;
  json f = files.data();
  EXPECT_EQ(f["total"], 2);
  EXPECT_EQ(f["total_files"], 2);
  EXPECT_EQ(f["total_success"], 2);
  EXPECT_EQ(f["total_failure"], 0);
  json first = f["files"][1];  // default order: created_at desc, ties in reverse file order
  EXPECT_EQ(first["file_name"], "report.pdf");
  EXPECT_EQ(first["file_type"], 2);
  EXPECT_EQ(first["status"], 2);
  EXPECT_EQ(first["full_path"], json({"data", "documents", "report.pdf"}));
  EXPECT_TRUE(std::regex_match(first["create_time"].get<std::string>(), kIsoZ));
  EXPECT_TRUE(std::regex_match(first["start_time"].get<std::string>(), kIsoZ));
  EXPECT_TRUE(std::regex_match(first["end_time"].get<std::string>(), kIsoZ));
  EXPECT_TRUE(first["details"].is_string());
}

TEST_F(EmulatorExportTest, FailedFilesRerunAndSucceed) {
  ASSERT_TRUE(api().post("/export/task/create", export_body("t", {"a.pdf", "b-fail.pdf"})).ok());
  std::string id = task_named("t");
  emu().advance(2s);
  json d = api().post("/export/task/info", json{{"id", id}}).data();
  EXPECT_EQ(d["status"], 3);
  EXPECT_EQ(d["file_stats"]["fileFail"], 1);
  json failed = api().post("/export/task/files", json{{"task_id", id}, {"statuses", {3}}}).data();
  ASSERT_EQ(failed["files"].size(), 1u);
  EXPECT_EQ(failed["files"][0]["file_name"], "b-fail.pdf");
  EXPECT_EQ(failed["total_failure"], 1);
  EXPECT_EQ(failed["total"], 1);
  EXPECT_EQ(failed["total_files"], 2);

  Resp rerun = api().post_raw("/export/task/" + id + "/rerun", "");
  ASSERT_TRUE(rerun.ok()) << rerun.raw;
  d = api().post("/export/task/info", json{{"id", id}}).data();
  EXPECT_EQ(d["status"], 1);
  EXPECT_TRUE(d["end_time"].is_null());
  expect_consistent(d["file_stats"]);
  emu().advance(1s);
  d = api().post("/export/task/info", json{{"id", id}}).data();
  EXPECT_EQ(d["status"], 2);
  EXPECT_EQ(d["file_stats"]["fileSuccess"], 2);
  EXPECT_EQ(d["file_stats"]["fileFail"], 0);
  EXPECT_EQ(api().post_raw("/export/task/nope/rerun", "").status, 404);
}

TEST_F(EmulatorExportTest, ListPaginatesSortsAndFilters) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    std::string name = "task-" + std::to_string(i);
    ASSERT_TRUE(
        api()
            .post("/export/task/create",
                  export_body(name, {"x.pdf"}, i % 2 == 0 ? "admin" : "bob", i < 2 ? "Dify" : "S3"))
            .ok());
    ids.push_back(task_named(name));
  }
  auto list = [&](json body) {
    Resp r = api().post("/export/task/list", body);
    EXPECT_TRUE(r.ok()) << r.raw;
    std::vector<std::string> out;
    for (const auto& t : r.data()["tasks"]) out.push_back(t["id"]);
    return std::make_pair(out, r.data()["total"].get<int>());
  };
  std::vector<std::string> newest_first(ids.rbegin(), ids.rend());
  EXPECT_EQ(list(json::object()).first, newest_first);
  EXPECT_EQ(list(json{{"order_direction", "asc"}}).first, ids);
  std::vector<std::string> paged;
  for (int offset = 0; offset < 6; offset += 2) {
    auto [page, total] = list(json{{"offset", offset}, {"limit", 2}});
    EXPECT_EQ(total, 5);
    paged.insert(paged.end(), page.begin(), page.end());
  }
  EXPECT_EQ(paged, newest_first);
  EXPECT_EQ(list(json{{"creator", "bob"}, {"order_direction", "asc"}}).first,
            (std::vector<std::string>{ids[1], ids[3]}));
  EXPECT_EQ(list(json{{"connector_name", "Dify"}}).second, 2);
  EXPECT_EQ(list(json{{"task_id", ids[2]}}).first, std::vector<std::string>{ids[2]});
  EXPECT_EQ(list(json{{"statuses", {1, 2}}}).second, 5);
  EXPECT_EQ(list(json{{"statuses", {2}}}).second, 0);
  emu().advance(1s);
  EXPECT_EQ(list(json{{"statuses", {2}}}).second, 5);
  EXPECT_EQ(list(json{{"order_by", "name"}, {"order_direction", "desc"}}).first, newest_first);

  Resp r = api().post("/export/task/list", json::object());
  json task = r.data()["tasks"][0];
  EXPECT_EQ(task["export_source"], json::array({json::array({"data", "documents", "x.pdf"})}));
  EXPECT_TRUE(std::regex_match(task["create_time"].get<std::string>(), kIsoZ));
  EXPECT_TRUE(std::regex_match(task["end_time"].get<std::string>(), kIsoZ));
  // An empty body means all defaults.
  EXPECT_TRUE(api().post_raw("/export/task/list", "").ok());
}

TEST_F(EmulatorExportTest, FilesPaginateAndSortBothWays) {
  std::vector<std::string> names;
  for (int i = 0; i < 7; ++i) names.push_back("f" + std::to_string(i) + ".txt");
  ASSERT_TRUE(api().post("/export/task/create", export_body("t", names)).ok());
  std::string id = task_named("t");
  auto page = [&](json body) {
    body["task_id"] = id;
    std::vector<std::string> out;
    Resp r = api().post("/export/task/files", body);
    for (const auto& f : r.data()["files"]) {
      out.push_back(f["file_name"]);
    }
    return out;
  };
  std::vector<std::string> asc;
  for (int offset = 0; offset < 7; offset += 3) {
    auto p = page(json{{"offset", offset}, {"limit", 3}, {"order_direction", "asc"}});
    asc.insert(asc.end(), p.begin(), p.end());
  }
  EXPECT_EQ(asc, names);
  std::vector<std::string> desc(names.rbegin(), names.rend());
  EXPECT_EQ(page(json{{"limit", 100}}), desc);
  EXPECT_EQ(page(json::object()).size(), 7u);
  EXPECT_EQ(page(json{{"order_by", "file_name"}, {"order_direction", "desc"}, {"limit", 2}}),
            (std::vector<std::string>{"f6.txt", "f5.txt"}));
  EXPECT_EQ(page(json{{"statuses", {1}}}), std::vector<std::string>{"f0.txt"});
}

TEST_F(EmulatorExportTest, DeleteRemovesTheTask) {
  ASSERT_TRUE(api().post("/export/task/create", export_body("t", {"a.pdf"})).ok());
  std::string id = task_named("t");
  Resp r = api().post("/export/task/delete", json{{"id", id}});
  ASSERT_TRUE(r.ok()) << r.raw;
  EXPECT_TRUE(r.data().is_null());
  Resp gone = api().post("/export/task/info", json{{"id", id}});
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.body, json({{"detail", "export task not found"}}));
  EXPECT_EQ(api().post("/export/task/delete", json{{"id", id}}).status, 404);
  EXPECT_EQ(api().post("/export/task/files", json{{"task_id", id}}).status, 404);
}

TEST_F(EmulatorExportTest, CreateChecksTheNestedConfig) {
  json body = export_body("t", {"a.pdf"});
  body["config"]["mo_config"]["column"]["export_column"][0].erase("source_column");
  body["files"][0].erase("is_raw");
  body.erase("creator");
  Resp r = api().post("/export/task/create", body);
  ASSERT_EQ(r.status, 422) << r.raw;
  std::vector<json> locs;
  for (const auto& e : r.body["detail"]) locs.push_back(e["loc"]);
  EXPECT_EQ(locs,
            (std::vector<json>{
                json{"body", "creator"},
                json{"body", "config", "mo_config", "column", "export_column", 0, "source_column"},
                json{"body", "files", 0, "is_raw"},
            }));
  // The Dify and S3 examples of the document are accepted as they are.
  json dify = export_body("d", {"a.pdf"});
  dify["type"] = 1;
  dify["config"] = json{{"dify_config",
                         {{"dataset_id", "dataset_123"},
                          {"dataset_name", "test"},
                          {"embedding_model", "text-embedding-ada-002"}}},
                        {"merge_title_to_text", false}};
  EXPECT_TRUE(api().post("/export/task/create", dify).ok());
  json s3 = export_body("s", {"result.json"});
  s3["type"] = 2;
  s3["config"] =
      json{{"s3_config",
            {{"path", "/export/data/"}, {"need_compress", true}, {"compress_method", "zip"}}}};
  EXPECT_TRUE(api().post("/export/task/create", s3).ok());
  EXPECT_EQ(api().post("/export/task/info", json::object()).status, 422);
}

}  // namespace
}  // namespace moi::emulator::testing
