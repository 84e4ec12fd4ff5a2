// SPDX-License-Identifier: Apache-2.0
// PipelineBuilder, validate_pipeline() and the component presets: the documents' example workflows
// rebuilt key for key, every validation error with its exact message, and round trips of
// fetched pipelines (unknown keys kept).

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "moi/helpers/pipeline.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::json_fixture;
namespace mc = components;

// Runs @p f and checks it throws InvalidArgumentError with exactly @p message.
void expect_invalid(const std::function<void()>& f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected: " << message;
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.what(), "invalid argument: " + message);
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidArgument);
    EXPECT_FALSE(e.retryable());
  }
}

// A bare component named @p name (a test double: no type or parameters).
Component named(const std::string& name) {
  Component c;
  c.name = name;
  return c;
}

WorkflowConfig workflow_from(const Json& j) { return j.get<WorkflowConfig>(); }

// ---- the documents' examples ---------------------------------------------------------------

// docs/pipelines.md shows this test's code.
TEST(PipelineBuilderTest, BuildsTheW1ExampleWorkflow) {
  namespace mc = moi::components;

  mc::DocumentCleanerOptions cleaner;  // defaults: the W1 example's parameters
  cleaner.component_id = "DocumentCleaner_1739377283742";
  mc::DocumentWriterOptions writer;  // defaults: MOIDocumentStore, DATABASE_SYNC_URI, 1024
  writer.component_id = "DocumentWriter_1739377283742";

  moi::WorkflowConfig workflow = moi::PipelineBuilder()
                                     .add(mc::document_cleaner(cleaner))
                                     .add(mc::document_writer(writer))
                                     .build();

  const Json expected = json_fixture("w1_request.json")["workflow"];
  EXPECT_EQ(Json(workflow), expected) << Json(workflow).dump(2);
}

// The options every preset shares, as the OpenAPI example pipeline uses them.
template <class Options>
Options console(const std::string& name, const std::string& stamp = "1737534316590") {
  Options o;
  o.name = name;
  o.component_id = name + "_" + stamp;
  return o;
}

TEST(PipelineBuilderTest, BuildsTheOpenApiExamplePipeline) {
  const std::vector<std::string> regex_list{std::string(mc::kEmailAndUrlRegex)};
  auto cleaner = [&](const std::string& name) {
    auto o = console<mc::DocumentCleanerOptions>(name);
    o.remove_regex = regex_list;  // the older service's list form
    return mc::document_cleaner(o);
  };
  auto writer = console<mc::DocumentWriterOptions>("DocumentWriter");
  writer.connection_string.env_vars = {"DATABASE_URI"};
  auto router = console<mc::FileTypeRouterOptions>("FileTypeRouter");
  router.component_id = "FileRouterComponent_1737534316590";
  router.intro = "FileRouterComponent";

  PipelineBuilder builder;
  builder.add(cleaner("DocumentCleaner"))
      .add(cleaner("DocumentCleaner-ImageCaption"))
      .add(cleaner("DocumentCleaner-ImageOCR"))
      .add(mc::openai_document_embedder(
          console<mc::OpenAIDocumentEmbedderOptions>("DocumentEmbedder")))
      .add(mc::document_joiner(console<mc::DocumentJoinerOptions>("DocumentJoiner")))
      .add(mc::document_joiner(console<mc::DocumentJoinerOptions>("DocumentJoiner-Result")))
      .add(mc::document_splitter(console<mc::DocumentSplitterOptions>("DocumentSplitter")))
      .add(mc::document_writer(writer))
      .add(mc::file_type_router(router))
      .add(mc::image_caption_to_document(console<mc::ComponentOptions>("ImageCaptionToDocument")))
      .add(mc::image_ocr_to_document(console<mc::ImageOcrToDocumentOptions>("ImageOCRToDocument")))
      .add(mc::docx_to_document(console<mc::ComponentOptions>("DOCXToDocument", "1737534316592")))
      .add(mc::pptx_to_document(console<mc::ComponentOptions>("PPTXToDocument", "1737534316592")))
      .add(mc::image_to_document(console<mc::ImageProcessOptions>("ImageToDocument")))
      .add(mc::magic_pdf_to_document(console<mc::ImageProcessOptions>("MagicPDFToDocument")))
      .add(mc::markdown_to_document(console<mc::MarkdownToDocumentOptions>("MarkdownToDocument")))
      .add(mc::metadata_router(console<mc::MetadataRouterOptions>("MetadataRouter")))
      .add(mc::python_executor(console<mc::PythonExecutorOptions>("PythonExecutor")))
      .add(mc::text_file_to_document(console<mc::TextFileToDocumentOptions>("TextFileToDocument")))
      .add(mc::document_content_image_filler(
          console<mc::ComponentOptions>("DocumentContentImageFiller")));

  // The console connects the router as "FileRouterComponent" (its component_id's stem).
  const std::string wordml =
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  const std::string presentationml =
      "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  builder.connect("FileRouterComponent.text/plain", "TextFileToDocument.sources")
      .connect("FileRouterComponent.text/markdown", "MarkdownToDocument.sources")
      .connect("FileRouterComponent.image/.*", "ImageToDocument.sources")
      .connect("FileRouterComponent." + wordml, "DOCXToDocument.sources")
      .connect("FileRouterComponent." + presentationml, "PPTXToDocument.sources")
      .connect("FileRouterComponent.application/pdf", "MagicPDFToDocument.sources")
      .connect("TextFileToDocument.documents", "DocumentJoiner.documents")
      .connect("MarkdownToDocument.documents", "DocumentJoiner.documents")
      .connect("MagicPDFToDocument.documents", "DocumentJoiner.documents")
      .connect("ImageToDocument.documents", "DocumentJoiner.documents")
      .connect("DOCXToDocument.documents", "DocumentJoiner.documents")
      .connect("PPTXToDocument.documents", "DocumentJoiner.documents")
      .connect("DocumentJoiner.documents", "MetadataRouter.documents")
      .connect("MetadataRouter.text", "DocumentCleaner.documents")
      .connect("MetadataRouter.image", "ImageOCRToDocument.documents")
      .connect("MetadataRouter.image", "ImageCaptionToDocument.documents")
      .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
      .connect("DocumentSplitter.documents", "DocumentJoiner-Result.documents")
      .connect("ImageOCRToDocument.documents", "DocumentCleaner-ImageOCR.documents")
      .connect("DocumentCleaner-ImageOCR.documents", "DocumentJoiner-Result.documents")
      .connect("ImageCaptionToDocument.documents", "DocumentCleaner-ImageCaption.documents")
      .connect("DocumentCleaner-ImageCaption.documents", "DocumentJoiner-Result.documents")
      .connect("DocumentJoiner-Result.documents", "PythonExecutor.documents")
      .connect("PythonExecutor.documents", "DocumentEmbedder.documents")
      .connect("DocumentEmbedder.documents", "DocumentContentImageFiller.documents")
      .connect("DocumentContentImageFiller.documents", "DocumentWriter.documents");

  const Json built = builder.build();
  const Json expected = json_fixture("pipeline_openapi_example.json")["workflow"];
  ASSERT_EQ(built["components"].size(), 20u);
  ASSERT_EQ(built["connections"].size(), 26u);
  for (std::size_t i = 0; i < expected["components"].size(); ++i) {
    EXPECT_EQ(built["components"][i], expected["components"][i]) << "component #" << i;
  }
  EXPECT_EQ(built, expected);
}

