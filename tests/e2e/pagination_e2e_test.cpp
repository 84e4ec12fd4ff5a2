// SPDX-License-Identifier: Apache-2.0
// Pagination ranges against the emulator: W2 filters and both sort directions across pages;
// the figure (2,500 items, page size 100: exactly 25 list requests, each item once) for
// W2, J1, J3, E2 and E4; items added during an ascending iteration are yielded once.

#include <algorithm>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

constexpr int kManyItems = 2500;
constexpr std::int64_t kPageSize = 100;
constexpr std::uint64_t kExpectedRequests = 25;

class PaginationE2E : public E2ETest {
 protected:
  void SetUp() override {
    auto options = emulator_options();
    options.behavior.files_per_volume = 1;  // lighter jobs for the large lists
    start(options);
  }
};

// Every item's id, in the order the range yields them.
template <class Item>
std::vector<std::string> ids_of(PagedRange<Item>& range) {
  std::vector<std::string> out;
  for (const auto& item : range) out.push_back(item.id.value_or("?"));
  return out;
}

std::vector<std::string> names_of(PagedRange<WorkflowListItem> range) {
  std::vector<std::string> out;
  for (const auto& item : range) out.push_back(item.name.value_or("?"));
  return out;
}

std::size_t distinct(const std::vector<std::string>& ids) {
  return std::set<std::string>(ids.begin(), ids.end()).size();
}

std::string two_digits(int i) { return (i < 10 ? "0" : "") + std::to_string(i); }

TEST_F(PaginationE2E, WorkflowFiltersAndBothSortDirectionsAcrossPages) {
  // 30 workflows wf-00..wf-29: priorities 100/200/300 in turn, every fifth one reads Markdown
  // and runs on new files.
  std::vector<std::string> created;
  for (int i = 0; i < 30; ++i) {
    WorkflowRequest request = workflow_request("wf-" + two_digits(i));
    request.priority = 100 * (1 + i % 3);
    if (i % 5 == 0) {
      request.file_types = {FileType::kMarkdown};
      request.process_mode = ProcessModeConfig::on_new_files();
    }
    workflows().create(request);
    created.push_back(request.name);
  }
  std::vector<std::string> reversed(created.rbegin(), created.rend());

  ListWorkflowsRequest ascending;
  ascending.sort_field = "created_at";
  ascending.sort_order = SortOrder::kAscending;
  ascending.limit = 7;
  emulator().reset_counts();
  std::vector<std::string> names;
  std::vector<std::int64_t> created_ms;
  for (const auto& item : all_workflows(workflows(), ascending)) {
    names.push_back(item.name.value_or("?"));
    created_ms.push_back(item.created_at.epoch_ms().value_or(0));
  }
  EXPECT_EQ(names, created);
  EXPECT_EQ(emulator().request_count("W2"), 5u);  // 7+7+7+7+2
  ASSERT_EQ(created_ms.size(), 30u);

  ListWorkflowsRequest descending = ascending;
  descending.sort_order = SortOrder::kDescending;
  EXPECT_EQ(names_of(all_workflows(workflows(), descending)), reversed);

  ListWorkflowsRequest defaults;  // created_at, descending
  defaults.limit = 8;
  EXPECT_EQ(names_of(all_workflows(workflows(), defaults)), reversed);

  ListWorkflowsRequest by_name = descending;
  by_name.sort_field = "name";
  EXPECT_EQ(names_of(all_workflows(workflows(), by_name)), reversed);

  // Priority, both directions: ties are broken the same way, so one is the other reversed.
  ListWorkflowsRequest by_priority = ascending;
  by_priority.sort_field = "priority";
  std::vector<std::int64_t> priorities;
  std::vector<std::string> by_priority_ids;
  for (const auto& item : all_workflows(workflows(), by_priority)) {
    priorities.push_back(item.priority.value_or(0));
    by_priority_ids.push_back(item.id.value_or(""));
  }
  EXPECT_TRUE(std::is_sorted(priorities.begin(), priorities.end()));
  by_priority.sort_order = SortOrder::kDescending;
  auto range = all_workflows(workflows(), by_priority);
  std::vector<std::string> desc_ids = ids_of(range);
  std::reverse(desc_ids.begin(), desc_ids.end());
  EXPECT_EQ(desc_ids, by_priority_ids);

  // Filters, each across pages.
  ListWorkflowsRequest query = ascending;
  query.name_search = "WF-1";
  EXPECT_EQ(names_of(all_workflows(workflows(), query)),
            std::vector<std::string>(created.begin() + 10, created.begin() + 20));
  query = ascending;
  query.priority = {200};
  EXPECT_EQ(names_of(all_workflows(workflows(), query)).size(), 10u);
  query = ascending;
  query.file_types = {FileType::kMarkdown};
  EXPECT_EQ(names_of(all_workflows(workflows(), query)),
            (std::vector<std::string>{"wf-00", "wf-05", "wf-10", "wf-15", "wf-20", "wf-25"}));
  query = ascending;
  query.process_modes = {-1};
  EXPECT_EQ(names_of(all_workflows(workflows(), query)).size(), 6u);
  query = ascending;
  query.creator = "admin";
  EXPECT_EQ(names_of(all_workflows(workflows(), query)), created);
  query.creator = "somebody-else";
  EXPECT_TRUE(names_of(all_workflows(workflows(), query)).empty());

  // A time window on created_at (inclusive at both ends): the 10th to the 19th workflow.
  query = ascending;
  query.start_time = created_ms[10];
  query.end_time = created_ms[19];
  EXPECT_EQ(names_of(all_workflows(workflows(), query)),
            std::vector<std::string>(created.begin() + 10, created.begin() + 20));

  // Status: all running now, all completed once their jobs are done.
  query = ascending;
  query.status = {WorkflowStatus::kRunning};
  EXPECT_EQ(names_of(all_workflows(workflows(), query)).size(), 30u);
  emulator().advance(10s);
  EXPECT_TRUE(names_of(all_workflows(workflows(), query)).empty());
  query.status = {WorkflowStatus::kCompleted};
  EXPECT_EQ(names_of(all_workflows(workflows(), query)).size(), 30u);
}

