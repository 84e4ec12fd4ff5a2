// SPDX-License-Identifier: Apache-2.0
#pragma once
// Decoding an answer: the envelope of a 2xx (envelope.cpp) and the error of anything else
// (http_error.cpp). Every piece of server text in an error is redacted and made one line.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "core/safe_text.hpp"
#include "moi/transport.hpp"

namespace moi::detail {

/// Decodes an HTTP response into the envelope's data, or throws the matching error.
/// Exposed for tests and fuzzing. @p secrets (the API key, the call's own) are redacted from
/// the error thrown (throw_redacted) and from @p known_request_id. When @p known_request_id is
/// given it receives the id the answer is known by (the server's X-Request-ID, else the
/// envelope's request_id, else @p request_id).
nlohmann::json decode_envelope(const HttpResponse& response, const std::string& request_id,
                               const Secrets& secrets, std::string* known_request_id = nullptr);

/// Answer form C (the LLM proxy): a 2xx body is the answer itself, returned whole (null when
/// empty or 204); anything else throws as decode_envelope does. Parameters as decode_envelope.
nlohmann::json decode_bare_answer(const HttpResponse& response, const std::string& request_id,
                                  const Secrets& secrets, std::string* known_request_id = nullptr);

/// Maps a non-2xx answer to HttpError and throws it, not yet redacted (decode_envelope does).
/// @p request_id is the id the answer is known by (see decode_envelope); @p have_header_id
/// says whether the server sent it.
[[noreturn]] void throw_http_error(const HttpResponse& response, std::string request_id,
                                   bool have_header_id, const Secrets& secrets);

// Small JSON readers both halves share.
bool is_blank(std::string_view body);
std::string string_member(const nlohmann::json& object, const char* key);

}  // namespace moi::detail
