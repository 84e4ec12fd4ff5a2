// SPDX-License-Identifier: Apache-2.0
// Export tasks to a MatrixOne table with moi-cpp: creates a task that writes 3 processed files
// into knowledge.chunks with a column mapping, waits for it, reruns failures, reads it back and
// deletes it (the shared steps are in export_flow.hpp).
//
// Run it against the local emulator (see README) or the cloud:
//   MOI_BASE_URL=https://... MOI_API_KEY=... ./export_matrixone

#include "export_flow.hpp"

int main() {
  export_example::Example example;
  example.program = "export_matrixone";
  example.title = "Export to a MatrixOne table";
  example.target = "the MatrixOne table knowledge.chunks";

  moi::CreateExportTaskRequest& request = example.request;
  request.task_name = "chunks-to-matrixone";
  request.creator = "export-matrixone-example";
  request.connector_id = "3";
  request.connector_name = "MatrixOne connector";
  request.type = moi::ExportTaskType::kMatrixOne;
  moi::MoConfig table;
  table.database_name = "knowledge";
  table.table_name = "chunks";
  table.new_table = true;
  moi::MoColumnConfig columns;
  columns.export_column = {moi::MoColumnMapping::make("content", "chunk_text"),
                           moi::MoColumnMapping::make("title", "document_title")};
  columns.combine_column = {"content", "title"};
  table.column = columns;
  table.duplicated_strategy = moi::DuplicatedStrategy::kOverwrite;
  request.config.mo_config = table;
  request.config.merge_title_to_text = false;
  export_example::add_processed_files(request, {{"file-001", "annual-report-2024.pdf"},
                                                {"file-002", "board-minutes.pdf"},
                                                {"file-003", "scanned-invoice-fail.pdf"}});

  example.describe_target = [](const moi::ExportConfig& config) {
    if (!config.mo_config) return;
    const auto& mo = *config.mo_config;
    std::cout << "   target: MatrixOne table " << mo.database_name.value_or("?") << "."
              << mo.table_name.value_or("?") << ", duplicates: "
              << moi::to_string(
                     mo.duplicated_strategy.value_or(moi::DuplicatedStrategy::kOverwrite))
              << "\n";
    if (mo.column && mo.column->export_column) {
      for (const auto& mapping : *mo.column->export_column) {
        std::cout << "   column " << mapping.source_column.value_or("?") << " -> "
                  << mapping.mapping_column.value_or("?") << "\n";
      }
    }
  };
  return export_example::run(example);
}