TEST_F(PaginationE2E, ItemsAddedDuringAnAscendingIterationAreYieldedOnce) {
  std::vector<std::string> created;
  for (int i = 0; i < 35; ++i) {
    created.push_back(workflows().create(workflow_request("seed-" + two_digits(i))).id.value());
  }
  ListWorkflowsRequest ascending;
  ascending.sort_field = "created_at";
  ascending.sort_order = SortOrder::kAscending;
  ascending.limit = 10;

  std::vector<std::string> seen;
  int position = 0;
  for (const auto& item : all_workflows(workflows(), ascending)) {
    seen.push_back(item.id.value_or("?"));
    // Add workflows while earlier pages are being read (before the last page is fetched).
    if (position == 3 || position == 15 || position == 25 || position == 26) {
      created.push_back(
          workflows().create(workflow_request("added-" + std::to_string(position))).id.value());
    }
    ++position;
  }
  EXPECT_EQ(seen.size(), 39u);
  EXPECT_EQ(distinct(seen), seen.size());
  EXPECT_EQ(seen, created);  // every item once, the added ones at the end
}

TEST_F(PaginationE2E, TwentyFiveHundredWorkflowsTakeExactly25Requests) {
  std::set<std::string> created;
  for (int i = 0; i < kManyItems; ++i) {
    created.insert(workflows().create(workflow_request("bulk-" + std::to_string(i))).id.value());
  }
  emulator().reset_counts();

  ListWorkflowsRequest query;
  query.limit = kPageSize;
  const auto started = std::chrono::steady_clock::now();
  auto range = all_workflows(workflows(), query);
  const std::vector<std::string> seen = ids_of(range);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);

  EXPECT_EQ(emulator().request_count("W2"), kExpectedRequests);
  EXPECT_EQ(emulator().total_requests(), kExpectedRequests);
  EXPECT_EQ(range.pages_fetched(), kExpectedRequests);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kManyItems));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), created);
  std::cout << "[figure] W2: " << seen.size() << " workflows, page size " << kPageSize << ", "
            << emulator().request_count("W2") << " list requests (" << took.count() << " ms)\n";
}

