// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Build, edit and validate a workflow's pipeline (WorkflowConfig) before it is sent with W1,
/// W4, B1 or B4: PipelineBuilder, validate_pipeline(), presets for the components the API
/// documents show, their socket names and the MIME types FileTypeRouter routes on (namespace
/// moi::components). Plain value code: nothing here does I/O.
///
/// Thread-safety: the free functions are pure and may be called from any thread; the structs
/// and PipelineBuilder are plain values (copyable, not synchronised): share them read-only or
/// guard them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "moi/error.hpp"
#include "moi/model/common.hpp"
#include "moi/model/workflow.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// A reference to a pipeline socket, `"Component.socket"`, split at its first '.': the socket
/// may itself contain dots and slashes (`"FileTypeRouter.application/vnd.ms-excel"`),
/// component names may not. (Not a network socket: a component's named input or output.)
struct SocketRef {
  std::string component;  ///< Name of the component (before the first '.').
  std::string socket;     ///< Input or output socket of the component (after the first '.').
};

/// Splits @p text (`"DocumentCleaner.documents"`) into component and socket.
/// @p role ("sender" or "receiver") is only used in the message.
/// @throws InvalidArgumentError `malformed sender "X": ...` when there is no '.', or the part
/// before or after it is empty. Thread-safe (pure function).
MOI_EXPORT SocketRef parse_socket_ref(std::string_view text, std::string_view role = "socket");

/// The text form `"<component>.<socket>"` that connect() takes, e.g.
/// `socket_ref("FileTypeRouter", components::mime::kPdf)` is
/// `"FileTypeRouter.application/pdf"`. Does not check anything; never throws except
/// std::bad_alloc. Thread-safe (pure function).
MOI_EXPORT std::string socket_ref(std::string_view component, std::string_view socket);

/// Checks a pipeline the way the service needs it, before anything is sent:
/// - every component has a non-empty `name` without '.', and names are unique (connections
///   refer to components by name). `component_id` values may repeat: pipelines exported from
///   the MOI console repeat them, so they are not checked;
/// - every connection has a sender and a receiver of the form `"Component.socket"`, and each
///   names a component of the pipeline;
/// - for a component whose sockets are fully known (components::find_documented_sockets()
///   with `complete` set: DocumentCleaner and DocumentSplitter), the sender names one of its
///   output sockets and the receiver one of its input sockets. Every other component accepts
///   any socket name;
/// - the connections form no cycle (the pipeline is a DAG; a self-connection is a cycle).
///
/// An endpoint's component is looked up by `name`. When no name matches, a component whose
/// `component_id` without its trailing `_<digits>` equals the reference is accepted, provided
/// exactly one component matches: the documents' console-exported pipeline names its
/// FileTypeRouter `"FileTypeRouter"` but connects `"FileRouterComponent.text/plain"`
/// (component_id `"FileRouterComponent_1737534316590"`). See docs/pipelines.md.
///
/// Checks run in that order and the first problem is thrown. Unset lists count as empty. An
/// unknown component or socket name ends with the closest existing name when one is close
/// (`(did you mean "DocumentEmbedder"?)`, see docs/pipelines.md for the rule).
/// @throws InvalidArgumentError whose message names the offending component (by index and
/// name or component_id) or connection (by index, sender and receiver), or lists the cycle's
/// components. Thread-safe (pure function).
MOI_EXPORT void validate_pipeline(const WorkflowConfig& workflow);

