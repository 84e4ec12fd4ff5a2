// SPDX-License-Identifier: Apache-2.0
// Export tasks to S3 (or OSS) with moi-cpp: creates a task that sends 4 processed files to the
// S3 folder /exports/contracts/ as one zip, waits for it, reruns failures, reads it back and
// deletes it (the shared steps are in export_flow.hpp).
//
// Run it against the local emulator (see README) or the cloud:
//   MOI_BASE_URL=https://... MOI_API_KEY=... ./export_s3

#include "export_flow.hpp"

int main() {
  export_example::Example example;
  example.program = "export_s3";
  example.title = "Export to S3 (or OSS)";
  example.target = "the S3 folder /exports/contracts/ as one zip";

  moi::CreateExportTaskRequest& request = example.request;
  request.task_name = "contracts-to-s3";
  request.creator = "export-s3-example";
  request.connector_id = "2";
  request.connector_name = "S3 connector";
  request.type = moi::ExportTaskType::kS3;
  moi::S3Config s3;  // the same configuration serves OSS
  s3.path = "/exports/contracts/";
  s3.need_compress = true;
  s3.compress_method = "zip";
  request.config.s3_config = s3;
  export_example::add_processed_files(request, {{"file-001", "supplier-contract.json"},
                                                {"file-002", "lease-agreement.json"},
                                                {"file-003", "nda-fail.json"},
                                                {"file-004", "service-level-agreement.json"}});

  example.describe_target = [](const moi::ExportConfig& config) {
    if (!config.s3_config) return;
    const auto& s3 = *config.s3_config;
    std::cout << "   target: S3 folder " << s3.path.value_or("?")
              << (s3.need_compress.value_or(false)
                      ? ", compressed as " + s3.compress_method.value_or("?")
                      : ", uncompressed")
              << "\n";
  };
  return export_example::run(example);
}