TEST_F(PaginationE2E, TwentyFiveHundredJobsTakeExactly25Requests) {
  const std::string workflow_id = workflows().create(workflow_request("rerun-me")).id.value();
  for (int i = 1; i < kManyItems; ++i) workflows().rerun(workflow_id);
  emulator().reset_counts();

  ListJobsRequest query;
  query.workflow_id = workflow_id;
  query.page_size = kPageSize;
  query.sort_field = "created_at";
  query.sort_order = SortOrder::kAscending;
  auto range = all_jobs(jobs(), query);
  const std::vector<std::string> seen = ids_of(range);

  EXPECT_EQ(emulator().request_count("J1"), kExpectedRequests);
  EXPECT_EQ(emulator().total_requests(), kExpectedRequests);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kManyItems));
  EXPECT_EQ(distinct(seen), seen.size());
  std::cout << "[figure] J1: " << seen.size() << " jobs, page size " << kPageSize << ", "
            << emulator().request_count("J1") << " list requests\n";
}

TEST_F(PaginationE2E, TwentyFiveHundredJobFilesTakeExactly25Requests) {
  std::vector<std::string> names;
  for (int i = 0; i < kManyItems; ++i) names.push_back("file-" + std::to_string(i) + ".pdf");
  const auto [workflow_id, job_id] = create_with_job(workflow_request("big-job", names));
  (void)workflow_id;
  emulator().reset_counts();

  ListJobFilesRequest query;
  query.page_size = kPageSize;
  auto range = all_job_files(jobs(), job_id, query);
  const std::vector<std::string> seen = ids_of(range);

  EXPECT_EQ(emulator().request_count("J3"), kExpectedRequests);
  EXPECT_EQ(emulator().total_requests(), kExpectedRequests);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kManyItems));
  EXPECT_EQ(distinct(seen), seen.size());
  std::cout << "[figure] J3: " << seen.size() << " job files, page size " << kPageSize << ", "
            << emulator().request_count("J3") << " list requests\n";
}

TEST_F(PaginationE2E, TwentyFiveHundredExportTasksTakeExactly25Requests) {
  for (int i = 0; i < kManyItems; ++i) {
    exports().create(
        export_request(ExportTaskType::kS3, "bulk-" + std::to_string(i), {"data.json"}));
  }
  emulator().reset_counts();

  ListExportTasksRequest query;
  query.limit = kPageSize;
  auto range = all_export_tasks(exports(), query);
  const std::vector<std::string> seen = ids_of(range);

  EXPECT_EQ(emulator().request_count("E2"), kExpectedRequests);
  EXPECT_EQ(emulator().total_requests(), kExpectedRequests);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kManyItems));
  EXPECT_EQ(distinct(seen), seen.size());
  std::cout << "[figure] E2: " << seen.size() << " export tasks, page size " << kPageSize << ", "
            << emulator().request_count("E2") << " list requests\n";
}

TEST_F(PaginationE2E, TwentyFiveHundredExportFilesTakeExactly25Requests) {
  std::vector<std::string> names;
  for (int i = 0; i < kManyItems; ++i) names.push_back("part-" + std::to_string(i) + ".md");
  exports().create(export_request(ExportTaskType::kMatrixOne, "big-export", names));
  const std::string task_id = task_id_named("big-export");
  emulator().reset_counts();

  ListExportFilesRequest query;
  query.task_id = task_id;
  query.limit = kPageSize;
  auto range = all_export_files(exports(), query);
  const std::vector<std::string> seen = ids_of(range);

  EXPECT_EQ(emulator().request_count("E4"), kExpectedRequests);
  EXPECT_EQ(emulator().total_requests(), kExpectedRequests);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kManyItems));
  EXPECT_EQ(distinct(seen), seen.size());
  std::cout << "[figure] E4: " << seen.size() << " export files, page size " << kPageSize << ", "
            << emulator().request_count("E4") << " list requests\n";
}

}  // namespace
}  // namespace moi::e2e
