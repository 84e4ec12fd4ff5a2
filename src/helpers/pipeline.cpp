// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace moi {
namespace {

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
std::string_view id_stem(std::string_view id) {
  const auto underscore = id.rfind('_');
  if (underscore == std::string_view::npos || underscore + 1 == id.size()) return id;
  for (std::size_t i = underscore + 1; i < id.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(id[i])) == 0) return id;
  }
  return id.substr(0, underscore);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Levenshtein distance (insertions, deletions, substitutions) of two short strings.
std::size_t edit_distance(std::string_view a, std::string_view b) {
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

// One name that can be suggested, and the texts it is compared with (its name, and for a
// component also the class name of its type).
struct Candidate {
  std::string suggestion;
  std::vector<std::string> keys;
};

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
std::string_view class_name(std::string_view type) {
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

// Finds the component a connection endpoint refers to (see validate_pipeline()).
class Resolver {
 public:
  explicit Resolver(const std::vector<Component>& components) : components_(components) {
    for (std::size_t i = 0; i < components.size(); ++i) {
      const auto& c = components[i];
      if (c.name && !c.name->empty()) by_name_.emplace(*c.name, i);  // first one wins
      if (c.component_id) by_stem_[std::string(id_stem(*c.component_id))].push_back(i);
    }
  }

  // Index of the component @p ref names; throws (prefixed with @p where) when none or several.
  std::size_t resolve(std::string_view ref, const std::string& where, std::string_view role) const {
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

  // Index of the component @p ref names, or nullopt.
  std::optional<std::size_t> try_resolve(std::string_view ref) const {
    const std::string key(ref);
    if (auto it = by_name_.find(key); it != by_name_.end()) return it->second;
    const auto it = by_stem_.find(key);
    if (it == by_stem_.end() || it->second.size() != 1) return std::nullopt;
    return it->second.front();
  }

  std::string label(std::size_t i) const {
    const auto& c = components_[i];
    return c.name ? in_quotes(*c.name) : "#" + std::to_string(i);
  }

 private:
  const std::vector<Component>& components_;
  std::map<std::string, std::size_t> by_name_;
  std::map<std::string, std::vector<std::size_t>> by_stem_;
};

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
void check_acyclic(const std::vector<std::vector<std::size_t>>& graph, const Resolver& resolver) {
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
void check_socket(const Component& component, std::string_view endpoint, bool is_sender,
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

}  // namespace

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

// ---- PipelineBuilder -----------------------------------------------------------------------

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

// ---- presets ----------------------------------------------------------------------------------

namespace components {
namespace {

Json secret_json(const EnvSecret& secret) {
  return Json{{"env_vars", secret.env_vars}, {"strict", secret.strict}, {"type", "env_var"}};
}

void check_extra(const ComponentOptions& options, std::string_view default_name) {
  if (!options.extra_parameters.is_null() && !options.extra_parameters.is_object()) {
    throw InvalidArgumentError("extra_parameters of component " +
                               in_quotes(options.name.value_or(std::string(default_name))) +
                               " must be a JSON object, not " +
                               options.extra_parameters.type_name());
  }
}

void merge_extra(const ComponentOptions& options, Json& init_parameters) {
  if (options.extra_parameters.is_object()) {
    for (const auto& [key, value] : options.extra_parameters.items()) init_parameters[key] = value;
  }
}

Component make(const ComponentOptions& options, std::string_view default_name,
               std::string_view type, Json init_parameters) {
  check_extra(options, default_name);
  if (init_parameters.is_null()) init_parameters = Json::object();
  merge_extra(options, init_parameters);
  Component c;
  const std::string name = options.name.value_or(std::string(default_name));
  c.name = name;
  c.type = std::string(type);
  c.component_id = options.component_id.value_or(name);
  c.intro = options.intro.value_or(name);
  if (!options.position.is_null()) c.position = options.position;
  if (!options.input_keys.is_null()) c.input_keys = options.input_keys;
  if (!options.output_keys.is_null()) c.output_keys = options.output_keys;
  c.init_parameters = std::move(init_parameters);
  return c;
}

// ---- the `init_parameters` each preset writes (without extra_parameters) ----

Json params(const DocumentCleanerOptions& o) {
  Json regex;  // null when unset
  if (o.remove_regex) {
    std::visit([&regex](const auto& value) { regex = value; }, *o.remove_regex);
  }
  return Json{{"ascii_only", o.ascii_only},
              {"keep_id", o.keep_id},
              {"remove_empty_lines", o.remove_empty_lines},
              {"remove_extra_whitespaces", o.remove_extra_whitespaces},
              {"remove_regex", std::move(regex)},
              {"remove_repeated_substrings", o.remove_repeated_substrings}};
}

Json store_params(const DocumentWriterOptions& o) {
  return Json{{"connection_string", secret_json(o.connection_string)},
              {"embedding_dimension", o.embedding_dimension},
              {"keyword_index_name", o.keyword_index_name},
              {"recreate_table", o.recreate_table},
              {"table_name", o.table_name},
              {"vector_function", o.vector_function}};
}

Json params(const DocumentWriterOptions& o) {
  return Json{{"document_store",
               Json{{"init_parameters", store_params(o)}, {"type", o.document_store_type}}},
              {"policy", o.policy}};
}

Json params(const DocumentSplitterOptions& o) {
  return Json{{"split_by", o.split_by},
              {"split_length", o.split_length},
              {"split_overlap", o.split_overlap},
              {"split_threshold", o.split_threshold}};
}

Json params(const DocumentJoinerOptions& o) {
  return Json{{"join_mode", o.join_mode}, {"sort_by_score", o.sort_by_score}};
}

Json params(const OpenAIDocumentEmbedderOptions& o) {
  return Json{{"api_base_url", o.api_base_url},
              {"api_key", secret_json(o.api_key)},
              {"batch_size", o.batch_size},
              {"embedding_separator", o.embedding_separator},
              {"meta_fields_to_embed", o.meta_fields_to_embed},
              {"model", o.model},
              {"prefix", o.prefix},
              {"progress_bar", o.progress_bar},
              {"suffix", o.suffix}};
}

Json params(const FileTypeRouterOptions& o) { return Json{{"mime_types", o.mime_types}}; }

Json params(const MetadataRouterOptions& o) {
  return Json{{"rules", o.rules.is_null() ? default_metadata_router_rules() : o.rules}};
}

Json params(const PythonExecutorOptions& o) {
  return Json{{"python_code", o.python_code.value_or(example_python_code())}};
}

Json params(const TextFileToDocumentOptions& o) { return Json{{"encoding", o.encoding}}; }

Json params(const MarkdownToDocumentOptions& o) {
  return Json{{"progress_bar", o.progress_bar}, {"table_to_single_line", o.table_to_single_line}};
}

Json params(const ImageProcessOptions& o) {
  return Json{{"image_process_types", o.image_process_types}};
}

Json params(const ImageOcrToDocumentOptions& o) {
  return Json{{"model", o.model}, {"tokenizer", o.tokenizer}};
}

Json params(const ComponentOptions&) { return Json::object(); }

// ---- reading options back from a component ----

// `component "X"` (or `component #?` without a name) for messages.
std::string label_of(const Component& c) {
  return "component " + (c.name ? in_quotes(*c.name) : std::string("(unnamed)"));
}

// Throws unless @p c's type is one of @p types.
void require_type(const Component& c, std::initializer_list<std::string_view> types) {
  if (c.type && std::find(types.begin(), types.end(), *c.type) != types.end()) return;
  std::string wanted;
  for (const auto t : types) {
    if (!wanted.empty()) wanted += " or ";
    wanted += in_quotes(t);
  }
  throw InvalidArgumentError(label_of(c) +
                             (c.type ? " has type " + in_quotes(*c.type) + ", not "
                                     : std::string(" has no type, expected ")) +
                             wanted);
}

// Reads the parameters of one component and collects the keys it did not model.
class ParamReader {
 public:
  ParamReader(const Component& c, std::string_view path = "init_parameters")
      : component_(c), path_(path) {
    if (c.init_parameters && c.init_parameters->is_object()) params_ = &*c.init_parameters;
    if (c.init_parameters && !c.init_parameters->is_null() && !c.init_parameters->is_object()) {
      throw InvalidArgumentError(label_of(c) + ": init_parameters must be a JSON object, not " +
                                 c.init_parameters->type_name());
    }
  }
  ParamReader(const Component& c, const Json* object, std::string_view path)
      : component_(c), path_(path), params_(object) {}

  // The value of @p key, or nullptr when absent; marks it as read.
  const Json* get(const char* key) {
    read_.emplace_back(key);
    if (params_ == nullptr) return nullptr;
    const auto it = params_->find(key);
    return it == params_->end() ? nullptr : &*it;
  }

  [[noreturn]] void wrong(const char* key, const char* expected, const Json& value) const {
    throw InvalidArgumentError(label_of(component_) + ": " + path_ + "." + key + " must be " +
                               expected + ", not " + value.type_name());
  }

  void read(const char* key, bool& out) {
    if (const Json* v = get(key)) {
      if (!v->is_boolean()) wrong(key, "a boolean", *v);
      out = v->get<bool>();
    }
  }
  void read(const char* key, std::int64_t& out) {
    if (const Json* v = get(key)) {
      if (!v->is_number_integer()) wrong(key, "an integer", *v);
      out = v->get<std::int64_t>();
    }
  }
  void read(const char* key, std::string& out) {
    if (const Json* v = get(key)) {
      if (!v->is_string()) wrong(key, "a string", *v);
      out = v->get<std::string>();
    }
  }
  void read(const char* key, std::vector<std::string>& out) {
    if (const Json* v = get(key)) {
      if (!is_string_list(*v)) wrong(key, "a list of strings", *v);
      out = v->get<std::vector<std::string>>();
    }
  }
  void read(const char* key, EnvSecret& out) {
    if (const Json* v = get(key)) {
      const auto field = [&](const char* name) -> const Json* {
        if (!v->is_object()) return nullptr;
        const auto it = v->find(name);
        return it == v->end() ? nullptr : &*it;
      };
      const Json* type = field("type");
      const Json* vars = field("env_vars");
      const Json* strict = field("strict");
      if (!v->is_object() || type == nullptr || *type != "env_var" || vars == nullptr ||
          !is_string_list(*vars) || (strict != nullptr && !strict->is_boolean())) {
        wrong(key,
              "an env_var secret {\"env_vars\": [...], \"strict\": ..., \"type\": \"env_var\"}",
              *v);
      }
      out.env_vars = vars->get<std::vector<std::string>>();
      out.strict = strict == nullptr || strict->get<bool>();
    }
  }

  // The keys of the parameters that were not read (null when none).
  Json unread() const {
    Json out;
    if (params_ == nullptr) return out;
    for (const auto& [key, value] : params_->items()) {
      if (std::find(read_.begin(), read_.end(), key) == read_.end()) out[key] = value;
    }
    return out;
  }

 private:
  static bool is_string_list(const Json& v) {
    return v.is_array() &&
           std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_string(); });
  }

  const Component& component_;
  std::string path_;
  const Json* params_ = nullptr;
  std::vector<std::string> read_;
};

// The common parts, then every parameter the preset does not model into extra_parameters.
void read_common(const Component& c, ComponentOptions& o) {
  o.name = c.name;
  o.component_id = c.component_id;
  o.intro = c.intro;
  o.position = c.position.value_or(Json());
  o.input_keys = c.input_keys.value_or(Json());
  o.output_keys = c.output_keys.value_or(Json());
}

// Writes @p options and @p preset_params (the preset's parameters, document_store merged one
// level deeper) into a copy of @p c, then commits it.
void write(const ComponentOptions& options, Json preset_params, Component& c) {
  check_extra(options, c.name.value_or(std::string()));
  Component out = c;
  if (options.name) out.name = options.name;
  if (options.component_id) out.component_id = options.component_id;
  if (options.intro) out.intro = options.intro;
  if (!options.position.is_null()) out.position = options.position;
  if (!options.input_keys.is_null()) out.input_keys = options.input_keys;
  if (!options.output_keys.is_null()) out.output_keys = options.output_keys;
  Json merged = out.init_parameters && out.init_parameters->is_object() ? *out.init_parameters
                                                                        : Json::object();
  for (auto& [key, value] : preset_params.items()) {
    Json& target = merged[key];
    if (key == "document_store" && target.is_object() && value.is_object()) {
      // Keep the store's parameters the options do not model.
      Json& store_params = target["init_parameters"];
      if (!store_params.is_object()) store_params = Json::object();
      for (auto& [k, v] : value["init_parameters"].items()) store_params[k] = std::move(v);
      target["type"] = value["type"];
    } else {
      target = std::move(value);
    }
  }
  merge_extra(options, merged);
  out.init_parameters = std::move(merged);
  c = std::move(out);
}

}  // namespace

Component document_cleaner(const DocumentCleanerOptions& o) {
  return make(o, "DocumentCleaner", kDocumentCleanerType, params(o));
}

Component document_writer(const DocumentWriterOptions& o) {
  return make(o, "DocumentWriter", kDocumentWriterType, params(o));
}

Component document_splitter(const DocumentSplitterOptions& o) {
  return make(o, "DocumentSplitter", kDocumentSplitterType, params(o));
}

Component document_joiner(const DocumentJoinerOptions& o) {
  return make(o, "DocumentJoiner", kDocumentJoinerType, params(o));
}

Component openai_document_embedder(const OpenAIDocumentEmbedderOptions& o) {
  return make(o, "DocumentEmbedder", kOpenAIDocumentEmbedderType, params(o));
}

Component file_type_router(const FileTypeRouterOptions& o) {
  return make(o, "FileTypeRouter", kFileTypeRouterType, params(o));
}

Json default_metadata_router_rules() {
  const auto condition = [](const char* field, const char* value) {
    return Json{{"field", field}, {"operator", "=="}, {"value", value}};
  };
  const auto image_rule = [&](const char* process_type) {
    return Json{{"conditions", Json::array({condition("meta.content_type", "image"),
                                            condition("meta.process_type", process_type)})},
                {"operator", "AND"}};
  };
  return Json{{"image_caption", image_rule("caption")},
              {"image_ocr", image_rule("ocr")},
              {"text", Json{{"conditions", Json::array({condition("meta.content_type", "text")})},
                            {"operator", "AND"}}}};
}

Component metadata_router(const MetadataRouterOptions& o) {
  return make(o, "MetadataRouter", kMetadataRouterType, params(o));
}

const std::string& example_python_code() {
  static const std::string kCode =
      "// 下面是一个将 documents 中 content 删除所有前导和尾随空格的例子\n"
      "def process_documents(documents):\n"
      "    processed_documents = []\n"
      "    for doc in documents:\n"
      "        if isinstance(doc.content, str) and len(doc.content) > 0:\n"
      "            doc.content = doc.content.strip()\n"
      "        processed_documents.append(doc)\n"
      "    return {\"documents\": processed_documents}";
  return kCode;
}

Component python_executor(const PythonExecutorOptions& o) {
  return make(o, "PythonExecutor", kPythonExecutorType, params(o));
}

Component text_file_to_document(const TextFileToDocumentOptions& o) {
  return make(o, "TextFileToDocument", kTextFileToDocumentType, params(o));
}

Component markdown_to_document(const MarkdownToDocumentOptions& o) {
  return make(o, "MarkdownToDocument", kMarkdownToDocumentType, params(o));
}

Component docx_to_document(const ComponentOptions& o) {
  return make(o, "DOCXToDocument", kDocxToDocumentType, Json::object());
}

Component pptx_to_document(const ComponentOptions& o) {
  return make(o, "PPTXToDocument", kPptxToDocumentType, Json::object());
}

Component magic_pdf_to_document(const ImageProcessOptions& o) {
  return make(o, "MagicPDFToDocument", kMagicPdfToDocumentType, params(o));
}

Component image_to_document(const ImageProcessOptions& o) {
  return make(o, "ImageToDocument", kImageToDocumentType, params(o));
}

Component image_ocr_to_document(const ImageOcrToDocumentOptions& o) {
  return make(o, "ImageOCRToDocument", kImageOcrToDocumentType, params(o));
}

Component image_caption_to_document(const ComponentOptions& o) {
  return make(o, "ImageCaptionToDocument", kImageCaptionToDocumentType, Json::object());
}

Component document_content_image_filler(const ComponentOptions& o) {
  return make(o, "DocumentContentImageFiller", kDocumentContentImageFillerType, Json::object());
}

Component custom(std::string_view type, Json init_parameters, const ComponentOptions& options) {
  if (!options.name) {
    throw InvalidArgumentError("custom component of type " + in_quotes(type) + " needs a name");
  }
  if (!init_parameters.is_null() && !init_parameters.is_object()) {
    throw InvalidArgumentError("init_parameters of component " + in_quotes(*options.name) +
                               " must be a JSON object, not " + init_parameters.type_name());
  }
  return make(options, *options.name, type, std::move(init_parameters));
}

// ---- typed options of an existing component -----------------------------------------------

void read_options(const Component& c, ComponentOptions& o) {
  ParamReader r(c);
  o = ComponentOptions{};
  read_common(c, o);
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, DocumentCleanerOptions& o) {
  require_type(c, {kDocumentCleanerType});
  ParamReader r(c);
  o = DocumentCleanerOptions{};
  read_common(c, o);
  r.read("ascii_only", o.ascii_only);
  r.read("keep_id", o.keep_id);
  r.read("remove_empty_lines", o.remove_empty_lines);
  r.read("remove_extra_whitespaces", o.remove_extra_whitespaces);
  r.read("remove_repeated_substrings", o.remove_repeated_substrings);
  if (const Json* v = r.get("remove_regex")) {
    if (v->is_null()) {
      o.remove_regex.reset();
    } else if (v->is_string()) {
      o.remove_regex = v->get<std::string>();
    } else if (v->is_array() &&
               std::all_of(v->begin(), v->end(), [](const Json& e) { return e.is_string(); })) {
      o.remove_regex = v->get<std::vector<std::string>>();
    } else {
      r.wrong("remove_regex", "a string, a list of strings or null", *v);
    }
  }
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, DocumentWriterOptions& o) {
  require_type(c, {kDocumentWriterType});
  ParamReader r(c);
  o = DocumentWriterOptions{};
  read_common(c, o);
  r.read("policy", o.policy);
  if (const Json* store = r.get("document_store")) {
    if (!store->is_object()) r.wrong("document_store", "an object", *store);
    ParamReader s(c, &*store, "init_parameters.document_store");
    s.read("type", o.document_store_type);
    if (const Json* p = s.get("init_parameters")) {
      if (!p->is_object()) s.wrong("init_parameters", "an object", *p);
      ParamReader sp(c, &*p, "init_parameters.document_store.init_parameters");
      sp.read("connection_string", o.connection_string);
      sp.read("embedding_dimension", o.embedding_dimension);
      sp.read("keyword_index_name", o.keyword_index_name);
      sp.read("recreate_table", o.recreate_table);
      sp.read("table_name", o.table_name);
      sp.read("vector_function", o.vector_function);
    }
  }
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, DocumentSplitterOptions& o) {
  require_type(c, {kDocumentSplitterType});
  ParamReader r(c);
  o = DocumentSplitterOptions{};
  read_common(c, o);
  r.read("split_by", o.split_by);
  r.read("split_length", o.split_length);
  r.read("split_overlap", o.split_overlap);
  r.read("split_threshold", o.split_threshold);
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, DocumentJoinerOptions& o) {
  require_type(c, {kDocumentJoinerType});
  ParamReader r(c);
  o = DocumentJoinerOptions{};
  read_common(c, o);
  r.read("join_mode", o.join_mode);
  r.read("sort_by_score", o.sort_by_score);
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, OpenAIDocumentEmbedderOptions& o) {
  require_type(c, {kOpenAIDocumentEmbedderType});
  ParamReader r(c);
  o = OpenAIDocumentEmbedderOptions{};
  read_common(c, o);
  r.read("api_base_url", o.api_base_url);
  r.read("api_key", o.api_key);
  r.read("batch_size", o.batch_size);
  r.read("embedding_separator", o.embedding_separator);
  r.read("meta_fields_to_embed", o.meta_fields_to_embed);
  r.read("model", o.model);
  r.read("prefix", o.prefix);
  r.read("progress_bar", o.progress_bar);
  r.read("suffix", o.suffix);
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, FileTypeRouterOptions& o) {
  require_type(c, {kFileTypeRouterType});
  ParamReader r(c);
  o = FileTypeRouterOptions{};
  read_common(c, o);
  r.read("mime_types", o.mime_types);
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, MetadataRouterOptions& o) {
  require_type(c, {kMetadataRouterType});
  ParamReader r(c);
  o = MetadataRouterOptions{};
  read_common(c, o);
  if (const Json* v = r.get("rules")) {
    if (!v->is_object()) r.wrong("rules", "an object", *v);
    o.rules = *v;
  }
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, PythonExecutorOptions& o) {
  require_type(c, {kPythonExecutorType});
  ParamReader r(c);
  o = PythonExecutorOptions{};
  read_common(c, o);
  std::string code;
  if (r.get("python_code") != nullptr) {
    r.read("python_code", code);
    o.python_code = std::move(code);
  }
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, TextFileToDocumentOptions& o) {
  require_type(c, {kTextFileToDocumentType});
  ParamReader r(c);
  o = TextFileToDocumentOptions{};
  read_common(c, o);
  r.read("encoding", o.encoding);
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, MarkdownToDocumentOptions& o) {
  require_type(c, {kMarkdownToDocumentType});
  ParamReader r(c);
  o = MarkdownToDocumentOptions{};
  read_common(c, o);
  r.read("progress_bar", o.progress_bar);
  r.read("table_to_single_line", o.table_to_single_line);
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, ImageProcessOptions& o) {
  require_type(c, {kMagicPdfToDocumentType, kImageToDocumentType});
  ParamReader r(c);
  o = ImageProcessOptions{};
  read_common(c, o);
  r.read("image_process_types", o.image_process_types);
  o.extra_parameters = r.unread();
}

void read_options(const Component& c, ImageOcrToDocumentOptions& o) {
  require_type(c, {kImageOcrToDocumentType});
  ParamReader r(c);
  o = ImageOcrToDocumentOptions{};
  read_common(c, o);
  r.read("model", o.model);
  r.read("tokenizer", o.tokenizer);
  o.extra_parameters = r.unread();
}

void apply_options(const ComponentOptions& o, Component& c) { write(o, params(o), c); }

void apply_options(const DocumentCleanerOptions& o, Component& c) {
  require_type(c, {kDocumentCleanerType});
  write(o, params(o), c);
}

void apply_options(const DocumentWriterOptions& o, Component& c) {
  require_type(c, {kDocumentWriterType});
  write(o, params(o), c);
}

void apply_options(const DocumentSplitterOptions& o, Component& c) {
  require_type(c, {kDocumentSplitterType});
  write(o, params(o), c);
}

void apply_options(const DocumentJoinerOptions& o, Component& c) {
  require_type(c, {kDocumentJoinerType});
  write(o, params(o), c);
}

void apply_options(const OpenAIDocumentEmbedderOptions& o, Component& c) {
  require_type(c, {kOpenAIDocumentEmbedderType});
  write(o, params(o), c);
}

void apply_options(const FileTypeRouterOptions& o, Component& c) {
  require_type(c, {kFileTypeRouterType});
  write(o, params(o), c);
}

void apply_options(const MetadataRouterOptions& o, Component& c) {
  require_type(c, {kMetadataRouterType});
  write(o, params(o), c);
}

void apply_options(const PythonExecutorOptions& o, Component& c) {
  require_type(c, {kPythonExecutorType});
  write(o, params(o), c);
}

void apply_options(const TextFileToDocumentOptions& o, Component& c) {
  require_type(c, {kTextFileToDocumentType});
  write(o, params(o), c);
}

void apply_options(const MarkdownToDocumentOptions& o, Component& c) {
  require_type(c, {kMarkdownToDocumentType});
  write(o, params(o), c);
}

void apply_options(const ImageProcessOptions& o, Component& c) {
  require_type(c, {kMagicPdfToDocumentType, kImageToDocumentType});
  write(o, params(o), c);
}

void apply_options(const ImageOcrToDocumentOptions& o, Component& c) {
  require_type(c, {kImageOcrToDocumentType});
  write(o, params(o), c);
}

// ---- documented sockets -----------------------------------------------------------------------

const std::vector<DocumentedSockets>& documented_sockets() {
  using namespace sockets;
  static constexpr std::string_view kExample =
      "OpenAPI example pipeline (workflow.openapi.2025-05-22.json, "
      "tests/fixtures/pipeline_openapi_example.json)";
  static const std::vector<DocumentedSockets> kTable = [] {
    const std::string_view haystack_complete =
        "OpenAPI example pipeline; Haystack's run(documents) -> {documents} has no other socket";
    const std::string_view converter = "OpenAPI example pipeline (fed by FileRouterComponent)";
    return std::vector<DocumentedSockets>{
        {kDocumentCleanerType, {kDocuments}, {kDocuments}, true, haystack_complete},
        {kDocumentWriterType, {kDocuments}, {}, false, kExample},
        {kDocumentSplitterType, {kDocuments}, {kDocuments}, true, haystack_complete},
        {kDocumentJoinerType, {kDocuments}, {kDocuments}, false, kExample},
        {kOpenAIDocumentEmbedderType, {kDocuments}, {kDocuments}, false, kExample},
        {kFileTypeRouterType,
         {},
         {mime::kTextPlain, mime::kTextMarkdown, mime::kImageAny, mime::kPdf, mime::kDocx,
          mime::kPptx},
         false,
         "OpenAPI example pipeline (as FileRouterComponent); outputs are the mime_types"},
        {kMetadataRouterType, {kDocuments}, {kText, kImage}, false, kExample},
        {kPythonExecutorType, {kDocuments}, {kDocuments}, false, kExample},
        {kTextFileToDocumentType, {kSources}, {kDocuments}, false, converter},
        {kMarkdownToDocumentType, {kSources}, {kDocuments}, false, converter},
        {kDocxToDocumentType, {kSources}, {kDocuments}, false, converter},
        {kPptxToDocumentType, {kSources}, {kDocuments}, false, converter},
        {kMagicPdfToDocumentType, {kSources}, {kDocuments}, false, converter},
        {kImageToDocumentType, {kSources}, {kDocuments}, false, converter},
        {kImageOcrToDocumentType,
         {kDocuments},
         {kDocuments},
         false,
         "OpenAPI example pipeline (fed by MetadataRouter.image)"},
        {kImageCaptionToDocumentType,
         {kDocuments},
         {kDocuments},
         false,
         "OpenAPI example pipeline (fed by MetadataRouter.image)"},
        {kDocumentContentImageFillerType, {kDocuments}, {kDocuments}, false, kExample},
    };
  }();
  return kTable;
}

const DocumentedSockets* find_documented_sockets(std::string_view type) noexcept {
  for (const auto& entry : documented_sockets()) {
    if (entry.type == type) return &entry;
  }
  return nullptr;
}

}  // namespace components
}  // namespace moi
