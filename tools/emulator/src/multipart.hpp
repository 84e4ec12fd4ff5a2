// SPDX-License-Identifier: Apache-2.0
// A strict, bounded multipart/form-data parser (RFC 7578) for the upload endpoint. It works
// on the whole body, which the HTTP layer has already limited to --max-body-bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moi::emulator::detail {

struct FormPart {
  std::string name;      ///< Content-Disposition name
  std::string filename;  ///< Content-Disposition filename ("" when absent)
  bool has_filename = false;
  std::string content_type;  ///< the part's Content-Type ("" when absent)
  std::string content;
};

/// True when the Content-Type is multipart/form-data.
bool is_multipart_form(std::string_view content_type);

/// The parts of `body`, or nullopt with a one-line reason in `error`; more than `max_parts`
/// parts is an error too (then `too_many` is set).
///
/// Quoted parameters (`name="..."`, `filename="..."`) are read as libcurl (7.81 and later)
/// and browsers write them (the WHATWG HTML form encoding, RFC 7578 section 4.2): the value is
/// every byte up to the next `"`, a backslash being an ordinary character; those clients send
/// a quote, CR and LF in a name as `%22`, `%0D`, `%0A`, which are kept as received (as the
/// service's own parser does). A value escaped the RFC 2616 way (`\"` inside) leaves text
/// after its closing quote and is refused, never read as a different name.
std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body, std::string& error,
                                                     std::size_t max_parts, bool& too_many);

}  // namespace moi::emulator::detail
