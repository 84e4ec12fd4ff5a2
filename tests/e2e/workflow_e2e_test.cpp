// SPDX-License-Identifier: Apache-2.0
// Workflows (W1-W7) and branches (B1-B5) end to end: the SDK against the in-process emulator.

#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

using WorkflowE2E = E2ETest;
using BranchE2E = E2ETest;

// The emulator's manual clock starts at 2025-05-30T09:45:58Z (the documents' example time).
constexpr std::int64_t kStartMs = 1748598358000;

std::vector<std::string> names_of(const WorkflowListResponse& list) {
  std::vector<std::string> out;
  for (const auto& item : list.workflows) out.push_back(item.branch_name.value_or("?"));
  return out;
}

TEST_F(WorkflowE2E, CreateReturnsTheDecodedRecordAndStartsAJob) {
  const WorkflowRecord record = workflows().create(workflow_request("contracts"));

  ASSERT_TRUE(record.id.has_value());
  EXPECT_FALSE(record.id->empty());
  EXPECT_EQ(record.name, "contracts");
  EXPECT_EQ(record.creator, "admin");
  EXPECT_EQ(record.modifier, "admin");
  EXPECT_EQ(record.version, "1");
  EXPECT_EQ(record.priority, 300);
  // Arrays arrive as JSON text and are decoded into typed members.
  EXPECT_EQ(record.file_types, (std::vector<FileType>{FileType::kPdf, FileType::kDocx}));
  EXPECT_EQ(record.source_volume_ids, std::vector<std::string>{"1889223879880048640"});
  EXPECT_EQ(record.source_volume_names, std::vector<std::string>{"e2e-inbox"});
  EXPECT_EQ(record.files, std::vector<Json>{});
  EXPECT_EQ(record.target_volume_id, "eb42f0a1-ab18-4010-b95c-cd1716dd5e95");
  // flow_interval / flow_offset become the process mode.
  ASSERT_TRUE(record.process_mode.has_value());
  EXPECT_EQ(record.process_mode->kind(), ProcessModeKind::kOnce);
  // ISO time without zone, read as UTC.
  EXPECT_EQ(record.created_at.form(), Timestamp::Form::kText);
  EXPECT_EQ(record.created_at.text(), "2025-05-30T09:45:58");
  EXPECT_EQ(record.created_at.epoch_ms(), kStartMs);

  EXPECT_EQ(emulator().request_count("W1"), 1u);
  const JobListItem job = wait_for_first_job(jobs(), *record.id, on_emulator_time());
  EXPECT_EQ(job.workflow_meta_id, record.id);
  EXPECT_EQ(job.status, JobStatus::kRunning);
}

TEST_F(WorkflowE2E, ListFindsTheWorkflowWithItsMainBranch) {
  const WorkflowRecord other = workflows().create(workflow_request("unrelated"));
  const WorkflowRecord record = workflows().create(workflow_request("quarterly-report"));

  ListWorkflowsRequest query;
  query.name_search = "QUARTERLY";  // case-insensitive substring
  const WorkflowListResponse list = workflows().list(query);
  ASSERT_EQ(list.total, 1);
  ASSERT_EQ(list.workflows.size(), 1u);
  const WorkflowListItem& item = list.workflows[0];
  EXPECT_EQ(item.id, record.id);
  EXPECT_NE(item.id, other.id);
  EXPECT_EQ(item.name, "quarterly-report");
  EXPECT_EQ(item.creator, "admin");
  EXPECT_EQ(item.status, WorkflowStatus::kRunning);  // its job is running
  EXPECT_EQ(item.priority, 300);
  EXPECT_EQ(item.file_types, (std::vector<FileType>{FileType::kPdf, FileType::kDocx}));
  EXPECT_EQ(item.source_volume_ids, std::vector<std::string>{"1889223879880048640"});
  ASSERT_TRUE(item.process_mode.has_value());
  EXPECT_EQ(item.process_mode->interval, 0);
  EXPECT_EQ(item.created_at.form(), Timestamp::Form::kEpochMs);
  // W1 reports seconds (ISO text), W2 milliseconds: the same instant.
  EXPECT_EQ(item.created_at.epoch_ms().value_or(0) / 1000,
            record.created_at.epoch_ms().value_or(-1) / 1000);
  EXPECT_EQ(item.branch_total, 1);
  EXPECT_EQ(item.branch_name, "main");
  EXPECT_EQ(item.branch_status, BranchStatus::kEnabled);
  EXPECT_TRUE(item.branch_id.has_value());
  EXPECT_EQ(item.branch_volume_id, "eb42f0a1-ab18-4010-b95c-cd1716dd5e95");

  // Once the job is done the workflow is completed.
  emulator().advance(10s);
  ListWorkflowsRequest completed;
  completed.status = {WorkflowStatus::kCompleted};
  EXPECT_EQ(workflows().list(completed).total, 2);
}

