// SPDX-License-Identifier: Apache-2.0
// The rows of catalog tables (/catalog/table/*, imports): an embedded SQLite database.
//
// Where: in memory without --state; with --state in "<state file>.tables/tables.sqlite", a
// private directory (0700, checked like the uploads directory: CheckedDir::open_private) holding
// the database file (created 0600 with O_CREAT|O_EXCL|O_NOFOLLOW, an existing one must be a
// regular file of this user and is made 0600) and the journal SQLite writes beside it, so no
// other user can plant or read anything there. write-ahead log with synchronous=NORMAL: a
// commit writes the log without a flush under the state lock; sync_committed() flushes it
// after the lock, before the answer (so an acknowledged change is on disk).
//
// Layout (one schema, `main`):
//   - `moi_tables` holds each table's record: id (INTEGER PRIMARY KEY AUTOINCREMENT: ids are
//     never reused, even after a failed state write rolls the JSON state back), database_id,
//     name, comment, creator, created_at, and its columns as JSON (name, declared type, is_pk,
//     default, comment).
//   - each table's rows live in its own SQLite table named physical_name(id) = "t<id>", whose
//     columns are the table's column names (quoted) and whose declared types are only the
//     SQLite affinity of the declared type (INTEGER, REAL or TEXT). Rows keep insertion order
//     (rowid).
// Names given by clients (tables, columns) are never spliced into SQL: every identifier is
// quoted with quote_identifier() (double quotes, inner ones doubled) and every value is bound
// as a parameter. A table name is only ever data (a column of moi_tables); the physical name
// is derived from the id.
//
// Read-only SQL (issue 24, run_sql): query_read_only() prepares one statement, refuses it
// unless sqlite3_stmt_readonly() says it writes nothing, and runs it under an authorizer that
// allows only SELECT, reads, and functions (no PRAGMA, ATTACH, writes or transactions), with a
// step budget (progress handler) and a row cap. SQL naming tables as `db`.`table` (MySQL form)
// is expected to be rewritten by the caller to physical names: resolve each (database name,
// table name) to an id with table_by_name() and substitute quote_identifier(physical_name(id)).
// Choosing one schema with id-derived names (over ATTACH per database) keeps renames free,
// needs no limit on attached databases (SQLite allows at most 10 by default), and lets a join
// across databases be one statement.
//
// Not thread-safe: the service calls it under its state lock only.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "persistence.hpp"

struct sqlite3;

namespace moi::emulator::detail {

/// One column of a table, as created (/catalog/table/create or an import's new table).
struct TableColumnDef {
  std::string name;
  std::string type;  ///< declared SQL type text, e.g. "INT", "VARCHAR(32)"
  bool is_pk = false;
  std::optional<std::string> default_value;
  std::string comment;
};

/// How values of a declared type are stored (SQLite's affinity rules, simplified).
enum class Affinity { kInteger, kReal, kText };
/// INT* -> integer; REAL, FLOA*, DOUB*, DECIMAL, NUMERIC -> real; everything else text.
Affinity affinity_of(const std::string& declared_type);

/// A table's record (without its rows).
struct TableMeta {
  std::int64_t id = 0;
  std::int64_t database_id = 0;
  std::string name;
  std::string comment;
  std::string creator;
  std::int64_t created_at = 0;  ///< epoch milliseconds
  std::vector<TableColumnDef> columns;
};

/// A value that cannot be stored: what() is one line naming the place ("row 3, column
/// \"age\": ...") and is safe to send to clients.
class TableInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// SQLite failed (I/O, full disk, corruption): what() says why, for a 500.
class TableStoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TableStore {
 public:
  /// Limits of what the store accepts (TableInputError past them).
  static constexpr std::size_t kMaxColumns = 1000;
  static constexpr std::size_t kMaxNameBytes = 256;
  static constexpr std::size_t kMaxCellBytes = 1024 * 1024;

  /// In memory.
  TableStore();
  /// "tables.sqlite" in `dir` (a private directory, see the file comment). Throws
  /// std::runtime_error (one line naming the file) when it cannot be created, opened or is
  /// refused.
  explicit TableStore(const CheckedDir& dir);
  ~TableStore();
  TableStore(const TableStore&) = delete;
  TableStore& operator=(const TableStore&) = delete;

  /// A transaction around one request's changes: committed by commit(), rolled back by the
  /// destructor otherwise (strict-mode refusals, exceptions).
  class Transaction {
   public:
    explicit Transaction(TableStore& store);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    /// Throws TableStoreError when the commit fails (the changes are then rolled back).
    /// Returns whether the commit wrote anything (then sync_committed() makes it durable).
    bool commit();
    /// Undoes the changes now.
    void rollback();

   private:
    TableStore& store_;
    bool open_ = false;
  };

  /// Makes what was committed durable: fdatasync of the write-ahead log, where commits go
  /// without a flush of their own. Called after the lock that serves other clients is released,
  /// so no request waits for another's disk flush; thread-safe (a descriptor of its own, not
  /// the connection). Nothing to do for the in-memory store. Throws TableStoreError.
  void sync_committed();

  /// The SQLite name of a table's rows: "t<id>".
  static std::string physical_name(std::int64_t table_id);
  /// `"name"` with inner double quotes doubled: the only way a name enters SQL text.
  static std::string quote_identifier(const std::string& name);

