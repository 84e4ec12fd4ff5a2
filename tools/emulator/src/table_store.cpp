// SPDX-License-Identifier: Apache-2.0
#include "table_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>

#include "target.hpp"

namespace moi::emulator::detail {

using json = nlohmann::ordered_json;

namespace {

constexpr const char* kFileName = "tables.sqlite";

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A prepared statement, finalized on every exit path.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK) {
      throw TableStoreError(std::string("table store: ") + sqlite3_errmsg(db));
    }
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  void bind(int index, const json& value) {
    int rc = SQLITE_OK;
    if (value.is_null()) {
      rc = sqlite3_bind_null(stmt_, index);
    } else if (value.is_boolean()) {
      rc = sqlite3_bind_int64(stmt_, index, value.get<bool>() ? 1 : 0);
    } else if (value.is_number_integer()) {
      // Unsigned values past int64 are kept as their decimal text.
      if (value.is_number_unsigned() && value.get<std::uint64_t>() > INT64_MAX) {
        const std::string text = std::to_string(value.get<std::uint64_t>());
        rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                               SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_int64(stmt_, index, value.get<std::int64_t>());
      }
    } else if (value.is_number_float()) {
      rc = sqlite3_bind_double(stmt_, index, value.get<double>());
    } else if (value.is_string()) {
      const std::string& text = value.get_ref<const std::string&>();
      rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                             SQLITE_TRANSIENT);
    } else {
      const std::string text = value.dump();
      rc = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                             SQLITE_TRANSIENT);
    }
    check(rc);
  }
  void bind_text(int index, const std::string& text) { bind(index, json(text)); }
  void bind_int(int index, std::int64_t value) { check(sqlite3_bind_int64(stmt_, index, value)); }

  // True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw TableStoreError(std::string("table store: ") + sqlite3_errmsg(db_));
  }
  void run() {
    while (step()) {
    }
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int columns() const { return sqlite3_column_count(stmt_); }
  std::int64_t integer(int i) const { return sqlite3_column_int64(stmt_, i); }
  std::string text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(stmt_, i));
  }
  json value(int i) const {
    switch (sqlite3_column_type(stmt_, i)) {
      case SQLITE_INTEGER:
        return json(sqlite3_column_int64(stmt_, i));
      case SQLITE_FLOAT: {
        const double d = sqlite3_column_double(stmt_, i);
        return std::isfinite(d) ? json(d) : json(nullptr);
      }
      case SQLITE_NULL:
        return json(nullptr);
      default:
        return json(text(i));
    }
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw TableStoreError(std::string("table store: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

const char* affinity_sql(Affinity affinity) {
  switch (affinity) {
    case Affinity::kInteger:
      return "INTEGER";
    case Affinity::kReal:
      return "REAL";
    case Affinity::kText:
      break;
  }
  return "TEXT";
}

// Declared types: a word, more words, an optional "(digits[, digits])": "INT",
// "VARCHAR(32)", "DECIMAL(10, 2)", "DOUBLE PRECISION", "INT UNSIGNED".
bool valid_type(const std::string& type) {
  if (type.empty() || type.size() > 64 || !std::isalpha(static_cast<unsigned char>(type[0]))) {
    return false;
  }
  std::size_t i = 0;
  while (i < type.size() &&
         (std::isalnum(static_cast<unsigned char>(type[i])) || type[i] == ' ' || type[i] == '_')) {
    ++i;
  }
  if (i == type.size()) return true;
  if (type[i] != '(' || type.back() != ')') return false;
  for (std::size_t j = i + 1; j + 1 < type.size(); ++j) {
    if (!std::isdigit(static_cast<unsigned char>(type[j])) && type[j] != ',' && type[j] != ' ') {
      return false;
    }
  }
  return true;
}

void check_name(const std::string& name, const std::string& field) {
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw TableInputError(field + ": must not be empty");
  }
  if (name.size() > TableStore::kMaxNameBytes) {
    throw TableInputError(field + ": longer than " + std::to_string(TableStore::kMaxNameBytes) +
                          " bytes");
  }
  if (name.find('\0') != std::string::npos) throw TableInputError(field + ": contains a NUL byte");
  if (!valid_utf8(name)) throw TableInputError(field + ": not valid UTF-8");
}

json columns_to_json(const std::vector<TableColumnDef>& columns) {
  json out = json::array();
  for (const TableColumnDef& c : columns) {
    json item{{"name", c.name}, {"type", c.type}, {"is_pk", c.is_pk}, {"comment", c.comment}};
    if (c.default_value) item["default"] = *c.default_value;
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<TableColumnDef> columns_from_json(const std::string& text) {
  std::vector<TableColumnDef> columns;
  const json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array()) return columns;
  for (const json& item : parsed) {
    TableColumnDef c;
    c.name = item.value("name", "");
    c.type = item.value("type", "");
    c.is_pk = item.value("is_pk", false);
    c.comment = item.value("comment", "");
    if (item.contains("default") && item["default"].is_string()) {
      c.default_value = item["default"].get<std::string>();
    }
    columns.push_back(std::move(c));
  }
  return columns;
}

constexpr const char* kMetaColumns = "id, database_id, name, comment, creator, created_at, columns";

TableMeta meta_of(const Stmt& stmt) {
  TableMeta meta;
  meta.id = stmt.integer(0);
  meta.database_id = stmt.integer(1);
  meta.name = stmt.text(2);
  meta.comment = stmt.text(3);
  meta.creator = stmt.text(4);
  meta.created_at = stmt.integer(5);
  meta.columns = columns_from_json(stmt.text(6));
  return meta;
}

// The column list of a table's rows: "c1", "c2", ... quoted.
std::string column_list(const TableMeta& table) {
  std::string list;
  for (const TableColumnDef& c : table.columns) {
    if (!list.empty()) list += ", ";
    list += TableStore::quote_identifier(c.name);
  }
  return list;
}

// The authorizer of query_read_only: reads only (of the tables in `readable`, when given).
int read_only_authorizer(void* readable, int action, const char* table, const char*, const char*,
                         const char*) {
  switch (action) {
    case SQLITE_READ:
      if (readable != nullptr) {
        const auto* allowed = static_cast<const std::set<std::string>*>(readable);
        return table != nullptr && allowed->count(table) > 0 ? SQLITE_OK : SQLITE_DENY;
      }
      return SQLITE_OK;
    case SQLITE_SELECT:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    default:
      return SQLITE_DENY;
  }
}

int stop_after_budget(void* budget) {
  auto* left = static_cast<std::uint64_t*>(budget);
  if (*left == 0) return 1;
  --*left;
  return 0;
}

}  // namespace

Affinity affinity_of(const std::string& declared_type) {
  const std::string t = upper(declared_type);
  if (t.find("INT") != std::string::npos) return Affinity::kInteger;
  for (const char* real : {"REAL", "FLOA", "DOUB", "DECIMAL", "NUMERIC"}) {
    if (t.find(real) != std::string::npos) return Affinity::kReal;
  }
  return Affinity::kText;
}

TableStore::TableStore() { open(":memory:", false); }

TableStore::TableStore(const CheckedDir& dir) {
  // Created here, never through a symlink, 0600; an existing file must be ours and regular.
  int fd = ::openat(dir.fd(), kFileName, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) {
    fd = ::openat(dir.fd(), kFileName, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  }
  const std::string path = dir.path_of(kFileName);
  if (fd < 0) {
    const int error = errno;
    throw std::runtime_error("cannot open table database " + path + ": " +
                             (error == ELOOP ? std::string("it is a symbolic link")
                                             : std::string(std::strerror(error))));
  }
  struct stat st {};
  const int stat_rc = ::fstat(fd, &st);
  const int stat_errno = errno;
  std::string refusal;
  if (stat_rc != 0) {
    refusal = std::string("cannot stat it: ") + std::strerror(stat_errno);
  } else if (!S_ISREG(st.st_mode)) {
    refusal = "it is not a regular file";
  } else if (st.st_uid != ::geteuid()) {
    refusal = "it is owned by uid " + std::to_string(st.st_uid) + ", not by this user";
  } else if ((st.st_mode & 077) != 0 && ::fchmod(fd, 0600) != 0) {
    refusal =
        std::string("it is readable by others and cannot be made private: ") + std::strerror(errno);
  }
  ::close(fd);
  if (!refusal.empty()) throw std::runtime_error("table database " + path + ": " + refusal);
  dir_fd_ = ::fcntl(dir.fd(), F_DUPFD_CLOEXEC, 0);
  if (dir_fd_ < 0) {
    throw std::runtime_error("cannot open table database " + path + ": " + std::strerror(errno));
  }
  open(path, true);
}

void TableStore::open(const std::string& path, bool file) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                    (file ? SQLITE_OPEN_NOFOLLOW : SQLITE_OPEN_MEMORY);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open table database " + path + ": " + reason);
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);
    exec("PRAGMA foreign_keys = OFF");
    exec("PRAGMA trusted_schema = OFF");
    if (file) {
      // One process uses the file (the state lock sees to that): exclusive locking keeps the
      // log's index in memory (no -shm file). Commits append to the log without a flush; the
      // flush is sync_committed()'s, after the state lock (the checkpoints of on_wal_commit,
      // every ~4 MiB of changes, flush under it: bounded).
      exec("PRAGMA locking_mode = EXCLUSIVE");
      exec("PRAGMA journal_mode = WAL");
      exec("PRAGMA synchronous = NORMAL");
      sqlite3_wal_hook(db_, &TableStore::on_wal_commit, this);
    }
    exec(
        "CREATE TABLE IF NOT EXISTS moi_tables ("
        "id INTEGER PRIMARY KEY AUTOINCREMENT, database_id INTEGER NOT NULL, name TEXT NOT NULL, "
        "comment TEXT NOT NULL, creator TEXT NOT NULL, created_at INTEGER NOT NULL, "
        "columns TEXT NOT NULL, UNIQUE (database_id, name))");
  } catch (const std::exception& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open table database " + path + ": " + e.what());
  }
}

