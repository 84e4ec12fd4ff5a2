// SPDX-License-Identifier: Apache-2.0
// Strict mode (EmulatorOptions::strict, --strict): unknown body keys and query parameters are
// answered 422 naming them and change nothing, on every route family; the documented
// requests still pass; without strict the same requests succeed.
#include "data_fixture.hpp"

namespace moi::emulator::testing {
namespace {

EmulatorOptions strict_options() {
  EmulatorOptions o = test_options();
  o.strict = true;
  return o;
}

class StrictTest : public DataTest {
 protected:
  void SetUp() override {
    DataTest::SetUp();
    restart_with(strict_options());
  }
};

// The `loc`s of a FastAPI 422 whose items are all extra_forbidden.
std::vector<json> extra_locs(const Resp& r) {
  std::vector<json> locs;
  EXPECT_EQ(r.status, 422) << r.raw;
  if (!r.body.is_object() || !r.body["detail"].is_array()) return locs;
  for (const auto& item : r.body["detail"]) {
    EXPECT_EQ(item["type"], "extra_forbidden") << r.raw;
    EXPECT_EQ(item["msg"], "Extra inputs are not permitted") << r.raw;
    locs.push_back(item["loc"]);
  }
  return locs;
}

// The message of a host-root 422 (code INVALID_ARGUMENT).
std::string root_refusal(const Resp& r) {
  EXPECT_TRUE(root_error(r, 422, "INVALID_ARGUMENT")) << r.raw;
  return r.body.value("msg", "");
}

TEST_F(StrictTest, WorkflowBodyKeysAtEveryModelLevelAreNamedAndNothingIsCreated) {
  json body = workflow_body("strict-wf");
  body["source_volume_id"] = "1";         // a typo of source_volume_ids
  body["process_mode"]["intervall"] = 5;  // nested model
  const Resp r = api().post("/workflow_meta", body);
  EXPECT_EQ(extra_locs(r), (std::vector<json>{json{"body", "source_volume_id"},
                                              json{"body", "process_mode", "intervall"}}));
  EXPECT_EQ(api().get("/workflow_meta").data()["total"], 0) << "the workflow was created";
  // The documented body passes, pipeline components' own keys included (free-form).
  EXPECT_TRUE(api().post("/workflow_meta", workflow_body("strict-wf")).ok());
}

TEST_F(StrictTest, WorkflowAndJobQueryParametersAreChecked) {
  EXPECT_EQ(extra_locs(api().get("/workflow_meta", {{"limit", "5"}, {"page_num", "2"}})),
            (std::vector<json>{json{"query", "page_num"}}));
  EXPECT_EQ(extra_locs(api().get("/workflow_job", {{"name_search", "x"}, {"workflowid", "w"}})),
            (std::vector<json>{json{"query", "workflowid"}}));
  EXPECT_TRUE(api().get("/workflow_job", {{"page_num", "1"}, {"page_size", "10"}}).ok());
  const json workflow = create_workflow("wf");
  const std::string job = job_of(workflow["id"].get<std::string>());
  EXPECT_EQ(extra_locs(api().get("/workflow_job/" + job + "/files", {{"status", "3"}})),
            (std::vector<json>{json{"query", "status"}}));  // J3 takes `statuses`
  EXPECT_TRUE(api().get("/workflow_job/" + job + "/files", {{"statuses", "3"}}).ok());
}

TEST_F(StrictTest, ExportConfigAndFileItemsAreChecked) {
  json body = export_body("strict-export", {"a.pdf"});
  body["config"]["mo_config"]["tabel_name"] = "typo";
  body["files"][0]["raw"] = true;
  EXPECT_EQ(extra_locs(api().post("/export/task/create", body)),
            (std::vector<json>{json{"body", "config", "mo_config", "tabel_name"},
                               json{"body", "files", 0, "raw"}}));
  EXPECT_TRUE(api().post("/export/task/list", json::object()).data()["tasks"].empty());
  EXPECT_TRUE(api().post("/export/task/create", export_body("strict-export", {"a.pdf"})).ok());
  EXPECT_EQ(extra_locs(api().post("/export/task/list", json{{"page", 1}})),
            (std::vector<json>{json{"body", "page"}}));
}

TEST_F(StrictTest, CatalogCallsAnswerInTheirEnvelopeAndCreateNothing) {
  const Resp r = root().post("/catalog/create", json{{"name", "c"}, {"descripton", "typo"}});
  EXPECT_EQ(root_refusal(r), "unknown keys (the emulator runs with --strict): descripton");
  EXPECT_TRUE(root().post("/catalog/list", json::object()).data()["list"].empty());
  EXPECT_TRUE(root_ok(root().post("/catalog/create", json{{"name", "c"}, {"description", "d"}})));
}

TEST_F(StrictTest, FileListFilterNestedTooDeepIsNamed) {
  const std::string volume = make_volume();
  // The official Python SDK's bug: the filter one level too deep.
  const Resp r = root().post(
      "/catalog/file/list",
      json{{"filters", {{{"name", "volume_id"}, {"values", {volume}}, {"filter", {{"x", 1}}}}}}});
  EXPECT_EQ(root_refusal(r), "unknown keys (the emulator runs with --strict): filters[0].filter");
  EXPECT_TRUE(root_ok(root().post(
      "/catalog/file/list", json{{"filters", {{{"name", "volume_id"}, {"values", {volume}}}}}})));
}

TEST_F(StrictTest, ConnectorAndLoadTaskQueriesAreChecked) {
  EXPECT_EQ(root_refusal(root().get("/connectors/list", {{"keyword", "a"}, {"pagesize", "3"}})),
            "unknown keys (the emulator runs with --strict): pagesize");
  EXPECT_TRUE(root_ok(root().get("/connectors/list", {{"keyword", "a"}, {"page_size", "3"}})));
  const std::string volume = make_volume();
  const Resp upload = root().upload(volume, {{"a.txt", "hello", "text/plain"}});
  ASSERT_TRUE(root_ok(upload)) << upload.raw;
  const std::string task = upload.data()["task_id"].get<std::string>();
  EXPECT_EQ(root_refusal(root().get("/task/get", {{"task_id", task}, {"verbose", "1"}})),
            "unknown keys (the emulator runs with --strict): verbose");
  EXPECT_TRUE(root_ok(root().get("/task/get", {{"task_id", task}})));
}

TEST_F(StrictTest, ConnectorCreateAcceptsItsTypedConfigKey) {
  const json body{{"name", "s3"},
                  {"source_type", 5},
                  {"s3",
                   {{"endpoint", "s3.amazonaws.com"},
                    {"access_key_id", "AKID"},
                    {"access_key_secret", "s"},
                    {"bucket_name", "b"}}},
                  {"usage_type", {1}}};
  EXPECT_TRUE(root_ok(root().post("/connectors", body))) << root().post("/connectors", body).raw;
  json typo = body;
  typo["name"] = "s3-2";
  typo["oss"] = json::object();  // the config key of another type
  EXPECT_EQ(root_refusal(root().post("/connectors", typo)),
            "unknown keys (the emulator runs with --strict): oss");
}

TEST_F(StrictTest, WithoutStrictUnknownKeysAreIgnoredAsTheServiceDoes) {
  restart_with(test_options());
  json body = workflow_body("lenient");
  body["source_volume_id"] = "1";
  EXPECT_TRUE(api().post("/workflow_meta", body).ok());
  EXPECT_TRUE(api().get("/workflow_meta", {{"page_num", "2"}}).ok());
  EXPECT_TRUE(root_ok(root().post("/catalog/create", json{{"name", "c"}, {"descripton", "x"}})));
}

}  // namespace
}  // namespace moi::emulator::testing
