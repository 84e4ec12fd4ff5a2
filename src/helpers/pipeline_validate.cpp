// SPDX-License-Identifier: Apache-2.0
// Pipeline validation (validate_pipeline(), parse_socket_ref()) and the message helpers the
// builder shares (pipeline_internal.hpp).
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "helpers/pipeline_internal.hpp"
#include "moi/helpers/pipeline.hpp"

namespace moi {
namespace pipeline_detail {

std::string in_quotes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

std::string in_quotes_or_none(const std::optional<std::string>& s) {
  return s ? in_quotes(std::string_view(*s)) : std::string("(none)");
}

// `connection #3 "A.x" -> "B.y"`, or `connection "A.x" -> "B.y"` when not yet numbered.
std::string describe_connection(std::optional<std::size_t> index,
                                const std::optional<std::string>& sender,
                                const std::optional<std::string>& receiver) {
  std::string out = "connection ";
  if (index) out += "#" + std::to_string(*index) + " ";
  return out + in_quotes_or_none(sender) + " -> " + in_quotes_or_none(receiver);
}

// Why @p endpoint is not "Component.socket", or "" when it is.
std::string endpoint_problem(std::string_view endpoint) {
  const auto dot = endpoint.find('.');
  if (dot == std::string_view::npos) return "expected \"Component.socket\"";
  if (dot == 0) return "the component name before '.' is empty";
  if (dot + 1 == endpoint.size()) return "the socket name after '.' is empty";
  return {};
}

// Throws `<where>: malformed sender "X": <problem>` when @p endpoint is not "Component.socket".
void check_endpoint(std::string_view endpoint, const char* role, const std::string& where) {
  const std::string problem = endpoint_problem(endpoint);
  if (!problem.empty()) {
    throw InvalidArgumentError(where + ": malformed " + role + " " + in_quotes(endpoint) + ": " +
                               problem);
  }
}

// The component part of a well-formed endpoint.
std::string_view component_of(std::string_view endpoint) {
  return endpoint.substr(0, endpoint.find('.'));
}

// `component_id` without a trailing `_<digits>` (the console writes "<Name>_<epoch ms>").
static std::string_view id_stem(std::string_view id) {
  const auto underscore = id.rfind('_');
  if (underscore == std::string_view::npos || underscore + 1 == id.size()) return id;
  for (std::size_t i = underscore + 1; i < id.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(id[i])) == 0) return id;
  }
  return id.substr(0, underscore);
}

static std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Levenshtein distance (insertions, deletions, substitutions) of two short strings.
static std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}


// The closest candidate to @p ref (see docs/pipelines.md, "did you mean"), or "" when none is
// close: the smallest case-insensitive edit distance to one of a candidate's keys, when at most
// max(2, |ref| / 3) and less than |ref|; else the shortest suggestion containing @p ref
// (case-insensitive, |ref| >= 4). Ties go to the first candidate.
std::string closest(std::string_view ref, const std::vector<Candidate>& candidates) {
  const std::string needle = lower(ref);
  const std::size_t limit = std::max<std::size_t>(2, needle.size() / 3);
  const Candidate* best = nullptr;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    for (const auto& key : c.keys) {
      const std::size_t d = edit_distance(needle, lower(key));
      if (d < best_distance && d < needle.size()) {
        best = &c;
        best_distance = d;
      }
    }
  }
  if (best != nullptr) return best->suggestion;
  if (needle.size() < 4) return {};
  for (const auto& c : candidates) {
    if (lower(c.suggestion).find(needle) == std::string::npos) continue;
    if (best == nullptr || c.suggestion.size() < best->suggestion.size()) best = &c;
  }
  return best != nullptr ? best->suggestion : std::string();
}

// ` (did you mean "X"?)`, or "" when @p suggestion is empty.
std::string did_you_mean(const std::string& suggestion) {
  return suggestion.empty() ? std::string() : " (did you mean " + in_quotes(suggestion) + "?)";
}

// The class name of a component type: "DocumentCleaner" for
// "haystack.components.preprocessors.document_cleaner.DocumentCleaner".
static std::string_view class_name(std::string_view type) {
  const auto dot = type.rfind('.');
  return dot == std::string_view::npos ? type : type.substr(dot + 1);
}

