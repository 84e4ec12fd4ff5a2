// SPDX-License-Identifier: Apache-2.0
// W1-W7 and B1-B5 against the in-process emulator.
#include <regex>

#include "emulator_fixture.hpp"

namespace moi::emulator::testing {
namespace {

const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
const std::regex kIsoNoZone("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$");

using EmulatorWorkflowTest = EmulatorTest;

std::vector<std::string> ids_of(const json& list) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(item["id"].get<std::string>());
  return out;
}

TEST_F(EmulatorWorkflowTest, CreateAnswersTheDocumentedRecordWithArraysAsJsonText) {
  Resp r =
      api().post("/workflow_meta", workflow_body("wf-from-meta-api", {{"file_types", {1, 2}}}));
  ASSERT_TRUE(r.ok()) << r.raw;
  EXPECT_EQ(r.body["msg"], "ok");
  json d = r.data();
  EXPECT_TRUE(std::regex_match(d["id"].get<std::string>(), kUuid)) << d["id"];
  EXPECT_EQ(d["file_types"], "[1, 2]");
  EXPECT_EQ(d["source_volume_ids"], "[\"1889223879880048640\"]");
  EXPECT_EQ(d["source_volume_names"], "[\"b-vol1\"]");
  EXPECT_EQ(d["files"], "[]");
  EXPECT_TRUE(std::regex_match(d["created_at"].get<std::string>(), kIsoNoZone)) << d;
  EXPECT_TRUE(std::regex_match(d["updated_at"].get<std::string>(), kIsoNoZone)) << d;
  EXPECT_EQ(d["created_at"], "2025-05-30T09:45:58");  // the manual clock's start
  EXPECT_EQ(d["flow_interval"], 0);
  EXPECT_EQ(d["flow_offset"], 0);
  EXPECT_EQ(d["priority"], 300);
  EXPECT_EQ(d["version"], "1");
  EXPECT_EQ(d["group_id"], "");
  EXPECT_EQ(d["creator"], "admin");
  EXPECT_EQ(d["name"], "wf-from-meta-api");
  EXPECT_TRUE(d["user_id"].is_string());
}

TEST_F(EmulatorWorkflowTest, FilesAreEchoedAsPythonStyleJsonText) {
  json files = json::array({{{"file_name", "a.pdf"}, {"file_type", 2}}});
  json d = create_workflow("wf", {{"files", files}});
  EXPECT_EQ(d["files"], "[{\"file_name\": \"a.pdf\", \"file_type\": 2}]");
}

TEST_F(EmulatorWorkflowTest, VolumeIdsMayBeDigitStringsButNotOtherText) {
  json d = create_workflow("wf", {{"source_volume_ids", {"1928383194482323456"}}});
  EXPECT_EQ(d["source_volume_ids"], "[\"1928383194482323456\"]");
  Resp bad = api().post("/workflow_meta",
                        workflow_body("wf", {{"source_volume_ids", {"YOUR_SOURCE_VOLUME_ID_1"}}}));
  ASSERT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["detail"][0]["loc"], json({"body", "source_volume_ids", 0}));
  EXPECT_EQ(bad.body["detail"][0]["type"], "int_parsing");
}

