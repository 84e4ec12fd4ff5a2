// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// The LLM proxy (`/llm-proxy`): chat sessions and their messages (`/api/...`, the 16 calls of
/// the official SDKs) and the OpenAI-compatible chat completion (`/v1/chat/completions`).
///
/// Conventions as in moi/model/common.hpp (unknown keys kept in `extra`, optional members
/// written only when set, a decoded value re-encodes as it arrived). The proxy's answers are
/// bare JSON (no envelope). Ids are 64-bit integers; times are unix SECONDS (the Timestamp
/// members read them as such); every `config` is a JSON document held in a string, chosen
/// by the application. Roles and statuses are open strings (values listed per member).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/common.hpp"
#include "moi/visibility.hpp"

namespace moi {

// ---- Sessions and messages (`/llm-proxy/api/...`) --------------------------------------------

/// A tag of a session or message: a name stored with a source.
struct LlmTag {
  std::optional<std::string> name{};    ///< The tag.
  std::optional<std::string> source{};  ///< The application it belongs to.
  Timestamp created_at{};               ///< Unix seconds on the wire.
  Timestamp updated_at{};               ///< Unix seconds on the wire.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LlmTag);

/// A chat session.
struct LlmSession {
  std::optional<std::int64_t> id{};      ///< Session id.
  std::optional<std::string> title{};    ///< Title (searched by ListLlmSessionsRequest::keyword).
  std::optional<std::string> source{};   ///< The application's name.
  std::optional<std::string> user_id{};  ///< The application's user (not a MOI user id).
  std::optional<std::string> config{};   ///< Application JSON, as a string.
  std::vector<LlmTag> tags{};            ///< Empty when absent or null.
  Timestamp created_at{};                ///< Unix seconds on the wire.
  Timestamp updated_at{};                ///< Unix seconds on the wire.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LlmSession);

/// Body of `POST /llm-proxy/api/sessions`.
struct CreateLlmSessionRequest {
  std::string title{};                              ///< Required.
  std::string source{};                             ///< Required: the application's name.
  std::string user_id{};                            ///< Required: the application's user.
  std::optional<std::string> config{};              ///< Application JSON, as a string.
  std::optional<std::vector<std::string>> tags{};   ///< Tag names.
  Json extra{};                                     ///< Keys sent as they are (null or an object).
  detail::WireMemoHolder wire_{};                   ///< Internal; never set it.
};
MOI_MODEL_JSON(CreateLlmSessionRequest);

/// Query of `GET /llm-proxy/api/sessions`. Unset or empty members are not sent.
struct ListLlmSessionsRequest {
  std::optional<std::string> user_id{};  ///< Only this user's sessions.
  std::optional<std::string> source{};   ///< Only this application's.
  std::optional<std::string> keyword{};  ///< Title search.
  std::vector<std::string> tags{};       ///< Sent comma-joined; every tag must match.
  std::optional<std::int64_t> page{};       ///< 1-based (service default 1).
  std::optional<std::int64_t> page_size{};  ///< Service default 20, at most 100.
};

/// Answer of `GET /llm-proxy/api/sessions`.
struct LlmSessionList {
  std::vector<LlmSession> sessions{};       ///< This page; empty when absent or null.
  std::optional<std::int64_t> total{};      ///< Matches in all pages.
  std::optional<std::int64_t> page{};       ///< The page.
  std::optional<std::int64_t> page_size{};  ///< Its size.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LlmSessionList);

/// Body of `PUT /llm-proxy/api/sessions/{id}`: only the members set are sent (and changed).
struct UpdateLlmSessionRequest {
  std::optional<std::string> title{};              ///< New title.
  std::optional<std::string> source{};             ///< New source.
  std::optional<std::string> config{};             ///< New application JSON, as a string.
  std::optional<std::vector<std::string>> tags{};  ///< Replaces the whole tag set.
  Json extra{};                                    ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                  ///< Internal; never set it.
};
MOI_MODEL_JSON(UpdateLlmSessionRequest);

/// Answer of the proxy's deletes: `{message}`.
struct LlmDeleteResult {
  std::optional<std::string> message{};  ///< Server text.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LlmDeleteResult);

/// A chat message. The listing of a session's messages returns `original_content` and
/// `content` empty: LlmClient::get_message() has them.
struct LlmMessage {
  std::optional<std::int64_t> id{};                 ///< Message id.
  std::optional<std::string> user_id{};             ///< The application's user.
  std::optional<std::int64_t> session_id{};         ///< Its session (null: none).
  std::optional<std::string> source{};              ///< The application's name.
  std::optional<std::string> role{};                ///< user, system, assistant, agent-tool.
  std::optional<std::string> original_content{};    ///< The content before any rewriting.
  std::optional<std::string> content{};             ///< The message.
  std::optional<std::string> model{};               ///< Model name.
  std::optional<std::string> status{};              ///< success, failed, retry, aborted.
  std::optional<std::string> response{};            ///< The model's answer.
  std::optional<std::string> modified_response{};   ///< The answer as edited afterwards.
  std::optional<std::string> config{};              ///< Application JSON, as a string.
  std::vector<LlmTag> tags{};                       ///< Empty when absent or null.
  Timestamp created_at{};                           ///< Unix seconds on the wire.
  Timestamp updated_at{};                           ///< Unix seconds on the wire.
  Json extra{};                                     ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LlmMessage);

/// Query of `GET /llm-proxy/api/sessions/{id}/messages`. Unset members are not sent.
struct ListLlmMessagesRequest {
  std::optional<std::string> source{};  ///< Only this source.
  std::optional<std::string> role{};    ///< Only this role.
  std::optional<std::string> status{};  ///< Only this status.
  std::optional<std::string> model{};   ///< Only this model.
  std::optional<std::int64_t> after{};  ///< Only messages with a larger id (exclusive).
  std::optional<std::int64_t> limit{};  ///< Service default 20, at most 100.
};

/// Answer of `.../messages/latest` and `.../messages/latest-completed`.
struct LlmLatestMessage {
  std::optional<std::int64_t> session_id{};  ///< The session.
  std::optional<std::int64_t> message_id{};  ///< Its newest (successful) message.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LlmLatestMessage);

/// Answer of `modify-response` (`modified_response`) and `append-modified-response`
/// (`append_content`).
struct LlmResponseEdit {
  std::optional<std::string> message{};            ///< Server text.
  std::optional<std::int64_t> session_id{};        ///< The session.
  std::optional<std::int64_t> message_id{};        ///< The message.
  std::optional<std::string> modified_response{};  ///< modify-response: the new text.
  std::optional<std::string> append_content{};     ///< append-modified-response: what was added.
  Json extra{};                                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(LlmResponseEdit);

/// Body of `POST /llm-proxy/api/chat-messages`.
struct CreateLlmMessageRequest {
  std::string user_id{};                           ///< Required.
  std::string source{};                            ///< Required.
  std::string role{};                              ///< Required: user, system, assistant, ...
  std::string content{};                           ///< Required.
  std::string model{};                             ///< Required.
  std::optional<std::int64_t> session_id{};        ///< The session it belongs to.
  std::optional<std::string> original_content{};   ///< The content before rewriting.
  std::optional<std::string> status{};             ///< Default success.
  std::optional<std::string> response{};           ///< The model's answer.
  std::optional<std::string> config{};             ///< Application JSON, as a string.
  std::optional<std::vector<std::string>> tags{};  ///< Tag names.
  Json extra{};                                    ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                  ///< Internal; never set it.
};
MOI_MODEL_JSON(CreateLlmMessageRequest);

/// Body of `PUT /llm-proxy/api/chat-messages/{id}`: only the members set are sent.
struct UpdateLlmMessageRequest {
  std::optional<std::string> status{};             ///< New status.
  std::optional<std::string> response{};           ///< New answer.
  std::optional<std::string> modified_response{};  ///< New edited answer.
  std::optional<std::string> content{};            ///< New content.
  std::optional<std::string> config{};             ///< New application JSON, as a string.
  std::optional<std::vector<std::string>> tags{};  ///< Replaces the whole tag set.
  Json extra{};                                    ///< Keys sent as they are.
  detail::WireMemoHolder wire_{};                  ///< Internal; never set it.
};
MOI_MODEL_JSON(UpdateLlmMessageRequest);

// ---- Chat completions (`POST /llm-proxy/v1/chat/completions`, OpenAI-compatible) --------------
// Experimental: no document describes this call (PLATFORM-NOTES §6.2); the shapes are
// OpenAI's, and every key the SDK does not model is kept in `extra`.

/// One message of a conversation.
struct ChatMessage {
  std::string role{};                   ///< system, user or assistant (sent as given).
  /// The text. Unset: not sent (put another form, e.g. an array of parts, in extra["content"]).
  std::optional<std::string> content{};
  Json extra{};                         ///< Other keys (name, tool_calls, ...).
  detail::WireMemoHolder wire_{};       ///< Internal; never set it.
};
MOI_MODEL_JSON(ChatMessage);

/// Body of a chat completion. LlmClient sets `stream` itself.
struct ChatCompletionRequest {
  std::string model{};                            ///< Required: a model the proxy serves.
  std::vector<ChatMessage> messages{};            ///< Required: at least one.
  std::optional<double> temperature{};            ///< Sampling temperature.
  std::optional<std::int64_t> max_tokens{};       ///< Longest answer, in tokens.
  std::optional<std::vector<std::string>> stop{};  ///< Stop sequences.
  std::optional<bool> stream{};                   ///< Set by the client's call.
  Json extra{};  ///< Any other OpenAI key (top_p, seed, ...), sent as it is.
  detail::WireMemoHolder wire_{};                 ///< Internal; never set it.
};
MOI_MODEL_JSON(ChatCompletionRequest);

/// Token counts of an answer.
struct ChatUsage {
  std::optional<std::int64_t> prompt_tokens{};      ///< Tokens read.
  std::optional<std::int64_t> completion_tokens{};  ///< Tokens written.
  std::optional<std::int64_t> total_tokens{};       ///< Their sum.
  Json extra{};                                     ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ChatUsage);

/// One choice of a whole answer.
struct ChatChoice {
  std::optional<std::int64_t> index{};         ///< Its index.
  std::optional<ChatMessage> message{};        ///< The answer (role assistant).
  std::optional<std::string> finish_reason{};  ///< stop, length, ... (null while unknown).
  Json extra{};                                ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};              ///< Internal; never set it.
};
MOI_MODEL_JSON(ChatChoice);

/// A whole answer (`object` "chat.completion"). Decoding fails when `choices` is missing.
struct ChatCompletion {
  std::optional<std::string> id{};      ///< Answer id.
  std::optional<std::string> object{};  ///< "chat.completion".
  std::optional<std::int64_t> created{};  ///< Unix seconds.
  std::optional<std::string> model{};   ///< The model that answered.
  std::vector<ChatChoice> choices{};    ///< Required on the wire.
  std::optional<ChatUsage> usage{};     ///< Token counts.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ChatCompletion);

/// What one streamed chunk adds to a choice's message.
struct ChatDelta {
  std::optional<std::string> role{};     ///< Usually only in the first chunk.
  std::optional<std::string> content{};  ///< The next piece of text.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal; never set it.
};
MOI_MODEL_JSON(ChatDelta);

/// One choice of a streamed chunk.
struct ChatChunkChoice {
  std::optional<std::int64_t> index{};         ///< The choice it extends.
  std::optional<ChatDelta> delta{};            ///< What it adds.
  std::optional<std::string> finish_reason{};  ///< Set in the choice's last chunk.
  Json extra{};                                ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};              ///< Internal; never set it.
};
MOI_MODEL_JSON(ChatChunkChoice);

/// One streamed chunk (`object` "chat.completion.chunk"), the `data:` of one event. Decoding
/// fails when `choices` is missing (it may be empty, e.g. in a final usage-only chunk).
struct ChatCompletionChunk {
  std::optional<std::string> id{};        ///< Answer id (the same in every chunk).
  std::optional<std::string> object{};    ///< "chat.completion.chunk".
  std::optional<std::int64_t> created{};  ///< Unix seconds.
  std::optional<std::string> model{};     ///< The model that answers.
  std::vector<ChatChunkChoice> choices{};  ///< Required on the wire.
  std::optional<ChatUsage> usage{};       ///< Token counts (usually in the last chunk).
  Json extra{};                           ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};         ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ChatCompletionChunk);

/// Reassembles streamed chunks into the whole answer they make: per choice index, the delta
/// texts concatenated in order, the first role and the last finish reason; id, model, created
/// and usage from the chunks that carry them; `object` "chat.completion". A plain value type.
class MOI_EXPORT ChatStreamAccumulator {
 public:
  /// Adds @p chunk (in arrival order).
  void add(const ChatCompletionChunk& chunk);
  /// The answer so far (choices ordered by index).
  ChatCompletion result() const;
  /// The text of choice 0 so far.
  std::string text() const;
  /// Chunks added.
  std::size_t chunks() const noexcept { return chunks_; }

 private:
  ChatCompletion whole_{};
  std::size_t chunks_ = 0;
};

}  // namespace moi