TEST(PipelineBuilderTest, PresetDefaultsFollowTheName) {
  mc::DocumentSplitterOptions o;
  o.name = "Chunker";
  const Json c = mc::document_splitter(o);
  EXPECT_EQ(c,
            (Json{{"name", "Chunker"},
                  {"type", "haystack.components.preprocessors.document_splitter.DocumentSplitter"},
                  {"component_id", "Chunker"},
                  {"intro", "Chunker"},
                  {"position", {{"x", 0}, {"y", 0}}},
                  {"input_keys", Json::object()},
                  {"output_keys", Json::object()},
                  {"init_parameters",
                   {{"split_by", "word"},
                    {"split_length", 800},
                    {"split_overlap", 200},
                    {"split_threshold", 0}}}}));
  EXPECT_EQ(Json(mc::document_joiner())["name"], "DocumentJoiner");
  EXPECT_EQ(Json(mc::openai_document_embedder())["name"], "DocumentEmbedder");
}

TEST(PipelineBuilderTest, PresetRemoveRegexForms) {
  mc::DocumentCleanerOptions o;
  EXPECT_EQ(Json(mc::document_cleaner(o))["init_parameters"]["remove_regex"],
            R"(([a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+)|https?://[^\s]+)");
  o.remove_regex = std::vector<std::string>{"a+", "b+"};
  EXPECT_EQ(Json(mc::document_cleaner(o))["init_parameters"]["remove_regex"], (Json{"a+", "b+"}));
  o.remove_regex.reset();
  EXPECT_TRUE(Json(mc::document_cleaner(o))["init_parameters"]["remove_regex"].is_null());
}

TEST(PipelineBuilderTest, PresetExtraParametersAreMergedOver) {
  mc::DocumentCleanerOptions o;
  o.extra_parameters = {{"unicode_normalization", "NFKC"}, {"keep_id", true}};
  const Json params = Json(mc::document_cleaner(o))["init_parameters"];
  EXPECT_EQ(params["unicode_normalization"], "NFKC");
  EXPECT_EQ(params["keep_id"], true);
  EXPECT_EQ(params["remove_empty_lines"], true);

  o.extra_parameters = Json::array({1});
  expect_invalid([&] { mc::document_cleaner(o); },
                 "extra_parameters of component \"DocumentCleaner\" must be a JSON object, not "
                 "array");
}

TEST(PipelineBuilderTest, CustomComponentNeedsANameAndObjectParameters) {
  mc::ComponentOptions o;
  expect_invalid([&] { mc::custom("my.Component", Json::object(), o); },
                 "custom component of type \"my.Component\" needs a name");
  o.name = "Mine";
  expect_invalid([&] { mc::custom("my.Component", 3, o); },
                 "init_parameters of component \"Mine\" must be a JSON object, not number");
  const Json c = mc::custom("my.Component", nullptr, o);
  EXPECT_EQ(c["type"], "my.Component");
  EXPECT_EQ(c["init_parameters"], Json::object());
}

TEST(PipelineBuilderTest, EmptyBuilderWritesTheDocumentsLists) {
  EXPECT_EQ(Json(PipelineBuilder().build()), (Json{{"components", Json::array()},
                                                   {"connections", Json::array()},
                                                   {"edges", Json::array()},
                                                   {"extra_components", Json::array()}}));
}

// ---- validation errors -----------------------------------------------------------------------

TEST(PipelineValidationTest, MissingOrEmptyNameRejectedByAdd) {
  PipelineBuilder b;
  Component unnamed;
  unnamed.component_id = "X_1";
  expect_invalid([&] { b.add(unnamed); }, "component #0 has no name (component_id \"X_1\")");
  b.add(mc::document_cleaner());
  expect_invalid([&] { b.add(named("")); }, "component #1 has no name");
  EXPECT_EQ(b.components().size(), 1u);  // unchanged by the failed add
}

TEST(PipelineValidationTest, MissingNameRejectedByValidate) {
  Json wf = json_fixture("w1_request.json")["workflow"];
  wf["components"][1].erase("name");
  expect_invalid([&] { validate_pipeline(workflow_from(wf)); },
                 "component #1 has no name (component_id \"DocumentWriter_1739377283742\")");
}

TEST(PipelineValidationTest, NameWithDotRejected) {
  expect_invalid([] { PipelineBuilder().add(named("Doc.Cleaner")); },
                 "component #0 name \"Doc.Cleaner\" contains '.', which separates component and "
                 "socket in connections");
}

TEST(PipelineValidationTest, DuplicateNameRejectedByAdd) {
  PipelineBuilder b;
  b.add(mc::document_cleaner()).add(mc::document_writer());
  expect_invalid([&] { b.add(mc::document_cleaner()); },
                 "duplicate component name \"DocumentCleaner\" (components #0 and #2)");
  EXPECT_EQ(b.components().size(), 2u);
}

TEST(PipelineValidationTest, DuplicateNameRejectedByBuild) {
  Json wf = json_fixture("w1_request.json")["workflow"];
  wf["components"][1]["name"] = "DocumentCleaner";
  const auto b = PipelineBuilder::from(workflow_from(wf));
  expect_invalid([&] { b.build(); },
                 "duplicate component name \"DocumentCleaner\" (components #0 and #1)");
}

