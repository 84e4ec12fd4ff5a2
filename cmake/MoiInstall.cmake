# SPDX-License-Identifier: Apache-2.0
# Installs the library, its headers, a CMake package (moi::moi) and a pkg-config file.
include(CMakePackageConfigHelpers)

set(MOI_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/moi")

# Install components (the Debian packages of cmake/MoiPackaging.cmake): "runtime" is what a
# program needs at run time (a shared libmoi and its SONAME link), "dev" what a build needs,
# "tools" the programs (tools/).
install(TARGETS moi EXPORT moiTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# include/moi/testing belongs to the testing kit, installed below.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/moi" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT dev PATTERN "testing" EXCLUDE)
install(FILES
  "${PROJECT_BINARY_DIR}/include/moi/visibility.hpp"
  "${PROJECT_BINARY_DIR}/include/moi/version.hpp"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/moi COMPONENT dev)

install(EXPORT moiTargets NAMESPACE moi:: DESTINATION ${MOI_CMAKE_DIR} COMPONENT dev)

# The testing kit: find_package(moi CONFIG REQUIRED COMPONENTS testing) loads
# moiTestingTargets.cmake, which defines moi::testing (links moi::moi and moi::emulator, the
# static in-process emulator library) after finding its own dependencies (cpp-httplib through
# pkg-config, Threads). Plain find_package(moi) never loads it. Installed with the tools'
# emulator (MOI_BUILD_TOOLS); every file is in the install component "dev", which a Debian
# package puts in libmoi-dev.
if(TARGET moi_testing)
  set_target_properties(moi_emulator PROPERTIES EXPORT_NAME emulator)
  install(TARGETS moi_emulator moi_testing EXPORT moiTestingTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
  install(FILES "${PROJECT_SOURCE_DIR}/tools/emulator/include/moi_emulator/emulator.hpp"
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/moi_emulator COMPONENT dev)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/moi/testing"
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/moi COMPONENT dev)
  install(EXPORT moiTestingTargets NAMESPACE moi:: DESTINATION ${MOI_CMAKE_DIR}
    COMPONENT dev)
endif()

get_target_property(MOI_LIBRARY_TYPE moi TYPE)
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/moiConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/moiConfig.cmake"
  INSTALL_DESTINATION ${MOI_CMAKE_DIR})
# 0.x releases may change the API in a minor release.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/moiConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/moiConfig.cmake"
  "${PROJECT_BINARY_DIR}/moiConfigVersion.cmake"
  DESTINATION ${MOI_CMAKE_DIR} COMPONENT dev)

# A static libmoi needs libcurl and libarchive on the consumer's link line; a shared one links
# them itself.
if(MOI_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(MOI_PC_PRIVATE_DEFINE " -DMOI_STATIC_DEFINE")
  set(MOI_PC_REQUIRES "nlohmann_json >= 3.11, libcurl, libarchive")
  set(MOI_PC_REQUIRES_PRIVATE "")
else()
  set(MOI_PC_PRIVATE_DEFINE "")
  set(MOI_PC_REQUIRES "nlohmann_json >= 3.11")
  set(MOI_PC_REQUIRES_PRIVATE "libcurl, libarchive")
endif()
# The prefix is found relative to the .pc file, so `cmake --install --prefix X` works too.
file(RELATIVE_PATH MOI_PC_PREFIX_FROM_PCFILEDIR
     "/moi-prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/moi-prefix")
configure_file("${PROJECT_SOURCE_DIR}/cmake/moi.pc.in" "${PROJECT_BINARY_DIR}/moi.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/moi.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT dev)
