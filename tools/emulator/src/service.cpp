// SPDX-License-Identifier: Apache-2.0
#include "service.hpp"

#include <stdexcept>

#include "ids.hpp"
#include "persistence.hpp"

namespace moi::emulator::detail {

Service::Service(const EmulatorOptions& options)
    : behavior_(options.behavior), state_file_(options.state_file) {
  settings_.seed = options.seed;
  settings_.user_name = options.user_name;
  settings_.user_id = keyed_id(options.seed, "user/" + options.user_name);
  settings_.delete_returns_204 = options.delete_returns_204;
  if (state_file_.empty()) return;
  if (auto text = read_file(state_file_)) {
    try {
      state_ = state_from_json(json::parse(*text));
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot load state file " + state_file_ + ": " + e.what());
    }
    persisted_ = *text;
  } else {
    persisted_ = state_to_json(state_).dump();
  }
}

Reply Service::handle(Endpoint endpoint, const std::vector<std::string>& args,
                      const QueryParams& query, const std::string& body, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  Ctx ctx{state_, settings_, behavior_, now, args, query, body, false};
  Reply reply = dispatch(endpoint, ctx);
  if (ctx.changed && !state_file_.empty()) {
    std::string document = state_to_json(state_).dump();
    try {
      write_file_atomically(state_file_, document);
      persisted_ = std::move(document);
    } catch (const std::exception& e) {
      // Nothing unacknowledged may stay in memory either: go back to what is on disk.
      state_ = state_from_json(json::parse(persisted_));
      return error_detail(500, std::string("cannot persist state: ") + e.what());
    }
  }
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