namespace components {

/// Socket names of the documents' example pipelines (the OpenAPI document's 26 connections;
/// the W1 example has none). See documented_sockets() for which component uses which.
namespace sockets {
/// `documents`: input and output of the document processors (cleaner, splitter, joiner,
/// embedder, Python executor, image converters, image filler), input of DocumentWriter and
/// MetadataRouter, output of the file converters.
inline constexpr std::string_view kDocuments = "documents";
/// `sources`: input of the file converters (TextFileToDocument, MarkdownToDocument,
/// DOCXToDocument, PPTXToDocument, MagicPDFToDocument, ImageToDocument).
inline constexpr std::string_view kSources = "sources";
/// `text`: the MetadataRouter output the documents connect to the text DocumentCleaner.
inline constexpr std::string_view kText = "text";
/// `image`: the MetadataRouter output the documents connect to the two image converters
/// (not one of the default rules' names; see docs/pipelines.md).
inline constexpr std::string_view kImage = "image";
}  // namespace sockets

/// The MIME types (regular expressions) FileTypeRouter routes on in the documents: its
/// default `mime_types`, each also the name of an output socket
/// (`"FileTypeRouter.text/plain"`).
namespace mime {
inline constexpr std::string_view kTextPlain = "text/plain";        ///< Plain text.
inline constexpr std::string_view kTextMarkdown = "text/markdown";  ///< Markdown.
inline constexpr std::string_view kImageAny = "image/.*";           ///< Any image.
inline constexpr std::string_view kPdf = "application/pdf";         ///< PDF.
/// DOCX (Word).
inline constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/// PPTX (PowerPoint).
inline constexpr std::string_view kPptx =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";
}  // namespace mime

/// The sockets of one component type as the documents' example pipelines show them.
struct DocumentedSockets {
  std::string_view type;                  ///< Component `type`, e.g. kDocumentCleanerType.
  std::vector<std::string_view> inputs;   ///< Input sockets the documents connect to.
  std::vector<std::string_view> outputs;  ///< Output sockets the documents connect from.
  /// True when `inputs` and `outputs` are all the sockets the component has: the documents
  /// use them and the component's Haystack source (`run()` arguments and output types) has
  /// no other. validate_pipeline() rejects other socket names only for these components.
  bool complete = false;
  /// Where the sockets come from, one sentence.
  std::string_view evidence;
};

/// Every preset's documented sockets, in the order of the presets in this header. An empty
/// `inputs` or `outputs` means the documents show none for that side (not that there is
/// none). Thread-safe: a static table, built once.
MOI_EXPORT const std::vector<DocumentedSockets>& documented_sockets();

/// The entry of documented_sockets() for component @p type, or nullptr when the documents
/// show no socket of it (e.g. a custom component). Thread-safe, never throws.
MOI_EXPORT const DocumentedSockets* find_documented_sockets(std::string_view type) noexcept;

/// One preset of moi::components, as presets() lists it.
struct Preset {
  std::string_view name;      ///< Default component name, e.g. "DocumentSplitter".
  std::string_view function;  ///< The preset function in moi::components, "document_splitter".
  std::string_view type;      ///< Component `type`, e.g. kDocumentSplitterType.
  /// Its documented sockets: the entry of documented_sockets() for `type` (never null).
  const DocumentedSockets* sockets = nullptr;
  /// Builds the preset with default options: its `init_parameters` are the options' keys
  /// with their defaults (what the documents' examples send).
  Component (*make_default)() = nullptr;
};

/// Every preset of this header (document_cleaner() ... document_content_image_filler()), in
/// the order of the header: the one table `moi pipeline components` lists and the builder's
/// socket checks read. Thread-safe: a static table, built once.
MOI_EXPORT const std::vector<Preset>& presets();

/// The preset whose `type`, default name (`"DocumentSplitter"`) or function name
/// (`"document_splitter"`) is @p key, or nullptr. Thread-safe, never throws.
MOI_EXPORT const Preset* find_preset(std::string_view key) noexcept;

}  // namespace components

/// Builds or edits a WorkflowConfig: add components (see moi::components for presets),
/// connect them with `"Component.socket"` endpoints, then build(), which validates.
///
/// ```
/// WorkflowConfig wf = PipelineBuilder()
///                         .add(components::document_cleaner())
///                         .add(components::document_writer())
///                         .connect("DocumentCleaner.documents", "DocumentWriter.documents")
///                         .build();
/// ```
///
/// A new builder writes `components` (in insertion order), `connections` (in connection
/// order), `edges: []` and `extra_components: []`, as the documents' examples do. A builder
/// made with from() keeps everything of the pipeline it was given, including keys the SDK does
/// not model, and changes only what is edited.
///
/// Thread-safety: a plain value (copyable, movable), not synchronised. Const members may be
/// called from several threads at once; any mutation needs exclusive access.
class MOI_EXPORT PipelineBuilder {
 public:
  /// An empty pipeline: no components, no connections, empty `edges` and `extra_components`.
  PipelineBuilder();

  /// A builder that edits @p workflow (e.g. the `workflow` of a W3 or B3 answer). Keeps
  /// unknown keys, `edges`, `extra_components` and the form of every list (an absent list
  /// stays absent until something is added to it). Does not validate: build() does.
  static PipelineBuilder from(WorkflowConfig workflow);

