// SPDX-License-Identifier: Apache-2.0
// Issue 15 behaviour changes in the request path: creates retried when nothing was sent, a
// per-call attempt count, one shape for every log line, MOI_LOG_LEVEL, custom transport errors
// not sliced, and the request id of an error without a server id.

#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "moi/client.hpp"
#include "moi/testing/recording_transport.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::CannedResponse;
using testing::RecordingTransport;
using testing::TestServer;

struct CapturedLog {
  std::mutex mutex;
  std::vector<std::pair<LogLevel, std::string>> lines;
  Logger logger() {
    return [this](LogLevel level, const std::string& line) {
      std::lock_guard<std::mutex> lock(mutex);
      lines.emplace_back(level, line);
    };
  }
};

WorkflowRequest minimal_workflow() {
  WorkflowRequest request;
  request.name = "wf";
  request.source_volume_ids = {"1"};
  request.target_volume_id = "2";
  return request;
}

CannedResponse busy() {
  CannedResponse response;
  response.status = 503;
  response.body = R"({"detail":"busy"})";
  return response;
}

// ---- item 8: creates are retried when the failure proves nothing was sent ---------------

TEST(ApiReviewTest, CreateIsRetriedWhenTheConnectionWasRefused) {
  int refusals = 2;
  auto transport = std::make_shared<RecordingTransport>([&refusals](const HttpRequest&) {
    if (refusals-- > 0) {
      // What the libcurl transport throws for a refused connection: retryable, not sent.
      throw TransportError("POST x: cannot connect: Couldn't connect to server", 7, true, false);
    }
    return testing::ok_response({{"id", "wf-1"}});
  });
  const Client client = testing::make_client(transport, 4);
  EXPECT_EQ(client.workflows().create(minimal_workflow()).id, "wf-1");
  EXPECT_EQ(transport->request_count(), 3u);
}

TEST(ApiReviewTest, CreateIsRetriedOverARealRefusedConnection) {
  // A port nobody listens on: every attempt is refused, so all 3 are made.
  TestServer server;
  const std::string base_url = server.base_url();
  server.stop();
  CapturedLog log;
  ClientOptions options;
  options.base_url = base_url;
  options.api_key = "k";
  options.retry.max_attempts = 3;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  options.logger = log.logger();
  const Client client(options);
  EXPECT_THROW(client.workflows().create(minimal_workflow()), TransportError);
  ASSERT_EQ(log.lines.size(), 3u);
  EXPECT_NE(log.lines[2].second.find("attempt=3/3 curl_error=7"), std::string::npos)
      << log.lines[2].second;
}

TEST(ApiReviewTest, CreateThatMayHaveArrivedIsStillSentOnce) {
  auto transport = std::make_shared<RecordingTransport>([](const HttpRequest&) -> HttpResponse {
    throw TransportError("POST x: connection failed: reset", 56, true, true);
  });
  const Client client = testing::make_client(transport, 4);
  try {
    client.workflows().create(minimal_workflow());
    FAIL();
  } catch (const TransportError& error) {
    EXPECT_TRUE(error.outcome_unknown());
    EXPECT_NE(std::string(error.what()).find("outcome unknown"), std::string::npos);
  }
  EXPECT_EQ(transport->request_count(), 1u);
}

TEST(ApiReviewTest, PerCallMaxAttemptsOverridesTheClients) {
  auto transport = std::make_shared<RecordingTransport>(
      [](const HttpRequest&) { return testing::error_response(503, "busy"); });
  const Client client = testing::make_client(transport, 4);
  CallOptions call;
  call.max_attempts = 2;
  EXPECT_THROW(client.jobs().get_status("j", call), HttpError);
  EXPECT_EQ(transport->request_count(), 2u);
  call.max_attempts = 1;
  EXPECT_THROW(client.jobs().get_status("j", call), HttpError);
  EXPECT_EQ(transport->request_count(), 3u);
  EXPECT_THROW(client.jobs().get_status("j"), HttpError);  // the client's 4
  EXPECT_EQ(transport->request_count(), 7u);
}

// ---- item 9: one shape for every log line; MOI_LOG_LEVEL --------------------------------

TEST(ApiReviewTest, EveryLogLineHasOneShape) {
  TestServer server;
  server.enqueue(busy());
  server.enqueue(testing::canned_ok(nlohmann::json{{"job_id", "j1"}, {"status", 2}}));
  server.enqueue(busy());
  CapturedLog log;
  ClientOptions options;
  options.base_url = server.base_url();
  options.api_key = "k";
  options.retry.max_attempts = 2;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  options.retry.initial_backoff = std::chrono::milliseconds(0);
  options.logger = log.logger();
  const Client client(options);
  CallOptions call;
  call.request_id = "rid-1";
  client.jobs().get_status("j1", call);
  call.max_attempts = 1;
  call.request_id = "rid-2";
  EXPECT_THROW(client.jobs().get_status("j1", call), HttpError);

  ASSERT_EQ(log.lines.size(), 3u);
  const std::regex shape(
      R"(GET /byoa/api/v1/workflow_job/j1/status request_id=rid-\d attempt=\d/\d )"
      R"((status=\d+|curl_error=\d+) elapsed_ms=\d+( retry_in_ms=\d+)?( \(.*\))?)");
  for (const auto& [level, line] : log.lines) {
    EXPECT_TRUE(std::regex_match(line, shape)) << line;
  }
  EXPECT_EQ(log.lines[0].first, LogLevel::kWarning);
  EXPECT_TRUE(std::regex_match(
      log.lines[0].second,
      std::regex(R"(.* request_id=rid-1 attempt=1/2 status=503 elapsed_ms=\d+ retry_in_ms=0 )"
                 R"(\(HTTP 503: busy \(request id rid-1\)\))")))
      << log.lines[0].second;
  EXPECT_EQ(log.lines[1].first, LogLevel::kDebug);
  EXPECT_NE(log.lines[1].second.find("request_id=rid-1 attempt=2/2 status=200"), std::string::npos);
  EXPECT_EQ(log.lines[2].first, LogLevel::kError);
  EXPECT_NE(log.lines[2].second.find("request_id=rid-2 attempt=1/1 status=503"), std::string::npos);
}

