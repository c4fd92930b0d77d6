# Turns the subset fonts (cmake/fonts.cmake) into one header of byte arrays the app hands to
# ImGui (AddFontFromMemoryTTF): no file system in the page (-sFILESYSTEM=0, cmake/size.cmake).
#   cmake -DOUT=fonts_gen.h -DFONT_DIR=dir -DNAMES="a.ttf;b.ttf" -P embed_fonts.cmake
# Each NAME becomes `kFont_<C identifier of NAME>` and `kFont_<id>_size`.
set(out "// generated from the subset fonts by cmake/embed_fonts.cmake: do not edit\n#pragma once\n")
foreach(n ${NAMES})
  string(MAKE_C_IDENTIFIER "${n}" id)
  file(READ "${FONT_DIR}/${n}" hex HEX)
  string(LENGTH "${hex}" len)
  math(EXPR size "${len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  string(APPEND out "alignas(4) static const unsigned char kFont_${id}[${size}] = {\n${bytes}};\nstatic const int kFont_${id}_size = ${size};\n")
endforeach()
file(WRITE "${OUT}.tmp" "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
