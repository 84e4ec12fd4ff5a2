// SPDX-License-Identifier: Apache-2.0
// Every one of the 23 endpoints, through the real libcurl transport against a loopback server:
// method, path, query (as a multiset), headers and JSON body, with the documents' own request
// examples (tests/fixtures) wherever one exists, and the documents' responses decoded.

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <utility>

#include "moi/client.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::json_fixture;
using testing::RecordedRequest;
using testing::TestServer;
using Query = std::multiset<std::pair<std::string, std::string>>;

constexpr const char* kKey = "endpoint-test-key";
constexpr const char* kPrefix = "/byoa/api/v1";

class EndpointTest : public ::testing::Test {
 protected:
  EndpointTest() : client_(make_options()) {}

  ClientOptions make_options() {
    ClientOptions options;
    options.base_url = server_.base_url();
    options.api_key = kKey;
    options.retry.sleeper = [](std::chrono::milliseconds) {};
    return options;
  }

  /// Answers the next request with a documented response fixture (a whole envelope).
  void answer_with_fixture(const std::string& name) {
    testing::CannedResponse response;
    response.body = testing::read_fixture(name);
    server_.enqueue(response);
  }

  /// The one request the test made, with the common headers checked.
  RecordedRequest only_request(const std::string& method, const std::string& path) {
    EXPECT_EQ(server_.request_count(), 1u);
    RecordedRequest request = server_.last_request();
    EXPECT_EQ(request.method, method);
    EXPECT_EQ(request.path, std::string(kPrefix) + path);
    EXPECT_EQ(request.header("moi-key"), kKey);
    EXPECT_EQ(request.header("Accept"), "application/json");
    EXPECT_EQ(request.header("X-Request-ID").size(), 36u);
    EXPECT_EQ(request.header("User-Agent").rfind("moi-cpp/", 0), 0u);
    if (request.body.empty()) {
      EXPECT_FALSE(request.has_header("Content-Type"));
    } else {
      EXPECT_EQ(request.header("Content-Type"), "application/json");
    }
    return request;
  }

  TestServer server_;
  Client client_;
};

// ---- workflows --------------------------------------------------------------------------------

TEST_F(EndpointTest, W1CreateWorkflowSendsTheDocumentedBody) {
  answer_with_fixture("w1_response.json");
  const Json document_body = json_fixture("w1_request.json");
  const auto record = client_.workflows().create(document_body.get<WorkflowRequest>());

  const auto request = only_request("POST", "/workflow_meta");
  EXPECT_TRUE(request.query.empty());
  EXPECT_EQ(request.json(), document_body);
  // The 19-digit volume id travels as a JSON integer, exactly.
  EXPECT_NE(request.body.find("[1889223879880048640]"), std::string::npos);

  EXPECT_EQ(record.id, "cf68d259-9cd6-4f44-a0a4-5674c79da083");
  EXPECT_EQ(record.name, "test");
  ASSERT_TRUE(record.source_volume_ids);
  EXPECT_EQ(*record.source_volume_ids, std::vector<std::string>{"1928383194482323456"});
  ASSERT_TRUE(record.file_types);
  EXPECT_EQ(record.file_types->size(), 8u);
}

