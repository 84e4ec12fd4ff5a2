// SPDX-License-Identifier: Apache-2.0
// The request runner through the real libcurl transport against a loopback server.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "core/client_access.hpp"
#include "core/request_runner.hpp"
#include "moi/client.hpp"
#include "moi/version.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using detail::ApiCall;
using detail::Idempotency;
using testing::CannedResponse;
using testing::TestServer;
using namespace std::chrono_literals;

constexpr const char* kKey = "sk-test-SECRET-0123456789";

struct RunnerTest : ::testing::Test {
  TestServer server;
  std::vector<std::chrono::milliseconds> sleeps;
  std::mutex sleeps_mutex;

  ClientOptions options() {
    ClientOptions options;
    options.base_url = server.base_url();
    options.api_key = kKey;
    options.timeout = 5s;
    options.retry.jitter_seed = 42;
    options.retry.sleeper = [this](std::chrono::milliseconds d) {
      std::lock_guard<std::mutex> lock(sleeps_mutex);
      sleeps.push_back(d);
    };
    return options;
  }

  static ApiCall get(std::string path) {
    ApiCall call;
    call.method = "GET";
    call.path = std::move(path);
    return call;
  }

  static ApiCall create(std::string path) {
    ApiCall call;
    call.method = "POST";
    call.path = std::move(path);
    call.body = nlohmann::json{{"name", "x"}};
    call.idempotency = Idempotency::kUnsafe;
    return call;
  }

  nlohmann::json run(const ApiCall& call, ClientOptions opts, CallOptions call_options = {}) {
    Client client(std::move(opts));
    nlohmann::json out = "untouched";
    detail::ClientAccess::runner(client)->run(call, call_options,
                                              [&out](const nlohmann::json& data) { out = data; });
    return out;
  }
  nlohmann::json run(const ApiCall& call) { return run(call, options()); }
};

CannedResponse body(int status, std::string text, std::string type = "application/json") {
  CannedResponse response;
  response.status = status;
  response.body = std::move(text);
  response.content_type = std::move(type);
  return response;
}

// ---- headers and URL ----------------------------------------------------------------------

TEST_F(RunnerTest, SendsAuthUserAgentAcceptAndRequestIdHeaders) {
  run(get("/workflow_job/j1/status"));
  const auto request = server.last_request();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.path, "/byoa/api/v1/workflow_job/j1/status");
  EXPECT_EQ(request.header("moi-key"), kKey);
  EXPECT_EQ(request.header("User-Agent"), std::string("moi-cpp/") + version());
  EXPECT_EQ(request.header("Accept"), "application/json");
  const std::string id = request.header("X-Request-ID");
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');                            // UUID version 4
  EXPECT_FALSE(request.has_header("Content-Type"));  // no body, no content type
  EXPECT_TRUE(request.body.empty());
}

TEST_F(RunnerTest, CallerRequestIdAndUserAgentSuffixAreSent) {
  auto opts = options();
  opts.user_agent_suffix = "my-app/2.0";
  CallOptions call;
  call.request_id = "trace-123";
  run(get("/x"), opts, call);
  const auto request = server.last_request();
  EXPECT_EQ(request.header("X-Request-ID"), "trace-123");
  EXPECT_EQ(request.header("User-Agent"), std::string("moi-cpp/") + version() + " my-app/2.0");
}

TEST_F(RunnerTest, JsonBodyIsSentWithContentType) {
  ApiCall call = create("/workflow_meta");
  call.body = nlohmann::json{{"name", "工作流"}, {"n", 1889223879880048640ULL}};
  run(call);
  const auto request = server.last_request();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  EXPECT_EQ(request.body, R"({"n":1889223879880048640,"name":"工作流"})");
}

TEST_F(RunnerTest, BodylessPutSendsNoFormContentType) {
  ApiCall call = get("/workflow_meta/w1/stop");
  call.method = "PUT";
  run(call);
  const auto request = server.last_request();
  EXPECT_EQ(request.method, "PUT");
  EXPECT_FALSE(request.has_header("Content-Type"));
  EXPECT_EQ(request.header("Content-Length"), "0");
}

TEST_F(RunnerTest, QueryArraysRepeatKeysAndBooleansAreWords) {
  ApiCall call = get("/workflow_job/j/files");
  call.query.add("page_num", std::int64_t{2});
  call.query.add_each("statuses", std::vector<int>{2, 3});
  call.query.add_bool("delete_data", true);
  call.query.add("name_search", "a b&c=d/é");
  run(call);
  const auto request = server.last_request();
  const std::multiset<std::pair<std::string, std::string>> expected{{"page_num", "2"},
                                                                    {"statuses", "2"},
                                                                    {"statuses", "3"},
                                                                    {"delete_data", "true"},
                                                                    {"name_search", "a b&c=d/é"}};
  EXPECT_EQ(request.query, expected);
}

