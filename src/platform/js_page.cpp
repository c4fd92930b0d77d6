// The C side of the page's untrusted inputs (web/anatomy.js): its URL query and the postMessage
// envelopes of an embedding page are read by src/app/page_request.h; these entry points only
// marshal the text in and the verdict out.
#include "i18n.h"
#include "js_util.h"
#include "json.h"
#include "page_request.h"
#include <emscripten.h>
#include <cstring>

using namespace ga;
using namespace ga::app;
using ga::js::ret;
using ga::js::str_or_empty;

extern "C" {

// {"params": {"lr": 0.01, "lang": "fr", "embed": true, ...}, "problems": [{"en": ..., "fr": ...}]}
// for the URL's query and the page's preset defaults (same syntax).
EMSCRIPTEN_KEEPALIVE const char* ga_js_page_query(const char* query, const char* defaults) {
    static std::string buf;
    const PageQuery q = parse_page_query(str_or_empty(query), str_or_empty(defaults));
    std::string j = "{\"params\":{";
    for (size_t i = 0; i < q.params.size(); i++) {
        const PageParam& p = q.params[i];
        j += (i ? "," : "") + json_quote(p.name) + ":";
        if (p.kind == QUERY_NUMBER) j += json_number(p.number);
        else if (p.kind == QUERY_FLAG) j += p.flag ? "true" : "false";
        else j += json_quote(p.text);
    }
    j += "},\"problems\":[";
    for (size_t i = 0; i < q.problems.size(); i++)
        j += (i ? "," : "") + std::string("{\"en\":") + json_quote(q.problems[i].en) + ",\"fr\":" + json_quote(q.problems[i].fr) + "}";
    return ret(buf, j + "]}");
}

// "" when the message {cmd, args} (as JSON, in the heap: a pasted text can be large) may go to its
// command; else the refusal in the current language.
EMSCRIPTEN_KEEPALIVE const char* ga_js_check_message(const char* json) {
    static std::string buf;
    PageMessage m;
    const Msg why = parse_page_message(json ? json : "", json ? std::strlen(json) : 0, &m);
    return ret(buf, why.empty() ? std::string() : why.text());
}

// Every command a message may name, space-separated (the page checks its dispatch table).
EMSCRIPTEN_KEEPALIVE const char* ga_js_message_commands() {
    static std::string buf;
    return ret(buf, message_commands());
}

// A number as a person types it ("0,01" is 0.01: src/app/page_request.h); NaN when it is none.
EMSCRIPTEN_KEEPALIVE double ga_js_parse_number(const char* text) {
    double v;
    return parse_user_number(str_or_empty(text), &v) ? v : __builtin_nan("");
}

} // extern "C"
