// SPDX-License-Identifier: Apache-2.0
// Jobs (J1-J5) end to end: a job's life on the emulator's manual clock, a failed file retried,
// filters and both sort directions of J1, the status filter of J3.

#include <algorithm>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"
#include "moi/helpers/job_retry.hpp"

namespace moi::e2e {
namespace {

using JobE2E = E2ETest;

std::vector<std::string> file_names(const std::vector<JobFileInfo>& files) {
  std::vector<std::string> out;
  for (const auto& file : files) out.push_back(file.file_name.value_or("?"));
  return out;
}

std::vector<std::string> job_ids(PagedRange<JobListItem> range) {
  std::vector<std::string> out;
  for (const auto& job : range) out.push_back(job.id.value_or("?"));
  return out;
}

// Counters of J3 agree with each other and with J5's progress.
void expect_consistent(const JobFilesResponse& files, const JobStatusInfo& status) {
  const std::int64_t total = files.total.value_or(-1);
  EXPECT_EQ(files.completed.value_or(0) + files.failed.value_or(0) + files.processing.value_or(0) +
                files.pending.value_or(0) + files.stopped.value_or(0),
            total);
  const std::int64_t finished =
      files.completed.value_or(0) + files.failed.value_or(0) + files.stopped.value_or(0);
  EXPECT_EQ(static_cast<std::int64_t>(status.progress.value_or(-1)),
            total == 0 ? 100 : 100 * finished / total);
}

TEST_F(JobE2E, EveryCallDescribesTheJobAsItRuns) {
  const auto [workflow_id, job_id] =
      create_with_job(workflow_request("three-files", {"a.pdf", "b.docx", "c.md"}));
  const std::int64_t started = emulator().now_ms();
  const WorkflowDetail workflow = workflows().get(workflow_id);

  // J1
  ListJobsRequest of_workflow;
  of_workflow.workflow_id = workflow_id;
  const JobListResponse listed = jobs().list(of_workflow);
  ASSERT_EQ(listed.total, 1);
  ASSERT_EQ(listed.jobs.size(), 1u);
  const JobListItem& item = listed.jobs[0];
  EXPECT_EQ(item.id, job_id);
  EXPECT_EQ(item.name, "three-files");
  EXPECT_EQ(item.status, JobStatus::kRunning);
  EXPECT_EQ(item.workflow_meta_id, workflow_id);
  EXPECT_EQ(item.workflow_branch_id, workflow.branch_id);
  EXPECT_EQ(item.creator, "admin");
  // Creation times are strictly increasing, so the job is stamped just after its workflow.
  EXPECT_GT(item.created_at.epoch_ms().value_or(0), workflow.created_at.epoch_ms().value_or(0));
  EXPECT_LE(item.created_at.epoch_ms().value_or(0), started + 10);

  // J2: W1's record layout (arrays as JSON text) decoded, plus status and times.
  const JobDetail detail = jobs().get(job_id);
  EXPECT_EQ(detail.id, job_id);
  EXPECT_EQ(detail.name, "three-files");
  EXPECT_EQ(detail.status, JobStatus::kRunning);
  EXPECT_EQ(detail.workflow_meta_id, workflow_id);
  EXPECT_EQ(detail.file_types, (std::vector<FileType>{FileType::kPdf, FileType::kDocx}));
  EXPECT_EQ(detail.source_volume_ids, std::vector<std::string>{"1889223879880048640"});
  EXPECT_EQ(detail.priority, 300);
  ASSERT_TRUE(detail.process_mode.has_value());
  EXPECT_EQ(detail.process_mode->kind(), ProcessModeKind::kOnce);
  ASSERT_TRUE(detail.files.has_value());
  ASSERT_EQ(detail.files->size(), 3u);
  EXPECT_EQ(detail.files->at(1)["file_name"], "b.docx");
  EXPECT_EQ(detail.start_time.epoch_ms(), started / 1000 * 1000);
  EXPECT_TRUE(detail.end_time.is_null());

  // J3: the files in job order, the first processing.
  JobFilesResponse files = jobs().list_files(job_id);
  EXPECT_EQ(file_names(files.files), (std::vector<std::string>{"a.pdf", "b.docx", "c.md"}));
  EXPECT_EQ(files.file_total, 3);
  EXPECT_EQ(files.files[0].file_status, JobFileStatus::kProcessing);
  EXPECT_EQ(files.files[1].file_status, JobFileStatus::kPending);
  EXPECT_EQ(files.files[0].file_type, FileType::kPdf);
  EXPECT_EQ(files.files[1].file_type, FileType::kDocx);
  EXPECT_EQ(files.files[0].source_id, "src-0");
  EXPECT_TRUE(files.files[1].start_time.is_null());
  EXPECT_EQ(files.pending, 2);
  EXPECT_EQ(files.processing, 1);

  // J5
  JobStatusInfo status = jobs().get_status(job_id);
  EXPECT_EQ(status.job_id, job_id);
  EXPECT_EQ(status.status, JobStatus::kRunning);
  EXPECT_EQ(status.progress, 0.0);
  EXPECT_EQ(status.start_time.epoch_ms(), started);
  EXPECT_TRUE(status.end_time.is_null());
  expect_consistent(files, status);

  // Half way: one file done, counters move together.
  emulator().advance(1500ms);
  files = jobs().list_files(job_id);
  status = jobs().get_status(job_id);
  EXPECT_EQ(files.completed, 1);
  EXPECT_EQ(files.processing, 1);
  EXPECT_EQ(files.pending, 1);
  EXPECT_EQ(status.progress, 33.0);
  EXPECT_EQ(files.files[0].file_status, JobFileStatus::kCompleted);
  EXPECT_EQ(files.files[0].end_time.epoch_ms(), (started + 1000) / 1000 * 1000);
  expect_consistent(files, status);

  // Done.
  emulator().advance(1500ms);
  status = jobs().get_status(job_id);
  files = jobs().list_files(job_id);
  EXPECT_EQ(status.status, JobStatus::kCompleted);
  EXPECT_EQ(status.progress, 100.0);
  EXPECT_EQ(status.message, "Job completed successfully.");
  EXPECT_EQ(status.end_time.epoch_ms(), started + 3000);
  EXPECT_EQ(files.completed, 3);
  expect_consistent(files, status);
  EXPECT_EQ(jobs().get(job_id).status, JobStatus::kCompleted);
  EXPECT_EQ(jobs().list(of_workflow).jobs.at(0).status, JobStatus::kCompleted);
}

// Issue 15 item 5: create -> wait -> retry failed files -> wait again, in one call.
TEST_F(JobE2E, RetryFailedFilesRetriesUntilOnlyPermanentFailuresRemain) {
  const auto [workflow_id, job_id] = create_with_job(
      workflow_request("retry-rounds", {"report.pdf", "scan-fail.pdf", "broken-fail-always.pdf"}));
  RetryFailedFilesOptions options;
  options.max_rounds = 2;
  options.wait = on_emulator_time<JobWaitOptions>();
  const RetryFailedFilesResult result = retry_failed_files(client(), job_id, options);
  EXPECT_EQ(result.rounds, 2);  // round 1: both failed files; round 2: the permanent one
  EXPECT_EQ(result.status.status, JobStatus::kFailed);
  ASSERT_EQ(result.still_failing.size(), 1u);
  EXPECT_EQ(result.still_failing[0].file_name, "broken-fail-always.pdf");
  EXPECT_TRUE(is_failed(result.still_failing[0]));
  EXPECT_EQ(emulator().request_count("J4"), 2u);
  (void)workflow_id;
}

TEST_F(JobE2E, RetryFailedFilesWithNothingFailedOnlyWaits) {
  const auto [workflow_id, job_id] =
      create_with_job(workflow_request("all-good", {"report.pdf", "notes.docx"}));
  RetryFailedFilesOptions options;
  options.wait = on_emulator_time<JobWaitOptions>();
  const RetryFailedFilesResult result = retry_failed_files(jobs(), job_id, options);
  EXPECT_EQ(result.rounds, 0);
  EXPECT_EQ(result.status.status, JobStatus::kCompleted);
  EXPECT_TRUE(result.still_failing.empty());
  EXPECT_EQ(emulator().request_count("J4"), 0u);
  (void)workflow_id;
}

TEST_F(JobE2E, LifecycleAFailedFileIsRetriedAndTheJobCompletes) {
  const auto [workflow_id, job_id] = create_with_job(
      workflow_request("with-a-bad-scan", {"report.pdf", "scan-fail.pdf", "notes.docx"}));

  // Wait (on the emulator's clock) while reporting progress.
  std::vector<JobProgress> seen;
  auto options = on_emulator_time<JobWaitOptions>();
  options.on_progress = [&seen](const JobProgress& progress) { seen.push_back(progress); };
  const JobStatusInfo first = wait_for_job(jobs(), job_id, options);
  EXPECT_EQ(first.status, JobStatus::kFailed);
  EXPECT_EQ(first.progress, 100.0);
  EXPECT_EQ(first.message, "1 of 3 files failed.");
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().polls, static_cast<int>(seen.size()));
  for (const auto& progress : seen) {
    ASSERT_TRUE(progress.files.has_value());
    expect_consistent(*progress.files, progress.status);
  }

