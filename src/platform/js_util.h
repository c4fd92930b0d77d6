// Shared by the files of the page's JavaScript bridge (js_bridge.cpp, js_teach.cpp, js_page.cpp):
// how a string goes back to the page, and C strings from the page that may be null.
#pragma once
#include <string>
#include <utility>

namespace ga::js {

// Keeps `v` in `buf` (a static of the calling entry point) and returns its C string, valid until
// that entry point is called again (the page copies it at once: ccall's 'string' return type).
inline const char* ret(std::string& buf, std::string v) {
    buf = std::move(v);
    return buf.c_str();
}

inline std::string str_or_empty(const char* p) { return p ? std::string(p) : std::string(); }

} // namespace ga::js
