// The C side of anatomy.teach / predict / setWeight / ablate / undo / restore (web/anatomy.js).
// Each entry point returns one JSON text: the result object, or {"error": "one-line reason"}
// (then nothing changed). They call the same commands as the Teach panel (src/app/edits.h).
#include "edits.h"
#include "js_util.h"
#include "json.h"
#include <emscripten.h>
#include <cmath>

using namespace ga;
using namespace ga::app;
using ga::js::ret;
using ga::js::str_or_empty;

namespace {

std::string error_json(const std::string& why) { return "{\"error\":" + json_quote(why) + "}"; }
std::string num_or_null(float v) { return v >= 0.0f ? json_number(v) : std::string("null"); }

std::string tokens_json(const AppState& s, const std::vector<TokenProb>& v) {
    std::string j = "[";
    for (size_t i = 0; i < v.size(); i++) {
        if (i) j += ",";
        j += "{\"token\":" + json_quote(s.trainer.tokenizer.decode_one(v[i].token)) + ",\"id\":" + std::to_string(v[i].token) +
             ",\"p\":" + json_number(v[i].p) + "}";
    }
    return j + "]";
}

} // namespace

extern "C" {

// {p_before, p_after, loss_before, loss_after, lr, top: [{tensor, row, col, grad, before, after}], side_effects}
// apply = 0: a preview (p_after = p_before, nothing changes).
EMSCRIPTEN_KEEPALIVE const char* ga_js_teach(const char* context, const char* target, double lr, int apply, int top_n) {
    static std::string buf;
    AppState& s = app_state();
    if (!std::isfinite(lr)) return ret(buf, error_json("lr must be a finite number (got " + json_number(lr) + ")"));
    if (top_n < 1 || top_n > 1000) top_n = 10;
    TeachResult r;
    std::string err = app_teach(s, str_or_empty(context), str_or_empty(target), float(lr), apply != 0, top_n, &r);
    if (!err.empty()) return ret(buf, error_json(err));
    const GPT& m = s.trainer.model;
    std::string j = "{\"p_before\":" + json_number(r.p_before) + ",\"p_after\":" + json_number(r.p_after) +
                    ",\"loss_before\":" + json_number(r.loss_before) + ",\"loss_after\":" + json_number(r.loss_after) +
                    ",\"lr\":" + json_number(r.lr) + ",\"applied\":" + (apply ? "true" : "false") + ",\"top\":[";
    for (size_t i = 0; i < r.top.size(); i++) {
        const WeightEntry& e = r.top[i];
        if (i) j += ",";
        j += "{\"tensor\":" + json_quote(m.table[e.tensor].name) + ",\"row\":" + std::to_string(e.row) +
             ",\"col\":" + std::to_string(e.col) + ",\"grad\":" + json_number(e.grad) + ",\"before\":" + json_number(e.before) +
             ",\"after\":" + json_number(e.after) + "}";
    }
    j += "],\"side_effects\":[";
    for (size_t i = 0; i < r.side.size(); i++) {
        if (i) j += ",";
        j += "{\"context\":" + json_quote(s.trainer.tokenizer.decode(r.side[i].context)) + ",\"before\":" + tokens_json(s, r.side[i].before) +
             ",\"after\":" + tokens_json(s, r.side[i].after) + "}";
    }
    j += "],\"undo_depth\":" + std::to_string(teach_session().history.depth()) + "}";
    return ret(buf, std::move(j));
}

// [{token, id, p}] or {"error"}
EMSCRIPTEN_KEEPALIVE const char* ga_js_predict(const char* context, int k) {
    static std::string buf;
    AppState& s = app_state();
    std::vector<TokenProb> top;
    std::string err = app_predict(s, str_or_empty(context), k, &top);
    if (!err.empty()) return ret(buf, error_json(err));
    return ret(buf, tokens_json(s, top));
}

// index: "[r,c]" or "[i]" as JSON text (the page passes what the caller gave, checked here)
EMSCRIPTEN_KEEPALIVE const char* ga_js_set_weight(const char* tensor, const char* index_json, double value) {
    static std::string buf;
    AppState& s = app_state();
    const std::string it = str_or_empty(index_json);
    JsonValue v;
    std::string err = json_parse(it.data(), it.size(), &v, 4);
    if (!err.empty() || v.type != JSON_ARRAY || v.items.empty() || v.items.size() > 2)
        return ret(buf, error_json("index must be [row, col] or [i] (whole numbers)"));
    std::vector<long long> index;
    for (const JsonValue& x : v.items) {
        int64_t k = 0;
        if (x.type != JSON_NUMBER || !x.as_i64(&k)) return ret(buf, error_json("index must be [row, col] or [i] (whole numbers)"));
        index.push_back((long long)k);
    }
    float before = 0, after = 0, val = -1;
    err = app_set_weight(s, str_or_empty(tensor), index, value, &before, &after, &val);
    if (!err.empty()) return ret(buf, error_json(err));
    return ret(buf, "{\"before\":" + json_number(before) + ",\"after\":" + json_number(after) + ",\"val_loss\":" + num_or_null(val) + "}");
}

// head >= 0 or neuron >= 0 (the other -1); on = 0 brings it back
EMSCRIPTEN_KEEPALIVE const char* ga_js_ablate(int layer, int head, int neuron, int on) {
    static std::string buf;
    float vb = -1, va = -1;
    std::string err = app_ablate(app_state(), layer, head, neuron, on != 0, &vb, &va);
    if (!err.empty()) return ret(buf, error_json(err));
    return ret(buf, "{\"val_loss_before\":" + num_or_null(vb) + ",\"val_loss_after\":" + num_or_null(va) +
                        ",\"ablated\":" + std::to_string(app_state().trainer.model.ablation.count()) + "}");
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_undo() {
    static std::string buf;
    AppState& s = app_state();
    std::string err = app_undo(s);
    if (!err.empty()) return ret(buf, error_json(err));
    return ret(buf, "{\"val_loss\":" + num_or_null(edits_val_loss(s)) + ",\"undo_depth\":" +
                        std::to_string(teach_session().history.depth()) + "}");
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_restore() {
    static std::string buf;
    AppState& s = app_state();
    std::string err = app_restore(s);
    if (!err.empty()) return ret(buf, error_json(err));
    return ret(buf, "{\"val_loss\":" + num_or_null(edits_val_loss(s)) + "}");
}

// [{id, x, y, w, h}]: the Teach panel's buttons in the last frame (tests click them).
EMSCRIPTEN_KEEPALIVE const char* ga_js_teach_ui() {
    static std::string buf;
    std::string j = "[";
    for (const auto& r : teach_session().ui_rects) {
        if (j.size() > 1) j += ",";
        j += "{\"id\":" + json_quote(r.id) + ",\"x\":" + json_number(r.x) + ",\"y\":" + json_number(r.y) + ",\"w\":" +
             json_number(r.w) + ",\"h\":" + json_number(r.h) + "}";
    }
    return ret(buf, j + "]");
}

// Validation loss of the current weights (after edits: measured now; else the curve's last).
EMSCRIPTEN_KEEPALIVE double ga_js_val_loss_now() { return edits_val_loss(app_state()); }

} // extern "C"
