// SPDX-License-Identifier: Apache-2.0
// J1-J5 and the job lifecycle over simulated time.
#include <regex>
#include <set>

#include "emulator_fixture.hpp"

namespace moi::emulator::testing {
namespace {

using EmulatorJobTest = EmulatorTest;

const std::regex kIsoNoZone("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$");

json named_files(const std::vector<std::string>& names) {
  json files = json::array();
  for (const auto& n : names) files.push_back(json{{"file_name", n}});
  return files;
}

// Counters of J3 must add up whatever the moment.
void expect_consistent(const json& files) {
  EXPECT_EQ(files["total"].get<int>(), files["completed"].get<int>() + files["failed"].get<int>() +
                                           files["processing"].get<int>() +
                                           files["pending"].get<int>() +
                                           files["stopped"].get<int>())
      << files;
}

TEST_F(EmulatorJobTest, LifecycleMovesFilesThroughPendingProcessingCompleted) {
  std::string job = job_of(create_workflow("wf")["id"]);  // 3 simulated files, 1 s each

  json s = job_status(job);
  EXPECT_EQ(s["job_id"], job);
  EXPECT_EQ(s["status"], 1);
  EXPECT_EQ(s["progress"], 0);
  EXPECT_EQ(s["start_time"], 1748598358000);
  EXPECT_TRUE(s["end_time"].is_null());
  json f = job_files(job);
  EXPECT_EQ(f["total"], 3);
  EXPECT_EQ(f["processing"], 1);
  EXPECT_EQ(f["pending"], 2);
  expect_consistent(f);
  EXPECT_EQ(f["files"][0]["file_status"], 1);
  EXPECT_TRUE(std::regex_match(f["files"][0]["start_time"].get<std::string>(), kIsoNoZone));
  EXPECT_TRUE(f["files"][0]["end_time"].is_null());
  EXPECT_EQ(f["files"][1]["file_status"], 0);
  EXPECT_TRUE(f["files"][1]["start_time"].is_null());

  emu().advance(1000ms);
  s = job_status(job);
  EXPECT_EQ(s["progress"], 33);
  f = job_files(job);
  EXPECT_EQ(f["completed"], 1);
  EXPECT_EQ(f["processing"], 1);
  EXPECT_EQ(f["pending"], 1);
  expect_consistent(f);
  EXPECT_EQ(f["files"][0]["file_status"], 2);
  EXPECT_EQ(f["files"][0]["end_time"], "2025-05-30T09:45:59");

  emu().advance(2000ms);
  s = job_status(job);
  EXPECT_EQ(s["status"], 2);
  EXPECT_EQ(s["progress"], 100);
  EXPECT_EQ(s["message"], "Job completed successfully.");
  EXPECT_EQ(s["end_time"], 1748598358000 + 3000);
  f = job_files(job);
  EXPECT_EQ(f["completed"], 3);
  expect_consistent(f);
  EXPECT_EQ(api().get("/workflow_job").data()["jobs"][0]["status"], 2);
}

TEST_F(EmulatorJobTest, SimulatedFilesAreNamedAfterTheVolumeAndTypes) {
  std::string job = job_of(create_workflow("wf", {{"source_volume_names", {"b-vol1", "b-vol2"}},
                                                  {"source_volume_ids", {"1", "2"}},
                                                  {"file_types", {2, 6}}})["id"]);
  json f = job_files(job, {{"page_size", "100"}});
  ASSERT_EQ(f["total"], 6);
  EXPECT_EQ(f["files"][0]["file_name"], "b-vol1-doc-01.pdf");
  EXPECT_EQ(f["files"][1]["file_name"], "b-vol1-doc-02.md");
  EXPECT_EQ(f["files"][1]["file_type"], 6);
  EXPECT_EQ(f["files"][3]["file_name"], "b-vol2-doc-01.pdf");
  EXPECT_EQ(f["files"][0]["target_volume_id"], "eb42f0a1-ab18-4010-b95c-cd1716dd5e95");
  EXPECT_TRUE(f["files"][0]["source_id"].is_string());
  EXPECT_TRUE(f["files"][0]["ref_file_id"].is_string());
}

TEST_F(EmulatorJobTest, FailedFileIsRetriedAndCompletes) {
  std::string job = job_of(create_workflow(
      "wf", {{"files", named_files({"a.pdf", "report-fail.pdf", "c.docx"})}})["id"]);
  emu().advance(3s);
  json s = job_status(job);
  EXPECT_EQ(s["status"], 3);
  EXPECT_EQ(s["progress"], 100);
  json failed = job_files(job, {{"statuses", "3"}});
  ASSERT_EQ(failed["file_total"], 1);
  EXPECT_EQ(failed["total"], 3);
  EXPECT_EQ(failed["failed"], 1);
  json file = failed["files"][0];
  EXPECT_EQ(file["file_name"], "report-fail.pdf");
  EXPECT_EQ(file["file_type"], 2);
  EXPECT_TRUE(file["error_message"].is_string());
  EXPECT_EQ(job_files(job)["files"][2]["file_type"], 11);  // docx

  Resp retry = api().post("/workflow_job/" + job + "/files", json{{"files", {file["id"]}}});
  ASSERT_TRUE(retry.ok()) << retry.raw;
  EXPECT_TRUE(retry.data().is_null());
  s = job_status(job);
  EXPECT_EQ(s["status"], 1);
  EXPECT_EQ(s["progress"], 66);
  EXPECT_TRUE(s["end_time"].is_null());
  EXPECT_EQ(job_files(job, {{"statuses", "1"}})["files"][0]["id"], file["id"]);

  emu().advance(1s);
  s = job_status(job);
  EXPECT_EQ(s["status"], 2);
  EXPECT_EQ(s["end_time"], 1748598358000 + 4000);
  json after = job_files(job, {{"statuses", "2"}});
  EXPECT_EQ(after["file_total"], 3);
  EXPECT_EQ(after["failed"], 0);
}

TEST_F(EmulatorJobTest, AlwaysFailMarkerFailsRetriesToo) {
  std::string job =
      job_of(create_workflow("wf", {{"files", named_files({"x-fail-always.pdf"})}})["id"]);
  emu().advance(1s);
  std::string file = job_files(job)["files"][0]["id"];
  ASSERT_TRUE(api().post("/workflow_job/" + job + "/files", json{{"files", {file}}}).ok());
  emu().advance(1s);
  EXPECT_EQ(job_status(job)["status"], 3);
  EXPECT_EQ(job_files(job)["failed"], 1);
}

TEST_F(EmulatorJobTest, FailRatioFailsAnExactSeededShare) {
  BehaviorOptions b = emu().behavior();
  b.fail_ratio = 0.34;
  emu().set_behavior(b);
  std::string job = job_of(create_workflow("wf")["id"]);
  emu().advance(3s);
  json f = job_files(job);
  EXPECT_EQ(f["failed"], 1);
  EXPECT_EQ(f["completed"], 2);
  std::string failed_name = job_files(job, {{"statuses", "3"}})["files"][0]["file_name"];

  // Same seed, same requests: the same file fails.
  EmulatorOptions o = test_options();
  o.behavior.fail_ratio = 0.34;
  restart(o);
  job = job_of(create_workflow("wf")["id"]);
  emu().advance(3s);
  EXPECT_EQ(job_files(job, {{"statuses", "3"}})["files"][0]["file_name"], failed_name);
}

TEST_F(EmulatorJobTest, FilesPaginateAndFilterByRepeatedStatuses) {
  BehaviorOptions b = emu().behavior();
  b.files_per_volume = 25;
  emu().set_behavior(b);
  std::string job = job_of(create_workflow("wf")["id"]);
  std::set<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    json f = job_files(job, {{"page_num", std::to_string(page)}, {"page_size", "10"}});
    EXPECT_EQ(f["file_total"], 25);
    EXPECT_EQ(f["files"].size(), page < 3 ? 10u : 5u);
    for (const auto& file : f["files"]) seen.insert(file["id"].get<std::string>());
  }
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(job_files(job)["files"].size(), 10u);  // default page_size
  emu().advance(2500ms);                           // 2 completed, 1 processing, 22 pending
  json f = job_files(job, {{"statuses", "1"}, {"statuses", "2"}, {"page_size", "50"}});
  EXPECT_EQ(f["file_total"], 3);
  EXPECT_EQ(f["completed"], 2);
  EXPECT_EQ(f["processing"], 1);
  EXPECT_EQ(f["pending"], 22);
  expect_consistent(f);
}

TEST_F(EmulatorJobTest, ParallelFilesShortenTheJob) {
  BehaviorOptions b = emu().behavior();
  b.parallel_files = 3;
  emu().set_behavior(b);
  std::string job = job_of(create_workflow("wf")["id"]);
  EXPECT_EQ(job_files(job)["processing"], 3);
  emu().advance(1s);
  EXPECT_EQ(job_status(job)["status"], 2);
}

TEST_F(EmulatorJobTest, ListFiltersSortsAndPaginates) {
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) {
    json files = json::array();
    for (int k = 0; k <= i; ++k) files.push_back(json{{"file_name", "f" + std::to_string(k)}});
    made.push_back(job_of(create_workflow("job-" + std::to_string(i),
                                          {{"files", files}, {"priority", 100 * (i + 1)}})["id"]));
  }
  auto ids = [&](const Query& q) {
    Resp r = api().get("/workflow_job", q);
    EXPECT_TRUE(r.ok()) << r.raw;
    std::vector<std::string> out;
    for (const auto& j : r.data()["jobs"]) out.push_back(j["id"]);
    return out;
  };
  std::vector<std::string> newest_first(made.rbegin(), made.rend());
  EXPECT_EQ(ids({}), newest_first);  // default: created_at descending
  EXPECT_EQ(ids({{"sort_order", "asc"}}), made);
  EXPECT_EQ(ids({{"sort_field", "created_at"}, {"sort_order", "desc"}}), newest_first);
  EXPECT_EQ(ids({{"sort_field", "name"}, {"sort_order", "asc"}}), made);
  // Pages of 2.
  std::vector<std::string> paged;
  for (int page = 1; page <= 3; ++page) {
    for (const auto& id : ids({{"page_num", std::to_string(page)}, {"page_size", "2"}})) {
      paged.push_back(id);
    }
  }
  EXPECT_EQ(paged, newest_first);
  Resp r = api().get("/workflow_job", {{"page_size", "2"}});
  EXPECT_EQ(r.data()["total"], 5);
  // Filters: file count, priority, name.
  EXPECT_EQ(ids({{"count_ge", "2"}, {"count_le", "3"}, {"sort_order", "asc"}}),
            (std::vector<std::string>{made[1], made[2]}));
  EXPECT_EQ(ids({{"priority", "100"}, {"priority", "500"}, {"sort_order", "asc"}}),
            (std::vector<std::string>{made[0], made[4]}));
  EXPECT_EQ(ids({{"name_search", "JOB-3"}}), std::vector<std::string>{made[3]});
  EXPECT_EQ(ids({{"name_search", "b-vol1"}}).size(), 5u);  // source volume names match too
  EXPECT_EQ(ids({{"file_types", "2"}}).size(), 5u);
  EXPECT_EQ(ids({{"file_types", "7"}}).size(), 0u);
}

