// SPDX-License-Identifier: Apache-2.0
#pragma once
// The command table: every group and action of `moi`, the endpoint it calls, how it takes its
// inputs, its help text and examples, and the handler that runs it. cli.cpp builds the CLI11
// parser and the help from this table; the handlers (handlers_*.cpp, wait.cpp) call the SDK.

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "moi/client.hpp"
#include "moi_cli/cli.hpp"
#include "output.hpp"

namespace moi::cli {

/// What one action receives once the command line is parsed.
struct Invocation {
  const Client& client;
  std::string id;                             ///< The positional ID ("" for actions without one).
  std::optional<Json> json;                   ///< --json, parsed (nullopt when not given).
  bool all = false;                           ///< --all (paginated lists).
  std::chrono::milliseconds wait_timeout{0};  ///< --timeout of the waits.
  std::chrono::milliseconds request_timeout{0};  ///< Timeout of one HTTP request (the client's).
  const Environment& env;
  Diagnostics& diagnostics;
  /// Options of every SDK call: should_abort stops it when the command is cancelled (a signal
  /// or Environment::cancel). Every handler passes it to every call.
  CallOptions call;
};

/// What an action produced: run() prints it in the format asked for.
struct Result {
  Result() = default;
  Result(Json data_, std::optional<Table> table_ = std::nullopt)  // NOLINT: implicit on purpose
      : data(std::move(data_)), table(std::move(table_)) {}

  Json data;                   ///< Printed as JSON; null prints nothing.
  std::optional<Table> table;  ///< Rows for `--output table` (lists); else `data` as fields.
  int exit_code = kExitOk;
};

using Handler = Result (*)(const Invocation&);

/// How an action takes --json.
enum class JsonInput {
  kNone,          ///< No --json option.
  kBodyRequired,  ///< The request body; required.
  kBodyOptional,  ///< The request body; defaults apply when absent.
  kQuery,         ///< Query parameters (strict: unknown keys are usage errors).
};

/// One action, e.g. `workflow list`.
struct ActionSpec {
  const char* name = "";
  const char* endpoint = "";      ///< e.g. "W2 GET /workflow_meta".
  const char* summary = "";       ///< One line for the group's help.
  const char* id_name = nullptr;  ///< Positional ID (e.g. "WORKFLOW_ID"), nullptr if none.
  JsonInput input = JsonInput::kNone;
  const char* json_keys = "";  ///< The accepted --json keys, for the help.
  bool paginated = false;      ///< Offers --all.
  bool waits = false;          ///< Offers --timeout SECONDS (a wait).
  std::vector<const char*> examples;
  Handler handler = nullptr;
};

/// One group, e.g. `workflow`.
struct GroupSpec {
  const char* name;
  const char* summary;
  std::vector<ActionSpec> actions;
};

/// Every group and action, in help order.
const std::vector<GroupSpec>& command_table();

// Handlers (one per action).
Result workflow_create(const Invocation& inv);
Result workflow_list(const Invocation& inv);
Result workflow_get(const Invocation& inv);
Result workflow_update(const Invocation& inv);
Result workflow_delete(const Invocation& inv);
Result workflow_stop(const Invocation& inv);
Result workflow_rerun(const Invocation& inv);
Result branch_create(const Invocation& inv);
Result branch_list(const Invocation& inv);
Result branch_get(const Invocation& inv);
Result branch_update(const Invocation& inv);
Result branch_delete(const Invocation& inv);
Result job_list(const Invocation& inv);
Result job_get(const Invocation& inv);
Result job_files(const Invocation& inv);
Result job_retry(const Invocation& inv);
Result job_status(const Invocation& inv);
Result job_wait(const Invocation& inv);
Result export_create(const Invocation& inv);
Result export_list(const Invocation& inv);
Result export_get(const Invocation& inv);
Result export_files(const Invocation& inv);
Result export_rerun(const Invocation& inv);
Result export_delete(const Invocation& inv);
Result export_wait(const Invocation& inv);

}  // namespace moi::cli

namespace moi::cli {

/// `--all`: every item of a paginated range, as one JSON array and one table.
template <class Item, class Range>
Result collect_all(Range range, Table (*table)(const std::vector<Item>&)) {
  std::vector<Item> items;
  for (const auto& item : range) items.push_back(item);
  Result result;
  result.data = Json(items);
  result.table = table(items);
  return result;
}

}  // namespace moi::cli
