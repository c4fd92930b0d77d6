// The page's URL query and postMessage envelopes, read and checked (see page_request.h).
#include "page_request.h"

#include "hparams.h"
#include "json.h"
#include "quote.h"
#include "utf8.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ga::app {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Plain one-line text: valid UTF-8, no control character and nothing that hides or reorders
// text (the characters quote() escapes, apart from quotes and backslashes, which names may hold).
bool plain_text(const std::string& s) {
    if (s.empty()) return false;
    std::string probe;
    probe.reserve(s.size());
    for (char c : s) probe += (c == '\'' || c == '\\') ? '_' : c;
    return message_is_safe(probe, kMaxQueryValueBytes);
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string form_decode(const std::string& s, size_t b, size_t e) {
    std::string out;
    out.reserve(e - b);
    for (size_t i = b; i < e; i++) {
        const char c = s[i];
        if (c == '+') { out += ' '; continue; }
        if (c == '%' && i + 2 < e) {
            const int h = hex_digit(s[i + 1]), l = hex_digit(s[i + 2]);
            if (h >= 0 && l >= 0) { out += char(h * 16 + l); i += 2; continue; }
        }
        out += c;
    }
    return out;
}

// Levenshtein distance, stopping early: only "is it at most 2?" matters.
int edit_distance(const std::string& a, const std::string& b) {
    if (a.size() > 24 || b.size() > 24) return 99;
    int d[25][25];
    for (size_t i = 0; i <= a.size(); i++) d[i][0] = int(i);
    for (size_t j = 0; j <= b.size(); j++) d[0][j] = int(j);
    for (size_t i = 1; i <= a.size(); i++)
        for (size_t j = 1; j <= b.size(); j++) {
            const int sub = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            d[i][j] = std::min(sub, std::min(d[i - 1][j] + 1, d[i][j - 1] + 1));
        }
    return d[a.size()][b.size()];
}

bool word_in(const char* words, const std::string& w) {
    const size_t n = std::strlen(words);
    for (size_t b = 0; b < n;) {
        size_t e = b;
        while (e < n && words[e] != ' ') e++;
        if (w.size() == e - b && std::memcmp(words + b, w.data(), w.size()) == 0) return true;
        b = e + 1;
    }
    return false;
}

// "https://host[:port]" (http or https, a host of letters, digits, '-', '.', an optional port),
// "null" (file:// pages) or "*". What a browser puts in MessageEvent.origin, nothing more.
bool origin_ok(const std::string& o) {
    if (o == "*" || o == "null") return true;
    size_t i;
    if (o.compare(0, 8, "https://") == 0) i = 8;
    else if (o.compare(0, 7, "http://") == 0) i = 7;
    else return false;
    const size_t host = i;
    while (i < o.size() && (std::isalnum((unsigned char)o[i]) || o[i] == '-' || o[i] == '.')) i++;
    if (i == host) return false;
    if (i < o.size() && o[i] == ':') {
        const size_t port = ++i;
        while (i < o.size() && o[i] >= '0' && o[i] <= '9') i++;
        if (i == port || i - port > 5) return false;
    }
    while (i < o.size() && o[i] == '/') i++;   // "https://a.example/" as people copy it
    return i == o.size();
}

// "0 < lr ≤ 10" / "1 ≤ batch ≤ 1024, a whole number", with the language's decimal mark.
Msg range_words(Setting s) {
    const SettingRange& r = setting_range(s);
    auto one = [&](bool fr) {
        auto n = [fr](double x) {
            char b[40];
            std::snprintf(b, sizeof b, "%g", x);
            std::string t = b;
            if (fr) std::replace(t.begin(), t.end(), '.', ',');
            return t;
        };
        std::string t = n(r.lo) + (r.lo_open ? " < " : " ≤ ") + r.name + (r.hi_open ? " < " : " ≤ ") + n(r.hi);
        if (r.integer) t += fr ? ", un nombre entier" : ", a whole number";
        return t;
    };
    return {one(false), one(true)};
}

Msg refused(const std::string& name, const std::string& value, const Msg& why) {
    const std::string p = name + "=" + quote_bare(value, 60);
    return {"URL parameter " + p + " ignored: " + why.en, "Paramètre d'URL " + p + " ignoré : " + why.fr};
}

// "" or why `v` cannot be the value of spec's parameter; fills *out.
Msg check_param(const QuerySpec& spec, const std::string& v, PageParam* out) {
    out->name = spec.name;
    out->kind = spec.kind;
    if (v.size() > kMaxQueryValueBytes)
        return refused(spec.name, v, {"longer than " + std::to_string(kMaxQueryValueBytes) + " bytes.",
                                      "plus long que " + std::to_string(kMaxQueryValueBytes) + " octets."});
    switch (spec.kind) {
    case QUERY_FLAG:
        if (v.empty() || v == "1" || v == "true" || v == "yes" || v == "on") { out->flag = true; return {}; }
        if (v == "0" || v == "false" || v == "no" || v == "off") { out->flag = false; return {}; }
        return refused(spec.name, v, {"use 1 or 0.", "utilisez 1 ou 0."});
    case QUERY_NUMBER: {
        double x;
        if (!parse_user_number(v, &x)) return refused(spec.name, v, {"not a number.", "ce n'est pas un nombre."});
        if (spec.setting >= 0) {
            const Setting s = Setting(spec.setting);
            const CheckCode c = setting_check(s, x);
            if (c != CHECK_OK) {
                const Msg range = range_words(s);
                return refused(spec.name, v, {"allowed: " + range.en + ".", "valeurs permises : " + range.fr + "."});
            }
        } else if (!(spec.lo_closed ? x >= spec.lo : x > spec.lo) || !(x <= spec.hi)) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "%g %s x ≤ %g", spec.lo, spec.lo_closed ? "≤" : "<", spec.hi);
            return refused(spec.name, v, {std::string("allowed: ") + buf + ".", std::string("valeurs permises : ") + buf + "."});
        }
        out->number = x;
        return {};
    }
    case QUERY_CHOICE:
        if (!word_in(spec.choices, v))
            return refused(spec.name, v, {std::string("one of: ") + spec.choices + ".", std::string("une de ces valeurs : ") + spec.choices + "."});
        out->text = v;
        return {};
    case QUERY_NAME:
        if (!plain_text(v))
            return refused(spec.name, v, {"empty, or holds control characters or invalid UTF-8.",
                                          "vide, ou contient des caractères de contrôle ou de l'UTF-8 invalide."});
        out->text = v;
        return {};
    case QUERY_PANELS: {
        unsigned mask = 0;
        if (!plain_text(v)) return refused(spec.name, v, {"not a list of panels.", "ce n'est pas une liste de panneaux."});
        Msg why = parse_panel_list(v, &mask);
        if (!why.empty()) return refused(spec.name, v, why);
        if (!mask) return refused(spec.name, v, {"no panel named.", "aucun panneau nommé."});
        out->text = v;
        return {};
    }
    case QUERY_ORIGINS: {
        size_t b = 0;
        while (b <= v.size()) {
            size_t e = v.find(',', b);
            if (e == std::string::npos) e = v.size();
            size_t lo = b, hi = e;
            while (lo < hi && is_space(v[lo])) lo++;
            while (hi > lo && is_space(v[hi - 1])) hi--;
            const std::string o = v.substr(lo, hi - lo);
            if (!o.empty() && !origin_ok(o))
                return refused(spec.name, v, {"origin " + quote(o, 60) + " is not scheme://host[:port], null or *.",
                                              "l'origine « " + quote_bare(o, 60) + " » n'est pas schéma://hôte[:port], null ou *."});
            b = e + 1;
        }
        out->text = v;
        return {};
    }
    }
    return {"unknown parameter kind.", "type de paramètre inconnu."};
}

} // namespace

