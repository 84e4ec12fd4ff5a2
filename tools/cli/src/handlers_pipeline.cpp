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

}  // namespace

Result pipeline_components(const Invocation&) {
  Result result;
  result.data = Json::array();
  result.table = Table{{"PRESET", "NAME", "TYPE", "INPUTS", "OUTPUTS"}, {}};
  for (const components::Preset& preset : components::presets()) {
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