  /// Checks a table name and columns (TableInputError naming the field: "name",
  /// "columns[2].name", "columns[0].type") without creating anything.
  static void check_definition(const std::string& name, const std::vector<TableColumnDef>& columns);
  /// Creates the table (check_definition first) and returns its new id. The caller checks that
  /// the name is free in the database.
  std::int64_t create_table(TableMeta meta);
  std::optional<TableMeta> table(std::int64_t id) const;
  std::optional<TableMeta> table_by_name(std::int64_t database_id, const std::string& name) const;
  /// Every table (of one database when given), by id.
  std::vector<TableMeta> tables(std::optional<std::int64_t> database_id = std::nullopt) const;

  std::int64_t row_count(std::int64_t id) const;
  /// Bytes of the stored values (text and blobs by length, numbers 8).
  std::int64_t data_bytes(const TableMeta& table) const;
  /// Smallest and largest value of each column (null when the table is empty).
  std::vector<std::pair<nlohmann::ordered_json, nlohmann::ordered_json>> column_range(
      const TableMeta& table) const;
  /// Rows [offset, offset + limit) in insertion order, each cell a JSON scalar.
  std::vector<std::vector<nlohmann::ordered_json>> rows(const TableMeta& table, std::int64_t offset,
                                                        std::int64_t limit) const;
  /// Every row in insertion order.
  void each_row(const TableMeta& table,
                const std::function<void(const std::vector<nlohmann::ordered_json>&)>& fn) const;

  /// The stored value of text read from a file for `column`: an empty field is NULL (or "" for
  /// a text column when it was quoted), numbers are parsed for integer and real columns.
  /// Throws TableInputError ("... is not an integer") naming `where`.
  static nlohmann::ordered_json cell_from_text(const TableColumnDef& column,
                                               const std::string& text, bool quoted,
                                               const std::string& where);
  /// What an inserted row whose primary key is already stored does (the `conflict` of an
  /// import: 0, 1, 2). Tables without a primary-key column never conflict.
  enum class Conflict { kFail = 0, kSkip = 1, kReplace = 2 };
  /// Appends rows (each one cell per column, JSON scalars). Returns how many were stored
  /// (skipped ones not counted). With kFail a conflicting row throws TableInputError naming
  /// its line (`lines[i]` when given, else its 1-based position) and nothing is kept of this
  /// call only if the caller rolls back its Transaction.
  std::int64_t insert_rows(const TableMeta& table,
                           const std::vector<std::vector<nlohmann::ordered_json>>& rows,
                           Conflict conflict = Conflict::kFail,
                           const std::vector<std::int64_t>* lines = nullptr);
  /// Removes every row; the table stays.
  void truncate(const TableMeta& table);
  /// Drops the table and its record.
  void drop(std::int64_t id);
  /// Drops every table of a database; returns how many.
  std::size_t drop_database(std::int64_t database_id);

  /// The answer of a read-only statement.
  struct QueryResult {
    std::vector<std::string> columns;
    std::vector<std::vector<nlohmann::ordered_json>> rows;
    bool truncated = false;  ///< more than max_rows rows
  };
  /// Runs one read-only statement (see the file comment). Throws TableInputError when it is
  /// not one statement, does not compile, would write, or exceeds max_steps virtual-machine
  /// steps (in thousands); TableStoreError when a stand-in cannot be made.
  QueryResult query_read_only(const std::string& sql, std::size_t max_rows,
                              std::uint64_t max_steps_thousands) const;
  /// Bounds of query_read_only() (run_sql, issue 24).
  struct QueryLimits {
    std::size_t max_rows = 10000;
    std::uint64_t max_steps_thousands = 100000;
    /// Most bytes of the answer's cells (text and blobs by length, others 8): past it the
    /// query fails (TableInputError), so one answer cannot take unbounded memory.
    std::size_t max_bytes = 16 * 1024 * 1024;
    /// When set, the only tables the statement may read (physical names): any other (the
    /// records table, sqlite_schema, a table the caller did not resolve) is refused.
    const std::set<std::string>* readable = nullptr;
    /// A stored table the statement may read only in part (run_sql under row and column
    /// rules, access.hpp): copied into the TEMP table `name` for this statement only (dropped
    /// after it), with the columns `columns` (indexes into table.columns, in order, declared
    /// with their affinity) of the rows `keep` accepts, in insertion order. The caller puts
    /// `name`, not the stored table, in `readable`: no name the statement writes reaches the
    /// rest (a subquery over the stored table would need that table readable, and the
    /// statement could then name it itself).
    struct StandIn {
      std::string name;
      TableMeta table;
      std::vector<std::size_t> columns;
      std::function<bool(const std::vector<nlohmann::ordered_json>&)> keep;
    };
    std::vector<StandIn> stand_ins;
  };
  QueryResult query_read_only(const std::string& sql, const QueryLimits& limits) const;

 private:
  void open(const std::string& path, bool file);
  void exec(const char* sql) const;

  static int on_wal_commit(void* store, sqlite3* db, const char* name, int pages);

  sqlite3* db_ = nullptr;
  int dir_fd_ = -1;              // the store's private directory (file stores only)
  std::atomic<int> wal_fd_{-1};  // opened at the first sync
  bool wal_written_ = false;     // set by on_wal_commit, taken by Transaction::commit
};

}  // namespace moi::emulator::detail
