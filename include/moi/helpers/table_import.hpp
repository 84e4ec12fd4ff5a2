// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// import_to_table(): local CSV files into a new or existing catalog table, through upload
/// staging and the `table_config` form of `POST /connectors/upload` (PLATFORM-NOTES 2.2-2.3).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/waiters.hpp"
#include "moi/model/table.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// How import_to_table() treats the target table.
enum class ImportMode {
  kNew,        ///< Create the table (an existing one of that name is an error).
  kAppend,     ///< Add the rows to an existing table (a missing one is an error).
  kOverwrite,  ///< Replace the rows of an existing table (a missing one is an error).
};

/// "new", "append" or "overwrite".
MOI_EXPORT std::string to_string(ImportMode mode);

/// The table import_to_table() fills: in database `database_id`, by `table_id` or by
/// `table_name` (resolved through the database's children; exactly one of the two).
struct ImportTarget {
  std::string database_id{};  ///< The database (required).
  std::string table_name{};   ///< The table's name (new tables need one).
  std::string table_id{};     ///< Or an existing table's id.
};

/// Options of import_to_table().
struct ImportOptions {
  /// What to do with the table. Unset: kNew for a target given by name, kAppend for one given
  /// by id.
  std::optional<ImportMode> mode{};
  /// The files have a header row (its names become a new table's columns and map the columns
  /// of an existing table). Without one, a new table's columns are named A, B, C, ...
  bool has_header = true;
  /// A new table's column types by column name (e.g. {"id", "int"}); the others get
  /// `default_type`.
  std::map<std::string, std::string> column_types{};
  /// The type of a new table's other columns: "text" keeps every value as sent (GUESS: the
  /// service's list of types is not documented; MatrixOne has TEXT).
  std::string default_type = "text";
  /// A new table's primary-key columns (by name).
  std::vector<std::string> primary_key{};
  /// Rows whose primary key the table already holds.
  ImportConflict conflict = ImportConflict::kFail;
  /// An existing table's columns and where they are read from; empty: matched by name with the
  /// header (the service's rule).
  std::vector<ImportColumnMapping> mapping{};
  /// A new table's description.
  std::string description{};
  /// Wait for each file's load task (the rows loaded are known only then). The task that
  /// creates a new table is always waited for when the answer does not name the table.
  bool wait = true;
  /// How to wait (timeout, polling, progress).
  LoadTaskWaitOptions wait_options{};
  /// Keep the staged files (otherwise each is deleted once imported, best effort).
  bool keep_staged = false;
  /// Largest file accepted, checked before anything is sent.
  std::uint64_t max_file_bytes = std::uint64_t{200} * 1024 * 1024;
  /// Called as each file starts ("staging", "importing") and ends ("imported", "failed"),
  /// on the calling thread; may be empty.
  std::function<void(const std::string& path, const std::string& step)> on_progress{};
};

/// What happened to one file.
struct ImportFileResult {
  std::string path{};                  ///< The local path given.
  bool imported = false;               ///< Its rows went into the table.
  std::string conn_file_id{};          ///< Its staged id (empty when staging failed).
  std::string task_id{};               ///< Its load task.
  std::optional<std::int64_t> rows{};  ///< Rows loaded (known when waited for).
  std::string error{};                 ///< Why it failed.
};

/// The result of import_to_table(): one failed file never hides the others.
struct ImportResult {
  std::string table_id{};                     ///< The table filled (created or existing).
  bool table_created = false;                 ///< Whether the import created it.
  std::optional<std::int64_t> rows_loaded{};  ///< Sum over the files (when all were waited for).
  std::vector<ImportFileResult> files{};      ///< One per path, in order.
  std::size_t failed = 0;                     ///< Files not imported.
};

/// Imports local CSV files into a catalog table: checks every path (nothing is sent when one
/// is missing, not a readable regular file or too large), resolves the target (by id, or by
/// name through `/catalog/database/children`), then for each file: stages it (U2), for a new
/// table previews it (U3) to name the columns, imports it (U1 with `table_config`: the first
/// imported file creates the table or, with kOverwrite, replaces its rows; the others append),
/// waits for its load task (T1) and deletes the staged file (U5). A file that fails is
/// recorded with the error and the others go on; CancelledError, and a TimeoutError past the
/// deadline of @p call, stop it and are thrown.
/// A column of column_types or primary_key that the first file does not have fails that file
/// (InvalidArgumentError naming the file's columns, nothing imported).
/// @throws InvalidArgumentError for a bad path or target, or column_types / primary_key given
///         for an existing table (nothing sent); LookupError when the table of an append or
///         overwrite named by name does not exist (naming the database's tables), or when a new
///         table's name is taken; HttpError 404 when a table_id does not exist (checked before
///         any file is staged).
MOI_EXPORT ImportResult import_to_table(const Client& client, const std::vector<std::string>& paths,
                                        const ImportTarget& target,
                                        const ImportOptions& options = {},
                                        const CallOptions& call = {});

}  // namespace moi
