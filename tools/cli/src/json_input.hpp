// SPDX-License-Identifier: Apache-2.0
#pragma once
// --json: reading the text (inline, @FILE or - for stdin) and mapping it onto the SDK's typed
// requests. Bodies go through the model's own from_json (unknown keys are kept in `extra`);
// query structs have no JSON codec, so their keys are mapped here, strictly: an unknown key or
// a wrongly typed value is a UsageError that names it.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "moi/error.hpp"
#include "moi/model/model.hpp"
#include "usage_error.hpp"

namespace moi::cli {

/// Parses the value of --json: JSON text, "@FILE" (the file's contents) or "-" (all of @p in),
/// at most kMaxJsonInputBytes, nested at most moi::detail::kMaxJsonDepth deep.
/// @throws UsageError when the file cannot be read (naming it and why: missing, a directory,
///         no permission), the text is too long, too deep or not JSON; CancelledError when a
///         signal interrupted the read.
Json read_json_argument(const std::string& argument, std::istream& in);

/// Throws UsageError naming the JSON path and the problem of a request DecodeError.
[[noreturn]] void throw_body_error(const DecodeError& error);

/// Decodes a request body with the model's from_json.
/// @throws UsageError when @p body is not an object, or a member is missing or mistyped.
template <class T>
T decode_body(const Json& body) {
  if (!body.is_object()) throw UsageError("--json: the body must be a JSON object");
  try {
    return body.get<T>();
  } catch (const DecodeError& error) {
    throw_body_error(error);
  }
}

/// W2 query (`workflow list`).
ListWorkflowsRequest list_workflows_query(const std::optional<Json>& json);
/// B2 query (`branch list`).
ListBranchesRequest list_branches_query(const std::optional<Json>& json);
/// W5 / B5 query (`workflow delete`, `branch delete`).
DeleteOptions delete_query(const std::optional<Json>& json);
/// J1 query (`job list`).
ListJobsRequest list_jobs_query(const std::optional<Json>& json);
/// J3 query (`job files`).
ListJobFilesRequest list_job_files_query(const std::optional<Json>& json);
/// K3 query (`connector list`).
ListConnectorsRequest list_connectors_query(const std::optional<Json>& json);

}  // namespace moi::cli
