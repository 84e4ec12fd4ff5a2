// SPDX-License-Identifier: Apache-2.0
// Quickstart: the whole life of a document-processing workflow with moi-cpp.
//
//   1. create a workflow (DocumentCleaner -> DocumentSplitter -> DocumentWriter) over 4 files
//   2. wait for its job, printing progress
//   3. list the job's files
//   4. retry the file that failed, and wait again
//   5. export the processed files to a MatrixOne table, and wait for the export
//   6. print a summary
//
// Run it against the local emulator (see README) or the cloud:
//   MOI_BASE_URL=https://... MOI_API_KEY=... ./quickstart

#include <moi/moi.hpp>

#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using moi::Json;

moi::WorkflowConfig cleaning_pipeline() {
  return moi::PipelineBuilder()
      .add(moi::components::document_cleaner())
      .add(moi::components::document_splitter())
      .add(moi::components::document_writer())
      .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
      .connect("DocumentSplitter.documents", "DocumentWriter.documents")
      .build();
}

moi::WorkflowRequest workflow_request() {
  moi::WorkflowRequest request;
  request.name = "quickstart-contracts";
  request.source_volume_names = {"contracts-inbox"};
  request.source_volume_ids = {"1889223879880048640"};
  request.file_types = {moi::FileType::kPdf, moi::FileType::kDocx};
  request.process_mode = moi::ProcessModeConfig::once();
  request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
  request.create_target_volume_name = "contracts-processed";
  request.workflow = cleaning_pipeline();
  // The local emulator fails a file whose name contains "fail" on its first attempt, so the
  // retry in step 4 has something to do.
  request.files = std::vector<Json>{
      {{"file_name", "annual-report-2024.pdf"}, {"file_id", "src-001"}},
      {{"file_name", "supplier-contract.docx"}, {"file_id", "src-002"}},
      {{"file_name", "scanned-invoice-fail.pdf"}, {"file_id", "src-003"}},
      {{"file_name", "board-minutes.pdf"}, {"file_id", "src-004"}},
  };
  return request;
}

// Prints one line whenever the job's counters change.
moi::JobWaitOptions job_progress_printer() {
  moi::JobWaitOptions options;
  options.initial_interval = std::chrono::milliseconds(200);
  options.max_interval = std::chrono::milliseconds(1000);
  options.timeout = std::chrono::minutes(10);
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
    if (line.str() != *last) {
      std::cout << line.str() << "\n";
      *last = line.str();
    }
  };
  return options;
}

std::string status_name(const moi::JobStatusInfo& status) {
  return status.status ? moi::to_string(*status.status) : "unknown";
}

moi::CreateExportTaskRequest export_request(const std::vector<moi::JobFileInfo>& files) {
  moi::CreateExportTaskRequest request;
  request.task_name = "quickstart-to-matrixone";
  request.creator = "quickstart";
  request.connector_id = "3";
  request.connector_name = "MatrixOne connector";
  request.type = moi::ExportTaskType::kMatrixOne;

  moi::MoConfig table;
  table.database_name = "quickstart";
  table.table_name = "contract_chunks";
  table.new_table = true;
  moi::MoColumnConfig columns;
  columns.export_column = {moi::MoColumnMapping::make("content", "chunk_text"),
                           moi::MoColumnMapping::make("title", "document_title")};
  columns.combine_column = {"content", "title"};
  table.column = columns;
  table.duplicated_strategy = moi::DuplicatedStrategy::kOverwrite;
  request.config.mo_config = table;
  request.config.merge_title_to_text = false;

  for (const auto& file : files) {
    moi::ExportFile item;
    item.file_id = file.id.value_or("");
    item.full_path = {"contracts-processed", file.file_name.value_or("")};
    item.is_raw = false;
    request.files.push_back(item);
  }
  return request;
}

// E1 answers null: find the task just created by its name, newest first.
std::string find_export_task(const moi::ExportClient& exports, const std::string& name) {
  moi::ListExportTasksRequest query;
  query.creator = "quickstart";
  query.order_by = "created_at";
  query.order_direction = moi::SortOrder::kDescending;
  for (const auto& task : moi::all_export_tasks(exports, query)) {
    if (task.name == name && task.id) return *task.id;
  }
  throw std::runtime_error("the export task \"" + name + "\" was created but is not listed");
}

