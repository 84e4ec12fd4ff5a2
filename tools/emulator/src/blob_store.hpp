// SPDX-License-Identifier: Apache-2.0
// The bytes of uploaded files: in memory without a state file, else one file per upload in
// "<state file>.files/<file id>", written (fsync'ed) before the upload is acknowledged.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace moi::emulator::detail {

class BlobStore {
 public:
  /// `state_file` empty: in memory.
  explicit BlobStore(const std::string& state_file);

  /// Stores the bytes under `id` (durably on disk with a state file). Throws
  /// std::runtime_error when they cannot be written.
  void put(const std::string& id, const std::string& bytes);
  /// The bytes, or nullopt if there are none (or they cannot be read).
  std::optional<std::string> get(const std::string& id) const;
  /// Removes the bytes (missing ones are fine).
  void remove(const std::string& id);
  /// The directory of the blobs ("" in memory).
  const std::string& directory() const { return dir_; }

 private:
  std::string dir_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> memory_;
};

}  // namespace moi::emulator::detail
