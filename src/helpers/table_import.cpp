// SPDX-License-Identifier: Apache-2.0
// import_to_table(): stage, preview, import with table_config, wait, clean up; file by file so
// that one bad file never loses the others.
#include "moi/helpers/table_import.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "clients/upload_check.hpp"
#include "moi/error.hpp"
#include "moi/helpers/data_flow.hpp"  // LookupError

namespace moi {

namespace {

// The tables of a database: (id, name) of its `table` children.
std::vector<std::pair<std::string, std::string>> tables_of(const Client& client,
                                                           const std::string& database_id,
                                                           const CallOptions& call) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const CatalogNode& node : client.catalog().database_children(database_id, call)) {
    if (node.type.value_or("") != "table") continue;
    out.emplace_back(node.id.value_or(""), node.name.value_or(""));
  }
  return out;
}

std::string table_named(const std::vector<std::pair<std::string, std::string>>& tables,
                        const std::string& name) {
  for (const auto& [id, table] : tables) {
    if (table == name) return id;
  }
  return {};
}

std::vector<std::string> names_of(const std::vector<std::pair<std::string, std::string>>& tables) {
  std::vector<std::string> names;
  for (const auto& table : tables) names.push_back(table.second);
  return names;
}

std::string quoted_list(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "\"" : ", \"") + name + "\"";
  return out;
}

// Whether an error must stop the whole import (cancellation, the caller's deadline).
bool stops_everything(const Error& error, const CallOptions& call) {
  if (dynamic_cast<const CancelledError*>(&error) != nullptr) return true;
  if (dynamic_cast<const TimeoutError*>(&error) != nullptr ||
      dynamic_cast<const WaitTimeoutError*>(&error) != nullptr) {
    return call.deadline && std::chrono::steady_clock::now() >= *call.deadline;
  }
  return false;
}

