// SPDX-License-Identifier: Apache-2.0
#include "moi/version.hpp"

namespace moi {

const char* version() noexcept { return MOI_VERSION_STRING; }

}  // namespace moi
