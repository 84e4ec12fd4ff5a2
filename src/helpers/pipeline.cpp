// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

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

const std::vector<Component>& components_of(const WorkflowConfig& wf) {
  static const std::vector<Component> kNone;
  return wf.components ? *wf.components : kNone;
}

const std::vector<Connection>& connections_of(const WorkflowConfig& wf) {
  static const std::vector<Connection> kNone;
  return wf.connections ? *wf.connections : kNone;
}

// Finds the component a connection endpoint refers to (see validate()).
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
                                 " is not in the pipeline");
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

}  // namespace

Endpoint parse_endpoint(std::string_view endpoint, std::string_view role) {
  const std::string problem = endpoint_problem(endpoint);
  if (!problem.empty()) {
    throw InvalidArgumentError("malformed " + std::string(role) + " " + in_quotes(endpoint) + ": " +
                               problem);
  }
  const auto dot = endpoint.find('.');
  return Endpoint{std::string(endpoint.substr(0, dot)), std::string(endpoint.substr(dot + 1))};
}

void validate(const WorkflowConfig& workflow) {
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
  throw InvalidArgumentError("no connection " + in_quotes(sender) + " -> " + in_quotes(receiver));
}

PipelineBuilder& PipelineBuilder::remove(std::string_view name) {
  const Component* target = find(name);
  if (target == nullptr) throw InvalidArgumentError("no component named " + in_quotes(name));
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
  if (c == nullptr) throw InvalidArgumentError("no component named " + in_quotes(name));
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
  validate(workflow_);
  return workflow_;
}

// ---- presets ----------------------------------------------------------------------------------

namespace components {
namespace {

Json secret_json(const EnvSecret& secret) {
  return Json{{"env_vars", secret.env_vars}, {"strict", secret.strict}, {"type", "env_var"}};
}

Component make(const ComponentOptions& options, std::string_view default_name,
               std::string_view type, Json init_parameters) {
  if (!options.extra_parameters.is_null() && !options.extra_parameters.is_object()) {
    throw InvalidArgumentError("extra_parameters of component " +
                               in_quotes(options.name.value_or(std::string(default_name))) +
                               " must be a JSON object, not " +
                               options.extra_parameters.type_name());
  }
  if (init_parameters.is_null()) init_parameters = Json::object();
  if (options.extra_parameters.is_object()) {
    for (const auto& [key, value] : options.extra_parameters.items()) init_parameters[key] = value;
  }
  Component c;
  const std::string name = options.name.value_or(std::string(default_name));
  c.name = name;
  c.type = std::string(type);
  c.component_id = options.component_id.value_or(name);
  c.intro = options.intro.value_or(name);
  c.position = options.position;
  c.input_keys = options.input_keys;
  c.output_keys = options.output_keys;
  c.init_parameters = std::move(init_parameters);
  return c;
}

}  // namespace

Component document_cleaner(const DocumentCleanerOptions& o) {
  Json regex;  // null when unset
  if (o.remove_regex) {
    std::visit([&regex](const auto& value) { regex = value; }, *o.remove_regex);
  }
  return make(o, "DocumentCleaner", kDocumentCleanerType,
              Json{{"ascii_only", o.ascii_only},
                   {"keep_id", o.keep_id},
                   {"remove_empty_lines", o.remove_empty_lines},
                   {"remove_extra_whitespaces", o.remove_extra_whitespaces},
                   {"remove_regex", std::move(regex)},
                   {"remove_repeated_substrings", o.remove_repeated_substrings}});
}

Component document_writer(const DocumentWriterOptions& o) {
  Json store{{"connection_string", secret_json(o.connection_string)},
             {"embedding_dimension", o.embedding_dimension},
             {"keyword_index_name", o.keyword_index_name},
             {"recreate_table", o.recreate_table},
             {"table_name", o.table_name},
             {"vector_function", o.vector_function}};
  return make(o, "DocumentWriter", kDocumentWriterType,
              Json{{"document_store",
                    Json{{"init_parameters", std::move(store)}, {"type", o.document_store_type}}},
                   {"policy", o.policy}});
}

Component document_splitter(const DocumentSplitterOptions& o) {
  return make(o, "DocumentSplitter", kDocumentSplitterType,
              Json{{"split_by", o.split_by},
                   {"split_length", o.split_length},
                   {"split_overlap", o.split_overlap},
                   {"split_threshold", o.split_threshold}});
}

Component document_joiner(const DocumentJoinerOptions& o) {
  return make(o, "DocumentJoiner", kDocumentJoinerType,
              Json{{"join_mode", o.join_mode}, {"sort_by_score", o.sort_by_score}});
}

Component openai_document_embedder(const OpenAIDocumentEmbedderOptions& o) {
  return make(o, "DocumentEmbedder", kOpenAIDocumentEmbedderType,
              Json{{"api_base_url", o.api_base_url},
                   {"api_key", secret_json(o.api_key)},
                   {"batch_size", o.batch_size},
                   {"embedding_separator", o.embedding_separator},
                   {"meta_fields_to_embed", o.meta_fields_to_embed},
                   {"model", o.model},
                   {"prefix", o.prefix},
                   {"progress_bar", o.progress_bar},
                   {"suffix", o.suffix}});
}

Component file_type_router(const FileTypeRouterOptions& o) {
  return make(o, "FileTypeRouter", kFileTypeRouterType, Json{{"mime_types", o.mime_types}});
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
  return make(o, "MetadataRouter", kMetadataRouterType,
              Json{{"rules", o.rules.is_null() ? default_metadata_router_rules() : o.rules}});
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
  return make(o, "PythonExecutor", kPythonExecutorType,
              Json{{"python_code", o.python_code.value_or(example_python_code())}});
}

Component text_file_to_document(const TextFileToDocumentOptions& o) {
  return make(o, "TextFileToDocument", kTextFileToDocumentType, Json{{"encoding", o.encoding}});
}

Component markdown_to_document(const MarkdownToDocumentOptions& o) {
  return make(
      o, "MarkdownToDocument", kMarkdownToDocumentType,
      Json{{"progress_bar", o.progress_bar}, {"table_to_single_line", o.table_to_single_line}});
}

Component docx_to_document(const ComponentOptions& o) {
  return make(o, "DOCXToDocument", kDocxToDocumentType, Json::object());
}

Component pptx_to_document(const ComponentOptions& o) {
  return make(o, "PPTXToDocument", kPptxToDocumentType, Json::object());
}

Component magic_pdf_to_document(const ImageProcessOptions& o) {
  return make(o, "MagicPDFToDocument", kMagicPdfToDocumentType,
              Json{{"image_process_types", o.image_process_types}});
}

Component image_to_document(const ImageProcessOptions& o) {
  return make(o, "ImageToDocument", kImageToDocumentType,
              Json{{"image_process_types", o.image_process_types}});
}

Component image_ocr_to_document(const ImageOcrToDocumentOptions& o) {
  return make(o, "ImageOCRToDocument", kImageOcrToDocumentType,
              Json{{"model", o.model}, {"tokenizer", o.tokenizer}});
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

}  // namespace components
}  // namespace moi