class EnvLogLevelTest : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("MOI_LOG_LEVEL"); }
};

TEST_F(EnvLogLevelTest, MoiLogLevelLogsToStderrWithoutCode) {
  TestServer server;
  server.set_default(testing::canned_ok(nlohmann::json{{"job_id", "j1"}, {"status", 2}}));
  ClientOptions options;
  options.base_url = server.base_url();
  options.api_key = "env-log-key";
  setenv("MOI_LOG_LEVEL", "DEBUG", 1);
  const Client client(options);
  CallOptions call;
  call.request_id = "rid-env";
  ::testing::internal::CaptureStderr();
  client.jobs().get_status("j1", call);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_match(
      err, std::regex(R"(moi debug: GET /byoa/api/v1/workflow_job/j1/status request_id=rid-env )"
                      R"(attempt=1/4 status=200 elapsed_ms=\d+\n)")))
      << err;
  EXPECT_EQ(err.find("env-log-key"), std::string::npos);
}

TEST_F(EnvLogLevelTest, WarningLevelHidesDebugLines) {
  TestServer server;
  server.set_default(testing::canned_ok(nlohmann::json{{"job_id", "j1"}, {"status", 2}}));
  ClientOptions options;
  options.base_url = server.base_url();
  options.api_key = "k";
  setenv("MOI_LOG_LEVEL", "warning", 1);
  const Client client(options);
  ::testing::internal::CaptureStderr();
  client.jobs().get_status("j1");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_F(EnvLogLevelTest, UnknownLevelIsRejectedByName) {
  ClientOptions options;
  options.base_url = "http://127.0.0.1:1";
  options.api_key = "k";
  setenv("MOI_LOG_LEVEL", "loud", 1);
  try {
    const Client client(options);
    FAIL();
  } catch (const InvalidArgumentError& error) {
    EXPECT_STREQ(error.what(),
                 "invalid argument: MOI_LOG_LEVEL=\"loud\" is not one of debug, info, warning, "
                 "error");
  }
  // A logger in the options wins: the variable is not read.
  options.logger = [](LogLevel, const std::string&) {};
  EXPECT_NO_THROW(Client{options});
}

// ---- item 3: success metadata -------------------------------------------------------------

TEST(ApiReviewTest, OnSuccessReportsStatusRequestIdAndAttempts) {
  TestServer server;
  server.enqueue(busy());
  CannedResponse ok = testing::canned_ok(nlohmann::json{{"job_id", "j1"}, {"status", 2}});
  ok.headers.emplace_back("X-Request-ID", "server-77");
  server.enqueue(ok);
  server.enqueue(testing::canned_ok(nullptr));
  ClientOptions options;
  options.base_url = server.base_url();
  options.api_key = "k";
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  const Client client(options);
  std::vector<ResponseMetadata> seen;
  CallOptions call;
  call.request_id = "mine-1";
  call.on_success = [&seen](const ResponseMetadata& metadata) { seen.push_back(metadata); };
  client.jobs().get_status("j1", call);
  client.workflows().stop("wf", call);  // data null, no server id
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].http_status, 200);
  EXPECT_EQ(seen[0].request_id, "server-77");
  EXPECT_EQ(seen[0].attempts, 2);
  EXPECT_EQ(seen[1].request_id, "mine-1");
  EXPECT_EQ(seen[1].attempts, 1);
}

TEST(ApiReviewTest, OnSuccessIsNotCalledForAFailedCall) {
  auto transport = std::make_shared<RecordingTransport>(
      [](const HttpRequest&) { return testing::error_response(404, "nope"); });
  const Client client = testing::make_client(transport);
  int calls = 0;
  CallOptions call;
  call.on_success = [&calls](const ResponseMetadata&) { ++calls; };
  EXPECT_THROW(client.jobs().get_status("j", call), HttpError);
  EXPECT_EQ(calls, 0);
}

// ---- item 11: a custom transport's error type survives ------------------------------------

class ProxyDeniedError : public TransportError {
 public:
  ProxyDeniedError() : TransportError("proxy denied", 0, false, false) {}
};

TEST(ApiReviewTest, CustomTransportErrorSubclassIsNotSliced) {
  auto transport = std::make_shared<RecordingTransport>(
      [](const HttpRequest&) -> HttpResponse { throw ProxyDeniedError(); });
  const Client client = testing::make_client(transport, 4);
  EXPECT_THROW(client.jobs().get_status("j"), ProxyDeniedError);
  EXPECT_EQ(transport->request_count(), 1u);  // not retryable: sent once
}

}  // namespace
}  // namespace moi
