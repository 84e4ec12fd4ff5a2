// SPDX-License-Identifier: Apache-2.0
// Maps method + path to one of the endpoints and its path arguments: the 23 under
// /byoa/api/v1 and the data-in/out endpoints at the host root.
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
  std::vector<std::string> args;       ///< path parameters in order (decoded)
  std::vector<std::string> arg_names;  ///< their names ("workflow_id", ...), for error locations
  /// A data-in/out endpoint at the host root: answers use the `"code": "OK"` envelope with a
  /// `request_id` and string error codes. Also set for an unmatched method on such a path.
  bool root = false;
  /// An LLM proxy endpoint (`/llm-proxy/...`): bare answers, OpenAI-shaped errors. Also set
  /// for an unmatched method on such a path.
  bool llm = false;
};

/// True for the endpoints at the host root (C*, F*, U1, T*, K*).
bool is_root_endpoint(Endpoint endpoint);

/// True for the LLM proxy's endpoints (L*): bare answers, OpenAI-shaped errors.
bool is_llm_endpoint(Endpoint endpoint);

/// `segments` are the decoded segments of the raw path, split on '/' before decoding (see
/// parse_target), so an encoded slash never separates two segments. One trailing empty segment
/// (a trailing slash) is ignored.
RouteMatch match_route(const std::string& method, const std::vector<std::string>& segments);

}  // namespace moi::emulator::detail