TEST(PipelineValidationTest, RepeatedComponentIdAccepted) {
  mc::ComponentOptions a;
  a.name = "A";
  a.component_id = "Same_1737534316590";
  mc::ComponentOptions b = a;
  b.name = "B";
  const WorkflowConfig wf = PipelineBuilder()
                                .add(mc::docx_to_document(a))
                                .add(mc::docx_to_document(b))
                                .connect("A.documents", "B.sources")
                                .build();
  ASSERT_EQ(wf.components->size(), 2u);
  EXPECT_EQ((*wf.components)[0].component_id, (*wf.components)[1].component_id);
}

TEST(PipelineValidationTest, UnknownSenderComponent) {
  const auto b = PipelineBuilder()
                     .add(mc::document_cleaner())
                     .add(mc::document_writer())
                     .connect("Cleaner.documents", "DocumentWriter.documents");
  expect_invalid([&] { b.build(); },
                 "connection #0 \"Cleaner.documents\" -> \"DocumentWriter.documents\": sender "
                 "component \"Cleaner\" is not in the pipeline (did you mean "
                 "\"DocumentCleaner\"?)");
}

TEST(PipelineValidationTest, UnknownReceiverComponent) {
  const auto b = PipelineBuilder()
                     .add(mc::document_cleaner())
                     .add(mc::document_writer())
                     .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                     .connect("DocumentCleaner.documents", "Splitter.documents");
  expect_invalid([&] { b.build(); },
                 "connection #1 \"DocumentCleaner.documents\" -> \"Splitter.documents\": "
                 "receiver component \"Splitter\" is not in the pipeline");
}

TEST(PipelineValidationTest, MalformedEndpointsRejectedByConnect) {
  PipelineBuilder b;
  expect_invalid([&] { b.connect("DocumentCleaner", "DocumentWriter.documents"); },
                 "connection \"DocumentCleaner\" -> \"DocumentWriter.documents\": malformed "
                 "sender \"DocumentCleaner\": expected \"Component.socket\"");
  expect_invalid([&] { b.connect("DocumentCleaner.documents", ".documents"); },
                 "connection \"DocumentCleaner.documents\" -> \".documents\": malformed receiver "
                 "\".documents\": the component name before '.' is empty");
  expect_invalid([&] { b.connect("DocumentCleaner.", "DocumentWriter.documents"); },
                 "connection \"DocumentCleaner.\" -> \"DocumentWriter.documents\": malformed "
                 "sender \"DocumentCleaner.\": the socket name after '.' is empty");
  expect_invalid([&] { b.connect("", "DocumentWriter.documents"); },
                 "connection \"\" -> \"DocumentWriter.documents\": malformed sender \"\": "
                 "expected \"Component.socket\"");
  EXPECT_TRUE(b.connections().empty());
}

TEST(PipelineValidationTest, MalformedOrMissingEndpointsRejectedByValidate) {
  Json wf = json_fixture("w1_request.json")["workflow"];
  wf["connections"] =
      Json::array({{{"sender", "DocumentCleaner"}, {"receiver", "DocumentWriter.documents"}}});
  expect_invalid([&] { validate_pipeline(workflow_from(wf)); },
                 "connection #0 \"DocumentCleaner\" -> \"DocumentWriter.documents\": malformed "
                 "sender \"DocumentCleaner\": expected \"Component.socket\"");
  wf["connections"] = Json::array({{{"receiver", "DocumentWriter.documents"}}});
  expect_invalid([&] { validate_pipeline(workflow_from(wf)); },
                 "connection #0 (none) -> \"DocumentWriter.documents\": the sender is missing");
  wf["connections"] = Json::array({{{"sender", "DocumentCleaner.documents"}}});
  expect_invalid([&] { validate_pipeline(workflow_from(wf)); },
                 "connection #0 \"DocumentCleaner.documents\" -> (none): the receiver is missing");
}

TEST(PipelineValidationTest, TwoCycleNamesItsComponents) {
  const auto b = PipelineBuilder()
                     .add(mc::document_cleaner())
                     .add(mc::document_splitter())
                     .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
                     .connect("DocumentSplitter.documents", "DocumentCleaner.documents");
  expect_invalid([&] { b.build(); },
                 "connections form a cycle: \"DocumentCleaner\" -> \"DocumentSplitter\" -> "
                 "\"DocumentCleaner\"");
}

TEST(PipelineValidationTest, ThreeCycleNamesItsComponents) {
  // W (a source feeding the loop) is not part of the cycle and is not named.
  const auto b = PipelineBuilder()
                     .add(named("W"))
                     .add(named("A"))
                     .add(named("B"))
                     .add(named("C"))
                     .connect("W.out", "A.in")
                     .connect("A.out", "B.in")
                     .connect("B.out", "C.in")
                     .connect("C.out", "A.in");
  expect_invalid([&] { b.build(); }, "connections form a cycle: \"A\" -> \"B\" -> \"C\" -> \"A\"");
}

TEST(PipelineValidationTest, SelfConnectionIsACycle) {
  const auto b = PipelineBuilder().add(named("A")).connect("A.out", "A.in");
  expect_invalid([&] { b.build(); }, "connections form a cycle: \"A\" -> \"A\"");
}

TEST(PipelineValidationTest, DiamondIsNotACycle) {
  EXPECT_NO_THROW(PipelineBuilder()
                      .add(named("A"))
                      .add(named("B"))
                      .add(named("C"))
                      .add(named("D"))
                      .connect("A.x", "B.in")
                      .connect("A.y", "C.in")
                      .connect("B.out", "D.in")
                      .connect("C.out", "D.in")
                      .build());
}

