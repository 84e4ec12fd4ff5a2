// SPDX-License-Identifier: Apache-2.0
// The examples of docs/pipelines.md and docs/workflows-and-pipelines.md, each between its two
// `// [name]` markers. ctest runs this program against a moi-emulator
// (test doc_snippet_pipelines).

#include <moi/moi.hpp>

#include <iostream>
#include <string>

namespace {

moi::WorkflowConfig w1_example() {
  // [build-w1-example]
  namespace mc = moi::components;

  mc::DocumentCleanerOptions cleaner;  // defaults: the W1 example's parameters
  cleaner.component_id = "DocumentCleaner_1739377283742";
  mc::DocumentWriterOptions writer;  // defaults: MOIDocumentStore, DATABASE_SYNC_URI, 1024
  writer.component_id = "DocumentWriter_1739377283742";

  moi::WorkflowConfig workflow = moi::PipelineBuilder()
                                     .add(mc::document_cleaner(cleaner))
                                     .add(mc::document_writer(writer))
                                     .build();
  // [build-w1-example]
  return workflow;
}

void edit_fetched(const moi::Client& client, const std::string& workflow_id,
                  moi::WorkflowRequest request) {
  namespace mc = moi::components;
  // [edit-fetched]
  moi::WorkflowDetail detail = client.workflows().get(workflow_id);  // W3
  auto builder = moi::PipelineBuilder::from(*detail.workflow);

  mc::DocumentSplitterOptions splitter;
  splitter.split_length = 500;
  builder.disconnect("DocumentCleaner.documents", "DocumentWriter.documents")
      .add(mc::document_splitter(splitter))
      .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
      .connect("DocumentSplitter.documents", "DocumentWriter.documents");

  request.workflow = builder.build();  // then client.workflows().update(workflow_id, request)
  // [edit-fetched]
  client.workflows().update(workflow_id, request);
}

void edit_locally() {
  namespace mc = moi::components;
  moi::PipelineBuilder builder =
      moi::PipelineBuilder()
          .add(mc::document_cleaner())
          .add(mc::document_writer())
          .connect("DocumentCleaner.documents", "DocumentWriter.documents");
  // [insert-between]
  mc::DocumentSplitterOptions splitter;
  splitter.split_length = 500;
  builder.insert_between("DocumentCleaner.documents", "DocumentWriter.documents",
                         mc::document_splitter(splitter));
  // DocumentCleaner.documents -> DocumentSplitter.documents -> DocumentWriter.documents
  // [insert-between]

  // [configure]
  builder.configure<mc::DocumentSplitterOptions>("DocumentSplitter", [](auto& o) {
    o.split_by = "sentence";  // typed: the other parameters and unknown keys stay
    o.split_length = 10;
  });
  // [configure]

  // [token-budget]
  mc::DocumentSplitterOptions budget;
  budget.name = "BudgetSplitter";
  budget.split_by = "word";
  budget.split_length = 200;  // a 300-token budget, with headroom for multi-token words
  budget.split_overlap = 20;
  // [token-budget]
  (void)mc::document_splitter(budget);

  // [presets-table]
  for (const mc::Preset& preset : mc::presets()) {
    const moi::Component component = preset.make_default();  // the default options
    std::cout << preset.name << "  " << preset.type << "  inputs " << preset.sockets->inputs.size()
              << ", parameters " << component.init_parameters.value_or(moi::Json::object()).size()
              << "\n";
  }
  // [presets-table]

  // [sockets]
  moi::WorkflowConfig routed =
      moi::PipelineBuilder()
          .add(mc::file_type_router())
          .add(mc::magic_pdf_to_document())
          .add(mc::document_cleaner())
          .connect(moi::socket_ref("FileTypeRouter", mc::mime::kPdf),
                   moi::socket_ref("MagicPDFToDocument", mc::sockets::kSources))
          .connect(moi::socket_ref("MagicPDFToDocument", mc::sockets::kDocuments),
                   moi::socket_ref("DocumentCleaner", mc::sockets::kDocuments))
          .build();
  // [sockets]
  (void)routed;
  (void)builder.build();
}

void validation_errors() {
  // [validate]
  try {
    moi::PipelineBuilder()
        .add(moi::components::document_cleaner())
        .add(moi::components::document_writer())
        .connect("DocumentCleaner.documents", "Writer.documents")
        .build();
  } catch (const moi::InvalidArgumentError& error) {
    std::cerr << error.what() << "\n";  // names the connection and the unknown component
  }
  // [validate]
}

}  // namespace

int main() {
  try {
    const moi::Client client = moi::Client::from_env();

    moi::WorkflowRequest request;
    request.name = "pipelines-guide";
    request.source_volume_names = {"inbox"};
    request.source_volume_ids = {"1889223879880048640"};
    request.file_types = {moi::FileType::kPdf};
    request.process_mode = moi::ProcessModeConfig::once();
    request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
    request.create_target_volume_name = "processed";
    request.workflow = w1_example();
    request.workflow = moi::PipelineBuilder::from(request.workflow)
                           .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                           .build();
    const moi::WorkflowRecord created = client.workflows().create(request);
    edit_fetched(client, created.id.value(), request);
    edit_locally();
    validation_errors();
    std::cout << "done\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "pipelines snippets failed: " << error.what() << "\n";
    return 1;
  }
}