// Issue 15 item 4: a socket a fully known component does not have is rejected; components
// whose sockets the documents do not fully show accept any name.
TEST_F(EmulatorWorkflowTest, ConnectionToASocketAFullyKnownComponentLacksIs422) {
  json body = workflow_body("wf");
  body["workflow"]["components"].push_back(
      {{"name", "DocumentWriter"},
       {"type", "byoa.integrations.document_stores.mo.writer.DocumentWriter"}});
  body["workflow"]["connections"] = {
      {{"sender", "DocumentCleaner.document"}, {"receiver", "DocumentWriter.documents"}}};
  Resp bad = api().post("/workflow_meta", body);
  ASSERT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["detail"][0]["loc"], json({"body", "workflow", "connections", 0, "sender"}));
  EXPECT_EQ(bad.body["detail"][0]["msg"],
            "Value error, DocumentCleaner has no output socket \"document\" (it has only "
            "\"documents\")");
  // The right socket is accepted, and so is any socket of a component not fully known.
  body["workflow"]["connections"] = {
      {{"sender", "DocumentCleaner.documents"}, {"receiver", "DocumentWriter.policy"}}};
  EXPECT_TRUE(api().post("/workflow_meta", body).ok());
  // Resolved by component_id (without its numeric suffix) when no name matches.
  body["workflow"]["connections"] = {
      {{"sender", "DocumentWriter.documents"}, {"receiver", "DocumentCleaner.text"}}};
  body["workflow"]["components"][0]["name"] = "cleaner-renamed";
  Resp by_id = api().post("/workflow_meta", body);
  ASSERT_EQ(by_id.status, 422) << by_id.raw;
  EXPECT_EQ(by_id.body["detail"][0]["loc"],
            json({"body", "workflow", "connections", 0, "receiver"}));
}

TEST_F(EmulatorWorkflowTest, CreateStartsAJobOnTheMainBranch) {
  json wf = create_workflow("wf");
  Resp jobs = api().get("/workflow_job", {{"workflow_id", wf["id"]}});
  ASSERT_TRUE(jobs.ok()) << jobs.raw;
  ASSERT_EQ(jobs.data()["total"], 1);
  json job = jobs.data()["jobs"][0];
  EXPECT_EQ(job["workflow_meta_id"], wf["id"]);
  json detail = api().get("/workflow_meta/" + wf["id"].get<std::string>()).data();
  EXPECT_EQ(job["workflow_branch_id"], detail["branch_id"]);
  EXPECT_EQ(job["status"], 1);
}

TEST_F(EmulatorWorkflowTest, DetailHasMillisecondTimesPipelineAndBranches) {
  json wf = create_workflow("wf", {{"branch_name", "trunk"}});
  Resp r = api().get("/workflow_meta/" + wf["id"].get<std::string>());
  ASSERT_TRUE(r.ok()) << r.raw;
  json d = r.data();
  EXPECT_EQ(d["id"], wf["id"]);
  EXPECT_EQ(d["created_at"], 1748598358000);
  EXPECT_TRUE(d["updated_at"].is_number_integer());
  EXPECT_EQ(d["source_volume_ids"], json({"1889223879880048640"}));
  EXPECT_EQ(d["file_types"], json({2}));
  EXPECT_EQ(d["process_mode"], json({{"interval", 0}, {"offset", 0}}));
  EXPECT_EQ(d["status"], 1);
  EXPECT_EQ(d["branch_name"], "trunk");
  EXPECT_EQ(d["branch_status"], 0);
  EXPECT_EQ(d["branch_volume_id"], "eb42f0a1-ab18-4010-b95c-cd1716dd5e95");
  // Unknown keys of the pipeline come back as sent.
  EXPECT_EQ(d["workflow"]["components"][0]["extra_node_info"]["kept"], "as sent");
  ASSERT_EQ(d["branches"].size(), 1u);
  EXPECT_EQ(d["branches"][0]["branch_id"], d["branch_id"]);
  EXPECT_EQ(d["branches"][0]["branch_name"], "trunk");
  EXPECT_TRUE(d["branches"][0]["created_at"].is_number_integer());
}

TEST_F(EmulatorWorkflowTest, ListPagesCoverEveryWorkflowOnceNewestFirst) {
  std::vector<std::string> created;
  for (int i = 0; i < 7; ++i) created.push_back(create_workflow("wf-" + std::to_string(i))["id"]);
  std::vector<std::string> seen;
  for (int offset = 0; offset < 9; offset += 3) {
    Resp r = api().get("/workflow_meta", {{"offset", std::to_string(offset)}, {"limit", "3"}});
    ASSERT_TRUE(r.ok()) << r.raw;
    EXPECT_EQ(r.data()["total"], 7);
    for (const auto& id : ids_of(r.data()["workflows"])) seen.push_back(id);
  }
  std::vector<std::string> newest_first(created.rbegin(), created.rend());
  EXPECT_EQ(seen, newest_first);
  // Default limit is 20.
  EXPECT_EQ(api().get("/workflow_meta").data()["workflows"].size(), 7u);
}

