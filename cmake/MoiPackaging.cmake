# SPDX-License-Identifier: Apache-2.0
# Debian packages with CPack (bash scripts/package.sh; MOI_DEBIAN_PACKAGES=ON):
#   libmoi0     the shared library (only when BUILD_SHARED_LIBS=ON): libmoi.so.0.x.y and its
#               SONAME link libmoi.so.0 (install component "runtime")
#   libmoi-dev  headers, the static library, the libmoi.so link, the CMake package with the
#               testing kit and the static component, the pkg-config file (component "dev")
#   moi-tools   moi, moi-emulator, their man pages, bash completion (component "tools")
# Each package also carries the files Debian policy asks of every package: a copyright file and
# a compressed changelog in /usr/share/doc/<package>.
include_guard(GLOBAL)

set(MOI_PACKAGE_MAINTAINER "moi-cpp maintainers <maintainers@users.noreply.r-seed-b8aa69ef.example>"
    CACHE STRING "Maintainer field of the Debian packages")

set(_moi_package_runtime "libmoi${PROJECT_VERSION_MAJOR}")
set(_moi_packages "")
if(MOI_LIBRARY_TYPE STREQUAL "SHARED_LIBRARY")
  list(APPEND _moi_packages runtime:${_moi_package_runtime})
  # libmoi-dev carries the static library next to the shared one, as Debian -dev packages do:
  # the same sources built a second time. find_package(moi CONFIG REQUIRED COMPONENTS static)
  # gives it as moi::moi_static (moiStaticTargets.cmake); pkg-config users link it by path
  # with `pkg-config --static --libs moi`'s dependencies.
  get_target_property(_moi_sources moi SOURCES)
  add_library(moi_static STATIC ${_moi_sources})
  # The shared library's public include directories (build and install forms), and src/.
  get_target_property(_moi_public_include_dirs moi INTERFACE_INCLUDE_DIRECTORIES)
  target_include_directories(moi_static PUBLIC ${_moi_public_include_dirs}
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_definitions(moi_static PUBLIC MOI_STATIC_DEFINE)
  target_compile_features(moi_static PUBLIC cxx_std_17)
  target_link_libraries(moi_static
    PUBLIC nlohmann_json::nlohmann_json
    PRIVATE CURL::libcurl Threads::Threads LibArchive::LibArchive $<BUILD_INTERFACE:moi_warnings>
      $<BUILD_INTERFACE:moi_internal_common>)
  set_target_properties(moi_static PROPERTIES OUTPUT_NAME moi EXPORT_NAME moi_static
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  install(TARGETS moi_static EXPORT moiStaticTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
  install(EXPORT moiStaticTargets NAMESPACE moi:: DESTINATION ${MOI_CMAKE_DIR} COMPONENT dev)
endif()
list(APPEND _moi_packages dev:libmoi-dev)
if(TARGET moi_cli_main)
  list(APPEND _moi_packages tools:moi-tools)
endif()

# /usr/share/doc/<package>/{copyright,changelog.gz}. The changelog has one entry per release of
# CHANGELOG.md, dated as there, so two builds of the same sources give the same bytes.
file(READ "${PROJECT_SOURCE_DIR}/CHANGELOG.md" _moi_changelog_md)
string(REGEX MATCHALL "\n## \\[[0-9]+\\.[0-9]+\\.[0-9]+\\] - [0-9]+-[0-9]+-[0-9]+"
       _moi_releases "${_moi_changelog_md}")
# Debian wants RFC 5322 dates, newest entry first, each later than the one below it: a release
# is dated noon UTC of its day, or an hour after the previous release made the same day.
list(REVERSE _moi_releases)
set(_moi_debian_changelog "")
set(_moi_previous_epoch 0)
foreach(_moi_release IN LISTS _moi_releases)
  string(REGEX MATCH "\\[([^]]+)\\] - ([0-9-]+)" _ "${_moi_release}")
  set(_moi_release_version "${CMAKE_MATCH_1}")
  execute_process(COMMAND date -u -d "${CMAKE_MATCH_2} 12:00:00" +%s
    OUTPUT_VARIABLE _moi_epoch OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _moi_result)
  if(NOT _moi_result EQUAL 0)
    message(FATAL_ERROR "MoiPackaging: cannot read the date of release ${_moi_release_version}")
  endif()
  if(NOT _moi_epoch GREATER _moi_previous_epoch)
    math(EXPR _moi_epoch "${_moi_previous_epoch} + 3600")
  endif()
  set(_moi_previous_epoch ${_moi_epoch})
  execute_process(COMMAND date -u -R -d "@${_moi_epoch}"
    OUTPUT_VARIABLE _moi_release_date OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(CONCAT _moi_entry
    "moi (${_moi_release_version}) unstable; urgency=medium\n\n"
    "  * moi-cpp ${_moi_release_version}: see CHANGELOG.md in the sources for the changes.\n\n"
    " -- ${MOI_PACKAGE_MAINTAINER}  ${_moi_release_date}\n\n")
  set(_moi_debian_changelog "${_moi_entry}${_moi_debian_changelog}")
endforeach()
if(NOT _moi_releases MATCHES "\\[${PROJECT_VERSION}\\]")
  message(FATAL_ERROR "MoiPackaging: CHANGELOG.md has no release heading "
                      "'## [${PROJECT_VERSION}] - YYYY-MM-DD' for the version being packaged")
endif()
set(_moi_debian_dir "${PROJECT_BINARY_DIR}/debian")
file(WRITE "${_moi_debian_dir}/changelog" "${_moi_debian_changelog}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/debian/copyright" "${_moi_debian_dir}/copyright"
               @ONLY)
add_custom_command(OUTPUT "${_moi_debian_dir}/changelog.gz"
  COMMAND gzip -9nf -k "${_moi_debian_dir}/changelog"
  DEPENDS "${_moi_debian_dir}/changelog"
  COMMENT "Compressing the Debian changelog" VERBATIM)
add_custom_target(moi_debian_changelog ALL DEPENDS "${_moi_debian_dir}/changelog.gz")

set(CPACK_COMPONENTS_ALL "")
foreach(_moi_entry IN LISTS _moi_packages)
  string(REPLACE ":" ";" _moi_entry "${_moi_entry}")
  list(GET _moi_entry 0 _moi_component)
  list(GET _moi_entry 1 _moi_package)
  string(TOUPPER "${_moi_component}" _moi_COMPONENT)
  list(APPEND CPACK_COMPONENTS_ALL ${_moi_component})
  set(CPACK_DEBIAN_${_moi_COMPONENT}_PACKAGE_NAME ${_moi_package})
  install(FILES "${_moi_debian_dir}/copyright" "${_moi_debian_dir}/changelog.gz"
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${_moi_package} COMPONENT ${_moi_component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_PACKAGE_NAME moi)
# Each package's description is its own (first line the synopsis): no common summary on top.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${MOI_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MOI_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SOURCE moi)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
set(CPACK_OUTPUT_CONFIG_FILE "${PROJECT_BINARY_DIR}/CPackConfig.cmake")
set(CPACK_SOURCE_OUTPUT_CONFIG_FILE "${PROJECT_BINARY_DIR}/CPackSourceConfig.cmake")
# Depends from the ELF files (dpkg-shlibdeps); libmoi.so.0 is found in the build tree and
# turned into a libmoi0 dependency by the component dependencies below.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${PROJECT_BINARY_DIR}/src")
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
# A shlibs file (for the packages of programs linking libmoi.so.0) and the ldconfig trigger.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
file(WRITE "${_moi_debian_dir}/triggers" "activate-noawait ldconfig\n")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA "${_moi_debian_dir}/triggers")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# While the version is 0.x a minor release may change the ABI without changing the SONAME
# (libmoi.so.0): programs built against this libmoi0 depend on exactly this version.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY "=")
else()
  set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
endif()
string(CONCAT CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "C++ SDK for MatrixOne Intelligence (MOI) - shared library\n"
  "moi-cpp is a C++17 client for the MatrixOne Intelligence data-processing and\n"
  "data-export APIs: workflows, branches, jobs, export tasks, catalogs, volumes,\n"
  "uploads, load tasks and connectors, with retries, pagination and waiters.\n"
  "\n"
  "This package contains the shared library.")

set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# What the installed headers and the static library need: nlohmann/json in the public headers,
# libcurl and libarchive for static linking. The testing kit (COMPONENTS testing) also needs cpp-httplib
# through pkg-config and SQLite (the emulator's table store); it is optional, so suggested.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "nlohmann-json3-dev (>= 3.11), libcurl4-openssl-dev | libcurl-dev, libarchive-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS
  "libcpp-httplib-dev, libsqlite3-dev, pkg-config, libgtest-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)
string(CONCAT CPACK_COMPONENT_DEV_DESCRIPTION
  "C++ SDK for MatrixOne Intelligence (MOI) - development files\n"
  "moi-cpp is a C++17 client for the MatrixOne Intelligence data-processing and\n"
  "data-export APIs: workflows, branches, jobs, export tasks, catalogs, volumes,\n"
  "uploads, load tasks and connectors, with retries, pagination and waiters.\n"
  "\n"
  "This package contains the headers, the static library, the CMake package\n"
  "(find_package(moi CONFIG), target moi::moi), the pkg-config file, and the\n"
  "testing kit (find_package(moi CONFIG COMPONENTS testing), target moi::testing:\n"
  "an in-process emulator of the service and a recording HTTP transport).")

set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
string(CONCAT CPACK_COMPONENT_TOOLS_DESCRIPTION
  "Command-line client and local emulator for MatrixOne Intelligence (MOI)\n"
  "moi calls every endpoint of the MatrixOne Intelligence data-processing and\n"
  "data-export APIs from the shell, with profiles, JSON, JSON Lines, table and\n"
  "TSV output. moi-emulator is a local stateful stand-in for the service, for\n"
  "examples and tests without a cloud account.")
if(MOI_LIBRARY_TYPE STREQUAL "SHARED_LIBRARY")
  set(CPACK_COMPONENT_DEV_DEPENDS runtime)
  set(CPACK_COMPONENT_TOOLS_DEPENDS runtime)
endif()

include(CPack)
