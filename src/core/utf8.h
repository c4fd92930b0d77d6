// Strict UTF-8 decoding and encoding shared by the JSON parser and the tokenizers.
// Rejects overlong forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace ga {

// Decodes the code point starting at s[i] (i < n). Returns its byte length (1..4), or 0 when the
// bytes at s[i] are not valid UTF-8.
inline size_t utf8_decode(const unsigned char* s, size_t n, size_t i, uint32_t* cp) {
    const unsigned c0 = s[i];
    if (c0 < 0x80) { *cp = c0; return 1; }
    size_t len; uint32_t v, min;
    if ((c0 & 0xE0) == 0xC0) { len = 2; v = c0 & 0x1F; min = 0x80; }
    else if ((c0 & 0xF0) == 0xE0) { len = 3; v = c0 & 0x0F; min = 0x800; }
    else if ((c0 & 0xF8) == 0xF0) { len = 4; v = c0 & 0x07; min = 0x10000; }
    else return 0;
    if (n - i < len) return 0;
    for (size_t k = 1; k < len; k++) {
        const unsigned c = s[i + k];
        if ((c & 0xC0) != 0x80) return 0;
        v = (v << 6) | (c & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

inline void utf8_append(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
        out->push_back(char(cp));
    } else if (cp < 0x800) {
        out->push_back(char(0xC0 | (cp >> 6)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(char(0xE0 | (cp >> 12)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(char(0xF0 | (cp >> 18)));
        out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    }
}

} // namespace ga