bool parse_user_number(const std::string& text, double* out) {
    size_t b = 0, e = text.size();
    while (b < e && is_space(text[b])) b++;
    while (e > b && is_space(text[e - 1])) e--;
    if (b == e || e - b > 64) return false;
    // sign, digits, one decimal mark ('.' or ','), digits, optional exponent: nothing else
    std::string s;
    size_t i = b;
    if (text[i] == '+' || text[i] == '-') s += text[i++];
    size_t digits = 0;
    while (i < e && text[i] >= '0' && text[i] <= '9') { s += text[i++]; digits++; }
    if (i < e && (text[i] == '.' || text[i] == ',')) {
        s += '.';
        i++;
        while (i < e && text[i] >= '0' && text[i] <= '9') { s += text[i++]; digits++; }
    }
    if (!digits) return false;
    if (i < e && (text[i] == 'e' || text[i] == 'E')) {
        s += 'e';
        i++;
        if (i < e && (text[i] == '+' || text[i] == '-')) s += text[i++];
        size_t exp = 0;
        while (i < e && text[i] >= '0' && text[i] <= '9') { s += text[i++]; exp++; }
        if (!exp) return false;
    }
    if (i != e) return false;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
    *out = v;
    return true;
}

// ---- panels -------------------------------------------------------------------------------------

