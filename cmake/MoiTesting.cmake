# SPDX-License-Identifier: Apache-2.0
# The testing kit, moi::testing: the in-process emulator (moi_emulator, header
# moi_emulator/emulator.hpp) and the recording transport (moi/testing/recording_transport.hpp,
# header-only). The same name works in this build tree (add_subdirectory) and after install
# (find_package(moi CONFIG REQUIRED COMPONENTS testing), see moiConfig.cmake.in).
# Included by the top-level CMakeLists.txt after the tools, when the emulator is built.
if(NOT TARGET moi_emulator)
  return()
endif()

add_library(moi_testing INTERFACE)
add_library(moi::testing ALIAS moi_testing)
set_target_properties(moi_testing PROPERTIES EXPORT_NAME testing)
target_link_libraries(moi_testing INTERFACE moi::moi moi_emulator)
