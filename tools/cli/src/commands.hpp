// SPDX-License-Identifier: Apache-2.0
#pragma once
// The command table: every group and action of `moi`, the endpoint it calls, how it takes its
// inputs, its help text and examples, and the handler that runs it. cli.cpp builds the CLI11
// parser and the help from this table; the handlers (handlers_*.cpp, wait.cpp) call the SDK.

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
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
  /// The action's own options that were given (ActionSpec::options), by name ("--name",
  /// "NAME"); a flag that was given maps to "true".
  std::map<std::string, std::string> options{};
  /// The values of a repeated positional (OptionKind::kPositionals), e.g. the PATHs of
  /// `file upload`.
  std::vector<std::string> args{};
  /// Set for `--output jsonl --all`: each item is written (one line, flushed) as soon as its
  /// page arrives, instead of being collected into Result.
  std::function<void(const Json&)> stream_item{};
  /// Set for `--output tsv --all`: called once with the table's header (no rows), then with
  /// each item's row as its page arrives.
  std::function<void(const Table&)> stream_rows{};
  /// Standard output, for actions that stream as they receive (`moi chat`): each write is
  /// flushed by the handler. Never null when run() calls a handler.
  std::ostream* out = nullptr;
  /// --output: json, jsonl, table or tsv.
  std::string output = "json";
  /// The chosen profile's `model` ("" when none): `moi chat`'s model without --model.
  std::string profile_model{};

  /// The value of option @p name, when given.
  std::optional<std::string> option(const std::string& name) const {
    const auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
  }
  /// Every value of the repeatable option @p name (OptionKind::kRepeated), in order; empty
  /// when not given.
  std::vector<std::string> values(const std::string& name) const {
    const auto it = options.find(name);
    if (it == options.end()) return {};
    return Json::parse(it->second).get<std::vector<std::string>>();
  }
  /// Whether flag (or option) @p name was given.
  bool flag(const std::string& name) const { return options.count(name) > 0; }
  /// The integer value of option @p name, when given, within [@p min, @p max].
  /// @throws UsageError naming the option when it is not such an integer.
  std::optional<std::int64_t> integer(const std::string& name, std::int64_t min,
                                      std::int64_t max) const;
};

/// What an action produced: run() prints it in the format asked for.
struct Result {
  Result() = default;
  Result(Json data_, std::optional<Table> table_ = std::nullopt)  // NOLINT: implicit on purpose
      : data(std::move(data_)), table(std::move(table_)) {}

  Json data;                   ///< Printed as JSON; null prints nothing.
  std::optional<Table> table;  ///< Rows for `--output table` (lists); else `data` as fields.
  int exit_code = kExitOk;
  bool streamed = false;  ///< The items were already written by Invocation::stream_item.
};

using Handler = Result (*)(const Invocation&);

/// How an action takes --json.
enum class JsonInput {
  kNone,          ///< No --json option.
  kBodyRequired,  ///< The request body; required.
  kBodyOptional,  ///< The request body; defaults apply when absent.
  kQuery,         ///< Query parameters (strict: unknown keys are usage errors).
};

/// How an action-specific option is given on the command line.
enum class OptionKind {
  kValue,        ///< `--name VALUE`.
  kFlag,         ///< `--name`, no value.
  kPositional,   ///< A required positional after the ID (e.g. NAME).
  kPositionals,  ///< One or more positionals, the last ones (e.g. PATH...).
  kRepeated,     ///< `--name VALUE`, repeatable; Invocation::values() gives them in order.
};

/// One action-specific option (beyond ID, --json, --all and --timeout).
struct OptionSpec {
  const char* name = "";  ///< "--description", or "NAME" for a positional.
  const char* help = "";  ///< One line for the action's help.
  OptionKind kind = OptionKind::kValue;
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
  /// The ID and the kPositional options may be left out (the handler names what is missing):
  /// --json or another option can give them instead.
  bool id_optional = false;
  bool args_optional = false;  ///< The kPositionals may be left out (none given).
  /// Sends nothing: runs without a service URL or API key (Invocation::client is unusable).
  bool offline = false;
  std::vector<OptionSpec> options;  ///< Action-specific options, in help order.
  std::vector<const char*> notes;   ///< Extra paragraphs of the action's help.
  std::vector<const char*> examples;
  Handler handler = nullptr;
};

/// One group, e.g. `workflow`.
struct GroupSpec {
  const char* name;
  const char* summary;
  std::vector<ActionSpec> actions;
  /// The action a word that names none runs (`moi chat MESSAGE` is `moi chat send MESSAGE`),
  /// or nullptr: such a word is an unknown action.
  const char* default_action = nullptr;
};

/// Every group and action, in help order.
const std::vector<GroupSpec>& command_table();