const char* panel_id_name(PanelId p) {
    static const char* const names[PANEL_COUNT] = {"params", "model_map", "heatmap", "bias", "training",
                                                   "formulas", "inspector", "anatomy", "teach", "help"};
    return p >= 0 && p < PANEL_COUNT ? names[p] : "?";
}

Msg parse_panel_list(const std::string& l, unsigned* mask) {
    unsigned m = 0;
    std::string bad;
    for (size_t pos = 0; pos <= l.size();) {
        size_t e = l.find(',', pos);
        if (e == std::string::npos) e = l.size();
        std::string p = l.substr(pos, e - pos);
        pos = e + 1;
        while (!p.empty() && is_space(p.front())) p.erase(p.begin());
        while (!p.empty() && is_space(p.back())) p.pop_back();
        if (p.empty()) continue;
        if (p == "parameters") p = "params";
        if (p == "map") p = "model_map";
        int found = -1;
        for (int i = 0; i < PANEL_COUNT; i++)
            if (p == panel_id_name(PanelId(i))) found = i;
        if (found >= 0) m |= 1u << found;
        else if (bad.size() < 200) bad += (bad.empty() ? "" : ",") + p;
    }
    if (!bad.empty()) {
        std::string list;
        for (int i = 0; i < PANEL_COUNT; i++) list += (i ? ", " : "") + std::string(panel_id_name(PanelId(i)));
        return {"Unknown panel " + quote(bad) + " (panels: " + list + ").",
                "Panneau « " + quote_bare(bad) + " » inconnu (panneaux : " + list + ")."};
    }
    *mask = m;
    return {};
}

// ---- URL query ----------------------------------------------------------------------------------

std::vector<QueryParam> split_query(const std::string& q, bool* cut) {
    std::vector<QueryParam> out;
    if (cut) *cut = false;
    size_t pos = (!q.empty() && q[0] == '?') ? 1 : 0;
    while (pos < q.size()) {
        size_t amp = q.find('&', pos);
        if (amp == std::string::npos) amp = q.size();
        if (amp > pos) {
            if (out.size() == kMaxQueryParams) {
                if (cut) *cut = true;
                break;
            }
            size_t eq = q.find('=', pos);
            if (eq == std::string::npos || eq > amp) eq = amp;
            out.push_back({form_decode(q, pos, eq), eq < amp ? form_decode(q, eq + 1, amp) : std::string()});
        }
        pos = amp + 1;
    }
    return out;
}

