// SPDX-License-Identifier: Apache-2.0
#pragma once
// --json: reading the text (inline, @FILE or - for stdin) and mapping it onto the SDK's typed
// requests. Bodies go through the model's own from_json (unknown keys are kept in `extra`);
// query structs have no JSON codec, so their keys are mapped here, strictly: an unknown key or
// a wrongly typed value is a UsageError that names it.

#include <cstdint>
#include <initializer_list>
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

/// "a,b,c" as its parts, empty parts dropped (the comma lists of flags such as --tags).
std::vector<std::string> comma_list(const std::string& text);

/// The request of an action whose flags fill or override fields of its --json body (issue 21,
/// item 14: one convention for every command). Starts from --json (or {}); flags given as well
/// replace the fields they name, and a body that has a field makes its flag unnecessary.
class FlagBody {
 public:
  /// @throws UsageError when @p json is given and is not an object.
  explicit FlagBody(const std::optional<Json>& json);
  /// Sets @p key to @p value when it was given.
  FlagBody& set(const char* key, const std::optional<std::string>& value);
  /// Sets @p key to @p value when it was given (a number, an array...).
  FlagBody& set(const char* key, const std::optional<Json>& value);
  /// Sets @p key from @p value when given and not empty; either way the body must have it.
  /// @throws UsageError "ARGUMENT (or "key" in --json) is required".
  FlagBody& put(const char* key, const std::optional<std::string>& value, const char* argument);
  /// Sets @p key to @p value when the body has no such key (a default).
  FlagBody& fallback(const char* key, const Json& value);
  /// Whether the body has @p key (not null).
  bool has(const char* key) const;
  /// For calls whose SDK method takes the fields one by one (nothing else can be sent): every
  /// key of the body must be one of @p keys.
  /// @throws UsageError naming the first other key and the accepted ones.
  const FlagBody& only(std::initializer_list<const char*> keys) const;
  /// The array of strings @p key (empty when absent).
  /// @throws UsageError when it is not an array of strings.
  std::vector<std::string> strings(const char* key) const;
  /// The value of string @p key ("" when absent).
  /// @throws UsageError when it is not a string.
  std::string text(const char* key) const;
  const Json& json() const { return body_; }
  /// The body decoded with the model's from_json (unknown keys are kept and sent).
  template <class T>
  T request() const {
    return decode_body<T>(body_);
  }

 private:
  Json body_;
};

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
/// K6 query (`connector files`).
ListConnectorFilesRequest list_connector_files_query(const std::optional<Json>& json);
/// T2 query (`load files`).
ListLoadTaskFilesRequest list_load_task_files_query(const std::optional<Json>& json);
/// T4 query (`load list`).
ListLoadTasksRequest list_load_tasks_query(const std::optional<Json>& json);
/// L2 query (`session list`); tags as an array or the wire's comma-joined string.
ListLlmSessionsRequest list_llm_sessions_query(const std::optional<Json>& json);
/// L6 query (`session messages`).
ListLlmMessagesRequest list_llm_messages_query(const std::optional<Json>& json);

}  // namespace moi::cli
