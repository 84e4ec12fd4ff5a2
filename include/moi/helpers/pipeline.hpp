// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Build, edit and validate a workflow's pipeline (WorkflowConfig) before it is sent with W1,
/// W4, B1 or B4: PipelineBuilder, validate(), and presets for the components the API documents
/// show (namespace moi::components). Plain value code: nothing here does I/O.
///
/// Thread-safety: the free functions are pure and may be called from any thread; the structs
/// and PipelineBuilder are plain values (copyable, not synchronised): share them read-only or
/// guard them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "moi/error.hpp"
#include "moi/model/common.hpp"
#include "moi/model/workflow.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// A connection endpoint `"Component.socket"` split at its first '.': the socket may itself
/// contain dots and slashes (`"FileTypeRouter.application/vnd.ms-excel"`), component names
/// may not.
struct Endpoint {
  std::string component;  ///< Name of the component (before the first '.').
  std::string socket;     ///< Input or output socket of the component (after the first '.').
};

/// Splits @p endpoint (`"DocumentCleaner.documents"`) into component and socket.
/// @p role ("sender" or "receiver") is only used in the message.
/// @throws InvalidArgumentError `malformed sender "X": ...` when there is no '.', or the part
/// before or after it is empty. Thread-safe (pure function).
MOI_EXPORT Endpoint parse_endpoint(std::string_view endpoint, std::string_view role = "endpoint");

/// Checks a pipeline the way the service needs it, before anything is sent:
/// - every component has a non-empty `name` without '.', and names are unique (connections
///   refer to components by name). `component_id` values may repeat: pipelines exported from
///   the MOI console repeat them, so they are not checked;
/// - every connection has a sender and a receiver of the form `"Component.socket"`, and each
///   names a component of the pipeline;
/// - the connections form no cycle (the pipeline is a DAG; a self-connection is a cycle).
///
/// An endpoint's component is looked up by `name`. When no name matches, a component whose
/// `component_id` without its trailing `_<digits>` equals the reference is accepted, provided
/// exactly one component matches: the documents' console-exported pipeline names its
/// FileTypeRouter `"FileTypeRouter"` but connects `"FileRouterComponent.text/plain"`
/// (component_id `"FileRouterComponent_1737534316590"`). See docs/pipelines.md.
///
/// Checks run in that order and the first problem is thrown. Unset lists count as empty.
/// @throws InvalidArgumentError whose message names the offending component (by index and
/// name or component_id) or connection (by index, sender and receiver), or lists the cycle's
/// components. Thread-safe (pure function).
MOI_EXPORT void validate(const WorkflowConfig& workflow);

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

  /// Removes the component named @p name and every connection whose sender or receiver refers
  /// to it (resolved as validate() does).
  /// @throws InvalidArgumentError `no component named "X"` when there is none.
  PipelineBuilder& remove(std::string_view name);

  /// The component named @p name, to edit in place (e.g. its `init_parameters`). The
  /// reference is invalidated by add() and remove(). Renaming it is allowed; build() checks.
  /// @throws InvalidArgumentError `no component named "X"` when there is none.
  Component& component(std::string_view name);

  /// The component named @p name, or nullptr when there is none. Invalidated like component().
  const Component* find(std::string_view name) const noexcept;

  /// The components, in order.
  const std::vector<Component>& components() const noexcept;

  /// The connections, in order.
  const std::vector<Connection>& connections() const noexcept;

  /// Validates (see validate()) and returns the pipeline.
  /// @throws InvalidArgumentError naming the offending component or connection.
  WorkflowConfig build() const;

 private:
  WorkflowConfig workflow_;
};

/// Presets for the components in the API documents. Each returns a moi::Component with the
/// component's documented `type` and `init_parameters`; every option defaults to the value in
/// the documents (W1's example for DocumentCleaner and DocumentWriter, the OpenAPI example
/// pipeline for the others). All are pure functions: thread-safe, no I/O.
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
  /// `position` in the console's canvas.
  Json position = Json{{"x", 0}, {"y", 0}};
  /// `input_keys` (free-form).
  Json input_keys = Json::object();
  /// `output_keys` (free-form).
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
/// A DocumentCleaner (`kDocumentCleanerType`).
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
/// A DocumentWriter (`kDocumentWriterType`) with a MOIDocumentStore.
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component document_writer(const DocumentWriterOptions& options = {});

