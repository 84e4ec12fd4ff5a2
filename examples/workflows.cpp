// SPDX-License-Identifier: Apache-2.0
// Workflows and branches with moi-cpp:
//
//   1. build a pipeline with moi::PipelineBuilder and create a workflow from it
//   2. find it in the workflow list, and read it back with its pipeline and branches
//   3. change its settings and pipeline
//   4. create a branch with another pipeline, list the branches, read, update and delete it
//   5. stop the workflow, run it again, and delete it with the data it produced
//
// Run it against the local emulator (see README) or the cloud:
//   MOI_BASE_URL=https://... MOI_API_KEY=... ./workflows

#include <moi/moi.hpp>

#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// DocumentCleaner -> DocumentSplitter -> DocumentWriter, checked before anything is sent.
moi::WorkflowConfig cleaning_pipeline() {
  moi::components::DocumentSplitterOptions splitter;
  splitter.split_by = "sentence";
  splitter.split_length = 10;
  splitter.split_overlap = 2;
  return moi::PipelineBuilder()
      .add(moi::components::document_cleaner())
      .add(moi::components::document_splitter(splitter))
      .add(moi::components::document_writer())
      .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
      .connect("DocumentSplitter.documents", "DocumentWriter.documents")
      .build();
}

moi::WorkflowRequest workflow_request(const std::string& name) {
  moi::WorkflowRequest request;
  request.name = name;
  request.source_volume_names = {"handbooks"};
  request.source_volume_ids = {"1889223879880048640"};
  request.file_types = {moi::FileType::kPdf, moi::FileType::kDocx};
  request.process_mode = moi::ProcessModeConfig::once();
  request.priority = 300;
  request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
  request.create_target_volume_name = "handbooks-processed";
  request.workflow = cleaning_pipeline();
  return request;
}

std::string describe(const moi::WorkflowConfig& pipeline) {
  std::string text;
  for (const auto& component : pipeline.components.value_or(std::vector<moi::Component>{})) {
    if (!text.empty()) text += ", ";
    text += component.name.value_or("?");
  }
  return text.empty() ? "no components" : text;
}

std::string status_name(const std::optional<moi::WorkflowStatus>& status) {
  return status ? moi::to_string(*status) : "unknown";
}

void print_branches(const moi::WorkflowClient& workflows, const std::string& workflow_id) {
  const moi::WorkflowListResponse branches = workflows.list_branches(workflow_id);
  std::cout << "   " << branches.total.value_or(0) << " branch(es):\n";
  for (const auto& branch : branches.workflows) {
    std::cout << "   - " << branch.branch_name.value_or("?") << " ("
              << branch.branch_id.value_or("?") << "), writes to volume "
              << branch.branch_volume_id.value_or("?") << "\n";
  }
}

}  // namespace

int main() {
  try {
    const moi::Client client = moi::Client::from_env();
    const moi::WorkflowClient workflows = client.workflows();
    std::cout << "Workflows and branches against " << client.options().base_url << "\n\n";

    const std::string name = "handbook-cleaning";
    std::cout << "1. Creating workflow \"" << name << "\" with the pipeline "
              << describe(cleaning_pipeline()) << "\n";
    const moi::WorkflowRecord created = workflows.create(workflow_request(name));
    const std::string workflow_id = created.id.value_or("");
    if (workflow_id.empty()) throw std::runtime_error("the service did not return the new id");
    std::cout << "   created workflow " << workflow_id << "; creating it also started a job\n\n";

    std::cout << "2. Finding it in the workflow list (name contains \"handbook\")\n";
    moi::ListWorkflowsRequest query;
    query.name_search = "handbook";
    query.sort_field = "created_at";
    query.sort_order = moi::SortOrder::kDescending;
    for (const auto& item : moi::all_workflows(workflows, query)) {
      std::cout << "   " << item.name.value_or("?") << "  " << item.id.value_or("?") << "  "
                << status_name(item.status) << ", priority " << item.priority.value_or(0) << "\n";
    }
    const moi::WorkflowDetail detail = workflows.get(workflow_id);
    std::cout << "   reading it back: pipeline "
              << describe(detail.workflow.value_or(moi::WorkflowConfig{})) << ", main branch \""
              << detail.branch_name.value_or("?") << "\"\n\n";

    std::cout << "3. Updating it: priority 350, every 60 minutes, and no splitter in the "
                 "pipeline\n";
    moi::WorkflowRequest update = workflow_request(name);
    update.priority = 350;
    update.process_mode = moi::ProcessModeConfig::every(60);
    update.workflow = moi::PipelineBuilder::from(detail.workflow.value_or(moi::WorkflowConfig{}))
                          .remove("DocumentSplitter")
                          .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                          .build();
    workflows.update(workflow_id, update);
    const moi::WorkflowDetail updated = workflows.get(workflow_id);
    std::cout << "   now: priority " << updated.priority.value_or(0) << ", interval "
              << (updated.process_mode ? updated.process_mode->interval : 0)
              << " minutes, pipeline " << describe(updated.workflow.value_or(moi::WorkflowConfig{}))
              << "\n\n";

    std::cout << "4. Creating branch \"experiment\" that also splits into chunks of 200 words\n";
    moi::components::DocumentSplitterOptions small_chunks;
    small_chunks.split_length = 200;
    small_chunks.split_overlap = 20;
    moi::BranchRequest branch;
    branch.branch_name = "experiment";
    branch.workflow = moi::PipelineBuilder()
                          .add(moi::components::document_cleaner())
                          .add(moi::components::document_splitter(small_chunks))
                          .add(moi::components::document_writer())
                          .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
                          .connect("DocumentSplitter.documents", "DocumentWriter.documents")
                          .build();
    workflows.create_branch(workflow_id, branch);
    print_branches(workflows, workflow_id);
    std::string branch_id;
    for (const auto& item : workflows.list_branches(workflow_id).workflows) {
      if (item.branch_name == "experiment") branch_id = item.branch_id.value_or("");
    }
    if (branch_id.empty()) throw std::runtime_error("the new branch is not listed");
    const moi::WorkflowDetail branch_detail = workflows.get_branch(branch_id);
    std::cout << "   branch \"" << branch_detail.branch_name.value_or("?") << "\" runs "
              << describe(branch_detail.workflow.value_or(moi::WorkflowConfig{})) << "\n";
    std::cout << "   renaming it to \"experiment-200-words\"\n";
    branch.branch_name = "experiment-200-words";
    workflows.update_branch(branch_id, branch);
    print_branches(workflows, workflow_id);
    std::cout << "   deleting the branch\n";
    workflows.remove_branch(branch_id);
    print_branches(workflows, workflow_id);
    std::cout << "\n";

    std::cout << "5. Stopping the workflow\n";
    workflows.stop(workflow_id);
    std::cout << "   status: " << status_name(workflows.get(workflow_id).status) << "\n";
    std::cout << "   running it again (a new job)\n";
    workflows.rerun(workflow_id);
    std::cout << "   status: " << status_name(workflows.get(workflow_id).status) << "\n";
    std::cout << "   deleting the workflow and the data it produced\n";
    moi::DeleteOptions delete_data;
    delete_data.delete_data = true;
    workflows.remove(workflow_id, delete_data);
    std::cout << "   deleted\n\nDone.\n";
    return 0;
  } catch (const moi::Error& error) {
    std::cerr << "workflows failed: " << error.what() << "\n";
    if (!error.request_id().empty()) std::cerr << "request id: " << error.request_id() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "workflows failed: " << error.what() << "\n";
    return 1;
  }
}