// The components' names, each also matched through its type's class name.
std::vector<Candidate> name_candidates(const std::vector<Component>& components) {
  std::vector<Candidate> out;
  for (const auto& c : components) {
    if (!c.name || c.name->empty()) continue;
    Candidate candidate{*c.name, {*c.name}};
    if (c.type && !c.type->empty()) candidate.keys.emplace_back(class_name(*c.type));
    out.push_back(std::move(candidate));
  }
  return out;
}

[[noreturn]] void throw_no_component(std::string_view name,
                                     const std::vector<Component>& components) {
  throw InvalidArgumentError("no component named " + in_quotes(name) +
                             did_you_mean(closest(name, name_candidates(components))));
}

const std::vector<Component>& components_of(const WorkflowConfig& wf) {
  static const std::vector<Component> kNone;
  return wf.components ? *wf.components : kNone;
}

const std::vector<Connection>& connections_of(const WorkflowConfig& wf) {
  static const std::vector<Connection> kNone;
  return wf.connections ? *wf.connections : kNone;
}


Resolver::Resolver(const std::vector<Component>& components) : components_(components) {
  for (std::size_t i = 0; i < components.size(); ++i) {
    const auto& c = components[i];
    if (c.name && !c.name->empty()) by_name_.emplace(*c.name, i);  // first one wins
    if (c.component_id) by_stem_[std::string(id_stem(*c.component_id))].push_back(i);
  }
}

std::size_t Resolver::resolve(std::string_view ref, const std::string& where,
                              std::string_view role) const {
  const std::string key(ref);
  if (auto it = by_name_.find(key); it != by_name_.end()) return it->second;
  const auto it = by_stem_.find(key);
  if (it == by_stem_.end() || it->second.empty()) {
    throw InvalidArgumentError(where + ": " + std::string(role) + " component " + in_quotes(ref) +
                               " is not in the pipeline" +
                               did_you_mean(closest(ref, name_candidates(components_))));
  }
  if (it->second.size() > 1) {
    std::string names;
    for (auto i : it->second) {
      if (!names.empty()) names += ", ";
      names += label(i);
    }
    throw InvalidArgumentError(where + ": " + std::string(role) + " component " + in_quotes(ref) +
                               " is no component's name and matches the component_id of " +
                               "several components (" + names + ")");
  }
  return it->second.front();
}

std::optional<std::size_t> Resolver::try_resolve(std::string_view ref) const {
  const std::string key(ref);
  if (auto it = by_name_.find(key); it != by_name_.end()) return it->second;
  const auto it = by_stem_.find(key);
  if (it == by_stem_.end() || it->second.size() != 1) return std::nullopt;
  return it->second.front();
}

std::string Resolver::label(std::size_t i) const {
  const auto& c = components_[i];
  return c.name ? in_quotes(*c.name) : "#" + std::to_string(i);
}

// Throws when component @p index has no usable name.
void check_name(const Component& c, std::size_t index) {
  if (!c.name || c.name->empty()) {
    std::string message = "component #" + std::to_string(index) + " has no name";
    if (c.component_id) message += " (component_id " + in_quotes(*c.component_id) + ")";
    throw InvalidArgumentError(message);
  }
  if (c.name->find('.') != std::string::npos) {
    throw InvalidArgumentError("component #" + std::to_string(index) + " name " +
                               in_quotes(*c.name) +
                               " contains '.', which separates component and socket in "
                               "connections");
  }
}

[[noreturn]] void throw_duplicate(const std::string& name, std::size_t first, std::size_t second) {
  throw InvalidArgumentError("duplicate component name " + in_quotes(name) + " (components #" +
                             std::to_string(first) + " and #" + std::to_string(second) + ")");
}

