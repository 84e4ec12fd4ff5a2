// SPDX-License-Identifier: Apache-2.0
#include "blob_store.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "persistence.hpp"

namespace moi::emulator::detail {

namespace {

// Ids are decimal text; anything else never names a blob file (no path tricks).
bool safe_name(const std::string& id) {
  return !id.empty() && id.size() <= 64 && id.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

BlobStore::BlobStore(const std::string& state_file)
    : dir_(state_file.empty() ? std::string() : state_file + ".files") {}

void BlobStore::put(const std::string& id, const std::string& bytes) {
  if (!safe_name(id)) throw std::runtime_error("invalid blob id");
  if (dir_.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    memory_[id] = bytes;
    return;
  }
  if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) {
    throw std::runtime_error("cannot create directory " + dir_ + ": " + std::strerror(errno));
  }
  write_file_atomically(dir_ + "/" + id, bytes);
}

std::optional<std::string> BlobStore::get(const std::string& id) const {
  if (!safe_name(id)) return std::nullopt;
  if (dir_.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = memory_.find(id);
    if (it == memory_.end()) return std::nullopt;
    return it->second;
  }
  try {
    return read_file(dir_ + "/" + id);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void BlobStore::remove(const std::string& id) {
  if (!safe_name(id)) return;
  if (dir_.empty()) {
    std::lock_guard<std::mutex> lock(mu_);
    memory_.erase(id);
    return;
  }
  ::unlink((dir_ + "/" + id).c_str());
}

}  // namespace moi::emulator::detail
