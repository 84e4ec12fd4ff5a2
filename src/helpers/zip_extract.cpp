// SPDX-License-Identifier: Apache-2.0
// Safe extraction of a ZIP archive from a server (hostile input).
//
// Two readers look at every archive. The central directory (the ZIP's own index, read here in
// a few dozen lines) gives each entry's raw name bytes, its Unix mode, its flags and its
// compressed size, which libarchive does not expose: names are judged as bytes (UTF-8,
// traversal, duplicates) and the expansion ratio is measured against the real compressed size
// before a byte is written. libarchive (its seekable ZIP reader, which trusts the same central
// directory) then decompresses entry by entry, and every entry it returns must be one the
// index listed. Its ARCHIVE_EXTRACT_SECURE_* flags are not used: nothing goes through
// archive_write_disk; this file creates each directory and file itself, inside a private
// temporary folder, with O_EXCL|O_NOFOLLOW, counting the bytes actually written.

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/safe_text.hpp"
#include "moi/helpers/genai.hpp"
#include "moi_internal/utf8.hpp"

namespace moi {

ArchiveError::ArchiveError(const std::string& message, std::string entry)
    : Error(ErrorKind::kArchive, message, false, 0, {}), entry_(std::move(entry)) {}

namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kMax32 = 0xFFFFFFFFu;

std::string quote(std::string_view text) { return "\"" + detail::one_line(text) + "\""; }

// ---- Reading the file ---------------------------------------------------------------------

class File {
 public:
  explicit File(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat info {};
    if (fd_ < 0 || ::fstat(fd_, &info) != 0) {
      const int error = errno;
      if (fd_ >= 0) ::close(fd_);
      throw InvalidArgumentError("cannot read the archive " + quote(path) + ": " +
                                 std::strerror(error));
    }
    if (!S_ISREG(info.st_mode)) {
      ::close(fd_);
      throw InvalidArgumentError("the archive " + quote(path) + " is not a regular file");
    }
    size_ = static_cast<std::uint64_t>(info.st_size);
  }
  ~File() { ::close(fd_); }
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  std::uint64_t size() const noexcept { return size_; }

