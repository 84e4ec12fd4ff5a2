// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reaching a Client's request runner from inside the library (and its tests), without a
// public accessor: users never see detail::RequestRunner.

#include <memory>

#include "core/request_runner.hpp"
#include "moi/client.hpp"

namespace moi::detail {

/// The one door from a moi::Client to its internals.
struct ClientAccess {
  /// The runner shared by @p client's resource clients.
  static const std::shared_ptr<const RequestRunner>& runner(const Client& client) noexcept {
    return client.runner_;
  }
};

}  // namespace moi::detail