  // J3 filtered by status finds the failed file with its error.
  ListJobFilesRequest failed_only;
  failed_only.statuses = {JobFileStatus::kFailed};
  const auto failed = files_of(job_id, failed_only);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].file_name, "scan-fail.pdf");
  EXPECT_NE(failed[0].error_message.value_or("").find("fail"), std::string::npos);
  ASSERT_TRUE(failed[0].id.has_value());

  // J4, then the job runs again and completes.
  jobs().retry_files(job_id, {*failed[0].id});
  const JobStatusInfo running = jobs().get_status(job_id);
  EXPECT_EQ(running.status, JobStatus::kRunning);
  EXPECT_TRUE(running.end_time.is_null());
  const JobStatusInfo second = wait_for_job(jobs(), job_id, on_emulator_time<JobWaitOptions>());
  EXPECT_EQ(second.status, JobStatus::kCompleted);
  EXPECT_EQ(second.progress, 100.0);

  const JobFilesResponse files = jobs().list_files(job_id);
  EXPECT_EQ(files.completed, 3);
  EXPECT_EQ(files.failed, 0);
  for (const auto& file : files.files) {
    EXPECT_EQ(file.file_status, JobFileStatus::kCompleted) << file.file_name.value_or("");
    EXPECT_FALSE(file.error_message.has_value()) << file.file_name.value_or("");
  }
  EXPECT_EQ(workflows().get(workflow_id).status, WorkflowStatus::kCompleted);

  // Retrying an unknown file id is a 404 and changes nothing.
  const auto error = error_of<HttpError>([&] { jobs().retry_files(job_id, {"no-such-file"}); });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->http_status(), 404);
  EXPECT_EQ(jobs().get_status(job_id).status, JobStatus::kCompleted);
}

