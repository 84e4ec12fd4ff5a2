// SPDX-License-Identifier: Apache-2.0
// Crash-safe state file I/O.
#pragma once

#include <optional>
#include <string>

namespace moi::emulator::detail {

/// Replaces `path` with `content` so that after a crash at any moment the file holds either
/// the old or the new content, never a mix: write a temporary file in the same directory,
/// fsync it, rename it over `path`, fsync the directory. Throws std::runtime_error on failure
/// (the old file is then left as it was).
void write_file_atomically(const std::string& path, const std::string& content);

/// The file's content, or nullopt if it does not exist. Throws std::runtime_error on any
/// other error.
std::optional<std::string> read_file(const std::string& path);

}  // namespace moi::emulator::detail
