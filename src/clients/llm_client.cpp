// SPDX-License-Identifier: Apache-2.0
#include "moi/llm_client.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"
#include "core/envelope.hpp"
#include "core/event_stream.hpp"
#include "core/safe_text.hpp"
#include "moi_internal/bounded_json.hpp"
#include "moi_internal/utf8.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

std::string decimal(std::int64_t id) { return std::to_string(id); }

void require_id(std::string_view name, std::int64_t id) {
  if (id < 1) {
    throw InvalidArgumentError(std::string(name) + " must be a positive id, got " +
                               std::to_string(id));
  }
}

// A text/plain body: sent byte for byte, so it must be text the service can store.
void require_plain_text(std::string_view name, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0) {
      throw InvalidArgumentError(std::string(name) + " holds a NUL byte at offset " +
                                 std::to_string(i));
    }
    if (byte < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = detail::utf8_sequence_length(text, i);
    if (length == 0) {
      throw InvalidArgumentError(std::string(name) + " is not valid UTF-8 (byte " +
                                 std::to_string(i) + ")");
    }
    i += length;
  }
}

// A path segment of the tag delete: no "/" (Go escapes it, Python does not; refused).
void require_segment(std::string_view name, const std::string& value) {
  detail::require_non_empty(name, value);
  if (value.find('/') != std::string::npos) {
    throw InvalidArgumentError(std::string(name) + " \"" + detail::one_line(value) +
                               "\" contains '/', which the tag path cannot carry");
  }
}

template <class T>
T decode_as(const Json& data) {
  T out{};
  from_json(data, out);
  return out;
}

void check_chat_request(const ChatCompletionRequest& request) {
  detail::require_non_empty("model", request.model);
  if (request.messages.empty()) throw InvalidArgumentError("messages is empty");
  for (std::size_t i = 0; i < request.messages.size(); ++i) {
    if (request.messages[i].role.empty()) {
      throw InvalidArgumentError("messages[" + std::to_string(i) + "].role is empty");
    }
  }
}

}  // namespace

LlmClient::LlmClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

LlmSession LlmClient::create_session(const CreateLlmSessionRequest& request,
                                     const CallOptions& options) const {
  detail::require_non_empty("title", request.title);
  detail::require_non_empty("source", request.source);
  detail::require_non_empty("user_id", request.user_id);
  auto call = make_call(ep::kL1CreateSession);
  call.body = Json(request);
  return runner_->run_as<LlmSession>(call, options);
}

LlmSessionList LlmClient::list_sessions(const ListLlmSessionsRequest& request,
                                        const CallOptions& options) const {
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kL2ListSessions);
  // The SDKs send only non-empty filters.
  const auto add = [&call](const char* key, const std::optional<std::string>& value) {
    if (value && !value->empty()) call.query.add(key, *value);
  };
  add("user_id", request.user_id);
  add("source", request.source);
  add("keyword", request.keyword);
  std::string tags;
  for (const std::string& tag : request.tags) {
    if (tag.find(',') != std::string::npos) {
      throw InvalidArgumentError("tag \"" + detail::one_line(tag) +
                                 "\" contains ',', which the comma-joined tags query cannot carry");
    }
    if (tag.empty()) continue;
    if (!tags.empty()) tags += ',';
    tags += tag;
  }
  if (!tags.empty()) call.query.add("tags", tags);
  if (request.page) call.query.add("page", *request.page);
  if (request.page_size) call.query.add("page_size", *request.page_size);
  return runner_->run_as<LlmSessionList>(call, options);
}

LlmSession LlmClient::get_session(std::int64_t session_id, const CallOptions& options) const {
  require_id("session_id", session_id);
  const std::string id = decimal(session_id);
  return runner_->run_as<LlmSession>(make_call(ep::kL3GetSession, {{"session_id", id}}), options);
}

LlmSession LlmClient::update_session(std::int64_t session_id,
                                     const UpdateLlmSessionRequest& request,
                                     const CallOptions& options) const {
  require_id("session_id", session_id);
  const std::string id = decimal(session_id);
  auto call = make_call(ep::kL4UpdateSession, {{"session_id", id}});
  call.body = Json(request);
  if (call.body->is_null()) call.body = Json::object();
  return runner_->run_as<LlmSession>(call, options);
}

LlmDeleteResult LlmClient::delete_session(std::int64_t session_id,
                                          const CallOptions& options) const {
  require_id("session_id", session_id);
  const std::string id = decimal(session_id);
  return runner_->run_as<LlmDeleteResult>(make_call(ep::kL5DeleteSession, {{"session_id", id}}),
                                          options);
}