const std::vector<QuerySpec>& page_param_specs() {
    static const std::vector<QuerySpec> specs = {
        {"lang", QUERY_CHOICE, -1, 0, 0, false, "en fr"},
        {"embed", QUERY_FLAG, -1, 0, 0, false, nullptr},
        {"panel", QUERY_PANELS, -1, 0, 0, false, nullptr},
        {"lecture", QUERY_FLAG, -1, 0, 0, false, nullptr},
        {"memory", QUERY_NUMBER, -1, 16, 65536, true, nullptr},    // MB this device may use (tests try 40)
        {"origins", QUERY_ORIGINS, -1, 0, 0, false, nullptr},
        {"model", QUERY_NAME, -1, 0, 0, false, nullptr},
        {"data", QUERY_NAME, -1, 0, 0, false, nullptr},
        {"seed", QUERY_NUMBER, SET_SEED, 0, 0, false, nullptr},
        {"optimizer", QUERY_CHOICE, -1, 0, 0, false, "sgd adamw adam"},
        {"lr", QUERY_NUMBER, SET_LR, 0, 0, false, nullptr},
        {"batch", QUERY_NUMBER, SET_BATCH, 0, 0, false, nullptr},
        {"context", QUERY_NUMBER, SET_CONTEXT, 0, 0, false, nullptr},
        {"budget", QUERY_NUMBER, -1, kBudgetMin, kBudgetMax, true, nullptr},
        {"tensor", QUERY_NAME, -1, 0, 0, false, nullptr},
        {"view", QUERY_CHOICE, -1, 0, 0, false, "W w weight weights grad gradient update delta adam_m m adam_v v example_grad"},
        {"speed", QUERY_NUMBER, -1, 0, 1000, false, nullptr},      // steps per second of a paced run
        {"autoplay", QUERY_FLAG, -1, 0, 0, false, nullptr},
        // read by web/anatomy.js before the app runs (which build to load, the service worker);
        // listed so that a bad value is named like any other and the names are not "unknown"
        {"threads", QUERY_FLAG, -1, 0, 0, false, nullptr},   // 0: the single-thread build even when isolated
        {"sw", QUERY_FLAG, -1, 0, 0, false, nullptr},        // 0: no isolation service worker (web/coi-sw.js)
    };
    return specs;
}

const PageParam* PageQuery::find(const std::string& name) const {
    for (const PageParam& p : params)
        if (p.name == name) return &p;
    return nullptr;
}

PageQuery parse_page_query(const std::string& query, const std::string& defaults) {
    PageQuery out;
    bool cut_url = false, cut_defaults = false;
    std::vector<QueryParam> given = split_query(query, &cut_url);
    const std::vector<QueryParam> preset = split_query(defaults, &cut_defaults);
    given.insert(given.end(), preset.begin(), preset.end());
    if (cut_url)
        out.problems.push_back({"The URL has more than " + std::to_string(kMaxQueryParams) + " parameters: the rest are ignored.",
                                "L'URL a plus de " + std::to_string(kMaxQueryParams) + " paramètres : les suivants sont ignorés."});
    const auto& specs = page_param_specs();
    for (const QuerySpec& spec : specs) {
        for (const QueryParam& g : given) {
            if (g.name != spec.name) continue;
            PageParam p;
            Msg why = check_param(spec, g.value, &p);
            if (why.empty()) out.params.push_back(std::move(p));
            else out.problems.push_back(std::move(why));
            break;   // the first occurrence wins, valid or not
        }
    }
    // A name that is no parameter but one or two letters away from one is most likely a typo.
    size_t typos = 0;
    for (const QueryParam& g : given) {
        if (typos == 8 || g.name.size() < 3 || g.name.size() > 12) continue;
        bool known = false;
        for (const QuerySpec& spec : specs) known = known || g.name == spec.name;
        if (known) continue;
        const char* near = nullptr;
        const int most = g.name.size() > 4 ? 2 : 1;
        for (const QuerySpec& spec : specs) {
            const int diff = int(g.name.size()) - int(std::strlen(spec.name));
            if (!near && diff <= most && -diff <= most && edit_distance(g.name, spec.name) <= most) near = spec.name;
        }
        if (near && ++typos)
            out.problems.push_back({"Unknown URL parameter " + quote(g.name, 40) + " ignored: did you mean " + near + "?",
                                    "Paramètre d'URL « " + quote_bare(g.name, 40) + " » inconnu, ignoré : vouliez-vous dire " + near + " ?"});
    }
    return out;
}

