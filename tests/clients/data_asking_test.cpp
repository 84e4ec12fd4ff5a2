// SPDX-License-Identifier: Apache-2.0
// Data asking, NL2SQL and business knowledge (PLATFORM-NOTES 4) through the real libcurl
// transport against loopback servers: the analyze request (method, path, Accept, exact body
// keys), its events decoded from a stream written byte by byte (known kinds with their fields,
// unknown ones raw), the bad streams of issue 24 (stall, endless, 100 MiB event, invalid
// UTF-8 and NUL, non-JSON data, init without request id, HTML, a cut between CR and LF), the
// server cancel sent once with the init's request id when the caller stops a stream, run_sql
// and the knowledge calls, and moi::ask().

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "moi/cancellation.hpp"
#include "moi/client.hpp"
#include "support/raw_server.hpp"
#include "support/test_server.hpp"

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kBuiltWithAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kBuiltWithAddressSanitizer = true;
#else
constexpr bool kBuiltWithAddressSanitizer = false;
#endif
#else
constexpr bool kBuiltWithAddressSanitizer = false;
#endif

namespace moi {
namespace {

using namespace std::chrono_literals;
using testing::CannedResponse;
using testing::RecordedRequest;
using testing::TestServer;
using Clock = std::chrono::steady_clock;

constexpr const char* kKey = "ask-test-key-SECRET";
const std::string kHead =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";

// One request as the fake server read it.
struct Seen {
  std::string method;
  std::string target;  // path and query, as sent
  std::string headers;
  std::string body;
};

// A loopback HTTP server for the streamed call: each connection is served on its own thread,
// so a cancel arrives while the analysis stream is still open. `analyze` answers the script
// (pieces with a gap, then close, stall or reset; or a writer that writes until it is told to
// stop); `cancel` answers an envelope and is counted.
class FakeAskServer {
 public:
  enum class End { kClose, kStall, kReset };
  struct Script {
    std::vector<std::string> pieces;
    std::chrono::microseconds gap{0};
    End end = End::kClose;
    /// When set, called with a send function instead of pieces: returns when sending fails.
    std::function<void(const std::function<bool(const std::string&)>&)> writer{};
  };

  explicit FakeAskServer(Script script) : script_(std::move(script)) {
    listen_fd_ = testing::listen_on_loopback(port_);
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~FakeAskServer() {
    stopping_ = true;
    thread_.join();
    for (auto& worker : workers_) worker.join();
    ::close(listen_fd_);
  }
  FakeAskServer(const FakeAskServer&) = delete;
  FakeAskServer& operator=(const FakeAskServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<Seen> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }
  std::vector<Seen> cancels() const {
    std::vector<Seen> out;
    for (const auto& r : requests()) {
      if (r.target.find("/data_asking/cancel") != std::string::npos) out.push_back(r);
    }
    return out;
  }

 private:
  void accept_loop() {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      workers_.emplace_back([this, fd] { serve(fd); });
    }
  }

  bool send_all(int fd, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      if (stopping_) return false;
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads one request (headers and a Content-Length body).
  bool read_request(int fd, Seen& out) {
    std::string data;
    char buffer[4096];
    std::size_t header_end = std::string::npos;
    while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return false;
      data.append(buffer, static_cast<std::size_t>(n));
    }
    out.headers = data.substr(0, header_end);
    std::size_t length = 0;
    std::string lower = out.headers;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const auto at = lower.find("content-length:"); at != std::string::npos) {
      length = std::stoul(lower.substr(at + 15));
    }
    out.body = data.substr(header_end + 4);
    while (out.body.size() < length) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return false;
      out.body.append(buffer, static_cast<std::size_t>(n));
    }
    const auto first_space = out.headers.find(' ');
    const auto second_space = out.headers.find(' ', first_space + 1);
    out.method = out.headers.substr(0, first_space);
    out.target = out.headers.substr(first_space + 1, second_space - first_space - 1);
    return true;
  }

