// The page's untrusted inputs before they become commands: the query string of its URL
// (?model=…&lr=0,01&panel=training,inspector) and the postMessage envelopes that the page embedding
// it sends ({type: 'anatomy', id, cmd, args}). Both are read here, by pure functions with no ImGui,
// SDL or platform dependency, so they are unit-tested (tests/unit/test_page_request.cpp) and fuzzed
// (tests/fuzz/fuzz_page_query.cpp, fuzz_page_message.cpp) natively and under node; web/anatomy.js
// only hands the text over (src/platform/js_page.cpp) and acts on what comes back.
//
// This layer decides what the text means and refuses what no command could take (an unknown
// language or panel, a number that is not one, a value outside its setting's range, invalid UTF-8,
// a 10 KB name, a command that does not exist or gets arguments of the wrong type). A value it
// lets through still goes through its command (src/app/commands.h), which applies the same rule
// (src/core/hparams.h) — so the URL, the panels and the JS API can never disagree.
// Every refusal is one escaped line (src/core/quote.h) in both languages.
#pragma once
#include "i18n.h"

#include <cstddef>
#include <string>
#include <vector>

namespace ga::app {

// ms of training per frame (?budget=, set('budget'), the Training panel's slider): more than 50 ms
// would make the page visibly stutter; less than 1 ms would train nothing.
constexpr float kBudgetMin = 1.0f, kBudgetMax = 50.0f;

// Numbers as people type them: "0.01", "0,01" (the French decimal comma), "-2", "1e-3", "  5 ".
// Refused: "", "0x10", "inf", "nan", "1,000.5", "1.0.0", "5 steps". Finite results only.
bool parse_user_number(const std::string& text, double* out);

// ---- panels --------------------------------------------------------------------------------------
enum PanelId : int {
    PANEL_PARAMS = 0, PANEL_MODEL_MAP, PANEL_HEATMAP, PANEL_BIAS, PANEL_TRAINING, PANEL_FORMULAS,
    PANEL_INSPECTOR, PANEL_ANATOMY, PANEL_TEACH, PANEL_HELP, PANEL_COUNT
};
const char* panel_id_name(PanelId p);   // "params", "model_map", ... (as ?panel= spells them)
// "training,inspector" (also "map" for model_map, "parameters" for params; empty items skipped):
// sets bit p of *mask for each panel named. Returns "" or the refusal, *mask then untouched.
Msg parse_panel_list(const std::string& comma_list, unsigned* mask);

// ---- URL query -----------------------------------------------------------------------------------
struct QueryParam {
    std::string name, value;   // decoded bytes (may be invalid UTF-8: the reader checks)
};
constexpr size_t kMaxQueryParams = 64;      // a real link has about ten
constexpr size_t kMaxQueryValueBytes = 4096;  // a model URL fits; a 10 KB value is refused
// application/x-www-form-urlencoded as the browser's URLSearchParams reads it: a leading '?'
// skipped, pairs split at '&', name and value at the first '=', '+' is a space, %XX decoded (a
// malformed escape is kept as written). At most kMaxQueryParams pairs; *cut set when there were more.
std::vector<QueryParam> split_query(const std::string& query, bool* cut = nullptr);

enum QueryKind : int {
    QUERY_FLAG,      // embed, lecture, autoplay: "", 1, true, yes, on / 0, false, no, off
    QUERY_NUMBER,    // a finite number within the parameter's own range
    QUERY_CHOICE,    // one of a few words (lang, optimizer, view)
    QUERY_NAME,      // a model or data-set name or URL, a tensor name: plain one-line text
    QUERY_PANELS,    // a panel list
    QUERY_ORIGINS,   // ?origins=https://a.example,https://b.example:8443 or *
};
struct QuerySpec {
    const char* name;
    QueryKind kind;
    int setting;             // QUERY_NUMBER: a ga::Setting checked by its one rule, or -1
    double lo, hi;           // QUERY_NUMBER without a setting: lo < v <= hi (lo closed if lo_closed)
    bool lo_closed;
    const char* choices;     // QUERY_CHOICE: space-separated words
};
// Every URL parameter the page knows, in the order they are applied (docs/js-api.md lists them).
const std::vector<QuerySpec>& page_param_specs();

struct PageParam {
    std::string name;
    QueryKind kind = QUERY_NAME;   // its spec's: which of the fields below holds the value
    std::string text;        // the value as given (UTF-8), for names, choices, panels and origins
    double number = 0.0;     // QUERY_NUMBER: the value (also "0,01" → 0.01)
    bool flag = false;       // QUERY_FLAG
};
struct PageQuery {
    std::vector<PageParam> params;   // known and valid, in page_param_specs() order
    std::vector<Msg> problems;       // one line each: refused values, likely typos of known names
    const PageParam* find(const std::string& name) const;
};
// Reads the URL's `query`, then `defaults` (same syntax: what a page such as embed.html presets)
// for the names the URL does not give; the first occurrence of a name wins, as in URLSearchParams.
// Unknown names are ignored (links carry tracking parameters) unless they look like a typo of a
// known one ("modle" → "did you mean model?").
PageQuery parse_page_query(const std::string& query, const std::string& defaults = "");

// ---- postMessage envelopes -------------------------------------------------------------------------
// The JSON text the page makes of a message's {cmd, args} (web/anatomy.js, messageJson(): binary
// data become {"$bytes": n}, a File {"$file": name, "size": n}, undefined and NaN become null).
constexpr size_t kMaxMessageBytes = size_t(256) << 20;   // a pasted book, not more
struct PageMessage {
    std::string cmd;
    size_t n_args = 0;
};
// Checks the command name and its arguments' types and count against the table of commands
// (message_commands()); their values are checked by the commands themselves. "" = accepted.
Msg parse_page_message(const char* json, size_t size, PageMessage* out);
// "ready state step ..." : every command a message may name (web/anatomy.js checks at start that
// its dispatch table has exactly these).
std::string message_commands();

} // namespace ga::app
