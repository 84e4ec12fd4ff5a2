// SPDX-License-Identifier: Apache-2.0
// Codecs of the LLM proxy's models and the reassembly of a streamed chat completion.
#include <algorithm>
#include <utility>

#include "model/codec.hpp"
#include "model/schema.hpp"
#include "moi/model/llm.hpp"

namespace moi {

MOI_MODEL_CODEC(LlmTag);
MOI_MODEL_CODEC(LlmSession);
MOI_MODEL_CODEC(CreateLlmSessionRequest);
MOI_MODEL_CODEC(LlmSessionList);
MOI_MODEL_CODEC(UpdateLlmSessionRequest);
MOI_MODEL_CODEC(LlmDeleteResult);
MOI_MODEL_CODEC(LlmMessage);
MOI_MODEL_CODEC(LlmLatestMessage);
MOI_MODEL_CODEC(LlmResponseEdit);
MOI_MODEL_CODEC(CreateLlmMessageRequest);
MOI_MODEL_CODEC(UpdateLlmMessageRequest);
MOI_MODEL_CODEC(ChatMessage);
MOI_MODEL_CODEC(ChatCompletionRequest);
MOI_MODEL_CODEC(ChatUsage);
MOI_MODEL_CODEC(ChatChoice);
MOI_MODEL_CODEC(ChatCompletion);
MOI_MODEL_CODEC(ChatDelta);
MOI_MODEL_CODEC(ChatChunkChoice);
MOI_MODEL_CODEC(ChatCompletionChunk);

void ChatStreamAccumulator::add(const ChatCompletionChunk& chunk) {
  ++chunks_;
  if (chunk.id && !whole_.id) whole_.id = chunk.id;
  if (chunk.model && !whole_.model) whole_.model = chunk.model;
  if (chunk.created && !whole_.created) whole_.created = chunk.created;
  if (chunk.usage) whole_.usage = chunk.usage;
  for (const ChatChunkChoice& part : chunk.choices) {
    const std::int64_t index = part.index.value_or(0);
    auto it = std::find_if(whole_.choices.begin(), whole_.choices.end(),
                           [index](const ChatChoice& c) { return c.index == index; });
    if (it == whole_.choices.end()) {
      ChatChoice choice;
      choice.index = index;
      choice.message = ChatMessage{};
      // Choices kept in index order: usually appended, as they first appear in order.
      it = whole_.choices.insert(
          std::upper_bound(whole_.choices.begin(), whole_.choices.end(), index,
                           [](std::int64_t i, const ChatChoice& c) { return i < c.index; }),
          std::move(choice));
    }
    ChatMessage& message = *it->message;
    if (part.delta) {
      if (part.delta->role && message.role.empty()) message.role = *part.delta->role;
      if (part.delta->content) {
        if (!message.content) message.content.emplace();
        *message.content += *part.delta->content;
      }
    }
    if (part.finish_reason) it->finish_reason = part.finish_reason;
  }
}

ChatCompletion ChatStreamAccumulator::result() const {
  ChatCompletion out = whole_;
  out.object = "chat.completion";
  for (ChatChoice& choice : out.choices) {
    if (choice.message && choice.message->role.empty()) choice.message->role = "assistant";
  }
  return out;
}

std::string ChatStreamAccumulator::text() const {
  for (const ChatChoice& choice : whole_.choices) {
    if (choice.index == 0 && choice.message && choice.message->content) {
      return *choice.message->content;
    }
  }
  return {};
}

}  // namespace moi
