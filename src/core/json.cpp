#include "json.h"
#include "quote.h"
#include "utf8.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_set>

namespace ga {

const JsonValue* JsonValue::get(const std::string& key) const {
    if (type != JSON_OBJECT) return nullptr;
    for (auto& m : members) if (m.first == key) return &m.second;
    return nullptr;
}

bool JsonValue::as_u64(uint64_t* out) const {
    if (type != JSON_NUMBER || text.empty()) return false;
    uint64_t v = 0;
    for (char ch : text) {
        if (ch < '0' || ch > '9') return false;  // sign, fraction or exponent
        const uint64_t d = uint64_t(ch - '0');
        if (v > (UINT64_MAX - d) / 10) return false;  // overflow
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

bool JsonValue::as_i64(int64_t* out) const {
    if (type != JSON_NUMBER || text.empty()) return false;
    const bool neg = text[0] == '-';
    JsonValue mag;
    mag.type = JSON_NUMBER;
    mag.text = neg ? text.substr(1) : text;
    uint64_t u;
    if (!mag.as_u64(&u)) return false;
    if (neg) {
        if (u > uint64_t(INT64_MAX) + 1) return false;
        *out = u == uint64_t(INT64_MAX) + 1 ? INT64_MIN : -int64_t(u);
    } else {
        if (u > uint64_t(INT64_MAX)) return false;
        *out = int64_t(u);
    }
    return true;
}

double JsonValue::as_double() const {
    if (type != JSON_NUMBER) return 0.0;
    return std::strtod(text.c_str(), nullptr);
}

namespace {

struct Parser {
    const char* s;
    size_t n, i = 0;
    int max_depth;
    std::string err;

    bool fail(const std::string& what) {
        if (err.empty()) err = what + " at byte " + std::to_string(i);
        return false;
    }
    void skip_ws() {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    }
    bool literal(const char* word, size_t len) {
        if (n - i < len || std::string(s + i, len) != std::string(word, len)) return fail("invalid literal");
        i += len;
        return true;
    }
    static int hexval(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    bool hex4(uint32_t* v) {
        if (n - i < 4) return fail("truncated \\u escape");
        uint32_t r = 0;
        for (int k = 0; k < 4; k++) {
            const int h = hexval(s[i + k]);
            if (h < 0) return fail("invalid \\u escape");
            r = (r << 4) | uint32_t(h);
        }
        i += 4;
        *v = r;
        return true;
    }
    bool string(std::string* out) {
        // s[i] == '"'
        i++;
        out->clear();
        const unsigned char* u = reinterpret_cast<const unsigned char*>(s);
        while (true) {
            if (i >= n) return fail("unterminated string");
            const unsigned char c = u[i];
            if (c == '"') { i++; return true; }
            if (c < 0x20) return fail("control character in string");
            if (c == '\\') {
                if (i + 1 >= n) return fail("unterminated string");
                const char e = s[i + 1];
                i += 2;
                switch (e) {
                case '"': out->push_back('"'); break;
                case '\\': out->push_back('\\'); break;
                case '/': out->push_back('/'); break;
                case 'b': out->push_back('\b'); break;
                case 'f': out->push_back('\f'); break;
                case 'n': out->push_back('\n'); break;
                case 'r': out->push_back('\r'); break;
                case 't': out->push_back('\t'); break;
                case 'u': {
                    uint32_t cp = 0;
                    if (!hex4(&cp)) return false;
                    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("lone low surrogate in \\u escape");
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        uint32_t lo = 0;
                        if (n - i < 2 || s[i] != '\\' || s[i + 1] != 'u') return fail("lone high surrogate in \\u escape");
                        i += 2;
                        if (!hex4(&lo)) return false;
                        if (lo < 0xDC00 || lo > 0xDFFF) return fail("invalid surrogate pair in \\u escape");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    utf8_append(out, cp);
                    break;
                }
                default: i -= 1; return fail("invalid escape");
                }
                continue;
            }
            uint32_t cp;
            const size_t len = utf8_decode(u, n, i, &cp);
            if (len == 0) return fail("invalid UTF-8 in string");
            out->append(s + i, len);
            i += len;
        }
    }
    bool number(std::string* out) {
        const size_t start = i;
        if (i < n && s[i] == '-') i++;
        if (i >= n) return fail("truncated number");
        if (s[i] == '0') {
            i++;
        } else if (s[i] >= '1' && s[i] <= '9') {
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        } else {
            return fail("invalid number");
        }
        if (i < n && s[i] == '.') {
            i++;
            if (i >= n || s[i] < '0' || s[i] > '9') return fail("invalid number");
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        }
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            if (i < n && (s[i] == '+' || s[i] == '-')) i++;
            if (i >= n || s[i] < '0' || s[i] > '9') return fail("invalid number");
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        }
        out->assign(s + start, i - start);
        return true;
    }
    bool value(JsonValue* v, int depth) {
        skip_ws();
        if (i >= n) return fail("unexpected end of JSON");
        const char c = s[i];
        if (c == '{') {
            if (depth >= max_depth) return fail("JSON nested too deeply");
            v->type = JSON_OBJECT;
            i++;
            skip_ws();
            if (i < n && s[i] == '}') { i++; return true; }
            std::unordered_set<std::string> seen;
            while (true) {
                skip_ws();
                if (i >= n || s[i] != '"') return fail("expected a string key");
                std::string key;
                if (!string(&key)) return false;
                if (!seen.insert(key).second) return fail("duplicate key " + quote(key));
                skip_ws();
                if (i >= n || s[i] != ':') return fail("expected ':'");
                i++;
                v->members.emplace_back(std::move(key), JsonValue());
                if (!value(&v->members.back().second, depth + 1)) return false;
                skip_ws();
                if (i < n && s[i] == ',') { i++; continue; }
                if (i < n && s[i] == '}') { i++; return true; }
                return fail("expected ',' or '}'");
            }
        }
        if (c == '[') {
            if (depth >= max_depth) return fail("JSON nested too deeply");
            v->type = JSON_ARRAY;
            i++;
            skip_ws();
            if (i < n && s[i] == ']') { i++; return true; }
            while (true) {
                v->items.emplace_back();
                if (!value(&v->items.back(), depth + 1)) return false;
                skip_ws();
                if (i < n && s[i] == ',') { i++; continue; }
                if (i < n && s[i] == ']') { i++; return true; }
                return fail("expected ',' or ']'");
            }
        }
        if (c == '"') { v->type = JSON_STRING; return string(&v->text); }
        if (c == 't') { v->type = JSON_BOOL; v->boolean = true; return literal("true", 4); }
        if (c == 'f') { v->type = JSON_BOOL; v->boolean = false; return literal("false", 5); }
        if (c == 'n') { v->type = JSON_NULL; return literal("null", 4); }
        if (c == '-' || (c >= '0' && c <= '9')) { v->type = JSON_NUMBER; return number(&v->text); }
        return fail("unexpected character");
    }
};

} // namespace

std::string json_parse(const char* text, size_t size, JsonValue* out, int max_depth) {
    Parser p{text, size, 0, max_depth, {}};
    JsonValue v;
    if (!p.value(&v, 0)) return "invalid JSON: " + p.err;
    p.skip_ws();
    if (p.i != size) { p.fail("trailing characters after the JSON value"); return "invalid JSON: " + p.err; }
    *out = std::move(v);
    return {};
}

std::string json_quote(const std::string& utf8) {
    std::string o;
    o.reserve(utf8.size() + 2);
    o.push_back('"');
    const unsigned char* u = reinterpret_cast<const unsigned char*>(utf8.data());
    const size_t n = utf8.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = u[i];
        if (c == '"') { o += "\\\""; i++; continue; }
        if (c == '\\') { o += "\\\\"; i++; continue; }
        if (c < 0x20) {
            switch (c) {
            case '\n': o += "\\n"; break;
            case '\r': o += "\\r"; break;
            case '\t': o += "\\t"; break;
            case '\b': o += "\\b"; break;
            case '\f': o += "\\f"; break;
            default: {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                o += buf;
            }
            }
            i++;
            continue;
        }
        uint32_t cp;
        const size_t len = utf8_decode(u, n, i, &cp);
        if (len == 0) { o += "\xEF\xBF\xBD"; i++; continue; }
        o.append(utf8, i, len);
        i += len;
    }
    o.push_back('"');
    return o;
}

std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[40];
    if (v == std::floor(v) && std::fabs(v) < 9.007199254740992e15) {
        std::snprintf(buf, sizeof buf, "%lld", (long long)v);
    } else {
        std::snprintf(buf, sizeof buf, "%.9g", v);
    }
    return buf;
}

} // namespace ga
