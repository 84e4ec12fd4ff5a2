# SPDX-License-Identifier: Apache-2.0
# Build step (cmake -P): writes moi's bash completion script and man page with the built `moi`
# (`moi completion bash`, `moi help-man`: both from the parser that prints `moi --help`), and
# moi-emulator's man page from its own --help (`moi-emulator --help | moi help-man
# --from-help moi-emulator`). Inputs: MOI, OUT, and EMULATOR (optional); GZIP_MAN_PAGES=ON also
# writes each page gzip-compressed (page.1.gz, as Debian packages ship them).
foreach(_var MOI OUT)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "generate_docs.cmake: ${_var} is not set")
  endif()
endforeach()
file(MAKE_DIRECTORY "${OUT}")

function(_moi_run output)
  execute_process(${ARGN} OUTPUT_FILE "${output}.tmp" RESULT_VARIABLE _result)
  if(NOT _result EQUAL 0)
    message(FATAL_ERROR "generate_docs.cmake: writing ${output} failed: ${_result}")
  endif()
  file(RENAME "${output}.tmp" "${output}")
endfunction()

_moi_run("${OUT}/moi" COMMAND "${MOI}" completion bash)
_moi_run("${OUT}/moi.1" COMMAND "${MOI}" help-man)
if(DEFINED EMULATOR AND NOT EMULATOR STREQUAL "")
  _moi_run("${OUT}/moi-emulator.1"
    COMMAND "${EMULATOR}" --help
    COMMAND "${MOI}" help-man --from-help moi-emulator)
endif()

if(GZIP_MAN_PAGES)
  file(GLOB _pages "${OUT}/*.1")
  foreach(_page IN LISTS _pages)
    _moi_run("${_page}.gz" COMMAND gzip -9nc "${_page}")
  endforeach()
endif()