/// The per-field flags of a connector configuration (`connector create|validate|update`);
/// which of them apply depends on --type.
const std::vector<OptionSpec>& connector_config_options();

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
Result catalog_list(const Invocation& inv);
Result catalog_tree(const Invocation& inv);
Result catalog_create(const Invocation& inv);
Result database_create(const Invocation& inv);
Result database_children(const Invocation& inv);
Result volume_create(const Invocation& inv);
Result volume_get(const Invocation& inv);
Result volume_delete(const Invocation& inv);
Result volume_list(const Invocation& inv);
Result file_upload(const Invocation& inv);
Result file_list(const Invocation& inv);
Result file_get(const Invocation& inv);
Result table_create(const Invocation& inv);
Result table_get(const Invocation& inv);
Result table_list(const Invocation& inv);
Result table_exists(const Invocation& inv);
Result table_data(const Invocation& inv);
Result table_download(const Invocation& inv);
Result table_truncate(const Invocation& inv);
Result table_delete(const Invocation& inv);
Result file_delete(const Invocation& inv);
Result file_link(const Invocation& inv);
Result load_get(const Invocation& inv);
Result load_files(const Invocation& inv);
Result load_wait(const Invocation& inv);
Result connector_create(const Invocation& inv);
Result connector_validate(const Invocation& inv);
Result connector_list(const Invocation& inv);
Result connector_update(const Invocation& inv);
Result connector_delete(const Invocation& inv);
Result connector_files(const Invocation& inv);
Result volume_find(const Invocation& inv);
Result catalog_get(const Invocation& inv);
Result catalog_update(const Invocation& inv);
Result catalog_delete(const Invocation& inv);
Result catalog_refs(const Invocation& inv);
Result database_list(const Invocation& inv);
Result database_get(const Invocation& inv);
Result database_update(const Invocation& inv);
Result database_delete(const Invocation& inv);
Result volume_update(const Invocation& inv);
Result volume_refs(const Invocation& inv);
Result folder_create(const Invocation& inv);
Result folder_list(const Invocation& inv);
Result folder_update(const Invocation& inv);
Result folder_delete(const Invocation& inv);
Result folder_clean(const Invocation& inv);
Result file_create(const Invocation& inv);
Result file_update(const Invocation& inv);
Result file_preview_link(const Invocation& inv);
Result health_check(const Invocation& inv);
// Users, roles, audit logs and the caller's key (handlers_access.cpp, issue 26).
Result user_create(const Invocation& inv);
Result user_delete(const Invocation& inv);
Result user_get(const Invocation& inv);
Result user_list(const Invocation& inv);
Result user_update(const Invocation& inv);
Result user_set_roles(const Invocation& inv);
Result user_enable(const Invocation& inv);
Result user_disable(const Invocation& inv);
Result role_create(const Invocation& inv);
Result role_delete(const Invocation& inv);
Result role_get(const Invocation& inv);
Result role_list(const Invocation& inv);
Result role_update(const Invocation& inv);
Result role_grant_table(const Invocation& inv);
Result log_users(const Invocation& inv);
Result log_roles(const Invocation& inv);
Result whoami(const Invocation& inv);
Result api_key_show(const Invocation& inv);
Result api_key_refresh(const Invocation& inv);
Result load_list(const Invocation& inv);
Result load_pause(const Invocation& inv);
Result load_resume(const Invocation& inv);
Result load_delete(const Invocation& inv);
Result load_retry(const Invocation& inv);
Result pipeline_components(const Invocation& inv);
Result pipeline_validate(const Invocation& inv);
Result genai_parse(const Invocation& inv);
Result genai_job(const Invocation& inv);
Result genai_download(const Invocation& inv);
Result session_create(const Invocation& inv);
Result session_list(const Invocation& inv);
Result session_get(const Invocation& inv);
Result session_update(const Invocation& inv);
Result session_delete(const Invocation& inv);
Result session_messages(const Invocation& inv);
Result message_get(const Invocation& inv);
Result message_update(const Invocation& inv);
Result message_delete(const Invocation& inv);
Result message_tag(const Invocation& inv);
Result message_untag(const Invocation& inv);
Result chat(const Invocation& inv);
Result ask_question(const Invocation& inv);
Result sql_run(const Invocation& inv);
Result knowledge_create(const Invocation& inv);
Result knowledge_update(const Invocation& inv);
Result knowledge_delete(const Invocation& inv);
Result knowledge_get(const Invocation& inv);
Result knowledge_list(const Invocation& inv);
Result knowledge_search(const Invocation& inv);
Result import_files(const Invocation& inv);

/// The model `moi chat` uses when neither --model nor the profile's `model` names one: the
/// first model the emulator serves.
inline constexpr const char* kDefaultChatModel = "qwen-plus";

/// The id of workflow @p workflow_id's newest job (J1, newest first), or nullopt when it has
/// none yet.
std::optional<std::string> newest_job_id(const Invocation& inv, const std::string& workflow_id);

/// Waits (--timeout) for job @p job_id of workflow @p workflow_id to finish, showing progress;
/// without a job id, first for the workflow's first job. The result is the job's final status
/// (J5); a failed job exits 4 with a line naming it.
Result wait_for_workflow_job(const Invocation& inv, const std::string& workflow_id,
                             std::optional<std::string> job_id);

}  // namespace moi::cli

namespace moi::cli {

/// `--all`: every item of a paginated range, as one JSON array and one table; or, with
/// `--output json, jsonl or tsv`, each item written as its page arrives (nothing collected:
/// memory stays bounded however long the list; a table needs every row for its widths).
template <class Item, class Range>
Result collect_all(const Invocation& inv, Range range, Table (*table)(const std::vector<Item>&)) {
  Result result;
  if (inv.stream_rows) {
    inv.stream_rows(table({}));
    for (const auto& item : range) inv.stream_rows(table({item}));
    result.streamed = true;
    return result;
  }
  if (inv.stream_item) {
    for (const auto& item : range) inv.stream_item(Json(item));
    result.streamed = true;
    return result;
  }
  std::vector<Item> items;
  for (const auto& item : range) items.push_back(item);
  result.data = Json(items);
  result.table = table(items);
  return result;
}

}  // namespace moi::cli
