// SPDX-License-Identifier: Apache-2.0
// The LLM proxy (PLATFORM-NOTES §6) through the real libcurl transport against a loopback
// server: the 16 session and message calls (method, path under /llm-proxy/api, query, JSON or
// byte-checked text/plain body, bare answers decoded losslessly), the direct base URL, the
// OpenAI error shape, the pagination ranges, and the chat completion, plain and streamed byte
// by byte (reassembled into the same message), with its bad streams.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/pagination.hpp"
#include "support/raw_server.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using namespace std::chrono_literals;
using testing::CannedResponse;
using testing::RawServer;
using testing::RecordedRequest;
using testing::TestServer;
using Query = std::multiset<std::pair<std::string, std::string>>;

constexpr const char* kKey = "llm-test-key-SECRET";

// Literal answers in the shapes of PLATFORM-NOTES §6.1 (Go's struct tags).
const Json kTag = {{"name", "vip"}, {"source", "app"}, {"created_at", 1717000000},
                   {"updated_at", 1717000001}};
const Json kSession = {{"id", 9007199254740993}, {"title", "t"}, {"source", "app"},
                       {"user_id", "u1"}, {"config", "{\"a\":1}"}, {"tags", {kTag}},
                       {"created_at", 1717000000}, {"updated_at", 1717000002},
                       {"new_field", {{"x", 1}}}};
const Json kMessage = {{"id", 41}, {"user_id", "u1"}, {"session_id", 9}, {"source", "app"},
                       {"role", "user"}, {"original_content", "hi?"}, {"content", "hi"},
                       {"model", "qwen-plus"}, {"status", "success"}, {"response", "hello"},
                       {"modified_response", ""}, {"config", ""}, {"tags", Json::array()},
                       {"created_at", 1717000000}, {"updated_at", 1717000000}};

CannedResponse bare(const Json& body, int status = 200) {
  CannedResponse response;
  response.status = status;
  response.body = body.dump();
  return response;
}

class LlmEndpointTest : public ::testing::Test {
 protected:
  LlmEndpointTest() : client_(make_options()) {}

  ClientOptions make_options(const std::string& proxy_url = "") {
    ClientOptions options;
    options.base_url = server_.base_url() + "/gw";
    options.llm_proxy_url = proxy_url;
    options.api_key = kKey;
    options.retry.sleeper = [](std::chrono::milliseconds) {};
    return options;
  }

  RecordedRequest only_request(const std::string& method, const std::string& path) {
    EXPECT_EQ(server_.request_count(), 1u);
    RecordedRequest request = server_.last_request();
    EXPECT_EQ(request.method, method);
    EXPECT_EQ(request.path, path);
    EXPECT_EQ(request.header("moi-key"), kKey);
    return request;
  }

  LlmClient llm() const { return client_.llm(); }

  TestServer server_;
  Client client_;
};

// ---- sessions ---------------------------------------------------------------------------------

TEST_F(LlmEndpointTest, CreateSessionSendsTheBodyAndDecodesTheBareSessionLosslessly) {
  server_.enqueue(bare(kSession));
  CreateLlmSessionRequest create;
  create.title = "t";
  create.source = "app";
  create.user_id = "u1";
  create.config = "{\"a\":1}";
  create.tags = std::vector<std::string>{"vip"};
  const LlmSession session = llm().create_session(create);
  const auto request = only_request("POST", "/gw/llm-proxy/api/sessions");
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  EXPECT_EQ(request.json(), (Json{{"title", "t"}, {"source", "app"}, {"user_id", "u1"},
                                  {"config", "{\"a\":1}"}, {"tags", {"vip"}}}));
  EXPECT_EQ(session.id, 9007199254740993);  // exact beyond 2^53
  EXPECT_EQ(session.config, "{\"a\":1}");
  ASSERT_EQ(session.tags.size(), 1u);
  EXPECT_EQ(session.tags[0].name, "vip");
  EXPECT_EQ(session.updated_at.epoch_ms(), 1717000002000);
  EXPECT_EQ(Json(session), kSession);  // unknown keys kept, re-encoded as they arrived
}