TEST_F(EndpointTest, W1CreateToleratesNullData) {
  server_.enqueue(testing::canned_ok());
  const auto record =
      client_.workflows().create(json_fixture("w1_request.json").get<WorkflowRequest>());
  EXPECT_FALSE(record.id);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(EndpointTest, W1CreateIsNotRetriedOn503) {
  testing::CannedResponse busy;
  busy.status = 503;
  busy.body = R"({"detail":"busy"})";
  server_.set_default(busy);
  EXPECT_THROW(client_.workflows().create(json_fixture("w1_request.json").get<WorkflowRequest>()),
               HttpError);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(EndpointTest, W2ListWorkflowsSendsTheDocumentedQuery) {
  answer_with_fixture("w2_response.json");
  ListWorkflowsRequest query;  // the document's example: limit 5, by name, ascending
  query.limit = 5;
  query.sort_field = "name";
  query.sort_order = SortOrder::kAscending;
  const auto page = client_.workflows().list(query);

  const auto request = only_request("GET", "/workflow_meta");
  EXPECT_EQ(request.query,
            (Query{{"limit", "5"}, {"sort_field", "name"}, {"sort_order", "ascend"}}));
  EXPECT_TRUE(request.body.empty());
  EXPECT_EQ(page.total, 20);
  ASSERT_EQ(page.workflows.size(), 1u);
  EXPECT_EQ(page.workflows[0].name, "Alpha Workflow");
  EXPECT_EQ(page.workflows[0].created_at.epoch_ms(), 1739377287000);
  EXPECT_EQ(page.workflows[0].status, WorkflowStatus::kCompleted);
}

TEST_F(EndpointTest, W2ListWorkflowsEncodesEveryFilter) {
  server_.enqueue(testing::canned_ok(Json{{"total", 0}, {"workflows", Json::array()}}));
  ListWorkflowsRequest query;
  query.name_search = "报告 & co";
  query.start_time = 1739377287000;
  query.end_time = 1739377755000;
  query.process_modes = {0, -1};
  query.status = {WorkflowStatus::kRunning, WorkflowStatus::kCompleted};
  query.file_types = {FileType::kPdf, FileType::kDocx};
  query.priority = {300};
  query.creator = "admin";
  query.offset = 40;
  query.limit = 20;
  query.sort_order = SortOrder::kDescending;
  client_.workflows().list(query);
  EXPECT_EQ(only_request("GET", "/workflow_meta").query, (Query{{"name_search", "报告 & co"},
                                                                {"start_time", "1739377287000"},
                                                                {"end_time", "1739377755000"},
                                                                {"process_modes", "0"},
                                                                {"process_modes", "-1"},
                                                                {"status", "1"},
                                                                {"status", "2"},
                                                                {"file_types", "2"},
                                                                {"file_types", "11"},
                                                                {"priority", "300"},
                                                                {"creator", "admin"},
                                                                {"offset", "40"},
                                                                {"limit", "20"},
                                                                {"sort_order", "descend"}}));
}

// Issue 15 item 6: the time filters take epoch ms or a system_clock time point; both send the
// same integer.
TEST_F(EndpointTest, W2TimeFiltersTakeTimePointsAndSendTheSameQuery) {
  using std::chrono::milliseconds;
  using std::chrono::system_clock;
  server_.enqueue(testing::canned_ok(Json{{"total", 0}, {"workflows", Json::array()}}));
  server_.enqueue(testing::canned_ok(Json{{"total", 0}, {"workflows", Json::array()}}));
  ListWorkflowsRequest raw;
  raw.start_time = 1739377287000;
  raw.end_time = 1739377755000;
  ListWorkflowsRequest typed;
  typed.start_time = system_clock::time_point(milliseconds(1739377287000));
  // Any duration: microseconds round down to the millisecond.
  typed.end_time = std::chrono::time_point<system_clock, std::chrono::microseconds>(
      std::chrono::microseconds(1739377755000999));
  EXPECT_EQ(raw.start_time, typed.start_time);
  EXPECT_EQ(raw.end_time, typed.end_time);
  client_.workflows().list(raw);
  client_.workflows().list(typed);
  ASSERT_EQ(server_.request_count(), 2u);
  const Query expected{{"start_time", "1739377287000"}, {"end_time", "1739377755000"}};
  EXPECT_EQ(server_.requests()[0].query, expected);
  EXPECT_EQ(server_.requests()[1].query, expected);
  EXPECT_EQ(server_.requests()[0].target, server_.requests()[1].target);  // byte for byte
}

TEST_F(EndpointTest, W3GetWorkflowDecodesBranches) {
  answer_with_fixture("w3_response.json");
  const auto detail = client_.workflows().get("YOUR_WORKFLOW_ID");
  const auto request = only_request("GET", "/workflow_meta/YOUR_WORKFLOW_ID");
  EXPECT_TRUE(request.query.empty());
  EXPECT_EQ(detail.name, "Detailed Workflow Test");
  ASSERT_TRUE(detail.branches);
  ASSERT_EQ(detail.branches->size(), 2u);
  EXPECT_EQ((*detail.branches)[1].branch_name, "dev-feature-x");
  ASSERT_TRUE(detail.process_mode);
  EXPECT_EQ(detail.process_mode->interval, 5);
}

TEST_F(EndpointTest, W4UpdateWorkflowSendsTheDocumentedBody) {
  const Json document_body = json_fixture("w4_request.json");
  client_.workflows().update("YOUR_WORKFLOW_ID", document_body.get<WorkflowRequest>());
  const auto request = only_request("PUT", "/workflow_meta/YOUR_WORKFLOW_ID/base_info");
  EXPECT_EQ(request.json(), document_body);
}

TEST_F(EndpointTest, W5DeleteWorkflowSendsDeleteData) {
  DeleteOptions options;
  options.delete_data = true;
  client_.workflows().remove("YOUR_WORKFLOW_ID_TO_DELETE", options);
  const auto request = only_request("DELETE", "/workflow_meta/YOUR_WORKFLOW_ID_TO_DELETE");
  EXPECT_EQ(request.query, (Query{{"delete_data", "true"}}));
  EXPECT_TRUE(request.body.empty());
}

TEST_F(EndpointTest, W5DeleteWorkflowAccepts204AndSendsNoQueryByDefault) {
  testing::CannedResponse no_content;
  no_content.status = 204;
  no_content.content_type.clear();
  server_.enqueue(no_content);
  client_.workflows().remove("wf-1");
  EXPECT_TRUE(only_request("DELETE", "/workflow_meta/wf-1").query.empty());
}

TEST_F(EndpointTest, W6StopWorkflow) {
  client_.workflows().stop("your_workflow_id_to_stop");
  const auto request = only_request("PUT", "/workflow_meta/your_workflow_id_to_stop/stop");
  EXPECT_TRUE(request.body.empty());
  EXPECT_TRUE(request.query.empty());
}

TEST_F(EndpointTest, W7RerunWorkflowIsSentOnceEvenOn503) {
  client_.workflows().rerun("YOUR_WORKFLOW_ID");
  const auto request = only_request("PUT", "/workflow_meta/YOUR_WORKFLOW_ID/rerun");
  EXPECT_TRUE(request.body.empty());
}

// ---- branches ---------------------------------------------------------------------------------

TEST_F(EndpointTest, B1CreateBranchSendsTheDocumentedBody) {
  const Json document_body = json_fixture("b1_request.json");
  client_.workflows().create_branch("your_workflow_id", document_body.get<BranchRequest>());
  const auto request = only_request("POST", "/workflow_meta/your_workflow_id/branch");
  EXPECT_EQ(request.json(), document_body);
}

TEST_F(EndpointTest, B2ListBranchesSendsStatusFilter) {
  answer_with_fixture("b2_response.json");
  ListBranchesRequest query;
  query.status_in = {WorkflowStatus::kRunning, WorkflowStatus::kCompleted};
  const auto page = client_.workflows().list_branches("your_workflow_id", query);
  const auto request = only_request("GET", "/workflow_meta/your_workflow_id/branch");
  EXPECT_EQ(request.query, (Query{{"status_in", "1"}, {"status_in", "2"}}));
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.workflows.size(), 2u);
  EXPECT_EQ(page.workflows[1].branch_name, "beta-experiment");
  EXPECT_EQ(page.workflows[1].branch_status, BranchStatus::kDisabled);
}

TEST_F(EndpointTest, B2ListBranchesWithoutFilterSendsNoQuery) {
  answer_with_fixture("b2_response.json");
  client_.workflows().list_branches("your_workflow_id");
  EXPECT_TRUE(only_request("GET", "/workflow_meta/your_workflow_id/branch").query.empty());
}

TEST_F(EndpointTest, B3GetBranchHasNullBranches) {
  answer_with_fixture("b3_response.json");
  const auto detail = client_.workflows().get_branch("your_branch_id");
  only_request("GET", "/workflow_meta/branch/your_branch_id");
  EXPECT_EQ(detail.branch_id, "your_branch_id");
  EXPECT_EQ(detail.branch_name, "feature-x");
  EXPECT_FALSE(detail.branches);
}

TEST_F(EndpointTest, B4UpdateBranchSendsTheDocumentedBody) {
  const Json document_body = json_fixture("b4_request.json");
  client_.workflows().update_branch("your_branch_id_to_update", document_body.get<BranchRequest>());
  const auto request = only_request("PUT", "/workflow_meta/branch/your_branch_id_to_update");
  EXPECT_EQ(request.json(), document_body);
}

TEST_F(EndpointTest, B5DeleteBranchSendsDeleteDataFalse) {
  DeleteOptions options;
  options.delete_data = false;
  client_.workflows().remove_branch("your_branch_id_to_delete", options);
  const auto request = only_request("DELETE", "/workflow_meta/branch/your_branch_id_to_delete");
  EXPECT_EQ(request.query, (Query{{"delete_data", "false"}}));
}

// ---- jobs -------------------------------------------------------------------------------------

TEST_F(EndpointTest, J1ListJobsSendsTheDocumentedQuery) {
  answer_with_fixture("j1_response.json");
  ListJobsRequest query;  // the document's example
  query.page_num = 1;
  query.page_size = 10;
  query.sort_order = SortOrder::kAscending;
  const auto page = client_.jobs().list(query);
  const auto request = only_request("GET", "/workflow_job");
  EXPECT_EQ(request.query, (Query{{"page_num", "1"}, {"page_size", "10"}, {"sort_order", "asc"}}));
  EXPECT_EQ(page.total, 20);
  ASSERT_EQ(page.jobs.size(), 1u);
  EXPECT_EQ(page.jobs[0].id, "job_uuid_1");
  EXPECT_EQ(page.jobs[0].status, JobStatus::kCompleted);
  EXPECT_EQ(page.jobs[0].workflow_meta_id, "ff5d119a-4e94-4968-ac0c-6ef64fcabb6c");
}

TEST_F(EndpointTest, J1ListJobsEncodesEveryFilter) {
  server_.enqueue(testing::canned_ok(Json{{"total", 0}, {"jobs", Json::array()}}));
  ListJobsRequest query;
  query.workflow_id = "wf-1";
  query.name_search = "alpha";
  query.file_types = {FileType::kPdf};
  query.priority = {300, 350};
  query.page_num = 3;
  query.page_size = 50;
  query.count_le = 100;
  query.count_ge = 1;
  query.sort_field = "created_at";
  query.sort_order = SortOrder::kDescending;
  client_.jobs().list(query);
  EXPECT_EQ(only_request("GET", "/workflow_job").query, (Query{{"workflow_id", "wf-1"},
                                                               {"name_search", "alpha"},
                                                               {"file_types", "2"},
                                                               {"priority", "300"},
                                                               {"priority", "350"},
                                                               {"page_num", "3"},
                                                               {"page_size", "50"},
                                                               {"count_le", "100"},
                                                               {"count_ge", "1"},
                                                               {"sort_field", "created_at"},
                                                               {"sort_order", "desc"}}));
}

TEST_F(EndpointTest, J2GetJobDecodesTheRecord) {
  answer_with_fixture("j2_response.json");
  const auto job = client_.jobs().get("YOUR_JOB_ID");
  only_request("GET", "/workflow_job/YOUR_JOB_ID");
  EXPECT_EQ(job.id, "cf68d259-9cd6-4f44-a0a4-5674c79da083");
  EXPECT_EQ(job.name, "test");
}

TEST_F(EndpointTest, J3ListJobFilesSendsTheDocumentedQuery) {
  answer_with_fixture("j3_response.json");
  ListJobFilesRequest query;  // the document's example: statuses [2, 3]
  query.page_num = 1;
  query.page_size = 10;
  query.statuses = {JobFileStatus{2}, JobFileStatus{3}};
  const auto files = client_.jobs().list_files("your_job_id", query);
  const auto request = only_request("GET", "/workflow_job/your_job_id/files");
  EXPECT_EQ(request.query,
            (Query{{"page_num", "1"}, {"page_size", "10"}, {"statuses", "2"}, {"statuses", "3"}}));
  ASSERT_EQ(files.files.size(), 1u);
  EXPECT_EQ(files.files[0].file_name, "document_part_1.pdf");
  EXPECT_EQ(files.file_total, 5);
  EXPECT_EQ(files.completed, 5);
  EXPECT_EQ(files.failed, 1);
}

TEST_F(EndpointTest, J4RetryJobFilesSendsTheDocumentedBody) {
  client_.jobs().retry_files("your_job_id", {"file_item_uuid_1", "file_item_uuid_2"});
  const auto request = only_request("POST", "/workflow_job/your_job_id/files");
  EXPECT_EQ(request.json(), json_fixture("j4_request.json"));
}

TEST_F(EndpointTest, J5GetJobStatusDecodesProgressAndTimes) {
  answer_with_fixture("j5_response.json");
  const auto status = client_.jobs().get_status("your_job_id");
  only_request("GET", "/workflow_job/your_job_id/status");
  EXPECT_EQ(status.job_id, "your_job_id");
  EXPECT_EQ(status.status, JobStatus::kCompleted);
  EXPECT_EQ(status.progress, 100);
  EXPECT_EQ(status.start_time.epoch_ms(), 1739377287000);
  EXPECT_EQ(status.end_time.epoch_ms(), 1739377755000);
}

// ---- export tasks -----------------------------------------------------------------------------

class ExportCreateTest : public EndpointTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(ExportCreateTest, E1CreateExportTaskSendsTheDocumentedBody) {
  const Json document_body = json_fixture(GetParam());
  client_.exports().create(document_body.get<CreateExportTaskRequest>());
  const auto request = only_request("POST", "/export/task/create");
  EXPECT_EQ(request.json(), document_body);
}

INSTANTIATE_TEST_SUITE_P(EveryTarget, ExportCreateTest,
                         ::testing::Values("e1_request_dify.json", "e1_request_s3.json",
                                           "e1_request_mo.json"));

TEST_F(EndpointTest, E2ListExportTasksSendsTheDocumentedBody) {
  answer_with_fixture("e2_response.json");
  const Json document_body = json_fixture("e2_request.json");
  const auto page = client_.exports().list(document_body.get<ListExportTasksRequest>());
  const auto request = only_request("POST", "/export/task/list");
  EXPECT_EQ(request.json(), document_body);
  EXPECT_EQ(page.total, 1);
  ASSERT_EQ(page.tasks.size(), 1u);
  EXPECT_EQ(page.tasks[0].create_time.text(), "2024-01-01T00:00:00Z");
}

TEST_F(EndpointTest, E2ListIsRetriedLikeARead) {
  testing::CannedResponse busy;
  busy.status = 503;
  busy.body = R"({"detail":"busy"})";
  server_.enqueue(busy);
  answer_with_fixture("e2_response.json");
  client_.exports().list();
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(server_.last_request().json(), Json::object());  // no filter: an empty body
}

TEST_F(EndpointTest, E3GetExportTaskSendsIdAndDecodesStats) {
  answer_with_fixture("e3_response.json");
  const auto task = client_.exports().get("task_123");
  const auto request = only_request("POST", "/export/task/info");
  EXPECT_EQ(request.json(), json_fixture("e3_request.json"));
  EXPECT_EQ(task.name, "导出到 Dify 任务");
  ASSERT_TRUE(task.file_stats);
  EXPECT_EQ(task.file_stats->file_success, 65);
  EXPECT_EQ(task.file_stats->file_fail, 5);
  ASSERT_TRUE(task.config);
  ASSERT_TRUE(task.config->dify_config);
  EXPECT_EQ(task.config->dify_config->dataset_name, "测试数据集");
}

TEST_F(EndpointTest, E4ListExportFilesSendsTheDocumentedBody) {
  answer_with_fixture("e4_response.json");
  const Json document_body = json_fixture("e4_request.json");
  const auto files = client_.exports().list_files(document_body.get<ListExportFilesRequest>());
  const auto request = only_request("POST", "/export/task/files");
  EXPECT_EQ(request.json(), document_body);
  ASSERT_EQ(files.files.size(), 2u);
  EXPECT_EQ(files.files[1].details, "导出失败：文件格式不支持");  // full-width colon
  EXPECT_EQ(files.total_success, 45);
}

TEST_F(EndpointTest, E5RerunExportTaskHasNoBody) {
  client_.exports().rerun("task_123");
  const auto request = only_request("POST", "/export/task/task_123/rerun");
  EXPECT_TRUE(request.body.empty());
  EXPECT_EQ(request.header("Content-Length"), "0");
}

TEST_F(EndpointTest, E6DeleteExportTaskSendsId) {
  client_.exports().remove("task_123");
  const auto request = only_request("POST", "/export/task/delete");
  EXPECT_EQ(request.json(), json_fixture("e6_request.json"));
}

// ---- client-side checks: nothing is sent ------------------------------------------------------

TEST_F(EndpointTest, EmptyIdsAreRejectedBeforeSending) {
  const auto rejects = [this](auto&& call, const std::string& expected) {
    try {
      call();
      ADD_FAILURE() << "expected InvalidArgumentError: " << expected;
    } catch (const InvalidArgumentError& error) {
      EXPECT_EQ(std::string(error.what()), "invalid argument: " + expected);
    }
  };
  rejects([&] { client_.workflows().get(""); }, "workflow_id is empty");
  rejects([&] { client_.workflows().stop(".."); }, "workflow_id must not be \"..\"");
  rejects([&] { client_.workflows().get_branch(""); }, "branch_id is empty");
  rejects([&] { client_.jobs().get_status(""); }, "job_id is empty");
  rejects([&] { client_.jobs().retry_files(".", {"f"}); }, "job_id must not be \".\"");
  rejects([&] { client_.exports().get(""); }, "task_id is empty");
  rejects([&] { client_.exports().rerun(""); }, "task_id is empty");
  rejects([&] { client_.exports().remove(""); }, "task_id is empty");
  rejects([&] { client_.exports().list_files(ListExportFilesRequest{}); }, "task_id is empty");
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(EndpointTest, OutOfRangePagingIsRejectedBeforeSending) {
  ListWorkflowsRequest workflows;
  workflows.limit = 0;
  EXPECT_THROW(client_.workflows().list(workflows), InvalidArgumentError);
  workflows.limit = 5;
  workflows.offset = -1;
  EXPECT_THROW(client_.workflows().list(workflows), InvalidArgumentError);
  ListJobsRequest jobs;
  jobs.page_num = 0;
  try {
    client_.jobs().list(jobs);
    FAIL();
  } catch (const InvalidArgumentError& error) {
    EXPECT_STREQ(error.what(), "invalid argument: page_num must be at least 1, got 0");
  }
  ListJobFilesRequest files;
  files.page_size = 0;
  EXPECT_THROW(client_.jobs().list_files("j", files), InvalidArgumentError);
  ListExportTasksRequest tasks;
  tasks.limit = 0;
  EXPECT_THROW(client_.exports().list(tasks), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(EndpointTest, HostileIdsStayOnTheIntendedEndpoint) {
  answer_with_fixture("j5_response.json");
  client_.jobs().get_status("a..b?c#d %e");
  const auto request = server_.last_request();
  EXPECT_EQ(request.target, std::string(kPrefix) + "/workflow_job/a..b%3Fc%23d%20%25e/status");
  EXPECT_TRUE(request.query.empty());
  // The server decodes the one segment back into the whole id.
  EXPECT_EQ(request.path, std::string(kPrefix) + "/workflow_job/a..b?c#d %e/status");
  // A slash is refused outright (issue 12): nothing is sent.
  EXPECT_THROW(client_.workflows().remove_branch("branch/x"), InvalidArgumentError);
  EXPECT_THROW(client_.jobs().get_status("a/../b"), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(EndpointTest, WrongTypedResponseNamesTheJsonPath) {
  server_.enqueue(testing::canned_ok(
      Json::parse(R"({"total": 1, "jobs": [{"id": "a", "status": "running"}]})")));
  try {
    client_.jobs().list();
    FAIL();
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "data.jobs[0].status");
  }
}

}  // namespace
}  // namespace moi
