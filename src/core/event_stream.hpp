// SPDX-License-Identifier: Apache-2.0
#pragma once
// Streamed calls whose answer is a server-sent event stream: the request runner's run_stream
// feeding moi::SseParser, so every event reaches the caller as soon as its last byte arrived.

#include "core/request_runner.hpp"
#include "moi/sse.hpp"

namespace moi::detail {

/// Whether a response head starts an event stream: a 2xx with Content-Type
/// `text/event-stream` (or `text/plain`, which the official SDKs accept too).
bool is_event_stream(const HttpResponse& head);

/// Sends @p call through RequestRunner::run_stream: an event-stream answer is parsed chunk by
/// chunk and each event handed to @p on_event; the end of the body dispatches a last event
/// without a trailing blank line. Any other answer is decoded as run_stream does (errors
/// thrown, a success to @p on_data). Timeouts, deadline, cancellation and retries are
/// run_stream's: the call's timeout bounds idleness, nothing is retried once a byte of the
/// stream arrived. @throws DecodeError for an event above SseOptions::max_event_bytes, and
/// whatever @p on_event throws (the transfer is aborted).
void run_event_stream(const RequestRunner& runner, const ApiCall& call,
                      const CallOptions& options, const SseOptions& sse,
                      const SseParser::Handler& on_event, const DataHandler& on_data = {});

}  // namespace moi::detail