TEST_F(LlmEndpointTest, CreateSessionIsNotRetriedAfterA503) {
  server_.enqueue(bare({{"error", {{"message", "busy"}, {"type", "server_error"}}}}, 503));
  CreateLlmSessionRequest create{"t", "app", "u1"};
  EXPECT_THROW(llm().create_session(create), HttpError);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(LlmEndpointTest, ListSessionsSendsOnlyTheFiltersSetWithTagsCommaJoined) {
  server_.enqueue(bare({{"sessions", {kSession}}, {"total", 1}, {"page", 2}, {"page_size", 5}}));
  ListLlmSessionsRequest query;
  query.user_id = "u1";
  query.source = "";  // empty: not sent
  query.keyword = "report";
  query.tags = {"a", "b"};
  query.page = 2;
  query.page_size = 5;
  const auto list = llm().list_sessions(query);
  const auto request = only_request("GET", "/gw/llm-proxy/api/sessions");
  EXPECT_EQ(request.query, (Query{{"user_id", "u1"}, {"keyword", "report"}, {"tags", "a,b"},
                                  {"page", "2"}, {"page_size", "5"}}));
  EXPECT_EQ(list.total, 1);
  EXPECT_EQ(list.page, 2);
  ASSERT_EQ(list.sessions.size(), 1u);
  EXPECT_EQ(list.sessions[0].title, "t");
}

TEST_F(LlmEndpointTest, GetUpdateAndDeleteSession) {
  server_.enqueue(bare(kSession));
  server_.enqueue(bare(kSession));
  server_.enqueue(bare({{"message", "deleted"}}));
  EXPECT_EQ(llm().get_session(9).title, "t");
  UpdateLlmSessionRequest update;
  update.title = "new";
  update.tags = std::vector<std::string>{};
  llm().update_session(9, update);
  EXPECT_EQ(llm().delete_session(9).message, "deleted");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/gw/llm-proxy/api/sessions/9");
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_EQ(requests[1].path, "/gw/llm-proxy/api/sessions/9");
  EXPECT_EQ(requests[1].json(), (Json{{"title", "new"}, {"tags", Json::array()}}));
  EXPECT_EQ(requests[2].method, "DELETE");
  EXPECT_EQ(requests[2].path, "/gw/llm-proxy/api/sessions/9");
}

// ---- a session's messages ----------------------------------------------------------------------

TEST_F(LlmEndpointTest, ListSessionMessagesSendsAfterAndLimitAndDecodesTheBareArray) {
  Json listed = kMessage;
  listed["content"] = "";
  listed["original_content"] = "";
  server_.enqueue(bare(Json::array({listed})));
  ListLlmMessagesRequest query;
  query.role = "user";
  query.after = 40;
  query.limit = 10;
  const auto messages = llm().list_session_messages(9, query);
  const auto request = only_request("GET", "/gw/llm-proxy/api/sessions/9/messages");
  EXPECT_EQ(request.query, (Query{{"role", "user"}, {"after", "40"}, {"limit", "10"}}));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].id, 41);
  EXPECT_EQ(messages[0].response, "hello");
  EXPECT_EQ(Json(messages[0]), listed);
}

TEST_F(LlmEndpointTest, ListSessionMessagesRejectsAnObjectNamingThePath) {
  server_.enqueue(bare({{"messages", Json::array()}}));
  try {
    llm().list_session_messages(9);
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("expected an array of messages, got object"),
              std::string::npos)
        << error.what();
  }
}

TEST_F(LlmEndpointTest, LatestAndLatestCompleted) {
  server_.enqueue(bare({{"session_id", 9}, {"message_id", 44}}));
  server_.enqueue(bare({{"session_id", 9}, {"message_id", 43}}));
  EXPECT_EQ(llm().latest_message(9).message_id, 44);
  EXPECT_EQ(llm().latest_completed_message(9).message_id, 43);
  const auto requests = server_.requests();
  EXPECT_EQ(requests[0].path, "/gw/llm-proxy/api/sessions/9/messages/latest");
  EXPECT_EQ(requests[1].path, "/gw/llm-proxy/api/sessions/9/messages/latest-completed");
}

