// Escaping untrusted text for one-line messages (see quote.h for the rules).
#include "quote.h"
#include "utf8.h"
#include <cstdint>
#include <cstdio>

namespace ga {

namespace {

// Valid code points that a terminal or a browser would not show as one visible character in
// place: C1 controls (U+0085 is a newline to some), the Unicode line/paragraph separators, and
// the invisible marks that reorder or hide text (bidi controls, zero-width no-break space).
bool is_hiding_code_point(uint32_t cp) {
    if (cp >= 0x80 && cp <= 0x9F) return true;
    if (cp == 0x2028 || cp == 0x2029) return true;
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F) return true;   // Arabic letter mark, LRM, RLM
    if (cp >= 0x202A && cp <= 0x202E) return true;                  // LRE RLE PDF LRO RLO
    if (cp >= 0x2066 && cp <= 0x2069) return true;                  // LRI RLI FSI PDI
    if (cp == 0xFEFF) return true;
    return false;
}

void append_hex_byte(std::string* o, unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(c));
    *o += buf;
}

} // namespace

std::string quote_bare(const std::string& text, size_t max_chars) {
    std::string o;
    o.reserve(text.size() < max_chars ? text.size() + 8 : max_chars + 8);
    const unsigned char* u = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t chars = 0;
    for (size_t i = 0; i < n; chars++) {
        if (chars == max_chars) {
            o += "\xE2\x80\xA6";  // …
            break;
        }
        const unsigned char c = u[i];
        if (c < 0x80) {
            switch (c) {
            case '\\': o += "\\\\"; break;
            case '\'': o += "\\'"; break;
            case '\n': o += "\\n"; break;
            case '\r': o += "\\r"; break;
            case '\t': o += "\\t"; break;
            case '\0': o += "\\0"; break;
            default:
                if (c < 0x20 || c == 0x7F) append_hex_byte(&o, c);
                else o.push_back(char(c));
            }
            i++;
            continue;
        }
        uint32_t cp;
        const size_t len = utf8_decode(u, n, i, &cp);
        if (len == 0) {  // one invalid byte at a time: the next one may start a valid sequence
            append_hex_byte(&o, c);
            i++;
            continue;
        }
        if (is_hiding_code_point(cp)) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "\\u{%04X}", unsigned(cp));
            o += buf;
        } else {
            o.append(text, i, len);
        }
        i += len;
    }
    return o;
}

std::string quote(const std::string& text, size_t max_chars) { return "'" + quote_bare(text, max_chars) + "'"; }

bool message_is_safe(const std::string& msg, size_t max_bytes) {
    if (msg.empty() || msg.size() > max_bytes) return false;
    const unsigned char* u = reinterpret_cast<const unsigned char*>(msg.data());
    const size_t n = msg.size();
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        const size_t len = utf8_decode(u, n, i, &cp);
        if (len == 0) return false;
        if (cp < 0x20 || cp == 0x7F || is_hiding_code_point(cp)) return false;
        i += len;
    }
    return true;
}

} // namespace ga