TEST_F(EmulatorWorkflowTest, ListSortsByFieldInBothDirections) {
  for (const char* name : {"beta", "alpha", "delta", "gamma"}) create_workflow(name);
  auto names = [&](const char* order) {
    json list = api()
                    .get("/workflow_meta", {{"sort_field", "name"}, {"sort_order", order}})
                    .data()["workflows"];
    std::vector<std::string> out;
    for (const auto& w : list) out.push_back(w["name"]);
    return out;
  };
  EXPECT_EQ(names("ascend"), (std::vector<std::string>{"alpha", "beta", "delta", "gamma"}));
  EXPECT_EQ(names("descend"), (std::vector<std::string>{"gamma", "delta", "beta", "alpha"}));
}

TEST_F(EmulatorWorkflowTest, ListFilters) {
  json a = create_workflow("Alpha report", {{"priority", 100}, {"file_types", {2, 6}}});
  emu().advance(10s);
  json b = create_workflow("beta",
                           {{"priority", 300}, {"process_mode", {{"interval", 5}, {"offset", 0}}}});
  emu().advance(10s);
  json c = create_workflow("gamma REPORT", {{"priority", 500}, {"file_types", {1}}});
  auto ids = [&](const Query& q) {
    Resp r = api().get("/workflow_meta", q);
    EXPECT_TRUE(r.ok()) << r.raw;
    EXPECT_EQ(r.data()["total"], r.data()["workflows"].size());
    std::vector<std::string> out = ids_of(r.data()["workflows"]);
    std::sort(out.begin(), out.end());
    return out;
  };
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  std::string ia = a["id"], ib = b["id"], ic = c["id"];
  EXPECT_EQ(ids({{"name_search", "report"}}), sorted({ia, ic}));
  EXPECT_EQ(ids({{"priority", "100"}, {"priority", "500"}}), sorted({ia, ic}));
  EXPECT_EQ(ids({{"file_types", "6"}}), sorted({ia}));
  EXPECT_EQ(ids({{"process_modes", "5"}}), sorted({ib}));
  EXPECT_EQ(ids({{"creator", "admin"}}), sorted({ia, ib, ic}));
  EXPECT_EQ(ids({{"creator", "nobody"}}), std::vector<std::string>{});
  const std::int64_t t0 = 1748598358000;
  EXPECT_EQ(ids({{"start_time", std::to_string(t0 + 5000)}}), sorted({ib, ic}));
  EXPECT_EQ(ids({{"end_time", std::to_string(t0 + 15000)}}), sorted({ia, ib}));
  EXPECT_EQ(ids({{"status", "1"}}), sorted({ic}));  // the others' jobs have finished
  EXPECT_EQ(ids({{"status", "2"}}), sorted({ia, ib}));
  emu().advance(60s);
  EXPECT_EQ(ids({{"status", "2"}}), sorted({ia, ib, ic}));
  EXPECT_EQ(ids({{"status", "1"}}), std::vector<std::string>{});
}

TEST_F(EmulatorWorkflowTest, CreationTimesAreStrictlyIncreasing) {
  json a = api().get("/workflow_meta/" + create_workflow("a")["id"].get<std::string>()).data();
  json b = api().get("/workflow_meta/" + create_workflow("b")["id"].get<std::string>()).data();
  EXPECT_LT(a["created_at"].get<std::int64_t>(), b["created_at"].get<std::int64_t>());
}