TEST_F(RunnerTest, BaseUrlPathPrefixIsKept) {
  auto opts = options();
  opts.base_url = server.base_url() + "/gateway/moi/";
  run(get("/workflow_meta"), opts);
  EXPECT_EQ(server.last_request().path, "/gateway/moi/byoa/api/v1/workflow_meta");
}

// ---- envelope -------------------------------------------------------------------------------

TEST_F(RunnerTest, LowerCaseOkSucceeds) {
  server.set_default(body(200, R"({"code":"ok","msg":"ok","data":{"a":1}})"));
  EXPECT_EQ(run(get("/x")), (nlohmann::json{{"a", 1}}));
}

TEST_F(RunnerTest, UpperCaseOkSucceeds) {
  server.set_default(body(200, R"({"code":"OK","msg":"OK","data":[1,2],"request_id":"r"})"));
  EXPECT_EQ(run(get("/x")), nlohmann::json::parse("[1,2]"));
}

TEST_F(RunnerTest, AbsentCodeSucceeds) {
  server.set_default(body(200, R"({"data":"v"})"));
  EXPECT_EQ(run(get("/x")), "v");
}

TEST_F(RunnerTest, NullDataSucceedsAsNull) {
  server.set_default(body(200, R"({"code":"ok","msg":"ok","data":null})"));
  EXPECT_TRUE(run(get("/x")).is_null());
}

TEST_F(RunnerTest, AbsentDataSucceedsAsNull) {
  server.set_default(body(200, R"({"code":"ok","msg":"ok"})"));
  EXPECT_TRUE(run(get("/x")).is_null());
}

TEST_F(RunnerTest, EmptyBodyWith204SucceedsAsNull) {
  server.set_default(body(204, "", ""));
  ApiCall call = get("/workflow_meta/w");
  call.method = "DELETE";
  EXPECT_TRUE(run(call).is_null());
}

TEST_F(RunnerTest, NonOkCodeIsServiceErrorWithCodeMessageAndRequestId) {
  server.set_default(
      body(200, R"({"code":"WorkflowNotFound","msg":"no such workflow","request_id":"req-9"})"));
  try {
    run(get("/x"));
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kService);
    EXPECT_EQ(error.code(), "WorkflowNotFound");
    EXPECT_EQ(error.service_message(), "no such workflow");
    EXPECT_EQ(error.request_id(), "req-9");
    EXPECT_EQ(error.http_status(), 200);
    EXPECT_FALSE(error.retryable());
    EXPECT_STREQ(error.what(),
                 "service error WorkflowNotFound: no such workflow (HTTP 200) (request id req-9)");
  }
}

TEST_F(RunnerTest, ServerRequestIdHeaderWinsOverSentOne) {
  auto response = body(200, R"({"code":"Denied","msg":"no"})");
  response.headers.emplace_back("X-Request-ID", "server-id-1");
  server.set_default(response);
  try {
    run(get("/x"));
    FAIL();
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.request_id(), "server-id-1");
  }
}

TEST_F(RunnerTest, Validation422NamesTheOffendingFields) {
  server.set_default(body(422, R"({"detail":[
      {"loc":["body","name"],"msg":"Field required","type":"missing"},
      {"loc":["body","process_mode","interval"],"msg":"Input should be a valid integer",
       "type":"int_parsing"}]})"));
  CallOptions call;
  call.request_id = "trace-422";
  try {
    run(create("/workflow_meta"), options(), call);
    FAIL();
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 422);
    ASSERT_EQ(error.field_errors().size(), 2u);
    EXPECT_EQ(error.field_errors()[0].location, "body.name");
    EXPECT_EQ(error.field_errors()[0].message, "Field required");
    EXPECT_EQ(error.field_errors()[0].type, "missing");
    EXPECT_EQ(error.field_errors()[1].location, "body.process_mode.interval");
    EXPECT_FALSE(error.retryable());
    EXPECT_STREQ(error.what(),
                 "HTTP 422: validation failed: body.name: Field required; "
                 "body.process_mode.interval: Input should be a valid integer "
                 "(request id trace-422)");
  }
}

