// SPDX-License-Identifier: Apache-2.0
// The LLM proxy end to end: the SDK's LlmClient against the in-process emulator's L1-L17
// (sessions, messages and tags kept, durable under a state file; chat completions answered by
// the documented echo rule, plain and streamed; unknown models; stalled and cut streams).

#include <gtest/gtest.h>

#include <chrono>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

struct LlmE2eTest : ::testing::Test {
  static emu::EmulatorOptions options(const std::string& state_file = "") {
    emu::EmulatorOptions o = emulator_options();
    o.behavior.sse_event_delay = 1ms;
    o.state_file = state_file;
    return o;
  }
  static Client client_of(const emu::Emulator& emulator, std::chrono::milliseconds timeout = 10s) {
    ClientOptions o;
    o.base_url = emulator.base_url();
    o.api_key = kApiKey;
    o.timeout = timeout;
    o.retry.sleeper = [](std::chrono::milliseconds) {};
    return Client(o);
  }
};

ChatCompletionRequest ask(const std::string& text, const std::string& model = "qwen-plus") {
  ChatCompletionRequest request;
  request.model = model;
  request.messages = {ChatMessage{"system", std::string("be brief")},
                      ChatMessage{"user", text}};
  return request;
}

TEST_F(LlmE2eTest, SessionsMessagesAndTagsRoundTripAndSurviveARestart) {
  char path[] = "/tmp/moi-llm-e2e-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::remove(path);
  const std::string state = path;
  std::int64_t session_id = 0;
  std::int64_t message_id = 0;
  {
    emu::Emulator emulator(options(state));
    emulator.start();
    const LlmClient llm = client_of(emulator).llm();
    CreateLlmSessionRequest create{"Weekly report", "reports-app", "alice"};
    create.tags = std::vector<std::string>{"vip"};
    const LlmSession session = llm.create_session(create);
    session_id = *session.id;
    ASSERT_EQ(session.tags.size(), 1u);
    EXPECT_EQ(session.tags[0].source, "reports-app");
    CreateLlmMessageRequest message{"alice", "reports-app", "user", "Hi", "qwen-plus"};
    message.session_id = session_id;
    message.response = "Hello";
    message_id = *llm.create_message(message).id;
    EXPECT_EQ(llm.modify_response(session_id, message_id, "第一版").modified_response, "第一版");
    EXPECT_EQ(llm.append_response(session_id, message_id, " + more").append_content, " + more");
    llm.set_message_tags(message_id, {"draft", "q3"});
    EXPECT_EQ(llm.delete_message_tag(message_id, "reports-app", "draft").message, "tag deleted");
    EXPECT_THROW(llm.delete_message_tag(message_id, "reports-app", "draft"), HttpError);
    emulator.stop();
  }
  emu::Emulator again(options(state));
  again.start();
  const LlmClient llm = client_of(again).llm();
  const LlmMessage stored = llm.get_message(message_id);
  EXPECT_EQ(stored.content, "Hi");
  EXPECT_EQ(stored.modified_response, "第一版 + more");
  EXPECT_EQ(stored.response, "Hello");
  ASSERT_EQ(stored.tags.size(), 1u);
  EXPECT_EQ(stored.tags[0].name, "q3");
  const auto listed = llm.list_session_messages(session_id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].content, "");  // bodies only from the message itself, as the service
  EXPECT_EQ(llm.latest_message(session_id).message_id, message_id);
  EXPECT_EQ(llm.latest_completed_message(session_id).message_id, message_id);
  ListLlmSessionsRequest query;
  query.tags = {"vip"};
  query.keyword = "weekly";
  EXPECT_EQ(llm.list_sessions(query).total, 1);
  UpdateLlmSessionRequest rename;
  rename.title = "Renamed";
  EXPECT_EQ(llm.update_session(session_id, rename).title, "Renamed");
  llm.delete_session(session_id);
  try {
    llm.get_session(session_id);
    FAIL() << "no error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 404);
    EXPECT_EQ(error.detail(), "session " + std::to_string(session_id) + " not found");
    EXPECT_EQ(error.service_code(), "not_found");
  }
  again.stop();
  std::remove(state.c_str());
  std::remove((state + ".lock").c_str());
}

