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

/// The parts of `body`, or nullopt with a one-line reason in `error`.
std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body, std::string& error);

}  // namespace moi::emulator::detail
