# SPDX-License-Identifier: Apache-2.0
# ctest -P script: builds and runs a consumer of moi-cpp.
#   MODE=install: installs BUILD_DIR into a temporary prefix, then builds consumer/ with
#                 find_package(moi CONFIG REQUIRED) and checks the pkg-config file.
#   MODE=subdirectory: builds subdirectory_consumer/ which add_subdirectory()s the source tree.
cmake_minimum_required(VERSION 3.16)

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

if(MODE STREQUAL "install")
  run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${work}/prefix")
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/package/consumer" -B "${work}/build"
      ${generator_args} "-DCMAKE_PREFIX_PATH=${work}/prefix")
  run(${CMAKE_COMMAND} --build "${work}/build")
  run("${work}/build/app")
  message(STATUS "${last_output}")
  # pkg-config users get the same library.
  set(ENV{PKG_CONFIG_PATH} "${work}/prefix/lib/pkgconfig:${work}/prefix/lib/x86_64-linux-gnu/pkgconfig")
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
  message(FATAL_ERROR "MODE must be install or subdirectory")
endif()
