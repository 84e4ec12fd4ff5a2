// SPDX-License-Identifier: Apache-2.0
// Quickstart: from files on disk to an exported table with moi-cpp.
//
//   1. upload three sample files (PDF, DOCX, Markdown) into a new volume and wait for them
//      to load (moi::load_files)
//   2. create a workflow (DocumentCleaner -> DocumentSplitter -> DocumentWriter) over that
//      volume
//   3. wait for its job, printing progress, and list the job's files
//   4. retry the files that failed, if any, and wait again
//   5. create a MatrixOne connector, export the processed files with the ids that came back,
//      and wait for the export
//   6. print a summary
//
// Run it against the local emulator (see README) or the cloud:
//   MOI_BASE_URL=https://... MOI_API_KEY=... ./quickstart [SAMPLE_DIR]
// SAMPLE_DIR defaults to the repository's examples/data.

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

constexpr const char* kInbox = "quickstart-inbox";
constexpr const char* kProcessed = "quickstart-processed";

// The workflow processes whatever was loaded into the source volume.
moi::WorkflowRequest workflow_request(const std::string& source_volume_id,
                                      const std::string& target_volume_id) {
  moi::WorkflowRequest request;
  request.name = "quickstart-documents";
  request.source_volume_names = {kInbox};
  request.source_volume_ids = {source_volume_id};
  request.file_types = {moi::FileType::kPdf, moi::FileType::kDocx, moi::FileType::kMarkdown};
  request.process_mode = moi::ProcessModeConfig::once();
  request.target_volume_id = target_volume_id;
  request.target_volume_name = kProcessed;
  request.create_target_volume_name = kProcessed;
  request.workflow = cleaning_pipeline();
  return request;
}

// The volume named @p name in @p database_id, created when missing.
std::string find_or_create_volume(const moi::CatalogClient& catalog, const std::string& database_id,
                                  const std::string& name) {
  for (const auto& volume : catalog.database_children(database_id)) {
    if (volume.name == name && volume.id) return *volume.id;
  }
  moi::CreateVolumeRequest create;
  create.database_id = database_id;
  create.name = name;
  return catalog.create_volume(create);
}