TEST_F(RunnerTest, StringDetail404IsReadable) {
  server.set_default(body(404, R"({"detail":"Workflow not found"})"));
  try {
    run(get("/workflow_meta/nope"));
    FAIL();
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 404);
    EXPECT_EQ(error.detail(), "Workflow not found");
    // Without a server X-Request-ID the error carries the id the SDK sent.
    const std::string sent = server.last_request().header("X-Request-ID");
    ASSERT_EQ(sent.size(), 36u);
    EXPECT_EQ(error.request_id(), sent);
    EXPECT_EQ(std::string(error.what()), "HTTP 404: Workflow not found (request id " + sent + ")");
    EXPECT_FALSE(error.retryable());
  }
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(RunnerTest, HtmlGatewayPageIsHttpErrorWithExcerpt) {
  auto opts = options();
  opts.retry.max_attempts = 1;
  server.set_default(body(502,
                          "<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body>"
                          "</html>",
                          "text/html"));
  try {
    run(get("/x"), opts);
    FAIL();
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 502);
    EXPECT_TRUE(error.retryable());
    EXPECT_NE(error.detail().find("non-JSON response (text/html)"), std::string::npos);
    EXPECT_NE(error.body_excerpt().find("502 Bad Gateway"), std::string::npos);
    EXPECT_EQ(error.body_excerpt().find('\n'), std::string::npos);
  }
}

TEST_F(RunnerTest, RedirectIsNotFollowed) {
  auto response = body(302, "");
  response.headers.emplace_back("Location", "http://evil.example/steal");
  server.set_default(response);
  try {
    run(get("/x"));
    FAIL();
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 302);
    EXPECT_NE(error.detail().find("not followed"), std::string::npos);
  }
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(RunnerTest, MalformedJsonIsDecodeError) {
  server.set_default(body(200, R"({"code":"ok","data":{"a":1,}})"));
  try {
    run(get("/x"));
    FAIL();
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "");
    EXPECT_NE(error.problem().find("not valid JSON"), std::string::npos);
    EXPECT_EQ(error.http_status(), 200);
    EXPECT_FALSE(error.retryable());
  }
}

TEST_F(RunnerTest, TruncatedJsonIsDecodeError) {
  server.set_default(body(200, R"({"code":"ok","msg":"ok","data":{"jobs":[{"id":"a")"));
  EXPECT_THROW(run(get("/x")), DecodeError);
}

TEST_F(RunnerTest, NonObjectEnvelopeAndWrongCodeTypeAreDecodeErrors) {
  server.enqueue(body(200, "[1,2,3]"));
  EXPECT_THROW(run(get("/x")), DecodeError);
  server.enqueue(body(200, R"({"code":0,"data":1})"));
  try {
    run(get("/x"));
    FAIL();
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "code");
  }
}

TEST_F(RunnerTest, HtmlWith200IsDecodeError) {
  server.set_default(body(200, "<html>maintenance</html>", "text/html"));
  EXPECT_THROW(run(get("/x")), DecodeError);
}

TEST_F(RunnerTest, DeeplyNestedJsonIsRejectedBeforeParsing) {
  server.set_default(body(200, std::string(100000, '[') + std::string(100000, ']')));
  try {
    run(get("/x"));
    FAIL();
  } catch (const DecodeError& error) {
    EXPECT_NE(error.problem().find("nested deeper"), std::string::npos);
  }
}

TEST_F(RunnerTest, DecoderFailuresArePrefixedWithData) {
  server.set_default(testing::canned_ok(nlohmann::json{{"jobs", {{{"status", "x"}}}}}));
  Client client(options());
  try {
    detail::ClientAccess::runner(client)->run(get("/x"), {}, [](const nlohmann::json&) {
      throw DecodeError("jobs[0].status", "expected an integer, got string");
    });
    FAIL();
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "data.jobs[0].status");
    EXPECT_EQ(error.http_status(), 200);
    EXPECT_FALSE(error.request_id().empty());
    EXPECT_NE(std::string(error.what()).find("at data.jobs[0].status: expected an integer"),
              std::string::npos);
  }
}

TEST_F(RunnerTest, ResponseLargerThanLimitIsTransportError) {
  auto opts = options();
  opts.max_response_bytes = 1000;
  server.set_default(testing::canned_ok(std::string(5000, 'x')));
  try {
    run(get("/x"), opts);
    FAIL();
  } catch (const TransportError& error) {
    EXPECT_NE(std::string(error.what()).find("1000-byte limit"), std::string::npos);
    EXPECT_FALSE(error.retryable());
  }
}

// ---- retries --------------------------------------------------------------------------------

