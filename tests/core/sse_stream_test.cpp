// SPDX-License-Identifier: Apache-2.0
// Server-sent events through the real libcurl transport and the request runner's run_stream:
// a raw loopback server writes the stream byte by byte (or stalls, or cuts it), and the
// events must arrive as the parser would see them whole, each as soon as it is complete; the
// idle timeout, deadline and cancellation apply, the whole-call timeout does not, and nothing
// is retried once the stream began.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "core/client_access.hpp"
#include "core/event_stream.hpp"
#include "moi/client.hpp"
#include "support/raw_server.hpp"

namespace moi {
namespace {

using namespace std::chrono_literals;
using testing::RawServer;
using Clock = std::chrono::steady_clock;

constexpr const char* kKey = "sk-sse-SECRET-42";
const std::string kHead =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
    "Connection: close\r\n\r\n";

struct SseStreamTest : ::testing::Test {
  std::vector<SseEvent> events;

  void run(const RawServer& server, CallOptions call_options = {}, SseOptions sse = {},
           int max_attempts = 4, std::chrono::milliseconds timeout = 5s, bool bare = true) {
    ClientOptions options;
    options.base_url = server.base_url();
    options.api_key = kKey;
    options.timeout = timeout;
    options.retry.max_attempts = max_attempts;
    options.retry.sleeper = [](std::chrono::milliseconds) {};
    Client client(options);
    detail::ApiCall call;
    call.method = "POST";
    call.path = "/stream";
    call.root = detail::ServiceRoot::kHost;
    call.body = nlohmann::json{{"q", 1}};
    call.bare_answer = bare;
    detail::run_event_stream(*detail::ClientAccess::runner(client), call, call_options, sse,
                             [this](SseEvent& e) { events.push_back(e); });
  }
};

std::vector<std::string> head_then_bytes(const std::string& body) {
  std::vector<std::string> pieces{kHead};
  for (auto& b : RawServer::bytes_of(body)) pieces.push_back(std::move(b));
  return pieces;
}

const std::string kBody =
    ": hello\r\nevent: a\r\nid: 1\r\ndata: {\"n\":1}\r\n\r\n"
    "data: two\rdata: lines\r\r"
    "event: end\ndata: [DONE]";  // the last event has no blank line

TEST_F(SseStreamTest, ByteByByteStreamGivesTheEventsOfTheWholeBody) {
  RawServer server(head_then_bytes(kBody), 200us, RawServer::Then::kClose);
  run(server);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event, "a");
  EXPECT_EQ(events[0].id, "1");
  EXPECT_EQ(events[0].data, "{\"n\":1}");
  EXPECT_EQ(events[1].data, "two\nlines");
  EXPECT_EQ(events[2].event, "end");
  EXPECT_EQ(events[2].data, "[DONE]");
}

TEST_F(SseStreamTest, AnEventArrivesBeforeTheRestOfTheStream) {
  RawServer server({kHead + "data: first\n\n", "data: second\n\n"}, 2000ms,
                   RawServer::Then::kClose);
  const auto started = Clock::now();
  std::chrono::milliseconds first_at{-1};
  ClientOptions options;
  options.base_url = server.base_url();
  options.api_key = kKey;
  Client client(options);
  detail::ApiCall call;
  call.method = "GET";
  call.path = "/stream";
  call.root = detail::ServiceRoot::kHost;
  call.bare_answer = true;
  detail::run_event_stream(*detail::ClientAccess::runner(client), call, {}, {},
                           [&](SseEvent& e) {
                             if (e.data == "first") {
                               first_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   Clock::now() - started);
                             }
                             events.push_back(e);
                           });
  ASSERT_EQ(events.size(), 2u);
  EXPECT_GE(first_at.count(), 0);
  EXPECT_LT(first_at.count(), 1300) << "the first event waited for the second";
}

TEST_F(SseStreamTest, TheTimeoutBoundsIdlenessNotTheWholeStream) {
  // 60 bytes, one every 30 ms: about 1.8 s in all, never idle for 1 s.
  RawServer server(head_then_bytes(std::string("data: ") + std::string(50, 'x') + "\n\n"), 30ms,
                   RawServer::Then::kClose);
  run(server, {}, {}, 1, 1000ms);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, std::string(50, 'x'));
}

