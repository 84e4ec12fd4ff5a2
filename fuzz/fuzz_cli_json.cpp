// SPDX-License-Identifier: Apache-2.0
// Fuzzes the CLI's --json input: text -> JSON -> typed request (bodies and query parameters)
// -> JSON again, with the copies and dumps the handlers make. Bad input must be a UsageError
// naming the problem; nothing else may escape, and nothing may recurse without bound (input
// nested 200,000 deep once overflowed the stack: fuzz/corpus/cli_json/finding-deep-*).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>

#include "json_input.hpp"
#include "output.hpp"
#include "usage_error.hpp"

namespace {

// What the CLI does with a decoded body: the SDK encodes it to send it.
template <class Request>
void decode_and_encode(const moi::Json& json) {
  const moi::Json encoded = moi::cli::decode_body<Request>(json);
  (void)encoded.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // "@file" reads a file and "-" reads stdin: keep the fuzzer on inline text.
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (!text.empty() && (text[0] == '@' || text == "-")) text.insert(0, " ");
  std::istringstream no_stdin;
  try {
    const moi::Json json = moi::cli::read_json_argument(text, no_stdin);
    // Handlers copy bodies (workflow update, export files) and print values.
    const moi::Json copy = json;
    (void)moi::cli::format_json(copy, true);
    switch (data[0] % 10) {
      case 0:
        decode_and_encode<moi::WorkflowRequest>(json);
        break;
      case 1:
        decode_and_encode<moi::BranchRequest>(json);
        break;
      case 2:
        decode_and_encode<moi::CreateExportTaskRequest>(json);
        break;
      case 3:
        decode_and_encode<moi::ListExportTasksRequest>(json);
        break;
      case 4:
        decode_and_encode<moi::ListExportFilesRequest>(json);
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
