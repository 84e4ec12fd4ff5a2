// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: the schemas of the LLM proxy's models (moi/model/llm.hpp), in the form of
// model/schema.hpp (which includes this file), kept apart so the proxy's rows stay together.

#include <tuple>

#include "model/codec.hpp"
#include "moi/model/llm.hpp"

namespace moi::model_codec {

template <>
struct Schema<LlmTag> {
  using T = LlmTag;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name), field("source", &T::source),
      field<UnixSeconds>("created_at", &T::created_at),
      field<UnixSeconds>("updated_at", &T::updated_at));
};

template <>
struct Schema<LlmSession> {
  using T = LlmSession;
  static constexpr auto kFields = std::make_tuple(
      field("id", &T::id), field("title", &T::title), field("source", &T::source),
      field("user_id", &T::user_id), field("config", &T::config),
      field("tags", &T::tags, kDefaulted), field<UnixSeconds>("created_at", &T::created_at),
      field<UnixSeconds>("updated_at", &T::updated_at));
};

template <>
struct Schema<CreateLlmSessionRequest> {
  using T = CreateLlmSessionRequest;
  static constexpr auto kFields = std::make_tuple(
      field("title", &T::title, kRequired), field("source", &T::source, kRequired),
      field("user_id", &T::user_id, kRequired), field("config", &T::config),
      field("tags", &T::tags));
};

template <>
struct Schema<LlmSessionList> {
  using T = LlmSessionList;
  static constexpr auto kFields =
      std::make_tuple(field("sessions", &T::sessions, kDefaulted), field("total", &T::total),
                      field("page", &T::page), field("page_size", &T::page_size));
};

template <>
struct Schema<UpdateLlmSessionRequest> {
  using T = UpdateLlmSessionRequest;
  static constexpr auto kFields =
      std::make_tuple(field("title", &T::title), field("source", &T::source),
                      field("config", &T::config), field("tags", &T::tags));
};

template <>
struct Schema<LlmDeleteResult> {
  using T = LlmDeleteResult;
  static constexpr auto kFields = std::make_tuple(field("message", &T::message));
};

template <>
struct Schema<LlmMessage> {
  using T = LlmMessage;
  static constexpr auto kFields = std::make_tuple(
      field("id", &T::id), field("user_id", &T::user_id), field("session_id", &T::session_id),
      field("source", &T::source), field("role", &T::role),
      field("original_content", &T::original_content), field("content", &T::content),
      field("model", &T::model), field("status", &T::status), field("response", &T::response),
      field("modified_response", &T::modified_response), field("config", &T::config),
      field("tags", &T::tags, kDefaulted), field<UnixSeconds>("created_at", &T::created_at),
      field<UnixSeconds>("updated_at", &T::updated_at));
};

template <>
struct Schema<LlmLatestMessage> {
  using T = LlmLatestMessage;
  static constexpr auto kFields =
      std::make_tuple(field("session_id", &T::session_id), field("message_id", &T::message_id));
};

template <>
struct Schema<LlmResponseEdit> {
  using T = LlmResponseEdit;
  static constexpr auto kFields = std::make_tuple(
      field("message", &T::message), field("session_id", &T::session_id),
      field("message_id", &T::message_id), field("modified_response", &T::modified_response),
      field("append_content", &T::append_content));
};

template <>
struct Schema<CreateLlmMessageRequest> {
  using T = CreateLlmMessageRequest;
  static constexpr auto kFields = std::make_tuple(
      field("user_id", &T::user_id, kRequired), field("source", &T::source, kRequired),
      field("role", &T::role, kRequired), field("content", &T::content, kRequired),
      field("model", &T::model, kRequired), field("session_id", &T::session_id),
      field("original_content", &T::original_content), field("status", &T::status),
      field("response", &T::response), field("config", &T::config), field("tags", &T::tags));
};

template <>
struct Schema<UpdateLlmMessageRequest> {
  using T = UpdateLlmMessageRequest;
  static constexpr auto kFields = std::make_tuple(
      field("status", &T::status), field("response", &T::response),
      field("modified_response", &T::modified_response), field("content", &T::content),
      field("config", &T::config), field("tags", &T::tags));
};

template <>
struct Schema<ChatMessage> {
  using T = ChatMessage;
  static constexpr auto kFields =
      std::make_tuple(field("role", &T::role, kRequired), field("content", &T::content));
};

template <>
struct Schema<ChatCompletionRequest> {
  using T = ChatCompletionRequest;
  static constexpr auto kFields = std::make_tuple(
      field("model", &T::model, kRequired), field("messages", &T::messages, kRequired),
      field("temperature", &T::temperature), field("max_tokens", &T::max_tokens),
      field("stop", &T::stop), field("stream", &T::stream));
};

template <>
struct Schema<ChatUsage> {
  using T = ChatUsage;
  static constexpr auto kFields = std::make_tuple(
      field("prompt_tokens", &T::prompt_tokens),
      field("completion_tokens", &T::completion_tokens), field("total_tokens", &T::total_tokens));
};

template <>
struct Schema<ChatChoice> {
  using T = ChatChoice;
  static constexpr auto kFields =
      std::make_tuple(field("index", &T::index), field("message", &T::message),
                      field("finish_reason", &T::finish_reason));
};

template <>
struct Schema<ChatCompletion> {
  using T = ChatCompletion;
  static constexpr auto kFields = std::make_tuple(
      field("id", &T::id), field("object", &T::object), field("created", &T::created),
      field("model", &T::model), field("choices", &T::choices, kRequired),
      field("usage", &T::usage));
};

template <>
struct Schema<ChatDelta> {
  using T = ChatDelta;
  static constexpr auto kFields =
      std::make_tuple(field("role", &T::role), field("content", &T::content));
};

template <>
struct Schema<ChatChunkChoice> {
  using T = ChatChunkChoice;
  static constexpr auto kFields =
      std::make_tuple(field("index", &T::index), field("delta", &T::delta),
                      field("finish_reason", &T::finish_reason));
};

template <>
struct Schema<ChatCompletionChunk> {
  using T = ChatCompletionChunk;
  static constexpr auto kFields = std::make_tuple(
      field("id", &T::id), field("object", &T::object), field("created", &T::created),
      field("model", &T::model), field("choices", &T::choices, kRequired),
      field("usage", &T::usage));
};

}  // namespace moi::model_codec
