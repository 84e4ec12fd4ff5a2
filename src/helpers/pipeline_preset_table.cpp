// SPDX-License-Identifier: Apache-2.0
// The one table of moi::components' presets: default name, preset function, type and the
// sockets the documents show. documented_sockets() (read by validate_pipeline()) and
// presets() (listed by `moi pipeline components`) are both views of it.
#include <string_view>
#include <vector>

#include "moi/helpers/pipeline.hpp"

namespace moi {
namespace components {
namespace {

struct Row {
  std::string_view name;
  std::string_view function;
  Component (*make_default)();
  DocumentedSockets sockets;
};

const std::vector<Row>& rows() {
  using namespace sockets;
  static const std::vector<Row> kRows = [] {
    const std::string_view example =
        "OpenAPI example pipeline (workflow.openapi.2025-05-22.json, "
        "tests/fixtures/pipeline_openapi_example.json)";
    const std::string_view haystack_complete =
        "OpenAPI example pipeline; Haystack's run(documents) -> {documents} has no other socket";
    const std::string_view converter = "OpenAPI example pipeline (fed by FileRouterComponent)";
    const std::string_view fed_by_router =
        "OpenAPI example pipeline (fed by MetadataRouter.image)";
    return std::vector<Row>{
        {"DocumentCleaner", "document_cleaner", [] { return document_cleaner(); },
         {kDocumentCleanerType, {kDocuments}, {kDocuments}, true, haystack_complete}},
        {"DocumentWriter", "document_writer", [] { return document_writer(); },
         {kDocumentWriterType, {kDocuments}, {}, false, example}},
        {"DocumentSplitter", "document_splitter", [] { return document_splitter(); },
         {kDocumentSplitterType, {kDocuments}, {kDocuments}, true, haystack_complete}},
        {"DocumentJoiner", "document_joiner", [] { return document_joiner(); },
         {kDocumentJoinerType, {kDocuments}, {kDocuments}, false, example}},
        {"DocumentEmbedder", "openai_document_embedder", [] { return openai_document_embedder(); },
         {kOpenAIDocumentEmbedderType, {kDocuments}, {kDocuments}, false, example}},
        {"FileTypeRouter", "file_type_router", [] { return file_type_router(); },
         {kFileTypeRouterType,
          {},
          {mime::kTextPlain, mime::kTextMarkdown, mime::kImageAny, mime::kPdf, mime::kDocx,
           mime::kPptx},
          false,
          "OpenAPI example pipeline (as FileRouterComponent); outputs are the mime_types"}},
        {"MetadataRouter", "metadata_router", [] { return metadata_router(); },
         {kMetadataRouterType, {kDocuments}, {kText, kImage}, false, example}},
        {"PythonExecutor", "python_executor", [] { return python_executor(); },
         {kPythonExecutorType, {kDocuments}, {kDocuments}, false, example}},
        {"TextFileToDocument", "text_file_to_document", [] { return text_file_to_document(); },
         {kTextFileToDocumentType, {kSources}, {kDocuments}, false, converter}},
        {"MarkdownToDocument", "markdown_to_document", [] { return markdown_to_document(); },
         {kMarkdownToDocumentType, {kSources}, {kDocuments}, false, converter}},
        {"DOCXToDocument", "docx_to_document", [] { return docx_to_document(); },
         {kDocxToDocumentType, {kSources}, {kDocuments}, false, converter}},
        {"PPTXToDocument", "pptx_to_document", [] { return pptx_to_document(); },
         {kPptxToDocumentType, {kSources}, {kDocuments}, false, converter}},
        {"MagicPDFToDocument", "magic_pdf_to_document", [] { return magic_pdf_to_document(); },
         {kMagicPdfToDocumentType, {kSources}, {kDocuments}, false, converter}},
        {"ImageToDocument", "image_to_document", [] { return image_to_document(); },
         {kImageToDocumentType, {kSources}, {kDocuments}, false, converter}},
        {"ImageOCRToDocument", "image_ocr_to_document", [] { return image_ocr_to_document(); },
         {kImageOcrToDocumentType, {kDocuments}, {kDocuments}, false, fed_by_router}},
        {"ImageCaptionToDocument", "image_caption_to_document",
         [] { return image_caption_to_document(); },
         {kImageCaptionToDocumentType, {kDocuments}, {kDocuments}, false, fed_by_router}},
        {"DocumentContentImageFiller", "document_content_image_filler",
         [] { return document_content_image_filler(); },
         {kDocumentContentImageFillerType, {kDocuments}, {kDocuments}, false, example}},
    };
  }();
  return kRows;
}

}  // namespace

const std::vector<DocumentedSockets>& documented_sockets() {
  static const std::vector<DocumentedSockets> kTable = [] {
    std::vector<DocumentedSockets> table;
    for (const Row& row : rows()) table.push_back(row.sockets);
    return table;
  }();
  return kTable;
}

const DocumentedSockets* find_documented_sockets(std::string_view type) noexcept {
  for (const auto& entry : documented_sockets()) {
    if (entry.type == type) return &entry;
  }
  return nullptr;
}

const std::vector<Preset>& presets() {
  static const std::vector<Preset> kPresets = [] {
    std::vector<Preset> list;
    const auto& table = documented_sockets();
    for (std::size_t i = 0; i < rows().size(); ++i) {
      const Row& row = rows()[i];
      list.push_back(Preset{row.name, row.function, row.sockets.type, &table[i],
                            row.make_default});
    }
    return list;
  }();
  return kPresets;
}

const Preset* find_preset(std::string_view key) noexcept {
  for (const Preset& preset : presets()) {
    if (preset.type == key || preset.name == key || preset.function == key) return &preset;
  }
  return nullptr;
}

}  // namespace components
}  // namespace moi