TEST(PipelineValidationTest, ComponentIdStemReferenceAcceptedWhenUnique) {
  mc::FileTypeRouterOptions router;
  router.component_id = "FileRouterComponent_1737534316590";
  auto b = PipelineBuilder()
               .add(mc::file_type_router(router))
               .add(mc::text_file_to_document())
               .connect("FileRouterComponent.text/plain", "TextFileToDocument.sources");
  EXPECT_NO_THROW(b.build());

  // Two components whose ids share the stem: the reference is ambiguous.
  mc::ComponentOptions other;
  other.name = "Other";
  other.component_id = "FileRouterComponent_1";
  b.add(mc::docx_to_document(other));
  expect_invalid([&] { b.build(); },
                 "connection #0 \"FileRouterComponent.text/plain\" -> "
                 "\"TextFileToDocument.sources\": sender component \"FileRouterComponent\" is no "
                 "component's name and matches the component_id of several components "
                 "(\"FileTypeRouter\", \"Other\")");
}

TEST(PipelineValidationTest, ValidateAcceptsTheDocumentsPipelines) {
  EXPECT_NO_THROW(validate_pipeline(workflow_from(json_fixture("w1_request.json")["workflow"])));
  EXPECT_NO_THROW(
      validate_pipeline(workflow_from(json_fixture("pipeline_openapi_example.json")["workflow"])));
  const Json w3 = json_fixture("w3_response.json")["data"];
  EXPECT_NO_THROW(validate_pipeline(workflow_from(w3["workflow"])));
  for (const auto& branch : w3["branches"]) {
    EXPECT_NO_THROW(validate_pipeline(workflow_from(branch["workflow"])));
  }
  EXPECT_NO_THROW(validate_pipeline(WorkflowConfig{}));  // no lists at all
}