  // Exactly @p length bytes at @p offset, or an ArchiveError saying the archive is truncated.
  std::string read(std::uint64_t offset, std::size_t length) const {
    std::string out(length, '\0');
    std::size_t done = 0;
    while (done < length) {
      const ssize_t n = ::pread(fd_, out.data() + done, length - done,
                                static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw ArchiveError("the archive " + quote(path_) + " is truncated", {});
      done += static_cast<std::size_t>(n);
    }
    return out;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

std::uint64_t le(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return value;
}

// ---- The central directory ------------------------------------------------------------------

struct IndexEntry {
  std::string raw_name;
  std::string path;  // normalised: no trailing slash
  bool is_dir = false;
  std::uint64_t compressed = 0;
  std::uint64_t size = 0;
  bool seen = false;
};

// Judges one raw entry name and returns it without its trailing slash.
std::string checked_path(const std::string& raw, bool& is_dir) {
  const auto refuse = [&raw](const std::string& why) -> ArchiveError {
    return ArchiveError("archive entry " + quote(raw) + " refused: " + why, detail::one_line(raw));
  };
  if (raw.empty()) throw refuse("its name is empty");
  for (std::size_t i = 0; i < raw.size();) {
    const auto byte = static_cast<unsigned char>(raw[i]);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7f) throw refuse("its name holds a control character");
      if (byte == '\\') throw refuse("its name holds a backslash");
      ++i;
      continue;
    }
    const std::size_t length = detail::utf8_sequence_length(raw, i);
    if (length == 0) throw refuse("its name is not valid UTF-8");
    i += length;
  }
  if (raw.front() == '/') throw refuse("its path is absolute");
  if (raw.size() >= 2 && raw[1] == ':') throw refuse("its path starts with a drive letter");
  std::string path = raw;
  is_dir = path.back() == '/';
  if (is_dir) path.pop_back();
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view component(path.data() + start, end - start);
    if (component.empty()) throw refuse("its path has an empty component");
    if (component == "..") throw refuse("its path goes up with \"..\"");
    if (component == ".") throw refuse("its path has a \".\" component");
    start = end + 1;
  }
  return path;
}

std::vector<IndexEntry> read_index(const File& file, const std::string& path,
                                   const ZipLimits& limits) {
  const auto whole = [&path](const std::string& why) {
    return ArchiveError("the archive " + quote(path) + " " + why, {});
  };
  if (file.size() == 0) throw whole("is empty (0 bytes), not a ZIP archive");
  const std::string magic = file.read(0, std::min<std::uint64_t>(file.size(), 4));
  if (magic.size() < 4 || magic.compare(0, 2, "PK") != 0 ||
      !((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))) {
    throw whole("is not a ZIP archive (it starts with " + quote(magic) + ")");
  }
  // The end record: in the last 22 + 65535 bytes.
  const std::uint64_t tail_size = std::min<std::uint64_t>(file.size(), 22 + 65535);
  const std::uint64_t tail_at = file.size() - tail_size;
  const std::string tail = file.read(tail_at, static_cast<std::size_t>(tail_size));
  std::size_t end_at = std::string::npos;
  for (std::size_t i = tail.size() >= 22 ? tail.size() - 22 + 1 : 0; i-- > 0;) {
    // The record and its comment end the file: trailing bytes mean a damaged archive.
    if (tail.compare(i, 4, "PK\x05\x06") == 0 && i + 22 + le(tail, i + 20, 2) == tail.size()) {
      end_at = i;
      break;
    }
  }
  if (end_at == std::string::npos) {
    throw whole("is truncated, has bytes after its end, or is not a ZIP archive (no end of "
                "central directory record at its end)");
  }
  if (le(tail, end_at + 4, 2) != 0 || le(tail, end_at + 6, 2) != 0) {
    throw whole("spans several disks");
  }
  std::uint64_t count = le(tail, end_at + 10, 2);
  std::uint64_t index_size = le(tail, end_at + 12, 4);
  std::uint64_t index_at = le(tail, end_at + 16, 4);
  if (count == 0xFFFF || index_size == kMax32 || index_at == kMax32) {  // ZIP64
    const std::uint64_t end_offset = tail_at + end_at;
    if (end_offset < 20) throw whole("is truncated (no ZIP64 locator)");
    const std::string locator = file.read(end_offset - 20, 20);
    if (locator.compare(0, 4, "PK\x06\x07") != 0) throw whole("has no ZIP64 end locator");
    const std::uint64_t record_at = le(locator, 8, 8);
    if (record_at > file.size() || file.size() - record_at < 56) {
      throw whole("has a ZIP64 end record outside the file");
    }
    const std::string record = file.read(record_at, 56);
    if (record.compare(0, 4, "PK\x06\x06") != 0) throw whole("has no ZIP64 end record");
    count = le(record, 32, 8);
    index_size = le(record, 40, 8);
    index_at = le(record, 48, 8);
  }
  if (count == 0) throw whole("holds no entry");
  if (count > limits.max_entries) {
    throw whole("holds " + std::to_string(count) + " entries, over the limit of " +
                std::to_string(limits.max_entries) + " (ZipLimits::max_entries)");
  }
  if (index_at > file.size() || index_size > file.size() - index_at) {
    throw whole("is truncated (its central directory lies outside the file)");
  }

  std::vector<IndexEntry> entries;
  entries.reserve(static_cast<std::size_t>(count));
  std::set<std::string> names;
  std::uint64_t declared_total = 0;
  std::uint64_t at = index_at;
  const std::uint64_t index_end = index_at + index_size;
  for (std::uint64_t n = 0; n < count; ++n) {
    if (index_end - at < 46) throw whole("has a truncated central directory");
    const std::string head = file.read(at, 46);
    if (head.compare(0, 4, "PK\x01\x02") != 0) throw whole("has a corrupt central directory");
    const std::uint64_t name_length = le(head, 28, 2);
    const std::uint64_t extra_length = le(head, 30, 2);
    const std::uint64_t comment_length = le(head, 32, 2);
    if (index_end - at - 46 < name_length + extra_length + comment_length) {
      throw whole("has a truncated central directory");
    }
    IndexEntry entry;
    entry.raw_name = file.read(at + 46, static_cast<std::size_t>(name_length));
    const std::string extra =
        file.read(at + 46 + name_length, static_cast<std::size_t>(extra_length));
    at += 46 + name_length + extra_length + comment_length;
    entry.compressed = le(head, 20, 4);
    entry.size = le(head, 24, 4);
    std::uint64_t local_at = le(head, 42, 4);
    for (std::size_t x = 0; x + 4 <= extra.size();) {  // the ZIP64 sizes
      const std::uint64_t id = le(extra, x, 2);
      const std::size_t length = static_cast<std::size_t>(le(extra, x + 2, 2));
      if (x + 4 + length > extra.size()) break;
      if (id == 1) {
        std::size_t field = x + 4;
        const auto next = [&](std::uint64_t& value) {
          if (value != kMax32) return;
          if (field + 8 > x + 4 + length) throw whole("has a corrupt ZIP64 extra field");
          value = le(extra, field, 8);
          field += 8;
        };
        next(entry.size);
        next(entry.compressed);
        next(local_at);
      }
      x += 4 + length;
    }
    const auto refuse = [&entry](const std::string& why) {
      return ArchiveError("archive entry " + quote(entry.raw_name) + " refused: " + why,
                          detail::one_line(entry.raw_name));
    };
    entry.path = checked_path(entry.raw_name, entry.is_dir);
    if ((le(head, 8, 2) & 1) != 0) throw refuse("it is encrypted");
    const std::uint64_t host = le(head, 5, 1);
    const auto mode = static_cast<mode_t>(le(head, 38, 4) >> 16);
    if (host == 3 && mode != 0 && !S_ISREG(mode) && !S_ISDIR(mode)) {  // Unix attributes
      throw refuse(S_ISLNK(mode) ? "it is a symbolic link"
                                 : "it is not a regular file or directory (a device, FIFO or "
                                   "socket)");
    }
    if (!names.insert(entry.path).second) throw refuse("its name is given twice");
    if (entry.size > limits.max_entry_bytes) {
      throw refuse("it declares " + std::to_string(entry.size) + " bytes, over the limit of " +
                   std::to_string(limits.max_entry_bytes) + " (ZipLimits::max_entry_bytes)");
    }
    declared_total += entry.size;
    if (declared_total > limits.max_total_bytes) {
      throw refuse("the entries declare more than the limit of " +
                   std::to_string(limits.max_total_bytes) +
                   " bytes in all (ZipLimits::max_total_bytes)");
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// ---- Writing --------------------------------------------------------------------------------

// Switches the calling thread to a UTF-8 character type while libarchive reads names, so
// that UTF-8 names come back as they are whatever the process locale (uselocale() is
// per thread; the process locale is not touched).
class Utf8Locale {
 public:
  Utf8Locale() {
    locale_ = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    if (locale_ != static_cast<locale_t>(nullptr)) previous_ = ::uselocale(locale_);
  }
  ~Utf8Locale() {
    if (locale_ != static_cast<locale_t>(nullptr)) {
      ::uselocale(previous_);
      ::freelocale(locale_);
    }
  }
  Utf8Locale(const Utf8Locale&) = delete;
  Utf8Locale& operator=(const Utf8Locale&) = delete;

 private:
  locale_t locale_ = static_cast<locale_t>(nullptr);
  locale_t previous_ = static_cast<locale_t>(nullptr);
};

struct ArchiveReader {
  archive* handle = ::archive_read_new();
  ~ArchiveReader() { ::archive_read_free(handle); }
};

// Removes a directory tree unless released.
class TreeGuard {
 public:
  explicit TreeGuard(std::string path) : path_(std::move(path)) {}
  ~TreeGuard() {
    if (!path_.empty()) {
      std::error_code ignored;
      fs::remove_all(path_, ignored);
    }
  }
  TreeGuard(const TreeGuard&) = delete;
  TreeGuard& operator=(const TreeGuard&) = delete;
  void release() { path_.clear(); }

 private:
  std::string path_;
};

std::string errno_text() { return std::strerror(errno); }

// Creates the directories of @p relative (all components) under @p root.
void make_directories(const std::string& root, const std::string& relative,
                      const IndexEntry& entry) {
  std::size_t start = 0;
  while (start < relative.size()) {
    const std::size_t end = std::min(relative.find('/', start), relative.size());
    const std::string path = root + "/" + relative.substr(0, end);
    if (::mkdir(path.c_str(), 0755) != 0) {
      struct stat info {};
      if (errno != EEXIST || ::lstat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        throw ArchiveError("archive entry " + quote(entry.raw_name) +
                               " refused: its folder collides with a file of the archive",
                           detail::one_line(entry.raw_name));
      }
    }
    start = end + 1;
  }
}

class OutputFile {
 public:
  OutputFile(const std::string& path, const IndexEntry& entry) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      throw ArchiveError("archive entry " + quote(entry.raw_name) +
                             " refused: cannot create it (" + errno_text() + ")",
                         detail::one_line(entry.raw_name));
    }
  }
  ~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const char* data, std::size_t size, const std::string& what) {
    while (size > 0) {
      const ssize_t n = ::write(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw ArchiveError("writing " + what + " failed: " + errno_text(), {});
      data += n;
      size -= static_cast<std::size_t>(n);
    }
  }
  void close(const std::string& what) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw ArchiveError("writing " + what + " failed: " + errno_text(), {});
  }

 private:
  int fd_ = -1;
};

std::string file_stem(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".zip") == 0) name.resize(name.size() - 4);
  return name.empty() ? std::string("archive") : name;
}

}  // namespace

