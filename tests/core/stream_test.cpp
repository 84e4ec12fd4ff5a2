// SPDX-License-Identifier: Apache-2.0
// Streamed answers (RequestRunner::run_stream over the libcurl transport): chunks reach the
// sink as they arrive, errors are decoded as for other calls, nothing is repeated once a chunk
// was delivered, and idleness rather than length is what the call's timeout bounds.

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/client_access.hpp"
#include "core/request_runner.hpp"
#include "moi/client.hpp"
#include "support/raw_server.hpp"

namespace moi {
namespace {

using namespace std::chrono_literals;
using detail::ApiCall;
using detail::RequestRunner;
using testing::RawServer;

// A cpp-httplib server whose one route is scripted by the test.
class StreamServer {
 public:
  explicit StreamServer(httplib::Server::Handler handler) {
    server_.set_tcp_nodelay(true);
    server_.Get("/byoa/api/v1/stream",
                [this, handler](const httplib::Request& request, httplib::Response& response) {
                  ++requests_;
                  handler(request, response);
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~StreamServer() {
    server_.stop();
    thread_.join();
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> requests_{0};
};

ClientOptions options_for(const std::string& base_url, int attempts = 1) {
  ClientOptions options;
  options.base_url = base_url;
  options.api_key = "stream-test-key";
  options.timeout = 2s;
  options.retry.max_attempts = attempts;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  return options;
}

ApiCall stream_call() {
  ApiCall call;
  call.method = "GET";
  call.path = "/stream";
  return call;
}

bool is_event_stream(const HttpResponse& head) {
  return head.status / 100 == 2 && head.header("content-type").rfind("text/event-stream", 0) == 0;
}

// Writes @p chunks one by one through a chunked body, calling @p between after each.
httplib::Server::Handler chunked(std::vector<std::string> chunks,
                                 std::function<void(std::size_t)> between = {}) {
  return [chunks, between](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("text/event-stream",
                                          [chunks, between](std::size_t, httplib::DataSink& sink) {
                                            for (std::size_t i = 0; i < chunks.size(); ++i) {
                                              if (!sink.write(chunks[i].data(), chunks[i].size()))
                                                return false;
                                              if (between) between(i);
                                            }
                                            sink.done();
                                            return true;
                                          });
  };
}

TEST(StreamTest, EachChunkReachesTheSinkBeforeTheNextIsWritten) {
  std::promise<void> first_seen;
  auto first_seen_future = first_seen.get_future().share();
  std::atomic<bool> server_waited_in_vain{false};
  StreamServer server(chunked({"data: one\n\n", "data: two\n\n"}, [&](std::size_t i) {
    // The second chunk is written only once the client has handed the first to its sink.
    if (i == 0 && first_seen_future.wait_for(5s) != std::future_status::ready) {
      server_waited_in_vain = true;
    }
  }));
  Client client(options_for(server.base_url()));
  std::string received;
  bool signalled = false;
  detail::ClientAccess::runner(client)->run_stream(
      stream_call(), {}, is_event_stream, [&](std::string_view chunk) {
        received.append(chunk);
        if (!signalled && received.find("one\n\n") != std::string::npos) {
          signalled = true;
          first_seen.set_value();
        }
      });
  EXPECT_EQ(received, "data: one\n\ndata: two\n\n");
  EXPECT_FALSE(server_waited_in_vain.load()) << "the first chunk was held back by the client";
}

TEST(StreamTest, AStreamLargerThanTheResponseLimitIsNotCut) {
  const std::string chunk(64 * 1024, 'x');
  StreamServer server(chunked(std::vector<std::string>(32, chunk)));  // 2 MiB
  ClientOptions options = options_for(server.base_url());
  options.max_response_bytes = 1024;
  Client client(options);
  std::size_t bytes = 0;
  detail::ClientAccess::runner(client)->run_stream(
      stream_call(), {}, is_event_stream, [&](std::string_view part) { bytes += part.size(); });
  EXPECT_EQ(bytes, 32U * chunk.size());
}

TEST(StreamTest, AnErrorStatusIsDecodedAndNeverReachesTheSink) {
  StreamServer server([](const httplib::Request&, httplib::Response& response) {
    response.status = 400;
    response.set_content(R"({"code":"INVALID_ARGUMENT","msg":"question is empty"})",
                         "application/json");
  });
  Client client(options_for(server.base_url()));
  bool sink_called = false;
  try {
    detail::ClientAccess::runner(client)->run_stream(stream_call(), {}, is_event_stream,
                                                     [&](std::string_view) { sink_called = true; });
    FAIL() << "expected HttpError";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 400);
    EXPECT_EQ(error.service_code(), "INVALID_ARGUMENT");
    EXPECT_NE(std::string(error.what()).find("question is empty"), std::string::npos);
  }
  EXPECT_FALSE(sink_called);
}

TEST(StreamTest, ASuccessEnvelopeWhereAStreamWasExpectedIsADecodeError) {
  StreamServer server([](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"code":"OK","msg":"OK","data":{"x":1}})", "application/json");
  });
  Client client(options_for(server.base_url()));
  try {
    detail::ClientAccess::runner(client)->run_stream(stream_call(), {}, is_event_stream,
                                                     [](std::string_view) {});
    FAIL() << "expected DecodeError";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("expected a streamed body, got a JSON answer "
                        "(Content-Type 'application/json')"),
              std::string::npos)
        << error.what();
  }
  // With a handler for an envelope, the envelope's data is handed over instead.
  nlohmann::json data;
  detail::ClientAccess::runner(client)->run_stream(
      stream_call(), {}, is_event_stream, [](std::string_view) {},
      [&data](const nlohmann::json& d) { data = d; });
  EXPECT_EQ(data, (nlohmann::json{{"x", 1}}));
}

TEST(StreamTest, AnHtmlPageWithStatus200IsADecodeError) {
  StreamServer server([](const httplib::Request&, httplib::Response& response) {
    response.set_content("<html>gateway login</html>", "text/html");
  });
  Client client(options_for(server.base_url()));
  EXPECT_THROW(detail::ClientAccess::runner(client)->run_stream(stream_call(), {}, is_event_stream,
                                                                [](std::string_view) {}),
               DecodeError);
}

TEST(StreamTest, RetriedBeforeTheFirstChunk) {
  std::atomic<int> calls{0};
  StreamServer server([&calls](const httplib::Request& request, httplib::Response& response) {
    if (++calls == 1) {
      response.status = 503;
      response.set_content(R"({"code":"UNAVAILABLE","msg":"busy"})", "application/json");
      return;
    }
    chunked({"data: ok\n\n"})(request, response);
  });
  Client client(options_for(server.base_url(), 3));
  std::string received;
  detail::ClientAccess::runner(client)->run_stream(
      stream_call(), {}, is_event_stream, [&](std::string_view chunk) { received.append(chunk); });
  EXPECT_EQ(received, "data: ok\n\n");
  EXPECT_EQ(server.requests(), 2);
}

TEST(StreamTest, NeverRepeatedOnceAChunkWasDelivered) {
  RawServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
      "b\r\ndata: one\n\n\r\n",
      RawServer::Then::kReset);
  Client client(options_for(server.base_url(), 3));
  std::string received;
  try {
    detail::ClientAccess::runner(client)->run_stream(
        stream_call(), {}, is_event_stream,
        [&](std::string_view chunk) { received.append(chunk); });
    FAIL() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_TRUE(error.outcome_unknown());
  }
  EXPECT_EQ(received, "data: one\n\n");
  EXPECT_EQ(server.connections(), 1);
}

TEST(StreamTest, TheTimeoutBoundsSilenceNotTheWholeStream) {
  // Six chunks 80 ms apart: about twice the 250 ms timeout in all.
  StreamServer server(chunked(std::vector<std::string>(6, "data: tick\n\n"),
                              [](std::size_t) { std::this_thread::sleep_for(80ms); }));
  ClientOptions options = options_for(server.base_url());
  options.timeout = 250ms;
  Client client(options);
  std::string received;
  detail::ClientAccess::runner(client)->run_stream(
      stream_call(), {}, is_event_stream, [&](std::string_view chunk) { received.append(chunk); });
  EXPECT_EQ(received.size(), 6 * std::string("data: tick\n\n").size());

  // A stream that goes silent after its first chunk fails within about the timeout.
  RawServer silent(
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
      "b\r\ndata: one\n\n\r\n",
      RawServer::Then::kStall);
  Client silent_client(options_for(silent.base_url(), 3));
  CallOptions call;
  call.timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(detail::ClientAccess::runner(silent_client)
                   ->run_stream(stream_call(), call, is_event_stream, [](std::string_view) {}),
               TimeoutError);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_EQ(silent.connections(), 1);
}

TEST(StreamTest, TheDeadlineBoundsTheWholeStream) {
  std::atomic<bool> stop{false};
  StreamServer server([&stop](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("text/event-stream",
                                          [&stop](std::size_t, httplib::DataSink& sink) {
                                            std::this_thread::sleep_for(20ms);
                                            return !stop && sink.write("data: x\n\n", 9);
                                          });
  });
  Client client(options_for(server.base_url()));
  CallOptions call;
  call.deadline = std::chrono::steady_clock::now() + 300ms;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(detail::ClientAccess::runner(client)->run_stream(
                   stream_call(), call, is_event_stream, [](std::string_view) {}),
               TimeoutError);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  stop = true;
}

TEST(StreamTest, WhatTheSinkThrowsIsRethrownUnchangedAndNotRetried) {
  StreamServer server(chunked({"data: one\n\n", "data: two\n\n"}));
  Client client(options_for(server.base_url(), 3));
  try {
    detail::ClientAccess::runner(client)->run_stream(
        stream_call(), {}, is_event_stream,
        [](std::string_view) { throw std::runtime_error("disk full"); });
    FAIL() << "expected the sink's exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "disk full");
  }
  EXPECT_EQ(server.requests(), 1);
}

TEST(StreamTest, CancellationStopsAStreamPromptly) {
  std::atomic<bool> stop{false};
  StreamServer server([&stop](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("text/event-stream",
                                          [&stop](std::size_t offset, httplib::DataSink& sink) {
                                            if (offset > 0) std::this_thread::sleep_for(20ms);
                                            return !stop && sink.write("data: x\n\n", 9);
                                          });
  });
  Client client(options_for(server.base_url()));
  std::atomic<bool> cancel{false};
  CallOptions call;
  call.should_abort = [&cancel] { return cancel.load(); };
  std::chrono::steady_clock::time_point cancelled_at;
  try {
    detail::ClientAccess::runner(client)->run_stream(
        stream_call(), call, is_event_stream, [&](std::string_view) {
          if (!cancel) {
            cancel = true;
            cancelled_at = std::chrono::steady_clock::now();
          }
        });
    FAIL() << "expected CancelledError";
  } catch (const CancelledError&) {
  }
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 1s);
  stop = true;
}

// A transport that ignores on_response_head (a user's own, or a test double) still works:
// the buffered body reaches the sink whole.
TEST(StreamTest, ATransportThatDoesNotStreamHandsTheBodyOverWhole) {
  class Buffering final : public HttpTransport {
   public:
    HttpResponse send(const HttpRequest&) override {
      HttpResponse response;
      response.status = 200;
      response.headers = {{"content-type", "text/event-stream"}};
      response.body = "data: whole\n\n";
      return response;
    }
  };
  ClientOptions options = options_for("http://127.0.0.1:1");
  options.transport = std::make_shared<Buffering>();
  Client client(options);
  std::string received;
  detail::ClientAccess::runner(client)->run_stream(
      stream_call(), {}, is_event_stream, [&](std::string_view chunk) { received.append(chunk); });
  EXPECT_EQ(received, "data: whole\n\n");
}

}  // namespace
}  // namespace moi
