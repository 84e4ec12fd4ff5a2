// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// LlmClient: the LLM proxy's chat sessions and messages (`/llm-proxy/api/...`) and its
/// OpenAI-compatible chat completion (`/llm-proxy/v1/chat/completions`), plain or streamed.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/llm.hpp"
#include "moi/options.hpp"
#include "moi/sse.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Receives each chunk of a streamed chat completion, as soon as its event arrived. An
/// exception it throws aborts the stream and propagates from the call.
using ChatChunkHandler = std::function<void(const ChatCompletionChunk& chunk)>;

/// The LLM proxy. Obtain one from Client::llm().
///
/// Reached at the base URL followed by "/llm-proxy", or at ClientOptions::llm_proxy_url when
/// set (the direct mode), with the same key, retries, logging and redaction as every call.
/// Answers are bare JSON; an error answer `{"error":{"message","type","code"}}` becomes
/// HttpError with detail() the message (one line, secrets redacted) and service_code() the
/// code (else the type). Other failures are the moi::Error subclasses of moi/error.hpp; a
/// bad argument is InvalidArgumentError before anything is sent.
///
/// Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT LlmClient {
 public:
  // ---- Sessions ----

  /// `POST /api/sessions`: creates a session. Not retried unless nothing was sent.
  /// @throws InvalidArgumentError when title, source or user_id is empty.
  LlmSession create_session(const CreateLlmSessionRequest& request,
                            const CallOptions& options = {}) const;

  /// `GET /api/sessions?user_id=&source=&keyword=&tags=&page=&page_size=`: one page of
  /// sessions (only the members set are sent; tags comma-joined). all_llm_sessions() pages.
  /// @throws InvalidArgumentError when page or page_size is below 1, or a tag holds a comma.
  LlmSessionList list_sessions(const ListLlmSessionsRequest& request = {},
                               const CallOptions& options = {}) const;

  /// `GET /api/sessions/{id}`.
  LlmSession get_session(std::int64_t session_id, const CallOptions& options = {}) const;

  /// `PUT /api/sessions/{id}`: changes the members set in @p request (tags: the whole set).
  LlmSession update_session(std::int64_t session_id, const UpdateLlmSessionRequest& request,
                            const CallOptions& options = {}) const;

  /// `DELETE /api/sessions/{id}`.
  LlmDeleteResult delete_session(std::int64_t session_id, const CallOptions& options = {}) const;

  // ---- A session's messages ----

  /// `GET /api/sessions/{id}/messages?source=&role=&status=&model=&after=&limit=`: messages
  /// after the message id `after` (exclusive), oldest first as the service sends them, with
  /// `original_content` and `content` empty (get_message() has them). all_llm_messages()
  /// pages. @throws InvalidArgumentError when limit is below 1 or after is negative.
  std::vector<LlmMessage> list_session_messages(std::int64_t session_id,
                                                const ListLlmMessagesRequest& request = {},
                                                const CallOptions& options = {}) const;

  /// `GET /api/sessions/{id}/messages/latest`: the newest message of any status.
  LlmLatestMessage latest_message(std::int64_t session_id, const CallOptions& options = {}) const;

  /// `GET /api/sessions/{id}/messages/latest-completed`: the newest message with status
  /// success.
  LlmLatestMessage latest_completed_message(std::int64_t session_id,
                                            const CallOptions& options = {}) const;

  /// `PUT /api/sessions/{sid}/messages/{mid}/modify-response`: sets the message's
  /// `modified_response` to @p text, sent as a `text/plain` body byte for byte.
  /// @throws InvalidArgumentError when @p text is not valid UTF-8 or holds a NUL byte.
  LlmResponseEdit modify_response(std::int64_t session_id, std::int64_t message_id,
                                  const std::string& text, const CallOptions& options = {}) const;

  /// `POST /api/sessions/{sid}/messages/{mid}/append-modified-response`: appends @p text
  /// (text/plain) to the message's `modified_response`. Not retried unless nothing was sent
  /// (a repeat would append twice). @throws InvalidArgumentError as modify_response().
  LlmResponseEdit append_response(std::int64_t session_id, std::int64_t message_id,
                                  const std::string& text, const CallOptions& options = {}) const;

  // ---- Chat messages ----

  /// `POST /api/chat-messages`: records a message. Not retried unless nothing was sent.
  /// @throws InvalidArgumentError when user_id, source, role or model is empty.
  LlmMessage create_message(const CreateLlmMessageRequest& request,
                            const CallOptions& options = {}) const;

  /// `GET /api/chat-messages/{id}`: the message with its content.
  LlmMessage get_message(std::int64_t message_id, const CallOptions& options = {}) const;

  /// `PUT /api/chat-messages/{id}`: changes the members set in @p request.
  LlmMessage update_message(std::int64_t message_id, const UpdateLlmMessageRequest& request,
                            const CallOptions& options = {}) const;

  /// `DELETE /api/chat-messages/{id}`.
  LlmDeleteResult delete_message(std::int64_t message_id, const CallOptions& options = {}) const;

  /// `PUT /api/chat-messages/{id}/tags` with `{"tags": [...]}`: replaces the message's tags.
  LlmMessage set_message_tags(std::int64_t message_id, const std::vector<std::string>& tags,
                              const CallOptions& options = {}) const;

  /// `DELETE /api/chat-messages/{id}/tags/{source}/{name}`: removes one tag.
  /// @throws InvalidArgumentError when @p source or @p name is empty, "." or "..", or holds a
  ///         `/` (the official SDKs disagree on escaping it, so the service's reading of one is
  ///         unknown: refused rather than guessed).
  LlmDeleteResult delete_message_tag(std::int64_t message_id, const std::string& source,
                                     const std::string& name,
                                     const CallOptions& options = {}) const;

  // ---- Chat completions (experimental: no document describes this call) ----

  /// `POST /v1/chat/completions` with `stream` false: the whole answer. Not retried unless
  /// nothing was sent (or CallOptions::retry_non_idempotent).
  /// @throws InvalidArgumentError when the model is empty or there is no message; DecodeError
  ///         when the answer has no `choices`.
  ChatCompletion chat_completion(ChatCompletionRequest request,
                                 const CallOptions& options = {}) const;

  /// `POST /v1/chat/completions` with `stream` true: each chunk (the JSON `data:` of an event)
  /// goes to @p on_chunk as soon as its event arrived; returns once `data: [DONE]` arrived.
  ///
  /// The call's timeout (CallOptions::timeout, else ClientOptions::timeout) bounds idleness,
  /// not the whole stream; CallOptions::deadline bounds the whole call and should_abort
  /// cancels it promptly; nothing is retried once the stream began. A proxy that ignores
  /// `stream` and answers one JSON completion is accepted: it is handed over as one chunk.
  /// @throws DecodeError (naming the event) when an event's data is not JSON or not a chunk
  ///         (no `choices`), when the stream ends without `[DONE]`, or when an event exceeds
  ///         @p sse's limit; TimeoutError, CancelledError, TransportError (a cut stream);
  ///         HttpError for an error answer; whatever @p on_chunk throws.
  void stream_chat_completion(ChatCompletionRequest request, const ChatChunkHandler& on_chunk,
                              const CallOptions& options = {},
                              const SseOptions& sse = {}) const;

  /// stream_chat_completion() that also reassembles the chunks (ChatStreamAccumulator) and
  /// returns the whole answer; @p on_chunk (may be empty) still sees each chunk as it arrives.
  ChatCompletion stream_chat_completion_whole(ChatCompletionRequest request,
                                              const ChatChunkHandler& on_chunk = {},
                                              const CallOptions& options = {},
                                              const SseOptions& sse = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::llm())
  explicit LlmClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

/// Where record_chat_exchange() stores an exchange.
struct ChatRecordOptions {
  std::int64_t session_id = 0;  ///< The session (required, positive).
  std::string user_id{};        ///< The application's user (required).
  std::string source{};         ///< The application's name (required).
  std::optional<std::vector<std::string>> tags{};  ///< Tags of the message.
};

/// Records one chat exchange into a session: creates ONE chat message (`POST
/// /api/chat-messages`) with role `user`, `content` the last user message of @p request,
/// `model` the request's model, `response` the text of @p answer's first choice, `status`
/// `success`, and the session, user, source and tags of @p where. The proxy's chat call is
/// not known to record anything itself, so applications that keep histories call this after
/// each exchange (`moi chat --session` does). Returns the created message.
/// @throws InvalidArgumentError when @p where misses a member or @p request has no user
///         message; the call's errors as LlmClient::create_message().
MOI_EXPORT LlmMessage record_chat_exchange(const LlmClient& client,
                                           const ChatRecordOptions& where,
                                           const ChatCompletionRequest& request,
                                           const ChatCompletion& answer,
                                           const CallOptions& options = {});

}  // namespace moi
