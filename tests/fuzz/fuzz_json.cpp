// Fuzz target for the JSON parser (safetensors headers, encoder.json, the asset indexes) and for
// quote(), the escaping every message uses:
//   - a parse error is one escaped line; a parsed string survives json_quote → json_parse;
//   - a parsed document re-serialised and parsed again gives the same document;
//   - quote() of any bytes is a safe one-line message, bounded in length, and leaves plain
//     printable ASCII as it is.
#include "fuzz_util.h"
#include "json.h"
#include "quote.h"

#include <string>

void (*ga_fuzz_failure_hook)(const char* what) = nullptr;

using gafuzz::check;
using gafuzz::safe_error;

namespace {

std::string serialize(const ga::JsonValue& v) {
    switch (v.type) {
    case ga::JSON_NULL: return "null";
    case ga::JSON_BOOL: return v.boolean ? "true" : "false";
    case ga::JSON_NUMBER: return v.text;
    case ga::JSON_STRING: return ga::json_quote(v.text);
    case ga::JSON_ARRAY: {
        std::string s = "[";
        for (size_t i = 0; i < v.items.size(); i++) s += (i ? "," : "") + serialize(v.items[i]);
        return s + "]";
    }
    case ga::JSON_OBJECT: {
        std::string s = "{";
        for (size_t i = 0; i < v.members.size(); i++)
            s += (i ? "," : "") + ga::json_quote(v.members[i].first) + ":" + serialize(v.members[i].second);
        return s + "}";
    }
    }
    return "";
}

bool same(const ga::JsonValue& a, const ga::JsonValue& b) {
    if (a.type != b.type || a.boolean != b.boolean || a.text != b.text || a.items.size() != b.items.size() ||
        a.members.size() != b.members.size())
        return false;
    for (size_t i = 0; i < a.items.size(); i++) if (!same(a.items[i], b.items[i])) return false;
    for (size_t i = 0; i < a.members.size(); i++)
        if (a.members[i].first != b.members[i].first || !same(a.members[i].second, b.members[i].second)) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);

    const std::string q = ga::quote(text);
    check(ga::message_is_safe(q, 2 + 16 * ga::kQuoteMaxChars + 8), "quote() gives a safe, bounded line");
    bool plain = text.size() <= ga::kQuoteMaxChars;
    for (unsigned char c : text) plain = plain && c >= 0x20 && c < 0x7F && c != '\'' && c != '\\';
    if (plain) check(q == "'" + text + "'", "quote() keeps plain ASCII as it is");

    ga::JsonValue v;
    const std::string e = ga::json_parse(text.data(), text.size(), &v);
    if (!e.empty()) {
        check(safe_error(e), "JSON error is one line and escaped");
        return 0;
    }
    const std::string s = serialize(v);
    ga::JsonValue w;
    check(ga::json_parse(s.data(), s.size(), &w).empty() && same(v, w), "parse → serialise → parse gives the same document");
    if (v.type == ga::JSON_STRING) check(ga::message_is_safe(ga::quote(v.text), 4000), "a decoded string quotes safely");
    return 0;
}