// The new table's columns from a preview of its first file.
std::vector<ImportTableColumn> columns_of(const StagedFilePreview& preview,
                                          const ImportOptions& options) {
  std::vector<ImportTableColumn> columns;
  std::set<std::string> keys(options.primary_key.begin(), options.primary_key.end());
  for (const StagedColumn& seen : preview.rows) {
    ImportTableColumn column = to_import_column(seen, options.default_type);
    if (!options.has_header) column.column = column.char_number;
    const auto type = options.column_types.find(column.column);
    if (type != options.column_types.end()) column.data_type = type->second;
    column.is_key = keys.count(column.column) != 0;
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace

std::string to_string(ImportMode mode) {
  switch (mode) {
    case ImportMode::kNew:
      return "new";
    case ImportMode::kAppend:
      return "append";
    case ImportMode::kOverwrite:
      return "overwrite";
  }
  return "unknown";
}

ImportResult import_to_table(const Client& client, const std::vector<std::string>& paths,
                             const ImportTarget& target, const ImportOptions& options,
                             const CallOptions& call) {
  const std::string context = "import_to_table";
  // Everything checked before the first call.
  if (target.database_id.empty()) throw InvalidArgumentError(context + ": database_id is empty");
  if (target.table_name.empty() == target.table_id.empty()) {
    throw InvalidArgumentError(context + ": name the table by table_name or by table_id (one)");
  }
  const ImportMode mode =
      options.mode.value_or(target.table_id.empty() ? ImportMode::kNew : ImportMode::kAppend);
  if (mode == ImportMode::kNew && !target.table_id.empty()) {
    throw InvalidArgumentError(context + ": a new table is named by table_name, not table_id");
  }
  if (paths.empty()) throw InvalidArgumentError(context + ": the list of files is empty");
  std::vector<UploadFile> files;
  for (const std::string& path : paths) {
    UploadFile file;
    file.path = path;
    files.push_back(std::move(file));
  }
  detail::check_upload_files(files, options.max_file_bytes);
  for (const std::string& key : options.primary_key) {
    if (key.empty()) throw InvalidArgumentError(context + ": a primary_key column name is empty");
  }
  if (mode != ImportMode::kNew && (!options.column_types.empty() || !options.primary_key.empty())) {
    throw InvalidArgumentError(context + ": column_types and primary_key shape a new table; the " +
                               to_string(mode) + " of an existing table keeps its columns");
  }

  // The target.
  ImportResult result;
  if (!target.table_id.empty()) {
    // Checked before any file is staged: a wrong id fails here (HttpError 404), nothing sent.
    client.tables().get_table(target.table_id, call);
    result.table_id = target.table_id;
  } else {
    const auto tables = tables_of(client, target.database_id, call);
    const std::string found = table_named(tables, target.table_name);
    if (mode == ImportMode::kNew && !found.empty()) {
      throw LookupError(context + ": database " + target.database_id +
                            " already holds a table named \"" + target.table_name + "\" (id " +
                            found + "): import with mode append or overwrite",
                        {found});
    }
    if (mode != ImportMode::kNew && found.empty()) {
      throw LookupError(context + ": no table named \"" + target.table_name + "\" in database " +
                            target.database_id + " to " + to_string(mode) + " to (its tables: " +
                            quoted_list(names_of(tables)) + "); use mode new to create it",
                        names_of(tables));
    }
    result.table_id = found;
  }

  auto progress = [&options](const std::string& path, const char* step) {
    if (options.on_progress) options.on_progress(path, step);
  };
  bool rows_known = true;
  std::int64_t rows = 0;
  bool first_done = false;  // a file created the table or overwrote its rows
  for (const std::string& path : paths) {
    ImportFileResult file;
    file.path = path;
    try {
      progress(path, "staging");
      StageFilesRequest stage;
      UploadFile upload;
      upload.path = path;
      stage.files.push_back(std::move(upload));
      stage.max_file_bytes = options.max_file_bytes;
      file.conn_file_id = client.files().stage(stage, call).front();

      TableImportConfig config;
      config.database_id = target.database_id;
      config.conn_file_ids = {file.conn_file_id};
      config.is_column_name = options.has_header;
      config.column_name_row = 1;
      config.row_start = options.has_header ? 2 : 1;
      config.conflict = options.conflict;
      const bool creates = mode == ImportMode::kNew && !first_done;
      if (creates) {
        PreviewStagedRequest preview;
        preview.conn_file_id = file.conn_file_id;
        preview.is_column_name = options.has_header;
        const StagedFilePreview seen = client.files().preview_staged(preview, call);
        NewTableConfig table;
        table.name = target.table_name;
        table.description = options.description;
        table.table_column = columns_of(seen, options);
        if (table.table_column.empty()) {
          throw InvalidArgumentError(context + ": " + path + " has no column to import");
        }
        const auto check_named = [&](const std::string& name, const char* option) {
          const bool known =
              std::any_of(table.table_column.begin(), table.table_column.end(),
                          [&name](const ImportTableColumn& c) { return c.column == name; });
          if (!known) {
            std::vector<std::string> names;
            for (const ImportTableColumn& c : table.table_column) names.push_back(c.column);
            throw InvalidArgumentError(context + ": " + option + " column \"" + name +
                                       "\" is not a column of " + path +
                                       " (its columns: " + quoted_list(names) + ")");
          }
        };
        for (const std::string& key : options.primary_key) check_named(key, "primary_key");
        for (const auto& typed : options.column_types) check_named(typed.first, "column_types");
        config.new_table = true;
        config.create_table = std::move(table);
      } else {
        config.new_table = false;
        config.table_id = result.table_id;
        config.existed_table = options.mapping;
        config.existed_table_opts.method =
            mode == ImportMode::kOverwrite && !first_done ? "overwrite" : "append";
      }
      progress(path, "importing");
      UploadRequest request;
      request.table_config = std::move(config);
      const UploadResponse answer = client.files().upload(request, call);
      for (const UploadResult& one : answer.results) {
        if (one.success == false) {
          throw ServiceError("IMPORT_FAILED", one.message.value_or("the service refused the file"),
                             0, {});
        }
      }
      if (answer.success == false) {
        throw ServiceError("IMPORT_FAILED", answer.message.value_or("the import was refused"), 0,
                           {});
      }
      file.task_id = answer.task_id.value_or("");
      const bool need_table = creates && !answer.table_id;
      if ((options.wait || need_table) && !file.task_id.empty()) {
        const LoadTaskOutcome outcome =
            wait_for_load_task(client.load_tasks(), file.task_id, options.wait_options);
        std::int64_t lines = 0;
        std::string reasons;
        for (const LoadResult& load : outcome.task.load_results) {
          lines += load.lines.value_or(0);
          if (load.reason && !load.reason->empty()) {
            reasons += (reasons.empty() ? "" : "; ") + *load.reason;
          }
        }
        for (const LoadTaskFile& failed : outcome.failed) {
          reasons += (reasons.empty() ? "" : "; ") + failed.name.value_or("a file") + ": " +
                     failed.reason.value_or("failed");
        }
        if (!reasons.empty()) throw ServiceError("LOAD_FAILED", reasons, 0, {});
        file.rows = lines;
        if (creates && !answer.table_id && outcome.task.table_path &&
            !outcome.task.table_path->id_list.empty()) {
          result.table_id = outcome.task.table_path->id_list.back();
        }
      }
      if (creates) {
        if (answer.table_id) result.table_id = *answer.table_id;
        if (result.table_id.empty()) {
          // Neither the answer nor the task names it: find it by name.
          result.table_id =
              table_named(tables_of(client, target.database_id, call), target.table_name);
        }
        if (result.table_id.empty()) {
          throw DecodeError("", "the import created table \"" + target.table_name +
                                    "\" but neither the answer nor its load task names its id");
        }
        result.table_created = true;
      }
      first_done = true;
      file.imported = true;
      if (file.rows) {
        rows += *file.rows;
      } else {
        rows_known = false;
      }
      progress(path, "imported");
    } catch (const Error& error) {
      if (stops_everything(error, call)) throw;
      file.imported = false;
      file.error = error.what();
      ++result.failed;
      progress(path, "failed");
    }
    if (!file.conn_file_id.empty() && !options.keep_staged) {
      try {
        client.files().delete_staged(file.conn_file_id, call);
      } catch (const Error&) {
        // Best effort: a staged file left behind costs storage, not data.
      }
    }
    result.files.push_back(std::move(file));
  }
  if (rows_known && result.failed < result.files.size()) result.rows_loaded = rows;
  if (result.failed == result.files.size()) result.rows_loaded = 0;
  return result;
}

}  // namespace moi
