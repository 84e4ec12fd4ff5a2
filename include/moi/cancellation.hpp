// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// moi::CancellationToken: lets another thread abort waiters, pagination and calls.

#include <atomic>
#include <functional>
#include <memory>

namespace moi {

/// A shared cancellation flag. Copies share the flag: give a copy to the operation, keep one,
/// and call cancel() from any thread. An operation that sees the flag stops promptly (an
/// in-flight HTTP request is aborted by libcurl's progress callback) and throws CancelledError.
///
/// Thread-safety: every member may be called from any thread at any time.
class CancellationToken {
 public:
  /// A new, not yet cancelled flag. Allocates; throws std::bad_alloc only.
  CancellationToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}

  /// Requests cancellation. Idempotent.
  void cancel() const noexcept { flag_->store(true, std::memory_order_relaxed); }
  /// True once cancel() was called on any copy.
  bool cancelled() const noexcept { return flag_->load(std::memory_order_relaxed); }
  /// A predicate for CallOptions::should_abort that reads this token.
  std::function<bool()> abort_check() const {
    return [flag = flag_] { return flag->load(std::memory_order_relaxed); };
  }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace moi
