// SPDX-License-Identifier: Apache-2.0
// `moi session`, `moi message` and `moi chat` against the emulator's LLM proxy: a session
// with two chats recorded in it, the streamed answer (text and jsonl), the profile's model,
// proxy errors, the emulator's stall and cut markers, and Ctrl-C of the real program.
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli_fixture.hpp"
#include "moi_process.hpp"

namespace moi::cli::testing {
namespace {

class LlmCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    // The chunks of a stream come 1 ms apart (the emulator's default is 20 ms).
    emu_->stop();
    moi::emulator::EmulatorOptions options;
    options.api_key = kKey;
    options.seed = 42;
    options.threads = 8;
    options.keep_alive_timeout_seconds = 1;
    options.behavior.sse_event_delay = std::chrono::milliseconds(1);
    emu_ = std::make_unique<moi::emulator::Emulator>(options);
    emu_->start();
    variables_["MOI_BASE_URL"] = emu_->base_url();
    dir_ = std::filesystem::temp_directory_path() /
           ("moi-cli-llm-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(dir_);
    ::chmod(dir_.c_str(), 0700);
  }
  void TearDown() override {
    clear_signal();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    CliTest::TearDown();
  }

  // Creates a session through the CLI; returns its id.
  std::string create_session() {
    const Outcome r = moi({"session", "create", "--json",
                           R"({"title":"Support chat","source":"helpdesk","user_id":"u-42"})"});
    EXPECT_EQ(r.code, kExitOk) << r;
    const Json session = r.json();
    EXPECT_EQ(session.value("title", ""), "Support chat");
    return session.value("id", "");
  }

  // The environment of the real program: the emulator and the key.
  std::vector<std::string> process_env() const {
    return {"MOI_BASE_URL=" + emu_->base_url(), std::string("MOI_API_KEY=") + kKey,
            "XDG_CONFIG_HOME=" + (dir_ / "xdg").string(), "HOME=" + dir_.string(), "LC_ALL=C"};
  }

