# The three DejaVu fonts the app embeds (Debian's fonts-dejavu-core), subset at build time with
# Debian's fonttools to the characters the interface can show (scripts/subset_fonts.py: ASCII,
# Latin-1 and every character of the interface's sources in all three; Latin Extended-A and the
# Greek letters too in the two that draw the data's text): ~72 KB instead of 1.8 MB.
# tests/fonts/check_glyphs.py (ctest: font_glyphs) checks that no string of either language
# loses a glyph. Without fontTools the full fonts are embedded, with a warning.
# Sets GA_FONT_DIR (the subset fonts), GA_FONTS_H (them as byte arrays: cmake/embed_fonts.cmake)
# and the target ga_fonts.
set(GA_FONT_DIR "${CMAKE_BINARY_DIR}/fonts")
file(MAKE_DIRECTORY "${GA_FONT_DIR}")
set(GA_FONT_NAMES DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf)
set(GA_FONT_SRC_DIR "/usr/share/fonts/truetype/dejavu")
set(GA_FONT_INPUTS)
set(GA_FONT_OUTPUTS)
foreach(f ${GA_FONT_NAMES})
  if(NOT EXISTS "${GA_FONT_SRC_DIR}/${f}")
    message(FATAL_ERROR "font ${f} missing: install fonts-dejavu-core (scripts/setup.sh)")
  endif()
  list(APPEND GA_FONT_INPUTS "${GA_FONT_SRC_DIR}/${f}")
  list(APPEND GA_FONT_OUTPUTS "${GA_FONT_DIR}/${f}")
endforeach()

if(EXISTS "/usr/bin/python3")
  set(GA_FONT_PYTHON "/usr/bin/python3")  # Debian's, which has fontTools (not a pyenv shim)
else()
  find_program(GA_FONT_PYTHON NAMES python3 NO_CMAKE_FIND_ROOT_PATH)
endif()
execute_process(COMMAND ${GA_FONT_PYTHON} -c "import fontTools.subset"
  RESULT_VARIABLE GA_FONTTOOLS_RC OUTPUT_QUIET ERROR_QUIET)

if(GA_FONTTOOLS_RC EQUAL 0)
  file(GLOB GA_FONT_TEXT_SOURCES CONFIGURE_DEPENDS
    ${CMAKE_SOURCE_DIR}/src/app/*.cpp ${CMAKE_SOURCE_DIR}/src/app/*.h
    ${CMAKE_SOURCE_DIR}/src/platform/*.cpp ${CMAKE_SOURCE_DIR}/src/platform/*.h
    ${CMAKE_SOURCE_DIR}/src/core/*.cpp ${CMAKE_SOURCE_DIR}/src/core/*.h)
  add_custom_command(OUTPUT ${GA_FONT_OUTPUTS} "${GA_FONT_DIR}/codepoints.txt"
    COMMAND ${GA_FONT_PYTHON} ${CMAKE_SOURCE_DIR}/scripts/subset_fonts.py --out ${GA_FONT_DIR}
            --src ${CMAKE_SOURCE_DIR} ${GA_FONT_INPUTS}
    DEPENDS ${CMAKE_SOURCE_DIR}/scripts/subset_fonts.py ${GA_FONT_INPUTS} ${GA_FONT_TEXT_SOURCES}
    COMMENT "Subsetting the DejaVu fonts to the interface's characters"
    VERBATIM)
  add_test(NAME font_glyphs COMMAND ${GA_FONT_PYTHON} ${CMAKE_SOURCE_DIR}/tests/fonts/check_glyphs.py
    --src ${CMAKE_SOURCE_DIR} --fonts ${GA_FONT_DIR})
else()
  message(WARNING "fontTools not found (apt-get install fonttools): embedding the full DejaVu fonts (+1.5 MB)")
  foreach(f ${GA_FONT_NAMES})
    configure_file("${GA_FONT_SRC_DIR}/${f}" "${GA_FONT_DIR}/${f}" COPYONLY)
  endforeach()
endif()
# ... and as byte arrays for the app (src/platform/main_emscripten.cpp): GA_FONTS_H
set(GA_FONTS_H "${CMAKE_BINARY_DIR}/generated/fonts_gen.h")
add_custom_command(OUTPUT ${GA_FONTS_H}
  COMMAND ${CMAKE_COMMAND} -DOUT=${GA_FONTS_H} -DFONT_DIR=${GA_FONT_DIR} "-DNAMES=${GA_FONT_NAMES}" -P ${CMAKE_CURRENT_LIST_DIR}/embed_fonts.cmake
  DEPENDS ${GA_FONT_OUTPUTS} ${CMAKE_CURRENT_LIST_DIR}/embed_fonts.cmake
  COMMENT "Embedding the fonts"
  VERBATIM)
add_custom_target(ga_fonts DEPENDS ${GA_FONT_OUTPUTS} ${GA_FONTS_H})