TEST(PipelineValidationTest, ParseSocketRefSplitsAtTheFirstDot) {
  const SocketRef e = parse_socket_ref(
      "FileTypeRouter.application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "sender");
  EXPECT_EQ(e.component, "FileTypeRouter");
  EXPECT_EQ(e.socket, "application/vnd.openxmlformats-officedocument.presentationml.presentation");
  expect_invalid([] { parse_socket_ref("NoSocket"); },
                 "malformed socket \"NoSocket\": expected \"Component.socket\"");
  EXPECT_EQ(socket_ref("FileTypeRouter", mc::mime::kPdf), "FileTypeRouter.application/pdf");
}

// ---- editing and round trips -----------------------------------------------------------------

TEST(PipelineBuilderTest, RoundTripKeepsEverything) {
  for (const Json& wf : {json_fixture("pipeline_openapi_example.json")["workflow"],
                         json_fixture("w1_request.json")["workflow"],
                         json_fixture("w3_response.json")["data"]["workflow"]}) {
    EXPECT_EQ(Json(PipelineBuilder::from(workflow_from(wf)).build()), wf);
  }
}

TEST(PipelineBuilderTest, RoundTripKeepsUnknownKeysThroughAnEdit) {
  Json wf = json_fixture("pipeline_openapi_example.json")["workflow"];
  wf["components"][6]["extra_node_info"] = {{"collapsed", true}, {"color", "#fff"}};
  wf["connections"][0]["label"] = "text";
  wf["edges"] = Json::array({{{"id", "e1"}, {"source", "n1"}, {"target", "n2"}}});
  wf["extra_components"] = Json::array({{{"kind", "note"}}});
  wf["ui_version"] = 2;

  EXPECT_EQ(Json(PipelineBuilder::from(workflow_from(wf)).build()), wf);

  auto b = PipelineBuilder::from(workflow_from(wf));
  (*b.component("DocumentSplitter").init_parameters)["split_length"] = 400;
  Json expected = wf;
  expected["components"][6]["init_parameters"]["split_length"] = 400;
  EXPECT_EQ(Json(b.build()), expected);
}

TEST(PipelineBuilderTest, FromKeepsAbsentListsAbsent) {
  const Json wf = {{"components", Json::array({Json(mc::document_cleaner())})}};
  EXPECT_EQ(Json(PipelineBuilder::from(workflow_from(wf)).build()), wf);
  Json expected = wf;
  expected["components"].push_back(Json(mc::document_writer()));
  expected["connections"] = Json::array(
      {{{"sender", "DocumentCleaner.documents"}, {"receiver", "DocumentWriter.documents"}}});
  EXPECT_EQ(Json(PipelineBuilder::from(workflow_from(wf))
                     .add(mc::document_writer())
                     .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                     .build()),
            expected);
}

// Fetch (W3) -> insert a splitter between cleaner and writer -> send (W4).
TEST(PipelineBuilderTest, EditsAFetchedPipeline) {
  const Json fetched = json_fixture("w3_response.json")["data"]["workflow"];
  auto b = PipelineBuilder::from(workflow_from(fetched));
  mc::DocumentSplitterOptions splitter;
  splitter.split_length = 500;
  b.disconnect("DocumentCleaner.documents", "DocumentWriter.documents")
      .add(mc::document_splitter(splitter))
      .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
      .connect("DocumentSplitter.documents", "DocumentWriter.documents");

  Json expected = fetched;
  expected["components"].push_back(Json(mc::document_splitter(splitter)));
  expected["connections"] = Json::array(
      {{{"sender", "DocumentCleaner.documents"}, {"receiver", "DocumentSplitter.documents"}},
       {{"sender", "DocumentSplitter.documents"}, {"receiver", "DocumentWriter.documents"}}});
  EXPECT_EQ(Json(b.build()), expected);
  EXPECT_EQ(Json(b.build())["components"][2]["init_parameters"]["split_length"], 500);

  expect_invalid([&] { b.disconnect("DocumentCleaner.documents", "DocumentWriter.documents"); },
                 "no connection \"DocumentCleaner.documents\" -> \"DocumentWriter.documents\" "
                 "(did you mean \"DocumentCleaner.documents\" -> "
                 "\"DocumentSplitter.documents\"?)");
}

TEST(PipelineBuilderTest, RemoveDropsTheComponentAndItsConnections) {
  auto b = PipelineBuilder::from(
      workflow_from(json_fixture("pipeline_openapi_example.json")["workflow"]));
  b.remove("FileTypeRouter");  // connected by its component_id stem "FileRouterComponent"
  EXPECT_EQ(b.find("FileTypeRouter"), nullptr);
  EXPECT_EQ(b.components().size(), 19u);
  EXPECT_EQ(b.connections().size(), 20u);
  for (const auto& c : b.connections()) {
    EXPECT_NE(c.sender->rfind("FileRouterComponent.", 0), 0u) << *c.sender;
  }
  EXPECT_NO_THROW(b.build());
  expect_invalid([&] { b.remove("FileTypeRouter"); }, "no component named \"FileTypeRouter\"");
  expect_invalid([&] { b.component("Nope"); }, "no component named \"Nope\"");
}

TEST(PipelineBuilderTest, ConnectingTwiceIsANoOpAndOrderIsKept) {
  auto b = PipelineBuilder()
               .add(named("B"))
               .add(named("A"))
               .connect("B.out", "A.in")
               .connect("B.out", "A.in");
  EXPECT_EQ(b.connections().size(), 1u);
  const Json built = b.build();
  EXPECT_EQ(built["components"][0]["name"], "B");
  EXPECT_EQ(built["components"][1]["name"], "A");
}

TEST(PipelineBuilderTest, ConnectBeforeAddIsCheckedAtBuild) {
  auto b = PipelineBuilder().connect("A.out", "B.in").add(named("A"));
  expect_invalid([&] { b.build(); },
                 "connection #0 \"A.out\" -> \"B.in\": receiver component \"B\" is not in the "
                 "pipeline");
  b.add(named("B"));
  EXPECT_NO_THROW(b.build());
}

// ---- sockets: constants, the documented table, validation --------------------------------

TEST(PipelineSocketsTest, ConstantsAreTheDocumentsNames) {
  EXPECT_EQ(mc::sockets::kDocuments, "documents");
  EXPECT_EQ(mc::sockets::kSources, "sources");
  EXPECT_EQ(mc::sockets::kText, "text");
  EXPECT_EQ(mc::sockets::kImage, "image");
  // The router's default mime_types are exactly the MIME constants, in the documents' order.
  const std::vector<std::string> mime{
      std::string(mc::mime::kTextPlain), std::string(mc::mime::kTextMarkdown),
      std::string(mc::mime::kImageAny),  std::string(mc::mime::kPdf),
      std::string(mc::mime::kDocx),      std::string(mc::mime::kPptx)};
  EXPECT_EQ(mc::FileTypeRouterOptions{}.mime_types, mime);
  const Json documented = json_fixture("pipeline_openapi_example.json")["workflow"]["components"];
  EXPECT_EQ(Json(mime), documented[8]["init_parameters"]["mime_types"]);
}

// The table is exactly what the OpenAPI example's 26 connections show, type by type (the W1
// example has no connection): nothing invented, nothing left out.
TEST(PipelineSocketsTest, TableIsWhatTheOpenApiExampleConnects) {
  const WorkflowConfig wf =
      workflow_from(json_fixture("pipeline_openapi_example.json")["workflow"]);
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> seen;
  const auto type_of = [&](const std::string& ref) {
    for (const auto& c : *wf.components) {
      if (c.name == ref || c.component_id->rfind(ref + "_", 0) == 0) return *c.type;
    }
    ADD_FAILURE() << ref;
    return std::string();
  };
  for (const auto& c : *wf.connections) {
    const SocketRef from = parse_socket_ref(*c.sender);
    const SocketRef to = parse_socket_ref(*c.receiver);
    seen[type_of(from.component)].second.insert(from.socket);
    seen[type_of(to.component)].first.insert(to.socket);
  }
  for (const auto& c : *wf.components) seen[*c.type];  // components with no socket shown

  const auto& table = mc::documented_sockets();
  ASSERT_EQ(table.size(), seen.size());
  for (const auto& entry : table) {
    SCOPED_TRACE(std::string(entry.type));
    ASSERT_EQ(seen.count(std::string(entry.type)), 1u);
    const auto& [inputs, outputs] = seen[std::string(entry.type)];
    EXPECT_EQ(std::set<std::string>(entry.inputs.begin(), entry.inputs.end()), inputs);
    EXPECT_EQ(std::set<std::string>(entry.outputs.begin(), entry.outputs.end()), outputs);
    EXPECT_EQ(mc::find_documented_sockets(entry.type), &entry);
  }
  EXPECT_EQ(mc::find_documented_sockets("my.Component"), nullptr);
}

TEST(PipelineSocketsTest, TableExactly) {
  using V = std::vector<std::string_view>;
  const V docs{"documents"};
  const V sources{"sources"};
  struct Row {
    std::string_view type;
    V inputs;
    V outputs;
    bool complete;
  };
  const std::vector<Row> expected{
      {mc::kDocumentCleanerType, docs, docs, true},
      {mc::kDocumentWriterType, docs, {}, false},
      {mc::kDocumentSplitterType, docs, docs, true},
      {mc::kDocumentJoinerType, docs, docs, false},
      {mc::kOpenAIDocumentEmbedderType, docs, docs, false},
      {mc::kFileTypeRouterType,
       {},
       {"text/plain", "text/markdown", "image/.*", "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
       false},
      {mc::kMetadataRouterType, docs, {"text", "image"}, false},
      {mc::kPythonExecutorType, docs, docs, false},
      {mc::kTextFileToDocumentType, sources, docs, false},
      {mc::kMarkdownToDocumentType, sources, docs, false},
      {mc::kDocxToDocumentType, sources, docs, false},
      {mc::kPptxToDocumentType, sources, docs, false},
      {mc::kMagicPdfToDocumentType, sources, docs, false},
      {mc::kImageToDocumentType, sources, docs, false},
      {mc::kImageOcrToDocumentType, docs, docs, false},
      {mc::kImageCaptionToDocumentType, docs, docs, false},
      {mc::kDocumentContentImageFillerType, docs, docs, false},
  };
  const auto& table = mc::documented_sockets();
  ASSERT_EQ(table.size(), expected.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    SCOPED_TRACE(std::string(expected[i].type));
    EXPECT_EQ(table[i].type, expected[i].type);
    EXPECT_EQ(table[i].inputs, expected[i].inputs);
    EXPECT_EQ(table[i].outputs, expected[i].outputs);
    EXPECT_EQ(table[i].complete, expected[i].complete);
    EXPECT_FALSE(table[i].evidence.empty());
  }
}

// presets(): one row per preset, in the order of documented_sockets(), each building its
// component with its own type and name, with the sockets of the same table.
TEST(PipelinePresetsTest, OneTableForPresetsAndSockets) {
  const auto& presets = mc::presets();
  const auto& sockets = mc::documented_sockets();
  ASSERT_EQ(presets.size(), 17u);
  ASSERT_EQ(presets.size(), sockets.size());
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < presets.size(); ++i) {
    const mc::Preset& preset = presets[i];
    SCOPED_TRACE(std::string(preset.name));
    EXPECT_EQ(preset.sockets, &sockets[i]);
    EXPECT_EQ(preset.type, sockets[i].type);
    ASSERT_NE(preset.make_default, nullptr);
    const Component built = preset.make_default();
    EXPECT_EQ(built.type, std::string(preset.type));
    EXPECT_EQ(built.name, std::string(preset.name));
    EXPECT_TRUE(built.init_parameters.has_value() && built.init_parameters->is_object());
    EXPECT_TRUE(names.insert(preset.name).second) << "two presets share a default name";
    EXPECT_EQ(mc::find_preset(preset.type), &preset);
    EXPECT_EQ(mc::find_preset(preset.name), &preset);
    EXPECT_EQ(mc::find_preset(preset.function), &preset);
  }
  const mc::Preset* splitter = mc::find_preset("document_splitter");
  ASSERT_NE(splitter, nullptr);
  EXPECT_EQ(splitter->type, mc::kDocumentSplitterType);
  EXPECT_EQ(*splitter->make_default().init_parameters,
            (Json{{"split_by", "word"},
                  {"split_length", 800},
                  {"split_overlap", 200},
                  {"split_threshold", 0}}));
  EXPECT_EQ(mc::find_preset("DocumentEmbedder")->function, "openai_document_embedder");
  EXPECT_EQ(mc::find_preset("Splitter"), nullptr);
  EXPECT_EQ(mc::find_preset(""), nullptr);
}

TEST(PipelineSocketsTest, UnknownSocketOfAFullyKnownComponentRejected) {
  auto b = PipelineBuilder()
               .add(mc::document_cleaner())
               .add(mc::document_splitter())
               .connect("DocumentCleaner.document", "DocumentSplitter.documents");
  expect_invalid([&] { b.build(); },
                 "connection #0 \"DocumentCleaner.document\" -> \"DocumentSplitter.documents\": "
                 "sender \"DocumentCleaner\" is a DocumentCleaner, which has no output socket "
                 "\"document\" (did you mean \"documents\"?)");
  b.disconnect("DocumentCleaner.document", "DocumentSplitter.documents")
      .connect("DocumentCleaner.documents", "DocumentSplitter.sources");
  expect_invalid([&] { b.build(); },
                 "connection #0 \"DocumentCleaner.documents\" -> \"DocumentSplitter.sources\": "
                 "receiver \"DocumentSplitter\" is a DocumentSplitter, which has no input socket "
                 "\"sources\" (its input sockets: \"documents\")");
}

// Where the documents do not show every socket, any name is accepted: Haystack's own names
// (documents_written, unclassified, top_k, meta) and names nobody knows.
TEST(PipelineSocketsTest, OtherComponentsAcceptAnySocket) {
  EXPECT_NO_THROW(PipelineBuilder()
                      .add(mc::file_type_router())
                      .add(mc::document_joiner())
                      .add(mc::openai_document_embedder())
                      .add(mc::document_writer())
                      .add(mc::custom("my.Sink", nullptr,
                                      [] {
                                        mc::ComponentOptions o;
                                        o.name = "Sink";
                                        return o;
                                      }()))
                      .connect("FileTypeRouter.unclassified", "DocumentJoiner.top_k")
                      .connect("DocumentJoiner.documents", "DocumentEmbedder.documents")
                      .connect("DocumentEmbedder.meta", "DocumentWriter.policy")
                      .connect("DocumentWriter.documents_written", "Sink.anything")
                      .build());
}

// ---- did you mean ----------------------------------------------------------------------------

PipelineBuilder embedder_pipeline() {
  return PipelineBuilder()
      .add(mc::document_cleaner())
      .add(mc::openai_document_embedder())
      .add(mc::document_writer());
}

TEST(PipelineSuggestionTest, UnknownComponentSuggestsTheClosestName) {
  const auto fails_with = [](const std::string& ref, const std::string& suffix) {
    auto b = embedder_pipeline().connect(ref + ".documents", "DocumentWriter.documents");
    expect_invalid([&] { b.build(); },
                   "connection #0 \"" + ref +
                       ".documents\" -> \"DocumentWriter.documents\": sender component \"" + ref +
                       "\" is not in the pipeline" + suffix);
  };
  fails_with("DocumentEmbeder", " (did you mean \"DocumentEmbedder\"?)");         // a typo
  fails_with("documentembedder", " (did you mean \"DocumentEmbedder\"?)");        // the case
  fails_with("OpenAIDocumentEmbedder", " (did you mean \"DocumentEmbedder\"?)");  // the class
  fails_with("Embedder", " (did you mean \"DocumentEmbedder\"?)");                // a part
  fails_with("Cleaner", " (did you mean \"DocumentCleaner\"?)");
  fails_with("Splitter", "");  // nothing close
  fails_with("X", "");
  // One letter off a one-letter name is not "close".
  auto short_names = PipelineBuilder().add(named("A")).connect("A.out", "B.in");
  expect_invalid([&] { short_names.build(); },
                 "connection #0 \"A.out\" -> \"B.in\": receiver component \"B\" is not in the "
                 "pipeline");
}

TEST(PipelineSuggestionTest, LookupsSuggestTheClosestName) {
  auto b = embedder_pipeline();
  expect_invalid([&] { b.component("DocumentWritter"); },
                 "no component named \"DocumentWritter\" (did you mean \"DocumentWriter\"?)");
  expect_invalid([&] { b.remove("Writer"); },
                 "no component named \"Writer\" (did you mean \"DocumentWriter\"?)");
  expect_invalid([&] { b.remove("Nothing"); }, "no component named \"Nothing\"");
  b.connect("DocumentCleaner.documents", "DocumentEmbedder.documents");
  expect_invalid(
      [&] { b.disconnect("DocumentCleaner.documents", "DocumentEmbeder.documents"); },
      "no connection \"DocumentCleaner.documents\" -> \"DocumentEmbeder.documents\" (did you "
      "mean \"DocumentCleaner.documents\" -> \"DocumentEmbedder.documents\"?)");
  expect_invalid([&] { b.disconnect("A.x", "B.y"); }, "no connection \"A.x\" -> \"B.y\"");
}

// ---- insert_between --------------------------------------------------------------------------

// The same edit as EditsAFetchedPipeline, in one call, with the same result.
TEST(PipelineInsertTest, InsertsASplitterIntoAFetchedPipeline) {
  const Json fetched = json_fixture("w3_response.json")["data"]["workflow"];
  auto b = PipelineBuilder::from(workflow_from(fetched));
  mc::DocumentSplitterOptions splitter;
  splitter.split_length = 500;
  b.insert_between("DocumentCleaner.documents", "DocumentWriter.documents",
                   mc::document_splitter(splitter));

  Json expected = fetched;
  expected["components"].push_back(Json(mc::document_splitter(splitter)));
  expected["connections"] = Json::array(
      {{{"sender", "DocumentCleaner.documents"}, {"receiver", "DocumentSplitter.documents"}},
       {{"sender", "DocumentSplitter.documents"}, {"receiver", "DocumentWriter.documents"}}});
  EXPECT_EQ(Json(b.build()), expected);
}

TEST(PipelineInsertTest, ReplacesTheConnectionInPlaceWithTheGivenSockets) {
  auto b = PipelineBuilder()
               .add(named("A"))
               .add(named("B"))
               .add(named("C"))
               .connect("A.x", "B.in")
               .connect("A.y", "C.in")
               .connect("B.out", "C.in")
               .connect("A.y", "C.in");  // a no-op: already connected
  mc::TextFileToDocumentOptions converter;
  converter.name = "Converter";
  b.insert_between("A.y", "C.in", mc::text_file_to_document(converter), mc::sockets::kSources);
  const Json built = b.build();
  EXPECT_EQ(built["connections"], (Json{{{"sender", "A.x"}, {"receiver", "B.in"}},
                                        {{"sender", "A.y"}, {"receiver", "Converter.sources"}},
                                        {{"sender", "Converter.documents"}, {"receiver", "C.in"}},
                                        {{"sender", "B.out"}, {"receiver", "C.in"}}}));
  EXPECT_EQ(built["components"].size(), 4u);
  EXPECT_EQ(built["components"][3]["name"], "Converter");
}

TEST(PipelineInsertTest, DuplicatesOfTheConnectionAndItsUnknownKeysGo) {
  Json wf = json_fixture("w3_response.json")["data"]["workflow"];
  wf["connections"][0]["label"] = "text";
  wf["connections"].push_back(wf["connections"][0]);  // as a fetched pipeline might repeat it
  auto b = PipelineBuilder::from(workflow_from(wf));
  b.insert_between("DocumentCleaner.documents", "DocumentWriter.documents",
                   mc::document_splitter());
  EXPECT_EQ(
      Json(b.connections()),
      (Json{{{"sender", "DocumentCleaner.documents"}, {"receiver", "DocumentSplitter.documents"}},
            {{"sender", "DocumentSplitter.documents"}, {"receiver", "DocumentWriter.documents"}}}));
}

TEST(PipelineInsertTest, FailuresLeaveTheBuilderUnchanged) {
  auto b = embedder_pipeline()
               .connect("DocumentCleaner.documents", "DocumentEmbedder.documents")
               .connect("DocumentEmbedder.documents", "DocumentWriter.documents");
  const Json before = b.build();
  expect_invalid(
      [&] {
        b.insert_between("DocumentCleaner.documents", "DocumentWriter.documents",
                         mc::document_splitter());
      },
      "no connection \"DocumentCleaner.documents\" -> \"DocumentWriter.documents\" (did you "
      "mean \"DocumentEmbedder.documents\" -> \"DocumentWriter.documents\"?)");
  expect_invalid(
      [&] {
        b.insert_between("DocumentCleaner.documents", "DocumentEmbedder.documents",
                         mc::document_cleaner());
      },
      "duplicate component name \"DocumentCleaner\" (components #0 and #3)");
  expect_invalid(
      [&] {
        b.insert_between("DocumentCleaner", "DocumentEmbedder.documents", mc::document_splitter());
      },
      "connection \"DocumentCleaner\" -> \"DocumentEmbedder.documents\": malformed sender "
      "\"DocumentCleaner\": expected \"Component.socket\"");
  expect_invalid(
      [&] {
        b.insert_between("DocumentCleaner.documents", "DocumentEmbedder.documents",
                         mc::document_splitter(), "");
      },
      "connection \"DocumentCleaner.documents\" -> \"DocumentSplitter.\": malformed receiver "
      "\"DocumentSplitter.\": the socket name after '.' is empty");
  EXPECT_EQ(Json(b.build()), before);
}

// ---- typed options of existing components ---------------------------------------------------

// read_options() then the preset rebuilds every component of the documents' pipelines, and
// read_options() then apply_options() changes nothing.
template <class Options>
void expect_round_trip(const Component& c, Component (*preset)(const Options&)) {
  SCOPED_TRACE(*c.name);
  Options o;
  mc::read_options(c, o);
  EXPECT_EQ(Json(preset(o)), Json(c));
  Component copy = c;
  mc::apply_options(o, copy);
  EXPECT_EQ(Json(copy), Json(c));
}

TEST(PipelineOptionsTest, ReadOptionsRoundTripsTheDocumentsComponents) {
  const WorkflowConfig wf =
      workflow_from(json_fixture("pipeline_openapi_example.json")["workflow"]);
  const auto& c = *wf.components;
  for (std::size_t i : {0, 1, 2}) expect_round_trip(c[i], &mc::document_cleaner);
  expect_round_trip(c[3], &mc::openai_document_embedder);
  expect_round_trip(c[4], &mc::document_joiner);
  expect_round_trip(c[6], &mc::document_splitter);
  expect_round_trip(c[7], &mc::document_writer);
  expect_round_trip(c[8], &mc::file_type_router);
  expect_round_trip(c[9], &mc::image_caption_to_document);
  expect_round_trip(c[10], &mc::image_ocr_to_document);
  expect_round_trip(c[11], &mc::docx_to_document);
  expect_round_trip(c[12], &mc::pptx_to_document);
  expect_round_trip(c[13], &mc::image_to_document);
  expect_round_trip(c[14], &mc::magic_pdf_to_document);
  expect_round_trip(c[15], &mc::markdown_to_document);
  expect_round_trip(c[16], &mc::metadata_router);
  expect_round_trip(c[17], &mc::python_executor);
  expect_round_trip(c[18], &mc::text_file_to_document);
  expect_round_trip(c[19], &mc::document_content_image_filler);
  const WorkflowConfig w1 = workflow_from(json_fixture("w1_request.json")["workflow"]);
  expect_round_trip((*w1.components)[0], &mc::document_cleaner);
  expect_round_trip((*w1.components)[1], &mc::document_writer);
}

TEST(PipelineOptionsTest, ConfigureChangesOnlyWhatTheEditChanges) {
  Json wf = json_fixture("pipeline_openapi_example.json")["workflow"];
  wf["components"][6]["init_parameters"]["respect_sentence_boundary"] = true;  // not modeled
  wf["components"][6]["extra_node_info"] = {{"collapsed", true}};
  wf["components"][7]["init_parameters"]["document_store"]["init_parameters"]["pool_size"] = 4;
  auto b = PipelineBuilder::from(workflow_from(wf));
  b.configure<mc::DocumentSplitterOptions>("DocumentSplitter", [](auto& o) {
     o.split_by = "sentence";
     o.split_length = 10;
   }).configure<mc::DocumentWriterOptions>("DocumentWriter", [](mc::DocumentWriterOptions& o) {
    o.table_name = "chunks";
    o.connection_string.env_vars = {"DATABASE_SYNC_URI"};
  });

  Json expected = wf;
  expected["components"][6]["init_parameters"]["split_by"] = "sentence";
  expected["components"][6]["init_parameters"]["split_length"] = 10;
  Json& store = expected["components"][7]["init_parameters"]["document_store"]["init_parameters"];
  store["table_name"] = "chunks";
  store["connection_string"]["env_vars"] = {"DATABASE_SYNC_URI"};
  EXPECT_EQ(Json(b.build()), expected);
}

TEST(PipelineOptionsTest, ApplyWritesTheModeledParametersAndKeepsTheRest) {
  mc::ComponentOptions named_only;
  named_only.name = "Splitter";
  named_only.position = nullptr;  // not written
  Component c =
      mc::custom(mc::kDocumentSplitterType, Json{{"split_by", "page"}, {"x", 1}}, named_only);
  mc::DocumentSplitterOptions o;
  o.split_length = 5;
  mc::apply_options(o, c);
  EXPECT_EQ(Json(c), (Json{{"name", "Splitter"},
                           {"type", mc::kDocumentSplitterType},
                           {"component_id", "Splitter"},
                           {"intro", "Splitter"},
                           {"position", {{"x", 0}, {"y", 0}}},
                           {"input_keys", Json::object()},
                           {"output_keys", Json::object()},
                           {"init_parameters",
                            {{"split_by", "word"},
                             {"split_length", 5},
                             {"split_overlap", 200},
                             {"split_threshold", 0},
                             {"x", 1}}}}));

  // ComponentOptions fit any component: only the common parts and extra_parameters.
  mc::ComponentOptions common;
  common.intro = "Chunker";
  common.position = nullptr;
  common.input_keys = nullptr;
  common.output_keys = nullptr;
  common.extra_parameters = {{"x", 2}};
  mc::apply_options(common, c);
  EXPECT_EQ(Json(c)["intro"], "Chunker");
  EXPECT_EQ(Json(c)["init_parameters"]["x"], 2);
  EXPECT_EQ(Json(c)["init_parameters"]["split_length"], 5);
}

TEST(PipelineOptionsTest, WrongTypeOrParameterRejected) {
  auto b = embedder_pipeline();
  const Json before = b.build();
  expect_invalid([&] { b.configure<mc::DocumentSplitterOptions>("DocumentCleaner", [](auto&) {}); },
                 "component \"DocumentCleaner\" has type "
                 "\"haystack.components.preprocessors.document_cleaner.DocumentCleaner\", not "
                 "\"haystack.components.preprocessors.document_splitter.DocumentSplitter\"");
  expect_invalid(
      [&] { b.configure<mc::ImageProcessOptions>("DocumentWriter", [](auto&) {}); },
      "component \"DocumentWriter\" has type "
      "\"haystack.components.writers.document_writer.DocumentWriter\", not "
      "\"byoa.integrations.components.converters.magic_pdf_to_document.MagicPDFToDocument\" or "
      "\"byoa.integrations.components.converters.image_to_document.ImageToDocument\"");
  expect_invalid([&] { b.configure<mc::DocumentCleanerOptions>("Cleaner", [](auto&) {}); },
                 "no component named \"Cleaner\" (did you mean \"DocumentCleaner\"?)");

  (*b.component("DocumentEmbedder").init_parameters)["batch_size"] = "32";
  expect_invalid(
      [&] { b.configure<mc::OpenAIDocumentEmbedderOptions>("DocumentEmbedder", [](auto&) {}); },
      "component \"DocumentEmbedder\": init_parameters.batch_size must be an integer, not "
      "string");
  (*b.component("DocumentEmbedder").init_parameters)["batch_size"] = 32;

  (*b.component("DocumentWriter")
        .init_parameters)["document_store"]["init_parameters"]["connection_string"] = "mysql://";
  expect_invalid(
      [&] { b.configure<mc::DocumentWriterOptions>("DocumentWriter", [](auto&) {}); },
      "component \"DocumentWriter\": "
      "init_parameters.document_store.init_parameters.connection_string must be an env_var "
      "secret {\"env_vars\": [...], \"strict\": ..., \"type\": \"env_var\"}, not string");
  b.component("DocumentWriter") = mc::document_writer();

  // A throwing edit or invalid extra_parameters leave the component as it was.
  EXPECT_THROW(b.configure<mc::DocumentCleanerOptions>(
                   "DocumentCleaner", [](auto&) { throw std::runtime_error("no"); }),
               std::runtime_error);
  expect_invalid(
      [&] {
        b.configure<mc::DocumentCleanerOptions>(
            "DocumentCleaner", [](auto& o) { o.extra_parameters = Json::array(); });
      },
      "extra_parameters of component \"DocumentCleaner\" must be a JSON object, not array");
  EXPECT_EQ(Json(b.build()), before);
}

}  // namespace
}  // namespace moi