TEST_F(LlmEndpointTest, ModifyAndAppendSendPlainTextBodiesByteForByte) {
  const std::string text = "第一行\nline \"two\" {not json}\t\xF0\x9F\x98\x80";
  server_.enqueue(bare({{"message", "ok"}, {"session_id", 9}, {"message_id", 41},
                        {"modified_response", text}}));
  server_.enqueue(bare({{"message", "ok"}, {"session_id", 9}, {"message_id", 41},
                        {"append_content", " more"}}));
  const auto modified = llm().modify_response(9, 41, text);
  const auto appended = llm().append_response(9, 41, " more");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].path, "/gw/llm-proxy/api/sessions/9/messages/41/modify-response");
  EXPECT_EQ(requests[0].header("Content-Type"), "text/plain");
  EXPECT_EQ(requests[0].body, text);
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].path,
            "/gw/llm-proxy/api/sessions/9/messages/41/append-modified-response");
  EXPECT_EQ(requests[1].header("Content-Type"), "text/plain");
  EXPECT_EQ(requests[1].body, " more");
  EXPECT_EQ(modified.modified_response, text);
  EXPECT_EQ(appended.append_content, " more");
}

TEST_F(LlmEndpointTest, PlainTextWithInvalidUtf8OrNulIsRefusedBeforeSending) {
  try {
    llm().modify_response(9, 41, std::string("bad \xC3\x28 byte"));
    FAIL() << "no error";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("modified response is not valid UTF-8 (byte 4)"),
              std::string::npos)
        << error.what();
  }
  try {
    llm().append_response(9, 41, std::string("a\0b", 3));
    FAIL() << "no error";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("holds a NUL byte at offset 1"), std::string::npos);
  }
  EXPECT_EQ(server_.request_count(), 0u);
}

// ---- chat messages and tags --------------------------------------------------------------------

TEST_F(LlmEndpointTest, CreateGetUpdateDeleteMessage) {
  server_.enqueue(bare(kMessage));
  server_.enqueue(bare(kMessage));
  server_.enqueue(bare(kMessage));
  server_.enqueue(bare({{"message", "deleted"}}));
  CreateLlmMessageRequest create;
  create.user_id = "u1";
  create.source = "app";
  create.role = "user";
  create.content = "hi";
  create.model = "qwen-plus";
  create.session_id = 9;
  const auto created = llm().create_message(create);
  EXPECT_EQ(Json(created), kMessage);
  EXPECT_EQ(llm().get_message(41).content, "hi");
  UpdateLlmMessageRequest update;
  update.status = "failed";
  update.response = "partial";
  llm().update_message(41, update);
  EXPECT_EQ(llm().delete_message(41).message, "deleted");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/gw/llm-proxy/api/chat-messages");
  EXPECT_EQ(requests[0].json(), (Json{{"user_id", "u1"}, {"source", "app"}, {"role", "user"},
                                      {"content", "hi"}, {"model", "qwen-plus"},
                                      {"session_id", 9}}));
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].path, "/gw/llm-proxy/api/chat-messages/41");
  EXPECT_EQ(requests[2].method, "PUT");
  EXPECT_EQ(requests[2].json(), (Json{{"status", "failed"}, {"response", "partial"}}));
  EXPECT_EQ(requests[3].method, "DELETE");
  EXPECT_EQ(requests[3].path, "/gw/llm-proxy/api/chat-messages/41");
}