TEST_F(WorkflowE2E, GetReturnsThePipelineAndTheBranches) {
  const WorkflowRecord record = workflows().create(workflow_request("detailed"));
  const WorkflowDetail detail = workflows().get(*record.id);

  EXPECT_EQ(detail.id, record.id);
  EXPECT_EQ(detail.name, "detailed");
  EXPECT_EQ(detail.status, WorkflowStatus::kRunning);
  EXPECT_EQ(detail.created_at.epoch_ms(), record.created_at.epoch_ms());
  ASSERT_TRUE(detail.workflow.has_value());
  // The builder-made pipeline comes back key for key.
  EXPECT_EQ(Json(*detail.workflow), Json(cleaning_pipeline()));
  EXPECT_NO_THROW(validate_pipeline(*detail.workflow));
  EXPECT_EQ(detail.branch_name, "main");
  ASSERT_TRUE(detail.branches.has_value());
  ASSERT_EQ(detail.branches->size(), 1u);
  const WorkflowBranchItem& main = detail.branches->front();
  EXPECT_EQ(main.branch_id, detail.branch_id);
  EXPECT_EQ(main.branch_name, "main");
  EXPECT_EQ(main.branch_status, BranchStatus::kEnabled);
  ASSERT_TRUE(main.workflow.has_value());
  EXPECT_EQ(Json(*main.workflow), Json(cleaning_pipeline()));
}

TEST_F(WorkflowE2E, UpdateReplacesTheBaseInfoAndThePipeline) {
  const WorkflowRecord record = workflows().create(workflow_request("draft"));
  const WorkflowDetail before = workflows().get(*record.id);

  WorkflowRequest update = workflow_request("final");
  update.priority = 350;
  update.process_mode = ProcessModeConfig::every(10);
  update.file_types = {FileType::kPdf, FileType::kMarkdown};
  // Edit the fetched pipeline: drop the splitter, connect the cleaner to the writer.
  update.workflow = PipelineBuilder::from(*before.workflow)
                        .remove("DocumentSplitter")
                        .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                        .build();
  emulator().advance(2s);
  workflows().update(*record.id, update);

  const WorkflowDetail after = workflows().get(*record.id);
  EXPECT_EQ(after.id, record.id);
  EXPECT_EQ(after.name, "final");
  EXPECT_EQ(after.priority, 350);
  ASSERT_TRUE(after.process_mode.has_value());
  EXPECT_EQ(after.process_mode->kind(), ProcessModeKind::kPeriodic);
  EXPECT_EQ(after.process_mode->interval, 10);
  EXPECT_EQ(after.file_types, (std::vector<FileType>{FileType::kPdf, FileType::kMarkdown}));
  EXPECT_EQ(after.updated_at.epoch_ms(), before.updated_at.epoch_ms().value_or(0) + 2000);
  ASSERT_TRUE(after.workflow.has_value());
  EXPECT_EQ(Json(*after.workflow), Json(update.workflow));
  ASSERT_TRUE(after.workflow->components.has_value());
  EXPECT_EQ(after.workflow->components->size(), 2u);
  ASSERT_TRUE(after.branches.has_value());
  EXPECT_EQ(Json(*after.branches->front().workflow), Json(update.workflow));
}

