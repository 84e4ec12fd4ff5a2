// SPDX-License-Identifier: Apache-2.0
// PagedRange edge cases over a scripted transport: every request is counted.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "moi/cancellation.hpp"
#include "moi/helpers/pagination.hpp"
#include "moi/testing/recording_transport.hpp"
#include "support/url_query.hpp"

namespace moi {
namespace {

using testing::error_response;
using testing::ok_response;
using testing::query_value;
using testing::RecordingTransport;

// A W2 server over `count` workflows named w0..w{count-1}; `total_of` lets a test change the
// reported total per request.
std::shared_ptr<RecordingTransport> workflow_server(int count) {
  return std::make_shared<RecordingTransport>([count](const HttpRequest& request) {
    const int offset = std::stoi(query_value(request.url, "offset"));
    const int limit = std::stoi(query_value(request.url, "limit"));
    Json items = Json::array();
    for (int i = offset; i < std::min(count, offset + limit); ++i) {
      items.push_back({{"id", "w" + std::to_string(i)}});
    }
    return ok_response({{"total", count}, {"workflows", items}});
  });
}

std::vector<std::string> ids_of(PagedRange<WorkflowListItem> range) {
  std::vector<std::string> ids;
  for (const auto& item : range) ids.push_back(item.id.value_or("?"));
  return ids;
}

TEST(PaginationTest, IteratesEveryItemOnceWithOneRequestPerPage) {
  auto transport = workflow_server(2500);
  const Client client = testing::make_client(transport);
  ListWorkflowsRequest request;
  request.limit = 100;
  request.name_search = "keep-me";
  const auto ids = ids_of(all_workflows(client.workflows(), request));
  ASSERT_EQ(ids.size(), 2500u);
  for (int i = 0; i < 2500; ++i)
    ASSERT_EQ(ids[static_cast<std::size_t>(i)], "w" + std::to_string(i));
  ASSERT_EQ(transport->request_count(), 25u);
  for (const auto& sent : transport->requests()) {
    EXPECT_EQ(query_value(sent.url, "name_search"), "keep-me");  // filters kept on every page
    EXPECT_EQ(query_value(sent.url, "limit"), "100");
  }
}

TEST(PaginationTest, DefaultPageSizeIsSentExplicitly) {
  auto transport = workflow_server(250);
  const Client client = testing::make_client(transport);
  EXPECT_EQ(ids_of(all_workflows(client.workflows())).size(), 250u);
  EXPECT_EQ(transport->request_count(), 3u);
  EXPECT_EQ(query_value(transport->requests()[0].url, "limit"), "100");
}

TEST(PaginationTest, EmptyFirstPageYieldsNothingAfterOneRequest) {
  auto transport = workflow_server(0);
  const Client client = testing::make_client(transport);
  auto range = all_workflows(client.workflows());
  EXPECT_EQ(range.begin(), range.end());
  EXPECT_EQ(transport->request_count(), 1u);
}

TEST(PaginationTest, ErrorOnPageThreeIsThrownAfterTwoPages) {
  auto inner = workflow_server(1000);
  auto transport = std::make_shared<RecordingTransport>([inner](const HttpRequest& request) {
    if (query_value(request.url, "offset") == "200") return error_response(400, "bad page");
    return inner->send(request);
  });
  const Client client = testing::make_client(transport);
  ListWorkflowsRequest request;
  request.limit = 100;
  std::vector<std::string> seen;
  try {
    for (const auto& item : all_workflows(client.workflows(), request)) seen.push_back(*item.id);
    FAIL() << "the error of page 3 was swallowed";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.detail(), "bad page");
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(transport->request_count(), 3u);
}

TEST(PaginationTest, IncrementingAfterAFailedPageRetriesItAndLosesNothing) {
  auto inner = workflow_server(300);
  int failures_left = 1;
  auto transport = std::make_shared<RecordingTransport>([&](const HttpRequest& request) {
    if (query_value(request.url, "offset") == "200" && failures_left-- > 0) {
      return error_response(400, "flaky page");
    }
    return inner->send(request);
  });
  const Client client = testing::make_client(transport);
  ListWorkflowsRequest request;
  request.limit = 100;
  auto range = all_workflows(client.workflows(), request);
  std::vector<std::string> ids;
  auto it = range.begin();
  while (it != range.end()) {
    ids.push_back(*it->id);
    try {
      ++it;
    } catch (const HttpError&) {
      ++it;  // the caller decides to try the same page again
    }
  }
  ASSERT_EQ(ids.size(), 300u);
  EXPECT_EQ(ids[199], "w199");
  EXPECT_EQ(ids[200], "w200");
  EXPECT_EQ(ids.back(), "w299");
  EXPECT_EQ(transport->request_count(), 4u);  // pages 1, 2, 3 (failed), 3
}

TEST(PaginationTest, BeginAfterAFailedFirstPageFetchesAgain) {
  auto inner = workflow_server(5);
  int failures_left = 1;
  auto transport = std::make_shared<RecordingTransport>([&](const HttpRequest& request) {
    if (failures_left-- > 0) return error_response(503, "busy");
    return inner->send(request);
  });
  const Client client = testing::make_client(transport);
  auto range = all_workflows(client.workflows());
  EXPECT_THROW(range.begin(), HttpError);
  int count = 0;
  for (const auto& item : range) count += item.id ? 1 : 0;
  EXPECT_EQ(count, 5);
}

TEST(PaginationTest, GrowingTotalIsFollowed) {
  // The total grows by 10 on each request (items appended at the end, ascending order).
  int requests = 0;
  auto transport = std::make_shared<RecordingTransport>([&requests](const HttpRequest& request) {
    const int count = 100 + 10 * requests++;
    const int offset = std::stoi(query_value(request.url, "offset"));
    const int limit = std::stoi(query_value(request.url, "limit"));
    Json items = Json::array();
    for (int i = offset; i < std::min(count, offset + limit); ++i) {
      items.push_back({{"id", "w" + std::to_string(i)}});
    }
    return ok_response({{"total", count}, {"workflows", items}});
  });
  const Client client = testing::make_client(transport);
  ListWorkflowsRequest request;
  request.limit = 50;
  const auto ids = ids_of(all_workflows(client.workflows(), request));
  // Requests see totals 100, 110, 120: the third page (offset 100) returns w100..w119.
  EXPECT_EQ(ids.size(), 120u);
  EXPECT_EQ(ids.back(), "w119");
  EXPECT_EQ(transport->request_count(), 3u);
}

TEST(PaginationTest, ShrinkingTotalStopsEarly) {
  int requests = 0;
  auto transport = std::make_shared<RecordingTransport>([&requests](const HttpRequest& request) {
    const int count = requests++ == 0 ? 300 : 150;
    const int offset = std::stoi(query_value(request.url, "offset"));
    Json items = Json::array();
    for (int i = offset; i < std::min(count, offset + 100); ++i) items.push_back({{"id", "x"}});
    return ok_response({{"total", count}, {"workflows", items}});
  });
  const Client client = testing::make_client(transport);
  ListWorkflowsRequest request;
  request.limit = 100;
  EXPECT_EQ(ids_of(all_workflows(client.workflows(), request)).size(), 150u);
  EXPECT_EQ(transport->request_count(), 2u);
}

TEST(PaginationTest, WithoutTotalAShortPageIsTheLast) {
  auto transport = std::make_shared<RecordingTransport>([](const HttpRequest& request) {
    const int page = std::stoi(query_value(request.url, "page_num"));
    Json jobs = Json::array();
    for (int i = 0; i < (page < 3 ? 10 : 4); ++i) {
      jobs.push_back({{"id", "j" + std::to_string(page * 100 + i)}});
    }
    return ok_response({{"jobs", jobs}});
  });
  const Client client = testing::make_client(transport);
  ListJobsRequest request;
  request.page_size = 10;
  int count = 0;
  for (const auto& job : all_jobs(client.jobs(), request)) count += job.id ? 1 : 0;
  EXPECT_EQ(count, 24);
  EXPECT_EQ(transport->request_count(), 3u);
}

TEST(PaginationTest, JobFilesUseFileTotalAndKeepStatusFilter) {
  auto transport = std::make_shared<RecordingTransport>([](const HttpRequest& request) {
    EXPECT_NE(request.url.find("/workflow_job/job%201/files?"), std::string::npos);
    EXPECT_NE(request.url.find("statuses=3"), std::string::npos);
    const int page = std::stoi(query_value(request.url, "page_num"));
    Json files = Json::array();
    for (int i = 0; i < (page == 1 ? 2 : 1); ++i) files.push_back({{"id", "f"}});
    // file_total counts the filtered files (3); total counts them all (50).
    return ok_response({{"files", files}, {"file_total", 3}, {"total", 50}});
  });
  const Client client = testing::make_client(transport);
  ListJobFilesRequest request;
  request.page_size = 2;
  request.statuses = {JobFileStatus{3}};
  int count = 0;
  for (const auto& file : all_job_files(client.jobs(), "job 1", request)) count += file.id ? 1 : 0;
  EXPECT_EQ(count, 3);
  EXPECT_EQ(transport->request_count(), 2u);
}

TEST(PaginationTest, ExportListsPageThroughTheBody) {
  auto transport = std::make_shared<RecordingTransport>([](const HttpRequest& request) {
    const Json body = Json::parse(request.body);
    const int offset = body.at("offset");
    EXPECT_EQ(body.at("creator"), "admin");
    Json tasks = Json::array();
    for (int i = offset; i < std::min(25, offset + 10); ++i)
      tasks.push_back({{"id", std::to_string(i)}});
    return ok_response({{"tasks", tasks}, {"total", 25}});
  });
  const Client client = testing::make_client(transport);
  ListExportTasksRequest request;
  request.limit = 10;
  request.creator = "admin";
  std::vector<std::string> ids;
  for (const auto& task : all_export_tasks(client.exports(), request)) ids.push_back(*task.id);
  EXPECT_EQ(ids.size(), 25u);
  EXPECT_EQ(ids.back(), "24");
  EXPECT_EQ(transport->request_count(), 3u);
}

TEST(PaginationTest, CancellationStopsBeforeTheNextPage) {
  auto transport = workflow_server(1000);
  const Client client = testing::make_client(transport);
  CancellationToken token;
  CallOptions options;
  options.should_abort = token.abort_check();
  ListWorkflowsRequest request;
  request.limit = 100;
  int seen = 0;
  try {
    for (const auto& item : all_workflows(client.workflows(), request, options)) {
      (void)item;
      if (++seen == 150) token.cancel();
    }
    FAIL() << "expected CancelledError";
  } catch (const CancelledError&) {
  }
  EXPECT_EQ(seen, 200);  // the second page is finished, the third never fetched
  EXPECT_EQ(transport->request_count(), 2u);
}

TEST(PaginationTest, RangeStartsAtTheCallersOffset) {
  auto transport = workflow_server(250);
  const Client client = testing::make_client(transport);
  ListWorkflowsRequest request;
  request.offset = 200;
  request.limit = 100;
  const auto ids = ids_of(all_workflows(client.workflows(), request));
  ASSERT_EQ(ids.size(), 50u);
  EXPECT_EQ(ids.front(), "w200");
  EXPECT_EQ(transport->request_count(), 1u);
}

// Newest first while items are added: as many new items as a page push the old first page
// onto the second. That repeat is progress (the total grew), not a service ignoring the offset.
TEST(PaginationTest, ARepeatedPageIsAcceptedWhenTheTotalGrew) {
  auto transport = std::make_shared<RecordingTransport>([](const HttpRequest& request) {
    const int offset = std::stoi(query_value(request.url, "offset"));
    Json workflows = Json::array();
    std::int64_t total = 4;
    if (offset == 0) {
      workflows = {{{"id", "old-1"}}, {{"id", "old-2"}}};
    } else if (offset == 2) {
      workflows = {{{"id", "old-1"}}, {{"id", "old-2"}}};  // 2 new items shifted the pages
      total = 6;
    } else {
      workflows = {{{"id", "old-3"}}, {{"id", "old-4"}}};
      total = 6;
    }
    return ok_response({{"workflows", workflows}, {"total", total}});
  });
  const Client client = testing::make_client(transport);
  ListWorkflowsRequest request;
  request.limit = 2;
  std::vector<std::string> ids;
  for (const auto& item : all_workflows(client.workflows(), request)) ids.push_back(*item.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"old-1", "old-2", "old-1", "old-2", "old-3", "old-4"}));
  EXPECT_EQ(transport->request_count(), 3u);
}

}  // namespace
}  // namespace moi
