// SPDX-License-Identifier: Apache-2.0
// The libcurl transport reuses each easy handle without curl_easy_reset: the fixed options are
// set once per handle and the per-call ones on every call. These tests send requests one after
// another from one thread through one transport (so through one handle and one connection,
// which the connection count proves) and check that nothing of an earlier request survives
// into a later one. They also check that each thread keeps the handle (and connection) it used
// last when several threads share a transport.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "moi/error.hpp"
#include "moi/transport.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using namespace std::chrono_literals;
using testing::CannedResponse;
using testing::RecordedRequest;
using testing::TestServer;

struct TransportReuseTest : ::testing::Test {
  TestServer server;
  std::shared_ptr<HttpTransport> transport = make_curl_transport(CurlTransportOptions{});

  HttpRequest request(std::string method, std::string path, std::string body = {}) const {
    HttpRequest r;
    r.method = std::move(method);
    r.url = server.base_url() + path;
    r.body = std::move(body);
    r.timeout = 5s;
    if (!r.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    return r;
  }

  HttpResponse send(const HttpRequest& r) const { return transport->send(r); }
};

// What a clean GET looks like on the wire: the method, no body, no body headers.
void expect_clean_get(const RecordedRequest& got, const std::string& path) {
  EXPECT_EQ(got.method, "GET");
  EXPECT_EQ(got.path, path);
  EXPECT_TRUE(got.body.empty()) << got.body;
  EXPECT_FALSE(got.has_header("Content-Type")) << got.header("Content-Type");
  EXPECT_FALSE(got.has_header("Content-Length")) << got.header("Content-Length");
  EXPECT_FALSE(got.has_header("Transfer-Encoding"));
}

TEST_F(TransportReuseTest, GetAfterPutOnTheSameHandleIsACleanGet) {
  EXPECT_EQ(send(request("PUT", "/put", R"({"name":"x"})")).status, 200);
  EXPECT_EQ(send(request("GET", "/get")).status, 200);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].body, R"({"name":"x"})");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
  expect_clean_get(requests[1], "/get");
  EXPECT_EQ(server.connection_count(), 1u);  // one connection: the same handle both times
}

