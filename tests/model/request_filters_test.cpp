// SPDX-License-Identifier: Apache-2.0
// Request filters (issue 15 items 5-7): list filters are plain std::vector members that take a
// braced list of enum values (empty: not sent), time filters take epoch ms or a system_clock
// time point, and the provisional JobFileStatus names.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <vector>

#include "model_test_util.hpp"

namespace moi {
namespace {

using model_test::decode;
using model_test::encode;
using std::chrono::milliseconds;
using std::chrono::system_clock;

// ---- Compile level: every status-like request filter is a std::vector of its enum ----------

template <class Member, class E>
constexpr bool takes_braced_list() {
  return std::is_same_v<Member, std::vector<E>> &&
         std::is_assignable_v<Member&, std::initializer_list<E>>;
}

static_assert(takes_braced_list<decltype(ListExportTasksRequest::statuses), ExportTaskStatus>());
static_assert(takes_braced_list<decltype(ListExportFilesRequest::statuses), ExportFileStatus>());
static_assert(takes_braced_list<decltype(ListJobFilesRequest::statuses), JobFileStatus>());
static_assert(takes_braced_list<decltype(ListWorkflowsRequest::status), WorkflowStatus>());
static_assert(takes_braced_list<decltype(ListBranchesRequest::status_in), WorkflowStatus>());

// Time filters: the raw integer and a time point of any system_clock duration.
using TimeFilter = decltype(ListWorkflowsRequest::start_time);
static_assert(std::is_same_v<TimeFilter, std::optional<EpochMillis>>);
static_assert(std::is_same_v<decltype(ListWorkflowsRequest::end_time), TimeFilter>);
static_assert(std::is_assignable_v<TimeFilter&, std::int64_t>);
static_assert(std::is_assignable_v<TimeFilter&, int>);
static_assert(std::is_assignable_v<TimeFilter&, system_clock::time_point>);
static_assert(
    std::is_assignable_v<TimeFilter&, std::chrono::time_point<system_clock, milliseconds>>);
static_assert(std::is_assignable_v<TimeFilter&, std::optional<std::int64_t>>);
// Not from another clock: a steady_clock instant is not a date.
static_assert(!std::is_assignable_v<TimeFilter&, std::chrono::steady_clock::time_point>);
static_assert(EpochMillis(1739377287000).epoch_ms() == 1739377287000);
static_assert(EpochMillis(std::chrono::time_point<system_clock, std::chrono::seconds>(
                              std::chrono::seconds(2)))
                  .epoch_ms() == 2000);
// Rounded down (towards the past), also before 1970.
static_assert(EpochMillis(std::chrono::time_point<system_clock, std::chrono::microseconds>(
                              std::chrono::microseconds(-1)))
                  .epoch_ms() == -1);
static_assert(EpochMillis(std::chrono::time_point<system_clock, std::chrono::microseconds>(
                              std::chrono::microseconds(1999)))
                  .epoch_ms() == 1);

// ---- The assignments user code writes, and what they send -----------------------------------

TEST(RequestFilters, BracedListsOfNamedValuesAssign) {
  ListExportFilesRequest files;
  files.task_id = "t";
  files.statuses = {ExportFileStatus::kFailed};
  EXPECT_EQ(encode(files), (Json{{"task_id", "t"}, {"statuses", {3}}}));
  files.statuses = {ExportFileStatus::kSucceeded, ExportFileStatus::kFailed};
  EXPECT_EQ(encode(files).at("statuses"), (Json{2, 3}));
  files.statuses = {};  // empty: not sent
  EXPECT_EQ(encode(files), (Json{{"task_id", "t"}}));

  ListExportTasksRequest tasks;
  tasks.statuses = {ExportTaskStatus{1}, ExportTaskStatus{2}};  // unnamed values
  EXPECT_EQ(encode(tasks), (Json{{"statuses", {1, 2}}}));
  tasks.statuses.clear();
  EXPECT_EQ(encode(tasks), Json::object());

  ListJobFilesRequest job_files;
  job_files.statuses = {JobFileStatus::kFailed, JobFileStatus::kStopped};
  EXPECT_EQ(job_files.statuses, (std::vector<JobFileStatus>{JobFileStatus{3}, JobFileStatus{4}}));
}

TEST(RequestFilters, BraceInitialisedRequestsKeepTheirStatuses) {
  const ListExportFilesRequest files{"t", 0, 10, {ExportFileStatus::kFailed}};
  EXPECT_EQ(encode(files),
            (Json{{"task_id", "t"}, {"offset", 0}, {"limit", 10}, {"statuses", {3}}}));
  const ListJobFilesRequest job_files{1, 100, {JobFileStatus::kFailed}};
  EXPECT_EQ(job_files.statuses.size(), 1U);
}

// Decoding a request keeps null and an explicit empty list, which are written back as they
// came (the documents' E2/E4 examples only send filled lists: tests/fixtures).
TEST(RequestFilters, NullAndEmptyListsRoundTrip) {
  const Json inputs[] = {
      Json{{"statuses", Json::array()}},
      Json{{"statuses", nullptr}},
      Json{{"statuses", "[]"}},  // an array sent as JSON text
      Json{{"statuses", "[1, 2]"}},
      Json{{"statuses", {1, 2}}},
      Json::object(),
  };
  for (const Json& input : inputs) {
    const auto tasks = decode<ListExportTasksRequest>(input);
    EXPECT_EQ(encode(tasks), input) << input;
    Json files_input = input;
    files_input["task_id"] = "t";
    const auto files = decode<ListExportFilesRequest>(files_input);
    EXPECT_EQ(encode(files), files_input) << files_input;
  }
  const auto empty = decode<ListExportTasksRequest>(Json{{"statuses", Json::array()}});
  EXPECT_TRUE(empty.statuses.empty());
  EXPECT_EQ(encode(ListExportTasksRequest{empty}), (Json{{"statuses", Json::array()}}));
  // A new value is sent canonically: a filled list as an array, an empty one not at all.
  auto changed = decode<ListExportTasksRequest>(Json{{"statuses", nullptr}});
  changed.statuses = {ExportTaskStatus{2}};
  EXPECT_EQ(encode(changed), (Json{{"statuses", {2}}}));
  auto cleared = decode<ListExportTasksRequest>(Json{{"statuses", {1}}});
  cleared.statuses.clear();
  EXPECT_EQ(encode(cleared), Json::object());
  auto cleared_text = decode<ListExportTasksRequest>(Json{{"statuses", "[1, 2]"}});
  cleared_text.statuses.clear();  // arrived filled (as JSON text): now empty, so not sent
  EXPECT_EQ(encode(cleared_text), Json::object());
}

TEST(RequestFilters, EpochMillisFromBothForms) {
  const system_clock::time_point t = system_clock::time_point(milliseconds(1739377287123));
  EXPECT_EQ(EpochMillis(t), EpochMillis(1739377287123));
  EXPECT_EQ(EpochMillis(t + std::chrono::microseconds(999)).epoch_ms(), 1739377287123);
  EXPECT_NE(EpochMillis(t), EpochMillis(0));
  EXPECT_EQ(EpochMillis().epoch_ms(), 0);

  ListWorkflowsRequest query;
  query.start_time = t - std::chrono::hours(24);
  query.end_time = 1739377287123;
  EXPECT_EQ(query.start_time->epoch_ms(), 1739377287123 - 86400000);
  EXPECT_EQ(query.end_time, EpochMillis(t));
  EXPECT_EQ(query.end_time, 1739377287123);  // compares with the raw form too
}

// ---- JobFileStatus: provisional names -------------------------------------------------------

TEST(RequestFilters, JobFileStatusProvisionalNames) {
  EXPECT_EQ(static_cast<int>(JobFileStatus::kPending), 0);
  EXPECT_EQ(static_cast<int>(JobFileStatus::kProcessing), 1);
  EXPECT_EQ(static_cast<int>(JobFileStatus::kCompleted), 2);
  EXPECT_EQ(static_cast<int>(JobFileStatus::kFailed), 3);
  EXPECT_EQ(static_cast<int>(JobFileStatus::kStopped), 4);
  EXPECT_EQ(to_string(JobFileStatus::kPending), "pending");
  EXPECT_EQ(to_string(JobFileStatus::kProcessing), "processing");
  EXPECT_EQ(to_string(JobFileStatus::kCompleted), "completed");
  EXPECT_EQ(to_string(JobFileStatus::kFailed), "failed");
  EXPECT_EQ(to_string(JobFileStatus::kStopped), "stopped");
  EXPECT_EQ(to_string(JobFileStatus{5}), "5");
  EXPECT_EQ(to_string(JobFileStatus{-1}), "-1");
  // Still open: an unknown value decodes and is sent back unchanged.
  const auto file = decode<JobFileInfo>(Json{{"file_status", 9}});
  EXPECT_EQ(file.file_status, JobFileStatus{9});
  EXPECT_EQ(encode(file), (Json{{"file_status", 9}}));
}

// ---- Export predicates (ExportTaskStatus has no names) --------------------------------------

TEST(RequestFilters, ExportPredicates) {
  ExportTaskInfo task;
  EXPECT_FALSE(has_failed_files(task));  // no file_stats
  task.file_stats.emplace();
  EXPECT_FALSE(has_failed_files(task));
  task.file_stats->failed = 0;
  task.file_stats->file_fail = 0;
  EXPECT_FALSE(has_failed_files(task));
  task.file_stats->file_fail = 1;  // only the camelCase counter
  EXPECT_TRUE(has_failed_files(task));
  task.file_stats->file_fail.reset();
  task.file_stats->failed = 5;
  EXPECT_TRUE(has_failed_files(task));
  // The document's E3 example: status 2, and 5 failed files.
  EXPECT_TRUE(
      has_failed_files(decode<ExportTaskInfo>(model_test::fixture_data("e3_response.json"))));

  ExportFileItem file;
  EXPECT_FALSE(is_failed(file));
  file.status = ExportFileStatus::kSucceeded;
  EXPECT_FALSE(is_failed(file));
  file.status = ExportFileStatus::kFailed;
  EXPECT_TRUE(is_failed(file));
}

}  // namespace
}  // namespace moi
