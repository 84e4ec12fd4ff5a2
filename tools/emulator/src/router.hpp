// SPDX-License-Identifier: Apache-2.0
// Maps method + path to one of the 23 endpoints and its path arguments.
#pragma once

#include <string>
#include <vector>

#include "moi_emulator/emulator.hpp"

namespace moi::emulator::detail {

/// Every path starts with this.
inline constexpr const char* kApiPrefix = "/byoa/api/v1";

struct RouteMatch {
  enum class Kind { kMatched, kMethodNotAllowed, kNotFound };
  Kind kind = Kind::kNotFound;
  Endpoint endpoint = Endpoint::kW1CreateWorkflow;
  std::vector<std::string> args;  ///< path parameters in order
};

/// `path` is the decoded path without the query string. A trailing slash is ignored.
RouteMatch match_route(const std::string& method, const std::string& path);

}  // namespace moi::emulator::detail