  /// Appends @p component (after the existing ones).
  /// @throws InvalidArgumentError when its name is missing or empty
  /// (`component #2 has no name`), contains '.', or is already used
  /// (`duplicate component name "X" (components #0 and #2)`). The builder is then unchanged.
  PipelineBuilder& add(Component component);

  /// Appends the connection @p sender -> @p receiver, each `"Component.socket"`
  /// (`"DocumentCleaner.documents"`). The components need not exist yet: build() checks.
  /// Connecting a pair that is already connected does nothing (as Haystack does).
  /// @throws InvalidArgumentError naming the connection and the malformed endpoint, e.g.
  /// `connection "DocumentCleaner" -> "DocumentWriter.documents": malformed sender
  /// "DocumentCleaner": expected "Component.socket"`. The builder is then unchanged.
  PipelineBuilder& connect(std::string_view sender, std::string_view receiver);

  /// Removes every connection exactly @p sender -> @p receiver.
  /// @throws InvalidArgumentError `no connection "S" -> "R"` when there is none.
  PipelineBuilder& disconnect(std::string_view sender, std::string_view receiver);

  /// Puts @p component on the connection @p sender -> @p receiver: adds it (as add() does,
  /// after the existing components) and replaces that connection, in place, by
  /// `sender -> "<name>.<input>"` followed by `"<name>.<output>" -> receiver`. Every component
  /// the documents put between two document-carrying components reads and writes
  /// `"documents"`, hence the defaults; a converter reads components::sockets::kSources.
  /// Further connections exactly @p sender -> @p receiver are removed too; the unknown keys of
  /// the replaced connection are dropped. A new connection already present is not repeated.
  ///
  /// ```
  /// builder.insert_between("DocumentCleaner.documents", "DocumentWriter.documents",
  ///                        components::document_splitter());
  /// ```
  /// @throws InvalidArgumentError when @p sender or @p receiver is malformed (as connect()),
  /// when there is no such connection (`no connection "S" -> "R"`, with the closest existing
  /// connection when one is close), or when the component's name is missing, contains '.' or
  /// is taken (as add()). The builder is then unchanged.
  PipelineBuilder& insert_between(std::string_view sender, std::string_view receiver,
                                  Component component,
                                  std::string_view input = components::sockets::kDocuments,
                                  std::string_view output = components::sockets::kDocuments);

  /// Removes the component named @p name and every connection whose sender or receiver refers
  /// to it (resolved as validate_pipeline() does).
  /// @throws InvalidArgumentError `no component named "X"` when there is none (with the
  /// closest name when one is close: `no component named "Splitter" (did you mean
  /// "DocumentSplitter"?)`).
  PipelineBuilder& remove(std::string_view name);

  /// The component named @p name, to edit in place (e.g. its `init_parameters`; configure()
  /// edits it through typed options). The reference is invalidated by add(), insert_between()
  /// and remove(). Renaming it is allowed; build() checks.
  /// @throws InvalidArgumentError `no component named "X"` when there is none (with the
  /// closest name when one is close, as remove()).
  Component& component(std::string_view name);

  /// Edits component @p name through its preset's typed options: reads them from the
  /// component (components::read_options()), calls @p edit with them, and writes them back
  /// (components::apply_options()), keeping every key the options do not model.
  ///
  /// ```
  /// builder.configure<components::DocumentSplitterOptions>(
  ///     "DocumentSplitter", [](auto& o) { o.split_length = 500; });
  /// ```
  /// Renaming through `name` does not rewrite connections (build() reports them).
  /// @throws InvalidArgumentError when there is no such component, when its `type` is not one
  /// @p Options configure, or when a parameter has the wrong JSON type; anything @p edit
  /// throws. The component is then unchanged.
  template <class Options, class Edit>
  PipelineBuilder& configure(std::string_view name, Edit&& edit);

  /// The component named @p name, or nullptr when there is none. Invalidated like component().
  const Component* find(std::string_view name) const noexcept;

  /// The components, in order.
  const std::vector<Component>& components() const noexcept;

  /// The connections, in order.
  const std::vector<Connection>& connections() const noexcept;

  /// Validates (see validate_pipeline()) and returns the pipeline.
  /// @throws InvalidArgumentError naming the offending component or connection.
  WorkflowConfig build() const;

