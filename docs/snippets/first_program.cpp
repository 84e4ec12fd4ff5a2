// SPDX-License-Identifier: Apache-2.0
// The first program of README.md and docs/getting-started.md, shown whole (between the
// markers). ctest runs it against a moi-emulator (test doc_snippet_first_program).
// [first-program]
#include <moi/moi.hpp>

#include <iostream>

int main() {
  try {
    const moi::Client client = moi::Client::from_env();  // MOI_BASE_URL, MOI_API_KEY

    moi::WorkflowRequest request;  // where files come from, where results go, what runs
    request.name = "my-first-workflow";
    request.source_volume_names = {"inbox"};
    request.source_volume_ids = {"1889223879880048640"};
    request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
    request.create_target_volume_name = "inbox-processed";
    request.file_types = {moi::FileType::kPdf, moi::FileType::kDocx};
    request.process_mode = moi::ProcessModeConfig::once();
    request.workflow = moi::PipelineBuilder()
                           .add(moi::components::document_cleaner())
                           .add(moi::components::document_writer())
                           .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                           .build();

    const moi::WorkflowRecord workflow = client.workflows().create(request);  // starts a job
    const moi::JobListItem job = moi::wait_for_first_job(client.jobs(), *workflow.id);
    const moi::JobStatusInfo done = moi::wait_for_job(client.jobs(), *job.id);
    std::cout << "workflow " << *workflow.id << "\njob " << *job.id << ": "
              << moi::to_string(*done.status) << ", " << done.message.value_or("") << "\n";
    return done.status == moi::JobStatus::kCompleted ? 0 : 1;
  } catch (const moi::Error& error) {
    std::cerr << "moi: " << error.what() << "\n";
    return 1;
  }
}
// [first-program]
