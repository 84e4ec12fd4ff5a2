// SPDX-License-Identifier: Apache-2.0
#pragma once
// Pauses that wake on cancellation (retry backoff, Retry-After, waiters' polling interval).

#include <chrono>
#include <functional>

#include "moi/options.hpp"

namespace moi::detail {

/// Pauses for @p delay. With an injected @p sleeper (tests), calls it once; otherwise sleeps
/// on the real clock, checking @p should_abort at least every 5 ms. Returns false when
/// @p should_abort reported a cancellation (before, during or right after the pause).
bool pause_unless_cancelled(std::chrono::milliseconds delay, const Sleeper& sleeper,
                            const std::function<bool()>& should_abort);

}  // namespace moi::detail