// The MatrixOne connector the export writes through; its create answers no id, so it is
// found by name afterwards (moi::find_connector_by_name never guesses between two).
moi::Connector matrixone_connector(const moi::ConnectorClient& connectors) {
  const std::string name = "quickstart-matrixone";
  try {
    return moi::find_connector_by_name(connectors, name);
  } catch (const moi::LookupError& error) {
    if (!error.candidates().empty()) throw;  // several: never guess
  }
  moi::CreateConnectorRequest create;
  create.name = name;
  create.source_type = moi::ConnectorSourceType::kMatrixOne;
  create.mo = moi::MoConnectorConfig{"127.0.0.1", 6001, "quickstart", "quickstart-password"};
  connectors.create(create);
  return moi::find_connector_by_name(connectors, name);
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

moi::CreateExportTaskRequest export_request(const moi::Connector& connector,
                                            std::vector<moi::ExportFile> files) {
  moi::CreateExportTaskRequest request;
  request.task_name = "quickstart-to-matrixone";
  request.creator = "quickstart";
  request.connector_id = connector.id.value_or("");
  request.connector_name = connector.name.value_or("");
  request.type = moi::ExportTaskType::kMatrixOne;

  moi::MoConfig table;
  table.database_name = "quickstart";
  table.table_name = "document_chunks";
  table.new_table = true;
  moi::MoColumnConfig columns;
  columns.export_column = {moi::MoColumnMapping::make("content", "chunk_text"),
                           moi::MoColumnMapping::make("title", "document_title")};
  columns.combine_column = {"content", "title"};
  table.column = columns;
  table.duplicated_strategy = moi::DuplicatedStrategy::kOverwrite;
  request.config.mo_config = table;
  request.config.merge_title_to_text = false;

  request.files = std::move(files);
  return request;
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

int main(int argc, char** argv) {
  try {
    const std::string sample_dir = argc > 1 ? argv[1] : MOI_EXAMPLES_DATA_DIR;
    const moi::Client client = moi::Client::from_env();
    const auto workflows = client.workflows();
    const auto jobs = client.jobs();
    const auto exports = client.exports();
    std::cout << "moi-cpp " << moi::version() << " quickstart against " << client.options().base_url
              << "\n\n";

    std::cout << "1. Uploading 3 sample files into volume \"" << kInbox << "\"\n";
    moi::LoadFilesRequest load;
    load.catalog_name = "quickstart";
    load.database_name = "documents";
    load.volume_name = kInbox;
    for (const char* name : {"sample.pdf", "sample.docx", "sample.md"}) {
      load.files.push_back({sample_dir + "/" + name});
    }
    load.wait.initial_interval = std::chrono::milliseconds(200);
    // The rest needs all three files: a file that fails to load ends the quickstart here.
    load.throw_on_failed_files = true;
    const moi::LoadedVolume inbox = moi::load_files(client, load);
    std::cout << "   volume " << inbox.volume_id << ", load task "
              << inbox.upload.task_id.value_or("?") << ": " << inbox.files.size()
              << " files loaded\n";
    for (const auto& file : inbox.files) {
      std::cout << "   " << std::left << std::setw(14) << file.name << " file id " << file.file_id
                << "\n";
    }
    std::cout << "\n";

    std::cout << "2. Creating workflow \"quickstart-documents\" over volume " << inbox.volume_id
              << ": DocumentCleaner -> DocumentSplitter -> DocumentWriter\n";
    const std::string target_id =
        find_or_create_volume(client.catalog(), inbox.database_id, kProcessed);
    const moi::WorkflowRecord workflow =
        workflows.create(workflow_request(inbox.volume_id, target_id));
    std::cout << "   created workflow " << workflow.id.value_or("?") << " (results go to volume "
              << target_id << ")\n\n";

    std::cout << "3. Waiting for the workflow's job\n";
    const moi::JobListItem job = moi::wait_for_first_job(jobs, workflow.id.value_or(""));
    const std::string job_id = job.id.value_or("");
    std::cout << "   job " << job_id << " started\n";
    moi::JobStatusInfo status = moi::wait_for_job(jobs, job_id, job_progress_printer());
    std::cout << "   job finished: " << status_name(status) << "\n\n";

    std::cout << "   files of job " << job_id << ":\n";
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

    if (failed_ids.empty()) {
      std::cout << "4. No file failed: nothing to retry\n";
    } else {
      std::cout << "4. Retrying " << failed_ids.size() << " failed file(s)\n";
      jobs.retry_files(job_id, failed_ids);
      status = moi::wait_for_job(jobs, job_id, job_progress_printer());
      std::cout << "   job finished: " << status_name(status) << "\n";
    }
    std::cout << "\n";

    const moi::Connector connector = matrixone_connector(client.connectors());
    std::vector<moi::ExportFile> export_files =
        moi::export_files_from_job(jobs, job_id, kInbox, /*raw=*/true);
    std::cout << "5. Exporting " << export_files.size()
              << " processed files to MatrixOne table quickstart.document_chunks through "
                 "connector "
              << connector.id.value_or("?") << " \"" << connector.name.value_or("") << "\"\n";
    const auto export_task = export_request(connector, std::move(export_files));
    exports.create(export_task);
    const std::string task_id =
        moi::find_export_task_by_name(exports, export_task.task_name, export_task.creator)
            .id.value_or("");
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
              << "   volume   " << inbox.volume_id << " \"" << kInbox
              << "\": " << inbox.files.size() << " files uploaded and loaded\n"
              << "   workflow " << workflow.id.value_or("?") << " \"quickstart-documents\"\n"
              << "   job      " << job_id << ": " << status_name(status) << ", " << files.size()
              << " files, " << failed_ids.size() << " retried\n"
              << "   export   " << task_id << ": " << stats.completed.value_or(0) << " of "
              << stats.total.value_or(0) << " files in quickstart.document_chunks, "
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
