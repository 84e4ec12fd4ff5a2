# SPDX-License-Identifier: Apache-2.0
# Warning flags for the project's own targets (never forced on consumers).
add_library(moi_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(moi_warnings INTERFACE -Wall -Wextra -Wpedantic)
  if(MOI_WARNINGS_AS_ERRORS)
    target_compile_options(moi_warnings INTERFACE -Werror)
  endif()
endif()