TEST_F(TransportReuseTest, EveryMethodThenGetLeavesNothingBehind) {
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    SCOPED_TRACE(method);
    EXPECT_EQ(send(request(method, "/a", R"({"k":1})")).status, 200);
    EXPECT_EQ(send(request("GET", "/b")).status, 200);
    EXPECT_EQ(send(request("GET", "/c")).status, 200);
    const auto requests = server.requests();
    ASSERT_GE(requests.size(), 3u);
    const auto n = requests.size();
    EXPECT_EQ(requests[n - 3].method, method);
    EXPECT_EQ(requests[n - 3].body, R"({"k":1})");
    expect_clean_get(requests[n - 2], "/b");
    expect_clean_get(requests[n - 1], "/c");
  }
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(TransportReuseTest, PostAfterPutIsAPostAndEmptyBodiesSendLengthZero) {
  EXPECT_EQ(send(request("PUT", "/put", R"({"a":1})")).status, 200);
  EXPECT_EQ(send(request("POST", "/post", R"({"b":2})")).status, 200);
  EXPECT_EQ(send(request("DELETE", "/delete")).status, 200);
  EXPECT_EQ(send(request("POST", "/empty")).status, 200);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[1].method, "POST");  // CUSTOMREQUEST "PUT" did not survive
  EXPECT_EQ(requests[1].body, R"({"b":2})");
  EXPECT_EQ(requests[2].method, "DELETE");
  EXPECT_TRUE(requests[2].body.empty());
  EXPECT_EQ(requests[2].header("Content-Length"), "0");
  EXPECT_FALSE(requests[2].has_header("Content-Type"));
  EXPECT_EQ(requests[3].method, "POST");  // CUSTOMREQUEST "DELETE" did not survive
  EXPECT_TRUE(requests[3].body.empty());
  EXPECT_EQ(requests[3].header("Content-Length"), "0");
  EXPECT_FALSE(requests[3].has_header("Content-Type"));
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(TransportReuseTest, HeadersAndUrlAreThoseOfTheCurrentCallOnly) {
  HttpRequest first = request("GET", "/first?x=1");
  first.headers.emplace_back("X-Only-First", "1");
  EXPECT_EQ(send(first).status, 200);
  EXPECT_EQ(send(request("GET", "/second")).status, 200);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].header("X-Only-First"), "1");
  EXPECT_EQ(requests[1].target, "/second");
  EXPECT_FALSE(requests[1].has_header("X-Only-First"));
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(TransportReuseTest, TheCancellationCheckIsOffWhenTheNextCallDoesNotAskForIt) {
  std::atomic<int> checks{0};
  HttpRequest first = request("GET", "/checked");
  first.should_abort = [&checks] {
    ++checks;
    return false;
  };
  CannedResponse slow;
  slow.body = R"({"code":"ok"})";
  slow.delay = 100ms;
  server.set_default(slow);
  EXPECT_EQ(send(first).status, 200);
  EXPECT_GT(checks.load(), 0);
  const int after_first = checks.load();
  // The second call on the same handle has no check: neither the first call's function nor
  // its (finished) transfer may be reached while the server takes its time.
  EXPECT_EQ(send(request("GET", "/unchecked")).status, 200);
  EXPECT_EQ(checks.load(), after_first);
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(TransportReuseTest, ACancelledCallLeavesTheHandleUsable) {
  CannedResponse slow;
  slow.body = R"({"code":"ok"})";
  slow.delay = 300ms;
  server.set_default(slow);
  HttpRequest cancelled = request("PUT", "/cancelled", R"({"c":3})");
  cancelled.should_abort = [] { return true; };
  EXPECT_THROW(send(cancelled), CancelledError);
  server.set_default(testing::canned_ok());
  EXPECT_EQ(send(request("GET", "/after")).status, 200);
  const auto requests = server.requests();
  ASSERT_FALSE(requests.empty());
  expect_clean_get(requests.back(), "/after");
}

TEST_F(TransportReuseTest, TimeoutsAreThoseOfTheCurrentCall) {
  CannedResponse slow;
  slow.body = R"({"code":"ok"})";
  slow.delay = 400ms;
  server.set_default(slow);
  HttpRequest hasty = request("GET", "/hasty");
  hasty.timeout = 100ms;
  EXPECT_THROW(send(hasty), TimeoutError);
  // The same handle with the default request timeout of 5 s: the 100 ms did not stay.
  EXPECT_EQ(send(request("GET", "/patient")).status, 200);
}

TEST_F(TransportReuseTest, AFailureMessageNamesTheCallThatFailed) {
  HttpRequest refused = request("GET", "/x");
  refused.url = "http://127.0.0.1:1/refused";  // nothing listens on port 1
  try {
    send(refused);
    ADD_FAILURE() << "expected a TransportError";
  } catch (const TransportError& error) {
    EXPECT_NE(std::string(error.what()).find("/refused"), std::string::npos) << error.what();
  }
  EXPECT_EQ(send(request("GET", "/fine")).status, 200);
}

// Each thread gets back the handle it released last, so it stays on one connection; before,
// the last released handle went to whichever thread asked next and connections hopped between
// threads. The first calls are slow, so that both are in flight together and each thread
// opens its own handle; a thread's first call could otherwise take the handle the other has
// just released, so it is left out of the check.
TEST_F(TransportReuseTest, EachThreadKeepsTheConnectionItUsedLast) {
  constexpr int kThreads = 2;
  constexpr int kCalls = 300;
  server.set_handler([](const RecordedRequest& r) {
    CannedResponse response = testing::canned_ok();
    if (r.header("X-Call") == "0") response.delay = 200ms;
    return response;
  });
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::atomic<int> ready{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &failures, &ready] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int i = 0; i < kCalls; ++i) {
        HttpRequest r = request("GET", "/t");
        r.headers.emplace_back("X-Thread", std::to_string(t));
        r.headers.emplace_back("X-Call", std::to_string(i));
        try {
          if (send(r).status != 200) ++failures;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::map<std::string, std::set<int>> ports;  // thread -> client ports after its first call
  for (const auto& r : server.requests()) {
    if (r.header("X-Call") != "0") ports[r.header("X-Thread")].insert(r.remote_port);
  }
  ASSERT_EQ(ports.size(), static_cast<std::size_t>(kThreads));
  for (const auto& [thread, used] : ports) {
    EXPECT_EQ(used.size(), 1u) << "thread " << thread << " hopped between connections";
  }
  EXPECT_LE(server.connection_count(), static_cast<std::size_t>(kThreads) + 1);
}

}  // namespace
}  // namespace moi
