// SPDX-License-Identifier: Apache-2.0
// workflow (W1-W7) and branch (B1-B5) actions against the emulator.
#include "cli_fixture.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

class WorkflowTest : public CliTest {};

TEST_F(WorkflowTest, CreatePrintsTheCreatedRecordInItsWireForm) {
  const Outcome r = moi({"workflow", "create", "--json", workflow_body("contracts").dump()});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json record = r.json();
  EXPECT_EQ(record["name"], "contracts");
  EXPECT_FALSE(record.value("id", "").empty());
  // W1 answers arrays as JSON text; the typed record writes them back as they came.
  EXPECT_EQ(record["file_types"], "[2]");
  EXPECT_EQ(record["flow_interval"], 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(emu().request_count("W1"), 1u);
}

TEST_F(WorkflowTest, CreateReadsTheBodyFromStdinAndKeepsUnmodelledKeys) {
  const Outcome r = moi({"workflow", "create", "--json", "-"}, workflow_body("stdin").dump());
  ASSERT_EQ(r.code, kExitOk) << r;
  const Outcome detail = moi({"workflow", "get", r.json()["id"]});
  ASSERT_EQ(detail.code, kExitOk) << detail;
  // extra_node_info is no member of the SDK's Component: it went through `extra`.
  EXPECT_EQ(detail.json()["workflow"]["components"][0]["extra_node_info"]["kept"], "as sent");
}

TEST_F(WorkflowTest, ListOnePageWithQueryParameters) {
  for (const char* name : {"charlie", "alpha", "bravo"}) create_workflow(name);
  const Outcome r = moi(
      {"workflow", "list", "--json", R"({"limit":2,"sort_field":"name","sort_order":"ascend"})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json page = r.json();
  EXPECT_EQ(page["total"], 3);
  ASSERT_EQ(page["workflows"].size(), 2u);
  EXPECT_EQ(page["workflows"][0]["name"], "alpha");
  EXPECT_EQ(page["workflows"][1]["name"], "bravo");
}

TEST_F(WorkflowTest, ListAllFollowsPagination) {
  for (int i = 0; i < 7; ++i) create_workflow("wf-" + std::to_string(i));
  emu().reset_counts();
  const Outcome r = moi({"workflow", "list", "--all", "--json", R"({"limit":3})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json all = r.json();
  ASSERT_TRUE(all.is_array());
  EXPECT_EQ(all.size(), 7u);
  EXPECT_EQ(emu().request_count("W2"), 3u);  // 3 + 3 + 1

  // Filters still apply to every page.
  const Outcome filtered =
      moi({"workflow", "list", "--all", "--json", R"({"limit":2,"name_search":"wf-1"})"});
  ASSERT_EQ(filtered.code, kExitOk) << filtered;
  EXPECT_EQ(filtered.json().size(), 1u);
}

TEST_F(WorkflowTest, ListAllAsOneTable) {
  for (int i = 0; i < 5; ++i) create_workflow("table-" + std::to_string(i));
  emu().reset_counts();
  const Outcome r =
      moi({"workflow", "list", "--all", "--json", R"({"limit":2})", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 6u) << r;  // header + 5 rows
  EXPECT_EQ(lines[0].rfind("ID", 0), 0u);
  EXPECT_NE(lines[0].find("NAME"), std::string::npos);
  EXPECT_NE(lines[0].find("STATUS"), std::string::npos);
  EXPECT_NE(r.out.find("table-4"), std::string::npos);
  EXPECT_NE(r.out.find("running"), std::string::npos);
  EXPECT_EQ(emu().request_count("W2"), 3u);
}

TEST_F(WorkflowTest, GetShowsPipelineAndBranches) {
  const std::string id = create_workflow("detail");
  const Outcome r = moi({"workflow", "get", id});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json detail = r.json();
  EXPECT_EQ(detail["id"], id);
  EXPECT_EQ(detail["name"], "detail");
  EXPECT_EQ(detail["branches"].size(), 1u);
  EXPECT_EQ(detail["workflow"]["components"][0]["name"], "DocumentCleaner");
}

TEST_F(WorkflowTest, GetOutputFedToUpdateChangesNothing) {
  const std::string id = create_workflow("round-trip");
  const Outcome before = moi({"workflow", "get", id});
  ASSERT_EQ(before.code, kExitOk) << before;

  const Outcome update = moi({"workflow", "update", id, "--json", "-"}, before.out);
  ASSERT_EQ(update.code, kExitOk) << update;
  EXPECT_EQ(update.out, "");  // W4 answers null data
  EXPECT_EQ(emu().request_count("W4"), 1u);

  const Outcome after = moi({"workflow", "get", id});
  ASSERT_EQ(after.code, kExitOk) << after;
  EXPECT_EQ(after.json(), before.json());
}

TEST_F(WorkflowTest, UpdateChangesWhatTheBodySays) {
  const std::string id = create_workflow("old-name");
  Json detail = moi({"workflow", "get", id}).json();
  detail["name"] = "new-name";
  detail["priority"] = 100;
  const Outcome update = moi({"workflow", "update", id, "--json", detail.dump()});
  ASSERT_EQ(update.code, kExitOk) << update;
  const Json after = moi({"workflow", "get", id}).json();
  EXPECT_EQ(after["name"], "new-name");
  EXPECT_EQ(after["priority"], 100);
}

TEST_F(WorkflowTest, DeleteWithDeleteDataRemovesTheJobsToo) {
  const std::string id = create_workflow("doomed");
  const Outcome r = moi({"workflow", "delete", id, "--json", R"({"delete_data":true})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(moi({"workflow", "get", id}).code, kExitService);
  const Outcome jobs = moi({"job", "list", "--json", Json{{"workflow_id", id}}.dump()});
  EXPECT_EQ(jobs.json()["total"], 0) << jobs;
}

TEST_F(WorkflowTest, StopThenRerun) {
  const std::string id = create_workflow("stoppable");
  Outcome r = moi({"workflow", "stop", id});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(moi({"workflow", "get", id}).json()["status"], 3);

  r = moi({"workflow", "rerun", id});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(moi({"workflow", "get", id}).json()["status"], 1);
  const Outcome jobs = moi({"job", "list", "--json", Json{{"workflow_id", id}}.dump()});
  EXPECT_EQ(jobs.json()["total"], 2) << jobs;
}

TEST_F(WorkflowTest, BranchLifecycle) {
  const std::string wf = create_workflow("branched");
  const Json branch_body = {{"branch_name", "experiment"},
                            {"workflow", {{"components", Json::array()}, {"x_ui", {{"zoom", 2}}}}}};
  Outcome r = moi({"branch", "create", wf, "--json", branch_body.dump()});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");

  r = moi({"branch", "list", wf});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json list = r.json();
  ASSERT_EQ(list["total"], 2);
  EXPECT_EQ(list["workflows"][0]["branch_name"], "main");
  EXPECT_EQ(list["workflows"][1]["branch_name"], "experiment");
  const std::string branch = list["workflows"][1]["branch_id"];

  r = moi({"branch", "list", wf, "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(lines_of(r.out).size(), 3u) << r;
  EXPECT_NE(r.out.find("BRANCH_NAME"), std::string::npos) << r;
  EXPECT_NE(r.out.find("experiment"), std::string::npos) << r;

  r = moi({"branch", "list", wf, "--json", R"({"status_in":[2]})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["total"], 0);  // the workflow's job is still running (status 1)

  r = moi({"branch", "get", branch});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json detail = r.json();
  EXPECT_EQ(detail["branch_name"], "experiment");
  EXPECT_EQ(detail["workflow"]["x_ui"]["zoom"], 2);  // unknown pipeline keys survive
  EXPECT_TRUE(detail["branches"].is_null());

  // get -> update round trip changes nothing; then a rename.
  r = moi({"branch", "update", branch, "--json", "-"}, detail.dump());
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(moi({"branch", "get", branch}).json(), detail);
  Json renamed = detail;
  renamed["branch_name"] = "experiment-2";
  r = moi({"branch", "update", branch, "--json", renamed.dump()});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(moi({"branch", "get", branch}).json()["branch_name"], "experiment-2");

  r = moi({"branch", "delete", branch, "--json", R"({"delete_data":false})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(moi({"branch", "list", wf}).json()["total"], 1);
  EXPECT_EQ(emu().request_count("B5"), 1u);
}

TEST_F(WorkflowTest, DeletingTheMainBranchIsAServiceError) {
  const std::string wf = create_workflow("main-only");
  const std::string main = moi({"branch", "list", wf}).json()["workflows"][0]["branch_id"];
  const Outcome r = moi({"branch", "delete", main});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("HTTP 400: the main branch cannot be deleted"), std::string::npos) << r;
}

TEST_F(WorkflowTest, BodiesAreSentWithTheirUnknownKeys) {
  // What the service receives, byte for byte as JSON: the typed request keeps what it does not
  // model (top-level and nested) in `extra`.
  moi::testing::TestServer server;
  server.set_default(moi::testing::canned_ok(Json::object()));
  variables_["MOI_BASE_URL"] = server.base_url();
  Json workflow = workflow_body("extras");
  workflow["x_top_level"] = {{"any", "thing"}};
  workflow["process_mode"]["x_nested"] = true;
  Json branch = {{"branch_name", "b"}, {"workflow", {{"x_layout", "dagre"}}}, {"x_note", 1}};
  Json task = export_body("extras", {"a.pdf"});
  task["config"]["x_target"] = {{"kind", "future"}};
  task["files"][0]["x_checksum"] = "abc";
  const std::vector<std::pair<std::vector<std::string>, Json>> cases = {
      {{"workflow", "create", "--json", workflow.dump()}, workflow},
      {{"workflow", "update", "W", "--json", workflow.dump()}, workflow},
      {{"branch", "create", "W", "--json", branch.dump()}, branch},
      {{"branch", "update", "B", "--json", branch.dump()}, branch},
      {{"export", "create", "--json", task.dump()}, task},
      {{"export", "list", "--json", R"({"limit":3,"x_filter":"new"})"},
       Json{{"limit", 3}, {"x_filter", "new"}}},
  };
  for (const auto& [args, body] : cases) {
    const std::size_t before = server.request_count();
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, kExitOk) << r;
    // The first request of the command (export create then looks for the task it made).
    ASSERT_GT(server.request_count(), before);
    EXPECT_EQ(server.requests()[before].json(), body) << args[0] << " " << args[1];
  }
}

TEST_F(WorkflowTest, ValidationErrorsOfTheServiceExit1) {
  Json body = workflow_body("bad");
  body["source_volume_ids"] = {"YOUR_ID"};  // the model takes any id text; the service does not
  const Outcome r = moi({"workflow", "create", "--json", body.dump()});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("HTTP 422"), std::string::npos) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
}

}  // namespace
}  // namespace moi::cli::testing
