// SPDX-License-Identifier: Apache-2.0
#include "clients/local_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/headers.hpp"
#include "core/safe_text.hpp"
#include "moi/error.hpp"
#include "moi_internal/ascii.hpp"
#include "moi_internal/file_identity.hpp"

namespace moi::detail {

std::string guess_mime_type(const std::string& name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {"pdf", "application/pdf"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"doc", "application/msword"},
      {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"ppt", "application/vnd.ms-powerpoint"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"xls", "application/vnd.ms-excel"},
      {"md", "text/markdown"},
      {"markdown", "text/markdown"},
      {"txt", "text/plain"},
      {"csv", "text/csv"},
      {"html", "text/html"},
      {"htm", "text/html"},
      {"json", "application/json"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"bmp", "image/bmp"},
      {"mp3", "audio/mpeg"},
      {"wav", "audio/wav"},
      {"mp4", "video/mp4"},
      {"zip", "application/zip"},
  };
  const auto dot = name.rfind('.');
  if (dot != std::string::npos) {
    const std::string_view extension = std::string_view(name).substr(dot + 1);
    for (const auto& [ext, type] : kTypes) {
      if (iequals(extension, ext)) return type;
    }
  }
  return "application/octet-stream";
}

std::string quote_path(const std::string& path) { return "'" + one_line(path) + "'"; }

CheckedFile check_local_file(const UploadFile& file, std::uint64_t max_bytes,
                             const std::string& context, const std::string& limit_option,
                             bool keep_open) {
  if (file.path.empty()) throw InvalidArgumentError(context + ": a file path is empty");
  struct stat info {};
  // A first look by the path: a directory, FIFO or device is refused without being opened
  // (opening some devices acts on them).
  if (::stat(file.path.c_str(), &info) != 0) {
    const int error = errno;
    throw InvalidArgumentError(context + ": cannot use " + quote_path(file.path) + ": " +
                               std::strerror(error));
  }
  if (S_ISDIR(info.st_mode)) {
    throw InvalidArgumentError(context + ": " + quote_path(file.path) +
                               " is a directory, not a file");
  }
  if (!S_ISREG(info.st_mode)) {
    throw InvalidArgumentError(context + ": " + quote_path(file.path) + " is not a regular file");
  }
  // Opened once, and everything checked on that descriptor (not on the path, which another
  // process may point elsewhere meanwhile). Non-blocking: opening a FIFO must not hang.
  // Opening proves the permission (access() would answer for the real, not effective, user).
  const int descriptor = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (descriptor < 0) {
    const int error = errno;
    throw InvalidArgumentError(context + ": " +
                               std::string(error == EACCES ? "cannot read " : "cannot use ") +
                               quote_path(file.path) + ": " + std::strerror(error));
  }
  auto opened = std::make_shared<const OpenFile>(descriptor);
  if (::fstat(descriptor, &info) != 0) {
    const int error = errno;
    throw InvalidArgumentError(context + ": cannot use " + quote_path(file.path) + ": " +
                               std::strerror(error));
  }
  if (S_ISDIR(info.st_mode)) {
    throw InvalidArgumentError(context + ": " + quote_path(file.path) +
                               " is a directory, not a file");
  }
  if (!S_ISREG(info.st_mode)) {
    throw InvalidArgumentError(context + ": " + quote_path(file.path) + " is not a regular file");
  }
  CheckedFile checked;
  checked.path = file.path;
  checked.size = static_cast<std::uint64_t>(info.st_size);
  checked.identity = identity_of(info);
  if (checked.size > max_bytes) {
    throw InvalidArgumentError(context + ": " + quote_path(file.path) + " is " +
                               std::to_string(checked.size) + " bytes, over the limit of " +
                               std::to_string(max_bytes) + " bytes (" + limit_option + ")");
  }
  if (checked.size == 0) {
    // Files of /proc and /sys report a size of 0 and yet hold bytes: they would be sent empty.
    char byte = 0;
    ssize_t got = -1;
    do {
      got = ::pread(descriptor, &byte, 1, 0);
    } while (got < 0 && errno == EINTR);
    if (got != 0) {
      throw InvalidArgumentError(context + ": " + quote_path(file.path) +
                                 " reports a size of 0 bytes but is not empty (a /proc or /sys "
                                 "file?): copy it to a regular file and upload the copy");
    }
  }
  if (keep_open) checked.file = std::move(opened);
  checked.name = file.name;
  if (checked.name.empty()) {
    const auto slash = file.path.find_last_of('/');
    checked.name = slash == std::string::npos ? file.path : file.path.substr(slash + 1);
  }
  if (checked.name.empty() || checked.name == "." || checked.name == "..") {
    throw InvalidArgumentError(context + ": " + quote_path(file.path) + " has no file name");
  }
  for (const char c : checked.name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '"' || c == '/') {
      throw InvalidArgumentError(context + ": the file name " + quote_path(checked.name) +
                                 " holds a control character, a quote or a slash");
    }
  }
  checked.mime_type = file.mime_type.empty() ? guess_mime_type(checked.name) : file.mime_type;
  check_header_value(context + " MIME type", checked.mime_type);
  return checked;
}

}  // namespace moi::detail