  void serve(int fd) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    Seen request;
    if (read_request(fd, request)) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        seen_.push_back(request);
      }
      if (request.target.find("/data_asking/cancel") != std::string::npos) {
        const std::string body =
            R"({"code":"ok","msg":"ok","data":{"request_id":"r-1","status":"cancelled",)"
            R"("user_id":"u","user_name":"n"}})";
        send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
      } else if (script_.writer) {
        script_.writer([this, fd](const std::string& bytes) { return send_all(fd, bytes); });
      } else {
        for (const auto& piece : script_.pieces) {
          if (script_.gap.count() > 0) std::this_thread::sleep_for(script_.gap);
          if (!send_all(fd, piece)) break;
        }
        if (script_.end == End::kStall) {
          while (!stopping_) std::this_thread::sleep_for(5ms);
        } else if (script_.end == End::kReset) {
          linger reset{1, 0};
          ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
      }
    }
    ::close(fd);
  }

  Script script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<Seen> seen_;
  std::vector<std::thread> workers_;
  std::thread thread_;
};

std::vector<std::string> head_then_bytes(const std::string& body) {
  std::vector<std::string> pieces{kHead};
  for (auto& b : testing::RawServer::bytes_of(body)) pieces.push_back(std::move(b));
  return pieces;
}

Client client_for(const std::string& base_url, std::chrono::milliseconds timeout = 5s) {
  ClientOptions options;
  options.base_url = base_url;
  options.api_key = kKey;
  options.timeout = timeout;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  return Client(options);
}

// A config in the shape PLATFORM-NOTES 4.1 gives as working.
DataAnalysisConfig sales_config() {
  DataAnalysisConfig config;
  DataAskingTables tables;
  tables.type = "specified";
  tables.db_name = "sales";
  tables.database_id = 42;
  tables.table_list = std::vector<std::string>{"orders", "customers"};
  DataAskingSource source;
  source.type = "specified";
  source.tables = tables;
  config.data_source = source;
  config.data_scope = DataAskingScope{};
  DataAskingContext context;
  context.max_knowledge_value_length = 200;
  config.context_config = context;
  config.enable_recommended_questions = false;
  return config;
}

// The stream of a count question: init, classification, the SQL step and its result, the
// answer in two pieces, complete.
const std::string kStream =
    "event: init\n"
    "data: {\"step_type\":\"init\",\"data\":{\"request_id\":\"r-1\",\"session_title\":\"Orders\"}}"
    "\n\n"
    "event: classification\r\n"
    "data: {\"type\":\"classification\",\"data\":{\"type\":\"query\",\"confidence\":0.9,"
    "\"reason\":\"a count\"}}\r\n\r\n"
    "data: {\"source\":\"nl2sql\",\"step_type\":\"sql_generation\",\"step_name\":\"generate\","
    "\"data\":{\"sql\":\"SELECT COUNT(*) FROM `sales`.`orders`\"}}\n\n"
    "data: {\"source\":\"nl2sql\",\"step_type\":\"sql_execution\",\"data\":{\"columns\":"
    "[\"count\"],\"rows\":[[\"3\"]]}}\n\n"
    ": a comment\n"
    "event: answer_chunk\ndata: {\"source\":\"rag\",\"data\":{\"content\":\"There are \"}}\n\n"
    "event: answer_chunk\ndata: {\"source\":\"rag\",\"data\":{\"content\":\"3 orders.\"}}\n\n"
    "event: complete\ndata: {\"type\":\"complete\"}\n\n";

