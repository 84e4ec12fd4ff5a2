// SPDX-License-Identifier: Apache-2.0
// upload_directory(): walk (no symlink followed), folders, then one upload per file over N
// threads.
#include "moi/helpers/upload_directory.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "clients/upload_check.hpp"
#include "moi/error.hpp"

namespace moi {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 256;

bool matches(const std::vector<std::string>& patterns, const std::string& relative,
             const std::string& name) {
  for (const std::string& pattern : patterns) {
    const std::string& subject = pattern.find('/') == std::string::npos ? name : relative;
    if (fnmatch(pattern.c_str(), subject.c_str(), FNM_PATHNAME) == 0) return true;
  }
  return false;
}

struct Walk {
  const UploadDirectoryOptions& options;
  std::vector<std::string> directories;  // relative, parents before children
  struct File {
    std::string path;
    std::string relative;
    std::string folder;
    std::string name;
    std::uint64_t size = 0;
  };
  std::vector<File> files;
  std::vector<DirectoryUploadEntry> skipped;

  void skip(const std::string& relative, std::string reason) {
    DirectoryUploadEntry entry;
    entry.relative_path = relative;
    entry.outcome = DirectoryUploadEntry::Outcome::kSkipped;
    entry.reason = std::move(reason);
    skipped.push_back(std::move(entry));
  }

  // Opens without following a link and without blocking on a FIFO: a regular file we may read.
  std::string unreadable_reason(const fs::path& path, std::uint64_t& size) const {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return std::string("unreadable: ") + std::strerror(errno);
    struct stat st {};
    const bool ok = ::fstat(fd, &st) == 0;
    ::close(fd);
    if (!ok || !S_ISREG(st.st_mode)) return "not a regular file";
    size = static_cast<std::uint64_t>(st.st_size);
    if (size > options.max_file_bytes) {
      return "larger than " + std::to_string(options.max_file_bytes) + " bytes";
    }
    return {};
  }

  void walk(const fs::path& dir, const std::string& relative_dir, int depth) {
    if (depth > kMaxDepth) {
      throw InvalidArgumentError("upload_directory: " + dir.string() + " is nested deeper than " +
                                 std::to_string(kMaxDepth) + " levels");
    }
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      throw InvalidArgumentError("upload_directory: cannot read directory " + dir.string() + ": " +
                                 ec.message() + " (nothing was sent)");
    }
    std::vector<fs::directory_entry> children;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      children.push_back(*it);
    }
    if (ec) {
      throw InvalidArgumentError("upload_directory: cannot read directory " + dir.string() + ": " +
                                 ec.message() + " (nothing was sent)");
    }
    std::sort(children.begin(), children.end(), [](const auto& a, const auto& b) {
      return a.path().filename() < b.path().filename();
    });
    for (const fs::directory_entry& child : children) {
      const std::string name = child.path().filename().string();
      const std::string relative = relative_dir.empty() ? name : relative_dir + "/" + name;
      if (matches(options.exclude, relative, name)) continue;
      const fs::file_status status = child.symlink_status(ec);
      if (ec) {
        skip(relative, "cannot inspect: " + ec.message());
        continue;
      }
      if (fs::is_symlink(status)) {
        skip(relative, "symbolic link (not followed)");
      } else if (fs::is_directory(status)) {
        directories.push_back(relative);
        walk(child.path(), relative, depth + 1);
      } else if (!fs::is_regular_file(status)) {
        const char* kind = fs::is_fifo(status)             ? "a FIFO"
                           : fs::is_socket(status)         ? "a socket"
                           : fs::is_block_file(status)     ? "a block device"
                           : fs::is_character_file(status) ? "a character device"
                                                           : "not a regular file";
        skip(relative, std::string(kind) + " (only regular files are uploaded)");
      } else {
        if (!options.include.empty() && !matches(options.include, relative, name)) continue;
        File file;
        file.size = 0;
        if (std::string why = unreadable_reason(child.path(), file.size); !why.empty()) {
          skip(relative, std::move(why));
          continue;
        }
        file.path = child.path().string();
        file.relative = relative;
        file.folder = relative_dir;
        file.name = name;
        files.push_back(std::move(file));
        if (files.size() > options.max_files) {
          throw InvalidArgumentError(
              "upload_directory: more than " + std::to_string(options.max_files) +
              " files (UploadDirectoryOptions::max_files; nothing was sent)");
        }
      }
    }
  }
};

