// SPDX-License-Identifier: Apache-2.0
#pragma once
// The flow the three export examples share; each example supplies only what is specific to its
// target (the configuration, the files, and how to describe the target):
//
//   1. create the export task
//   2. find it in the task list (creating one answers no id)
//   3. wait for the export, printing progress
//   4. list the task's files, rerun the ones that failed, and wait again
//   5. read the task's configuration back, then delete the task

#include <moi/moi.hpp>

#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace export_example {

struct Example {
  std::string program;  ///< Name used in error messages, e.g. "export_dify".
  std::string title;    ///< First line, e.g. "Export to a Dify knowledge base".
  std::string target;   ///< Where the files go, e.g. "the Dify dataset support-articles".
  moi::CreateExportTaskRequest request;  ///< Name, creator, type and config filled in.
  /// Prints the target as E3 reports it back (from the task's config).
  std::function<void(const moi::ExportConfig&)> describe_target;
};

/// Adds processed files (id, name) under data/processed/. On the cloud the ids come from a
/// job's files (J3). The local emulator fails a file whose name contains "fail" on its first
/// attempt, so step 4 has something to rerun.
inline void add_processed_files(moi::CreateExportTaskRequest& request,
                                const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& [file_id, file_name] : files) {
    moi::ExportFile file;
    file.file_id = file_id;
    file.full_path = {"data", "processed", file_name};
    file.is_raw = false;
    request.files.push_back(file);
  }
}

// E1 answers no id: find the newest task of this name and creator.
inline std::string find_task(const moi::ExportClient& exports,
                             const moi::CreateExportTaskRequest& created) {
  moi::ListExportTasksRequest query;
  query.creator = created.creator;
  query.order_by = "created_at";
  query.order_direction = moi::SortOrder::kDescending;
  for (const auto& task : moi::all_export_tasks(exports, query)) {
    if (task.name == created.task_name && task.id) return *task.id;
  }
  throw std::runtime_error("the export task \"" + created.task_name +
                           "\" was created but is not listed");
}

// Waits for the task, printing a line whenever its counters change.
inline moi::ExportTaskInfo wait_printing(const moi::ExportClient& exports,
                                         const std::string& task_id) {
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
inline int print_files(const moi::ExportClient& exports, const std::string& task_id) {
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

/// Runs the five steps; the return value is the program's exit code.
inline int run(const Example& example) {
  try {
    const moi::Client client = moi::Client::from_env();
    const moi::ExportClient exports = client.exports();
    std::cout << example.title << " against " << client.options().base_url << "\n\n";

    std::cout << "1. Creating export task \"" << example.request.task_name
              << "\": " << example.request.files.size() << " files to " << example.target << "\n";
    exports.create(example.request);

    std::cout << "2. Finding the task in the task list\n";
    const std::string task_id = find_task(exports, example.request);
    std::cout << "   export task " << task_id << "\n\n";

    std::cout << "3. Waiting for the export\n";
    wait_printing(exports, task_id);
    std::cout << "\n4. Files of the task\n";
    int failed = print_files(exports, task_id);
    if (failed > 0) {
      std::cout << "   rerunning " << failed << " failed file(s)\n";
      exports.rerun(task_id);
      wait_printing(exports, task_id);
      failed = print_files(exports, task_id);
    }
    std::cout << "\n";

    std::cout << "5. The task as the service reports it\n";
    const moi::ExportTaskInfo info = exports.get(task_id);
    const auto stats = info.file_stats.value_or(moi::ExportFileStats{});
    if (info.config) example.describe_target(*info.config);
    std::cout << "   files: " << stats.completed.value_or(0) << " of " << stats.total.value_or(0)
              << " exported, " << stats.failed.value_or(0) << " failed\n";
    std::cout << "   deleting the export task (the exported data stays)\n";
    exports.remove(task_id);

    if (failed > 0) {
      std::cerr << example.program << ": " << failed << " file(s) could not be exported\n";
      return 1;
    }
    std::cout << "\nDone.\n";
    return 0;
  } catch (const moi::Error& error) {
    std::cerr << example.program << " failed: " << error.what() << "\n";
    if (!error.request_id().empty()) std::cerr << "request id: " << error.request_id() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << example.program << " failed: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace export_example
