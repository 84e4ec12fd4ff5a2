// SPDX-License-Identifier: Apache-2.0
// The examples of docs/workflows-and-pipelines.md, each between its two `// [name]` markers.
// ctest runs this program against a moi-emulator (test doc_snippet_workflows).

#include <moi/moi.hpp>

#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

moi::WorkflowConfig cleaner_to_writer() {
  return moi::PipelineBuilder()
      .add(moi::components::document_cleaner())
      .add(moi::components::document_writer())
      .connect("DocumentCleaner.documents", "DocumentWriter.documents")
      .build();
}

void process_modes() {
  // [process-modes]
  moi::ProcessModeConfig once = moi::ProcessModeConfig::once();            // interval 0
  moi::ProcessModeConfig on_new = moi::ProcessModeConfig::on_new_files();  // interval -1
  moi::ProcessModeConfig hourly = moi::ProcessModeConfig::every(60, 15);   // 60 min, offset 15
  std::cout << moi::to_string(hourly.kind()) << " every " << hourly.interval << " minutes\n";
  // [process-modes]
  std::cout << moi::to_string(once.kind()) << ", " << moi::to_string(on_new.kind()) << "\n";
}

}  // namespace

int main() {
  try {
    const moi::Client client = moi::Client::from_env();
    process_modes();

    // [create-workflow]
    moi::WorkflowRequest request;
    request.name = "contracts";
    // The files: source volumes (ids are decimal text) and the file types to process.
    request.source_volume_names = {"contracts-inbox"};
    request.source_volume_ids = {"1889223879880048640"};
    request.file_types = {moi::FileType::kPdf, moi::FileType::kDocx};
    // The results: the target volume, and the name for it should the service create it.
    request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
    request.create_target_volume_name = "contracts-processed";
    // When and how: once, now, through the pipeline.
    request.process_mode = moi::ProcessModeConfig::once();
    request.workflow = cleaner_to_writer();
    // Optional members: unset ones are not sent, and the service's default applies.
    request.priority = 300;
    request.branch_name = "main";

    const moi::WorkflowClient workflows = client.workflows();
    const moi::WorkflowRecord created = workflows.create(request);  // W1; starts a job
    const std::string workflow_id = created.id.value();
    // [create-workflow]
    std::cout << "created " << workflow_id << "\n";

    // [list-workflows]
    moi::ListWorkflowsRequest query;
    query.name_search = "contract";                  // substring of the name
    query.status = {moi::WorkflowStatus::kRunning};  // lists are sent as repeated keys
    query.limit = 20;                                // one page (W2 pages by offset/limit)
    const moi::WorkflowListResponse page = workflows.list(query);
    std::cout << page.total.value_or(0) << " running workflow(s) match\n";

    query.status.clear();
    query.sort_field = "created_at";
    query.sort_order = moi::SortOrder::kAscending;
    for (const moi::WorkflowListItem& item : moi::all_workflows(workflows, query)) {  // every page
      std::cout << item.id.value_or("?") << "  " << item.name.value_or("?") << "\n";
    }
    // [list-workflows]

    // [get-workflow]
    const moi::WorkflowDetail detail = workflows.get(workflow_id);  // W3
    for (const moi::WorkflowBranchItem& branch :
         detail.branches.value_or(std::vector<moi::WorkflowBranchItem>{})) {
      std::cout << "branch " << branch.branch_name.value_or("?") << " ("
                << branch.branch_id.value_or("?") << ")\n";
    }
    // [get-workflow]

    // [update-workflow]
    moi::components::DocumentSplitterOptions splitter;
    splitter.split_length = 500;
    request.workflow = moi::PipelineBuilder::from(detail.workflow.value())  // keeps unknown keys
                           .disconnect("DocumentCleaner.documents", "DocumentWriter.documents")
                           .add(moi::components::document_splitter(splitter))
                           .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
                           .connect("DocumentSplitter.documents", "DocumentWriter.documents")
                           .build();
    request.process_mode = moi::ProcessModeConfig::every(60);
    workflows.update(workflow_id, request);  // W4 replaces the settings and the pipeline
    // [update-workflow]

    // [branches]
    moi::BranchRequest branch;
    branch.branch_name = "small-chunks";
    branch.workflow = request.workflow;
    workflows.create_branch(workflow_id, branch);  // B1 answers no id: list to find it

    std::string branch_id;
    for (const moi::WorkflowListItem& item : workflows.list_branches(workflow_id).workflows) {
      if (item.branch_name == "small-chunks") branch_id = item.branch_id.value_or("");
    }
    const moi::WorkflowDetail branch_detail = workflows.get_branch(branch_id);  // B3

    branch.branch_name = "small-chunks-v2";
    workflows.update_branch(branch_id, branch);  // B4: new name and pipeline
    workflows.remove_branch(branch_id);          // B5 (the main branch cannot be removed)
    // [branches]
    std::cout << "branch of " << branch_detail.id.value_or("?") << " removed\n";

    // [lifecycle]
    workflows.stop(workflow_id);   // W6: unfinished files of its jobs stop
    workflows.rerun(workflow_id);  // W7: a new job (not retried automatically)

    moi::DeleteOptions remove;
    remove.delete_data = true;              // also the data it produced (default: keep it)
    workflows.remove(workflow_id, remove);  // W5
    // [lifecycle]
    std::cout << "done\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "workflows snippets failed: " << error.what() << "\n";
    return 1;
  }
}