TEST(DataAskingTest, AnalyzeSendsTheFullRequestAndDecodesEventsWrittenByteByByte) {
  FakeAskServer server({head_then_bytes(kStream), 0us, FakeAskServer::End::kClose, {}});
  const Client client = client_for(server.base_url());
  AnalyzeRequest request;
  request.question = "How many rows in orders?";
  request.source = "rag";
  request.session_id = "5f0c";
  request.session_name = "Orders";
  request.config = sales_config();
  std::vector<DataAskingEvent> events;
  const AnalyzeOutcome outcome =
      client.data_asking().analyze(request, [&](const DataAskingEvent& e) { events.push_back(e); });

  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/byoa/api/v1/data_asking/analyze");
  EXPECT_NE(seen[0].headers.find("Accept: text/event-stream"), std::string::npos);
  EXPECT_NE(seen[0].headers.find(std::string("moi-key: ") + kKey), std::string::npos);
  const Json expected = Json::parse(R"({
    "question": "How many rows in orders?", "source": "rag", "session_id": "5f0c",
    "session_name": "Orders",
    "config": {
      "data_source": {"type": "specified",
                      "tables": {"type": "specified", "db_name": "sales", "database_id": 42,
                                 "table_list": ["orders", "customers"]}},
      "data_scope": {"type": "all"},
      "context_config": {"max_knowledge_items": 20, "max_knowledge_value_length": 200},
      "enable_recommended_questions": false}})");
  EXPECT_EQ(Json::parse(seen[0].body), expected);

  EXPECT_TRUE(outcome.completed);
  EXPECT_EQ(outcome.request_id, "r-1");
  EXPECT_EQ(outcome.events, 7u);
  ASSERT_EQ(events.size(), 7u);
  EXPECT_EQ(events[0].kind, DataAskingEventKind::kInit);
  EXPECT_EQ(events[0].request_id, "r-1");
  EXPECT_EQ(events[0].session_title, "Orders");
  EXPECT_EQ(events[1].kind, DataAskingEventKind::kClassification);
  EXPECT_EQ(events[1].question_type, "query");
  EXPECT_EQ(events[1].confidence, 0.9);
  EXPECT_EQ(events[1].reason, "a count");
  EXPECT_EQ(events[2].kind, DataAskingEventKind::kStep);
  EXPECT_EQ(events[2].type, "sql_generation");
  EXPECT_EQ(events[2].source, "nl2sql");
  EXPECT_EQ(events[2].step_name, "generate");
  EXPECT_EQ(events[2].sql, "SELECT COUNT(*) FROM `sales`.`orders`");
  EXPECT_EQ(events[3].columns, std::vector<std::string>{"count"});
  ASSERT_TRUE(events[3].rows);
  EXPECT_EQ((*events[3].rows)[0][0], "3");
  EXPECT_EQ(events[4].kind, DataAskingEventKind::kAnswerChunk);
  EXPECT_EQ(events[4].text, "There are ");
  EXPECT_EQ(events[5].text, "3 orders.");
  EXPECT_EQ(events[6].kind, DataAskingEventKind::kComplete);
  EXPECT_EQ(std::string(to_string(events[6].kind)), "complete");
  // The raw payload is kept as received.
  EXPECT_EQ(events[4].raw, "{\"source\":\"rag\",\"data\":{\"content\":\"There are \"}}");
}

TEST(DataAskingTest, UnknownNonJsonInvalidUtf8AndNulEventsAreKeptRaw) {
  const std::string body =
      std::string("event: recommended_questions\ndata: {\"data\":[\"q?\"]}\n\n") +
      "data: not json at all\n\n" + "data: {\"bad\":\"\xff\xfe\"}\n\n" +
      std::string("data: {\"nul\":\"a\0b\"}\n\n", 21) +
      "event: init\ndata: {\"step_type\":\"init\",\"data\":{}}\n\n" +
      "event: complete\ndata: {}\n\n";
  FakeAskServer server({head_then_bytes(body), 0us, FakeAskServer::End::kClose, {}});
  std::vector<DataAskingEvent> events;
  AnalyzeRequest request;
  request.question = "q";
  const auto outcome =
      client_for(server.base_url()).data_asking().analyze(request, [&](const DataAskingEvent& e) {
        events.push_back(e);
      });
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].kind, DataAskingEventKind::kUnknown);
  EXPECT_EQ(events[0].type, "recommended_questions");
  EXPECT_EQ(events[0].data, Json::parse(R"(["q?"])"));
  EXPECT_EQ(events[1].kind, DataAskingEventKind::kUnknown);
  EXPECT_TRUE(events[1].object.is_null());
  EXPECT_EQ(events[1].raw, "not json at all");
  EXPECT_EQ(events[2].kind, DataAskingEventKind::kUnknown);
  EXPECT_EQ(events[2].raw, "{\"bad\":\"\xff\xfe\"}");
  EXPECT_EQ(events[3].kind, DataAskingEventKind::kUnknown);
  EXPECT_EQ(events[3].raw, std::string("{\"nul\":\"a\0b\"}", 13));
  // An init without a request id: decoded, no id, nothing to cancel with.
  EXPECT_EQ(events[4].kind, DataAskingEventKind::kInit);
  EXPECT_FALSE(events[4].request_id);
  EXPECT_FALSE(outcome.request_id);
  EXPECT_TRUE(outcome.completed);
}