// The folder `name` in `parent_id` ("" = root) of the volume, found by listing or created.
std::string ensure_folder(const Client& client, const std::string& volume_id,
                          const std::string& parent_id, const std::string& name, bool& created,
                          const CallOptions& call) {
  ListFilesRequest request;
  request.in_volume(volume_id);
  FileFilter parent;
  parent.name = "parent_id";
  parent.values = {parent_id};
  request.filters.push_back(parent);
  FileFilter by_name;
  by_name.name = "file_name";
  by_name.values = {name};
  request.filters.push_back(by_name);
  request.page_size = 100;
  for (const FileInfo& entry : client.files().list(request, call).list) {
    if (is_folder(entry) && entry.name == name && entry.id) {
      created = false;
      return *entry.id;
    }
  }
  CreateFolderRequest create;
  create.name = name;
  create.volume_id = volume_id;
  create.parent_id = parent_id;
  const NamedId made = client.folders().create(create, call);
  if (!made.id || made.id->empty()) {
    throw DecodeError("id", "the folder create answer has no id");
  }
  created = true;
  return *made.id;
}

}  // namespace

std::string to_string(DirectoryUploadEntry::Outcome outcome) {
  switch (outcome) {
    case DirectoryUploadEntry::Outcome::kUploaded:
      return "uploaded";
    case DirectoryUploadEntry::Outcome::kSkipped:
      return "skipped";
    case DirectoryUploadEntry::Outcome::kFailed:
      return "failed";
  }
  return "unknown";
}

