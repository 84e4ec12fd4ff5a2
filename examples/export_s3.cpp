// SPDX-License-Identifier: Apache-2.0
// Export tasks to S3 (or OSS) with moi-cpp:
//
//   1. create an export task that sends 4 processed files to the S3 folder /exports/contracts/ as
//   one zip
//   2. find the task in the task list (creating one answers no id)
//   3. wait for the export, printing progress
//   4. list the task's files, rerun the ones that failed, and wait again
//   5. read the task's configuration back, then delete the task
//
// Run it against the local emulator (see README) or the cloud:
//   MOI_BASE_URL=https://... MOI_API_KEY=... ./export_s3

#include <moi/moi.hpp>

#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

const std::string kTaskName = "contracts-to-s3";
const std::string kCreator = "export-s3-example";

moi::CreateExportTaskRequest export_request() {
  moi::CreateExportTaskRequest request;
  request.task_name = kTaskName;
  request.creator = kCreator;
  request.connector_id = "2";
  request.connector_name = "S3 connector";
  request.type = moi::ExportTaskType::kS3;
  moi::S3Config s3;
  s3.path = "/exports/contracts/";
  s3.need_compress = true;
  s3.compress_method = "zip";
  request.config.s3_config = s3;
  // The processed files to export (on the cloud: ids from a job's files, J3). The local
  // emulator fails a file whose name contains "fail" on its first attempt, so step 4 has
  // something to rerun.
  const std::vector<std::pair<std::string, std::string>> files = {
      {"file-001", "supplier-contract.json"},
      {"file-002", "lease-agreement.json"},
      {"file-003", "nda-fail.json"},
      {"file-004", "service-level-agreement.json"},
  };
  for (const auto& [file_id, file_name] : files) {
    moi::ExportFile file;
    file.file_id = file_id;
    file.full_path = {"data", "processed", file_name};
    file.is_raw = false;
    request.files.push_back(file);
  }
  return request;
}

// E1 answers no id: find the newest task of this name and creator.
std::string find_task(const moi::ExportClient& exports) {
  moi::ListExportTasksRequest query;
  query.creator = kCreator;
  query.order_by = "created_at";
  query.order_direction = moi::SortOrder::kDescending;
  for (const auto& task : moi::all_export_tasks(exports, query)) {
    if (task.name == kTaskName && task.id) return *task.id;
  }
  throw std::runtime_error("the export task \"" + kTaskName + "\" was created but is not listed");
}

// Waits for the task, printing a line whenever its counters change.
moi::ExportTaskInfo wait_printing(const moi::ExportClient& exports, const std::string& task_id) {
  moi::ExportWaitOptions options;
  options.initial_interval = std::chrono::milliseconds(200);
  options.max_interval = std::chrono::milliseconds(2000);
  options.timeout = std::chrono::minutes(30);
  auto last = std::make_shared<std::string>();
  options.on_progress = [last](const moi::ExportTaskInfo& task, std::chrono::milliseconds) {
    const auto stats = task.file_stats.value_or(moi::ExportFileStats{});
    std::ostringstream line;
    line << "   exported " << stats.completed.value_or(0) << " of " << stats.total.value_or(0)
         << ", failed " << stats.failed.value_or(0) << ", running " << stats.running.value_or(0)
         << ", pending " << stats.pending.value_or(0);
    if (line.str() != *last) std::cout << line.str() << "\n";
    *last = line.str();
  };
  return moi::wait_for_export(exports, task_id, options);
}

// Prints every file of the task; returns how many failed.
int print_files(const moi::ExportClient& exports, const std::string& task_id) {
  moi::ListExportFilesRequest query;
  query.task_id = task_id;
  query.order_by = "file_name";
  query.order_direction = moi::SortOrder::kAscending;
  int failed = 0;
  for (const auto& file : moi::all_export_files(exports, query)) {
    const bool has_failed = file.status == moi::ExportFileStatus::kFailed;
    failed += has_failed ? 1 : 0;
    std::cout << "   " << file.file_name.value_or("?") << ": "
              << (has_failed ? "failed" : "exported") << " (" << file.details.value_or("") << ")\n";
  }
  return failed;
}

}  // namespace

int main() {
  try {
    const moi::Client client = moi::Client::from_env();
    const moi::ExportClient exports = client.exports();
    std::cout << "Export to S3 (or OSS) against " << client.options().base_url << "\n\n";

    const moi::CreateExportTaskRequest request = export_request();
    std::cout << "1. Creating export task \"" << kTaskName << "\": " << request.files.size()
              << " files to the S3 folder /exports/contracts/ as one zip\n";
    exports.create(request);

    std::cout << "2. Finding the task in the task list\n";
    const std::string task_id = find_task(exports);
    std::cout << "   export task " << task_id << "\n\n";

    std::cout << "3. Waiting for the export\n";
    moi::ExportTaskInfo task = wait_printing(exports, task_id);
    std::cout << "\n4. Files of the task\n";
    int failed = print_files(exports, task_id);
    if (failed > 0) {
      std::cout << "   rerunning " << failed << " failed file(s)\n";
      exports.rerun(task_id);
      task = wait_printing(exports, task_id);
      failed = print_files(exports, task_id);
    }
    std::cout << "\n";

    std::cout << "5. The task as the service reports it\n";
    const moi::ExportTaskInfo info = exports.get(task_id);
    const auto stats = info.file_stats.value_or(moi::ExportFileStats{});
    if (info.config && info.config->s3_config) {
      const auto& s3 = *info.config->s3_config;
      std::cout << "   target: S3 folder " << s3.path.value_or("?")
                << (s3.need_compress.value_or(false)
                        ? ", compressed as " + s3.compress_method.value_or("?")
                        : ", uncompressed")
                << "\n";
    }
    std::cout << "   files: " << stats.completed.value_or(0) << " of " << stats.total.value_or(0)
              << " exported, " << stats.failed.value_or(0) << " failed\n";
    std::cout << "   deleting the export task (the exported data stays)\n";
    exports.remove(task_id);

    if (failed > 0) {
      std::cerr << "export_s3: " << failed << " file(s) could not be exported\n";
      return 1;
    }
    std::cout << "\nDone.\n";
    return 0;
  } catch (const moi::Error& error) {
    std::cerr << "export_s3 failed: " << error.what() << "\n";
    if (!error.request_id().empty()) std::cerr << "request id: " << error.request_id() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "export_s3 failed: " << error.what() << "\n";
    return 1;
  }
}
