// SPDX-License-Identifier: Apache-2.0
// Fuzzes the CLI's --json input: text -> JSON -> typed request (bodies and query parameters).
// Bad input must be a UsageError naming the problem; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>

#include "json_input.hpp"
#include "usage_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // "@file" reads a file and "-" reads stdin: keep the fuzzer on inline text.
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (!text.empty() && (text[0] == '@' || text == "-")) text.insert(0, " ");
  std::istringstream no_stdin;
  try {
    const moi::Json json = moi::cli::read_json_argument(text, no_stdin);
    switch (data[0] % 10) {
      case 0:
        moi::cli::decode_body<moi::WorkflowRequest>(json);
        break;
      case 1:
        moi::cli::decode_body<moi::BranchRequest>(json);
        break;
      case 2:
        moi::cli::decode_body<moi::CreateExportTaskRequest>(json);
        break;
      case 3:
        moi::cli::decode_body<moi::ListExportTasksRequest>(json);
        break;
      case 4:
        moi::cli::decode_body<moi::ListExportFilesRequest>(json);
        break;
      case 5:
        moi::cli::list_workflows_query(json);
        break;
      case 6:
        moi::cli::list_branches_query(json);
        break;
      case 7:
        moi::cli::delete_query(json);
        break;
      case 8:
        moi::cli::list_jobs_query(json);
        break;
      default:
        moi::cli::list_job_files_query(json);
        break;
    }
  } catch (const moi::cli::UsageError&) {
  }
  return 0;
}
