# Fuzz targets (tests/fuzz/fuzz_<name>.cpp, one per reader of untrusted bytes or text).
# Every build: fuzz_<name>_replay runs each file of tests/fuzz/corpus/<name>/ through the target
# without libFuzzer (CTest fuzz_replay_<name>, natively and under node).
# With -DGA_LIBFUZZER=ON and clang (preset `fuzz`, scripts/fuzz.sh): fuzz_<name>, a libFuzzer
# binary with ASan + UBSan (UBSan made fatal, so undefined behaviour is a finding).
set(GA_FUZZ_TARGETS checkpoint batch json catalog char_tokenizer bpe dataset page_query page_message)
# The page's readers live in the app's pure part (src/app/page_request.h): compiled in, no ImGui.
set(GA_FUZZ_EXTRA_page_query ${GA_PAGE_SOURCES})
set(GA_FUZZ_EXTRA_page_message ${GA_PAGE_SOURCES})

set(GA_FUZZ_DIR "${CMAKE_SOURCE_DIR}/tests/fuzz")
set(GA_FUZZ_LIBFUZZER OFF)
if(GA_LIBFUZZER AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(GA_FUZZ_LIBFUZZER ON)
  # The preset instruments everything with -fsanitize=fuzzer-no-link,address,undefined; without
  # this, UBSan only prints and the fuzzer never stops on undefined behaviour.
  target_compile_options(ga_core PRIVATE -fno-sanitize-recover=undefined)
endif()

foreach(t IN LISTS GA_FUZZ_TARGETS)
  set(src "${GA_FUZZ_DIR}/fuzz_${t}.cpp")
  add_executable(fuzz_${t}_replay "${src}" "${GA_FUZZ_DIR}/replay_main.cpp" ${GA_FUZZ_EXTRA_${t}})
  target_link_libraries(fuzz_${t}_replay PRIVATE ga_core)
  target_include_directories(fuzz_${t}_replay PRIVATE "${GA_FUZZ_DIR}" "${CMAKE_SOURCE_DIR}/src/app")
  target_compile_options(fuzz_${t}_replay PRIVATE ${GA_WARN})
  if(EMSCRIPTEN)
    target_link_options(fuzz_${t}_replay PRIVATE -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1
      -sENVIRONMENT=node -sTOTAL_STACK=1048576)
  endif()
  add_test(NAME fuzz_replay_${t} COMMAND fuzz_${t}_replay "${GA_FUZZ_DIR}/corpus/${t}")
  if(GA_FUZZ_LIBFUZZER)
    add_executable(fuzz_${t} "${src}" ${GA_FUZZ_EXTRA_${t}})
    target_link_libraries(fuzz_${t} PRIVATE ga_core)
    target_include_directories(fuzz_${t} PRIVATE "${GA_FUZZ_DIR}" "${CMAKE_SOURCE_DIR}/src/app")
    target_compile_options(fuzz_${t} PRIVATE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer,address,undefined)
  endif()
endforeach()

# The issue-13 file (a __metadata__ key with \n and \r): the CLI's error is one escaped line.
add_test(NAME cli_error_one_line
  COMMAND ${CMAKE_COMMAND} "-DCLI=$<TARGET_FILE:gpt-anatomy>" "-DEMULATOR=${CMAKE_CROSSCOMPILING_EMULATOR}"
    "-DINPUT=${GA_FUZZ_DIR}/corpus/checkpoint/seed-st-meta-key-newline"
    -P "${GA_FUZZ_DIR}/cli_one_line.cmake")

# The page's JavaScript quote() escapes as the core's does.
find_program(GA_NODE node)
if(GA_NODE AND NOT EMSCRIPTEN)
  add_test(NAME quote_js_twin COMMAND "${GA_NODE}" "${GA_FUZZ_DIR}/quote_twin.mjs")
endif()
