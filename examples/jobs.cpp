// SPDX-License-Identifier: Apache-2.0
// Jobs with moi-cpp:
//
//   1. create a workflow over five files; creating it starts a job
//   2. wait for the job to appear, list the workflow's jobs page by page, read the job
//   3. wait for the job to finish, printing progress
//   4. list its files page by page, retry the ones that failed, and wait again
//
// Ctrl-C cancels a wait cleanly: a moi::CancellationToken aborts the poll in flight.
//
// Run it against the local emulator (see README) or the cloud:
//   MOI_BASE_URL=https://... MOI_API_KEY=... ./jobs

#include <moi/moi.hpp>

#include <csignal>

#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using moi::Json;

moi::WorkflowRequest workflow_request() {
  moi::WorkflowRequest request;
  request.name = "jobs-example-invoices";
  request.source_volume_names = {"invoices-inbox"};
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
  // The local emulator fails a file whose name contains "fail" on its first attempt, so the
  // retry in step 4 has something to do.
  request.files = std::vector<Json>{
      {{"file_name", "invoice-2025-001.pdf"}, {"file_id", "inv-001"}},
      {{"file_name", "invoice-2025-002.pdf"}, {"file_id", "inv-002"}},
      {{"file_name", "invoice-2025-003-fail.pdf"}, {"file_id", "inv-003"}},
      {{"file_name", "invoice-2025-004.pdf"}, {"file_id", "inv-004"}},
      {{"file_name", "invoice-2025-005.pdf"}, {"file_id", "inv-005"}},
  };
  return request;
}

std::string status_name(const std::optional<moi::JobStatus>& status) {
  return status ? moi::to_string(*status) : "unknown";
}

// Cancelled by Ctrl-C. cancel() is one lock-free atomic store, safe in a signal handler.
const moi::CancellationToken interrupted;

extern "C" void on_interrupt(int) { interrupted.cancel(); }

// Waits for the job, printing a line whenever its counters change.
moi::JobStatusInfo wait_printing(const moi::JobClient& jobs, const std::string& job_id) {
  moi::JobWaitOptions options;
  options.call.should_abort = interrupted.abort_check();
  options.initial_interval = std::chrono::milliseconds(200);
  options.max_interval = std::chrono::milliseconds(2000);
  options.timeout = std::chrono::minutes(30);
  auto last = std::make_shared<std::string>();
  options.on_progress = [last](const moi::JobProgress& progress) {
    std::ostringstream line;
    line << "   " << std::setw(3) << static_cast<int>(progress.status.progress.value_or(0)) << "%";
    if (progress.files) {
      line << "  completed " << progress.files->completed.value_or(0) << ", failed "
           << progress.files->failed.value_or(0) << ", processing "
           << progress.files->processing.value_or(0) << ", pending "
           << progress.files->pending.value_or(0);
    }
    if (line.str() != *last) std::cout << line.str() << "\n";
    *last = line.str();
  };
  return moi::wait_for_job(jobs, job_id, options);
}

}  // namespace

int main() {
  std::signal(SIGINT, on_interrupt);
  try {
    const moi::Client client = moi::Client::from_env();
    const moi::JobClient jobs = client.jobs();
    std::cout << "Jobs against " << client.options().base_url << "\n\n";

    std::cout << "1. Creating workflow \"jobs-example-invoices\" over 5 invoices\n";
    const moi::WorkflowRecord workflow = client.workflows().create(workflow_request());
    const std::string workflow_id = workflow.id.value_or("");
    std::cout << "   created workflow " << workflow_id << "\n\n";

    std::cout << "2. Waiting for the workflow's first job\n";
    moi::WaitOptions first_job;
    first_job.initial_interval = std::chrono::milliseconds(200);
    first_job.timeout = std::chrono::minutes(5);
    const moi::JobListItem job = moi::wait_for_first_job(jobs, workflow_id, first_job);
    const std::string job_id = job.id.value_or("");
    std::cout << "   job " << job_id << " is " << status_name(job.status) << "\n";
    std::cout << "   the workflow's jobs, oldest first, 10 per request:\n";
    moi::ListJobsRequest of_workflow;
    of_workflow.workflow_id = workflow_id;
    of_workflow.sort_field = "created_at";
    of_workflow.sort_order = moi::SortOrder::kAscending;
    of_workflow.page_size = 10;
    for (const auto& item : moi::all_jobs(jobs, of_workflow)) {
      const auto created = item.created_at.to_iso8601();
      std::cout << "   - " << item.id.value_or("?") << "  " << status_name(item.status)
                << ", created " << created.value_or("?") << "\n";
    }
    const moi::JobDetail detail = jobs.get(job_id);
    std::cout << "   job " << job_id << " belongs to workflow \"" << detail.name.value_or("?")
              << "\" and processes " << detail.files.value_or(std::vector<Json>{}).size()
              << " files\n\n";

    std::cout << "3. Waiting for job " << job_id << " to finish\n";
    moi::JobStatusInfo status = wait_printing(jobs, job_id);
    std::cout << "   job finished: " << status_name(status.status) << " ("
              << status.message.value_or("") << ")\n\n";

    std::cout << "4. Files of the job, 2 per request\n";
    moi::ListJobFilesRequest two_per_page;
    two_per_page.page_size = 2;
    std::vector<std::string> failed;
    for (const auto& file : moi::all_job_files(jobs, job_id, two_per_page)) {
      const bool has_failed = file.error_message.has_value();
      std::cout << "   " << std::left << std::setw(28) << file.file_name.value_or("?")
                << (has_failed ? "failed: " + *file.error_message : "completed") << "\n";
      if (has_failed) failed.push_back(file.id.value_or(""));
    }
    if (failed.empty()) {
      std::cout << "   nothing to retry\n";
    } else {
      std::cout << "   retrying " << failed.size() << " failed file(s)\n";
      jobs.retry_files(job_id, failed);
      status = wait_printing(jobs, job_id);
      std::cout << "   job finished: " << status_name(status.status) << " ("
                << status.message.value_or("") << ")\n";
    }

    const moi::JobFilesResponse counts = jobs.list_files(job_id);
    std::cout << "\nSummary: job " << job_id << " " << status_name(status.status) << ", "
              << counts.completed.value_or(0) << " of " << counts.total.value_or(0)
              << " files completed, " << failed.size() << " retried\n";
    if (status.status != moi::JobStatus::kCompleted) {
      std::cerr << "jobs: the job did not complete\n";
      return 1;
    }
    std::cout << "Done.\n";
    return 0;
  } catch (const moi::CancelledError&) {
    std::cerr << "jobs: cancelled (Ctrl-C)\n";
    return 130;
  } catch (const moi::Error& error) {
    std::cerr << "jobs failed: " << error.what() << "\n";
    if (!error.request_id().empty()) std::cerr << "request id: " << error.request_id() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "jobs failed: " << error.what() << "\n";
    return 1;
  }
}
