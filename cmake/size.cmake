# Download size of the page (issue 11: the default page <= 700 KB gzip): every size-related flag
# of the browser build is here, so the single-thread and the threaded page targets take the same.
# Included once by cmake/app.cmake (Emscripten only, after the app's libraries are defined).
#
# Release only (a Debug build keeps the build type's -O1 -g, cmake/build_types.cmake):
#  - code that does no arithmetic in bulk is compiled for size (-Oz): Dear ImGui, the app's panels,
#    the platform layer, and the parts of the core that parse, print or describe (checkpoint and
#    JSON readers, tokenizer tables, catalogue, anatomy, bench). Measured: the wasm's code section
#    1.35 MB -> see docs/build.md ("Download and start-up").
#  - the core's numeric code keeps the build type's -O3: the kernels, the model's forward and
#    backward passes, AdamW, the trainer, generation, sampling, the one-example analysis, the
#    thread pool (GA_SPEED_SOURCES below). gpt-anatomy bench gives the same tokens/s.
#  - at link, binaryen optimises for size too (-Oz), which does not undo LLVM's -O3 inlining and
#    vectorisation of the kernels (a Release link writes no "name" section anyway).
#
# For a page executable T (gpt-anatomy-app, and the threaded gpt-anatomy-app-mt):
#     ga_size_options(T)          compile (-Oz) and link (-Oz) options of T itself
# and for every library of the page that is not the core: ga_size_options(LIB) as well. The core's
# files get theirs as source properties (set once here: every core target in this directory,
# ga_core and ga_core_mt, compiles the same files with them).
if(NOT EMSCRIPTEN)
  return()
endif()

set(GA_SIZE_COMPILE $<$<CONFIG:Release>:-Oz>)
set(GA_SIZE_LINK $<$<CONFIG:Release>:-Oz>)

# the core's files that run the numbers: these keep -O3
set(GA_SPEED_SOURCES
  src/core/kernels_simd.cpp src/core/kernels_scalar.cpp src/core/model.cpp src/core/optim.cpp
  src/core/trainer.cpp src/core/generate.cpp src/core/sampling.cpp src/core/teach.cpp
  src/core/threads.cpp src/core/data.cpp)
set(GA_CORE_SIZE_SOURCES ${GA_CORE_SOURCES})
list(REMOVE_ITEM GA_CORE_SIZE_SOURCES ${GA_SPEED_SOURCES})
set_source_files_properties(${GA_CORE_SIZE_SOURCES} ${GA_PAGE_SOURCES} PROPERTIES COMPILE_OPTIONS "${GA_SIZE_COMPILE}")

function(ga_size_options target)
  target_compile_options(${target} PRIVATE ${GA_SIZE_COMPILE})
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    target_link_options(${target} PRIVATE ${GA_SIZE_LINK})
  endif()
endfunction()

foreach(t ga_imgui_core ga_imgui ga_app gpt-anatomy-app)
  if(TARGET ${t})
    ga_size_options(${t})
  endif()
endforeach()