TEST_F(LlmE2eTest, AllMessagesPagesThroughASessionInOrder) {
  emu::Emulator emulator(options());
  emulator.start();
  const LlmClient llm = client_of(emulator).llm();
  const auto session = llm.create_session({"t", "app", "u"});
  std::vector<std::int64_t> created;
  for (int i = 0; i < 5; ++i) {
    CreateLlmMessageRequest m{"u", "app", "user", "m" + std::to_string(i), "qwen-plus"};
    m.session_id = *session.id;
    created.push_back(*llm.create_message(m).id);
  }
  ListLlmMessagesRequest query;
  query.limit = 2;
  std::vector<std::int64_t> seen;
  for (const auto& m : all_llm_messages(llm, *session.id, query)) seen.push_back(*m.id);
  EXPECT_EQ(seen, created);
}

TEST_F(LlmE2eTest, ChatCompletionEchoesTheLastUserMessageWithUsageInWords) {
  emu::Emulator emulator(options());
  emulator.start();
  const LlmClient llm = client_of(emulator).llm();
  const ChatCompletion answer = llm.chat_completion(ask("how are you"));
  ASSERT_EQ(answer.choices.size(), 1u);
  EXPECT_EQ(answer.choices[0].message->content, "Echo: how are you");
  EXPECT_EQ(answer.choices[0].finish_reason, "stop");
  EXPECT_EQ(answer.usage->prompt_tokens, 5);      // "be brief" + "how are you"
  EXPECT_EQ(answer.usage->completion_tokens, 4);  // "Echo: how are you"
  EXPECT_EQ(answer.usage->total_tokens, 9);
}

TEST_F(LlmE2eTest, AStreamedAnswerArrivesInSeveralChunksAndReassembles) {
  emu::Emulator emulator(options());
  emulator.start();
  const LlmClient llm = client_of(emulator).llm();
  std::vector<std::string> pieces;
  const ChatCompletion whole = llm.stream_chat_completion_whole(
      ask("stream this 你好 please"), [&](const ChatCompletionChunk& chunk) {
        if (!chunk.choices.empty() && chunk.choices[0].delta && chunk.choices[0].delta->content) {
          pieces.push_back(*chunk.choices[0].delta->content);
        }
      });
  EXPECT_GE(pieces.size(), 5u);
  EXPECT_EQ(whole.choices.at(0).message->content, "Echo: stream this 你好 please");
  EXPECT_EQ(whole.choices.at(0).finish_reason, "stop");
  EXPECT_EQ(whole.usage->completion_tokens, 5);
  EXPECT_EQ(Json(whole).at("choices"), Json(llm.chat_completion(ask("stream this 你好 please"))).at("choices"));
}

TEST_F(LlmE2eTest, AnUnknownModelIsA404InTheOpenAiShape) {
  emu::Emulator emulator(options());
  emulator.start();
  const LlmClient llm = client_of(emulator).llm();
  for (const bool stream : {false, true}) {
    try {
      if (stream) {
        llm.stream_chat_completion(ask("x", "gpt-nope"), {});
      } else {
        llm.chat_completion(ask("x", "gpt-nope"));
      }
      FAIL() << "no error";
    } catch (const HttpError& error) {
      EXPECT_EQ(error.http_status(), 404);
      EXPECT_EQ(error.detail(), "The model `gpt-nope` does not exist");
      EXPECT_EQ(error.service_code(), "model_not_found");
    }
  }
}

TEST_F(LlmE2eTest, AStalledStreamHitsTheIdleTimeoutAfterItsFirstChunks) {
  emu::Emulator emulator(options());
  emulator.start();
  const LlmClient llm = client_of(emulator, 500ms).llm();
  int chunks = 0;
  EXPECT_THROW(llm.stream_chat_completion(ask("please [stall] here"),
                                          [&](const ChatCompletionChunk&) { ++chunks; }),
               TimeoutError);
  EXPECT_EQ(chunks, 2);  // the role chunk and the first word
  emulator.stop();
}

TEST_F(LlmE2eTest, ACutStreamIsATransportErrorNotAShortAnswer) {
  emu::Emulator emulator(options());
  emulator.start();
  const LlmClient llm = client_of(emulator).llm();
  int chunks = 0;
  EXPECT_THROW(llm.stream_chat_completion(ask("please [cut] here"),
                                          [&](const ChatCompletionChunk&) { ++chunks; }),
               TransportError);
  EXPECT_EQ(chunks, 2);
}

}  // namespace
}  // namespace moi::e2e
