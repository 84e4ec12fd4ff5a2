// SPDX-License-Identifier: Apache-2.0
#pragma once
// Client-side checks, only where a bad value would otherwise change the request.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "moi/error.hpp"

namespace moi::detail {

inline void require_at_least(std::string_view name, const std::optional<std::int64_t>& value,
                             std::int64_t minimum) {
  if (value && *value < minimum) {
    throw InvalidArgumentError(std::string(name) + " must be at least " + std::to_string(minimum) +
                               ", got " + std::to_string(*value));
  }
}

inline void require_non_empty(std::string_view name, const std::string& value) {
  if (value.empty()) throw InvalidArgumentError(std::string(name) + " is empty");
}

}  // namespace moi::detail