TEST_F(BranchE2E, CreateListGetUpdateAndRemoveABranch) {
  const WorkflowRecord record = workflows().create(workflow_request("branched"));
  const std::string workflow_id = *record.id;

  BranchRequest create;
  create.branch_name = "experiment";
  create.workflow = PipelineBuilder()
                        .add(components::document_cleaner())
                        .add(components::document_writer())
                        .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                        .build();
  emulator().advance(1ms);
  workflows().create_branch(workflow_id, create);

  // B2: main first, then the new branch; `id` is the parent workflow.
  const WorkflowListResponse branches = workflows().list_branches(workflow_id);
  EXPECT_EQ(branches.total, 2);
  ASSERT_EQ(names_of(branches), (std::vector<std::string>{"main", "experiment"}));
  const WorkflowListItem& experiment = branches.workflows[1];
  EXPECT_EQ(experiment.id, workflow_id);
  EXPECT_EQ(experiment.branch_total, 2);
  EXPECT_EQ(experiment.branch_status, BranchStatus::kEnabled);
  ASSERT_TRUE(experiment.branch_id.has_value());
  ASSERT_TRUE(experiment.branch_volume_id.has_value());
  EXPECT_NE(experiment.branch_volume_id, branches.workflows[0].branch_volume_id);
  const std::string branch_id = *experiment.branch_id;

  // B2's status_in filter is on the workflow's status: running now, completed later.
  ListBranchesRequest completed;
  completed.status_in = {WorkflowStatus::kCompleted};
  EXPECT_EQ(workflows().list_branches(workflow_id, completed).total, 0);
  emulator().advance(10s);
  EXPECT_EQ(workflows().list_branches(workflow_id, completed).total, 2);

  // B3: the branch's pipeline, `branches` null.
  const WorkflowDetail detail = workflows().get_branch(branch_id);
  EXPECT_EQ(detail.id, workflow_id);
  EXPECT_EQ(detail.branch_id, branch_id);
  EXPECT_EQ(detail.branch_name, "experiment");
  EXPECT_FALSE(detail.branches.has_value());
  ASSERT_TRUE(detail.workflow.has_value());
  EXPECT_EQ(Json(*detail.workflow), Json(create.workflow));

  // W3 lists both branches.
  const WorkflowDetail parent = workflows().get(workflow_id);
  ASSERT_TRUE(parent.branches.has_value());
  ASSERT_EQ(parent.branches->size(), 2u);
  EXPECT_EQ(parent.branches->at(1).branch_id, branch_id);

  // B4: rename and replace the pipeline.
  BranchRequest update;
  update.branch_name = "experiment-v2";
  update.workflow = PipelineBuilder::from(create.workflow)
                        .add(components::document_splitter())
                        .disconnect("DocumentCleaner.documents", "DocumentWriter.documents")
                        .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
                        .connect("DocumentSplitter.documents", "DocumentWriter.documents")
                        .build();
  workflows().update_branch(branch_id, update);
  const WorkflowDetail updated = workflows().get_branch(branch_id);
  EXPECT_EQ(updated.branch_name, "experiment-v2");
  EXPECT_EQ(Json(*updated.workflow), Json(update.workflow));

  // The main branch cannot be deleted.
  const auto main_error =
      error_of<HttpError>([&] { workflows().remove_branch(*branches.workflows[0].branch_id); });
  ASSERT_TRUE(main_error.has_value());
  EXPECT_EQ(main_error->http_status(), 400);

  // B5: gone from B2 and B3.
  DeleteOptions keep_data;
  keep_data.delete_data = false;
  workflows().remove_branch(branch_id, keep_data);
  EXPECT_EQ(names_of(workflows().list_branches(workflow_id)), std::vector<std::string>{"main"});
  const auto gone = error_of<HttpError>([&] { workflows().get_branch(branch_id); });
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ(gone->http_status(), 404);
}

TEST_F(WorkflowE2E, StopStopsTheUnfinishedFilesAndRerunStartsANewJob) {
  const auto [workflow_id, job_id] = create_with_job(workflow_request("stoppable"));
  emulator().advance(1500ms);  // file 1 done, file 2 processing, file 3 pending

  workflows().stop(workflow_id);

  const JobStatusInfo stopped = jobs().get_status(job_id);
  EXPECT_EQ(stopped.status, JobStatus::kFailed);
  EXPECT_EQ(stopped.progress, 100.0);
  EXPECT_NE(stopped.message.value_or("").find("stopped"), std::string::npos)
      << stopped.message.value_or("");
  EXPECT_EQ(stopped.end_time.epoch_ms(), emulator().now_ms());
  const JobFilesResponse files = jobs().list_files(job_id);
  EXPECT_EQ(files.total, 3);
  EXPECT_EQ(files.completed, 1);
  EXPECT_EQ(files.stopped, 2);
  EXPECT_EQ(files.pending, 0);
  EXPECT_EQ(files.processing, 0);
  EXPECT_EQ(files.files.at(2).error_message, "stopped");
  EXPECT_EQ(workflows().get(workflow_id).status, WorkflowStatus::kStopped);
  ListWorkflowsRequest by_status;
  by_status.status = {WorkflowStatus::kStopped};
  EXPECT_EQ(workflows().list(by_status).total, 1);

  // W7: a new job; the workflow runs again.
  emulator().advance(1s);
  workflows().rerun(workflow_id);
  ListJobsRequest of_workflow;
  of_workflow.workflow_id = workflow_id;
  const JobListResponse listed = jobs().list(of_workflow);  // newest first by default
  ASSERT_EQ(listed.total, 2);
  ASSERT_EQ(listed.jobs.size(), 2u);
  EXPECT_EQ(listed.jobs[1].id, job_id);
  const std::string new_job = listed.jobs[0].id.value_or("");
  EXPECT_NE(new_job, job_id);
  EXPECT_EQ(listed.jobs[0].status, JobStatus::kRunning);
  EXPECT_EQ(workflows().get(workflow_id).status, WorkflowStatus::kRunning);
  const JobStatusInfo done = wait_for_job(jobs(), new_job, on_emulator_time<JobWaitOptions>());
  EXPECT_EQ(done.status, JobStatus::kCompleted);
  EXPECT_EQ(jobs().get_status(job_id).status, JobStatus::kFailed);  // the old one is unchanged
  EXPECT_EQ(workflows().get(workflow_id).status, WorkflowStatus::kCompleted);
}