TEST_F(LlmEndpointTest, SetTagsAndDeleteATagByEscapedSourceAndName) {
  server_.enqueue(bare(kMessage));
  server_.enqueue(bare({{"message", "ok"}}));
  llm().set_message_tags(41, {"a", "b c"});
  llm().delete_message_tag(41, "my app", "b c");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].path, "/gw/llm-proxy/api/chat-messages/41/tags");
  EXPECT_EQ(requests[0].json(), (Json{{"tags", {"a", "b c"}}}));
  EXPECT_EQ(requests[1].method, "DELETE");
  EXPECT_EQ(requests[1].target, "/gw/llm-proxy/api/chat-messages/41/tags/my%20app/b%20c");
}

TEST_F(LlmEndpointTest, BadIdsAndTagSegmentsAreRefusedBeforeSending) {
  EXPECT_THROW(llm().get_session(0), InvalidArgumentError);
  EXPECT_THROW(llm().get_message(-3), InvalidArgumentError);
  try {
    llm().delete_message_tag(41, "app", "a/b");
    FAIL() << "no error";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("tag name \"a/b\" contains '/'"), std::string::npos);
  }
  EXPECT_THROW(llm().delete_message_tag(41, "x/y", "a"), InvalidArgumentError);
  EXPECT_THROW(llm().delete_message_tag(41, "", "a"), InvalidArgumentError);
  EXPECT_THROW(llm().create_message(CreateLlmMessageRequest{}), InvalidArgumentError);
  ListLlmSessionsRequest comma;
  comma.tags = {"a,b"};
  EXPECT_THROW(llm().list_sessions(comma), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 0u);
}

// ---- reaching the proxy; errors ------------------------------------------------------------------

TEST_F(LlmEndpointTest, TheDirectProxyUrlReplacesTheGatewayPrefix) {
  Client direct(make_options(server_.base_url() + "/proxy/"));
  server_.enqueue(bare(kSession));
  direct.llm().get_session(9);
  const auto request = only_request("GET", "/proxy/api/sessions/9");
  EXPECT_EQ(request.header("moi-key"), kKey);
}

TEST_F(LlmEndpointTest, AnInvalidDirectProxyUrlIsNamedByItsOption) {
  try {
    Client bad(make_options("ftp://x"));
    FAIL() << "no error";
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("ClientOptions::llm_proxy_url"), std::string::npos);
  }
}

TEST_F(LlmEndpointTest, TheOpenAiErrorShapeBecomesAnHttpErrorWithItsMessageOnOneLine) {
  server_.enqueue(bare({{"error",
                         {{"message", std::string("session 9\nnot found for ") + kKey},
                          {"type", "not_found_error"},
                          {"code", "session_not_found"}}}},
                       404));
  try {
    llm().get_session(9);
    FAIL() << "no error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 404);
    EXPECT_EQ(error.detail(), "session 9\\nnot found for [REDACTED]");
    EXPECT_EQ(error.service_code(), "session_not_found");
    EXPECT_EQ(std::string(error.what()).find(kKey), std::string::npos);
  }
}

TEST_F(LlmEndpointTest, AWrongTypedMemberIsADecodeErrorWithAPathFromTheBodyRoot) {
  Json broken = kSession;
  broken["tags"][0]["name"] = 5;
  server_.enqueue(bare(broken));
  try {
    llm().get_session(9);
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "tags[0].name");
  }
}

// ---- pagination ----------------------------------------------------------------------------------

TEST_F(LlmEndpointTest, AllSessionsFollowsPageNumbers) {
  Json first = kSession;
  Json second = kSession;
  second["id"] = 2;
  server_.enqueue(bare({{"sessions", {first}}, {"total", 2}, {"page", 1}, {"page_size", 1}}));
  server_.enqueue(bare({{"sessions", {second}}, {"total", 2}, {"page", 2}, {"page_size", 1}}));
  ListLlmSessionsRequest query;
  query.page_size = 1;
  std::vector<std::int64_t> ids;
  for (const auto& session : all_llm_sessions(llm(), query)) ids.push_back(*session.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{9007199254740993, 2}));
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].query, (Query{{"page", "2"}, {"page_size", "1"}}));
}

