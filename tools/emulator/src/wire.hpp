// SPDX-License-Identifier: Apache-2.0
// What goes on the wire: the answer type the routes return, the success envelope, the
// FastAPI-style error bodies, and the timestamp and "JSON inside a string" encodings.
#pragma once

#include <cstdint>
#include <string>
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
};

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

/// "2025-05-30T09:45:58" (UTC, no zone), as in the workflow document.
std::string iso_no_zone(std::int64_t epoch_ms);
/// "2024-01-01T00:00:00Z", as in the export document.
std::string iso_z(std::int64_t epoch_ms);

/// Python's json.dumps() layout: ", " and ": " separators, non-ASCII escaped as \uXXXX.
/// W1 and J2 send arrays as strings in this form: "[1, 2]", "[\"b_vol3\"]".
std::string python_dumps(const json& value);

}  // namespace moi::emulator::detail