/// Options of document_splitter(). Default name "DocumentSplitter".
struct DocumentSplitterOptions : ComponentOptions {
  std::string split_by = "word";     ///< Unit: "word", "sentence", "passage", "page", ...
  std::int64_t split_length = 800;   ///< Units per chunk.
  std::int64_t split_overlap = 200;  ///< Units shared by neighbouring chunks.
  std::int64_t split_threshold = 0;  ///< Minimum units of a chunk.
};
/// A DocumentSplitter (`kDocumentSplitterType`).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component document_splitter(const DocumentSplitterOptions& options = {});

/// Options of document_joiner(). Default name "DocumentJoiner".
struct DocumentJoinerOptions : ComponentOptions {
  std::string join_mode = "concatenate";  ///< How inputs are joined.
  bool sort_by_score = true;              ///< Sort the joined documents by score.
};
/// A DocumentJoiner (`kDocumentJoinerType`).
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
/// An OpenAIDocumentEmbedder (`kOpenAIDocumentEmbedderType`).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component openai_document_embedder(const OpenAIDocumentEmbedderOptions& options = {});

/// Options of file_type_router(). Default name "FileTypeRouter". Its output sockets are the
/// MIME types (`"FileTypeRouter.text/plain"`).
struct FileTypeRouterOptions : ComponentOptions {
  /// MIME types (regular expressions) routed to one output each.
  std::vector<std::string> mime_types = {
      "text/plain",
      "text/markdown",
      "image/.*",
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation"};
};
/// A FileTypeRouter (`kFileTypeRouterType`).
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
/// A MetadataRouter (`kMetadataRouterType`).
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
/// A PythonExecutor (`kPythonExecutorType`).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component python_executor(const PythonExecutorOptions& options = {});

/// Options of text_file_to_document(). Default name "TextFileToDocument".
struct TextFileToDocumentOptions : ComponentOptions {
  std::string encoding = "utf8";  ///< Encoding of the text files.
};
/// A TextFileToDocument converter (`kTextFileToDocumentType`).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component text_file_to_document(const TextFileToDocumentOptions& options = {});

/// Options of markdown_to_document(). Default name "MarkdownToDocument".
struct MarkdownToDocumentOptions : ComponentOptions {
  bool progress_bar = false;          ///< Show a progress bar (server log).
  bool table_to_single_line = false;  ///< Write each table row on one line.
};
/// A MarkdownToDocument converter (`kMarkdownToDocumentType`).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component markdown_to_document(const MarkdownToDocumentOptions& options = {});

/// A DOCXToDocument converter (`kDocxToDocumentType`, no parameters). Default name
/// "DOCXToDocument".
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component docx_to_document(const ComponentOptions& options = {});

/// A PPTXToDocument converter (`kPptxToDocumentType`, no parameters). Default name
/// "PPTXToDocument".
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component pptx_to_document(const ComponentOptions& options = {});

/// Options of the converters that read images: magic_pdf_to_document(), image_to_document().
struct ImageProcessOptions : ComponentOptions {
  /// How images are turned into text: "caption", "ocr" or both.
  std::vector<std::string> image_process_types = {"caption", "ocr"};
};
/// A MagicPDFToDocument converter (`kMagicPdfToDocumentType`). Default name
/// "MagicPDFToDocument".
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component magic_pdf_to_document(const ImageProcessOptions& options = {});
/// An ImageToDocument converter (`kImageToDocumentType`). Default name "ImageToDocument".
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component image_to_document(const ImageProcessOptions& options = {});

/// Options of image_ocr_to_document(). Default name "ImageOCRToDocument".
struct ImageOcrToDocumentOptions : ComponentOptions {
  std::string model;                                ///< OCR model ("" in the documents).
  std::string tokenizer = "stepfun-ai/GOT-OCR2_0";  ///< Tokenizer of the OCR model.
};
/// An ImageOCRToDocument converter (`kImageOcrToDocumentType`).
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component image_ocr_to_document(const ImageOcrToDocumentOptions& options = {});

/// An ImageCaptionToDocument converter (`kImageCaptionToDocumentType`, no parameters).
/// Default name "ImageCaptionToDocument".
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component image_caption_to_document(const ComponentOptions& options = {});

/// A DocumentContentImageFiller (`kDocumentContentImageFillerType`, no parameters). Default
/// name "DocumentContentImageFiller".
/// @throws InvalidArgumentError when `extra_parameters` is not null or an object.
MOI_EXPORT Component document_content_image_filler(const ComponentOptions& options = {});

/// Any other component: @p type with @p init_parameters (null is written as `{}`).
/// @throws InvalidArgumentError when `options.name` is unset (there is no default name),
/// when @p init_parameters is not null or an object, or `extra_parameters` is invalid.
MOI_EXPORT Component custom(std::string_view type, Json init_parameters,
                            const ComponentOptions& options);

}  // namespace components
}  // namespace moi
