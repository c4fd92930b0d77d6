# Threaded builds (issue 11). Natively the one core is threaded (std::thread). Under Emscripten
# the pthreads variants are separate targets: every object linked into a pthreads wasm must be
# compiled with -pthread, and a page can only run one when it is cross-origin isolated, so the
# default (single-thread) targets stay as they are and these are built beside them:
#   ga_core_mt, gpt-anatomy-mt.js (CLI for node), ga_tests_mt.js (ctest: unit_mt).
# GA_MT_POOL is the worker pool created at start-up (-sPTHREAD_POOL_SIZE): the kernels never
# use more threads than that (GA_MAX_THREADS), so no thread is ever waited for while it loads.
set(GA_MT_POOL 4 CACHE STRING "pthreads wasm builds: worker pool size (the most threads they use)")

if(NOT EMSCRIPTEN)
  find_package(Threads REQUIRED)
  target_link_libraries(ga_core PUBLIC Threads::Threads)
  return()
endif()

set(GA_MT_COMPILE -pthread)
# The pool size is each program's own (the threaded page adds a worker for its training thread:
# cmake/app.cmake), so the core passes on -pthread only.
set(GA_MT_LINK -pthread -sPTHREAD_POOL_SIZE=${GA_MT_POOL})

ga_add_core(ga_core_mt ON)
target_compile_options(ga_core_mt PUBLIC ${GA_MT_COMPILE})
target_compile_definitions(ga_core_mt PUBLIC GA_MAX_THREADS=${GA_MT_POOL})
target_link_options(ga_core_mt PUBLIC -pthread)

ga_add_cli(gpt-anatomy-mt ga_core_mt)
target_compile_options(gpt-anatomy-mt PRIVATE ${GA_MT_COMPILE})
target_link_options(gpt-anatomy-mt PRIVATE ${GA_MT_LINK})

if(GA_TEST_SOURCES)
  add_executable(ga_tests_mt ${GA_TEST_SOURCES} ${GA_PAGE_SOURCES})
  target_link_libraries(ga_tests_mt PRIVATE ga_core_mt)
  target_include_directories(ga_tests_mt PRIVATE ${GA_HOSTINC} tests/unit src/app)
  target_compile_options(ga_tests_mt PRIVATE ${GA_WARN} -fexceptions ${GA_MT_COMPILE})
  target_compile_definitions(ga_tests_mt PRIVATE GA_SOURCE_DIR="${CMAKE_SOURCE_DIR}" GA_TEST_TMP="${GA_TEST_TMP}")
  target_link_options(ga_tests_mt PRIVATE -fexceptions -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1
    -sENVIRONMENT=node -sTOTAL_STACK=1048576 ${GA_MT_LINK})
  add_test(NAME unit_mt COMMAND ga_tests_mt)
endif()
