// SPDX-License-Identifier: Apache-2.0
// The service behind the HTTP layer: owns the state and its lock, runs handlers, and
// persists every change before the answer leaves.
#pragma once

#include <condition_variable>
#include <memory>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "moi_emulator/emulator.hpp"
#include "persistence.hpp"
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
  std::string moi_key;       ///< the request's moi-key (who calls: access.hpp)
};

class Service {
 public:
  /// With options.state_file: checks the state file's directory, takes the state lock
  /// ("<state_file>.lock"), loads the state file if it exists, opens (creates) the uploads
  /// directory "<state_file>.files" and the table database in "<state_file>.tables", and removes the temporary and orphaned files a crash or a
  /// full disk left there. Throws std::runtime_error (one line naming the file and the reason)
  /// if any of that is refused or fails: see CheckedDir and lock_state_file().
  explicit Service(const EmulatorOptions& options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Runs one request at time `now`. If the handler changed the state and a state file is
  /// configured, a document holding the change is on disk (atomically, fsync'ed) before this
  /// returns; if that write fails every change not on disk is rolled back and the answer is a
  /// 500. No disk I/O happens under the state lock: uploads are stored before it is taken,
  /// and the state is written after it is released (by whichever waiting request comes first,
  /// for all of them: a group commit).
  Reply handle(Endpoint endpoint, const std::vector<std::string>& args, const QueryParams& query,
               const std::string& body, std::int64_t now, const RequestInfo& info = {});

  void set_behavior(const BehaviorOptions& behavior);
  BehaviorOptions behavior() const;

 private:
  void load();
  /// Reads and stores a multipart upload (U1, or G1's multipart form) before the state lock;
  /// false with a 500 in `error` when its bytes cannot be stored.
  bool prepare_upload(Endpoint endpoint, const RequestInfo& info, const std::string& body,
                      UploadInput& upload, Reply& error);
  /// Waits until state version `version` is on disk, writing it if no one else is; false with
  /// the reason when that write failed (the change is then rolled back).
  bool wait_durable(std::uint64_t version, std::string& reason);

  mutable std::mutex mu_;  ///< the state lock: held only while a handler runs
  Settings settings_;
  BehaviorOptions behavior_;
  std::size_t max_multipart_parts_;
  bool strict_ = false;  ///< EmulatorOptions::strict
  std::string state_file_;
  std::string state_name_;               ///< the state file's name in state_dir_
  std::optional<CheckedDir> state_dir_;  ///< its directory, checked
  State state_;
  BlobStore blobs_;
  /// Catalog tables: in memory, or "<state_file>.tables/tables.sqlite" (table_store.hpp).
  /// Each request runs in one of its transactions, committed before the answer leaves.
  std::unique_ptr<TableStore> tables_;
  /// Data-asking streams, for their cancel (D2); under mu_.
  RunningAnalyses analyses_;
  std::uint64_t version_ = 0;  ///< changes made so far (under mu_)
  int lock_fd_ = -1;           ///< "<state_file>.lock", flock'ed for the service's lifetime

  // Persistence (under persist_mu_; lock order: mu_ before persist_mu_).
  std::mutex persist_mu_;
  std::condition_variable persisted_cv_;
  std::string pending_;                ///< the newest document not yet written
  std::uint64_t pending_version_ = 0;  ///< its version
  bool writing_ = false;               ///< a request is writing a document
  std::uint64_t durable_ = 0;          ///< the newest version on disk
  /// Versions in (first, second] were rolled back after a failed write.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> rolled_back_;
  std::string failure_;    ///< why the last write failed
  std::string persisted_;  ///< the last document on disk, to roll back a failed write
};

}  // namespace moi::emulator::detail