TEST_F(LlmEndpointTest, AllMessagesAsksForTheMessagesAfterTheLastIdReceived) {
  auto message = [](std::int64_t id) {
    Json m = kMessage;
    m["id"] = id;
    return m;
  };
  server_.enqueue(bare(Json::array({message(3), message(5)})));
  server_.enqueue(bare(Json::array({message(8)})));
  ListLlmMessagesRequest query;
  query.limit = 2;
  std::vector<std::int64_t> ids;
  for (const auto& m : all_llm_messages(llm(), 9, query)) ids.push_back(*m.id);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{3, 5, 8}));
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].query, (Query{{"limit", "2"}}));
  EXPECT_EQ(requests[1].query, (Query{{"after", "5"}, {"limit", "2"}}));
}

TEST_F(LlmEndpointTest, AllMessagesStopsAServiceThatIgnoresAfter) {
  auto page = Json::array({kMessage, kMessage});
  page[1]["id"] = 42;
  server_.set_default(bare(page));
  ListLlmMessagesRequest query;
  query.limit = 2;
  auto range = all_llm_messages(llm(), 9, query);
  try {
    for (const auto& m : range) (void)m;
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("pagination made no progress"), std::string::npos);
  }
  EXPECT_EQ(server_.request_count(), 2u);
}

// ---- chat completions ------------------------------------------------------------------------------

ChatCompletionRequest hello_request() {
  ChatCompletionRequest request;
  request.model = "qwen-plus";
  request.messages = {ChatMessage{"system", std::string("be brief")},
                      ChatMessage{"user", std::string("Hello")}};
  request.temperature = 0.5;
  request.max_tokens = 64;
  request.stop = std::vector<std::string>{"\n\n"};
  request.extra = {{"top_p", 0.9}, {"seed", 7}};
  return request;
}

const Json kCompletion = {
    {"id", "chatcmpl-1"},
    {"object", "chat.completion"},
    {"created", 1717000000},
    {"model", "qwen-plus"},
    {"choices",
     {{{"index", 0},
       {"message", {{"role", "assistant"}, {"content", "Hi there!"}}},
       {"finish_reason", "stop"}}}},
    {"usage", {{"prompt_tokens", 5}, {"completion_tokens", 3}, {"total_tokens", 8}}},
    {"system_fingerprint", "fp"}};

TEST_F(LlmEndpointTest, ChatCompletionSendsTheOpenAiRequestAndDecodesTheAnswer) {
  server_.enqueue(bare(kCompletion));
  const ChatCompletion answer = llm().chat_completion(hello_request());
  const auto request = only_request("POST", "/gw/llm-proxy/v1/chat/completions");
  EXPECT_EQ(request.json(),
            (Json{{"model", "qwen-plus"},
                  {"messages",
                   {{{"role", "system"}, {"content", "be brief"}},
                    {{"role", "user"}, {"content", "Hello"}}}},
                  {"temperature", 0.5},
                  {"max_tokens", 64},
                  {"stop", {"\n\n"}},
                  {"stream", false},
                  {"top_p", 0.9},
                  {"seed", 7}}));
  ASSERT_EQ(answer.choices.size(), 1u);
  EXPECT_EQ(answer.choices[0].message->content, "Hi there!");
  EXPECT_EQ(answer.choices[0].finish_reason, "stop");
  EXPECT_EQ(answer.usage->total_tokens, 8);
  EXPECT_EQ(Json(answer), kCompletion);
}

TEST_F(LlmEndpointTest, ChatCompletionWithoutChoicesIsAClearDecodeError) {
  server_.enqueue(bare({{"id", "x"}, {"object", "chat.completion"}}));
  try {
    llm().chat_completion(hello_request());
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "choices");
    EXPECT_EQ(error.problem(), "missing required member");
  }
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(LlmEndpointTest, AnUnknownModelIsA404WithTheProxyMessage) {
  server_.enqueue(bare({{"error",
                         {{"message", "The model `nope` does not exist"},
                          {"type", "invalid_request_error"},
                          {"code", "model_not_found"}}}},
                       404));
  ChatCompletionRequest request = hello_request();
  request.model = "nope";
  try {
    llm().chat_completion(request);
    FAIL() << "no error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.detail(), "The model `nope` does not exist");
    EXPECT_EQ(error.service_code(), "model_not_found");
  }
}