TEST_F(RunnerTest, ServiceUnavailableThenOkSucceedsAfterTwoAttempts) {
  server.enqueue(body(503, R"({"detail":"busy"})"));
  server.enqueue(testing::canned_ok(nlohmann::json{{"status", 2}}));
  EXPECT_EQ(run(get("/x")), (nlohmann::json{{"status", 2}}));
  EXPECT_EQ(server.request_count(), 2u);
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_LE(sleeps[0], 200ms);  // full jitter within the first bound
}

TEST_F(RunnerTest, RetryAfterSecondsIsHonouredOnTheInjectedSleeper) {
  auto limited = body(429, R"({"detail":"slow down"})");
  limited.headers.emplace_back("Retry-After", "2");
  server.enqueue(limited);
  server.enqueue(testing::canned_ok());
  run(get("/x"));
  EXPECT_EQ(server.request_count(), 2u);
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_EQ(sleeps[0], 2000ms);
}

TEST_F(RunnerTest, RetryAfterHttpDateUsesTheInjectedClock) {
  auto opts = options();
  // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 s after the epoch; the clock says 5 s earlier.
  opts.retry.clock = [] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(784111772));
  };
  auto limited = body(503, R"({"detail":"maintenance"})");
  limited.headers.emplace_back("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT");
  server.enqueue(limited);
  server.enqueue(testing::canned_ok());
  run(get("/x"), opts);
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_EQ(sleeps[0], 5000ms);
}

TEST_F(RunnerTest, LargeRetryAfterIsCapped) {
  auto opts = options();
  opts.retry.max_retry_after = 30s;
  auto limited = body(429, "{}");
  limited.headers.emplace_back("Retry-After", "86400");
  server.enqueue(limited);
  server.enqueue(testing::canned_ok());
  run(get("/x"), opts);
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_EQ(sleeps[0], 30000ms);
}

TEST_F(RunnerTest, ServerErrorStormStopsAtTheAttemptBound) {
  server.set_default(body(500, R"({"detail":"boom"})"));
  auto opts = options();
  opts.retry.max_attempts = 5;
  opts.retry.initial_backoff = 100ms;
  opts.retry.max_backoff = 250ms;
  EXPECT_THROW(run(get("/x"), opts), HttpError);
  EXPECT_EQ(server.request_count(), 5u);
  ASSERT_EQ(sleeps.size(), 4u);
  for (auto d : sleeps) EXPECT_LE(d, 250ms);
}