TEST_F(WorkflowE2E, RemoveKeepsTheJobsUnlessDeleteDataIsSet) {
  const auto [kept_workflow, kept_job] = create_with_job(workflow_request("keep-data"));
  const auto [gone_workflow, gone_job] = create_with_job(workflow_request("delete-data"));

  workflows().remove(kept_workflow);
  DeleteOptions delete_data;
  delete_data.delete_data = true;
  workflows().remove(gone_workflow, delete_data);

  for (const auto& id : {kept_workflow, gone_workflow}) {
    const auto error = error_of<HttpError>([&] { workflows().get(id); });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->http_status(), 404);
    EXPECT_NE(error->detail().find("not found"), std::string::npos) << error->detail();
  }
  EXPECT_EQ(workflows().list().total, 0);

  // Without delete_data the job stays; with it the job and its files are gone.
  EXPECT_EQ(jobs().get(kept_job).id, kept_job);
  ListJobsRequest of_gone;
  of_gone.workflow_id = gone_workflow;
  EXPECT_EQ(jobs().list(of_gone).total, 0);
  const auto error = error_of<HttpError>([&] { jobs().get_status(gone_job); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->http_status(), 404);
}

TEST_F(WorkflowE2E, ErrorsAreTypedAndNotRetried) {
  // Unknown id: 404 with the emulator's detail, sent once.
  const auto missing = error_of<HttpError>([&] { workflows().get("no-such-workflow"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->http_status(), 404);
  EXPECT_FALSE(missing->retryable());
  EXPECT_EQ(emulator().request_count("W3"), 1u);

  // Wrong key: 401, never retried, and the key is not in the message.
  const Client wrong_key(client_options("not-the-key"));
  const auto denied = error_of<HttpError>([&] { wrong_key.workflows().list(); });
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(denied->http_status(), 401);
  EXPECT_EQ(std::string(denied->what()).find("not-the-key"), std::string::npos);
  EXPECT_EQ(emulator().request_count("W2"), 1u);

  // Validation by the emulator: a wrong type is a FastAPI-style 422 with field errors.
  WorkflowRequest bad_content = workflow_request("x");
  bad_content.content = Json("not an object");
  const auto invalid = error_of<HttpError>([&] { workflows().create(bad_content); });
  ASSERT_TRUE(invalid.has_value());
  EXPECT_EQ(invalid->http_status(), 422);
  ASSERT_EQ(invalid->field_errors().size(), 1u);
  EXPECT_EQ(invalid->field_errors()[0].location, "body.content");
  EXPECT_EQ(invalid->field_errors()[0].type, "dict_type");
  EXPECT_EQ(emulator().request_count("W1"), 1u);

  // Rejected by the SDK before sending: nothing reaches the emulator.
  ListWorkflowsRequest bad;
  bad.limit = 0;
  EXPECT_THROW(workflows().list(bad), InvalidArgumentError);
  EXPECT_THROW(workflows().get(""), InvalidArgumentError);
  EXPECT_EQ(emulator().request_count("W2"), 1u);
  EXPECT_EQ(emulator().request_count("W3"), 1u);
}

}  // namespace
}  // namespace moi::e2e
