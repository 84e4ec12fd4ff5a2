// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/tables.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/safe_text.hpp"

namespace moi {

const Json& TableRow::at(std::string_view name) const {
  if (columns) {
    for (std::size_t i = 0; i < columns->size() && i < cells.size(); ++i) {
      if ((*columns)[i] == name) return cells[i];
    }
  }
  throw InvalidArgumentError("the row has no column '" + std::string(name) + "'");
}

Json TableRow::to_object() const {
  Json object = Json::object();
  for (std::size_t i = 0; columns && i < columns->size() && i < cells.size(); ++i) {
    object[(*columns)[i]] = cells[i];
  }
  return object;
}

PagedRange<TableRow> table_rows(const TableClient& client, std::string table_id,
                                std::int64_t page_size, CallOptions options) {
  return PagedRange<TableRow>(
      [client, table_id = std::move(table_id), options](const PageCursor& cursor) {
        if (options.should_abort && options.should_abort()) {
          throw CancelledError("listing the rows of table " + table_id + ": cancelled");
        }
        TableDataRequest request;
        request.id = table_id;
        request.page = cursor.page_number;
        request.page_size = cursor.page_size;
        TableData data = client.get_rows(request, options);
        auto names = std::make_shared<std::vector<std::string>>();
        names->reserve(data.columns.size());
        for (const TableColumn& column : data.columns) names->push_back(column.name);
        Page<TableRow> page;
        page.total = data.total_rows;
        page.items.reserve(data.data.size());
        for (std::size_t i = 0; i < data.data.size(); ++i) {
          Json& row = data.data[i];
          if (!row.is_array()) {
            throw DecodeError("data.data[" + std::to_string(i) + "]",
                              "expected a row (an array), got " + std::string(row.type_name()));
          }
          TableRow item;
          item.columns = names;
          item.cells = std::move(row.get_ref<Json::array_t&>());
          page.items.push_back(std::move(item));
        }
        return page;
      },
      page_size);
}

namespace {

std::string errno_text() { return std::strerror(errno); }

// The part file: created here, removed again unless it was renamed into place.
class PartFile {
 public:
  PartFile(std::string path, bool sync) : path_(std::move(path)), sync_(sync) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      if (errno == EEXIST) {
        throw InvalidArgumentError("'" + path_ +
                                   "' exists (another download, or one left behind): remove it "
                                   "first");
      }
      throw TransportError("cannot create '" + path_ + "': " + errno_text(), 0, false, false);
    }
  }
  ~PartFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;

  void write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) {
        throw TransportError("cannot write '" + path_ + "': " + errno_text(), 0, false, false);
      }
      bytes.remove_prefix(static_cast<std::size_t>(written));
      bytes_ += static_cast<std::uint64_t>(written);
    }
    if (sync_) start_writeback();
  }

  // Closes (flushed to disk first when syncing) and renames into @p destination (replacing it
  // only when @p overwrite).
  void commit(const std::string& destination, bool overwrite) {
    if ((sync_ && ::fsync(fd_) != 0) || ::close(fd_) != 0) {
      fd_ = -1;
      throw TransportError("cannot write '" + path_ + "': " + errno_text(), 0, false, false);
    }
    fd_ = -1;
    const int flags = overwrite ? 0 : RENAME_NOREPLACE;
    if (::renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, destination.c_str(), flags) != 0) {
      if (errno == EEXIST) {
        throw InvalidArgumentError("'" + destination +
                                   "' appeared during the download: not "
                                   "replaced");
      }
      throw TransportError(
          "cannot rename '" + path_ + "' to '" + destination + "': " + errno_text(), 0, false,
          false);
    }
    kept_ = true;
  }

  std::uint64_t bytes() const { return bytes_; }

 private:
  // Starts writing each full window to disk while the rest downloads, so that the fsync of
  // commit() waits for the last window only, not for the whole file (Linux; a hint elsewhere).
  void start_writeback() {
#if defined(__linux__)
    while (bytes_ - written_back_ >= kWritebackWindow) {
      // A failure only loses the overlap: commit()'s fsync still writes and reports.
      static_cast<void>(::sync_file_range(fd_, static_cast<off64_t>(written_back_),
                                          static_cast<off64_t>(kWritebackWindow),
                                          SYNC_FILE_RANGE_WRITE));
      written_back_ += kWritebackWindow;
    }
#endif
  }

  static constexpr std::uint64_t kWritebackWindow = 8U << 20U;
  std::string path_;
  bool sync_ = false;
  int fd_ = -1;
  bool kept_ = false;
  std::uint64_t bytes_ = 0;
  std::uint64_t written_back_ = 0;
};

// Throws once @p bytes more would take a body of @p table_id past @p max_bytes (0: no limit).
void check_size(const std::string& table_id, std::uint64_t received, std::size_t bytes,
                std::uint64_t max_bytes) {
  if (max_bytes != 0 && received + bytes > max_bytes) {
    throw TransportError("table " + detail::one_line(table_id) +
                             ": the CSV is larger than the limit of " + std::to_string(max_bytes) +
                             " bytes (DownloadTableOptions::max_bytes, moi: --max-bytes): stopped",
                         0, false, false);
  }
}

}  // namespace

std::uint64_t download_table(const TableClient& client, const std::string& table_id,
                             const std::string& path, const DownloadTableOptions& options) {
  if (path.empty()) throw InvalidArgumentError("download_table: the destination path is empty");
  struct stat existing {};
  if (!options.overwrite && ::lstat(path.c_str(), &existing) == 0) {
    throw InvalidArgumentError("'" + path + "' exists: not replaced (set overwrite to replace it)");
  }
  PartFile part(path + ".part", options.sync);
  client.download_data(
      table_id,
      [&](std::string_view chunk) {
        check_size(table_id, part.bytes(), chunk.size(), options.max_bytes);
        part.write(chunk);
      },
      options.call);
  part.commit(path, options.overwrite);
  return part.bytes();
}

std::uint64_t download_table(const TableClient& client, const std::string& table_id,
                             std::ostream& out, const CallOptions& options,
                             std::uint64_t max_bytes) {
  std::uint64_t bytes = 0;
  client.download_data(
      table_id,
      [&](std::string_view chunk) {
        check_size(table_id, bytes, chunk.size(), max_bytes);
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        if (!out)
          throw TransportError("cannot write the table's CSV to the stream", 0, false, false);
        bytes += chunk.size();
      },
      options);
  return bytes;
}

}  // namespace moi