TableStore::~TableStore() {
  sqlite3_close(db_);
  if (wal_fd_ >= 0) ::close(wal_fd_);
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

// The WAL hook replaces SQLite's automatic checkpoint, so it does that too (the default
// threshold of 1000 pages).
int TableStore::on_wal_commit(void* store, sqlite3* db, const char* name, int pages) {
  static_cast<TableStore*>(store)->wal_written_ = true;
  if (pages >= 1000)
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  return SQLITE_OK;
}

void TableStore::sync_committed() {
  if (dir_fd_ < 0) return;
  int fd = wal_fd_.load();
  if (fd < 0) {
    const std::string wal = std::string(kFileName) + "-wal";
    fd = ::openat(dir_fd_, wal.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
      throw TableStoreError(std::string("table store: cannot open its log: ") +
                            std::strerror(errno));
    int expected = -1;
    if (!wal_fd_.compare_exchange_strong(expected, fd)) {
      ::close(fd);
      fd = expected;
    }
  }
  if (::fdatasync(fd) != 0) {
    throw TableStoreError(std::string("table store: cannot flush its log: ") +
                          std::strerror(errno));
  }
}

void TableStore::exec(const char* sql) const {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string text = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw TableStoreError("table store: " + text);
  }
}

TableStore::Transaction::Transaction(TableStore& store) : store_(store) {
  store_.exec("BEGIN IMMEDIATE");
  open_ = true;
}

TableStore::Transaction::~Transaction() {
  if (open_) rollback();
}

bool TableStore::Transaction::commit() {
  if (!open_) return false;
  store_.wal_written_ = false;
  try {
    store_.exec("COMMIT");
    open_ = false;
  } catch (...) {
    rollback();
    throw;
  }
  return store_.wal_written_;
}

void TableStore::Transaction::rollback() {
  if (!open_) return;
  open_ = false;
  sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

std::string TableStore::physical_name(std::int64_t table_id) {
  return "t" + std::to_string(table_id);
}

std::string TableStore::quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void TableStore::check_definition(const std::string& name,
                                  const std::vector<TableColumnDef>& columns) {
  check_name(name, "name");
  if (columns.empty()) throw TableInputError("columns: a table needs at least one column");
  if (columns.size() > kMaxColumns) {
    throw TableInputError("columns: " + std::to_string(columns.size()) + " columns, more than " +
                          std::to_string(kMaxColumns));
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string where = "columns[" + std::to_string(i) + "]";
    check_name(columns[i].name, where + ".name");
    if (!valid_type(columns[i].type)) {
      throw TableInputError(where + ".type: not an SQL type such as INT or VARCHAR(32)");
    }
    // SQLite column names are case-insensitive (ASCII).
    if (!seen.insert(lower(columns[i].name)).second) {
      throw TableInputError(where + ".name: a second column named \"" + columns[i].name + "\"");
    }
  }
}

std::int64_t TableStore::create_table(TableMeta meta) {
  check_definition(meta.name, meta.columns);
  Stmt insert(db_,
              "INSERT INTO moi_tables (database_id, name, comment, creator, created_at, columns) "
              "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind_int(1, meta.database_id);
  insert.bind_text(2, meta.name);
  insert.bind_text(3, meta.comment);
  insert.bind_text(4, meta.creator);
  insert.bind_int(5, meta.created_at);
  insert.bind_text(6, columns_to_json(meta.columns).dump());
  insert.run();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  std::string sql = "CREATE TABLE " + quote_identifier(physical_name(id)) + " (";
  for (std::size_t i = 0; i < meta.columns.size(); ++i) {
    if (i != 0) sql += ", ";
    sql += quote_identifier(meta.columns[i].name) + " " +
           affinity_sql(affinity_of(meta.columns[i].type));
  }
  std::string keys;
  for (const TableColumnDef& c : meta.columns) {
    if (c.is_pk) keys += (keys.empty() ? "" : ", ") + quote_identifier(c.name);
  }
  if (!keys.empty()) sql += ", PRIMARY KEY (" + keys + ")";
  sql += ")";
  exec(sql.c_str());
  return id;
}

std::optional<TableMeta> TableStore::table(std::int64_t id) const {
  Stmt stmt(db_, std::string("SELECT ") + kMetaColumns + " FROM moi_tables WHERE id = ?");
  stmt.bind_int(1, id);
  if (!stmt.step()) return std::nullopt;
  return meta_of(stmt);
}

std::optional<TableMeta> TableStore::table_by_name(std::int64_t database_id,
                                                   const std::string& name) const {
  Stmt stmt(db_, std::string("SELECT ") + kMetaColumns +
                     " FROM moi_tables WHERE database_id = ? AND name = ?");
  stmt.bind_int(1, database_id);
  stmt.bind_text(2, name);
  if (!stmt.step()) return std::nullopt;
  return meta_of(stmt);
}

std::vector<TableMeta> TableStore::tables(std::optional<std::int64_t> database_id) const {
  std::string sql = std::string("SELECT ") + kMetaColumns + " FROM moi_tables";
  if (database_id) sql += " WHERE database_id = ?";
  sql += " ORDER BY id";
  Stmt stmt(db_, sql);
  if (database_id) stmt.bind_int(1, *database_id);
  std::vector<TableMeta> out;
  while (stmt.step()) out.push_back(meta_of(stmt));
  return out;
}

std::int64_t TableStore::row_count(std::int64_t id) const {
  Stmt stmt(db_, "SELECT count(*) FROM " + quote_identifier(physical_name(id)));
  return stmt.step() ? stmt.integer(0) : 0;
}

std::int64_t TableStore::data_bytes(const TableMeta& table) const {
  std::string sum;
  for (const TableColumnDef& c : table.columns) {
    const std::string q = quote_identifier(c.name);
    if (!sum.empty()) sum += " + ";
    sum += "coalesce(CASE typeof(" + q + ") WHEN 'integer' THEN 8 WHEN 'real' THEN 8 ELSE length(" +
           "CAST(" + q + " AS BLOB)) END, 0)";
  }
  Stmt stmt(db_, "SELECT coalesce(sum(" + sum + "), 0) FROM " +
                     quote_identifier(physical_name(table.id)));
  return stmt.step() ? stmt.integer(0) : 0;
}

std::vector<std::pair<json, json>> TableStore::column_range(const TableMeta& table) const {
  std::string select;
  for (const TableColumnDef& c : table.columns) {
    if (!select.empty()) select += ", ";
    select += "min(" + quote_identifier(c.name) + "), max(" + quote_identifier(c.name) + ")";
  }
  Stmt stmt(db_, "SELECT " + select + " FROM " + quote_identifier(physical_name(table.id)));
  std::vector<std::pair<json, json>> out;
  if (!stmt.step()) return out;
  for (int i = 0; i < static_cast<int>(table.columns.size()); ++i) {
    out.emplace_back(stmt.value(2 * i), stmt.value(2 * i + 1));
  }
  return out;
}

std::vector<std::vector<json>> TableStore::rows(const TableMeta& table, std::int64_t offset,
                                                std::int64_t limit) const {
  Stmt stmt(db_, "SELECT " + column_list(table) + " FROM " +
                     quote_identifier(physical_name(table.id)) +
                     " ORDER BY rowid LIMIT ? OFFSET ?");
  stmt.bind_int(1, limit);
  stmt.bind_int(2, offset);
  std::vector<std::vector<json>> out;
  while (stmt.step()) {
    std::vector<json> row;
    row.reserve(table.columns.size());
    for (int i = 0; i < stmt.columns(); ++i) row.push_back(stmt.value(i));
    out.push_back(std::move(row));
  }
  return out;
}

void TableStore::each_row(const TableMeta& table,
                          const std::function<void(const std::vector<json>&)>& fn) const {
  Stmt stmt(db_, "SELECT " + column_list(table) + " FROM " +
                     quote_identifier(physical_name(table.id)) + " ORDER BY rowid");
  std::vector<json> row;
  while (stmt.step()) {
    row.clear();
    for (int i = 0; i < stmt.columns(); ++i) row.push_back(stmt.value(i));
    fn(row);
  }
}

json TableStore::cell_from_text(const TableColumnDef& column, const std::string& text, bool quoted,
                                const std::string& where) {
  if (text.size() > kMaxCellBytes) {
    throw TableInputError(where + ": a field of " + std::to_string(text.size()) +
                          " bytes, longer than " + std::to_string(kMaxCellBytes));
  }
  if (!valid_utf8(text)) throw TableInputError(where + ": not valid UTF-8");
  const Affinity affinity = affinity_of(column.type);
  if (affinity == Affinity::kText) {
    if (text.empty() && !quoted) return json(nullptr);
    return json(text);
  }
  if (text.empty()) return json(nullptr);
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  if (affinity == Affinity::kInteger) {
    const long long value = std::strtoll(begin, &end, 10);
    if (end == begin || *end != '\0' || errno == ERANGE ||
        std::isspace(static_cast<unsigned char>(text[0]))) {
      throw TableInputError(where + ": \"" + text.substr(0, 64) + "\" is not an integer");
    }
    return json(static_cast<std::int64_t>(value));
  }
  const double value = std::strtod(begin, &end);
  if (end == begin || *end != '\0' || !std::isfinite(value) ||
      std::isspace(static_cast<unsigned char>(text[0]))) {
    throw TableInputError(where + ": \"" + text.substr(0, 64) + "\" is not a number");
  }
  return json(value);
}

std::int64_t TableStore::insert_rows(const TableMeta& table,
                                     const std::vector<std::vector<json>>& rows, Conflict conflict,
                                     const std::vector<std::int64_t>* lines) {
  if (rows.empty()) return 0;
  std::string marks;
  for (std::size_t i = 0; i < table.columns.size(); ++i) marks += i == 0 ? "?" : ", ?";
  const char* verb = conflict == Conflict::kSkip      ? "INSERT OR IGNORE"
                     : conflict == Conflict::kReplace ? "INSERT OR REPLACE"
                                                      : "INSERT OR ABORT";
  Stmt stmt(db_, std::string(verb) + " INTO " + quote_identifier(physical_name(table.id)) + " (" +
                     column_list(table) + ") VALUES (" + marks + ")");
  std::int64_t inserted = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::vector<json>& row = rows[r];
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      stmt.bind(static_cast<int>(i + 1), i < row.size() ? row[i] : json(nullptr));
    }
    const int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_DONE) {
      const std::string reason = sqlite3_errmsg(db_);
      const std::int64_t line =
          lines != nullptr && r < lines->size() ? (*lines)[r] : static_cast<std::int64_t>(r + 1);
      if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        throw TableInputError("row " + std::to_string(line) +
                              ": its primary key is already in the table (conflict 0: fail)");
      }
      throw TableStoreError("table store: " + reason);
    }
    inserted += sqlite3_changes(db_) > 0 ? 1 : 0;
    stmt.reset();
  }
  return inserted;
}

