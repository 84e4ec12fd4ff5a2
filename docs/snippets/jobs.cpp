// SPDX-License-Identifier: Apache-2.0
// The examples of docs/jobs-and-files.md, each between its two `// [name]` markers.
// ctest runs this program against a moi-emulator (test doc_snippet_jobs).

#include <moi/moi.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

// A workflow over four files; the emulator fails "scan-fail.pdf" on its first attempt.
std::string create_workflow(const moi::Client& client) {
  moi::WorkflowRequest request;
  request.name = "jobs-guide";
  request.source_volume_names = {"invoices"};
  request.source_volume_ids = {"1889223879880048640"};
  request.file_types = {moi::FileType::kPdf};
  request.process_mode = moi::ProcessModeConfig::once();
  request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
  request.create_target_volume_name = "invoices-processed";
  request.workflow = moi::PipelineBuilder()
                         .add(moi::components::document_cleaner())
                         .add(moi::components::document_writer())
                         .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                         .build();
  // [workflow-files]
  request.files = std::vector<moi::Json>{
      {{"file_name", "invoice-001.pdf"}, {"file_id", "src-001"}},
      {{"file_name", "invoice-002.pdf"}, {"file_id", "src-002"}},
      {{"file_name", "scan-fail.pdf"}, {"file_id", "src-003"}},
      {{"file_name", "invoice-004.pdf"}, {"file_id", "src-004"}},
  };
  // [workflow-files]
  return client.workflows().create(request).id.value();
}

}  // namespace

int main() {
  try {
    const moi::Client client = moi::Client::from_env();
    const moi::JobClient jobs = client.jobs();
    const std::string workflow_id = create_workflow(client);

    // [first-job]
    const moi::JobListItem job = moi::wait_for_first_job(jobs, workflow_id);  // polls J1
    const std::string job_id = job.id.value();
    // [first-job]

    // [list-jobs]
    moi::ListJobsRequest query;
    query.workflow_id = workflow_id;  // only this workflow's jobs
    query.page_num = 1;               // J1 pages by page_num / page_size
    query.page_size = 10;
    const moi::JobListResponse page = jobs.list(query);
    for (const moi::JobListItem& item : page.jobs) {
      std::cout << item.id.value_or("?") << "  " << moi::to_string(*item.status) << ", created "
                << item.created_at.to_iso8601().value_or("?") << "\n";
    }
    // [list-jobs]

    // [job-detail]
    const moi::JobDetail detail = jobs.get(job_id);             // J2: the job's record
    const moi::JobStatusInfo status = jobs.get_status(job_id);  // J5: status and progress
    std::cout << detail.name.value_or("?") << ": " << moi::to_string(*status.status) << " "
              << status.progress.value_or(0) << "%, started "
              << status.start_time.to_iso8601().value_or("-") << "\n";
    // [job-detail]

    // [wait-job]
    moi::JobWaitOptions wait;
    wait.initial_interval = std::chrono::milliseconds(200);  // then x1.5 per poll ...
    wait.max_interval = std::chrono::seconds(5);             // ... up to 5 s
    wait.timeout = std::chrono::minutes(30);
    wait.on_progress = [](const moi::JobProgress& progress) {
      const moi::JobFilesResponse& files = *progress.files;  // fetch_file_counts (default on)
      std::cout << progress.status.progress.value_or(0) << "%: " << files.completed.value_or(0)
                << " completed, " << files.failed.value_or(0) << " failed, "
                << files.pending.value_or(0) << " pending\n";
    };
    moi::JobStatusInfo final_status;
    try {
      final_status = moi::wait_for_job(jobs, job_id, wait);  // completed or failed
    } catch (const moi::JobWaitTimeoutError& timeout) {
      std::cerr << timeout.what() << "; last progress "
                << timeout.last_status().value_or(moi::JobStatusInfo{}).progress.value_or(0)
                << "%\n";
      return 1;
    }
    // [wait-job]

    // [list-files]
    const moi::JobFilesResponse counters = jobs.list_files(job_id);  // J3: first page, counters
    std::cout << counters.total.value_or(0) << " files, " << counters.failed.value_or(0)
              << " failed\n";

    std::vector<std::string> failed;
    for (const moi::JobFileInfo& file : moi::all_job_files(jobs, job_id)) {  // every page
      std::cout << file.file_name.value_or("?") << "  "
                << (file.error_message ? "failed: " + *file.error_message : "ok") << "\n";
      if (file.error_message) failed.push_back(file.id.value());
    }
    // [list-files]

    // [retry-files]
    if (final_status.status == moi::JobStatus::kFailed && !failed.empty()) {
      jobs.retry_files(job_id, failed);  // J4, with JobFileInfo::id values
      final_status = moi::wait_for_job(jobs, job_id, wait);
    }
    // [retry-files]

    // [filter-files]
    moi::ListJobFilesRequest only_failed;
    only_failed.statuses = {moi::JobFileStatus::kFailed};  // a provisional name: 3
    only_failed.page_size = 100;
    const moi::JobFilesResponse still_failed = jobs.list_files(job_id, only_failed);
    std::cout << still_failed.file_total.value_or(0) << " file(s) still failed\n";
    // [filter-files]

    std::cout << "job " << job_id << ": " << moi::to_string(*final_status.status) << "\n";
    return final_status.status == moi::JobStatus::kCompleted ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "jobs snippets failed: " << error.what() << "\n";
    return 1;
  }
}
