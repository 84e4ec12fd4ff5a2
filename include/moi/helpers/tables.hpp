// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Catalog tables beyond one call: every row as a lazy range, and the table's CSV written to
/// a file or stream in bounded memory.

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/pagination.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// One row of a table: its cells as JSON values (any type: numbers, text, null, ...) with the
/// column names beside them. The names are shared by the rows of a page.
struct TableRow {
  std::shared_ptr<const std::vector<std::string>> columns;  ///< Column names, in cell order.
  std::vector<Json> cells;                                  ///< The cells, in column order.

  /// The cell of column @p name.
  /// @throws InvalidArgumentError naming the column when the row has no such column.
  MOI_EXPORT const Json& at(std::string_view name) const;
  /// The row as a JSON object keyed by column name (a column named twice: the last cell).
  MOI_EXPORT Json to_object() const;
};

/// Every row of table @p table_id (`/catalog/table/data`), @p page_size rows per request
/// (default 100), fetched lazily one page at a time (memory is bounded by one page). A row
/// that is not a JSON array fails the iteration with DecodeError naming the row. Same stop
/// rules, errors and thread-safety as PagedRange.
MOI_EXPORT PagedRange<TableRow> table_rows(const TableClient& client, std::string table_id,
                                           std::int64_t page_size = kDefaultPageSize,
                                           CallOptions options = {});

/// table_rows(client.tables(), ...).
inline PagedRange<TableRow> table_rows(const Client& client, std::string table_id,
                                       std::int64_t page_size = kDefaultPageSize,
                                       CallOptions options = {}) {
  return table_rows(client.tables(), std::move(table_id), page_size, std::move(options));
}

/// Options of download_table().
struct DownloadTableOptions {
  /// Replace an existing file at the destination (otherwise it is an error and nothing is
  /// sent).
  bool overwrite = false;
  /// Flush the file to disk (fsync) before the rename, so that once download_table returns
  /// the file survives a crash of the system or a power loss, not only of the process. Off by
  /// default, as for `curl -o`: it adds the time the disk takes to write the file (the writes
  /// start while the body still arrives, so mostly the time of the last 8 MiB on a fast disk).
  bool sync = false;
  /// Largest body accepted, in bytes (0: no limit): a longer one (an endless answer included)
  /// fails with TransportError and nothing is left at the path.
  std::uint64_t max_bytes = 0;
  /// Deadline, cancellation and the idle timeout of the download: CallOptions::timeout bounds
  /// a silence (no byte for that long), not the length; CallOptions::deadline bounds it all.
  CallOptions call{};
};

/// Writes table @p table_id as CSV (`/catalog/table/download_data`) to @p path, in bounded
/// memory: the body is streamed into `PATH.part` (created 0600, never through an existing
/// name) and renamed to @p path only when it arrived whole, so a truncated or failed download
/// leaves nothing at @p path and removes the part file (see DownloadTableOptions::sync for
/// crashes of the system). Returns the bytes written.
/// @throws InvalidArgumentError when @p path exists and overwrite is off, or `PATH.part`
///         exists (an earlier download still running, or left behind); TransportError naming
///         the file when it cannot be written; the call's errors otherwise.
MOI_EXPORT std::uint64_t download_table(const TableClient& client, const std::string& table_id,
                                        const std::string& path,
                                        const DownloadTableOptions& options = {});

/// Writes table @p table_id as CSV to @p out as it arrives; returns the bytes written.
/// @p max_bytes bounds the body as DownloadTableOptions::max_bytes does (0: no limit).
/// @throws TransportError when @p out fails or the body passes @p max_bytes; the call's errors
///         otherwise.
MOI_EXPORT std::uint64_t download_table(const TableClient& client, const std::string& table_id,
                                        std::ostream& out, const CallOptions& options = {},
                                        std::uint64_t max_bytes = 0);

}  // namespace moi