void TableStore::truncate(const TableMeta& table) {
  exec(("DELETE FROM " + quote_identifier(physical_name(table.id))).c_str());
}

void TableStore::drop(std::int64_t id) {
  exec(("DROP TABLE IF EXISTS " + quote_identifier(physical_name(id))).c_str());
  Stmt stmt(db_, "DELETE FROM moi_tables WHERE id = ?");
  stmt.bind_int(1, id);
  stmt.run();
}

std::size_t TableStore::drop_database(std::int64_t database_id) {
  const std::vector<TableMeta> doomed = tables(database_id);
  for (const TableMeta& t : doomed) drop(t.id);
  return doomed.size();
}

TableStore::QueryResult TableStore::query_read_only(const std::string& sql, std::size_t max_rows,
                                                    std::uint64_t max_steps_thousands) const {
  QueryLimits limits;
  limits.max_rows = max_rows;
  limits.max_steps_thousands = max_steps_thousands;
  limits.max_bytes = SIZE_MAX;
  return query_read_only(sql, limits);
}

TableStore::QueryResult TableStore::query_read_only(const std::string& sql,
                                                    const QueryLimits& limits) const {
  // The stand-ins live as long as this call (in the request's transaction, dropped even when
  // the statement fails).
  struct DropStandIns {
    sqlite3* db;
    const std::vector<QueryLimits::StandIn>& list;
    ~DropStandIns() {
      for (const auto& s : list) {
        const std::string drop = "DROP TABLE IF EXISTS temp." + quote_identifier(s.name);
        sqlite3_exec(db, drop.c_str(), nullptr, nullptr, nullptr);
      }
    }
  } drop_stand_ins{db_, limits.stand_ins};
  for (const auto& s : limits.stand_ins) {
    std::string columns;
    std::string marks;
    for (std::size_t i : s.columns) {
      const TableColumnDef& c = s.table.columns.at(i);
      columns += (columns.empty() ? "" : ", ") + quote_identifier(c.name) + " " +
                 affinity_sql(affinity_of(c.type));
      marks += marks.empty() ? "?" : ", ?";
    }
    exec(("DROP TABLE IF EXISTS temp." + quote_identifier(s.name)).c_str());
    exec(("CREATE TEMP TABLE " + quote_identifier(s.name) + " (" + columns + ")").c_str());
    Stmt insert(db_, "INSERT INTO temp." + quote_identifier(s.name) + " VALUES (" + marks + ")");
    each_row(s.table, [&](const std::vector<json>& row) {
      if (!s.keep(row)) return;
      for (std::size_t i = 0; i < s.columns.size(); ++i) {
        insert.bind(static_cast<int>(i + 1),
                    s.columns[i] < row.size() ? row[s.columns[i]] : json());
      }
      insert.run();
      insert.reset();
    });
  }
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  sqlite3_set_authorizer(db_, read_only_authorizer,
                         const_cast<std::set<std::string>*>(limits.readable));
  const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &raw, &tail);
  sqlite3_set_authorizer(db_, nullptr, nullptr);
  struct Finalize {
    sqlite3_stmt* stmt;
    ~Finalize() { sqlite3_finalize(stmt); }
  } finalize{raw};
  if (rc != SQLITE_OK || raw == nullptr) {
    throw TableInputError(std::string("sql: ") + (raw == nullptr && rc == SQLITE_OK
                                                      ? "no statement"
                                                      : sqlite3_errmsg(db_)));
  }
  for (const char* p = tail; p != nullptr && *p != '\0'; ++p) {
    if (!std::isspace(static_cast<unsigned char>(*p)) && *p != ';') {
      throw TableInputError("sql: one statement only");
    }
  }
  if (!sqlite3_stmt_readonly(raw)) throw TableInputError("sql: only read-only statements run");
  std::uint64_t budget = limits.max_steps_thousands;
  sqlite3_progress_handler(db_, 1000, stop_after_budget, &budget);
  struct EndProgress {
    sqlite3* db;
    ~EndProgress() { sqlite3_progress_handler(db, 0, nullptr, nullptr); }
  } end_progress{db_};
  QueryResult result;
  for (int i = 0; i < sqlite3_column_count(raw); ++i) {
    const char* name = sqlite3_column_name(raw, i);
    result.columns.emplace_back(name ? name : "");
  }
  std::size_t bytes = 0;
  for (;;) {
    const int step = sqlite3_step(raw);
    if (step == SQLITE_DONE) break;
    if (step != SQLITE_ROW) {
      if (step == SQLITE_INTERRUPT) throw TableInputError("sql: the query ran too long");
      throw TableInputError(std::string("sql: ") + sqlite3_errmsg(db_));
    }
    if (result.rows.size() == limits.max_rows) {
      result.truncated = true;
      break;
    }
    std::vector<json> row;
    for (int i = 0; i < sqlite3_column_count(raw); ++i) {
      switch (sqlite3_column_type(raw, i)) {
        case SQLITE_INTEGER:
          row.emplace_back(sqlite3_column_int64(raw, i));
          bytes += 8;
          break;
        case SQLITE_FLOAT: {
          const double d = sqlite3_column_double(raw, i);
          row.push_back(std::isfinite(d) ? json(d) : json(nullptr));
          bytes += 8;
          break;
        }
        case SQLITE_NULL:
          row.emplace_back(nullptr);
          bytes += 8;
          break;
        default: {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(raw, i));
          const int length = sqlite3_column_bytes(raw, i);
          bytes += static_cast<std::size_t>(length);
          if (bytes > limits.max_bytes) break;
          row.emplace_back(p ? std::string(p, static_cast<std::size_t>(length)) : std::string());
        }
      }
      if (bytes > limits.max_bytes) {
        throw TableInputError("sql: the answer is larger than " + std::to_string(limits.max_bytes) +
                              " bytes");
      }
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

}  // namespace moi::emulator::detail
