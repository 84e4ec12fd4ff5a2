// SPDX-License-Identifier: Apache-2.0
// Export tasks (E1-E6) end to end, to each target type (Dify, S3, MatrixOne): create, find,
// wait, list files, rerun a failed file, delete; E2 and E4 filters and both sort directions.

#include <algorithm>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

constexpr ExportTaskStatus kTaskCompleted = static_cast<ExportTaskStatus>(2);
constexpr ExportTaskStatus kTaskFailed = static_cast<ExportTaskStatus>(3);

class ExportLifecycleE2E : public E2ETest, public ::testing::WithParamInterface<ExportTaskType> {};

TEST_P(ExportLifecycleE2E, CreateFindWaitListRerunAndDelete) {
  const ExportTaskType type = GetParam();
  const std::string name = "to-" + to_string(type);
  const CreateExportTaskRequest request =
      export_request(type, name, {"report.pdf", "broken-fail.docx", "notes.md"});
  const std::int64_t created = emulator().now_ms();

  // E1 answers null; E2 (filtered by creator and type's connector) finds the task.
  exports().create(request);
  ListExportTasksRequest query;
  query.creator = "e2e";
  query.connector_name = "e2e connector";
  const ExportTaskListResponse listed = exports().list(query);
  ASSERT_EQ(listed.total, 1);
  ASSERT_EQ(listed.tasks.size(), 1u);
  const ExportTaskListItem& item = listed.tasks[0];
  ASSERT_TRUE(item.id.has_value());
  const std::string task_id = *item.id;
  EXPECT_EQ(item.name, name);
  EXPECT_EQ(item.creator, "e2e");
  EXPECT_EQ(item.connector_name, "e2e connector");
  EXPECT_EQ(item.type, type);
  EXPECT_EQ(item.status, static_cast<ExportTaskStatus>(1));  // running
  EXPECT_EQ(item.export_source,
            (std::vector<std::vector<std::string>>{{"data", "documents", "report.pdf"},
                                                   {"data", "documents", "broken-fail.docx"},
                                                   {"data", "documents", "notes.md"}}));
  EXPECT_EQ(item.create_time.form(), Timestamp::Form::kText);  // ISO with Z
  EXPECT_EQ(item.create_time.epoch_ms(), created / 1000 * 1000);
  EXPECT_TRUE(item.end_time.is_null());
  ListExportTasksRequest by_id;
  by_id.task_id = task_id;
  EXPECT_EQ(exports().list(by_id).total, 1);

  // E3 while running: the configuration comes back as sent.
  ExportTaskInfo info = exports().get(task_id);
  EXPECT_EQ(info.id, task_id);
  EXPECT_EQ(info.type, type);
  ASSERT_TRUE(info.config.has_value());
  EXPECT_EQ(Json(*info.config), Json(request.config));
  switch (type) {
    case ExportTaskType::kDify:
      EXPECT_EQ(info.config->dify_config->dataset_id, "dataset_123");
      break;
    case ExportTaskType::kS3:
      EXPECT_EQ(info.config->s3_config->path, "/export/data/");
      EXPECT_EQ(info.config->s3_config->need_compress, true);
      break;
    default:
      EXPECT_EQ(info.config->mo_config->table_name, "documents");
      EXPECT_EQ(info.config->mo_config->column->export_column->size(), 2u);
      EXPECT_EQ(info.config->mo_config->duplicated_strategy, DuplicatedStrategy::kOverwrite);
  }
  ASSERT_TRUE(info.file_stats.has_value());
  EXPECT_EQ(info.file_stats->total, 3);
  EXPECT_EQ(info.file_stats->running, 1);
  EXPECT_EQ(info.file_stats->pending, 2);
  EXPECT_FALSE(is_finished(info));

  // Wait on the emulator's clock: one file fails on its first attempt.
  std::vector<ExportFileStats> seen;
  auto options = on_emulator_time<ExportWaitOptions>();
  options.on_progress = [&seen](const ExportTaskInfo& task, std::chrono::milliseconds) {
    if (task.file_stats) seen.push_back(*task.file_stats);
  };
  info = wait_for_export(exports(), task_id, options);
  EXPECT_EQ(info.status, kTaskFailed);
  EXPECT_EQ(info.end_time.epoch_ms(), created + 3000);
  EXPECT_EQ(info.file_stats->completed, 2);
  EXPECT_EQ(info.file_stats->failed, 1);
  EXPECT_EQ(info.file_stats->file_success, 2);
  EXPECT_EQ(info.file_stats->file_fail, 1);
  ASSERT_FALSE(seen.empty());
  for (const auto& stats : seen) {
    EXPECT_EQ(stats.pending.value_or(0) + stats.running.value_or(0) + stats.failed.value_or(0) +
                  stats.completed.value_or(0),
              stats.total.value_or(-1));
  }

  // E4: every file, then only the failed one.
  ListExportFilesRequest files_query;
  files_query.task_id = task_id;
  files_query.order_by = "created_at";
  files_query.order_direction = SortOrder::kAscending;
  const ExportFilesResponse files = exports().list_files(files_query);
  EXPECT_EQ(files.total, 3);
  EXPECT_EQ(files.total_files, 3);
  EXPECT_EQ(files.total_success, 2);
  EXPECT_EQ(files.total_failure, 1);
  ASSERT_EQ(files.files.size(), 3u);
  EXPECT_EQ(files.files[0].file_name, "report.pdf");
  EXPECT_EQ(files.files[0].status, ExportFileStatus::kSucceeded);
  EXPECT_EQ(files.files[0].full_path,
            (std::vector<std::string>{"data", "documents", "report.pdf"}));
  EXPECT_EQ(files.files[1].status, ExportFileStatus::kFailed);
  EXPECT_NE(files.files[1].details.value_or("").find("fail"), std::string::npos);
  files_query.statuses = {ExportFileStatus::kFailed};
  const ExportFilesResponse failed = exports().list_files(files_query);
  EXPECT_EQ(failed.total, 1);
  ASSERT_EQ(failed.files.size(), 1u);
  EXPECT_EQ(failed.files[0].file_name, "broken-fail.docx");
  EXPECT_EQ(failed.total_files, 3);

  // E5: the failed file exports again; the task completes.
  exports().rerun(task_id);
  EXPECT_FALSE(is_finished(exports().get(task_id)));
  info = wait_for_export(exports(), task_id, on_emulator_time<ExportWaitOptions>());
  EXPECT_EQ(info.status, kTaskCompleted);
  EXPECT_EQ(info.file_stats->completed, 3);
  EXPECT_EQ(info.file_stats->failed, 0);
  EXPECT_EQ(exports().list_files(files_query).total, 0);
  ListExportTasksRequest completed;
  completed.statuses = {kTaskCompleted};
  EXPECT_EQ(exports().list(completed).total, 1);

  // E6: gone from E2 and E3.
  exports().remove(task_id);
  EXPECT_EQ(exports().list(query).total, 0);
  const auto error = error_of<HttpError>([&] { exports().get(task_id); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->http_status(), 404);
}

INSTANTIATE_TEST_SUITE_P(EveryTarget, ExportLifecycleE2E,
                         ::testing::Values(ExportTaskType::kDify, ExportTaskType::kS3,
                                           ExportTaskType::kMatrixOne),
                         [](const ::testing::TestParamInfo<ExportTaskType>& info) {
                           return to_string(info.param);
                         });

using ExportE2E = E2ETest;

std::vector<std::string> task_names(PagedRange<ExportTaskListItem> range) {
  std::vector<std::string> out;
  for (const auto& task : range) out.push_back(task.name.value_or("?"));
  return out;
}

TEST_F(ExportE2E, ListFiltersAndSortsInBothDirectionsAcrossPages) {
  // 11 tasks: creators alternate, the last three are S3 tasks with a failing file.
  std::vector<std::string> created;
  for (int i = 0; i < 11; ++i) {
    const std::string name = "task-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    const bool s3 = i >= 8;
    exports().create(export_request(s3 ? ExportTaskType::kS3 : ExportTaskType::kDify, name,
                                    {s3 ? "x-fail.pdf" : "x.pdf"}, i % 2 == 0 ? "alice" : "bob",
                                    s3 ? "s3 connector" : "dify connector"));
    created.push_back(name);
    emulator().advance(1ms);
  }

  ListExportTasksRequest ascending;
  ascending.order_by = "created_at";
  ascending.order_direction = SortOrder::kAscending;
  ascending.limit = 4;
  auto range = all_export_tasks(exports(), ascending);
  EXPECT_EQ(task_names(range), created);
  EXPECT_EQ(range.pages_fetched(), 3u);

  ListExportTasksRequest descending = ascending;
  descending.order_direction = SortOrder::kDescending;
  std::vector<std::string> reversed = created;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(task_names(all_export_tasks(exports(), descending)), reversed);

  // The documented default is newest first.
  ListExportTasksRequest defaults;
  defaults.limit = 5;
  EXPECT_EQ(task_names(all_export_tasks(exports(), defaults)), reversed);

  ListExportTasksRequest by_name = descending;
  by_name.order_by = "name";
  EXPECT_EQ(task_names(all_export_tasks(exports(), by_name)), reversed);

  ListExportTasksRequest alice = ascending;
  alice.creator = "alice";
  EXPECT_EQ(
      task_names(all_export_tasks(exports(), alice)),
      (std::vector<std::string>{"task-00", "task-02", "task-04", "task-06", "task-08", "task-10"}));
  ListExportTasksRequest s3 = descending;
  s3.connector_name = "s3 connector";
  s3.limit = 2;
  EXPECT_EQ(task_names(all_export_tasks(exports(), s3)),
            (std::vector<std::string>{"task-10", "task-09", "task-08"}));

  // After the work is done: status filters.
  emulator().advance(5s);
  ListExportTasksRequest failed = ascending;
  failed.statuses = {kTaskFailed};
  EXPECT_EQ(task_names(all_export_tasks(exports(), failed)),
            (std::vector<std::string>{"task-08", "task-09", "task-10"}));
  ListExportTasksRequest either = ascending;
  either.statuses = {kTaskFailed, kTaskCompleted};
  EXPECT_EQ(task_names(all_export_tasks(exports(), either)), created);

  // The caller's offset is where iteration starts.
  ListExportTasksRequest from_5 = ascending;
  from_5.offset = 5;
  EXPECT_EQ(task_names(all_export_tasks(exports(), from_5)),
            std::vector<std::string>(created.begin() + 5, created.end()));
}

TEST_F(ExportE2E, FilesAreSortedBothWaysAndFilteredByStatus) {
  std::vector<std::string> names;
  for (int i = 0; i < 12; ++i) {
    names.push_back("doc-" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
                    (i % 4 == 3 ? "-fail.pdf" : ".pdf"));
  }
  exports().create(export_request(ExportTaskType::kMatrixOne, "many-files", names));
  const std::string task_id = task_id_named("many-files");
  const ExportTaskInfo done =
      wait_for_export(exports(), task_id, on_emulator_time<ExportWaitOptions>());
  EXPECT_EQ(done.file_stats->failed, 3);

  const auto file_names = [this](ListExportFilesRequest query) {
    std::vector<std::string> out;
    auto range = all_export_files(exports(), std::move(query));
    for (const auto& file : range) out.push_back(file.file_name.value_or("?"));
    return out;
  };
  ListExportFilesRequest ascending;
  ascending.task_id = task_id;
  ascending.order_by = "file_name";
  ascending.order_direction = SortOrder::kAscending;
  ascending.limit = 5;
  EXPECT_EQ(file_names(ascending), names);

  ListExportFilesRequest descending = ascending;
  descending.order_direction = SortOrder::kDescending;
  std::vector<std::string> reversed = names;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(file_names(descending), reversed);

  ListExportFilesRequest failed = ascending;
  failed.statuses = {ExportFileStatus::kFailed};
  failed.limit = 2;
  EXPECT_EQ(file_names(failed),
            (std::vector<std::string>{"doc-03-fail.pdf", "doc-07-fail.pdf", "doc-11-fail.pdf"}));
  ListExportFilesRequest succeeded = descending;
  succeeded.statuses = {ExportFileStatus::kSucceeded};
  EXPECT_EQ(file_names(succeeded).size(), 9u);
}

}  // namespace
}  // namespace moi::e2e