std::vector<LlmMessage> LlmClient::list_session_messages(std::int64_t session_id,
                                                         const ListLlmMessagesRequest& request,
                                                         const CallOptions& options) const {
  require_id("session_id", session_id);
  detail::require_at_least("limit", request.limit, 1);
  detail::require_at_least("after", request.after, 0);
  const std::string id = decimal(session_id);
  auto call = make_call(ep::kL6ListSessionMessages, {{"session_id", id}});
  const auto add = [&call](const char* key, const std::optional<std::string>& value) {
    if (value && !value->empty()) call.query.add(key, *value);
  };
  add("source", request.source);
  add("role", request.role);
  add("status", request.status);
  add("model", request.model);
  if (request.after) call.query.add("after", *request.after);
  if (request.limit) call.query.add("limit", *request.limit);
  std::vector<LlmMessage> messages;
  runner_->run(call, options, [&messages](const Json& data) {
    if (data.is_null()) return;  // an empty answer: no messages
    if (!data.is_array()) {
      throw DecodeError("", std::string("expected an array of messages, got ") +
                                data.type_name());
    }
    messages.reserve(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
      try {
        messages.push_back(decode_as<LlmMessage>(data[i]));
      } catch (const DecodeError& error) {
        throw error.with_prefix("[" + std::to_string(i) + "]");
      }
    }
  });
  return messages;
}

LlmLatestMessage LlmClient::latest_message(std::int64_t session_id,
                                           const CallOptions& options) const {
  require_id("session_id", session_id);
  const std::string id = decimal(session_id);
  return runner_->run_as<LlmLatestMessage>(make_call(ep::kL8LatestMessage, {{"session_id", id}}),
                                           options);
}

LlmLatestMessage LlmClient::latest_completed_message(std::int64_t session_id,
                                                     const CallOptions& options) const {
  require_id("session_id", session_id);
  const std::string id = decimal(session_id);
  return runner_->run_as<LlmLatestMessage>(
      make_call(ep::kL7LatestCompletedMessage, {{"session_id", id}}), options);
}

LlmResponseEdit LlmClient::modify_response(std::int64_t session_id, std::int64_t message_id,
                                           const std::string& text,
                                           const CallOptions& options) const {
  require_id("session_id", session_id);
  require_id("message_id", message_id);
  require_plain_text("modified response", text);
  const std::string sid = decimal(session_id);
  const std::string mid = decimal(message_id);
  auto call = make_call(ep::kL9ModifyResponse, {{"session_id", sid}, {"message_id", mid}});
  call.text_body = text;
  return runner_->run_as<LlmResponseEdit>(call, options);
}

LlmResponseEdit LlmClient::append_response(std::int64_t session_id, std::int64_t message_id,
                                           const std::string& text,
                                           const CallOptions& options) const {
  require_id("session_id", session_id);
  require_id("message_id", message_id);
  require_plain_text("appended response", text);
  const std::string sid = decimal(session_id);
  const std::string mid = decimal(message_id);
  auto call = make_call(ep::kL10AppendResponse, {{"session_id", sid}, {"message_id", mid}});
  call.text_body = text;
  return runner_->run_as<LlmResponseEdit>(call, options);
}

LlmMessage LlmClient::create_message(const CreateLlmMessageRequest& request,
                                     const CallOptions& options) const {
  detail::require_non_empty("user_id", request.user_id);
  detail::require_non_empty("source", request.source);
  detail::require_non_empty("role", request.role);
  detail::require_non_empty("model", request.model);
  auto call = make_call(ep::kL11CreateMessage);
  call.body = Json(request);
  return runner_->run_as<LlmMessage>(call, options);
}

LlmMessage LlmClient::get_message(std::int64_t message_id, const CallOptions& options) const {
  require_id("message_id", message_id);
  const std::string id = decimal(message_id);
  return runner_->run_as<LlmMessage>(make_call(ep::kL12GetMessage, {{"message_id", id}}), options);
}

LlmMessage LlmClient::update_message(std::int64_t message_id,
                                     const UpdateLlmMessageRequest& request,
                                     const CallOptions& options) const {
  require_id("message_id", message_id);
  const std::string id = decimal(message_id);
  auto call = make_call(ep::kL13UpdateMessage, {{"message_id", id}});
  call.body = Json(request);
  if (call.body->is_null()) call.body = Json::object();
  return runner_->run_as<LlmMessage>(call, options);
}

LlmDeleteResult LlmClient::delete_message(std::int64_t message_id,
                                          const CallOptions& options) const {
  require_id("message_id", message_id);
  const std::string id = decimal(message_id);
  return runner_->run_as<LlmDeleteResult>(make_call(ep::kL14DeleteMessage, {{"message_id", id}}),
                                          options);
}

LlmMessage LlmClient::set_message_tags(std::int64_t message_id,
                                       const std::vector<std::string>& tags,
                                       const CallOptions& options) const {
  require_id("message_id", message_id);
  const std::string id = decimal(message_id);
  auto call = make_call(ep::kL15SetMessageTags, {{"message_id", id}});
  call.body = Json{{"tags", tags}};
  return runner_->run_as<LlmMessage>(call, options);
}

LlmDeleteResult LlmClient::delete_message_tag(std::int64_t message_id, const std::string& source,
                                              const std::string& name,
                                              const CallOptions& options) const {
  require_id("message_id", message_id);
  require_segment("tag source", source);
  require_segment("tag name", name);
  const std::string id = decimal(message_id);
  return runner_->run_as<LlmDeleteResult>(
      make_call(ep::kL16DeleteMessageTag,
                {{"message_id", id}, {"source", source}, {"name", name}}),
      options);
}