  std::filesystem::path dir_;
};

TEST_F(LlmCliTest, ChatStreamsTheAnswerText) {
  const Outcome r = moi({"chat", "What is MatrixOne?"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "Echo: What is MatrixOne?\n");
  EXPECT_EQ(r.err, "");
  // The long form and a system message.
  const Outcome s =
      moi({"chat", "send", "Hi", "--system", "Answer briefly", "--model", "qwen-max"});
  EXPECT_EQ(s.code, kExitOk) << s;
  EXPECT_EQ(s.out, "Echo: Hi\n");
  // The action's options may come before MESSAGE in the short form too.
  const Outcome before = moi({"chat", "--model", "qwen-max", "--output", "jsonl", "Hey"});
  EXPECT_EQ(before.code, kExitOk) << before;
  EXPECT_EQ(Json::parse(lines_of(before.out).front())["model"], "qwen-max") << before;
  // No MESSAGE: the group's help, exit 2.
  EXPECT_EQ(moi({"chat"}).code, kExitUsage);
  EXPECT_EQ(moi({"chat", "--model", "qwen-max"}).code, kExitUsage);
}

TEST_F(LlmCliTest, ChatJsonlPrintsOneChunkPerLine) {
  const Outcome r = moi({"chat", "one two three", "--output", "jsonl"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  // A role chunk, one chunk per word of "Echo: one two three", the finish chunk.
  ASSERT_EQ(lines.size(), 6u) << r;
  std::string text;
  for (const auto& line : lines) {
    const Json chunk = Json::parse(line);
    EXPECT_EQ(chunk["object"], "chat.completion.chunk");
    EXPECT_EQ(chunk["model"], "qwen-plus");  // the documented default
    text += chunk["choices"][0]["delta"].value("content", "");
  }
  EXPECT_EQ(text, "Echo: one two three");
  const Json last = Json::parse(lines.back());
  EXPECT_EQ(last["choices"][0]["finish_reason"], "stop");
  EXPECT_EQ(last["usage"]["completion_tokens"], 4);
}

TEST_F(LlmCliTest, SessionRecordsTwoChatsAndListsThem) {
  const std::string session = create_session();
  ASSERT_FALSE(session.empty());
  EXPECT_EQ(moi({"chat", "first question", "--session", session}).out, "Echo: first question\n");
  EXPECT_EQ(moi({"chat", "second question", "--session", session}).out, "Echo: second question\n");
  const Outcome listed = moi({"session", "messages", session});
  ASSERT_EQ(listed.code, kExitOk) << listed;
  const Json messages = listed.json();
  ASSERT_EQ(messages.size(), 2u) << messages;
  EXPECT_EQ(messages[0]["response"], "Echo: first question");
  EXPECT_EQ(messages[1]["response"], "Echo: second question");
  for (const auto& m : messages) {
    EXPECT_EQ(m["role"], "user");
    EXPECT_EQ(m["model"], "qwen-plus");
    EXPECT_EQ(m["user_id"], "u-42");
    EXPECT_EQ(m["source"], "helpdesk");
  }
  // Both user messages, with their content, through `message get`.
  const Outcome first = moi({"message", "get", messages[0]["id"].get<std::string>()});
  EXPECT_EQ(first.json()["content"], "first question") << first;
  const Outcome second = moi({"message", "get", messages[1]["id"].get<std::string>()});
  EXPECT_EQ(second.json()["content"], "second question") << second;
  // The table and the --all listing.
  const Outcome table = moi({"session", "messages", session, "--output", "table"});
  EXPECT_NE(table.out.find("Echo: second question"), std::string::npos) << table;
  const Outcome all = moi({"session", "messages", session, "--all", "--limit", "1"});
  EXPECT_EQ(all.json().size(), 2u) << all;
}

TEST_F(LlmCliTest, SessionAndMessageActions) {
  const std::string session = create_session();
  const Outcome updated = moi({"session", "update", session, "--json", R"({"title":"Billing"})"});
  EXPECT_EQ(updated.json()["title"], "Billing") << updated;
  EXPECT_EQ(moi({"session", "get", session}).json()["title"], "Billing");
  const Outcome list = moi({"session", "list", "--user-id", "u-42"});
  ASSERT_EQ(list.code, kExitOk) << list;
  EXPECT_EQ(list.json()["sessions"].size(), 1u) << list;
  EXPECT_EQ(moi({"session", "list", "--user-id", "nobody"}).json()["sessions"].size(), 0u);

  ASSERT_EQ(moi({"chat", "tag me", "--session", session}).code, kExitOk);
  const std::string message =
      moi({"session", "messages", session}).json()[0]["id"].get<std::string>();
  const Outcome tagged = moi({"message", "tag", message, "urgent", "billing"});
  ASSERT_EQ(tagged.code, kExitOk) << tagged;
  EXPECT_EQ(tagged.json()["tags"].size(), 2u) << tagged;
  EXPECT_EQ(moi({"message", "untag", message, "helpdesk", "urgent"}).code, kExitOk);
  EXPECT_EQ(moi({"message", "get", message}).json()["tags"].size(), 1u);
  const Outcome changed = moi({"message", "update", message, "--json", R"({"status":"failed"})"});
  EXPECT_EQ(changed.json()["status"], "failed") << changed;
  EXPECT_EQ(moi({"message", "delete", message}).code, kExitOk);
  const Outcome gone = moi({"message", "get", message});
  EXPECT_EQ(gone.code, kExitService) << gone;
  EXPECT_EQ(moi({"session", "delete", session}).code, kExitOk);
  EXPECT_EQ(moi({"session", "get", session}).code, kExitService);
}

TEST_F(LlmCliTest, BadArgumentsAreUsageErrorsAndSendNothing) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"session", "get", "abc"},
                                               {"session", "get", "0"},
                                               {"message", "untag", "1", "a/b", "c"},
                                               {"message", "untag", "1", "src", "x/y"},
                                               {"chat", "hi", "--session", "-3"},
                                               {"session", "list", "--page-size", "101"}}) {
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(r.out, "") << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  }
  EXPECT_EQ(emu().request_count("L3"), 0u);   // session get
  EXPECT_EQ(emu().request_count("L16"), 0u);  // tag delete
  EXPECT_EQ(emu().request_count("L2"), 0u);   // session list
}

