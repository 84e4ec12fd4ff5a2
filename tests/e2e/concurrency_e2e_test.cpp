// SPDX-License-Identifier: Apache-2.0
// One moi::Client shared by 8 threads running mixed calls (creates, lists, waits) against the
// emulator: zero errors, and the emulator saw exactly the work the threads did. Run under
// ThreadSanitizer by the tsan preset (its filter selects "Thread|Concurren").

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

using ConcurrencyE2E = E2ETest;

constexpr int kThreads = 8;
constexpr int kRounds = 6;

TEST_F(ConcurrencyE2E, EightThreadsShareOneClientForMixedCalls) {
  const Client& shared = client();
  std::mutex errors_mutex;
  std::vector<std::string> errors;
  std::atomic<int> workflows_created{0};
  std::atomic<int> tasks_created{0};
  std::atomic<int> jobs_completed{0};
  std::atomic<int> exports_completed{0};
  std::atomic<long> items_listed{0};

  const auto worker = [&](int thread) {
    const WorkflowClient workflows = shared.workflows();
    const JobClient jobs = shared.jobs();
    const ExportClient exports = shared.exports();
    const std::string creator = "thread-" + std::to_string(thread);
    std::vector<std::string> my_jobs;
    for (int round = 0; round < kRounds; ++round) {
      const std::string name = creator + "-round-" + std::to_string(round);
      try {
        switch ((thread + round) % 3) {
          case 0: {  // create a workflow, wait for its job
            const WorkflowRecord record =
                workflows.create(workflow_request(name, {name + "-a.pdf", name + "-b.docx"}));
            ++workflows_created;
            const JobListItem job =
                wait_for_first_job(jobs, record.id.value_or(""), on_emulator_time());
            auto options = on_emulator_time<JobWaitOptions>();
            options.on_progress = [](const JobProgress&) {};
            const JobStatusInfo status = wait_for_job(jobs, job.id.value_or(""), options);
            if (status.status != JobStatus::kCompleted) {
              throw std::runtime_error(name + ": job ended " + to_string(*status.status));
            }
            ++jobs_completed;
            my_jobs.push_back(job.id.value_or(""));
            break;
          }
          case 1: {  // create an export task, find it, wait for it
            exports.create(
                export_request(ExportTaskType::kMatrixOne, name, {name + ".md"}, creator));
            ++tasks_created;
            ListExportTasksRequest mine;
            mine.creator = creator;
            mine.limit = 2;
            std::string task_id;
            for (const auto& task : all_export_tasks(exports, mine)) {
              if (task.name == name) task_id = task.id.value_or("");
            }
            if (task_id.empty()) throw std::runtime_error(name + ": task not listed");
            const ExportTaskInfo info =
                wait_for_export(exports, task_id, on_emulator_time<ExportWaitOptions>());
            if (info.file_stats.value_or(ExportFileStats{}).completed != 1) {
              throw std::runtime_error(name + ": export did not complete");
            }
            ++exports_completed;
            break;
          }
          default: {  // read: every list, and this thread's jobs
            ListWorkflowsRequest workflow_page;
            workflow_page.limit = 3;
            for (const auto& item : all_workflows(workflows, workflow_page)) {
              if (!item.id) throw std::runtime_error("workflow without id");
              ++items_listed;
            }
            ListJobsRequest job_page;
            job_page.page_size = 4;
            for (const auto& item : all_jobs(jobs, job_page)) {
              if (!item.id) throw std::runtime_error("job without id");
              ++items_listed;
            }
            for (const auto& job_id : my_jobs) {
              if (jobs.get_status(job_id).status != JobStatus::kCompleted) {
                throw std::runtime_error(job_id + " is no longer completed");
              }
              items_listed += static_cast<long>(jobs.list_files(job_id).files.size());
              const JobDetail detail = jobs.get(job_id);
              if (!detail.workflow_meta_id) throw std::runtime_error("job without workflow");
              workflows.get(*detail.workflow_meta_id);
            }
            items_listed += static_cast<long>(exports.list().tasks.size());
            break;
          }
        }
      } catch (const std::exception& error) {
        std::lock_guard<std::mutex> lock(errors_mutex);
        errors.push_back(name + ": " + error.what());
      }
    }
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (auto& thread : threads) thread.join();

  EXPECT_TRUE(errors.empty()) << errors.size() << " errors, first: " << errors.front();
  // 48 calls in all: 16 of each kind.
  EXPECT_EQ(workflows_created.load(), 16);
  EXPECT_EQ(jobs_completed.load(), 16);
  EXPECT_EQ(tasks_created.load(), 16);
  EXPECT_EQ(exports_completed.load(), 16);
  EXPECT_GT(items_listed.load(), 0);
  EXPECT_EQ(emulator().request_count("W1"), 16u);
  EXPECT_EQ(emulator().request_count("E1"), 16u);
  EXPECT_EQ(workflows().list().total, 16);
  EXPECT_EQ(exports().list().total, 16);
  ListJobsRequest all;
  all.page_size = 1;
  EXPECT_EQ(jobs().list(all).total, 16);
}

}  // namespace
}  // namespace moi::e2e
