// SPDX-License-Identifier: Apache-2.0
#pragma once
// The identity of an upload file (FileIdentity) as the check records it and the transport
// compares it: the same fields on both sides, so "what was checked is what is sent".

#include <sys/stat.h>

#include <cstdint>

#include "moi/transport.hpp"

namespace moi::detail {

/// The identity fields of @p info.
inline FileIdentity identity_of(const struct stat& info) noexcept {
  constexpr std::int64_t kNanos = 1000000000;
  FileIdentity identity;
  identity.device = static_cast<std::uint64_t>(info.st_dev);
  identity.inode = static_cast<std::uint64_t>(info.st_ino);
  identity.modified_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * kNanos +
                         static_cast<std::int64_t>(info.st_mtim.tv_nsec);
  identity.changed_ns = static_cast<std::int64_t>(info.st_ctim.tv_sec) * kNanos +
                        static_cast<std::int64_t>(info.st_ctim.tv_nsec);
  return identity;
}

/// True when @p info is a regular file of @p size bytes with @p identity.
inline bool is_checked_file(const struct stat& info, const FileIdentity& identity,
                            std::uint64_t size) noexcept {
  const FileIdentity now = identity_of(info);
  return S_ISREG(info.st_mode) && static_cast<std::uint64_t>(info.st_size) == size &&
         now.device == identity.device && now.inode == identity.inode &&
         now.modified_ns == identity.modified_ns && now.changed_ns == identity.changed_ns;
}

}  // namespace moi::detail