TEST_F(EmulatorJobTest, JobRecordFollowsTheCreatedRecordLayout) {
  std::string wf = create_workflow("wf", {{"file_types", {1, 2}}})["id"];
  std::string job = job_of(wf);
  Resp r = api().get("/workflow_job/" + job);
  ASSERT_TRUE(r.ok()) << r.raw;
  json d = r.data();
  EXPECT_EQ(d["id"], job);
  EXPECT_EQ(d["file_types"], "[1, 2]");
  EXPECT_EQ(d["source_volume_ids"], "[\"1889223879880048640\"]");
  EXPECT_EQ(d["files"], "[]");
  EXPECT_EQ(d["created_at"], "2025-05-30T09:45:58");
  EXPECT_EQ(d["flow_interval"], 0);
  EXPECT_EQ(d["workflow_meta_id"], wf);
  EXPECT_EQ(d["status"], 1);
  EXPECT_TRUE(d["end_time"].is_null());
}

TEST_F(EmulatorJobTest, RetryRejectsUnknownFilesAndBadBodies) {
  std::string job = job_of(create_workflow("wf")["id"]);
  Resp unknown = api().post("/workflow_job/" + job + "/files", json{{"files", {"nope"}}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, json({{"detail", "job file not found"}}));
  Resp bad = api().post("/workflow_job/" + job + "/files", json{{"files", "x"}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.body["detail"][0]["type"], "list_type");
  Resp missing = api().post("/workflow_job/" + job + "/files", json::object());
  ASSERT_EQ(missing.status, 422);
  EXPECT_EQ(missing.body["detail"][0]["loc"], json({"body", "files"}));
  EXPECT_EQ(api().post("/workflow_job/nope/files", json{{"files", json::array()}}).status, 404);
}

TEST_F(EmulatorJobTest, RetryingAFileInFlightChangesNothing) {
  std::string job = job_of(create_workflow("wf")["id"]);
  json before = job_files(job);
  std::string first = before["files"][0]["id"];
  ASSERT_TRUE(api().post("/workflow_job/" + job + "/files", json{{"files", {first}}}).ok());
  EXPECT_EQ(job_files(job), before);
}

}  // namespace
}  // namespace moi::emulator::testing

namespace moi::emulator::testing {
namespace {

TEST_F(EmulatorJobTest, HugePageValuesGiveEmptyPagesNotErrors) {
  std::string job = job_of(create_workflow("wf")["id"]);
  const std::string huge = "9223372036854775807";
  Resp r = api().get("/workflow_job", {{"page_num", huge}, {"page_size", huge}});
  ASSERT_TRUE(r.ok()) << r.raw;
  EXPECT_EQ(r.data()["total"], 1);
  EXPECT_TRUE(r.data()["jobs"].empty());
  json f = job_files(job, {{"page_num", huge}, {"page_size", huge}});
  EXPECT_EQ(f["file_total"], 3);
  EXPECT_TRUE(f["files"].empty());
  r = api().get("/workflow_meta", {{"offset", huge}, {"limit", huge}});
  ASSERT_TRUE(r.ok()) << r.raw;
  EXPECT_TRUE(r.data()["workflows"].empty());
  EXPECT_EQ(api().get("/workflow_meta", {{"limit", huge}}).data()["workflows"].size(), 1u);
  r = api().get("/workflow_job", {{"page_num", "99999999999999999999"}});
  EXPECT_EQ(r.status, 422);
}

}  // namespace
}  // namespace moi::emulator::testing