TEST(DataAskingTest, AStalledStreamTimesOutAndSendsOneCancelWithTheInitRequestId) {
  FakeAskServer server({{kHead + "event: init\ndata: {\"step_type\":\"init\",\"data\":"
                                 "{\"request_id\":\"r-77\"}}\n\n"},
                        0us,
                        FakeAskServer::End::kStall,
                        {}});
  AnalyzeRequest request;
  request.question = "q";
  int events = 0;
  const auto started = Clock::now();
  EXPECT_THROW(client_for(server.base_url(), 300ms)
                   .data_asking()
                   .analyze(request, [&](const DataAskingEvent&) { ++events; }),
               TimeoutError);
  EXPECT_LT(Clock::now() - started, 3s);
  EXPECT_EQ(events, 1);
  const auto cancels = server.cancels();
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].method, "POST");
  EXPECT_EQ(cancels[0].target, "/byoa/api/v1/data_asking/cancel?request_id=r-77");
  EXPECT_EQ(cancels[0].body, "");
}

TEST(DataAskingTest, CancellationTokenStopsTheStreamPromptlyAndCancelsOnTheServer) {
  FakeAskServer server({{kHead + "event: init\ndata: {\"step_type\":\"init\",\"data\":"
                                 "{\"request_id\":\"r-9\"}}\n\n"},
                        0us,
                        FakeAskServer::End::kStall,
                        {}});
  CancellationToken token;
  CallOptions call;
  call.should_abort = token.abort_check();
  AnalyzeRequest request;
  request.question = "q";
  Clock::time_point cancelled_at{};
  EXPECT_THROW(client_for(server.base_url(), 30s)
                   .data_asking()
                   .analyze(
                       request,
                       [&](const DataAskingEvent& e) {
                         if (e.kind == DataAskingEventKind::kInit) {
                           cancelled_at = Clock::now();
                           token.cancel();
                         }
                       },
                       call),
               CancelledError);
  EXPECT_LT(Clock::now() - cancelled_at, 1s);
  const auto cancels = server.cancels();
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].target, "/byoa/api/v1/data_asking/cancel?request_id=r-9");
}

TEST(DataAskingTest, TheDeadlineEndsTheStreamAndCancels) {
  FakeAskServer server({{kHead + "event: init\ndata: {\"step_type\":\"init\",\"data\":"
                                 "{\"request_id\":\"r-5\"}}\n\n"},
                        0us,
                        FakeAskServer::End::kStall,
                        {}});
  CallOptions call;
  call.deadline = Clock::now() + 300ms;
  AnalyzeRequest request;
  request.question = "q";
  EXPECT_THROW(client_for(server.base_url(), 30s).data_asking().analyze(request, {}, call),
               TimeoutError);
  EXPECT_EQ(server.cancels().size(), 1u);
  // Without a request id (init lacks it), nothing is sent.
  FakeAskServer no_id({{kHead + "event: init\ndata: {\"step_type\":\"init\"}\n\n"},
                       0us,
                       FakeAskServer::End::kStall,
                       {}});
  call.deadline = Clock::now() + 300ms;
  EXPECT_THROW(client_for(no_id.base_url(), 30s).data_asking().analyze(request, {}, call),
               TimeoutError);
  EXPECT_EQ(no_id.cancels().size(), 0u);
  // cancel_on_abort false: nothing is sent either.
  FakeAskServer kept({{kHead + "event: init\ndata: {\"data\":{\"request_id\":\"r-6\"},"
                               "\"step_type\":\"init\"}\n\n"},
                      0us,
                      FakeAskServer::End::kStall,
                      {}});
  call.deadline = Clock::now() + 300ms;
  AnalyzeOptions no_cancel;
  no_cancel.cancel_on_abort = false;
  EXPECT_THROW(client_for(kept.base_url(), 30s).data_asking().analyze(request, {}, call, no_cancel),
               TimeoutError);
  EXPECT_EQ(kept.cancels().size(), 0u);
}

