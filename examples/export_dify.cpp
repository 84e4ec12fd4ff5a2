// SPDX-License-Identifier: Apache-2.0
// Export tasks to a Dify knowledge base with moi-cpp: creates a task that sends 3 processed
// files to the Dify dataset support-articles, waits for it, reruns failures, reads it back and
// deletes it (the shared steps are in export_flow.hpp).
//
// Run it against the local emulator (see README) or the cloud:
//   MOI_BASE_URL=https://... MOI_API_KEY=... ./export_dify

#include "export_flow.hpp"

int main() {
  export_example::Example example;
  example.program = "export_dify";
  example.title = "Export to a Dify knowledge base";
  example.target = "the Dify dataset support-articles";

  moi::CreateExportTaskRequest& request = example.request;
  request.task_name = "support-articles-to-dify";
  request.creator = "export-dify-example";
  request.connector_id = "1";
  request.connector_name = "Dify connector";
  request.type = moi::ExportTaskType::kDify;
  moi::DifyConfig dify;
  dify.dataset_id = "dataset_123";
  dify.dataset_name = "support-articles";
  dify.embedding_model = "text-embedding-ada-002";
  request.config.dify_config = dify;
  request.config.merge_title_to_text = true;
  export_example::add_processed_files(request, {{"file-001", "how-to-reset-a-password.md"},
                                                {"file-002", "billing-faq.md"},
                                                {"file-003", "sso-setup-fail.md"}});

  example.describe_target = [](const moi::ExportConfig& config) {
    if (!config.dify_config) return;
    const auto& dify = *config.dify_config;
    std::cout << "   target: Dify dataset \"" << dify.dataset_name.value_or("?") << "\" ("
              << dify.dataset_id.value_or("?") << "), embedding model "
              << dify.embedding_model.value_or("?") << "\n";
  };
  return export_example::run(example);
}