TEST_F(EmulatorWorkflowTest, UpdateChangesBaseInfoAndMainBranch) {
  std::string id = create_workflow("wf")["id"];
  emu().advance(5s);
  json body =
      workflow_body("wf-3-updated-name", {{"priority", 350},
                                          {"file_types", {2, 6}},
                                          {"process_mode", {{"interval", 10}, {"offset", 0}}},
                                          {"target_volume_id", "new-target-volume"}});
  body["workflow"]["components"][0]["intro"] = "Updated DocumentCleaner";
  Resp r = api().put("/workflow_meta/" + id + "/base_info", body);
  ASSERT_TRUE(r.ok()) << r.raw;
  EXPECT_TRUE(r.data().is_null());
  json d = api().get("/workflow_meta/" + id).data();
  EXPECT_EQ(d["name"], "wf-3-updated-name");
  EXPECT_EQ(d["priority"], 350);
  EXPECT_EQ(d["file_types"], json({2, 6}));
  EXPECT_EQ(d["process_mode"]["interval"], 10);
  EXPECT_EQ(d["branch_volume_id"], "new-target-volume");
  EXPECT_EQ(d["workflow"]["components"][0]["intro"], "Updated DocumentCleaner");
  EXPECT_EQ(d["updated_at"], 1748598358000 + 5000);
  // `workflow` may be left out of an update.
  body.erase("workflow");
  EXPECT_TRUE(api().put("/workflow_meta/" + id + "/base_info", body).ok());
}

TEST_F(EmulatorWorkflowTest, DeleteWithoutDataKeepsJobsWithDataRemovesThem) {
  std::string keep = create_workflow("keep")["id"];
  std::string drop = create_workflow("drop")["id"];
  std::string keep_job = job_of(keep);
  std::string drop_job = job_of(drop);

  Resp r = api().del("/workflow_meta/" + keep);
  ASSERT_TRUE(r.ok()) << r.raw;
  EXPECT_TRUE(r.data().is_null());
  EXPECT_EQ(api().get("/workflow_meta/" + keep).status, 404);
  EXPECT_EQ(api().get("/workflow_job/" + keep_job).status, 200);

  ASSERT_TRUE(api().del("/workflow_meta/" + drop, {{"delete_data", "true"}}).ok());
  EXPECT_EQ(api().get("/workflow_job/" + drop_job).status, 404);
  EXPECT_EQ(api().get("/workflow_meta").data()["total"], 0);
  EXPECT_EQ(api().del("/workflow_meta/" + drop).status, 404);
}

TEST_F(EmulatorWorkflowTest, DeleteCanAnswer204) {
  EmulatorOptions o = test_options();
  o.delete_returns_204 = true;
  restart(o);
  std::string id = create_workflow("wf")["id"];
  Resp r = api().del("/workflow_meta/" + id);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.raw, "");
}

TEST_F(EmulatorWorkflowTest, StopStopsRunningFilesAndRerunStartsANewJob) {
  std::string id = create_workflow("wf")["id"];
  std::string job = job_of(id);
  emu().advance(1500ms);  // file 1 done, file 2 processing, file 3 pending
  ASSERT_TRUE(api().put_empty("/workflow_meta/" + id + "/stop").ok());
  json files = job_files(job);
  EXPECT_EQ(files["completed"], 1);
  EXPECT_EQ(files["stopped"], 2);
  EXPECT_EQ(files["processing"], 0);
  EXPECT_EQ(api().get("/workflow_meta/" + id).data()["status"], 3);
  EXPECT_EQ(job_status(job)["status"], 3);
  emu().advance(10s);  // stopped files stay stopped
  EXPECT_EQ(job_files(job)["stopped"], 2);

  Resp r = api().put_empty("/workflow_meta/" + id + "/rerun");
  ASSERT_TRUE(r.ok()) << r.raw;
  Resp jobs = api().get("/workflow_job", {{"workflow_id", id}});
  ASSERT_EQ(jobs.data()["total"], 2);
  std::string rerun = jobs.data()["jobs"][0]["id"];  // newest first
  EXPECT_NE(rerun, job);
  EXPECT_EQ(api().get("/workflow_meta/" + id).data()["status"], 1);
  emu().advance(3s);
  EXPECT_EQ(job_status(rerun)["status"], 2);
  EXPECT_EQ(api().get("/workflow_meta/" + id).data()["status"], 2);
}

