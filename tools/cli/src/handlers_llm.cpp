// SPDX-License-Identifier: Apache-2.0
// The LLM proxy's actions (L1-L17): sessions, chat messages and tags, and `moi chat`, which
// streams a chat completion's tokens to standard output as they arrive.
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <ostream>
#include <sstream>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pagination.hpp"
#include "safety.hpp"
#include "text_writer.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

// A positional id of the proxy: a positive integer.
std::int64_t llm_id(const std::string& text, const char* name) {
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || value < 1) {
    throw UsageError(std::string(name) + " must be a positive integer, got \"" +
                     escape_controls(text) + "\"");
  }
  return static_cast<std::int64_t>(value);
}

std::int64_t id_of(const Invocation& inv, const char* name) { return llm_id(inv.id, name); }


}  // namespace

// ---- Sessions ----

Result session_create(const Invocation& inv) {
  const auto request = decode_body<CreateLlmSessionRequest>(*inv.json);
  return {Json(inv.client.llm().create_session(request, inv.call))};
}

Result session_list(const Invocation& inv) {
  ListLlmSessionsRequest query = list_llm_sessions_query(inv.json);
  if (const auto user = inv.option("--user-id")) query.user_id = user;
  if (const auto source = inv.option("--source")) query.source = source;
  if (const auto keyword = inv.option("--keyword")) query.keyword = keyword;
  if (const auto tags = inv.option("--tags")) query.tags = comma_list(*tags);
  if (const auto page = inv.integer("--page", 1, 1000000000)) query.page = page;
  if (const auto size = inv.integer("--page-size", 1, 100)) query.page_size = size;
  if (inv.all) {
    return collect_all<LlmSession>(inv, all_llm_sessions(inv.client.llm(), query, inv.call),
                                   llm_session_table);
  }
  const auto page = inv.client.llm().list_sessions(query, inv.call);
  return {Json(page), llm_session_table(page.sessions)};
}

Result session_get(const Invocation& inv) {
  return {Json(inv.client.llm().get_session(id_of(inv, "SESSION_ID"), inv.call))};
}

Result session_update(const Invocation& inv) {
  const auto request = decode_body<UpdateLlmSessionRequest>(*inv.json);
  return {Json(inv.client.llm().update_session(id_of(inv, "SESSION_ID"), request, inv.call))};
}

Result session_delete(const Invocation& inv) {
  return {Json(inv.client.llm().delete_session(id_of(inv, "SESSION_ID"), inv.call))};
}

Result session_messages(const Invocation& inv) {
  const std::int64_t session = id_of(inv, "SESSION_ID");
  ListLlmMessagesRequest query = list_llm_messages_query(inv.json);
  if (const auto source = inv.option("--source")) query.source = source;
  if (const auto role = inv.option("--role")) query.role = role;
  if (const auto status = inv.option("--status")) query.status = status;
  if (const auto model = inv.option("--model")) query.model = model;
  if (const auto after = inv.integer("--after", 0, std::numeric_limits<std::int64_t>::max())) {
    query.after = after;
  }
  if (const auto limit = inv.integer("--limit", 1, 100)) query.limit = limit;
  if (inv.all) {
    return collect_all<LlmMessage>(
        inv, all_llm_messages(inv.client.llm(), session, query, inv.call), llm_message_table);
  }
  const auto messages = inv.client.llm().list_session_messages(session, query, inv.call);
  return {Json(messages), llm_message_table(messages)};
}

// ---- Chat messages ----

Result message_get(const Invocation& inv) {
  return {Json(inv.client.llm().get_message(id_of(inv, "MESSAGE_ID"), inv.call))};
}

Result message_update(const Invocation& inv) {
  const auto request = decode_body<UpdateLlmMessageRequest>(*inv.json);
  return {Json(inv.client.llm().update_message(id_of(inv, "MESSAGE_ID"), request, inv.call))};
}

Result message_delete(const Invocation& inv) {
  return {Json(inv.client.llm().delete_message(id_of(inv, "MESSAGE_ID"), inv.call))};
}

Result message_tag(const Invocation& inv) {
  // --json {"tags": [...]} (L15's body); TAGs given replace it.
  const FlagBody body(inv.json);
  body.only({"tags"});
  const std::vector<std::string> tags = inv.args.empty() ? body.strings("tags") : inv.args;
  if (tags.empty()) throw UsageError("TAG (or \"tags\" in --json) is required");
  return {Json(inv.client.llm().set_message_tags(id_of(inv, "MESSAGE_ID"), tags, inv.call))};
}

Result message_untag(const Invocation& inv) {
  return {Json(inv.client.llm().delete_message_tag(id_of(inv, "MESSAGE_ID"),
                                                   inv.option("SOURCE").value_or(""),
                                                   inv.option("NAME").value_or(""), inv.call))};
}

// ---- Chat ----

Result chat(const Invocation& inv) {
  // --json is the completion body (model, messages, temperature, ...); --model replaces its
  // model, --system goes first and MESSAGE last among its messages.
  FlagBody body(inv.json);
  body.set("model", inv.option("--model"))
      .fallback("model",
                inv.profile_model.empty() ? std::string(kDefaultChatModel) : inv.profile_model);
  body.fallback("messages", Json::array());
  if (body.has("stream")) throw UsageError("--json: \"stream\" is set by moi chat (it streams)");
  ChatCompletionRequest request = body.request<ChatCompletionRequest>();
  if (request.model.empty()) throw UsageError("--model must not be empty");
  if (const auto system = inv.option("--system")) {
    ChatMessage message;
    message.role = "system";
    message.content = *system;
    request.messages.insert(request.messages.begin(), std::move(message));
  }
  if (!inv.id.empty()) {
    ChatMessage question;
    question.role = "user";
    question.content = inv.id;
    request.messages.push_back(std::move(question));
  }
  if (request.messages.empty()) {
    throw UsageError("MESSAGE (or \"messages\" in --json) is required");
  }

  // The session is read first: a wrong id fails before the model is asked, and the exchange
  // is recorded with the session's user and source.
  std::optional<LlmSession> session;
  if (const auto id = inv.option("--session")) {
    session = inv.client.llm().get_session(llm_id(*id, "--session"), inv.call);
  }

  std::ostream& out = *inv.out;
  const bool jsonl = inv.output == "jsonl";
  TextWriter text(out);
  ChatStreamAccumulator whole;
  const auto on_chunk = [&](const ChatCompletionChunk& chunk) {
    whole.add(chunk);
    if (jsonl) {
      out << format_json(Json(chunk), true) << '\n' << std::flush;
      return;
    }
    for (const auto& choice : chunk.choices) {
      if (choice.index.value_or(0) != 0 || !choice.delta || !choice.delta->content) continue;
      text.add(*choice.delta->content);
    }
  };
  try {
    inv.client.llm().stream_chat_completion(request, on_chunk, inv.call);
  } catch (...) {
    if (!jsonl) text.finish();  // the error line goes below the text received so far
    throw;
  }
  if (!jsonl) text.finish();

  if (session) {
    ChatRecordOptions where;
    where.session_id = session->id.value_or(0);
    where.user_id = session->user_id.value_or("");
    where.source = session->source.value_or("");
    if (where.user_id.empty() || where.source.empty()) {
      throw UsageError(
          "--session: the session has no user_id or source to record the "
          "exchange with");
    }
    record_chat_exchange(inv.client.llm(), where, request, whole.result(), inv.call);
  }
  return {};
}

}  // namespace moi::cli
