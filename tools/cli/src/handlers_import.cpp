// SPDX-License-Identifier: Apache-2.0
// `moi import PATH... --database DATABASE_ID (--table NAME | --table-id ID)`: local CSV files
// into a new or existing catalog table (moi::import_to_table: U2, U3, U1 with table_config,
// T1, U5).
#include <algorithm>
#include <limits>

#include "commands.hpp"
#include "moi/helpers/table_import.hpp"
#include "safety.hpp"
#include "usage_error.hpp"

namespace moi::cli {

namespace {

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

Result import_files(const Invocation& inv) {
  const auto database = inv.option("--database");
  if (!database || database->empty()) throw UsageError("import needs --database DATABASE_ID");
  const auto name = inv.option("--table");
  const auto id = inv.option("--table-id");
  if (name.has_value() == id.has_value()) {
    throw UsageError("import needs --table NAME or --table-id ID (one of them)");
  }
  ImportTarget target;
  target.database_id = *database;
  if (name) target.table_name = *name;
  if (id) target.table_id = *id;
  if ((name && name->empty()) || (id && id->empty())) {
    throw UsageError("--table and --table-id take a non-empty value");
  }

  ImportOptions options;
  if (const auto mode = inv.option("--mode")) {
    if (*mode == "new") {
      options.mode = ImportMode::kNew;
    } else if (*mode == "append") {
      options.mode = ImportMode::kAppend;
    } else if (*mode == "overwrite") {
      options.mode = ImportMode::kOverwrite;
    } else {
      throw UsageError("--mode takes new, append or overwrite, not \"" + *mode + "\"");
    }
    if (options.mode == ImportMode::kNew && id) {
      throw UsageError("--mode new creates a table: name it with --table NAME, not --table-id");
    }
  }
  if (const auto conflict = inv.option("--on-conflict")) {
    if (*conflict == "fail") {
      options.conflict = ImportConflict::kFail;
    } else if (*conflict == "skip") {
      options.conflict = ImportConflict::kSkip;
    } else if (*conflict == "replace") {
      options.conflict = ImportConflict::kReplace;
    } else {
      throw UsageError("--on-conflict takes fail, skip or replace, not \"" + *conflict + "\"");
    }
  }
  options.has_header = !inv.flag("--no-header");
  if (const auto keys = inv.option("--primary-key")) options.primary_key = comma_list(*keys);
  for (const std::string& typed : inv.values("--column-type")) {
    const auto equals = typed.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == typed.size()) {
      throw UsageError("--column-type takes NAME=TYPE (e.g. id=int), not \"" + typed + "\"");
    }
    options.column_types[typed.substr(0, equals)] = typed.substr(equals + 1);
  }
  if (const auto limit =
          inv.integer("--max-file-bytes", 1, std::numeric_limits<std::int64_t>::max())) {
    options.max_file_bytes = static_cast<std::uint64_t>(*limit);
  }
  options.keep_staged = inv.flag("--keep-staged");
  options.wait = inv.flag("--wait");
  options.wait_options.timeout = inv.wait_timeout;
  options.wait_options.sleeper = cli_sleeper(inv.env);
  if (inv.env.clock) options.wait_options.clock = inv.env.clock;
  options.wait_options.call = inv.call;
  if (inv.request_timeout.count() <= 0 || inv.wait_timeout < inv.request_timeout) {
    options.wait_options.call.timeout = inv.wait_timeout;
  }
  options.on_progress = [&inv](const std::string& path, const std::string& step) {
    if (inv.diagnostics.tty()) inv.diagnostics.bar("moi: " + step + " " + path);
  };

  // A path that is missing, a directory, a FIFO or unreadable is an InvalidArgumentError
  // naming it before anything is sent: exit 2.
  const ImportResult r = import_to_table(inv.client, inv.args, target, options, inv.call);

  Json files = Json::array();
  std::string first_task;
  Table table{{"PATH", "IMPORTED", "ROWS", "TASK_ID", "ERROR"}, {}};
  for (const ImportFileResult& f : r.files) {
    Json entry{{"path", f.path}, {"imported", f.imported}};
    if (!f.conn_file_id.empty()) entry["conn_file_id"] = f.conn_file_id;
    if (!f.task_id.empty()) entry["task_id"] = f.task_id;
    if (f.rows) entry["rows"] = *f.rows;
    if (!f.error.empty()) entry["error"] = f.error;
    if (first_task.empty()) first_task = f.task_id;
    files.push_back(std::move(entry));
    table.rows.push_back({f.path, f.imported ? "true" : "false",
                          f.rows ? std::to_string(*f.rows) : "", f.task_id, f.error});
    if (!f.imported) inv.diagnostics.line("moi: failed " + f.path + ": " + f.error);
  }
  Json data{{"table_id", r.table_id},
            {"table_created", r.table_created},
            {"task_id", first_task},
            {"files", std::move(files)},
            {"failed", r.failed}};
  if (options.wait) data["rows_loaded"] = r.rows_loaded ? Json(*r.rows_loaded) : Json();
  Result result{std::move(data), std::move(table)};
  if (r.failed > 0) result.exit_code = kExitWaitFailed;
  return result;
}

}  // namespace moi::cli
