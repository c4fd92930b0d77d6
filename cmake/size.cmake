# Download size of the page (issue 11: the default page <= 700 KB gzip): every size-related flag
# of the browser build is here, so the single-thread and the threaded page targets take the same.
# Included once by cmake/app.cmake (Emscripten only, after the app's libraries are defined).
#
# Release only (a Debug build keeps the build type's -O1 -g, cmake/build_types.cmake):
#  - code that does no arithmetic in bulk is compiled for size (-Oz): Dear ImGui, the app's panels,
#    the platform layer, and the parts of the core that parse, print or describe (checkpoint and
#    JSON readers, catalogue, anatomy, bench). Figures: docs/build.md ("Download and start-up").
#  - the core's numeric code keeps the build type's -O3: the kernels, the model's forward and
#    backward passes, AdamW, the trainer, generation, sampling, the one-example analysis, the
#    thread pool and the data sets (GA_SPEED_SOURCES below). The tokenizer is compiled for size:
#    at -O3 it is 15 KB more gzip for no measurable change in the page's start-up.
#  - the link keeps the build type's -O3 (binaryen's optimisation of the whole program): -Oz
#    there would take 25 KB more off the gzip wasm, but binaryen then optimises the kernels for
#    size as well, and the tiny model's training tokens/s could not be shown unchanged on this
#    loaded machine (node CLI linked both ways, 4 interleaved runs: within noise, or -Oz ~10 %
#    slower). A Release link writes no "name" section anyway.
#
# For a page executable T (gpt-anatomy-app, and the threaded gpt-anatomy-app-mt):
#     ga_size_options(T)          compile (-Oz) and link (-sFILESYSTEM=0) options of T itself
# and for every library of the page that is not the core: ga_size_options(LIB) as well. The core's
# files get theirs as source properties (set once here: every core target in this directory,
# ga_core and ga_core_mt, compiles the same files with them).
if(NOT EMSCRIPTEN)
  return()
endif()

set(GA_SIZE_COMPILE $<$<CONFIG:Release>:-Oz>)
# -sFILESYSTEM=0: the page reads no file (the fonts are compiled in: cmake/embed_fonts.cmake;
# checkpoints and texts come through the heap), and Emscripten's file system is 13 KB gzip of
# the runtime's JavaScript
set(GA_SIZE_LINK -sFILESYSTEM=0)

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
