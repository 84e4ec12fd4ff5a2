// SPDX-License-Identifier: Apache-2.0
#include "core/sleep.hpp"

#include <algorithm>
#include <thread>

namespace moi::detail {

bool pause_unless_cancelled(std::chrono::milliseconds delay, const Sleeper& sleeper,
                            const std::function<bool()>& should_abort) {
  const auto cancelled = [&should_abort] { return should_abort && should_abort(); };
  if (cancelled()) return false;
  if (sleeper) {
    sleeper(delay);
    return !cancelled();
  }
  if (!should_abort) {
    std::this_thread::sleep_for(delay);
    return true;
  }
  // A slice short enough that cancellation is seen within a few milliseconds; polling an
  // atomic flag 200 times a second costs nothing next to the pauses it divides.
  constexpr std::chrono::milliseconds kSlice{5};
  const auto until = std::chrono::steady_clock::now() + delay;
  for (auto now = std::chrono::steady_clock::now(); now < until;
       now = std::chrono::steady_clock::now()) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(kSlice, until - now));
    if (cancelled()) return false;
  }
  return !cancelled();
}

}  // namespace moi::detail
