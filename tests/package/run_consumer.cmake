# SPDX-License-Identifier: Apache-2.0
# ctest -P script: builds and runs a consumer of moi-cpp.
#   MODE=prefix: installs BUILD_DIR into WORK_DIR/prefix (once; the fixture of the next two).
#   MODE=install: builds consumer/ against WORK_DIR/prefix with find_package(moi CONFIG
#                 REQUIRED) (without pkg-config available to CMake: the core package must not
#                 need cpp-httplib), checks the pkg-config file, and builds static_consumer/
#                 (find_package(moi CONFIG REQUIRED COMPONENTS static), moi::moi_static).
#   MODE=testing: builds and runs testing_consumer/ (moi::testing, GoogleTest) against
#                 WORK_DIR/prefix, and checks that an unknown component fails cleanly.
#   MODE=subdirectory: builds subdirectory_consumer/ which add_subdirectory()s the source tree.
# PREFIX (optional) replaces WORK_DIR/prefix for install and testing: scripts/check-packages.sh
# points it at the Debian packages extracted into a temporary root.
cmake_minimum_required(VERSION 3.16)

if(DEFINED PREFIX)
  set(prefix "${PREFIX}")
else()
  set(prefix "${WORK_DIR}/prefix")
endif()
set(work "${WORK_DIR}/${MODE}")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "command failed (${result}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(generator_args -G Ninja -DCMAKE_BUILD_TYPE=Release)
if(CCACHE)
  list(APPEND generator_args -DCMAKE_CXX_COMPILER_LAUNCHER=${CCACHE})
endif()