 private:
  WorkflowConfig workflow_;
};

/// Presets for the components in the API documents. Each returns a moi::Component with the
/// component's documented `type` and `init_parameters`; every option defaults to the value in
/// the documents (W1's example for DocumentCleaner and DocumentWriter, the OpenAPI example
/// pipeline for the others). Each preset's comment lists its sockets as the documents'
/// connections show them (the W1 example has no connection; the OpenAPI example pipeline has
/// 26), and says so where the documents show none. All are pure functions: thread-safe, no
/// I/O.
namespace components {

/// The parts every component has. Unset members take the preset's defaults.
struct ComponentOptions {
  /// Component name, which connections refer to. Default: the preset's (e.g.
  /// "DocumentCleaner"); a pipeline holding two components of one kind needs other names.
  std::optional<std::string> name;
  /// `component_id`. Default: the name. The console writes `"<Name>_<epoch ms>"`
  /// (`"DocumentCleaner_1739377283742"`); the service accepts repeats.
  std::optional<std::string> component_id;
  /// `intro`, the display name. Default: the name.
  std::optional<std::string> intro;
  /// `position` in the console's canvas. Null: not written (and kept by apply_options()).
  Json position = Json{{"x", 0}, {"y", 0}};
  /// `input_keys` (free-form). Null: not written (and kept by apply_options()).
  Json input_keys = Json::object();
  /// `output_keys` (free-form). Null: not written (and kept by apply_options()).
  Json output_keys = Json::object();
  /// Extra `init_parameters` merged over the preset's (its keys win): parameters the preset
  /// does not model. Must be null or an object (else InvalidArgumentError).
  Json extra_parameters;
};

/// A Haystack `Secret` read from environment variables on the server:
/// `{"env_vars": [...], "strict": true, "type": "env_var"}`.
struct EnvSecret {
  std::vector<std::string> env_vars;  ///< Variables tried in order.
  bool strict = true;                 ///< Fail when none is set.
};

/// The `remove_regex` of W1's example: e-mail addresses and http(s) URLs.
inline constexpr std::string_view kEmailAndUrlRegex =
    R"(([a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+)|https?://[^\s]+)";

// `type` strings of the presets (useful to find components of a fetched pipeline).

/// `type` of DocumentCleaner (document_cleaner()).
inline constexpr std::string_view kDocumentCleanerType =
    "haystack.components.preprocessors.document_cleaner.DocumentCleaner";
/// `type` of DocumentWriter (document_writer()).
inline constexpr std::string_view kDocumentWriterType =
    "haystack.components.writers.document_writer.DocumentWriter";
/// `type` of the MOI document store a DocumentWriter writes to (DocumentWriterOptions).
inline constexpr std::string_view kMoiDocumentStoreType =
    "byoa.integrations.document_stores.mo_document_store.MOIDocumentStore";
/// `type` of DocumentSplitter (document_splitter()).
inline constexpr std::string_view kDocumentSplitterType =
    "haystack.components.preprocessors.document_splitter.DocumentSplitter";
/// `type` of DocumentJoiner (document_joiner()).
inline constexpr std::string_view kDocumentJoinerType =
    "haystack.components.joiners.document_joiner.DocumentJoiner";
/// `type` of OpenAIDocumentEmbedder (openai_document_embedder()).
inline constexpr std::string_view kOpenAIDocumentEmbedderType =
    "haystack.components.embedders.openai_document_embedder.OpenAIDocumentEmbedder";
/// `type` of FileTypeRouter (file_type_router()).
inline constexpr std::string_view kFileTypeRouterType =
    "haystack.components.routers.file_type_router.FileTypeRouter";
/// `type` of MetadataRouter (metadata_router()).
inline constexpr std::string_view kMetadataRouterType =
    "haystack.components.routers.metadata_router.MetadataRouter";
/// `type` of PythonExecutor (python_executor()).
inline constexpr std::string_view kPythonExecutorType =
    "byoa.integrations.components.python_executor.PythonExecutor";
/// `type` of TextFileToDocument (text_file_to_document()).
inline constexpr std::string_view kTextFileToDocumentType =
    "haystack.components.converters.txt.TextFileToDocument";
/// `type` of MarkdownToDocument (markdown_to_document()).
inline constexpr std::string_view kMarkdownToDocumentType =
    "haystack.components.converters.markdown.MarkdownToDocument";
/// `type` of DOCXToDocument (docx_to_document()).
inline constexpr std::string_view kDocxToDocumentType =
    "haystack.components.converters.docx.DOCXToDocument";
/// `type` of PPTXToDocument (pptx_to_document()).
inline constexpr std::string_view kPptxToDocumentType =
    "haystack.components.converters.pptx.PPTXToDocument";
/// `type` of MagicPDFToDocument (magic_pdf_to_document()).
inline constexpr std::string_view kMagicPdfToDocumentType =
    "byoa.integrations.components.converters.magic_pdf_to_document.MagicPDFToDocument";
/// `type` of ImageToDocument (image_to_document()).
inline constexpr std::string_view kImageToDocumentType =
    "byoa.integrations.components.converters.image_to_document.ImageToDocument";
/// `type` of ImageOCRToDocument (image_ocr_to_document()).
inline constexpr std::string_view kImageOcrToDocumentType =
    "byoa.integrations.components.converters.image_ocr_to_document.ImageOCRToDocument";
/// `type` of ImageCaptionToDocument (image_caption_to_document()).
inline constexpr std::string_view kImageCaptionToDocumentType =
    "byoa.integrations.components.converters.image_caption_to_document.ImageCaptionToDocument";
/// `type` of DocumentContentImageFiller (document_content_image_filler()).
inline constexpr std::string_view kDocumentContentImageFillerType =
    "byoa.integrations.components.converters.document_content_image_filler."
    "DocumentContentImageFiller";

/// DocumentCleaner's `remove_regex`: one pattern, written as a JSON string (W1's example), or
/// several, written as a JSON list (the OpenAPI example pipeline, an older service version).
using RemoveRegex = std::variant<std::string, std::vector<std::string>>;

/// Options of document_cleaner(). Default name "DocumentCleaner".
struct DocumentCleanerOptions : ComponentOptions {
  bool ascii_only = false;                  ///< Keep ASCII characters only.
  bool keep_id = false;                     ///< Keep the documents' ids.
  bool remove_empty_lines = true;           ///< Remove empty lines.
  bool remove_extra_whitespaces = true;     ///< Collapse runs of whitespace.
  bool remove_repeated_substrings = false;  ///< Remove repeated headers and footers.
  /// Patterns to remove; nullopt writes null (nothing removed).
  std::optional<RemoveRegex> remove_regex = std::string(kEmailAndUrlRegex);
};
/// A DocumentCleaner (`kDocumentCleanerType`). Sockets: input `documents`, output `documents`;
/// these are all its sockets (validate_pipeline() rejects others).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component document_cleaner(const DocumentCleanerOptions& options = {});

/// Options of document_writer(): a DocumentWriter into the MOI document store. Default name
/// "DocumentWriter".
struct DocumentWriterOptions : ComponentOptions {
  /// Database connection string (`connection_string`); W1 reads DATABASE_SYNC_URI, the
  /// OpenAPI example DATABASE_URI.
  EnvSecret connection_string{{"DATABASE_SYNC_URI"}, true};
  std::int64_t embedding_dimension = 1024;                    ///< Vector dimension.
  std::string keyword_index_name = "haystack_keyword_index";  ///< Full-text index name.
  bool recreate_table = true;                                 ///< Drop and create the table.
  std::string table_name = "embedding_results";               ///< Target table.
  std::string vector_function = "cosine_similarity";          ///< Vector distance function.
  std::string policy = "NONE";  ///< Duplicate policy (Haystack DuplicatePolicy name).
  std::string document_store_type = std::string(kMoiDocumentStoreType);  ///< Store class.
};
/// A DocumentWriter (`kDocumentWriterType`) with a MOIDocumentStore. Sockets: input
/// `documents`; the documents show no output socket (it ends the pipeline).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component document_writer(const DocumentWriterOptions& options = {});

/// Options of document_splitter(). Default name "DocumentSplitter".
struct DocumentSplitterOptions : ComponentOptions {
  std::string split_by = "word";     ///< Unit: "word", "sentence", "passage", "page", ...
  std::int64_t split_length = 800;   ///< Units per chunk.
  std::int64_t split_overlap = 200;  ///< Units shared by neighbouring chunks.
  std::int64_t split_threshold = 0;  ///< Minimum units of a chunk.
};
/// A DocumentSplitter (`kDocumentSplitterType`). Sockets: input `documents`, output
/// `documents`; these are all its sockets (validate_pipeline() rejects others).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component document_splitter(const DocumentSplitterOptions& options = {});

/// Options of document_joiner(). Default name "DocumentJoiner".
struct DocumentJoinerOptions : ComponentOptions {
  std::string join_mode = "concatenate";  ///< How inputs are joined.
  bool sort_by_score = true;              ///< Sort the joined documents by score.
};
/// A DocumentJoiner (`kDocumentJoinerType`). Sockets: input `documents` (any number of
/// senders connect to it), output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component document_joiner(const DocumentJoinerOptions& options = {});

/// Options of openai_document_embedder(). Default name "DocumentEmbedder" (as the documents
/// name it).
struct OpenAIDocumentEmbedderOptions : ComponentOptions {
  std::string api_base_url = "https://api.siliconflow.cn/v1";  ///< OpenAI-compatible API.
  EnvSecret api_key{{"OPENAI_API_KEY"}, true};                 ///< API key.
  std::int64_t batch_size = 32;                                ///< Documents per request.
  std::string embedding_separator = "\n";                      ///< Joins meta fields and content.
  std::vector<std::string> meta_fields_to_embed;  ///< Meta fields embedded with content.
  std::string model;                              ///< Model ("" in the documents).
  std::string prefix;                             ///< Text put before each document.
  bool progress_bar = true;                       ///< Show a progress bar (server log).
  std::string suffix;                             ///< Text put after each document.
};
/// An OpenAIDocumentEmbedder (`kOpenAIDocumentEmbedderType`). Sockets: input `documents`,
/// output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component openai_document_embedder(const OpenAIDocumentEmbedderOptions& options = {});

/// Options of file_type_router(). Default name "FileTypeRouter". Its output sockets are the
/// MIME types (`"FileTypeRouter.text/plain"`).
struct FileTypeRouterOptions : ComponentOptions {
  /// MIME types (regular expressions) routed to one output each.
  std::vector<std::string> mime_types = {
      std::string(mime::kTextPlain), std::string(mime::kTextMarkdown), std::string(mime::kImageAny),
      std::string(mime::kPdf),       std::string(mime::kDocx),         std::string(mime::kPptx)};
};
/// A FileTypeRouter (`kFileTypeRouterType`). Sockets: one output per entry of `mime_types`,
/// named by it (components::mime; the documents connect all six defaults, e.g.
/// `"FileTypeRouter.application/pdf"`); the documents show no input socket (the router starts
/// the pipeline and is fed by the service).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component file_type_router(const FileTypeRouterOptions& options = {});

/// The documents' MetadataRouter rules: `text`, `image_ocr` and `image_caption` by
/// `meta.content_type` and `meta.process_type`.
MOI_EXPORT Json default_metadata_router_rules();

/// Options of metadata_router(). Default name "MetadataRouter".
struct MetadataRouterOptions : ComponentOptions {
  /// Output name -> Haystack filter. Null: default_metadata_router_rules().
  Json rules;
};
/// A MetadataRouter (`kMetadataRouterType`). Sockets: input `documents`; outputs `text` and
/// `image` in the documents' pipeline, which connects `"MetadataRouter.image"` although no
/// default rule is named `image` (they are `text`, `image_ocr`, `image_caption`): which output
/// names the service accepts is not documented.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component metadata_router(const MetadataRouterOptions& options = {});

/// The documents' PythonExecutor example code (strips each document's content). Verbatim,
/// including its first line, a comment written `// ...` as the console shows it.
MOI_EXPORT const std::string& example_python_code();

/// Options of python_executor(). Default name "PythonExecutor".
struct PythonExecutorOptions : ComponentOptions {
  /// Python source defining `process_documents(documents)`. Unset: example_python_code().
  std::optional<std::string> python_code;
};
/// A PythonExecutor (`kPythonExecutorType`). Sockets: input `documents`, output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component python_executor(const PythonExecutorOptions& options = {});

/// Options of text_file_to_document(). Default name "TextFileToDocument".
struct TextFileToDocumentOptions : ComponentOptions {
  std::string encoding = "utf8";  ///< Encoding of the text files.
};
/// A TextFileToDocument converter (`kTextFileToDocumentType`). Sockets: input `sources`,
/// output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component text_file_to_document(const TextFileToDocumentOptions& options = {});

/// Options of markdown_to_document(). Default name "MarkdownToDocument".
struct MarkdownToDocumentOptions : ComponentOptions {
  bool progress_bar = false;          ///< Show a progress bar (server log).
  bool table_to_single_line = false;  ///< Write each table row on one line.
};
/// A MarkdownToDocument converter (`kMarkdownToDocumentType`). Sockets: input `sources`,
/// output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component markdown_to_document(const MarkdownToDocumentOptions& options = {});

/// A DOCXToDocument converter (`kDocxToDocumentType`, no parameters). Default name
/// "DOCXToDocument". Sockets: input `sources`, output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component docx_to_document(const ComponentOptions& options = {});

/// A PPTXToDocument converter (`kPptxToDocumentType`, no parameters). Default name
/// "PPTXToDocument". Sockets: input `sources`, output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component pptx_to_document(const ComponentOptions& options = {});

/// Options of the converters that read images: magic_pdf_to_document(), image_to_document().
struct ImageProcessOptions : ComponentOptions {
  /// How images are turned into text: "caption", "ocr" or both.
  std::vector<std::string> image_process_types = {"caption", "ocr"};
};
/// A MagicPDFToDocument converter (`kMagicPdfToDocumentType`). Default name
/// "MagicPDFToDocument". Sockets: input `sources`, output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component magic_pdf_to_document(const ImageProcessOptions& options = {});
/// An ImageToDocument converter (`kImageToDocumentType`). Default name "ImageToDocument".
/// Sockets: input `sources`, output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component image_to_document(const ImageProcessOptions& options = {});

/// Options of image_ocr_to_document(). Default name "ImageOCRToDocument".
struct ImageOcrToDocumentOptions : ComponentOptions {
  std::string model;                                ///< OCR model ("" in the documents).
  std::string tokenizer = "stepfun-ai/GOT-OCR2_0";  ///< Tokenizer of the OCR model.
};
/// An ImageOCRToDocument converter (`kImageOcrToDocumentType`). Sockets: input `documents`
/// (the documents feed it from `"MetadataRouter.image"`), output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component image_ocr_to_document(const ImageOcrToDocumentOptions& options = {});

/// An ImageCaptionToDocument converter (`kImageCaptionToDocumentType`, no parameters).
/// Default name "ImageCaptionToDocument". Sockets: input `documents` (fed from
/// `"MetadataRouter.image"`), output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component image_caption_to_document(const ComponentOptions& options = {});

/// A DocumentContentImageFiller (`kDocumentContentImageFillerType`, no parameters). Default
/// name "DocumentContentImageFiller". Sockets: input `documents`, output `documents`.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component document_content_image_filler(const ComponentOptions& options = {});

/// Any other component: @p type with @p init_parameters (null is written as `{}`). Its
/// sockets are whatever the service's component has; the SDK checks none of them.
/// @throws InvalidArgumentError when `options.name` is unset (there is no default name),
/// when @p init_parameters is not null or an object, or `extra_parameters` is invalid.
MOI_EXPORT Component custom(std::string_view type, Json init_parameters,
                            const ComponentOptions& options);

// ---- typed options of an existing component ----

/// Reads the options of @p component into @p options, the inverse of the preset: name,
/// component_id and intro (unset when absent), position, input_keys and output_keys (null
/// when absent), each parameter the options model (the preset's default when absent), and
/// the other `init_parameters` keys into `extra_parameters` (null when none), so that the
/// preset given the result rebuilds the component. The overload for ComponentOptions reads
/// any component (only the common parts; every parameter goes to `extra_parameters`); the
/// others require the preset's `type` (ImageProcessOptions: MagicPDFToDocument or
/// ImageToDocument).
/// @throws InvalidArgumentError `component "X" has type "T", not "<preset type>"` (or `has no
/// type`), or `component "X": init_parameters.split_length must be an integer, not string`
/// (a parameter of the wrong JSON type). @p options is then unspecified. Thread-safe (pure).
MOI_EXPORT void read_options(const Component& component, ComponentOptions& options);
/// Reads a DocumentCleaner's options (see the ComponentOptions overload). `remove_regex`
/// keeps its form: a string, a list of strings, or null (nullopt).
MOI_EXPORT void read_options(const Component& component, DocumentCleanerOptions& options);
/// Reads a DocumentWriter's options (see the ComponentOptions overload); the document store's
/// own unknown parameters are not read (apply_options() keeps them).
MOI_EXPORT void read_options(const Component& component, DocumentWriterOptions& options);
/// Reads a DocumentSplitter's options (see the ComponentOptions overload).
MOI_EXPORT void read_options(const Component& component, DocumentSplitterOptions& options);
/// Reads a DocumentJoiner's options (see the ComponentOptions overload).
MOI_EXPORT void read_options(const Component& component, DocumentJoinerOptions& options);
/// Reads an OpenAIDocumentEmbedder's options (see the ComponentOptions overload).
MOI_EXPORT void read_options(const Component& component, OpenAIDocumentEmbedderOptions& options);
/// Reads a FileTypeRouter's options (see the ComponentOptions overload).
MOI_EXPORT void read_options(const Component& component, FileTypeRouterOptions& options);
/// Reads a MetadataRouter's options (see the ComponentOptions overload); `rules` is copied.
MOI_EXPORT void read_options(const Component& component, MetadataRouterOptions& options);
/// Reads a PythonExecutor's options (see the ComponentOptions overload).
MOI_EXPORT void read_options(const Component& component, PythonExecutorOptions& options);
/// Reads a TextFileToDocument's options (see the ComponentOptions overload).
MOI_EXPORT void read_options(const Component& component, TextFileToDocumentOptions& options);
/// Reads a MarkdownToDocument's options (see the ComponentOptions overload).
MOI_EXPORT void read_options(const Component& component, MarkdownToDocumentOptions& options);
/// Reads a MagicPDFToDocument's or ImageToDocument's options (see the ComponentOptions
/// overload).
MOI_EXPORT void read_options(const Component& component, ImageProcessOptions& options);
/// Reads an ImageOCRToDocument's options (see the ComponentOptions overload).
MOI_EXPORT void read_options(const Component& component, ImageOcrToDocumentOptions& options);

/// Writes @p options into the existing @p component: name, component_id and intro when set;
/// position, input_keys and output_keys when not null; every parameter the options model
/// (unset optional ones take the preset's default, as the preset does), then
/// `extra_parameters` over them. Everything the options do not model stays as it was: other
/// `init_parameters` keys, the component's unknown keys, and (for a DocumentWriter) the
/// document store's other parameters. The type requirement is read_options()'s.
/// @throws InvalidArgumentError for a component of another type (as read_options()) or
/// `extra_parameters` that is not null or an object. @p component is then unchanged.
/// Thread-safe for distinct components.
MOI_EXPORT void apply_options(const ComponentOptions& options, Component& component);
/// Writes DocumentCleaner options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const DocumentCleanerOptions& options, Component& component);
/// Writes DocumentWriter options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const DocumentWriterOptions& options, Component& component);
/// Writes DocumentSplitter options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const DocumentSplitterOptions& options, Component& component);
/// Writes DocumentJoiner options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const DocumentJoinerOptions& options, Component& component);
/// Writes OpenAIDocumentEmbedder options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const OpenAIDocumentEmbedderOptions& options, Component& component);
/// Writes FileTypeRouter options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const FileTypeRouterOptions& options, Component& component);
/// Writes MetadataRouter options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const MetadataRouterOptions& options, Component& component);
/// Writes PythonExecutor options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const PythonExecutorOptions& options, Component& component);
/// Writes TextFileToDocument options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const TextFileToDocumentOptions& options, Component& component);
/// Writes MarkdownToDocument options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const MarkdownToDocumentOptions& options, Component& component);
/// Writes MagicPDFToDocument or ImageToDocument options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const ImageProcessOptions& options, Component& component);
/// Writes ImageOCRToDocument options (see the ComponentOptions overload).
MOI_EXPORT void apply_options(const ImageOcrToDocumentOptions& options, Component& component);

}  // namespace components

template <class Options, class Edit>
PipelineBuilder& PipelineBuilder::configure(std::string_view name, Edit&& edit) {
  Component& target = component(name);
  Options options;
  components::read_options(target, options);
  std::forward<Edit>(edit)(options);
  components::apply_options(options, target);
  return *this;
}

}  // namespace moi
