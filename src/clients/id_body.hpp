// SPDX-License-Identifier: Apache-2.0
#pragma once
// The `{"id": ...}` body of the host-root calls that take one id.

#include <string>
#include <string_view>

#include "clients/validate.hpp"
#include "moi/model/catalog.hpp"

namespace moi::detail {

/// `{"id": id}`. @throws InvalidArgumentError naming @p what when @p id is empty.
inline Json id_body(std::string_view what, const std::string& id) {
  require_non_empty(what, id);
  IdBody body;
  body.id = id;
  return Json(body);
}

/// `{"id": <integer>}` for a catalog or database id (decimal text goes out as a JSON
/// integer). @throws InvalidArgumentError naming @p what when @p id is empty.
inline Json numeric_id_body(std::string_view what, const std::string& id) {
  require_non_empty(what, id);
  NumericIdBody body;
  body.id = id;
  return Json(body);
}

}  // namespace moi::detail
