// SPDX-License-Identifier: Apache-2.0
// PipelineBuilder: edits a WorkflowConfig; build() validates (pipeline_validate.cpp).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "helpers/pipeline_internal.hpp"
#include "moi/helpers/pipeline.hpp"

namespace moi {

using namespace pipeline_detail;

PipelineBuilder::PipelineBuilder() {
  workflow_.components.emplace();
  workflow_.connections.emplace();
  workflow_.edges.emplace();
  workflow_.extra_components.emplace();
}

PipelineBuilder PipelineBuilder::from(WorkflowConfig workflow) {
  PipelineBuilder builder;
  builder.workflow_ = std::move(workflow);
  return builder;
}

PipelineBuilder& PipelineBuilder::add(Component component) {
  const auto& existing = components_of(workflow_);
  check_name(component, existing.size());
  for (std::size_t i = 0; i < existing.size(); ++i) {
    if (existing[i].name == component.name) throw_duplicate(*component.name, i, existing.size());
  }
  if (!workflow_.components) workflow_.components.emplace();
  workflow_.components->push_back(std::move(component));
  return *this;
}

PipelineBuilder& PipelineBuilder::connect(std::string_view sender, std::string_view receiver) {
  const std::string where =
      describe_connection(std::nullopt, std::string(sender), std::string(receiver));
  check_endpoint(sender, "sender", where);
  check_endpoint(receiver, "receiver", where);
  for (const auto& c : connections_of(workflow_)) {
    if (c.sender == sender && c.receiver == receiver) return *this;  // already connected
  }
  if (!workflow_.connections) workflow_.connections.emplace();
  workflow_.connections->push_back(Connection::make(std::string(sender), std::string(receiver)));
  return *this;
}

namespace {

// `"S" -> "R"`.
std::string arrow(std::string_view sender, std::string_view receiver) {
  return in_quotes(sender) + " -> " + in_quotes(receiver);
}

// Throws `no connection "S" -> "R"`, with the closest existing connection when one is close.
[[noreturn]] void throw_no_connection(std::string_view sender, std::string_view receiver,
                                      const std::vector<Connection>& connections) {
  std::vector<Candidate> candidates;
  for (const auto& c : connections) {
    if (!c.sender || !c.receiver) continue;
    const std::string text = *c.sender + " -> " + *c.receiver;
    candidates.push_back({arrow(*c.sender, *c.receiver), {text}});
  }
  std::string suggestion =
      closest(std::string(sender) + " -> " + std::string(receiver), candidates);
  throw InvalidArgumentError("no connection " + arrow(sender, receiver) +
                             (suggestion.empty() ? "" : " (did you mean " + suggestion + "?)"));
}

}  // namespace

PipelineBuilder& PipelineBuilder::disconnect(std::string_view sender, std::string_view receiver) {
  if (workflow_.connections) {
    auto& list = *workflow_.connections;
    const auto end = std::remove_if(list.begin(), list.end(), [&](const Connection& c) {
      return c.sender == sender && c.receiver == receiver;
    });
    if (end != list.end()) {
      list.erase(end, list.end());
      return *this;
    }
  }
  throw_no_connection(sender, receiver, connections_of(workflow_));
}

PipelineBuilder& PipelineBuilder::insert_between(std::string_view sender, std::string_view receiver,
                                                 Component component, std::string_view input,
                                                 std::string_view output) {
  const std::string where =
      describe_connection(std::nullopt, std::string(sender), std::string(receiver));
  check_endpoint(sender, "sender", where);
  check_endpoint(receiver, "receiver", where);
  const auto& existing = connections_of(workflow_);
  const auto matches = [&](const Connection& c) {
    return c.sender == sender && c.receiver == receiver;
  };
  const auto first = std::find_if(existing.begin(), existing.end(), matches);
  if (first == existing.end()) throw_no_connection(sender, receiver, existing);
  const auto& components = components_of(workflow_);
  check_name(component, components.size());
  for (std::size_t i = 0; i < components.size(); ++i) {
    if (components[i].name == component.name) {
      throw_duplicate(*component.name, i, components.size());
    }
  }
  const std::string in = socket_ref(*component.name, input);
  const std::string out = socket_ref(*component.name, output);
  check_endpoint(in, "receiver", describe_connection(std::nullopt, std::string(sender), in));
  check_endpoint(out, "sender", describe_connection(std::nullopt, out, std::string(receiver)));

  // Build the new list, then commit (strong guarantee).
  std::vector<Connection> list;
  list.reserve(existing.size() + 1);
  const auto present = [&](const std::string& s, const std::string& r) {
    return std::any_of(list.begin(), list.end(),
                       [&](const Connection& c) { return c.sender == s && c.receiver == r; }) ||
           std::any_of(existing.begin(), existing.end(),
                       [&](const Connection& c) { return c.sender == s && c.receiver == r; });
  };
  for (auto it = existing.begin(); it != existing.end(); ++it) {
    if (it == first) {
      if (!present(std::string(sender), in)) {
        list.push_back(Connection::make(std::string(sender), in));
      }
      if (!present(out, std::string(receiver))) {
        list.push_back(Connection::make(out, std::string(receiver)));
      }
    } else if (!matches(*it)) {
      list.push_back(*it);
    }
  }
  std::vector<Component> new_components = components;
  new_components.push_back(std::move(component));
  workflow_.connections = std::move(list);
  workflow_.components = std::move(new_components);
  return *this;
}

PipelineBuilder& PipelineBuilder::remove(std::string_view name) {
  const Component* target = find(name);
  if (target == nullptr) throw_no_component(name, components_of(workflow_));
  const auto index = static_cast<std::size_t>(target - workflow_.components->data());

  if (workflow_.connections) {
    const Resolver resolver(*workflow_.components);
    const auto refers_to_target = [&](const std::optional<std::string>& endpoint) {
      if (!endpoint || !endpoint_problem(*endpoint).empty()) return false;
      return resolver.try_resolve(component_of(*endpoint)) == index;
    };
    auto& list = *workflow_.connections;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const Connection& c) {
                                return refers_to_target(c.sender) || refers_to_target(c.receiver);
                              }),
               list.end());
  }
  workflow_.components->erase(workflow_.components->begin() + static_cast<std::ptrdiff_t>(index));
  return *this;
}

Component& PipelineBuilder::component(std::string_view name) {
  const Component* c = find(name);
  if (c == nullptr) throw_no_component(name, components_of(workflow_));
  return const_cast<Component&>(*c);
}

const Component* PipelineBuilder::find(std::string_view name) const noexcept {
  for (const auto& c : components_of(workflow_)) {
    if (c.name && *c.name == name) return &c;
  }
  return nullptr;
}

const std::vector<Component>& PipelineBuilder::components() const noexcept {
  return components_of(workflow_);
}

const std::vector<Connection>& PipelineBuilder::connections() const noexcept {
  return connections_of(workflow_);
}

WorkflowConfig PipelineBuilder::build() const {
  validate_pipeline(workflow_);
  return workflow_;
}

}  // namespace moi