ChatCompletion LlmClient::chat_completion(ChatCompletionRequest request,
                                          const CallOptions& options) const {
  check_chat_request(request);
  request.stream = false;
  auto call = make_call(ep::kL17ChatCompletions);
  call.body = Json(request);
  return runner_->run_as<ChatCompletion>(call, options);
}

void LlmClient::stream_chat_completion(ChatCompletionRequest request,
                                       const ChatChunkHandler& on_chunk,
                                       const CallOptions& options, const SseOptions& sse) const {
  check_chat_request(request);
  request.stream = true;
  auto call = make_call(ep::kL17ChatCompletions);
  call.body = Json(request);
  bool done = false;
  std::uint64_t events = 0;
  // Quoted stream text is redacted here: what a sink throws leaves run_stream unchanged.
  const detail::Secrets key(runner_->options().api_key);
  const auto on_event = [&](SseEvent& event) {
    ++events;
    const std::string where = "event " + std::to_string(events);
    if (done) {
      throw DecodeError(where, "data after [DONE]: " + detail::body_excerpt(event.data, key, 80));
    }
    if (event.data == "[DONE]") {
      done = true;
      return;
    }
    const detail::BoundedJson parsed = detail::parse_json_bounded(event.data);
    if (!parsed.ok()) {
      throw DecodeError(where, "data is not JSON (" + detail::server_text(parsed.error, key) +
                                   "): " + detail::body_excerpt(event.data, key, 80));
    }
    if (parsed.value.is_object() && parsed.value.contains("error")) {
      // An error reported inside the stream (OpenAI does so): its message, on one line.
      const Json& error = parsed.value["error"];
      std::string message = error.is_object() ? detail::string_member(error, "message") : "";
      if (message.empty()) message = detail::body_excerpt(event.data, key, 160);
      throw DecodeError(where, "the proxy reported an error: " + detail::server_text(message, key));
    }
    ChatCompletionChunk chunk;
    try {
      from_json(parsed.value, chunk);
    } catch (const DecodeError& error) {
      throw error.with_prefix(where);
    }
    if (on_chunk) on_chunk(chunk);
  };
  // A proxy that ignored `stream` answered one JSON completion: the same text as one chunk.
  bool whole = false;
  const auto on_data = [&](const Json& data) {
    if (data.is_null()) return;  // an empty answer: reported below as a stream without [DONE]
    const auto completion = decode_as<ChatCompletion>(data);
    ChatCompletionChunk chunk;
    chunk.id = completion.id;
    chunk.object = "chat.completion.chunk";
    chunk.created = completion.created;
    chunk.model = completion.model;
    chunk.usage = completion.usage;
    for (const ChatChoice& choice : completion.choices) {
      ChatChunkChoice part;
      part.index = choice.index;
      part.finish_reason = choice.finish_reason;
      if (choice.message) {
        ChatDelta delta;
        delta.role = choice.message->role;
        delta.content = choice.message->content;
        part.delta = std::move(delta);
      }
      chunk.choices.push_back(std::move(part));
    }
    whole = true;
    if (on_chunk) on_chunk(chunk);
  };
  detail::run_event_stream(*runner_, call, options, sse, on_event, on_data);
  if (!done && !whole) {
    throw DecodeError("", "the chat stream ended after " + std::to_string(events) +
                              " event(s) without data: [DONE] (cut short?)");
  }
}

ChatCompletion LlmClient::stream_chat_completion_whole(ChatCompletionRequest request,
                                                       const ChatChunkHandler& on_chunk,
                                                       const CallOptions& options,
                                                       const SseOptions& sse) const {
  ChatStreamAccumulator accumulator;
  stream_chat_completion(
      std::move(request),
      [&](const ChatCompletionChunk& chunk) {
        accumulator.add(chunk);
        if (on_chunk) on_chunk(chunk);
      },
      options, sse);
  return accumulator.result();
}

LlmMessage record_chat_exchange(const LlmClient& client, const ChatRecordOptions& where,
                                const ChatCompletionRequest& request,
                                const ChatCompletion& answer, const CallOptions& options) {
  require_id("session_id", where.session_id);
  const ChatMessage* question = nullptr;
  for (const ChatMessage& message : request.messages) {
    if (message.role == "user") question = &message;
  }
  if (question == nullptr || !question->content) {
    throw InvalidArgumentError("the chat request has no user message with text to record");
  }
  CreateLlmMessageRequest record;
  record.user_id = where.user_id;
  record.source = where.source;
  record.role = "user";
  record.content = *question->content;
  record.model = request.model;
  record.session_id = where.session_id;
  record.status = "success";
  std::string text;
  if (!answer.choices.empty() && answer.choices.front().message &&
      answer.choices.front().message->content) {
    text = *answer.choices.front().message->content;
  }
  record.response = std::move(text);
  record.tags = where.tags;
  return client.create_message(record, options);
}

}  // namespace moi
