// SPDX-License-Identifier: Apache-2.0
// The component presets of moi::components and their typed options (read_options(),
// apply_options()). Their table (types, sockets) is in pipeline_preset_table.cpp.
#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "helpers/pipeline_internal.hpp"
#include "moi/helpers/pipeline.hpp"

namespace moi {

using pipeline_detail::in_quotes;

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

}  // namespace components
}  // namespace moi