long max_rss_kib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(DataAskingTest, AnEndlessStreamKeepsMemoryBoundedWhileTheCallerConsumes) {
  FakeAskServer::Script script;
  script.writer = [](const std::function<bool(const std::string&)>& send) {
    if (!send(kHead)) return;
    std::string batch;
    for (int i = 0; i < 100; ++i) batch += "event: step\ndata: {\"step_type\":\"x\",\"n\":1}\n\n";
    while (send(batch)) {
    }
  };
  FakeAskServer server(script);
  AnalyzeRequest request;
  request.question = "q";
  struct Enough {};
  std::uint64_t seen = 0;
  const long before = max_rss_kib();
  EXPECT_THROW(client_for(server.base_url())
                   .data_asking()
                   .analyze(request,
                            [&](const DataAskingEvent&) {
                              if (++seen == 200000) throw Enough{};
                            }),
               Enough);
  EXPECT_EQ(seen, 200000u);
  // 200,000 events (about 8 MB of stream) went through without being kept. AddressSanitizer's
  // quarantine keeps freed memory resident, so the bound is asserted in plain builds only.
  if (!kBuiltWithAddressSanitizer) {
    EXPECT_LT(max_rss_kib() - before, 16 * 1024) << "KiB grown";
  }
}

TEST(DataAskingTest, AHundredMebibyteEventFailsWithTheSizeLimit) {
  FakeAskServer::Script script;
  script.writer = [](const std::function<bool(const std::string&)>& send) {
    if (!send(kHead + "event: init\ndata: {\"data\":{\"request_id\":\"r-big\"},"
                      "\"step_type\":\"init\"}\n\ndata: ")) {
      return;
    }
    const std::string mebibyte(1024 * 1024, 'x');
    for (int i = 0; i < 100; ++i) {
      if (!send(mebibyte)) return;
    }
    send("\n\n");
  };
  FakeAskServer server(script);
  AnalyzeRequest request;
  request.question = "q";
  try {
    client_for(server.base_url()).data_asking().analyze(request, {});
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("larger than the limit of 16777216 bytes"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(server.cancels().size(), 1u) << "the run the client gave up on is cancelled";
}

TEST(DataAskingTest, AnHtmlAnswerIsAnError) {
  FakeAskServer server({{"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
                         "<html><body>login</body></html>"},
                        0us,
                        FakeAskServer::End::kClose,
                        {}});
  AnalyzeRequest request;
  request.question = "q";
  int events = 0;
  EXPECT_THROW(client_for(server.base_url())
                   .data_asking()
                   .analyze(request, [&](const DataAskingEvent&) { ++events; }),
               DecodeError);
  EXPECT_EQ(events, 0);
}

TEST(DataAskingTest, AConnectionClosedBetweenCrAndLfEndsTheLastEvent) {
  FakeAskServer server({head_then_bytes("event: init\r\ndata: {}\r\n\r\nevent: complete\r\n"
                                        "data: {\"type\":\"complete\"}\r"),
                        0us,
                        FakeAskServer::End::kClose,
                        {}});
  AnalyzeRequest request;
  request.question = "q";
  std::vector<DataAskingEvent> events;
  const auto outcome =
      client_for(server.base_url()).data_asking().analyze(request, [&](const DataAskingEvent& e) {
        events.push_back(e);
      });
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, DataAskingEventKind::kComplete);
  EXPECT_TRUE(outcome.completed);
}

TEST(DataAskingTest, AStreamCutBeforeCompleteIsAnError) {
  FakeAskServer server(
      {{kHead + "event: init\ndata: {}\n\n"}, 0us, FakeAskServer::End::kClose, {}});
  AnalyzeRequest request;
  request.question = "q";
  try {
    client_for(server.base_url()).data_asking().analyze(request, {});
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("without a complete or error event"),
              std::string::npos)
        << error.what();
  }
  // A blank question is refused before anything is sent.
  request.question = "  \n";
  EXPECT_THROW(client_for(server.base_url()).data_asking().analyze(request, {}),
               InvalidArgumentError);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(DataAskingTest, AskGathersTheAnswerTheSqlItsRowsAndEveryStep) {
  FakeAskServer server({head_then_bytes(kStream), 0us, FakeAskServer::End::kClose, {}});
  std::vector<DataAskingEventKind> live;
  const AskResult result =
      ask(client_for(server.base_url()).data_asking(), "How many rows in orders?", sales_config(),
          [&](const DataAskingEvent& e) { live.push_back(e.kind); });
  EXPECT_EQ(result.answer, "There are 3 orders.");
  EXPECT_EQ(result.sql, "SELECT COUNT(*) FROM `sales`.`orders`");
  EXPECT_EQ(result.columns, std::vector<std::string>{"count"});
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0][0], "3");
  ASSERT_EQ(result.steps.size(), 7u);
  EXPECT_EQ(live.size(), 7u);
  for (std::size_t i = 0; i < live.size(); ++i) EXPECT_EQ(result.steps[i].kind, live[i]);
  EXPECT_EQ(result.request_id, "r-1");
  EXPECT_TRUE(result.completed);
  const Json body = Json::parse(server.requests().at(0).body);
  EXPECT_EQ(body["question"], "How many rows in orders?");
  EXPECT_EQ(body["config"]["data_source"]["tables"]["db_name"], "sales");
}

