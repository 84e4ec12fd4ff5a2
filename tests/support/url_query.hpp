// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading a request URL's query in tests that check what the SDK sent.

#include <string>

namespace moi::testing {

/// Value of query parameter @p key in @p url ("" when absent; the first when repeated).
inline std::string query_value(const std::string& url, const std::string& key) {
  const auto question = url.find('?');
  if (question == std::string::npos) return {};
  std::size_t pos = question + 1;
  while (pos < url.size()) {
    const auto amp = url.find('&', pos);
    const std::string pair =
        url.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return {};
}

}  // namespace moi::testing