// ---- postMessage envelopes ---------------------------------------------------------------------

namespace {

// One command a message may name and its arguments: each argument a set of allowed types
// (n number, s text, o object, b bytes or a file, S a list of texts, N a list of 1 or 2 numbers),
// '?' when it may be left out (or null).
struct MessageCommand {
    const char* name;
    const char* args;   // space-separated, e.g. "s n? o?"
};
const MessageCommand kCommands[] = {
    {"ready", ""}, {"state", ""}, {"step", "n?"}, {"set", "s ns"}, {"demo", ""}, {"run", "n?"},
    {"pause", ""}, {"load", "sb o?"}, {"loadData", "so s?"}, {"generate", "s n? o?"},
    {"select", "s?"}, {"setView", "s"}, {"setLang", "s"}, {"setLr", "ns"}, {"setOptimizer", "s"},
    {"setPanels", "sS"}, {"reset", "s? n?"}, {"hash", ""}, {"windows", ""}, {"weights", ""},
    {"downloadWeights", "s?"}, {"teach", "o"}, {"predict", "s n?"}, {"setWeight", "s Nn n"},
    {"ablate", "o"}, {"undo", ""}, {"restore", ""},
};

bool is_bytes(const JsonValue& v) {
    if (v.type != JSON_OBJECT || v.members.empty()) return false;
    const JsonValue* b = v.get("$bytes");
    const JsonValue* f = v.get("$file");
    uint64_t n;
    if (b) return v.members.size() == 1 && b->as_u64(&n);
    if (f) {
        const JsonValue* size = v.get("size");
        return v.members.size() == 2 && f->type == JSON_STRING && size && size->as_u64(&n);
    }
    return false;
}

bool type_ok(char t, const JsonValue& v) {
    switch (t) {
    case 'n': return v.type == JSON_NUMBER;
    case 's': return v.type == JSON_STRING;
    case 'o': return v.type == JSON_OBJECT && !is_bytes(v);
    case 'b': return is_bytes(v);
    case 'S':
        if (v.type != JSON_ARRAY || v.items.size() > PANEL_COUNT * 2) return false;
        for (const JsonValue& x : v.items)
            if (x.type != JSON_STRING) return false;
        return true;
    case 'N':
        if (v.type != JSON_ARRAY || v.items.empty() || v.items.size() > 2) return false;
        for (const JsonValue& x : v.items)
            if (x.type != JSON_NUMBER) return false;
        return true;
    }
    return false;
}

Msg type_words(const std::string& allowed) {
    Msg m;
    for (char t : allowed) {
        if (t == '?') continue;
        const char* en = t == 'n' ? "a number" : t == 's' ? "a text" : t == 'o' ? "an object" : t == 'b' ? "bytes or a file"
                       : t == 'S' ? "a list of texts" : "a list of 1 or 2 numbers";
        const char* fr = t == 'n' ? "un nombre" : t == 's' ? "un texte" : t == 'o' ? "un objet" : t == 'b' ? "des octets ou un fichier"
                       : t == 'S' ? "une liste de textes" : "une liste de 1 ou 2 nombres";
        m.en += (m.en.empty() ? "" : " or ") + std::string(en);
        m.fr += (m.fr.empty() ? "" : " ou ") + std::string(fr);
    }
    return m;
}

Msg got_words(const JsonValue& v) {
    switch (v.type) {
    case JSON_NULL: return {"nothing (null, undefined or NaN)", "rien (null, undefined ou NaN)"};
    case JSON_BOOL: return {"true/false", "vrai/faux"};
    case JSON_NUMBER: return {"a number", "un nombre"};
    case JSON_STRING: return {"a text", "un texte"};
    case JSON_ARRAY: return {"a list", "une liste"};
    case JSON_OBJECT: return is_bytes(v) ? Msg("bytes", "des octets") : Msg("an object", "un objet");
    }
    return {"?", "?"};
}

} // namespace