TEST_F(LlmCliTest, UnknownModelExitsOneWithTheProxyMessage) {
  const Outcome r = moi({"chat", "hi", "--model", "no-such-model"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r;
  EXPECT_NE(r.err.find("HTTP 404: The model `no-such-model` does not exist"), std::string::npos)
      << r;
  // A model name with a newline and an escape sequence stays on one line, escaped.
  const Outcome odd = moi({"chat", "hi", "--model", "bad\nmodel\x1b[31m"});
  EXPECT_EQ(odd.code, kExitService) << odd;
  ASSERT_EQ(lines_of(odd.err).size(), 1u) << odd;
  EXPECT_EQ(odd.err.find('\x1b'), std::string::npos) << odd;
}

TEST_F(LlmCliTest, StalledStreamTimesOutAndCutStreamFails) {
  // [stall]: the first word, then nothing: the idle timeout (--timeout) ends it, exit 3.
  const Outcome stalled = moi({"--timeout", "0.3", "chat", "wait [stall]"});
  EXPECT_EQ(stalled.code, kExitTransport) << stalled;
  EXPECT_EQ(stalled.out, "Echo: \n") << stalled;  // the text so far, its line ended
  EXPECT_NE(stalled.err.find("timed out"), std::string::npos) << stalled;
  EXPECT_EQ(lines_of(stalled.err).size(), 1u) << stalled;
  // [cut]: half an event, then the connection closes: a transport error, exit 3.
  const Outcome cut = moi({"chat", "go [cut]", "--output", "jsonl"});
  EXPECT_EQ(cut.code, kExitTransport) << cut;
  EXPECT_EQ(lines_of(cut.out).size(), 2u) << cut;  // the role chunk and the first word
  EXPECT_EQ(lines_of(cut.err).size(), 1u) << cut;
}

TEST_F(LlmCliTest, ProfileModelIsUsedWithoutModelFlag) {
  variables_["XDG_CONFIG_HOME"] = (dir_ / "xdg").string();
  const Outcome configured =
      moi({"configure", "--base-url", emu_->base_url(), "--model", "qwen-turbo"});
  ASSERT_EQ(configured.code, kExitOk) << configured;
  EXPECT_NE(configured.out.find("(base_url, model)"), std::string::npos) << configured;
  std::ifstream file(dir_ / "xdg" / "moi" / "config");
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_NE(text.str().find("model = qwen-turbo"), std::string::npos) << text.str();

  const Outcome r = moi({"chat", "hi", "--output", "jsonl"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(Json::parse(lines_of(r.out).front())["model"], "qwen-turbo");
  // --model wins over the profile.
  const Outcome flag = moi({"chat", "hi", "--output", "jsonl", "--model", "moi-echo"});
  EXPECT_EQ(Json::parse(lines_of(flag.out).front())["model"], "moi-echo") << flag;
}

TEST_F(LlmCliTest, RealProgramCreatesASessionChatsTwiceInItAndListsBothExchanges) {
  const auto run = [this](const std::vector<std::string>& args) {
    MoiProcess process(args, process_env());
    EXPECT_TRUE(process.spawned());
    const int code = process.wait();
    EXPECT_EQ(code, kExitOk) << process.err();
    return process.out();
  };
  const Json session =
      Json::parse(run({"session", "create", "--json",
                       R"({"title":"Support chat","source":"helpdesk","user_id":"u-42"})"}));
  const std::string id = session.value("id", "");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(run({"chat", "What is MatrixOne?", "--session", id}), "Echo: What is MatrixOne?\n");
  EXPECT_EQ(run({"chat", "And MOI?", "--session", id, "--system", "Answer briefly"}),
            "Echo: And MOI?\n");
  const Json messages = Json::parse(run({"session", "messages", id}));
  ASSERT_EQ(messages.size(), 2u) << messages;
  EXPECT_EQ(messages[0]["response"], "Echo: What is MatrixOne?");
  EXPECT_EQ(messages[1]["response"], "Echo: And MOI?");
  const Json first = Json::parse(run({"message", "get", messages[0]["id"].get<std::string>()}));
  EXPECT_EQ(first["content"], "What is MatrixOne?");
  const Json second = Json::parse(run({"message", "get", messages[1]["id"].get<std::string>()}));
  EXPECT_EQ(second["content"], "And MOI?");
}

TEST_F(LlmCliTest, RealProgramStreamsAndCtrlCExits130) {
  {
    MoiProcess run({"chat", "streamed by the real program"}, process_env());
    ASSERT_TRUE(run.spawned());
    EXPECT_EQ(run.wait(), kExitOk) << run.err();
    EXPECT_EQ(run.out(), "Echo: streamed by the real program\n");
  }
  {
    // Unknown model through the real program.
    MoiProcess run({"chat", "hi", "--model", "gpt-nothing"}, process_env());
    ASSERT_TRUE(run.spawned());
    EXPECT_EQ(run.wait(), kExitService) << run.err();
    EXPECT_NE(run.err().find("The model `gpt-nothing` does not exist"), std::string::npos)
        << run.err();
  }
  // A stalled stream: the first word arrives (written at once: stdout is flushed per chunk),
  // then Ctrl-C ends the program with exit 130 and one line.
  MoiProcess run({"chat", "hold on [stall]"}, process_env());
  ASSERT_TRUE(run.spawned());
  ASSERT_TRUE(eventually_true([&] { return run.out() == "Echo: "; })) << run.out();
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(std::chrono::seconds(5)), kExitCancelled) << run.err();
  EXPECT_EQ(run.out(), "Echo: \n");
  EXPECT_EQ(run.err(), "moi: cancelled\n");
}

}  // namespace
}  // namespace moi::cli::testing
