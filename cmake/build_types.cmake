# Optimisation levels per build type and toolchain, as the defaults of CMAKE_<LANG>_FLAGS_<CONFIG>
# (CMakeLists.txt loads this file through CMAKE_USER_MAKE_RULES_OVERRIDE: project() reads it after
# the compiler and the toolchain file are known, before it fills the cache). Targets add no -O
# of their own, so `cmake -DCMAKE_BUILD_TYPE=...` (or a preset) decides, and one flag wins.
#   Release: wasm -O3 (binaryen's -O3 at link too: the flags of the build type reach the link
#            line), native -O2: the levels bench/README.md's figures were measured at.
#   Debug:   -O1 -g for wasm (-O0 wasm is too slow to train the page's models interactively),
#            -O0 -g natively; assert() and ImGui's IM_ASSERT on (no NDEBUG); Emscripten's runtime
#            assertions on at link (-sASSERTIONS=1: heap, stack and API misuse checks).
foreach(lang C CXX)
  if(EMSCRIPTEN)
    set(CMAKE_${lang}_FLAGS_RELEASE_INIT "-O3 -DNDEBUG")
    set(CMAKE_${lang}_FLAGS_DEBUG_INIT "-O1 -g")
  else()
    set(CMAKE_${lang}_FLAGS_RELEASE_INIT "-O2 -DNDEBUG")
    set(CMAKE_${lang}_FLAGS_DEBUG_INIT "-O0 -g")
  endif()
endforeach()
if(EMSCRIPTEN)
  set(CMAKE_EXE_LINKER_FLAGS_DEBUG_INIT "-sASSERTIONS=1")
endif()
