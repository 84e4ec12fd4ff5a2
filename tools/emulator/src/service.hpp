// SPDX-License-Identifier: Apache-2.0
// The service behind the HTTP layer: owns the state and its lock, runs handlers, and
// persists every change before the answer leaves.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "moi_emulator/emulator.hpp"
#include "routes.hpp"
#include "state.hpp"
#include "validation.hpp"
#include "wire.hpp"

namespace moi::emulator::detail {

/// What a request brings besides its endpoint, path arguments, query and body.
struct RequestInfo {
  std::string content_type;  ///< the Content-Type header (the multipart upload needs it)
  std::string base_url;      ///< "http://HOST:PORT" (download links)
  std::string request_id;    ///< `request_id` of host-root answers
};

class Service {
 public:
  /// Takes the state file's lock and loads options.state_file if it exists. Throws
  /// std::runtime_error if another process holds the lock, or the file is unreadable.
  explicit Service(const EmulatorOptions& options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Runs one request at time `now`. If the handler changed the state and a state file is
  /// configured, the new state is written (atomically, fsync'ed) before this returns; if that
  /// fails the change is rolled back and the answer is a 500.
  Reply handle(Endpoint endpoint, const std::vector<std::string>& args, const QueryParams& query,
               const std::string& body, std::int64_t now, const RequestInfo& info = {});

  void set_behavior(const BehaviorOptions& behavior);
  BehaviorOptions behavior() const;

 private:
  /// Takes the exclusive lock of "<state_file>.lock"; returns its descriptor, or -1 when no
  /// lock file can be made there. Throws when another process holds the lock.
  static int lock_state_file(const std::string& state_file);
  void load();

  mutable std::mutex mu_;
  Settings settings_;
  BehaviorOptions behavior_;
  bool strict_ = false;  ///< EmulatorOptions::strict
  std::string state_file_;
  State state_;
  BlobStore blobs_;
  std::string persisted_;  ///< the last document on disk, to roll back a failed write
  int lock_fd_ = -1;       ///< "<state_file>.lock", flock'ed for the service's lifetime
};

}  // namespace moi::emulator::detail