TEST_F(JobE2E, ListFiltersAndSortsInBothDirectionsAcrossPages) {
  // Three workflows of 2, 4 and 1 files with priorities 100, 200, 300; two reruns of each give
  // nine jobs.
  struct Spec {
    std::string name;
    int files;
    std::int64_t priority;
  };
  const std::vector<Spec> specs = {
      {"alpha-report", 2, 100}, {"beta-report", 4, 200}, {"gamma-notes", 1, 300}};
  std::vector<std::string> workflow_ids;
  for (const auto& spec : specs) {
    std::vector<std::string> names;
    for (int i = 0; i < spec.files; ++i) names.push_back(spec.name + std::to_string(i) + ".pdf");
    WorkflowRequest request = workflow_request(spec.name, names);
    request.priority = spec.priority;
    workflow_ids.push_back(workflows().create(request).id.value_or(""));
  }
  for (int round = 0; round < 2; ++round) {
    emulator().advance(1s);
    for (const auto& id : workflow_ids) workflows().rerun(id);
  }

  // Creation order, through pages of 2 (5 pages), ascending and descending.
  ListJobsRequest ascending;
  ascending.sort_field = "created_at";
  ascending.sort_order = SortOrder::kAscending;
  ascending.page_size = 2;
  auto range = all_jobs(jobs(), ascending);
  std::vector<std::int64_t> created;
  std::vector<std::string> asc_ids;
  for (const auto& job : range) {
    created.push_back(job.created_at.epoch_ms().value_or(0));
    asc_ids.push_back(job.id.value_or(""));
  }
  EXPECT_EQ(range.pages_fetched(), 5u);
  ASSERT_EQ(asc_ids.size(), 9u);
  EXPECT_TRUE(std::is_sorted(created.begin(), created.end()));
  EXPECT_EQ(std::adjacent_find(created.begin(), created.end()), created.end());  // distinct

  ListJobsRequest descending = ascending;
  descending.sort_order = SortOrder::kDescending;
  std::vector<std::string> desc_ids = job_ids(all_jobs(jobs(), descending));
  std::reverse(desc_ids.begin(), desc_ids.end());
  EXPECT_EQ(desc_ids, asc_ids);

  // The default order (no sort field, no order) is newest first.
  ListJobsRequest defaults;
  defaults.page_size = 4;
  std::vector<std::string> default_ids = job_ids(all_jobs(jobs(), defaults));
  std::reverse(default_ids.begin(), default_ids.end());
  EXPECT_EQ(default_ids, asc_ids);

  // Sorted by name, both directions.
  ListJobsRequest by_name;
  by_name.sort_field = "name";
  by_name.sort_order = SortOrder::kAscending;
  by_name.page_size = 4;
  std::vector<std::string> names;
  for (const auto& job : all_jobs(jobs(), by_name)) names.push_back(job.name.value_or(""));
  EXPECT_EQ(names, (std::vector<std::string>{"alpha-report", "alpha-report", "alpha-report",
                                             "beta-report", "beta-report", "beta-report",
                                             "gamma-notes", "gamma-notes", "gamma-notes"}));
  by_name.sort_order = SortOrder::kDescending;
  std::vector<std::string> names_desc;
  for (const auto& job : all_jobs(jobs(), by_name)) names_desc.push_back(job.name.value_or(""));
  std::reverse(names_desc.begin(), names_desc.end());
  EXPECT_EQ(names_desc, names);

  // Filters.
  const auto count = [this](ListJobsRequest query) {
    query.page_size = 2;
    std::int64_t n = 0;
    std::int64_t total = -1;
    for (const auto& job : all_jobs(jobs(), query)) {
      (void)job;
      ++n;
    }
    total = jobs().list(query).total.value_or(-1);
    EXPECT_EQ(n, total);
    return n;
  };
  ListJobsRequest query;
  query.name_search = "REPORT";
  EXPECT_EQ(count(query), 6);
  query = {};
  query.workflow_id = workflow_ids[1];
  EXPECT_EQ(count(query), 3);
  query = {};
  query.count_ge = 2;
  EXPECT_EQ(count(query), 6);
  query.count_le = 2;
  EXPECT_EQ(count(query), 3);
  query = {};
  query.priority = {300, 100};
  EXPECT_EQ(count(query), 6);
  query = {};
  query.file_types = {FileType::kMarkdown};
  EXPECT_EQ(count(query), 0);
  query.file_types = {FileType::kMarkdown, FileType::kDocx};
  EXPECT_EQ(count(query), 9);

  // The caller's first page is where iteration starts.
  ListJobsRequest from_page_3 = ascending;
  from_page_3.page_num = 3;
  EXPECT_EQ(job_ids(all_jobs(jobs(), from_page_3)),
            std::vector<std::string>(asc_ids.begin() + 4, asc_ids.end()));
}

