// SPDX-License-Identifier: Apache-2.0
// Reading CSV files into catalog tables: the parser (RFC 4180: quoted fields, separators,
// quotes and line breaks inside quotes, CRLF or LF, a UTF-8 byte-order mark dropped) and the
// mapping of a file's columns onto a table's columns, shared by TB7 (table load) and the
// `table_config` form of U1 (imports). Every failure is a TableInputError whose text names the
// file, the line and the field: the routes answer it as a 400.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "table_store.hpp"

namespace moi::emulator::detail {

/// One field of a record: its text, and whether it was quoted (a quoted empty field is an
/// empty string, an unquoted one NULL).
struct CsvField {
  std::string text;
  bool quoted = false;
};

/// The records of one file, with the line each starts on (1-based).
struct CsvFile {
  std::vector<std::vector<CsvField>> records;
  std::vector<std::int64_t> lines;
};

/// Parses `text` (`label` names the file in errors). Refused: a quote left open, text after a
/// closing quote, a record with more than TableStore::kMaxColumns fields, a field longer than
/// TableStore::kMaxCellBytes, invalid UTF-8. Empty lines are skipped.
CsvFile parse_csv(std::string_view text, char separator, char quote, const std::string& label);

/// Where a table column's values come from.
struct ColumnSource {
  std::string table_column;                ///< a column of the table
  std::optional<std::size_t> file_column;  ///< 0-based field of each record; nullopt: NULL
};

/// What to import from one parsed file.
struct ImportPlan {
  std::vector<ColumnSource> sources;  ///< one per table column to fill (others get NULL)
  std::int64_t first_record = 0;      ///< 0-based index of the first data record
  TableStore::Conflict conflict = TableStore::Conflict::kFail;
};

/// Converts the data records of `file` into rows of `table` as `plan` says and inserts them.
/// Every record must have as many fields as the header (or the first data record): a ragged
/// one is refused naming its line. Returns the rows stored.
std::int64_t import_records(TableStore& store, const TableMeta& table, const CsvFile& file,
                            const ImportPlan& plan, const std::string& label);

}  // namespace moi::emulator::detail
