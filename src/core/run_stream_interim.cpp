// SPDX-License-Identifier: Apache-2.0
// INTERIM (h6): a buffered stand-in for the lead's RequestRunner::run_stream, removed when the
// streaming seam is merged. It sends once, then feeds the whole body to the sink.
#include "core/request_runner.hpp"

namespace moi::detail {

void RequestRunner::run_stream(const ApiCall& call, const CallOptions& options,
                               const StreamFilter& accept, const BodySink& sink,
                               const DataHandler& on_data) const {
  const std::string request_id = generate_request_id();
  HttpRequest request = build_request(call, options, request_id);
  const HttpResponse response = transport_->send(request);
  if (accept(response)) {
    if (!response.body.empty()) sink(response.body);
    return;
  }
  const Secrets secrets(options_.api_key);
  const nlohmann::json data = call.bare_answer
                                  ? decode_bare_answer(response, request_id, secrets)
                                  : decode_envelope(response, request_id, secrets);
  if (on_data) on_data(data);
}

}  // namespace moi::detail