TEST_F(JobE2E, FilesFilteredByStatusArePagedToTheEnd) {
  const auto [workflow_id, job_id] = create_with_job(workflow_request(
      "mixed", {"1.pdf", "2-fail.pdf", "3.pdf", "4.pdf", "5-fail.pdf", "6.pdf", "7.pdf"}));
  (void)workflow_id;
  EXPECT_EQ(wait_for_job(jobs(), job_id, on_emulator_time<JobWaitOptions>()).status,
            JobStatus::kFailed);

  ListJobFilesRequest completed;
  completed.statuses = {JobFileStatus::kCompleted};
  completed.page_size = 2;
  auto range = all_job_files(jobs(), job_id, completed);
  std::vector<std::string> names;
  for (const auto& file : range) names.push_back(file.file_name.value_or(""));
  EXPECT_EQ(names, (std::vector<std::string>{"1.pdf", "3.pdf", "4.pdf", "6.pdf", "7.pdf"}));
  EXPECT_EQ(range.pages_fetched(), 3u);

  ListJobFilesRequest failed_or_completed;
  failed_or_completed.statuses = {JobFileStatus::kFailed, JobFileStatus::kCompleted};
  failed_or_completed.page_size = 3;
  EXPECT_EQ(files_of(job_id, failed_or_completed).size(), 7u);

  const JobFilesResponse page = jobs().list_files(job_id, completed);
  EXPECT_EQ(page.file_total, 5);  // matching the filter
  EXPECT_EQ(page.total, 7);       // all files
  EXPECT_EQ(page.failed, 2);
  EXPECT_EQ(page.completed, 5);
}

}  // namespace
}  // namespace moi::e2e