ExtractedZip extract_zip(const std::string& zip_path, const std::string& target_dir,
                         const ZipExtractOptions& options) {
  const ZipLimits& limits = options.limits;
  struct stat target {};
  if (target_dir.empty() || ::stat(target_dir.c_str(), &target) != 0 || !S_ISDIR(target.st_mode)) {
    throw InvalidArgumentError("the target " + quote(target_dir) + " is not a directory");
  }
  if (!options.folder_name.empty()) {
    bool is_dir = false;
    if (options.folder_name.find('/') != std::string::npos) {
      throw InvalidArgumentError("ZipExtractOptions::folder_name " + quote(options.folder_name) +
                                 " holds a slash");
    }
    checked_path(options.folder_name, is_dir);
  }

  const File file(zip_path);
  std::vector<IndexEntry> index = read_index(file, zip_path, limits);
  std::map<std::string, IndexEntry*> by_path;
  for (IndexEntry& entry : index) by_path.emplace(entry.path, &entry);

  std::string scratch = target_dir + "/.moi-extract-XXXXXX";
  if (::mkdtemp(scratch.data()) == nullptr) {
    throw InvalidArgumentError("cannot create a folder in " + quote(target_dir) + ": " +
                               errno_text());
  }
  TreeGuard guard(scratch);

  ExtractedZip result;
  {
    const Utf8Locale utf8;
    ArchiveReader reader;
    archive* a = reader.handle;
    if (a == nullptr) throw std::bad_alloc();
    ::archive_read_support_format_zip_seekable(a);
    const auto failure = [&](const std::string& what) {
      const char* text = ::archive_error_string(a);
      return ArchiveError("the archive " + quote(zip_path) + " " + what + ": " +
                              detail::one_line(text != nullptr ? text : "unknown error"),
                          {});
    };
    if (::archive_read_open_filename(a, zip_path.c_str(), 65536) != ARCHIVE_OK) {
      throw failure("cannot be opened");
    }
    std::uint64_t total = 0;
    std::vector<char> buffer;
    for (;;) {
      archive_entry* header = nullptr;
      const int status = ::archive_read_next_header(a, &header);
      if (status == ARCHIVE_EOF) break;
      if (status != ARCHIVE_OK) throw failure("is corrupt");
      const char* name = ::archive_entry_pathname(header);
      std::string raw = name != nullptr ? name : "";
      bool is_dir = false;
      const std::string path = raw.empty() ? raw : checked_path(raw, is_dir);
      const auto found = by_path.find(path);
      if (found == by_path.end() || found->second->seen) {
        throw ArchiveError("archive entry " + quote(raw) +
                               " refused: it is not (or not once) in the central directory",
                           detail::one_line(raw));
      }
      IndexEntry& entry = *found->second;
      entry.seen = true;
      const auto refuse = [&entry](const std::string& why) {
        return ArchiveError("archive entry " + quote(entry.raw_name) + " refused: " + why,
                            detail::one_line(entry.raw_name));
      };
      if (::archive_entry_hardlink(header) != nullptr) throw refuse("it is a hard link");
      if (::archive_entry_is_encrypted(header) != 0) throw refuse("it is encrypted");
      const auto type = ::archive_entry_filetype(header);
      if (type == AE_IFLNK) throw refuse("it is a symbolic link");
      if (type == AE_IFDIR || entry.is_dir) {
        if (type != AE_IFDIR) throw refuse("it is a directory holding data");
        make_directories(scratch, entry.path, entry);
        ++result.entries;
        continue;
      }
      if (type != AE_IFREG) {
        throw refuse("it is not a regular file or directory (a device, FIFO or socket)");
      }
      const auto slash = entry.path.rfind('/');
      if (slash != std::string::npos) make_directories(scratch, entry.path.substr(0, slash), entry);
      OutputFile out(scratch + "/" + entry.path, entry);
      std::uint64_t written = 0;
      for (;;) {
        const void* block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        const int read = ::archive_read_data_block(a, &block, &size, &offset);
        if (read == ARCHIVE_EOF) break;
        if (read != ARCHIVE_OK) throw failure("is corrupt at entry " + quote(entry.raw_name));
        if (offset < 0 || static_cast<std::uint64_t>(offset) != written) {
          throw refuse("its data is not contiguous");
        }
        written += size;
        total += size;
        if (written > limits.max_entry_bytes) {
          throw refuse("it expands past the limit of " + std::to_string(limits.max_entry_bytes) +
                       " bytes (ZipLimits::max_entry_bytes)");
        }
        if (total > limits.max_total_bytes) {
          throw refuse("the archive expands past the limit of " +
                       std::to_string(limits.max_total_bytes) +
                       " bytes in all (ZipLimits::max_total_bytes)");
        }
        std::uint64_t ratio_bound = 0;
        if (written > limits.ratio_floor_bytes &&
            !__builtin_mul_overflow(limits.max_ratio, std::max<std::uint64_t>(entry.compressed, 1),
                                    &ratio_bound) &&
            written > ratio_bound) {
          throw refuse("it expands more than " + std::to_string(limits.max_ratio) +
                       " times its compressed size of " + std::to_string(entry.compressed) +
                       " bytes (ZipLimits::max_ratio)");
        }
        out.write(static_cast<const char*>(block), size, "entry " + quote(entry.raw_name));
      }
      out.close("entry " + quote(entry.raw_name));
      result.files.push_back(entry.path);
      ++result.entries;
    }
    result.bytes = total;
  }
  for (const IndexEntry& entry : index) {
    if (!entry.seen) {
      throw ArchiveError("archive entry " + quote(entry.raw_name) +
                             " refused: the central directory lists it but it could not be read",
                         detail::one_line(entry.raw_name));
    }
  }

  // Where it goes: the single top folder of the documented layout, or a named folder.
  std::set<std::string> tops;
  bool all_inside = true;
  for (const IndexEntry& entry : index) {
    const auto slash = entry.path.find('/');
    tops.insert(entry.path.substr(0, slash));
    if (slash == std::string::npos && !entry.is_dir) all_inside = false;
  }
  std::string source = scratch;
  std::string name;
  if (options.folder_name.empty() && tops.size() == 1 && all_inside) {
    name = *tops.begin();
    source = scratch + "/" + name;
    const std::string prefix = name + "/";
    for (std::string& path : result.files) path.erase(0, prefix.size());
  } else {
    name = options.folder_name.empty() ? file_stem(zip_path) : options.folder_name;
    bool is_dir = false;
    checked_path(name, is_dir);
  }
  const std::string destination = target_dir + "/" + name;
  std::string old_copy;
  struct stat existing {};
  if (::lstat(destination.c_str(), &existing) == 0) {
    if (!options.replace_existing) {
      throw ArchiveError("cannot extract into " + quote(destination) +
                             ": it already exists (remove it, or set "
                             "ZipExtractOptions::replace_existing)",
                         {});
    }
    old_copy = target_dir + "/.moi-old-XXXXXX";
    if (::mkdtemp(old_copy.data()) == nullptr ||
        ::rename(destination.c_str(), old_copy.c_str()) != 0) {
      throw ArchiveError("cannot move the existing " + quote(destination) + " aside: " +
                             errno_text(),
                         {});
    }
  }
  TreeGuard old_guard(old_copy);
  if (source == scratch) {
    if (::chmod(scratch.c_str(), 0755) != 0 || ::rename(scratch.c_str(), destination.c_str()) != 0) {
      const std::string error = errno_text();
      if (!old_copy.empty()) ::rename(old_copy.c_str(), destination.c_str());
      old_guard.release();
      throw ArchiveError("cannot move the extracted folder to " + quote(destination) + ": " +
                             error,
                         {});
    }
    guard.release();
  } else if (::rename(source.c_str(), destination.c_str()) != 0) {
    const std::string error = errno_text();
    if (!old_copy.empty()) ::rename(old_copy.c_str(), destination.c_str());
    old_guard.release();
    throw ArchiveError("cannot move the extracted folder to " + quote(destination) + ": " + error,
                       {});
  }
  result.folder = destination;
  return result;
}

}  // namespace moi
