// SPDX-License-Identifier: Apache-2.0
#include "blob_store.hpp"

#include <stdexcept>

namespace moi::emulator::detail {

namespace {

// Blob names are "blob-<hex>" (or the decimal file ids of older state files): anything else
// never names a blob file (no path tricks).
bool safe_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && name.front() != '.' &&
         name.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyz-") == std::string::npos;
}

}  // namespace

std::vector<std::string> BlobStore::store(const std::vector<const std::string*>& contents) {
  std::vector<std::string> names;
  if (!dir_) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string* content : contents) {
      names.push_back("blob-" + std::to_string(++counter_));
      memory_[names.back()] = *content;
    }
    return names;
  }
  try {
    for (const std::string* content : contents) {
      names.push_back(dir_->create_unique("blob-", *content, 0600));
    }
    dir_->sync();
  } catch (...) {
    for (const std::string& name : names) dir_->remove(name);
    throw;
  }
  return names;
}

std::optional<std::string> BlobStore::get(const std::string& name) const {
  if (!safe_name(name)) return std::nullopt;
  if (!dir_) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = memory_.find(name);
    if (it == memory_.end()) return std::nullopt;
    return it->second;
  }
  try {
    return dir_->read(name);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void BlobStore::remove(const std::string& name) {
  if (!safe_name(name)) return;
  if (!dir_) {
    std::lock_guard<std::mutex> lock(mu_);
    memory_.erase(name);
    return;
  }
  dir_->remove(name);
}

std::size_t BlobStore::remove_all_but(const std::set<std::string>& keep) {
  if (!dir_) return 0;
  std::size_t removed = 0;
  for (const std::string& name : dir_->names()) {
    if (keep.count(name) != 0) continue;
    dir_->remove(name);
    ++removed;
  }
  return removed;
}

}  // namespace moi::emulator::detail
