// SPDX-License-Identifier: Apache-2.0
// The retry policy against the emulator's fault injection: what is repeated, what is not, and
// what the caller is told. The retry sleeper only records, so Retry-After costs no time.

#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

using RetryE2E = E2ETest;

TEST_F(RetryE2E, A503OnAGetIsRetriedAfterItsRetryAfter) {
  const std::string id = workflows().create(workflow_request("flaky-read")).id.value();
  emulator().reset_counts();
  emulator().inject(emu::Fault::k503, 1, emu::Endpoint::kW3GetWorkflow);

  const WorkflowDetail detail = workflows().get(id);

  EXPECT_EQ(detail.id, id);
  EXPECT_EQ(detail.name, "flaky-read");
  EXPECT_EQ(emulator().request_count("W3"), 2u);
  EXPECT_EQ(emulator().faults_injected(), 1u);
  EXPECT_EQ(retry_sleeps(), std::vector<std::chrono::milliseconds>{1000ms});  // Retry-After: 1
}

TEST_F(RetryE2E, A429OnAReadOnlyPostIsRetried) {
  exports().create(export_request(ExportTaskType::kDify, "listed", {"a.pdf"}));
  emulator().reset_counts();
  emulator().inject(emu::Fault::k429, 1, emu::Endpoint::kE2ListExportTasks);

  EXPECT_EQ(exports().list().total, 1);
  EXPECT_EQ(emulator().request_count("E2"), 2u);
}

TEST_F(RetryE2E, ADroppedAnswerToAGetIsRetried) {
  workflows().create(workflow_request("one"));
  workflows().create(workflow_request("two"));
  emulator().reset_counts();
  emulator().inject(emu::Fault::kDrop, 1, emu::Endpoint::kW2ListWorkflows);

  const WorkflowListResponse list = workflows().list();

  EXPECT_EQ(list.total, 2);
  EXPECT_EQ(list.workflows.size(), 2u);
  EXPECT_EQ(emulator().request_count("W2"), 2u);
}

TEST_F(RetryE2E, ADroppedAnswerToACreateIsNotRepeatedAndTheOutcomeIsUnknown) {
  emulator().inject(emu::Fault::kDrop, 1, emu::Endpoint::kW1CreateWorkflow);

  const auto error =
      error_of<TransportError>([&] { workflows().create(workflow_request("maybe-created")); });

  ASSERT_TRUE(error.has_value());
  EXPECT_TRUE(error->outcome_unknown());
  EXPECT_NE(std::string(error->what()).find("outcome unknown"), std::string::npos) << error->what();
  EXPECT_FALSE(error->request_id().empty());
  // Sent once; the emulator did create it, exactly once.
  EXPECT_EQ(emulator().request_count("W1"), 1u);
  ListWorkflowsRequest query;
  query.name_search = "maybe-created";
  EXPECT_EQ(workflows().list(query).total, 1);
  EXPECT_TRUE(retry_sleeps().empty());
}

TEST_F(RetryE2E, A503OnACreateIsNotRetriedUnlessTheCallerOptsIn) {
  emulator().inject(emu::Fault::k503, 1, emu::Endpoint::kE1CreateExportTask);
  const auto error = error_of<HttpError>(
      [&] { exports().create(export_request(ExportTaskType::kS3, "first", {"a.json"})); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->http_status(), 503);
  EXPECT_TRUE(error->retryable());
  EXPECT_EQ(emulator().request_count("E1"), 1u);
  EXPECT_EQ(exports().list().total, 0);  // a 503 is answered without processing

  // Opting in: the 503 is retried and exactly one task is created.
  emulator().inject(emu::Fault::k503, 1, emu::Endpoint::kE1CreateExportTask);
  CallOptions retry;
  retry.retry_non_idempotent = true;
  exports().create(export_request(ExportTaskType::kS3, "second", {"a.json"}), retry);
  EXPECT_EQ(emulator().request_count("E1"), 3u);
  const ExportTaskListResponse tasks = exports().list();
  ASSERT_EQ(tasks.total, 1);
  EXPECT_EQ(tasks.tasks.at(0).name, "second");
}

TEST_F(RetryE2E, PersistentErrorsSurfaceAfterTheLastAttempt) {
  const auto [workflow_id, job_id] = create_with_job(workflow_request("unlucky"));
  (void)workflow_id;
  emulator().reset_counts();
  emulator().inject(emu::Fault::k503, 4, emu::Endpoint::kJ5GetJobStatus);

  const auto error = error_of<HttpError>([&] { jobs().get_status(job_id); });

  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->http_status(), 503);
  EXPECT_EQ(emulator().request_count("J5"), 4u);  // max_attempts
  EXPECT_EQ(retry_sleeps().size(), 3u);
  EXPECT_EQ(jobs().get_status(job_id).job_id, job_id);  // the queue is used up
}

TEST_F(RetryE2E, AWaiterPollsThroughAnOutage) {
  const auto [workflow_id, job_id] = create_with_job(workflow_request("outage"));
  (void)workflow_id;
  // Six 503s: the first poll's four attempts fail (a retryable error the waiter polls
  // through), the second poll succeeds on its third attempt.
  emulator().inject(emu::Fault::k503, 6, emu::Endpoint::kJ5GetJobStatus);

  auto options = on_emulator_time<JobWaitOptions>();
  options.fetch_file_counts = false;
  const JobStatusInfo done = wait_for_job(jobs(), job_id, options);

  EXPECT_EQ(done.status, JobStatus::kCompleted);
  EXPECT_EQ(emulator().faults_injected(), 6u);
}

}  // namespace
}  // namespace moi::e2e
