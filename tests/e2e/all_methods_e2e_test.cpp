// SPDX-License-Identifier: Apache-2.0
// All 23 SDK methods in one scenario, each called once: every call succeeds, and the emulator
// counts exactly one request on each of the 23 endpoints (so each method reaches its own).

#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

using AllMethodsE2E = E2ETest;

TEST_F(AllMethodsE2E, EachOfThe23MethodsSendsOneRequestToItsEndpoint) {
  // Workflows and branches.
  const WorkflowRecord record =
      workflows().create(workflow_request("all-methods", {"a.pdf", "b-fail.pdf"}));  // W1
  const std::string workflow_id = record.id.value();
  ListWorkflowsRequest by_name;
  by_name.name_search = "all-methods";
  EXPECT_EQ(workflows().list(by_name).total, 1);                // W2
  EXPECT_EQ(workflows().get(workflow_id).name, "all-methods");  // W3
  WorkflowRequest update = workflow_request("all-methods-v2", {"a.pdf", "b-fail.pdf"});
  workflows().update(workflow_id, update);  // W4
  BranchRequest branch;
  branch.branch_name = "side";
  branch.workflow = cleaning_pipeline();
  workflows().create_branch(workflow_id, branch);                                // B1
  const WorkflowListResponse branches = workflows().list_branches(workflow_id);  // B2
  ASSERT_EQ(branches.workflows.size(), 2u);
  const std::string branch_id = branches.workflows[1].branch_id.value();
  EXPECT_EQ(workflows().get_branch(branch_id).branch_name, "side");  // B3
  branch.branch_name = "side-v2";
  workflows().update_branch(branch_id, branch);  // B4

  // Jobs.
  ListJobsRequest of_workflow;
  of_workflow.workflow_id = workflow_id;
  const JobListResponse job_list = jobs().list(of_workflow);  // J1
  ASSERT_EQ(job_list.jobs.size(), 1u);
  const std::string job_id = job_list.jobs[0].id.value();
  EXPECT_EQ(jobs().get(job_id).workflow_meta_id, workflow_id);  // J2
  emulator().advance(5s);
  const JobFilesResponse files = jobs().list_files(job_id);  // J3
  ASSERT_EQ(files.files.size(), 2u);
  EXPECT_EQ(files.failed, 1);
  jobs().retry_files(job_id, {files.files[1].id.value()});           // J4
  EXPECT_EQ(jobs().get_status(job_id).status, JobStatus::kRunning);  // J5
  workflows().stop(workflow_id);                                     // W6
  workflows().rerun(workflow_id);                                    // W7
  workflows().remove_branch(branch_id);                              // B5
  DeleteOptions delete_data;
  delete_data.delete_data = true;
  workflows().remove(workflow_id, delete_data);  // W5

  // Export tasks.
  exports().create(export_request(ExportTaskType::kDify, "all-methods", {"x-fail.md"}));  // E1
  const ExportTaskListResponse tasks = exports().list();                                  // E2
  ASSERT_EQ(tasks.tasks.size(), 1u);
  const std::string task_id = tasks.tasks[0].id.value();
  emulator().advance(5s);
  EXPECT_EQ(exports().get(task_id).file_stats.value().failed, 1);  // E3
  ListExportFilesRequest task_files;
  task_files.task_id = task_id;
  EXPECT_EQ(exports().list_files(task_files).total_failure, 1);  // E4
  exports().rerun(task_id);                                      // E5
  exports().remove(task_id);                                     // E6

  for (std::size_t i = 0; i < emu::kEndpointCount; ++i) {
    const auto endpoint = static_cast<emu::Endpoint>(i);
    EXPECT_EQ(emulator().request_count(endpoint), 1u) << emu::endpoint_id(endpoint);
  }
  EXPECT_EQ(emulator().total_requests(), emu::kEndpointCount);
  EXPECT_TRUE(retry_sleeps().empty());
}

}  // namespace
}  // namespace moi::e2e
