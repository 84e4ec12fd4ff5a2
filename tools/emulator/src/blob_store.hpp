// SPDX-License-Identifier: Apache-2.0
// The bytes of uploaded files: in memory without a state file, else one file per upload in
// the private directory "<state file>.files" (0700), each created 0600 under a new random name
// and fsync'ed, with its directory entry, before any state names it. Writing happens outside
// the state lock (see Service::handle), so one large upload never holds up other requests.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "persistence.hpp"

namespace moi::emulator::detail {

class BlobStore {
 public:
  /// In memory until use_directory().
  BlobStore() = default;
  /// From now on in `dir` (checked by the caller: see CheckedDir::open_private). Not
  /// thread-safe: call before serving.
  void use_directory(CheckedDir dir) { dir_.emplace(std::move(dir)); }

  /// Stores each of `contents` under a new name and returns the names, in order; on disk they
  /// are durable when this returns. Throws StorageError (then nothing is left stored).
  std::vector<std::string> store(const std::vector<const std::string*>& contents);
  /// The bytes, or nullopt if there are none (or they cannot be read).
  std::optional<std::string> get(const std::string& name) const;
  /// Removes the bytes (missing ones are fine).
  void remove(const std::string& name);
  /// Removes every file not named in `keep`: temporary files and blobs left without a state
  /// record by a crash or a failed write. Returns how many were removed.
  std::size_t remove_all_but(const std::set<std::string>& keep);

 private:
  std::optional<CheckedDir> dir_;
  mutable std::mutex mu_;
  std::uint64_t counter_ = 0;
  std::map<std::string, std::string> memory_;
};

}  // namespace moi::emulator::detail
