// SPDX-License-Identifier: Apache-2.0
// Waiters over a scripted transport with a fake clock and sleeper: no real waiting.

#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <vector>

#include "moi/cancellation.hpp"
#include "moi/helpers/waiters.hpp"
#include "moi/testing/recording_transport.hpp"
#include "support/url_query.hpp"

namespace moi {
namespace {

using namespace std::chrono_literals;
using testing::error_response;
using testing::ok_response;
using testing::RecordingTransport;

// A fake steady clock advanced only by the fake sleeper.
struct FakeTime {
  std::chrono::steady_clock::time_point now{};
  std::vector<std::chrono::milliseconds> sleeps;

  template <class Options>
  void install(Options& options) {
    options.clock = [this] { return now; };
    options.sleeper = [this](std::chrono::milliseconds d) {
      sleeps.push_back(d);
      now += d;
    };
  }
};

Json job_status(int status, int progress) {
  return {{"job_id", "j1"},
          {"status", status},
          {"progress", progress},
          {"start_time", 1739377287000},
          {"end_time", nullptr}};
}

// Answers J5 from a list of statuses (the last repeats) and J3 with matching counters.
std::shared_ptr<RecordingTransport> job_server(std::vector<HttpResponse> statuses) {
  auto index = std::make_shared<std::size_t>(0);
  return std::make_shared<RecordingTransport>([statuses, index](const HttpRequest& request) {
    if (request.url.find("/files") != std::string::npos) {
      return ok_response({{"files", Json::array()},
                          {"file_total", 10},
                          {"total", 10},
                          {"completed", 4},
                          {"failed", 1},
                          {"processing", 3},
                          {"pending", 2},
                          {"stopped", 0}});
    }
    const auto& response = statuses[std::min(*index, statuses.size() - 1)];
    ++*index;
    return response;
  });
}

TEST(WaitForJobTest, PollsUntilCompletedReportingProgress) {
  auto transport = job_server({ok_response(job_status(1, 10)), ok_response(job_status(1, 60)),
                               ok_response(job_status(2, 100))});
  const Client client = testing::make_client(transport);
  FakeTime time;
  JobWaitOptions options;
  time.install(options);
  options.initial_interval = 100ms;
  options.max_interval = 200ms;
  options.backoff_multiplier = 2.0;
  std::vector<JobProgress> seen;
  options.on_progress = [&seen](const JobProgress& progress) { seen.push_back(progress); };

  const auto final_status = wait_for_job(client.jobs(), "j1", options);
  EXPECT_EQ(final_status.status, JobStatus::kCompleted);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].status.progress, 60);
  EXPECT_EQ(seen[1].polls, 2);
  ASSERT_TRUE(seen[1].files);
  EXPECT_EQ(seen[1].files->completed, 4);
  EXPECT_EQ(seen[1].files->failed, 1);
  EXPECT_EQ(seen[2].elapsed, 300ms);
  EXPECT_EQ(time.sleeps, (std::vector<std::chrono::milliseconds>{100ms, 200ms}));  // capped
  EXPECT_EQ(transport->request_count(), 6u);  // J5 + J3 per poll
}

TEST(WaitForJobTest, FailedJobIsReturnedNotThrown) {
  auto transport = job_server({ok_response(job_status(3, 100))});
  const Client client = testing::make_client(transport);
  JobWaitOptions options;
  FakeTime time;
  time.install(options);
  options.fetch_file_counts = false;
  EXPECT_EQ(wait_for_job(client.jobs(), "j1", options).status, JobStatus::kFailed);
  EXPECT_EQ(transport->request_count(), 1u);
}

TEST(WaitForJobTest, DeadlineThrowsTimeoutWithTheLastStateSeen) {
  auto transport = job_server({ok_response(job_status(1, 42))});
  const Client client = testing::make_client(transport);
  JobWaitOptions options;
  FakeTime time;
  time.install(options);
  options.timeout = 5s;
  options.initial_interval = 1s;
  options.backoff_multiplier = 1.0;
  try {
    wait_for_job(client.jobs(), "j1", options);
    FAIL();
  } catch (const JobWaitTimeoutError& error) {
    // Its own kind: no request failed, and waiting longer is the caller's decision.
    EXPECT_EQ(error.kind(), ErrorKind::kWaitTimeout);
    EXPECT_FALSE(error.retryable());
    EXPECT_EQ(dynamic_cast<const TransportError*>(&error), nullptr);
    ASSERT_TRUE(error.last_status());
    EXPECT_EQ(error.last_status()->progress, 42);
    EXPECT_NE(std::string(error.what()).find("job j1: gave up waiting after 5000 ms"),
              std::string::npos);
  }
  EXPECT_EQ(time.now - std::chrono::steady_clock::time_point{}, 5s);
  // Polls at 0, 1, 2, 3 and 4 s; none at 5 s, where no time is left for one.
  EXPECT_EQ(transport->request_count(), 5u);
}

TEST(WaitForJobTest, TransientErrorsArePolledThrough) {
  auto transport = job_server({error_response(503, "busy"), error_response(502, "gateway"),
                               ok_response(job_status(2, 100))});
  const Client client = testing::make_client(transport);
  JobWaitOptions options;
  FakeTime time;
  time.install(options);
  options.fetch_file_counts = false;
  EXPECT_EQ(wait_for_job(client.jobs(), "j1", options).status, JobStatus::kCompleted);
  EXPECT_EQ(transport->request_count(), 3u);
}