TEST(DataAskingTest, AskReportsAnErrorEventAsAServiceErrorOnOneLine) {
  const std::string body =
      "event: init\ndata: {\"step_type\":\"init\",\"data\":{\"request_id\":\"r-2\"}}\n\n"
      "event: error\ndata: {\"type\":\"error\",\"data\":{\"message\":\"table nosuchtable\\n"
      "does not exist\"}}\n\n";
  FakeAskServer server({{kHead + body}, 0us, FakeAskServer::End::kClose, {}});
  try {
    ask(client_for(server.base_url()).data_asking(), "how many rows in nosuchtable",
        sales_config());
    FAIL() << "no error";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.code(), "DATA_ASKING_ERROR");
    EXPECT_EQ(error.service_message(), "table nosuchtable\\ndoes not exist");
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
  }
  EXPECT_EQ(server.cancels().size(), 0u) << "an analysis that ended is not cancelled";
}

TEST(DataAskingEventTest, DecodesTheShapesTheSdksAndTheServiceSend) {
  // Go's fixture: classification with `category`; the event name wins over the object's type.
  auto e =
      decode_data_asking_event("classification", R"({"type":"other","data":{"category":"query"}})");
  EXPECT_EQ(e.kind, DataAskingEventKind::kClassification);
  EXPECT_EQ(e.type, "classification");
  EXPECT_EQ(e.question_type, "query");
  // No event name: the object's type, else its step_type.
  e = decode_data_asking_event("", R"({"type":"complete"})");
  EXPECT_EQ(e.kind, DataAskingEventKind::kComplete);
  e = decode_data_asking_event("", R"({"step_type":"init","data":{"request_id":"req-123"}})");
  EXPECT_EQ(e.kind, DataAskingEventKind::kInit);
  EXPECT_EQ(e.type, "init");
  EXPECT_EQ(e.request_id, "req-123");
  // An empty request id is no request id.
  e = decode_data_asking_event("init", R"({"data":{"request_id":""}})");
  EXPECT_FALSE(e.request_id);
  // insight blocks and agent reasoning carry text.
  e = decode_data_asking_event(
      "", R"({"step_type":"insight","data":{"blocks":[{"text":{"content":"3 "}},{"x":1},)"
          R"({"text":{"content":"rows"}}]}})");
  EXPECT_EQ(e.kind, DataAskingEventKind::kStep);
  EXPECT_EQ(e.text, "3 rows");
  e = decode_data_asking_event("", R"({"step_type":"agent_reasoning","data":{"message":"m"}})");
  EXPECT_EQ(e.text, "m");
  // SQL results nested under result(s).
  e = decode_data_asking_event(
      "", R"({"step_type":"sql_execution","data":{"statement":"SELECT 1","results":)"
          R"([{"columns":[{"name":"n","type":"INT"}],"rows":[[1]]}]}})");
  EXPECT_EQ(e.sql, "SELECT 1");
  EXPECT_EQ(e.columns, std::vector<std::string>{"n"});
  ASSERT_TRUE(e.rows);
  EXPECT_EQ((*e.rows)[0][0], 1);
  // Rows that are not a result's shape stay in data only.
  e = decode_data_asking_event("", R"({"step_type":"s","data":{"columns":["a"],"rows":[5]}})");
  EXPECT_FALSE(e.rows);
  // An error event without a message keeps its payload as the message.
  e = decode_data_asking_event("error", R"({"data":{"code":7}})");
  EXPECT_EQ(e.kind, DataAskingEventKind::kError);
  EXPECT_EQ(e.error_message, R"({"data":{"code":7}})");
  e = decode_data_asking_event("error", R"({"data":{"message":"boom"}})");
  EXPECT_EQ(e.error_message, "boom");
  // A JSON payload that is not an object, or too deep, is raw.
  e = decode_data_asking_event("answer_chunk", "[1,2]");
  EXPECT_EQ(e.kind, DataAskingEventKind::kUnknown);
  EXPECT_EQ(e.type, "answer_chunk");
  EXPECT_EQ(e.raw, "[1,2]");
  e = decode_data_asking_event("", std::string(100000, '['));
  EXPECT_EQ(e.kind, DataAskingEventKind::kUnknown);
  EXPECT_EQ(std::string(to_string(DataAskingEventKind::kUnknown)), "unknown");
}