TEST_F(LlmEndpointTest, ChatRequestsWithoutModelOrMessagesAreRefused) {
  ChatCompletionRequest request;
  request.model = "m";
  EXPECT_THROW(llm().chat_completion(request), InvalidArgumentError);
  request.model = "";
  request.messages = {ChatMessage{"user", std::string("x")}};
  EXPECT_THROW(llm().chat_completion(request), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 0u);
}

// ---- streamed chat completions (raw server, byte by byte) ---------------------------------------

const std::string kStreamHead =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";

std::string chunk_event(const std::string& content, bool first, const char* finish = nullptr) {
  Json delta = Json::object();
  if (first) delta["role"] = "assistant";
  if (!content.empty()) delta["content"] = content;
  Json choice = {{"index", 0}, {"delta", delta}, {"finish_reason", nullptr}};
  if (finish != nullptr) choice["finish_reason"] = finish;
  const Json chunk = {{"id", "chatcmpl-2"}, {"object", "chat.completion.chunk"},
                      {"created", 1717000000}, {"model", "qwen-plus"}, {"choices", {choice}}};
  return "data: " + chunk.dump() + "\r\n\r\n";
}

const std::string kStreamBody = ": keep-alive\r\n\r\n" + chunk_event("Hel", true) +
                                chunk_event("lo, 世", false) + chunk_event("界!", false) +
                                chunk_event("", false, "stop") + "data: [DONE]\r\n\r\n";

struct StreamRun {
  std::vector<ChatCompletionChunk> chunks;
  ChatCompletion whole;
};

StreamRun stream_from(const RawServer& server, const std::string& proxy_path = "") {
  ClientOptions options;
  options.base_url = server.base_url();
  options.llm_proxy_url = proxy_path.empty() ? "" : server.base_url() + proxy_path;
  options.api_key = kKey;
  options.timeout = 5s;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  Client client(options);
  StreamRun run;
  run.whole = client.llm().stream_chat_completion_whole(
      hello_request(), [&run](const ChatCompletionChunk& chunk) { run.chunks.push_back(chunk); });
  return run;
}

std::vector<std::string> stream_pieces(const std::string& body) {
  std::vector<std::string> pieces{kStreamHead};
  for (auto& b : RawServer::bytes_of(body)) pieces.push_back(std::move(b));
  return pieces;
}

TEST(LlmStreamTest, AStreamDeliveredByteByByteReassemblesIntoTheSameMessage) {
  RawServer byte_by_byte(stream_pieces(kStreamBody), 50us, RawServer::Then::kClose);
  RawServer whole({kStreamHead + kStreamBody}, 0us, RawServer::Then::kClose);
  const StreamRun slow = stream_from(byte_by_byte);
  const StreamRun fast = stream_from(whole);
  ASSERT_EQ(slow.chunks.size(), 4u);
  EXPECT_EQ(slow.chunks[1].choices.at(0).delta->content, "lo, 世");
  ASSERT_EQ(slow.whole.choices.size(), 1u);
  EXPECT_EQ(slow.whole.choices[0].message->role, "assistant");
  EXPECT_EQ(slow.whole.choices[0].message->content, "Hello, 世界!");
  EXPECT_EQ(slow.whole.choices[0].finish_reason, "stop");
  EXPECT_EQ(slow.whole.id, "chatcmpl-2");
  EXPECT_EQ(slow.whole.object, "chat.completion");
  EXPECT_EQ(Json(slow.whole), Json(fast.whole));
}