TEST(WaitForJobTest, PermanentErrorStopsTheWait) {
  auto transport =
      job_server({ok_response(job_status(1, 5)), error_response(404, "Job not found")});
  const Client client = testing::make_client(transport);
  JobWaitOptions options;
  FakeTime time;
  time.install(options);
  options.fetch_file_counts = false;
  try {
    wait_for_job(client.jobs(), "j1", options);
    FAIL();
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 404);
  }
  EXPECT_EQ(transport->request_count(), 2u);
}

TEST(WaitForJobTest, CancellationStopsBeforeTheNextPoll) {
  auto transport = job_server({ok_response(job_status(1, 5))});
  const Client client = testing::make_client(transport);
  CancellationToken token;
  JobWaitOptions options;
  FakeTime time;
  time.install(options);
  options.fetch_file_counts = false;
  options.call.should_abort = token.abort_check();
  options.on_progress = [&token](const JobProgress& progress) {
    if (progress.polls == 2) token.cancel();
  };
  EXPECT_THROW(wait_for_job(client.jobs(), "j1", options), CancelledError);
  EXPECT_EQ(transport->request_count(), 2u);
}

TEST(WaitForExportTest, FinishesWhenNothingIsPendingOrRunning) {
  int polls = 0;
  auto transport = std::make_shared<RecordingTransport>([&polls](const HttpRequest& request) {
    EXPECT_EQ(Json::parse(request.body), (Json{{"id", "task_1"}}));
    ++polls;
    const Json stats =
        polls < 3
            ? Json{{"total", 4}, {"pending", 2}, {"running", 1}, {"completed", 1}, {"failed", 0}}
            : Json{{"total", 4}, {"pending", 0}, {"running", 0}, {"completed", 3}, {"failed", 1}};
    return ok_response({{"id", "task_1"}, {"status", 1}, {"file_stats", stats}});
  });
  const Client client = testing::make_client(transport);
  ExportWaitOptions options;
  FakeTime time;
  time.install(options);
  int reports = 0;
  options.on_progress = [&reports](const ExportTaskInfo&, std::chrono::milliseconds) { ++reports; };
  const auto task = wait_for_export(client.exports(), "task_1", options);
  EXPECT_EQ(task.file_stats->failed, 1);
  EXPECT_EQ(reports, 3);
}

TEST(WaitForExportTest, DeadlineCarriesTheLastTask) {
  auto transport = std::make_shared<RecordingTransport>([](const HttpRequest&) {
    return ok_response({{"id", "t"}, {"file_stats", {{"total", 4}, {"pending", 4}}}});
  });
  const Client client = testing::make_client(transport);
  ExportWaitOptions options;
  FakeTime time;
  time.install(options);
  options.timeout = 2s;
  try {
    wait_for_export(client.exports(), "t", options);
    FAIL();
  } catch (const ExportWaitTimeoutError& error) {
    ASSERT_TRUE(error.last_task());
    EXPECT_EQ(error.last_task()->file_stats->pending, 4);
  }
}

TEST(WaitForFirstJobTest, PollsJobListFilteredByWorkflow) {
  int polls = 0;
  auto transport = std::make_shared<RecordingTransport>([&polls](const HttpRequest& request) {
    EXPECT_EQ(testing::query_value(request.url, "workflow_id"), "wf%201");
    EXPECT_EQ(testing::query_value(request.url, "sort_order"), "asc");
    if (++polls < 3) return ok_response({{"total", 0}, {"jobs", Json::array()}});
    return ok_response({{"total", 1}, {"jobs", {{{"id", "job-9"}, {"workflow_meta_id", "wf 1"}}}}});
  });
  const Client client = testing::make_client(transport);
  WaitOptions options;
  FakeTime time;
  time.install(options);
  EXPECT_EQ(wait_for_first_job(client.jobs(), "wf 1", options).id, "job-9");
  EXPECT_EQ(polls, 3);
}

TEST(WaitForFirstJobTest, TimesOutWithAWaitTimeoutError) {
  auto transport = std::make_shared<RecordingTransport>([](const HttpRequest&) {
    return ok_response({{"total", 0}, {"jobs", Json::array()}});
  });
  const Client client = testing::make_client(transport);
  WaitOptions options;
  FakeTime time;
  time.install(options);
  options.timeout = 3s;
  EXPECT_THROW(wait_for_first_job(client.jobs(), "wf", options), WaitTimeoutError);
}

// Server counts near INT64_MAX must not overflow (UBSan would stop here).
TEST(WaitForExportTest, AbsurdFileCountsDoNotOverflow) {
  ExportTaskInfo task;
  task.file_stats = ExportFileStats{};
  task.file_stats->total = std::numeric_limits<std::int64_t>::max();
  task.file_stats->completed = std::numeric_limits<std::int64_t>::max();
  task.file_stats->failed = std::numeric_limits<std::int64_t>::max();
  task.file_stats->pending = 0;
  task.file_stats->running = 0;
  EXPECT_TRUE(is_finished(task));
  task.file_stats->completed = 1;
  task.file_stats->failed = 1;
  EXPECT_FALSE(is_finished(task));
}

}  // namespace
}  // namespace moi