DirectoryUploadResult upload_directory(const Client& client, const std::string& volume_id,
                                       const std::string& dir,
                                       const UploadDirectoryOptions& options,
                                       const CallOptions& call) {
  if (volume_id.empty()) throw InvalidArgumentError("upload_directory: volume_id is empty");
  if (options.parallel < 1 || options.parallel > 64) {
    throw InvalidArgumentError("upload_directory: parallel must be 1-64, not " +
                               std::to_string(options.parallel));
  }
  if (options.dedup) detail::check_dedup(*options.dedup, "upload_directory");
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec)) &&
      !(fs::is_symlink(fs::symlink_status(dir, ec)) && fs::is_directory(fs::status(dir, ec)))) {
    throw InvalidArgumentError("upload_directory: " + dir +
                               " is not a directory (nothing was sent)");
  }
  Walk walk{options, {}, {}, {}};
  walk.walk(dir, "", 0);

  DirectoryUploadResult result;
  // Folders, parents first (the walk lists a directory before its subdirectories).
  std::map<std::string, std::string> folder_ids{{"", ""}};
  for (const std::string& relative : walk.directories) {
    const auto slash = relative.find_last_of('/');
    const std::string parent = slash == std::string::npos ? "" : relative.substr(0, slash);
    const std::string name = slash == std::string::npos ? relative : relative.substr(slash + 1);
    bool created = false;
    folder_ids[relative] =
        ensure_folder(client, volume_id, folder_ids.at(parent), name, created, call);
    if (created) result.folders_created.push_back(relative);
  }

  std::vector<DirectoryUploadEntry> uploaded(walk.files.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex progress_mutex;
  std::size_t done = 0;
  std::exception_ptr stop_error;
  auto report = [&](const Walk::File& file, bool finished) {
    if (!options.on_progress) return;
    std::lock_guard<std::mutex> lock(progress_mutex);
    if (finished) ++done;
    options.on_progress(
        DirectoryUploadProgress{file.relative, file.size, finished, done, walk.files.size()});
  };
  auto worker = [&] {
    for (std::size_t i = next++; i < walk.files.size(); i = next++) {
      const Walk::File& file = walk.files[i];
      DirectoryUploadEntry& entry = uploaded[i];
      entry.relative_path = file.relative;
      if (stop || (call.should_abort && call.should_abort())) {
        stop = true;
        entry.outcome = DirectoryUploadEntry::Outcome::kFailed;
        entry.reason = "cancelled before it was sent";
        continue;
      }
      report(file, false);
      try {
        UploadRequest request;
        request.volume_id = volume_id;
        UploadFile upload;
        upload.path = file.path;
        upload.name = file.name;
        upload.folder = file.folder;
        request.files.push_back(std::move(upload));
        request.max_file_bytes = options.max_file_bytes;
        request.dedup = options.dedup;
        const UploadResponse answer = client.files().upload(request, call);
        const UploadResult* one = answer.results.empty() ? nullptr : &answer.results.front();
        if ((one != nullptr && one->success == false) || answer.success == false) {
          entry.outcome = DirectoryUploadEntry::Outcome::kFailed;
          entry.reason =
              one != nullptr && one->message ? *one->message : answer.message.value_or("refused");
        } else {
          entry.outcome = DirectoryUploadEntry::Outcome::kUploaded;
          entry.file_id =
              one != nullptr && one->file_id ? *one->file_id : answer.file_id.value_or("");
          entry.task_id = answer.task_id.value_or("");
          entry.message = one != nullptr && one->message ? *one->message : "";
          entry.duplicate =
              options.dedup && options.dedup->strategy == "skip" && entry.message.size() >= 7 &&
              std::equal(
                  entry.message.begin(), entry.message.begin() + 7, "skipped",
                  [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
        }
      } catch (const CancelledError&) {
        entry.outcome = DirectoryUploadEntry::Outcome::kFailed;
        entry.reason = "cancelled";
        std::lock_guard<std::mutex> lock(progress_mutex);
        if (!stop_error) stop_error = std::current_exception();
        stop = true;
      } catch (const TimeoutError& error) {
        entry.outcome = DirectoryUploadEntry::Outcome::kFailed;
        entry.reason = error.what();
        if (call.deadline && std::chrono::steady_clock::now() >= *call.deadline) {
          std::lock_guard<std::mutex> lock(progress_mutex);
          if (!stop_error) stop_error = std::current_exception();
          stop = true;
        }
      } catch (const Error& error) {
        entry.outcome = DirectoryUploadEntry::Outcome::kFailed;
        entry.reason = error.what();
      }
      report(file, true);
    }
  };
  const std::size_t threads =
      std::min(options.parallel, std::max<std::size_t>(1, walk.files.size()));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
  if (stop_error) std::rethrow_exception(stop_error);
  if (stop) throw CancelledError("upload_directory cancelled (CallOptions::should_abort)");

  result.entries = std::move(uploaded);
  for (DirectoryUploadEntry& entry : walk.skipped) result.entries.push_back(std::move(entry));
  std::sort(result.entries.begin(), result.entries.end(),
            [](const auto& a, const auto& b) { return a.relative_path < b.relative_path; });
  for (const DirectoryUploadEntry& entry : result.entries) {
    switch (entry.outcome) {
      case DirectoryUploadEntry::Outcome::kUploaded:
        ++result.uploaded;
        if (entry.duplicate) ++result.duplicates;
        break;
      case DirectoryUploadEntry::Outcome::kSkipped:
        ++result.skipped;
        break;
      case DirectoryUploadEntry::Outcome::kFailed:
        ++result.failed;
        break;
    }
  }
  return result;
}

}  // namespace moi