# A project asking for @p component of the moi package installed at @p at: without REQUIRED
# moi is not found, plain find_package(moi) still works, and with REQUIRED configuring fails
# with an error matching @p expected.
function(expect_component_refused name at component expected)
  file(WRITE "${work}/${name}/CMakeLists.txt"
    "cmake_minimum_required(VERSION 3.16)\n"
    "project(moi_${name} LANGUAGES CXX)\n"
    "find_package(moi CONFIG COMPONENTS ${component})\n"
    "if(moi_FOUND)\n  message(FATAL_ERROR \"moi_FOUND with component ${component}\")\nendif()\n"
    "find_package(moi CONFIG REQUIRED)\n"
    "find_package(moi CONFIG REQUIRED COMPONENTS ${component})\n")
  execute_process(COMMAND ${CMAKE_COMMAND} -S "${work}/${name}" -B "${work}/${name}/build"
      ${generator_args} "-DCMAKE_PREFIX_PATH=${at}"
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(result EQUAL 0 OR NOT err MATCHES "${expected}" OR err MATCHES "moi_FOUND with component")
    message(FATAL_ERROR "find_package(moi COMPONENTS ${component}) at ${at} did not fail "
                        "cleanly (${result}):\n${out}\n${err}")
  endif()
endfunction()

if(MODE STREQUAL "prefix")
  file(REMOVE_RECURSE "${prefix}")
  run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
  message(STATUS "installed ${BUILD_DIR} into ${prefix}")
elseif(MODE STREQUAL "install")
  if(NOT EXISTS "${prefix}/include/moi/moi.hpp")
    message(FATAL_ERROR "no installed prefix at ${prefix}: run the test moi_package_prefix first")
  endif()
  # CMAKE_DISABLE_FIND_PACKAGE_PkgConfig: finding moi must not look for cpp-httplib.
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/package/consumer" -B "${work}/build"
      ${generator_args} "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON)
  run(${CMAKE_COMMAND} --build "${work}/build")
  run("${work}/build/app")
  message(STATUS "${last_output}")
  # pkg-config users get the same library.
  file(GLOB pc_dirs LIST_DIRECTORIES true "${prefix}/lib/pkgconfig" "${prefix}/lib/*/pkgconfig")
  string(REPLACE ";" ":" pc_path "${pc_dirs}")
  set(ENV{PKG_CONFIG_PATH} "${pc_path}")
  run(pkg-config --cflags --libs moi)
  string(STRIP "${last_output}" pc_flags)
  message(STATUS "pkg-config moi: ${pc_flags}")
  if(NOT pc_flags MATCHES "-lmoi")
    message(FATAL_ERROR "pkg-config moi does not name -lmoi: ${pc_flags}")
  endif()
  # A pkg-config user compiles and links with exactly those flags, from this prefix.
  separate_arguments(pc_list UNIX_COMMAND "${pc_flags}")
  run(${CMAKE_CXX_COMPILER} -std=c++17 "${SOURCE_DIR}/tests/package/app.cpp" -o "${work}/app-pc"
      ${pc_list} -pthread)
  run("${work}/app-pc")
  message(STATUS "pkg-config consumer: ${last_output}")
  # A static libmoi.a next to the shared one (Debian's libmoi-dev): linked by path, with libcurl
  # and libarchive (moi.pc's Requires.private), the program must not need libmoi.so at run time.
  list(GET pc_dirs 0 pc_dir)
  get_filename_component(libdir "${pc_dir}" DIRECTORY)
  file(GLOB shared_library "${libdir}/libmoi.so")
  if(shared_library AND EXISTS "${libdir}/libmoi.a")
    run(pkg-config --cflags moi)
    separate_arguments(cflags UNIX_COMMAND "${last_output}")
    run(pkg-config --libs libcurl libarchive)
    separate_arguments(curl_libs UNIX_COMMAND "${last_output}")
    run(${CMAKE_CXX_COMPILER} -std=c++17 "${SOURCE_DIR}/tests/package/app.cpp"
        -o "${work}/app-static" ${cflags} "${libdir}/libmoi.a" ${curl_libs} -pthread)
    run(readelf -d "${work}/app-static")
    if(last_output MATCHES "libmoi")
      message(FATAL_ERROR "the program linked with libmoi.a needs a libmoi shared library")
    endif()
    run("${work}/app-static")
    message(STATUS "static libmoi.a consumer: ${last_output}")
    # The same prefix without libmoi.a (a shared-only install): the static component is
    # missing, optional or not, with a message saying why; nothing else breaks.
    set(shared_only "${work}/shared-only")
    file(COPY "${prefix}/" DESTINATION "${shared_only}"
         PATTERN "libmoi.a" EXCLUDE PATTERN "moiStaticTargets*" EXCLUDE)
    expect_component_refused(no-static "${shared_only}" static
      "moi component static: this installation has only the shared library")
    message(STATUS "static component without libmoi.a refused: ok")
  endif()
  # find_package(moi COMPONENTS static): moi::moi_static is the static library in both layouts
  # (libmoi.a beside libmoi.so, or moi::moi itself when only the static one is installed); the
  # program needs no libmoi at run time.
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/package/static_consumer" -B "${work}/static"
      ${generator_args} "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON)
  run(${CMAKE_COMMAND} --build "${work}/static")
  run(readelf -d "${work}/static/app")
  if(last_output MATCHES "libmoi")
    message(FATAL_ERROR "the program linked with moi::moi_static needs a libmoi shared library")
  endif()
  run("${work}/static/app")
  message(STATUS "find_package(moi COMPONENTS static) consumer: ${last_output}")
elseif(MODE STREQUAL "testing")
  if(NOT EXISTS "${prefix}/include/moi_emulator/emulator.hpp")
    message(FATAL_ERROR "no testing kit in ${prefix}: run the test moi_package_prefix first")
  endif()
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/package/testing_consumer" -B "${work}/build"
      ${generator_args} "-DCMAKE_PREFIX_PATH=${prefix}")
  run(${CMAKE_COMMAND} --build "${work}/build" -j 2)
  run("${work}/build/kit_test")
  message(STATUS "${last_output}")
  # An unknown component: find_package fails with a message naming it and the known ones.
  expect_component_refused(unknown "${prefix}" no_such_part
    "no component 'no_such_part' \\(components: testing, static\\)")
  message(STATUS "unknown component refused: ok")
elseif(MODE STREQUAL "subdirectory")
  # Built as a shared library here: proves the export header and hidden visibility.
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/package/subdirectory_consumer" -B "${work}/build"
      ${generator_args} "-DMOI_SOURCE_DIR=${SOURCE_DIR}" -DBUILD_SHARED_LIBS=ON)
  run(${CMAKE_COMMAND} --build "${work}/build" -j 2)
  run("${work}/build/app")
  message(STATUS "${last_output}")
  file(GLOB shared_library "${work}/build/moi/src/libmoi.so*")
  if(NOT shared_library)
    message(FATAL_ERROR "BUILD_SHARED_LIBS=ON did not produce libmoi.so")
  endif()
  # Tests, examples and tools of a vendored moi-cpp stay off.
  if(EXISTS "${work}/build/moi/tests")
    message(FATAL_ERROR "add_subdirectory(moi) built its tests")
  endif()
else()
  message(FATAL_ERROR "MODE must be prefix, install, testing or subdirectory")
endif()
