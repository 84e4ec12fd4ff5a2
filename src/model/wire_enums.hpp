// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: the wire spellings of SortOrder. The spelling depends on the endpoint, so the
// model codec (export bodies) and the clients' query builders (W2, J1) pick one; users only see
// SortOrder, to_string(SortOrder) and parse_sort_order(). Defined in enums.cpp.

#include "moi/model/enums.hpp"

namespace moi {

/// W2 spelling: "ascend" or "descend".
const char* to_wire_ascend_descend(SortOrder v) noexcept;
/// J1 and export spelling: "asc" or "desc".
const char* to_wire_asc_desc(SortOrder v) noexcept;

}  // namespace moi
