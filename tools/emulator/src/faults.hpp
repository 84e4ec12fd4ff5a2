// SPDX-License-Identifier: Apache-2.0
// Fault injection decisions: queued faults first, then random ones drawn from a seeded
// sequence, one draw per request, so a serial client sees the same faults on every run.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "moi_emulator/emulator.hpp"

namespace moi::emulator::detail {

class FaultInjector {
 public:
  struct Decision {
    std::optional<Fault> fault;
    std::chrono::milliseconds latency{0};
    int retry_after_seconds = 1;
  };

  FaultInjector(std::uint64_t seed, FaultOptions options);

  /// Decides what happens to the next request for `endpoint`.
  Decision decide(Endpoint endpoint);

  void set_options(const FaultOptions& options);
  FaultOptions options() const;
  void inject(Fault fault, int count, std::optional<Endpoint> endpoint);
  void clear();

 private:
  struct Queued {
    Fault fault;
    std::optional<Endpoint> endpoint;
  };

  mutable std::mutex mu_;
  FaultOptions options_;
  std::uint64_t draws_ = 0;
  std::uint64_t seed_;
  std::deque<Queued> queue_;
};

}  // namespace moi::emulator::detail
