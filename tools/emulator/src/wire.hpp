// SPDX-License-Identifier: Apache-2.0
// What goes on the wire: the answer type the routes return, the success envelope, the
// FastAPI-style error bodies, and the timestamp and "JSON inside a string" encodings.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace moi::emulator::detail {

using json = nlohmann::ordered_json;  // keeps keys in the order written or received

/// One HTTP answer, independent of the server library.
struct Reply {
  int status = 200;
  std::string body;  ///< Serialized JSON (empty for 204).
  std::vector<std::pair<std::string, std::string>> headers;
  /// Send the status line, headers and half of the body, then close (an injected kDrop).
  bool truncate = false;
  /// Content-Type of `body` (JSON except for the file bytes of F5).
  std::string content_type = "application/json";
  /// A streamed answer (server-sent events) when non-empty: these pieces, sent one after the
  /// other with `stream_delay` before each (`body` is ignored), then `stream_end`.
  std::vector<std::string> stream;
  std::int64_t stream_delay_ms = 0;
  enum class StreamEnd {
    kComplete,  ///< the body ends normally
    kStall,     ///< nothing more is sent until the emulator stops (or 60 s pass)
    kCut,       ///< the connection is closed without ending the body
  };
  StreamEnd stream_end = StreamEnd::kComplete;
  /// Set by another request (a data-asking cancel, D2) to end the stream at once: what is not
  /// sent yet is dropped, `stream_cancel_piece` is sent instead and the body ends normally.
  std::shared_ptr<std::atomic<bool>> stream_cancel;
  std::string stream_cancel_piece;
};

/// Nesting depth accepted in request bodies (the SDK-wide limit of bounded_json.hpp).
int request_json_depth_limit();
/// Nesting depth accepted in a state file: a stored request member sits a few levels deeper
/// there than in its request body.
int state_json_depth_limit();

/// The outcome of parsing text that came from outside (a request body, a state file).
struct ParsedJson {
  json value;
  bool ok = false;
  bool too_deep = false;    ///< rejected before parsing: nested deeper than the limit
  std::int64_t offset = 0;  ///< byte offset of the error (0 when unknown)
  std::string error;        ///< one line, printable ASCII only (bytes >= 0x80 shown as \xNN)
};

/// Parses `text` with the nesting bound of moi::detail::json_nesting_exceeds checked first, so
/// every later copy, dump or comparison of the value is bounded too. Never throws.
ParsedJson parse_json_text(std::string_view text, int depth_limit);

/// Serializes a value; invalid UTF-8 (which must never get in) becomes U+FFFD instead of
/// throwing.
std::string dump_json(const json& value);

/// `text` with control characters and bytes >= 0x80 written as \xNN: safe in any message.
std::string printable(std::string_view text);

/// 200 `{"code": "ok", "msg": "ok", "data": data}`.
Reply ok(json data);
/// 200 with `"data": null`.
Reply ok_null();
/// 204, no body.
Reply no_content();
/// `{"detail": "text"}` with the given status (FastAPI's HTTPException form).
Reply error_detail(int status, const std::string& text);
/// 422 `{"detail": [ {loc, msg, type, ...}, ... ]}`.
Reply validation_failed(json errors);

// --- the data-in/out endpoints at the host root --------------------------------------------

/// 200 `{"code": "OK", "msg": "OK", "data": data, "request_id": id}`.
Reply ok_root(json data, const std::string& request_id);
/// 200 `{"code": "OK", "msg": "OK", "request_id": id}` (mutations without data).
Reply ok_root_no_data(const std::string& request_id);
/// `{"code": code, "msg": msg, "data": null, "request_id": id}` with the given status.
Reply error_root(int status, const std::string& code, const std::string& msg,
                 const std::string& request_id);
/// The string code of an HTTP error status: 400 INVALID_ARGUMENT, 401 UNAUTHENTICATED,
/// 403 PERMISSION_DENIED, 404 NOT_FOUND, 405 METHOD_NOT_ALLOWED, 408 DEADLINE_EXCEEDED,
/// 413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE, 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE,
/// else INTERNAL_ERROR.
std::string root_error_code(int status);
/// A form of `reply` (a FastAPI `{"detail": "text"}` error) for a host-root endpoint: the same
/// status and text in the `code`/`msg` envelope. Other replies are returned unchanged.
Reply to_root_error(Reply reply, const std::string& request_id);

/// "2025-05-30T09:45:58" (UTC, no zone), as in the workflow document.
std::string iso_no_zone(std::int64_t epoch_ms);
/// "2024-01-01T00:00:00Z", as in the export document.
std::string iso_z(std::int64_t epoch_ms);

/// Python's json.dumps() layout: ", " and ": " separators, non-ASCII escaped as \uXXXX.
/// W1 and J2 send arrays as strings in this form: "[1, 2]", "[\"b_vol3\"]".
std::string python_dumps(const json& value);

}  // namespace moi::emulator::detail
