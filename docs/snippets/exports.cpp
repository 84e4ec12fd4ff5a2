// SPDX-License-Identifier: Apache-2.0
// The examples of docs/exports.md, each between its two `// [name]` markers.
// ctest runs this program against a moi-emulator (test doc_snippet_exports).

#include <moi/moi.hpp>

#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

moi::ExportConfig dify_config() {
  // [dify]
  moi::DifyConfig dify;
  dify.dataset_id = "dataset_123";  // the Dify knowledge base
  dify.dataset_name = "support-articles";
  dify.embedding_model = "text-embedding-ada-002";

  moi::ExportConfig config;
  config.dify_config = dify;  // with CreateExportTaskRequest::type = kDify
  config.merge_title_to_text = true;
  // [dify]
  return config;
}

moi::ExportConfig s3_config() {
  // [s3]
  moi::S3Config s3;
  s3.path = "/export/data/";  // folder in the connector's bucket
  s3.need_compress = true;
  s3.compress_method = "zip";

  moi::ExportConfig config;
  config.s3_config = s3;  // with type = kS3 (also for OSS)
  // [s3]
  return config;
}

moi::ExportConfig matrixone_config() {
  // [matrixone]
  moi::MoConfig table;
  table.database_name = "knowledge";
  table.table_name = "chunks";
  table.new_table = true;  // create the table (default false)
  moi::MoColumnConfig columns;
  columns.export_column = {moi::MoColumnMapping::make("content", "chunk_text"),
                           moi::MoColumnMapping::make("title", "document_title")};
  columns.combine_column = {"content", "title"};
  table.column = columns;
  table.duplicated_strategy = moi::DuplicatedStrategy::kOverwrite;

  moi::ExportConfig config;
  config.mo_config = table;  // with type = kMatrixOne
  // [matrixone]
  return config;
}

}  // namespace

int main() {
  try {
    const moi::Client client = moi::Client::from_env();
    const moi::ExportClient exports = client.exports();

    // [create-export]
    moi::CreateExportTaskRequest request;
    request.task_name = "support-articles-to-dify";
    request.creator = "docs-guide";
    request.connector_id = "1";  // decimal text; sent as a JSON integer
    request.connector_name = "Dify connector";
    request.type = moi::ExportTaskType::kDify;
    request.config = dify_config();
    const std::vector<std::string> names = {"billing-faq.md", "reset-password.md", "sso-fail.md"};
    for (const std::string& name : names) {
      moi::ExportFile file;
      file.file_id = "processed-" + name;  // on the cloud: ids of processed files
      file.full_path = {"data", "processed", name};
      file.is_raw = false;  // the processing results, not the original
      request.files.push_back(file);
    }
    exports.create(request);  // E1: answers no id (and is not retried automatically)
    // [create-export]

    // [find-export]
    moi::ListExportTasksRequest query;
    query.creator = "docs-guide";
    query.order_by = "created_at";
    query.order_direction = moi::SortOrder::kDescending;  // newest first
    std::string task_id;
    for (const moi::ExportTaskListItem& task : moi::all_export_tasks(exports, query)) {  // E2
      if (task.name == request.task_name) {
        task_id = task.id.value();
        break;  // stops fetching pages
      }
    }
    if (task_id.empty()) throw std::runtime_error("the new export task is not listed");
    // [find-export]

    // [wait-export]
    moi::ExportWaitOptions wait;
    wait.timeout = std::chrono::minutes(30);
    wait.on_progress = [](const moi::ExportTaskInfo& task, std::chrono::milliseconds elapsed) {
      const moi::ExportFileStats stats = task.file_stats.value_or(moi::ExportFileStats{});
      std::cout << elapsed.count() << " ms: " << stats.completed.value_or(0) << " of "
                << stats.total.value_or(0) << " exported, " << stats.failed.value_or(0)
                << " failed\n";
    };
    moi::ExportTaskInfo task = moi::wait_for_export(exports, task_id, wait);  // polls E3
    // [wait-export]

    // [export-files]
    moi::ListExportFilesRequest failed_files;
    failed_files.task_id = task_id;
    failed_files.statuses = {moi::ExportFileStatus::kFailed};  // empty: every file
    for (const moi::ExportFileItem& file : moi::all_export_files(exports, failed_files)) {  // E4
      std::cout << file.file_name.value_or("?") << ": " << file.details.value_or("") << "\n";
    }
    if (moi::has_failed_files(task)) {  // file_stats counts failed files
      exports.rerun(task_id);           // E5: exports the failed files again
      task = moi::wait_for_export(exports, task_id, wait);
    }
    // [export-files]

    // [task-info]
    const moi::ExportTaskInfo info = exports.get(task_id);  // E3
    std::cout << info.name.value_or("?") << ": type " << moi::to_string(*info.type) << ", status "
              << moi::to_string(*info.status) << ", created "
              << info.create_time.to_iso8601().value_or("?") << "\n";
    exports.remove(task_id);  // E6: deletes the task, not the exported data
    // [task-info]

    // The other targets are sent too: an S3 (or OSS) and a MatrixOne export of the same files,
    // each found by its name and read back with the configuration the emulator stored.
    struct Target {
      const char* task_name;
      moi::ExportTaskType type;
      moi::ExportConfig config;
    };
    for (const Target& target :
         {Target{"support-articles-to-s3", moi::ExportTaskType::kS3, s3_config()},
          Target{"support-articles-to-matrixone", moi::ExportTaskType::kMatrixOne,
                 matrixone_config()}}) {
      moi::CreateExportTaskRequest other = request;
      other.task_name = target.task_name;
      other.connector_name = moi::to_string(target.type) + " connector";
      other.type = target.type;
      other.config = target.config;
      exports.create(other);  // E1
      const std::string id =
          moi::find_export_task_by_name(exports, other.task_name, other.creator).id.value();
      const moi::ExportTaskInfo stored = exports.get(id);  // E3
      const moi::ExportConfig& sent = target.config;
      const bool same_target =
          stored.type == target.type && stored.config &&
          (target.type == moi::ExportTaskType::kS3
               ? stored.config->s3_config && stored.config->s3_config->path == sent.s3_config->path
               : stored.config->mo_config &&
                     stored.config->mo_config->table_name == sent.mo_config->table_name);
      if (!same_target) {
        throw std::runtime_error(std::string("export task ") + target.task_name +
                                 " was not stored as sent");
      }
      std::cout << target.task_name << ": " << moi::to_string(*stored.type) << " export " << id
                << " accepted\n";
      exports.remove(id);  // E6
    }
    return task.file_stats.value_or(moi::ExportFileStats{}).failed.value_or(0) == 0 ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "exports snippets failed: " << error.what() << "\n";
    return 1;
  }
}
