// SPDX-License-Identifier: Apache-2.0
// The examples of docs/llm-proxy.md, each between its two `// [name]` markers.
// ctest runs this program against a moi-emulator (test doc_snippet_llm).

#include <moi/moi.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

void handle(const std::string& type, const std::string& data) {
  std::cout << "event " << (type.empty() ? "message" : type) << ": " << data << "\n";
}

}  // namespace

int main() {
  try {
    // [client]
    moi::ClientOptions options = moi::ClientOptions::from_env();
    // options.llm_proxy_url = "https://llm-proxy.internal.example.com";  // direct mode
    moi::Client client(options);
    moi::LlmClient llm = client.llm();
    // [client]

    // [sessions]
    moi::CreateLlmSessionRequest create{"Weekly report", "reports-app", "alice"};
    create.tags = std::vector<std::string>{"vip"};
    const moi::LlmSession session = llm.create_session(create);

    moi::CreateLlmMessageRequest message{"alice", "reports-app", "user", "Summarise Q3",
                                         "qwen-plus"};
    message.session_id = *session.id;
    const moi::LlmMessage stored = llm.create_message(message);
    llm.modify_response(*session.id, *stored.id, "Q3 in one line: up 12%.");
    // [sessions]

    // [chat]
    moi::ChatCompletionRequest request;
    request.model = "qwen-plus";
    request.messages = {{"system", std::string("Answer briefly.")},
                        {"user", std::string("What is MatrixOne?")}};
    request.temperature = 0.2;
    request.max_tokens = 200;
    request.extra = {{"top_p", 0.9}};  // any other OpenAI key, sent as it is
    const moi::ChatCompletion answer = llm.chat_completion(request);
    std::cout << *answer.choices.at(0).message->content << "\n";
    // [chat]

    // [stream]
    const moi::ChatCompletion whole = llm.stream_chat_completion_whole(
        request, [](const moi::ChatCompletionChunk& chunk) {
          if (!chunk.choices.empty() && chunk.choices[0].delta &&
              chunk.choices[0].delta->content) {
            std::cout << *chunk.choices[0].delta->content << std::flush;
          }
        });
    std::cout << "\n";
    // [stream]

    // [record]
    moi::ChatRecordOptions where;
    where.session_id = *session.id;
    where.user_id = "alice";
    where.source = "reports-app";
    moi::record_chat_exchange(llm, where, request, whole);
    // [record]

    // [sse]
    moi::SseParser parser([](moi::SseEvent& event) { handle(event.event, event.data); });
    const std::string chunk = "event: greeting\ndata: hello\n\ndata: bye";
    parser.feed(chunk);  // as often as chunks arrive
    parser.finish();     // at the end of the body
    // [sse]

    const auto messages = llm.list_session_messages(*session.id);
    if (messages.size() != 2 || whole.choices.at(0).message->content !=
                                    answer.choices.at(0).message->content) {
      std::cerr << "unexpected: " << messages.size() << " messages\n";
      return 1;
    }
    std::cout << "session " << *session.id << " holds " << messages.size() << " messages\n";
  } catch (const moi::Error& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  return 0;
}
