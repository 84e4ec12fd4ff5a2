// SPDX-License-Identifier: Apache-2.0
#include "faults.hpp"

#include <algorithm>

#include "ids.hpp"

namespace moi::emulator::detail {

FaultInjector::FaultInjector(std::uint64_t seed, FaultOptions options)
    : options_(std::move(options)), seed_(seed) {}

FaultInjector::Decision FaultInjector::decide(Endpoint endpoint) {
  std::lock_guard<std::mutex> lock(mu_);
  Decision d;
  d.retry_after_seconds = options_.retry_after_seconds;
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (!it->endpoint || *it->endpoint == endpoint) {
      d.fault = it->fault;
      queue_.erase(it);
      return d;
    }
  }
  const auto& only = options_.only;
  if (!only.empty() && std::find(only.begin(), only.end(), endpoint) == only.end()) return d;
  d.latency = options_.latency;
  const double total = options_.error_rate_503 + options_.error_rate_429 + options_.drop_rate;
  if (total <= 0.0) return d;
  // One draw per request covered by the rates: [0, r503) -> 503, then 429, then drop.
  const double u = unit_interval(mix64(mix64(seed_ ^ 0x6661756c74ULL) + ++draws_));
  if (u < options_.error_rate_503) {
    d.fault = Fault::k503;
  } else if (u < options_.error_rate_503 + options_.error_rate_429) {
    d.fault = Fault::k429;
  } else if (u < total) {
    d.fault = Fault::kDrop;
  }
  return d;
}

void FaultInjector::set_options(const FaultOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  options_ = options;
}

FaultOptions FaultInjector::options() const {
  std::lock_guard<std::mutex> lock(mu_);
  return options_;
}

void FaultInjector::inject(Fault fault, int count, std::optional<Endpoint> endpoint) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < count; ++i) queue_.push_back(Queued{fault, endpoint});
}

void FaultInjector::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.clear();
}

}  // namespace moi::emulator::detail