TEST_F(SseStreamTest, AStalledStreamFailsWithTimeoutAfterTheEventsBeforeIt) {
  RawServer server({kHead + "data: one\n\n"}, 0us, RawServer::Then::kStall);
  const auto started = Clock::now();
  EXPECT_THROW(run(server, {}, {}, 4, 300ms), TimeoutError);
  EXPECT_LT(Clock::now() - started, 3s);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(server.connections(), 1) << "a stream that began is never retried";
}

TEST_F(SseStreamTest, TheDeadlineBoundsTheWholeStream) {
  RawServer server({kHead + "data: one\n\n"}, 0us, RawServer::Then::kStall);
  CallOptions call_options;
  call_options.deadline = Clock::now() + 400ms;
  const auto started = Clock::now();
  EXPECT_THROW(run(server, call_options, {}, 4, 30s), TimeoutError);
  EXPECT_LT(Clock::now() - started, 3s);
}

TEST_F(SseStreamTest, CancellationStopsAStalledStreamPromptly) {
  RawServer server({kHead + "data: one\n\n"}, 0us, RawServer::Then::kStall);
  std::atomic<bool> cancel{false};
  CallOptions call_options;
  call_options.should_abort = [&cancel] { return cancel.load(); };
  ClientOptions options;
  options.base_url = server.base_url();
  options.api_key = kKey;
  options.timeout = 30s;
  Client client(options);
  detail::ApiCall call;
  call.method = "GET";
  call.path = "/stream";
  call.root = detail::ServiceRoot::kHost;
  call.bare_answer = true;
  Clock::time_point cancelled_at{};
  EXPECT_THROW(detail::run_event_stream(*detail::ClientAccess::runner(client), call,
                                        call_options, {},
                                        [&](SseEvent&) {
                                          cancelled_at = Clock::now();
                                          cancel = true;
                                        }),
               CancelledError);
  EXPECT_LT(Clock::now() - cancelled_at, 1s);
}

TEST_F(SseStreamTest, ACutAfterTheFirstEventIsNotRetried) {
  RawServer server({kHead + "data: one\n\ndata: tw"}, 0us, RawServer::Then::kReset);
  EXPECT_THROW(run(server), TransportError);
  EXPECT_EQ(events.size(), 1u);
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(SseStreamTest, AConnectionClosedBetweenTheHalvesOfACrlfEndsTheLastEvent) {
  RawServer server(head_then_bytes("data: one\r\n\r\ndata: two\r"), 100us,
                   RawServer::Then::kClose);
  run(server);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].data, "two");
}

TEST_F(SseStreamTest, AnOversizedEventFailsWithTheLimitNamed) {
  RawServer server({kHead + "data: " + std::string(5000, 'y') + "\n\n"}, 0us,
                   RawServer::Then::kClose);
  SseOptions sse;
  sse.max_event_bytes = 1024;
  try {
    run(server, {}, sse);
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("larger than the limit of 1024 bytes"),
              std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(events.empty());
}

TEST_F(SseStreamTest, AnHtmlAnswerIsAnErrorNotAStream) {
  RawServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html>hi</html>",
      RawServer::Then::kClose);
  EXPECT_THROW(run(server), DecodeError);
  EXPECT_TRUE(events.empty());
}

TEST_F(SseStreamTest, AnErrorStatusIsAnHttpErrorWithTheProxyMessageOnOneLine) {
  const std::string body =
      "{\"error\":{\"message\":\"model nope\\nnot found sk-sse-SECRET-42\",\"type\":\"invalid\"}}";
  RawServer server(
      "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\n"
      "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
      RawServer::Then::kClose);
  try {
    run(server, {}, {}, 1);
    FAIL() << "no error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 404);
    EXPECT_EQ(error.detail(), "model nope\\nnot found [REDACTED]");
    EXPECT_EQ(error.service_code(), "invalid");
  }
  EXPECT_TRUE(events.empty());
}

}  // namespace
}  // namespace moi