// Throws when @p graph (adjacency lists) has a cycle, naming its components.
static void check_acyclic(const std::vector<std::vector<std::size_t>>& graph,
                         const Resolver& resolver) {
  enum : char { kNew, kOnStack, kDone };
  std::vector<char> state(graph.size(), kNew);
  struct Frame {
    std::size_t node;
    std::size_t next_edge;
  };
  for (std::size_t root = 0; root < graph.size(); ++root) {
    if (state[root] != kNew) continue;
    std::vector<Frame> stack{{root, 0}};
    state[root] = kOnStack;
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next_edge == graph[top.node].size()) {
        state[top.node] = kDone;
        stack.pop_back();
        continue;
      }
      const std::size_t next = graph[top.node][top.next_edge++];
      if (state[next] == kOnStack) {
        std::string cycle;
        auto first = std::find_if(stack.begin(), stack.end(),
                                  [next](const Frame& f) { return f.node == next; });
        for (auto it = first; it != stack.end(); ++it) cycle += resolver.label(it->node) + " -> ";
        cycle += resolver.label(next);
        throw InvalidArgumentError("connections form a cycle: " + cycle);
      }
      if (state[next] == kNew) {
        state[next] = kOnStack;
        stack.push_back({next, 0});
      }
    }
  }
}

// Throws when @p component's sockets are fully known and @p endpoint's socket is not one of
// them (its outputs for a sender, its inputs for a receiver).
static void check_socket(const Component& component, std::string_view endpoint, bool is_sender,
                         const std::string& where) {
  if (!component.type) return;
  const auto* known = components::find_documented_sockets(*component.type);
  if (known == nullptr || !known->complete) return;
  const auto& allowed = is_sender ? known->outputs : known->inputs;
  const std::string_view socket = endpoint.substr(endpoint.find('.') + 1);
  if (std::find(allowed.begin(), allowed.end(), socket) != allowed.end()) return;

  const char* side = is_sender ? "output" : "input";
  std::vector<Candidate> candidates;
  std::string listed;
  for (const auto name : allowed) {
    candidates.push_back({std::string(name), {std::string(name)}});
    if (!listed.empty()) listed += ", ";
    listed += in_quotes(name);
  }
  std::string message = where + ": " + (is_sender ? "sender " : "receiver ") +
                        in_quotes(component_of(endpoint)) + " is a " +
                        std::string(class_name(*component.type)) + ", which has no " + side +
                        " socket " + in_quotes(socket);
  const std::string suggestion = closest(socket, candidates);
  if (!suggestion.empty()) {
    message += did_you_mean(suggestion);
  } else {
    message += " (its " + std::string(side) + " sockets: " + listed + ")";
  }
  throw InvalidArgumentError(message);
}

}  // namespace pipeline_detail

using namespace pipeline_detail;

SocketRef parse_socket_ref(std::string_view text, std::string_view role) {
  const std::string problem = endpoint_problem(text);
  if (!problem.empty()) {
    throw InvalidArgumentError("malformed " + std::string(role) + " " + in_quotes(text) + ": " +
                               problem);
  }
  const auto dot = text.find('.');
  return SocketRef{std::string(text.substr(0, dot)), std::string(text.substr(dot + 1))};
}

std::string socket_ref(std::string_view component, std::string_view socket) {
  std::string out;
  out.reserve(component.size() + 1 + socket.size());
  out += component;
  out += '.';
  out += socket;
  return out;
}

void validate_pipeline(const WorkflowConfig& workflow) {
  const auto& components = components_of(workflow);
  const auto& connections = connections_of(workflow);

  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < components.size(); ++i) {
    check_name(components[i], i);
    const auto [it, inserted] = seen.emplace(*components[i].name, i);
    if (!inserted) throw_duplicate(*components[i].name, it->second, i);
  }

  const Resolver resolver(components);
  std::vector<std::vector<std::size_t>> graph(components.size());
  for (std::size_t i = 0; i < connections.size(); ++i) {
    const auto& c = connections[i];
    const std::string where = describe_connection(i, c.sender, c.receiver);
    if (!c.sender) throw InvalidArgumentError(where + ": the sender is missing");
    if (!c.receiver) throw InvalidArgumentError(where + ": the receiver is missing");
    check_endpoint(*c.sender, "sender", where);
    check_endpoint(*c.receiver, "receiver", where);
    const auto from = resolver.resolve(component_of(*c.sender), where, "sender");
    const auto to = resolver.resolve(component_of(*c.receiver), where, "receiver");
    check_socket(components[from], *c.sender, true, where);
    check_socket(components[to], *c.receiver, false, where);
    graph[from].push_back(to);
  }
  check_acyclic(graph, resolver);
}

}  // namespace moi