TEST(LlmStreamTest, TheRequestAsksForAStreamAtTheDirectUrl) {
  // A cpp-httplib server records the request; the raw server cannot.
  TestServer server;
  CannedResponse response;
  response.body = kStreamBody;
  response.content_type = "text/event-stream";
  server.enqueue(response);
  ClientOptions options;
  options.base_url = "http://127.0.0.1:1";  // never used: the direct URL wins
  options.llm_proxy_url = server.base_url() + "/direct";
  options.api_key = kKey;
  Client client(options);
  const ChatCompletion whole = client.llm().stream_chat_completion_whole(hello_request());
  EXPECT_EQ(whole.choices.at(0).message->content, "Hello, 世界!");
  const RecordedRequest request = server.last_request();
  EXPECT_EQ(request.path, "/direct/v1/chat/completions");
  EXPECT_EQ(request.json().at("stream"), true);
  EXPECT_EQ(request.json().at("model"), "qwen-plus");
}

std::string stream_error(const std::string& body) {
  RawServer server({kStreamHead + body}, 0us, RawServer::Then::kClose);
  try {
    stream_from(server);
  } catch (const DecodeError& error) {
    return error.what();
  }
  return "no error";
}

TEST(LlmStreamTest, AChunkThatIsNotJsonNamesTheEvent) {
  const std::string what = stream_error(chunk_event("a", true) + "data: {oops\n\n");
  EXPECT_NE(what.find("event 2"), std::string::npos) << what;
  EXPECT_NE(what.find("data is not JSON"), std::string::npos) << what;
}

TEST(LlmStreamTest, AStreamWithoutDoneIsAnError) {
  const std::string what = stream_error(chunk_event("a", true) + chunk_event("b", false));
  EXPECT_NE(what.find("ended after 2 event(s) without data: [DONE]"), std::string::npos) << what;
}

TEST(LlmStreamTest, AChunkWithoutChoicesIsAnError) {
  const std::string what =
      stream_error("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\"}\n\n");
  EXPECT_NE(what.find("event 1.choices"), std::string::npos) << what;
  EXPECT_NE(what.find("missing required member"), std::string::npos) << what;
}

TEST(LlmStreamTest, AnErrorInsideTheStreamIsReportedOnOneLine) {
  const std::string what =
      stream_error(chunk_event("a", true) +
                   "data: {\"error\":{\"message\":\"quota\\nexceeded\",\"type\":\"x\"}}\n\n");
  EXPECT_NE(what.find("the proxy reported an error: quota\\nexceeded"), std::string::npos)
      << what;
}

TEST(LlmStreamTest, AProxyThatIgnoresStreamAnswersOneChunk) {
  const std::string body = kCompletion.dump();
  RawServer server({"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body},
                   0us, RawServer::Then::kClose);
  const StreamRun run = stream_from(server);
  ASSERT_EQ(run.chunks.size(), 1u);
  EXPECT_EQ(run.whole.choices.at(0).message->content, "Hi there!");
  EXPECT_EQ(run.whole.usage->total_tokens, 8);
}

TEST(LlmStreamTest, RecordChatExchangeCreatesOneMessageWithQuestionAndAnswer) {
  TestServer server;
  server.enqueue(bare(kMessage));
  ClientOptions options;
  options.base_url = server.base_url();
  options.api_key = kKey;
  Client client(options);
  ChatRecordOptions where;
  where.session_id = 9;
  where.user_id = "u1";
  where.source = "app";
  ChatCompletion answer;
  from_json(kCompletion, answer);
  record_chat_exchange(client.llm(), where, hello_request(), answer);
  const RecordedRequest request = server.last_request();
  EXPECT_EQ(request.path, "/llm-proxy/api/chat-messages");
  EXPECT_EQ(request.json(), (Json{{"user_id", "u1"}, {"source", "app"}, {"role", "user"},
                                  {"content", "Hello"}, {"model", "qwen-plus"},
                                  {"session_id", 9}, {"status", "success"},
                                  {"response", "Hi there!"}}));
}

}  // namespace
}  // namespace moi
