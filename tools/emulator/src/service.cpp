// SPDX-License-Identifier: Apache-2.0
#include "service.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "ids.hpp"
#include "persistence.hpp"
#include "router.hpp"

namespace moi::emulator::detail {

Service::Service(const EmulatorOptions& options)
    : behavior_(options.behavior), state_file_(options.state_file), blobs_(options.state_file) {
  settings_.seed = options.seed;
  settings_.user_name = options.user_name;
  settings_.user_id = keyed_id(options.seed, "user/" + options.user_name);
  settings_.delete_returns_204 = options.delete_returns_204;
  if (state_file_.empty()) return;
  lock_fd_ = lock_state_file(state_file_);
  try {
    load();
  } catch (...) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    throw;
  }
}

Service::~Service() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

int Service::lock_state_file(const std::string& state_file) {
  // A lock file beside the state file, not the state file itself: every write replaces the
  // state file by a rename, which would leave a lock on the old inode behind. The lock file is
  // never removed (removing it would let two processes lock two different inodes).
  const std::string lock_path = state_file + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  // No lock file possible (no such directory, read-only directory): then no state file can be
  // written there either, every change is answered 500, and nothing can be overwritten.
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    ::close(fd);
    if (saved == EWOULDBLOCK) {
      throw std::runtime_error("state file " + state_file +
                               " is in use by another moi-emulator (lock " + lock_path +
                               " is held); stop that one or pass another --state");
    }
    return -1;
  }
  return fd;
}

void Service::load() {
  if (auto text = read_file(state_file_)) {
    ParsedJson parsed = parse_json_text(*text, state_json_depth_limit());
    if (!parsed.ok) {
      throw std::runtime_error("cannot load state file " + state_file_ + ": " + parsed.error);
    }
    try {
      state_ = state_from_json(parsed.value);
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot load state file " + state_file_ + ": " + e.what());
    }
    persisted_ = *text;
  } else {
    persisted_ = state_to_json(state_).dump();
  }
}

Reply Service::handle(Endpoint endpoint, const std::vector<std::string>& args,
                      const QueryParams& query, const std::string& body, std::int64_t now,
                      const RequestInfo& info) {
  std::lock_guard<std::mutex> lock(mu_);
  Ctx ctx{state_,        settings_,       behavior_, now,   args, query, body, info.content_type,
          info.base_url, info.request_id, blobs_,    false, {}};
  // Periodic and triggered workflows start the jobs that are due by now first, so every
  // answer sees them.
  run_triggers(ctx);
  Reply reply = dispatch(endpoint, ctx);
  if (ctx.changed && !state_file_.empty()) {
    std::string document = state_to_json(state_).dump();
    try {
      write_file_atomically(state_file_, document);
      persisted_ = std::move(document);
    } catch (const std::exception& e) {
      // Nothing unacknowledged may stay in memory either: go back to what is on disk.
      state_ = state_from_json(parse_json_text(persisted_, state_json_depth_limit()).value);
      const std::string text = std::string("cannot persist state: ") + e.what();
      if (static_cast<int>(endpoint) >= static_cast<int>(Endpoint::kL1CreateSession)) {
        return to_llm_error(error_detail(500, text));
      }
      if (is_root_endpoint(endpoint))
        return error_root(500, "INTERNAL_ERROR", text, info.request_id);
      return error_detail(500, text);
    }
  }
  for (const std::string& id : ctx.blobs_to_remove) blobs_.remove(id);
  return reply;
}

void Service::set_behavior(const BehaviorOptions& behavior) {
  std::lock_guard<std::mutex> lock(mu_);
  behavior_ = behavior;
}

BehaviorOptions Service::behavior() const {
  std::lock_guard<std::mutex> lock(mu_);
  return behavior_;
}

}  // namespace moi::emulator::detail
