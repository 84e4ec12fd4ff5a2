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
  std::vector<std::string> args;        ///< path parameters in order (decoded)
  std::vector<std::string> arg_names;   ///< their names ("workflow_id", ...), for error locations
};

/// `segments` are the decoded segments of the raw path, split on '/' before decoding (see
/// parse_target), so an encoded slash never separates two segments. One trailing empty segment
/// (a trailing slash) is ignored.
RouteMatch match_route(const std::string& method, const std::vector<std::string>& segments);

}  // namespace moi::emulator::detail