// ---- Plain calls, through the recording server ----

struct Nl2SqlTest : ::testing::Test {
  TestServer server;
  Client client = client_for(server.base_url());
};

TEST_F(Nl2SqlTest, CancelSendsTheRequestIdAsAQueryParameter) {
  server.enqueue(testing::canned_ok(
      {{"request_id", "r-1"}, {"status", "cancelled"}, {"user_id", "u"}, {"user_name", "n"}}));
  const auto result = client.data_asking().cancel("r-1");
  const RecordedRequest r = server.last_request();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/byoa/api/v1/data_asking/cancel");
  EXPECT_EQ(r.query, (std::multiset<std::pair<std::string, std::string>>{{"request_id", "r-1"}}));
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(result.status, "cancelled");
  EXPECT_EQ(result.user_name, "n");
  EXPECT_THROW(client.data_asking().cancel(""), InvalidArgumentError);
}

TEST_F(Nl2SqlTest, RunSqlSendsItsOperationsAndDecodesTypedLosslessResults) {
  const Json answer = Json::parse(R"json({"results":[{"columns":["id",{"name":"amount",
      "type":"DECIMAL(10,2)","comment":"c"}],"rows":[["1","9.50"],[null,3]],"elapsed_ms":4
}],
      "trace":"t-1"
})json");
  server.set_default(testing::canned_ok(answer));
  const RunSqlResult result = client.data_asking().run_sql("SELECT id, amount FROM `s`.`o`");
  RecordedRequest r = server.last_request();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/catalog/nl2sql/run_sql");
  EXPECT_EQ(r.json(), Json::parse(R"({"operation":"run_sql",
      "statement":"SELECT id, amount FROM `s`.`o`"})"));
  ASSERT_EQ(result.results.size(), 1u);
  const SqlResult& first = result.results[0];
  ASSERT_EQ(first.columns.size(), 2u);
  EXPECT_EQ(first.columns[0].name, "id");
  EXPECT_FALSE(first.columns[0].type);
  EXPECT_EQ(first.columns[1].name, "amount");
  EXPECT_EQ(first.columns[1].type, "DECIMAL(10,2)");
  EXPECT_EQ(first.columns[1].extra, Json({{"comment", "c"}}));
  ASSERT_EQ(first.rows.size(), 2u);
  EXPECT_EQ(first.rows[0][1], "9.50");
  EXPECT_TRUE(first.rows[1][0].is_null());
  EXPECT_EQ(first.rows[1][1], 3);
  EXPECT_EQ(first.extra, Json({{"elapsed_ms", 4}}));
  EXPECT_EQ(result.extra, Json({{"trace", "t-1"}}));
  EXPECT_EQ(Json(result), answer) << "lossless";

  client.data_asking().show_databases();
  EXPECT_EQ(server.last_request().json(), Json({{"operation", "show_databases"}}));
  client.data_asking().show_tables("sales");
  EXPECT_EQ(server.last_request().json(),
            Json::parse(R"({"operation":"show_table","db_names":["sales"]})"));
  client.data_asking().describe_table("sales", "orders");
  EXPECT_EQ(server.last_request().json(), Json::parse(R"({"operation":"desc_table",
                "table_names":[{"db_name":"sales","table_names":["orders"]}]})"));
  const std::size_t before = server.request_count();
  EXPECT_THROW(client.data_asking().run_sql(" "), InvalidArgumentError);
  EXPECT_THROW(client.data_asking().run_sql(RunSqlRequest{}), InvalidArgumentError);
  EXPECT_EQ(server.request_count(), before);
  // A result that is not the documented shape is a DecodeError naming where.
  server.set_default(testing::canned_ok(Json::parse(R"({"results":[{"rows":[1]}]})")));
  try {
    client.data_asking().show_databases();
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("results[0].rows[0]"), std::string::npos)
        << error.what();
  }
}

