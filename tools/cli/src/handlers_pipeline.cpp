// SPDX-License-Identifier: Apache-2.0
// pipeline actions: the presets of the SDK's builder (moi::components::presets()) and
// validate_pipeline(), locally: nothing is sent.
#include <string_view>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pipeline.hpp"

namespace moi::cli {
namespace {

Json names(const std::vector<std::string_view>& list) {
  Json out = Json::array();
  for (const std::string_view name : list) out.push_back(std::string(name));
  return out;
}

std::string joined(const std::vector<std::string_view>& list) {
  std::string out;
  for (const std::string_view name : list) out += (out.empty() ? "" : ",") + std::string(name);
  return out.empty() ? "-" : out;
}

// TEMPORARY until moi::components::presets() is merged from h4-flow.
struct Preset {
  std::string_view name, function, type;
  const components::DocumentedSockets* sockets;
  Component (*make_default)();
};
std::vector<Preset> presets_table() {
  namespace mc = components;
  std::vector<Preset> out;
  const std::vector<std::pair<std::string_view, Component (*)()>> makers = {
      {"document_cleaner", [] { return mc::document_cleaner(); }},
      {"document_writer", [] { return mc::document_writer(); }},
      {"document_splitter", [] { return mc::document_splitter(); }},
      {"document_joiner", [] { return mc::document_joiner(); }},
      {"openai_document_embedder", [] { return mc::openai_document_embedder(); }},
      {"file_type_router", [] { return mc::file_type_router(); }},
      {"metadata_router", [] { return mc::metadata_router(); }},
      {"python_executor", [] { return mc::python_executor(); }},
      {"text_file_to_document", [] { return mc::text_file_to_document(); }},
      {"markdown_to_document", [] { return mc::markdown_to_document(); }},
      {"docx_to_document", [] { return mc::docx_to_document(); }},
      {"pptx_to_document", [] { return mc::pptx_to_document(); }},
      {"magic_pdf_to_document", [] { return mc::magic_pdf_to_document(); }},
      {"image_to_document", [] { return mc::image_to_document(); }},
      {"image_ocr_to_document", [] { return mc::image_ocr_to_document(); }},
      {"image_caption_to_document", [] { return mc::image_caption_to_document(); }},
      {"document_content_image_filler", [] { return mc::document_content_image_filler(); }},
  };
  static std::vector<std::string> names;
  for (const auto& [function, make] : makers) {
    const Component c = make();
    names.push_back(c.name.value_or(""));
    const std::string type = c.type.value_or("");
    out.push_back({"", function, mc::find_documented_sockets(type)->type,
                   mc::find_documented_sockets(type), make});
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i].name = names[i];
  return out;
}

}  // namespace

Result pipeline_components(const Invocation&) {
  Result result;
  result.data = Json::array();
  result.table = Table{{"PRESET", "NAME", "TYPE", "INPUTS", "OUTPUTS"}, {}};
  for (const Preset& preset : presets_table()) {
    const Component component = preset.make_default();
    const components::DocumentedSockets* sockets = preset.sockets;
    const std::vector<std::string_view> none;
    const auto& inputs = sockets ? sockets->inputs : none;
    const auto& outputs = sockets ? sockets->outputs : none;
    result.data.push_back(
        {{"preset", std::string(preset.function)},
         {"name", std::string(preset.name)},
         {"type", std::string(preset.type)},
         {"inputs", names(inputs)},
         {"outputs", names(outputs)},
         {"sockets_complete", sockets != nullptr && sockets->complete},
         {"init_parameters", component.init_parameters.value_or(Json::object())}});
    result.table->rows.push_back({std::string(preset.function), std::string(preset.name),
                                  std::string(preset.type), joined(inputs), joined(outputs)});
  }
  return result;
}

Result pipeline_validate(const Invocation& inv) {
  const Json& input = *inv.json;
  if (!input.is_object()) throw UsageError("--json: the pipeline must be a JSON object");
  const auto wrapped = input.find("workflow");
  const bool is_body = wrapped != input.end() && wrapped->is_object();
  const Json& pipeline = is_body ? *wrapped : input;
  if (!pipeline.contains("components") && !pipeline.contains("connections")) {
    throw UsageError(
        "--json: no pipeline: expected {components, connections, ...} or a body with "
        "\"workflow\"");
  }
  const auto config = decode_body<WorkflowConfig>(pipeline);
  Result result;
  try {
    validate_pipeline(config);
    result.data = {{"valid", true},
                   {"components", config.components ? config.components->size() : 0},
                   {"connections", config.connections ? config.connections->size() : 0}};
  } catch (const InvalidArgumentError& error) {
    std::string message = error.what();
    constexpr std::string_view kPrefix = "invalid argument: ";
    if (message.rfind(kPrefix, 0) == 0) message.erase(0, kPrefix.size());
    result.data = {{"valid", false}, {"message", message}};
    result.exit_code = kExitWaitFailed;
    inv.diagnostics.line("moi: the pipeline is not valid: " + message);
  }
  return result;
}

}  // namespace moi::cli
