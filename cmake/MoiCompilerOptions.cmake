# SPDX-License-Identifier: Apache-2.0
# Warning flags for the project's own targets (never forced on consumers).
add_library(moi_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(moi_warnings INTERFACE -Wall -Wextra -Wpedantic)
  if(MOI_WARNINGS_AS_ERRORS)
    target_compile_options(moi_warnings INTERFACE -Werror)
  endif()
endif()

# MOI_SANITIZE=address,undefined or thread: instruments the project's own targets (and links
# the runtime); a sanitizer report makes the test fail (halt_on_error in the test environment).
set(MOI_SANITIZE "" CACHE STRING "Sanitizers for the project's targets (e.g. address,undefined)")
if(MOI_SANITIZE)
  add_compile_options(-fsanitize=${MOI_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${MOI_SANITIZE})
endif()