TEST_F(Nl2SqlTest, KnowledgeCallsSendTheirBodiesAndDecodeEntries) {
  const Json entry = Json::parse(R"({"id":7,"type":"glossary","key":"GMV","value":["gross"],
      "embedding":[0.5],"meta":{"m":1},"created_at":"2026-01-01","updated_at":"2026-01-02",
      "owner":"x"})");
  server.set_handler([&](const RecordedRequest& r) {
    if (r.path == "/catalog/nl2sql_knowledge/get") return testing::canned_ok(entry);
    if (r.path == "/catalog/nl2sql_knowledge/list" ||
        r.path == "/catalog/nl2sql_knowledge/search") {
      return testing::canned_ok({{"list", {entry}}, {"total", 1}});
    }
    return testing::canned_ok({{"id", 7}});
  });
  auto asking = client.data_asking();
  KnowledgeRequest request;
  request.knowledge_type = "glossary";
  request.knowledge_key = "GMV";
  request.knowledge_value = std::vector<std::string>{"gross"};
  request.associate_tables = std::vector<std::string>{"orders"};
  EXPECT_EQ(asking.create_knowledge(request), 7);
  EXPECT_EQ(server.last_request().path, "/catalog/nl2sql_knowledge/create");
  EXPECT_EQ(server.last_request().json(),
            Json::parse(R"({"knowledge_type":"glossary","knowledge_key":"GMV",
                "knowledge_value":["gross"],"associate_tables":["orders"]})"));
  EXPECT_EQ(asking.update_knowledge(7, request), 7);
  EXPECT_EQ(server.last_request().path, "/catalog/nl2sql_knowledge/update");
  EXPECT_EQ(server.last_request().json()["id"], 7);
  EXPECT_EQ(server.last_request().json()["knowledge_key"], "GMV");
  EXPECT_EQ(asking.delete_knowledge(7), 7);
  EXPECT_EQ(server.last_request().path, "/catalog/nl2sql_knowledge/delete");
  EXPECT_EQ(server.last_request().json(), Json({{"id", 7}}));
  const Knowledge got = asking.get_knowledge(7);
  EXPECT_EQ(server.last_request().json(), Json({{"id", 7}}));
  EXPECT_EQ(got.id, 7);
  EXPECT_EQ(got.key, "GMV");
  EXPECT_EQ(got.value, std::vector<std::string>{"gross"});
  EXPECT_EQ(got.extra, Json({{"owner", "x"}}));
  EXPECT_EQ(Json(got), entry) << "lossless";
  ListKnowledgeRequest list;
  list.knowledge_type = "glossary";
  list.page_number = 1;
  list.page_size = 10;
  const KnowledgeList page = asking.list_knowledge(list);
  EXPECT_EQ(server.last_request().path, "/catalog/nl2sql_knowledge/list");
  EXPECT_EQ(server.last_request().json(),
            Json::parse(R"({"knowledge_type":"glossary","page_number":1,"page_size":10})"));
  EXPECT_EQ(page.total, 1);
  ASSERT_EQ(page.list.size(), 1u);
  SearchKnowledgeRequest search;
  search.knowledge_key = "GM";
  EXPECT_EQ(asking.search_knowledge(search).list.at(0).type, "glossary");
  EXPECT_EQ(server.last_request().path, "/catalog/nl2sql_knowledge/search");
  EXPECT_EQ(server.last_request().json(), Json({{"knowledge_key", "GM"}}));
  const std::size_t before = server.request_count();
  EXPECT_THROW(asking.get_knowledge(0), InvalidArgumentError);
  list.page_size = 0;
  EXPECT_THROW(asking.list_knowledge(list), InvalidArgumentError);
  EXPECT_EQ(server.request_count(), before);
}

}  // namespace
}  // namespace moi
