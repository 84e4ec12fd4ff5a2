// SPDX-License-Identifier: Apache-2.0
// The transport interface's non-virtual parts, independent of libcurl.

#include "moi/transport.hpp"

#include <unistd.h>
#include "moi_internal/ascii.hpp"

namespace moi {

HttpTransport::~HttpTransport() = default;

OpenFile::~OpenFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (detail::iequals(key, name)) return value;
  }
  return {};
}

}  // namespace moi
