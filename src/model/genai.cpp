// SPDX-License-Identifier: Apache-2.0
// Codecs of the GenAI models, GenaiStatus and the step-order rules.
#include "moi/model/genai.hpp"

#include <array>
#include <utility>

#include "model/codec.hpp"
#include "model/genai_schema.hpp"
#include "core/safe_text.hpp"
#include "moi_internal/ascii.hpp"

namespace moi {

MOI_MODEL_CODEC(GenaiJobCreated);
MOI_MODEL_CODEC(GenaiJobFile);
MOI_MODEL_CODEC(GenaiJob);

GenaiStatus::Kind GenaiStatus::kind() const noexcept {
  static constexpr std::array<std::pair<const char*, Kind>, 4> kKinds{{
      {"pending", Kind::kPending},
      {"processing", Kind::kProcessing},
      {"completed", Kind::kCompleted},
      {"failed", Kind::kFailed},
  }};
  for (const auto& [text, kind] : kKinds) {
    if (detail::iequals(text_, text)) return kind;
  }
  return Kind::kOther;
}

void from_json(const Json& j, GenaiStatus& status) {
  model_codec::Note note;
  model_codec::Value<GenaiStatus, model_codec::Plain>::decode(j, status, note);
}

void to_json(Json& j, const GenaiStatus& status) { j = status.text(); }

bool is_finished(const GenaiJob& job) noexcept { return job.status && job.status->is_final(); }

void to_json(Json& j, const GenaiStep& step) {
  j = Json{{"node", step.node},
           {"parameters", step.parameters.is_null() ? Json(Json::value_t::object)
                                                    : step.parameters}};
}

void from_json(const Json& j, GenaiStep& step) {
  if (!j.is_object()) model_codec::throw_type("an object", j);
  step = GenaiStep{};
  const auto node = j.find("node");
  if (node == j.end()) throw DecodeError("node", "missing required member");
  if (!node->is_string()) {
    try {
      model_codec::throw_type("a string", *node);
    } catch (const DecodeError& error) {
      throw error.with_prefix("node");
    }
  }
  step.node = node->get<std::string>();
  const auto parameters = j.find("parameters");
  if (parameters != j.end() && !parameters->is_null()) {
    if (!parameters->is_object()) {
      try {
        model_codec::throw_type("an object", *parameters);
      } catch (const DecodeError& error) {
        throw error.with_prefix("parameters");
      }
    }
    step.parameters = *parameters;
  }
}

std::vector<std::string> validate_genai_steps(const std::vector<GenaiStep>& steps) {
  using namespace genai_nodes;
  if (steps.empty()) {
    throw InvalidArgumentError("steps: the list is empty (give at least one step, e.g. ParseNode)");
  }
  std::string order;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const GenaiStep& step = steps[i];
    const std::string where = "steps[" + std::to_string(i) + "]";
    if (step.node.empty()) throw InvalidArgumentError(where + ": the node name is empty");
    if (!step.parameters.is_null() && !step.parameters.is_object()) {
      throw InvalidArgumentError(where + " (" + step.node +
                                 "): parameters must be a JSON object ({} for the defaults)");
    }
    const std::string previous = i == 0 ? std::string() : steps[i - 1].node;
    if (step.node == kChunk && previous != kParse) {
      throw InvalidArgumentError(where + ": ChunkNode takes ParseNode's output: it must come "
                                         "right after ParseNode");
    }
    if (step.node == kEmbed && previous != kChunk) {
      throw InvalidArgumentError(where + ": EmbedNode takes ChunkNode's output: it must come "
                                         "right after ChunkNode");
    }
    order += (i == 0 ? "" : ", ") + step.node;
  }
  static const std::vector<std::vector<std::string>> kDocumented{
      {kParse}, {kParse, kChunk}, {kParse, kChunk, kEmbed}, {kParse, kChunk, kEmbed, kExtract},
      {kExtract}};
  for (const auto& documented : kDocumented) {
    if (documented.size() != steps.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < steps.size() && same; ++i) same = steps[i].node == documented[i];
    if (same) return {};
  }
  return {"steps: the order " + detail::one_line(order) +
          " is not one of the documented orders (ParseNode; ParseNode, ChunkNode; ParseNode, "
          "ChunkNode, EmbedNode; ParseNode, ChunkNode, EmbedNode, ExtractNode; ExtractNode): "
          "sent as given"};
}

void to_json(Json& j, const GenaiWorkflowRequest& request) {
  Json nodes = Json::array();
  for (const GenaiWorkflowNode& node : request.nodes) {
    nodes.push_back({{"id", node.id},
                     {"type", node.type},
                     {"init_parameters", node.init_parameters.is_null()
                                             ? Json(Json::value_t::object)
                                             : node.init_parameters}});
  }
  Json connections = Json::array();
  for (const GenaiWorkflowConnection& connection : request.connections) {
    Json c{{"sender", connection.sender}, {"receiver", connection.receiver}};
    if (connection.sender_port) c["sender_port"] = *connection.sender_port;
    if (connection.receiver_port) c["receiver_port"] = *connection.receiver_port;
    connections.push_back(std::move(c));
  }
  j = Json{{"name", request.name},
           {"source_volume_names", request.source_volume_names},
           {"source_volume_ids", request.source_volume_ids},
           {"process_mode",
            {{"interval", request.process_interval}, {"offset", request.process_offset}}},
           {"workflow",
            {{request.node_list_key.empty() ? std::string("node") : request.node_list_key,
              std::move(nodes)},
             {"connections", std::move(connections)}}}};
  if (request.target_volume_id) j["target_volume_id"] = *request.target_volume_id;
  if (request.create_target_volume_name) {
    j["create_target_volume_name"] = *request.create_target_volume_name;
  }
  if (!request.file_types.empty()) {
    Json types = Json::array();
    for (const FileType type : request.file_types) types.push_back(static_cast<std::int64_t>(type));
    j["file_types"] = std::move(types);
  }
}

}  // namespace moi
