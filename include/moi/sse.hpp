// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Server-sent events (SSE, `text/event-stream`): an incremental parser fed a response body
/// chunk by chunk, as the transport receives it. The streamed calls of the SDK
/// (LlmClient::stream_chat_completion) read their answers through it; it is public so that
/// an application can parse a stream it obtained another way.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "moi/visibility.hpp"

namespace moi {

/// Largest event accepted by default (SseParser, SseOptions): 16 MiB, far above the 64 KB
/// lines that broke the official SDKs.
inline constexpr std::size_t kDefaultMaxSseEventBytes = std::size_t{16} * 1024 * 1024;

/// One server-sent event.
struct SseEvent {
  /// The `event:` field; empty when the event had none (the spec's "message").
  std::string event;
  /// The `data:` lines joined with "\n" (without the final line break).
  std::string data;
  /// The last event id seen (`id:` of this event or of an earlier one), as the spec keeps it.
  std::string id;
  /// The `retry:` field of this event, when it held only digits.
  std::optional<std::chrono::milliseconds> retry;
};

/// Options of a streamed call.
struct SseOptions {
  /// Largest event held in memory (its `data` lines with their line breaks, plus its `event`
  /// field), and longest single line of any kind (a comment included): a larger one fails
  /// the stream with DecodeError instead of growing memory. Must be positive.
  std::size_t max_event_bytes = kDefaultMaxSseEventBytes;
};

/// An incremental parser of `text/event-stream` bodies, following the line rules of the
/// WHATWG HTML specification: LF, CRLF and CR line endings (a CRLF split between two chunks
/// is one line break), a leading byte order mark skipped, `:` comment lines ignored, several
/// `data:` lines joined with "\n", `event:`, `id:` (ignored when it holds a NUL) and
/// `retry:` fields, unknown fields ignored, one optional space after the colon removed, an
/// event with no `data:` line not dispatched.
///
/// Each event goes to the handler as soon as the blank line ending it is fed, before feed()
/// returns. Unlike the specification (and as the services' clients expect), finish() also
/// dispatches a final event that the body did not end with a blank line.
///
/// Bytes are not checked for UTF-8: event fields hold the bytes as sent (the caller decides;
/// JSON payloads are checked by their parser). Memory stays bounded by max_event_bytes
/// whatever the stream's length.
///
/// Failures: feed() and finish() throw DecodeError when an event (or a single line) exceeds
/// the limit, and rethrow whatever the handler throws; the parser is then unusable (further
/// calls throw DecodeError). Thread-safety: one parser is used by one thread at a time.
class MOI_EXPORT SseParser {
 public:
  /// Receives each event; may move from it. An exception it throws propagates from feed().
  using Handler = std::function<void(SseEvent& event)>;

  /// @p max_event_bytes must be positive. @throws InvalidArgumentError otherwise.
  explicit SseParser(Handler handler, std::size_t max_event_bytes = kDefaultMaxSseEventBytes);

  /// Parses @p chunk (any size, any split) and dispatches every event it completes.
  void feed(std::string_view chunk);

  /// The body ended: parses a last line without a line break and dispatches a pending event.
  /// Feeding after finish() starts a new stream of lines (the last event id is kept).
  void finish();

  /// Events dispatched so far.
  std::uint64_t events() const noexcept { return events_; }

  /// Bytes fed so far.
  std::uint64_t bytes() const noexcept { return bytes_; }

 private:
  void process_line(std::string_view line);
  void dispatch();
  void check_size(std::size_t size);
  [[noreturn]] void fail(const std::string& problem);

  Handler handler_;
  std::size_t max_event_bytes_;
  std::string line_;      // a line not yet ended by a line break
  std::string data_;      // the event's data lines, each followed by "\n"
  std::string type_;      // the event's `event:` field
  std::string last_id_;   // the last event id (kept across events)
  std::optional<std::chrono::milliseconds> retry_;
  std::uint64_t events_ = 0;
  std::uint64_t bytes_ = 0;
  bool after_cr_ = false;     // the last byte fed was a CR: an LF right after it is skipped
  bool first_line_ = true;    // the stream's first line: a byte order mark is skipped
  bool failed_ = false;
};

}  // namespace moi
