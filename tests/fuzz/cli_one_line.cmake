# Runs `gpt-anatomy inspect --model INPUT` (through EMULATOR for the wasm build) and checks that it
# fails with exactly one line on stderr, nothing on stdout, and every control character escaped.
# cmake -DCLI=... -DEMULATOR="node;--no-experimental-fetch" -DINPUT=... -P cli_one_line.cmake
execute_process(COMMAND ${EMULATOR} ${CLI} inspect --model ${INPUT}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "inspect accepted ${INPUT}")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "inspect wrote to stdout: ${out}")
endif()
string(REGEX REPLACE "\n$" "" line "${err}")
string(FIND "${line}" "\n" nl)
string(FIND "${line}" "\r" cr)
if(line STREQUAL "" OR NOT nl EQUAL -1 OR NOT cr EQUAL -1)
  message(FATAL_ERROR "inspect's error is not one line: [${err}]")
endif()
if(NOT line MATCHES "'n_h\\\\n\\\\r\\\\nead'")
  message(FATAL_ERROR "inspect's error does not show the escaped key: ${line}")
endif()
message(STATUS "one line: ${line}")