TEST_F(RunnerTest, CreateAnswered503IsSentExactlyOnce) {
  server.set_default(body(503, R"({"detail":"busy"})"));
  EXPECT_THROW(run(create("/workflow_meta")), HttpError);
  EXPECT_EQ(server.request_count(), 1u);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(RunnerTest, CreateIsRetriedWhenTheCallerOptsIn) {
  server.enqueue(body(503, R"({"detail":"busy"})"));
  server.enqueue(testing::canned_ok());
  CallOptions call;
  call.retry_non_idempotent = true;
  run(create("/workflow_meta"), options(), call);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(RunnerTest, ClientErrorsAreNotRetried) {
  server.set_default(body(400, R"({"detail":"bad"})"));
  EXPECT_THROW(run(get("/x")), HttpError);
  EXPECT_EQ(server.request_count(), 1u);
}

// ---- transport failures ---------------------------------------------------------------------

TEST_F(RunnerTest, ConnectionRefusedIsRetryableTransportError) {
  auto opts = options();
  server.stop();  // nothing listens on that port any more
  opts.retry.max_attempts = 2;
  const auto started = std::chrono::steady_clock::now();
  try {
    run(get("/x"), opts);
    FAIL();
  } catch (const TimeoutError&) {
    FAIL() << "expected a connect failure, not a timeout";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kTransport);
    EXPECT_EQ(error.curl_code(), 7);  // CURLE_COULDNT_CONNECT
    EXPECT_TRUE(error.retryable());
    EXPECT_FALSE(error.outcome_unknown());
    EXPECT_NE(std::string(error.what()).find("cannot connect"), std::string::npos);
  }
  EXPECT_EQ(sleeps.size(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST_F(RunnerTest, ServerThatNeverAnswersTimesOutWithinTheBound) {
  auto response = testing::canned_ok();
  response.stall = true;
  server.set_default(response);
  auto opts = options();
  opts.timeout = 300ms;
  opts.retry.max_attempts = 2;
  const auto started = std::chrono::steady_clock::now();
  try {
    run(get("/x"), opts);
    FAIL();
  } catch (const TimeoutError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kTimeout);
    EXPECT_EQ(error.curl_code(), 28);  // CURLE_OPERATION_TIMEDOUT
    EXPECT_TRUE(error.outcome_unknown());
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, 600ms);  // two attempts of 300 ms
  EXPECT_LT(elapsed, 3s);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(RunnerTest, TimedOutCreateSaysTheOutcomeIsUnknownAndIsNotRepeated) {
  auto response = testing::canned_ok();
  response.stall = true;
  server.set_default(response);
  auto opts = options();
  opts.timeout = 200ms;
  try {
    run(create("/workflow_meta"), opts);
    FAIL();
  } catch (const TimeoutError& error) {
    EXPECT_TRUE(error.outcome_unknown());
    EXPECT_NE(std::string(error.what()).find("outcome unknown"), std::string::npos);
    EXPECT_FALSE(error.request_id().empty());
  }
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(RunnerTest, AbortCallbackCancelsAnInFlightRequest) {
  auto response = testing::canned_ok();
  response.stall = true;
  server.set_default(response);
  std::atomic<bool> cancel{false};
  CallOptions call;
  call.should_abort = [&cancel] { return cancel.load(); };
  std::thread canceller([&cancel] {
    std::this_thread::sleep_for(100ms);
    cancel = true;
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(run(get("/x"), options(), call), CancelledError);
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

// ---- connections and threads ----------------------------------------------------------------

TEST_F(RunnerTest, HundredSequentialCallsUseOneConnection) {
  Client client(options());
  for (int i = 0; i < 100; ++i) detail::ClientAccess::runner(client)->run_void(get("/x"), {});
  EXPECT_EQ(server.request_count(), 100u);
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(RunnerTest, EightThreadsShareOneClientForThousandCalls) {
  server.set_default(testing::canned_ok(nlohmann::json{{"status", 2}}));
  Client client(options());
  std::atomic<int> errors{0};
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 125; ++i) {
        try {
          detail::ClientAccess::runner(client)->run(get("/workflow_job/j/status"), {},
                                                    [&](const nlohmann::json& d) {
                                                      if (d.at("status") == 2) ++successes;
                                                    });
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(successes.load(), 1000);
  EXPECT_EQ(server.request_count(), 1000u);
  EXPECT_LE(server.connection_count(), 8u);
}

// ---- the API key never leaks ----------------------------------------------------------------

TEST_F(RunnerTest, NoErrorMessageOrLogLineContainsTheApiKey) {
  std::vector<std::string> texts;
  std::mutex texts_mutex;
  auto opts = options();
  opts.retry.max_attempts = 2;
  opts.timeout = 300ms;
  opts.logger = [&](LogLevel, const std::string& line) {
    std::lock_guard<std::mutex> lock(texts_mutex);
    texts.push_back(line);
  };
  const std::string echo = std::string("invalid key ") + kKey;
  std::vector<CannedResponse> hostile = {
      body(200, nlohmann::json{{"code", echo}, {"msg", echo}}.dump()),
      body(401, nlohmann::json{{"detail", echo}}.dump()),
      body(422,
           nlohmann::json{{"detail", {{{"loc", {"header", "moi-key"}}, {"msg", echo}}}}}.dump()),
      body(503, "<html>" + echo + "</html>", "text/html"),
      body(200, "{\"code\":\"ok\",\"data\":" + echo),
      body(400, nlohmann::json{{"code", "BadKey"}, {"msg", echo}}.dump()),
  };
  {
    Client client(opts);
    for (const auto& response : hostile) {
      server.set_default(response);
      try {
        detail::ClientAccess::runner(client)->run_void(get("/x"), {});
        ADD_FAILURE() << "expected an error for " << response.body;
      } catch (const HttpError& error) {
        texts.push_back(error.what());
        texts.push_back(error.detail());
        texts.push_back(error.body_excerpt());
        texts.push_back(error.service_code());
        for (const auto& field : error.field_errors()) texts.push_back(field.message);
      } catch (const ServiceError& error) {
        texts.push_back(error.what());
        texts.push_back(error.code());
        texts.push_back(error.service_message());
      } catch (const Error& error) {
        texts.push_back(error.what());
      }
    }
  }  // the client closes its keep-alive connection here, so stop() need not wait for it
  server.stop();
  try {
    detail::ClientAccess::runner(Client(opts))->run_void(get("/x"), {});
  } catch (const Error& error) {
    texts.push_back(error.what());
  }
  try {
    ClientOptions bad = opts;
    bad.api_key = std::string(kKey) + "\r\nX-Injected: 1";
    Client rejected(bad);
  } catch (const Error& error) {
    texts.push_back(error.what());
  }
  ASSERT_GT(texts.size(), 20u);
  for (const auto& text : texts) {
    EXPECT_EQ(text.find(kKey), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace moi
