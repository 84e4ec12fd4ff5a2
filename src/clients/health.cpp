// SPDX-License-Identifier: Apache-2.0
// Client::health: the one call that belongs to no resource client.
#include "clients/endpoints.hpp"
#include "moi/client.hpp"

namespace moi {

HealthStatus Client::health(const CallOptions& options) const {
  auto call = detail::make_call(detail::endpoints::kH1Health);
  call.bare_answer = true;  // form B: {"status": "ok"}, no envelope
  return runner_->run_as<HealthStatus>(call, options);
}

}  // namespace moi