moi::ExportTaskInfo wait_for_export_printing(const moi::ExportClient& exports,
                                             const std::string& task_id) {
  moi::ExportWaitOptions options;
  options.initial_interval = std::chrono::milliseconds(200);
  options.max_interval = std::chrono::milliseconds(1000);
  auto last = std::make_shared<std::string>();
  options.on_progress = [last](const moi::ExportTaskInfo& task, std::chrono::milliseconds) {
    if (!task.file_stats) return;
    const auto& s = *task.file_stats;
    std::ostringstream line;
    line << "   exported " << s.completed.value_or(0) << " of " << s.total.value_or(0)
         << ", failed " << s.failed.value_or(0) << ", running " << s.running.value_or(0)
         << ", pending " << s.pending.value_or(0);
    if (line.str() != *last) {
      std::cout << line.str() << "\n";
      *last = line.str();
    }
  };
  return moi::wait_for_export(exports, task_id, options);
}

}  // namespace

int main() {
  try {
    const moi::Client client = moi::Client::from_env();
    const auto workflows = client.workflows();
    const auto jobs = client.jobs();
    const auto exports = client.exports();
    std::cout << "moi-cpp " << moi::version() << " quickstart against " << client.options().base_url
              << "\n\n";

    std::cout << "1. Creating workflow \"quickstart-contracts\": 4 files, pipeline "
                 "DocumentCleaner -> DocumentSplitter -> DocumentWriter\n";
    const moi::WorkflowRecord workflow = workflows.create(workflow_request());
    std::cout << "   created workflow " << workflow.id.value_or("?") << "\n\n";

    std::cout << "2. Waiting for the workflow's job\n";
    const moi::JobListItem job = moi::wait_for_first_job(jobs, workflow.id.value_or(""));
    const std::string job_id = job.id.value_or("");
    std::cout << "   job " << job_id << " started\n";
    moi::JobStatusInfo status = moi::wait_for_job(jobs, job_id, job_progress_printer());
    std::cout << "   job finished: " << status_name(status) << "\n\n";

    std::cout << "3. Files of job " << job_id << "\n";
    std::vector<moi::JobFileInfo> files;
    std::vector<std::string> failed_ids;
    for (const auto& file : moi::all_job_files(jobs, job_id)) {
      const bool failed = file.error_message.has_value();
      std::cout << "   " << std::left << std::setw(28) << file.file_name.value_or("?")
                << (failed ? "failed: " + *file.error_message : "completed") << "\n";
      if (failed) failed_ids.push_back(file.id.value_or(""));
      files.push_back(file);
    }
    std::cout << "\n";

    std::cout << "4. Retrying " << failed_ids.size() << " failed file(s)\n";
    if (!failed_ids.empty()) {
      jobs.retry_files(job_id, failed_ids);
      status = moi::wait_for_job(jobs, job_id, job_progress_printer());
      std::cout << "   job finished: " << status_name(status) << "\n";
    }
    std::cout << "\n";

    std::cout << "5. Exporting " << files.size()
              << " processed files to MatrixOne table quickstart.contract_chunks\n";
    const auto export_task = export_request(files);
    exports.create(export_task);
    const std::string task_id = find_export_task(exports, export_task.task_name);
    std::cout << "   export task " << task_id << " created\n";
    moi::ExportTaskInfo task = wait_for_export_printing(exports, task_id);
    if (task.file_stats && task.file_stats->failed.value_or(0) > 0) {
      std::cout << "   " << *task.file_stats->failed << " file(s) failed to export; rerunning\n";
      exports.rerun(task_id);
      task = wait_for_export_printing(exports, task_id);
    }
    std::cout << "\n";

    const auto stats = task.file_stats.value_or(moi::ExportFileStats{});
    std::cout << "6. Summary\n"
              << "   workflow " << workflow.id.value_or("?") << " \"quickstart-contracts\"\n"
              << "   job      " << job_id << ": " << status_name(status) << ", " << files.size()
              << " files, " << failed_ids.size() << " retried\n"
              << "   export   " << task_id << ": " << stats.completed.value_or(0) << " of "
              << stats.total.value_or(0) << " files in quickstart.contract_chunks, "
              << stats.failed.value_or(0) << " failed\n";
    const bool ok = status.status == moi::JobStatus::kCompleted && stats.failed.value_or(0) == 0;
    std::cout << (ok ? "\nDone.\n" : "\nFinished with failures.\n");
    return ok ? 0 : 1;
  } catch (const moi::Error& error) {
    std::cerr << "quickstart failed: " << error.what() << "\n";
    if (!error.request_id().empty()) std::cerr << "request id: " << error.request_id() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "quickstart failed: " << error.what() << "\n";
    return 1;
  }
}