std::string message_commands() {
    std::string out;
    for (const MessageCommand& c : kCommands) out += (out.empty() ? "" : " ") + std::string(c.name);
    return out;
}

Msg parse_page_message(const char* json, size_t size, PageMessage* out) {
    const Msg head("Message refused: ", "Message refusé : ");
    auto no = [&](const Msg& why) { return Msg(head.en + why.en, head.fr + why.fr); };
    if (size > kMaxMessageBytes)
        return no({"larger than " + std::to_string(kMaxMessageBytes >> 20) + " MB.", "plus grand que " + std::to_string(kMaxMessageBytes >> 20) + " Mo."});
    JsonValue v;
    const std::string err = json_parse(json, size, &v, 16);
    if (!err.empty()) return no({"not valid JSON (" + err + ").", "JSON invalide (" + err + ")."});
    if (v.type != JSON_OBJECT) return no({"not an object {cmd, args}.", "ce n'est pas un objet {cmd, args}."});
    for (const auto& m : v.members)
        if (m.first != "cmd" && m.first != "args")
            return no({"unexpected field " + quote(m.first, 40) + " (only cmd and args).", "champ inattendu « " + quote_bare(m.first, 40) + " » (seulement cmd et args)."});
    const JsonValue* cmd = v.get("cmd");
    if (!cmd || cmd->type != JSON_STRING) return no({"cmd must be a command name.", "cmd doit être un nom de commande."});
    const MessageCommand* c = nullptr;
    for (const MessageCommand& k : kCommands)
        if (cmd->text == k.name) c = &k;
    if (!c)
        return no({"unknown command " + quote(cmd->text, 40) + " (commands: " + message_commands() + ").",
                   "commande « " + quote_bare(cmd->text, 40) + " » inconnue (commandes : " + message_commands() + ")."});
    // args: a list, one value (taken as the only argument, as the page's listener does), or absent
    std::vector<const JsonValue*> args;
    const JsonValue* a = v.get("args");
    if (a && a->type == JSON_ARRAY) for (const JsonValue& x : a->items) args.push_back(&x);
    else if (a && a->type != JSON_NULL) args.push_back(a);
    std::vector<std::string> spec;
    for (size_t b = 0, n = std::strlen(c->args); b < n;) {
        size_t e = b;
        while (e < n && c->args[e] != ' ') e++;
        spec.emplace_back(c->args + b, e - b);
        b = e + 1;
    }
    // trailing nulls are arguments left out (JSON has no undefined)
    size_t given = args.size();
    while (given > 0 && args[given - 1]->type == JSON_NULL) given--;
    if (given > spec.size()) {
        const std::string n = std::to_string(spec.size()), g = std::to_string(given);
        return no({cmd->text + " takes at most " + n + " argument(s), got " + g + ".",
                   cmd->text + " prend au plus " + n + " argument(s), reçu " + g + "."});
    }
    for (size_t i = 0; i < spec.size(); i++) {
        const bool optional = spec[i].find('?') != std::string::npos;
        const JsonValue* x = i < given ? args[i] : nullptr;
        const std::string at = std::to_string(i + 1);
        if (!x || x->type == JSON_NULL) {
            if (optional) continue;
            return no({"argument " + at + " of " + cmd->text + " is missing (give " + type_words(spec[i]).en + ").",
                       "l'argument " + at + " de " + cmd->text + " manque (donnez " + type_words(spec[i]).fr + ")."});
        }
        bool fits = false;
        for (char t : spec[i]) fits = fits || (t != '?' && type_ok(t, *x));
        if (!fits)
            return no({"argument " + at + " of " + cmd->text + " must be " + type_words(spec[i]).en + ", not " + got_words(*x).en + ".",
                       "l'argument " + at + " de " + cmd->text + " doit être " + type_words(spec[i]).fr + ", pas " + got_words(*x).fr + "."});
    }
    out->cmd = cmd->text;
    out->n_args = given;
    return {};
}

} // namespace ga::app
