# Data sets converted at build time from Debian packages (bible-kjv, wfrench, wamerican) by
# scripts/make_data.py into ${CMAKE_BINARY_DIR}/web/assets/data/ — never committed as text.
# Target: ga_data (part of ALL). Cached: the script only reruns when it or a source file changes.
# Include this file at the END of CMakeLists.txt (after ga_tests and the app are defined).

set(GA_DATA_DIR "${CMAKE_BINARY_DIR}/web/assets/data")
set(GA_DATA_OUTPUTS
  ${GA_DATA_DIR}/index.json
  ${GA_DATA_DIR}/kjv-genesis.txt
  ${GA_DATA_DIR}/words-fr.txt
  ${GA_DATA_DIR}/words-en.txt
  ${GA_DATA_DIR}/words-fr.words   # the word lists' compact forms, what the page downloads
  ${GA_DATA_DIR}/words-en.words)

# The script needs only the Python standard library: Debian's /usr/bin/python3 first (the one
# on PATH may be a pyenv build), any python3 otherwise. find_program is avoided for the
# /usr/bin case because Emscripten's toolchain file re-roots program searches.
if(EXISTS "/usr/bin/python3")
  set(GA_DATA_PYTHON "/usr/bin/python3")
else()
  find_program(GA_DATA_PYTHON NAMES python3 NO_CMAKE_FIND_ROOT_PATH)
endif()
if(NOT GA_DATA_PYTHON)
  message(FATAL_ERROR "python3 not found: the data sets are built by scripts/make_data.py (apt-get install python3)")
endif()

# Depend on the package files that exist; a missing package is reported by the script itself
# with the apt-get command to run (a missing DEPENDS file would only say "No rule to make target").
set(GA_DATA_SOURCES)
foreach(f /usr/lib/bible.data /usr/share/dict/french /usr/share/dict/american-english)
  if(EXISTS "${f}")
    list(APPEND GA_DATA_SOURCES "${f}")
  else()
    message(WARNING "${f} is missing: the data sets cannot be built (run scripts/setup.sh: it installs bible-kjv, wfrench, wamerican)")
  endif()
endforeach()

add_custom_command(OUTPUT ${GA_DATA_OUTPUTS}
  COMMAND ${GA_DATA_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/make_data.py --out ${GA_DATA_DIR}
  DEPENDS ${CMAKE_SOURCE_DIR}/scripts/make_data.py ${GA_DATA_SOURCES}
  COMMENT "Converting Debian texts into data sets in ${GA_DATA_DIR}"
  VERBATIM)
add_custom_target(ga_data ALL DEPENDS ${GA_DATA_OUTPUTS})

# The page lists and loads web/assets/data/*; the tests read the validation splits from there.
foreach(page gpt-anatomy-app gpt-anatomy-app-mt)
  if(TARGET ${page})
    add_dependencies(${page} ga_data)
  endif()
endforeach()
if(TARGET ga_web_static)
  # ga_web_static copies the source assets/ over web/assets/: run it first, data after it.
  add_dependencies(ga_data ga_web_static)
endif()
if(TARGET ga_tests)
  add_dependencies(ga_tests ga_data)
  target_compile_definitions(ga_tests PRIVATE GA_DATA_DIR="${GA_DATA_DIR}")
endif()
if(TARGET ga_tests_mt)  # the pthreads build of the same suite (cmake/threads.cmake)
  add_dependencies(ga_tests_mt ga_data)
  target_compile_definitions(ga_tests_mt PRIVATE GA_DATA_DIR="${GA_DATA_DIR}")
endif()