TEST_F(EmulatorWorkflowTest, BranchesCreateListGetUpdateDelete) {
  std::string id = create_workflow("wf")["id"];
  json config{{"components", json::array()}, {"connections", json::array()}};
  Resp created = api().post("/workflow_meta/" + id + "/branch",
                            json{{"branch_name", "feature-branch-alpha"}, {"workflow", config}});
  ASSERT_TRUE(created.ok()) << created.raw;
  EXPECT_TRUE(created.data().is_null());

  Resp list = api().get("/workflow_meta/" + id + "/branch");
  ASSERT_TRUE(list.ok()) << list.raw;
  ASSERT_EQ(list.data()["total"], 2);
  json items = list.data()["workflows"];
  EXPECT_EQ(items[0]["branch_name"], "main");
  EXPECT_EQ(items[1]["branch_name"], "feature-branch-alpha");
  EXPECT_EQ(items[1]["id"], id);  // the parent workflow's id
  EXPECT_EQ(items[1]["branch_total"], 2);
  std::string branch = items[1]["branch_id"];
  EXPECT_NE(items[1]["branch_volume_id"], items[0]["branch_volume_id"]);

  EXPECT_EQ(api().get("/workflow_meta/" + id + "/branch", {{"status_in", "1"}}).data()["total"], 2);
  EXPECT_EQ(api().get("/workflow_meta/" + id + "/branch", {{"status_in", "2"}}).data()["total"], 0);

  Resp detail = api().get("/workflow_meta/branch/" + branch);
  ASSERT_TRUE(detail.ok()) << detail.raw;
  EXPECT_EQ(detail.data()["id"], id);
  EXPECT_EQ(detail.data()["branch_id"], branch);
  EXPECT_EQ(detail.data()["workflow"], config);
  EXPECT_TRUE(detail.data()["branches"].is_null());
  EXPECT_EQ(api().get("/workflow_meta/" + id).data()["branches"].size(), 2u);

  ASSERT_TRUE(api()
                  .put("/workflow_meta/branch/" + branch,
                       json{{"branch_name", "feature-branch-alpha-v2"}, {"workflow", config}})
                  .ok());
  EXPECT_EQ(api().get("/workflow_meta/branch/" + branch).data()["branch_name"],
            "feature-branch-alpha-v2");

  // W7 runs every enabled branch; deleting the branch with its data removes its job.
  ASSERT_TRUE(api().put_empty("/workflow_meta/" + id + "/rerun").ok());
  EXPECT_EQ(api().get("/workflow_job", {{"workflow_id", id}}).data()["total"], 3);
  ASSERT_TRUE(api().del("/workflow_meta/branch/" + branch, {{"delete_data", "True"}}).ok());
  EXPECT_EQ(api().get("/workflow_job", {{"workflow_id", id}}).data()["total"], 2);
  EXPECT_EQ(api().get("/workflow_meta/branch/" + branch).status, 404);

  std::string main_branch = api().get("/workflow_meta/" + id).data()["branch_id"];
  Resp refused = api().del("/workflow_meta/branch/" + main_branch);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body, json({{"detail", "the main branch cannot be deleted"}}));
}

TEST_F(EmulatorWorkflowTest, BranchWithoutNameGetsOne) {
  std::string id = create_workflow("wf")["id"];
  ASSERT_TRUE(api()
                  .post("/workflow_meta/" + id + "/branch",
                        json{{"branch_name", nullptr}, {"workflow", json::object()}})
                  .ok());
  json items = api().get("/workflow_meta/" + id + "/branch").data()["workflows"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1]["branch_name"].get<std::string>().rfind("branch-", 0), 0u);
}

TEST_F(EmulatorWorkflowTest, IdsAreDeterministicFromTheSeed) {
  std::string first = create_workflow("wf")["id"];
  restart(test_options());
  EXPECT_EQ(create_workflow("wf")["id"], first);
  EmulatorOptions other = test_options();
  other.seed = 7;
  restart(other);
  EXPECT_NE(create_workflow("wf")["id"], first);
}

}  // namespace
}  // namespace moi::emulator::testing
