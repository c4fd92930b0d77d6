// The C side of the page's JavaScript API (web/anatomy.js → window.anatomy). Every function here
// is a plain extern "C" entry point the page calls between two frames (the browser runs one
// thread: a call never races with app_frame()). Strings go in as UTF-8 pointers; strings come back
// as pointers into a static buffer that stays valid until the next call of the same function.
// Errors are returned as the one-line reason ("" = ok); nothing here ever aborts on bad input and
// a refused command leaves the model exactly as it was.
#include "app.h"
#include "sampling.h"
#include "checkpoint.h"
#include "json.h"
#include "presenter.h"
#include "probe.h"
#include "synthetic.h"
#include "web_assets.h"
#include "imgui.h"
#include "imgui_internal.h"   // window rectangles for tests (ga_js_windows)
#include <emscripten.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <functional>

using namespace ga;
using namespace ga::app;

namespace {

const char* ret(std::string& buf, std::string v) {
    buf = std::move(v);
    return buf.c_str();
}

std::string str_or_empty(const char* p) { return p ? std::string(p) : std::string(); }

// How many bytes the wasm heap can still grow to (4 GB address space, -sMAXIMUM_MEMORY).
double heap_size_bytes() { return double(EM_ASM_DOUBLE({ return HEAPU8.length; })); }

// Asks the allocator for `bytes` and gives them back: the only honest answer to "will it fit?"
// in a browser (the memory limit depends on the browser, the device and what else is open).
bool can_allocate(double bytes) {
    if (!(bytes > 0)) return true;
    if (bytes >= 4294967295.0) return false;
    void* p = std::malloc(size_t(bytes));
    if (!p) return false;
    std::free(p);
    return true;
}

std::string mb(double bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f MB", bytes / (1024.0 * 1024.0));
    return b;
}

const char* view_name(ViewQuantity v) {
    switch (v) {
    case VIEW_WEIGHT: return "W";
    case VIEW_GRAD: return "grad";
    case VIEW_UPDATE: return "update";
    case VIEW_ADAM_M: return "adam_m";
    case VIEW_ADAM_V: return "adam_v";
    }
    return "W";
}

// ---- generation: one token per call, so the page can spread a long generation over frames ----
struct Generation {
    GPT probe;                 // own activations: the trainer's (shown by the panels) stay intact
    std::vector<int> ids;      // prompt + generated
    size_t prompt_len = 0;
    float temperature = 1.0f;
    int top_k = 0;
    Rng rng{1};
    bool active = false;
};
Generation g_gen;

// Longest context a generation feeds back (attention activations grow with T²: a real GPT-2 at
// T=1024 would need gigabytes for one forward pass).
const int kGenMaxContext = 256;


// FNV-1a 64 over the config and the raw bytes of every parameter: equal hashes = identical weights.
uint64_t fnv1a(uint64_t h, const void* data, size_t n) {
    const uint8_t* p = static_cast<const uint8_t*>(data);
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ull; }
    return h;
}

std::vector<uint8_t> g_saved;
std::vector<ga::platform::WebAsset> g_assets;

} // namespace

namespace ga::platform {

const std::vector<WebAsset>& web_assets() { return g_assets; }

void web_request(const char* action, const char* arg) {
    // The page's handlers are asynchronous (fetch, file picker): they report back through the
    // ga_js_* functions above, never by returning here.
    EM_ASM({
        var ui = Module.anatomyUi;  /* no top-level commas: EM_ASM is a macro */
        var a = UTF8ToString($0);
        var v = UTF8ToString($1);
        if (ui && typeof ui[a] === 'function') ui[a](v);
        else console.warn('GPT Anatomy: no page action ' + a);
    }, action ? action : "", arg ? arg : "");
}

} // namespace ga::platform

extern "C" {

// {step, loss, running, model:{...}, optimizer, lr, fps, ...} as JSON (anatomy.state()).
EMSCRIPTEN_KEEPALIVE const char* ga_js_state() {
    static std::string buf;
    AppState& s = app_state();
    const Trainer& tr = s.trainer;
    const GPTConfig& c = tr.model.cfg;
    float val = -1.0f;
    for (auto it = tr.history.rbegin(); it != tr.history.rend(); ++it)
        if (it->val >= 0) { val = it->val; break; }
    std::string j = "{";
    j += "\"step\":" + std::to_string(tr.step);
    j += ",\"loss\":" + (tr.last_loss >= 0 ? json_number(tr.last_loss) : std::string("null"));
    j += ",\"val_loss\":" + (val >= 0 ? json_number(val) : std::string("null"));
    j += ",\"running\":" + std::string(s.running ? "true" : "false");
    j += ",\"steps_pending\":" + std::to_string(s.steps_pending);
    j += ",\"model\":{\"n_layer\":" + std::to_string(c.n_layer) + ",\"n_head\":" + std::to_string(c.n_head) +
         ",\"n_embd\":" + std::to_string(c.n_embd) + ",\"n_ctx\":" + std::to_string(c.n_ctx) +
         ",\"vocab_size\":" + std::to_string(c.vocab_size) + ",\"params\":" + std::to_string(tr.model.params.size()) +
         ",\"name\":" + json_quote(s.model_name) +
         ",\"tokenizer\":" + json_quote(tr.tokenizer.kind == TOK_GPT2_BPE ? "gpt2-bpe" : "char") + "}";
    j += ",\"optimizer\":" + json_quote(tr.opt_cfg.kind == OPT_SGD ? "sgd" : "adamw");
    j += ",\"lr\":" + json_number(tr.opt_cfg.lr);
    j += ",\"batch\":" + std::to_string(tr.B) + ",\"context\":" + std::to_string(tr.T);
    j += ",\"seed\":" + std::to_string(tr.seed);
    j += ",\"fps\":" + json_number(s.fps);
    j += ",\"steps_per_s\":" + json_number(s.steps_per_s);
    j += ",\"data\":" + json_quote(s.data_name);
    j += ",\"data_tokens\":{\"train\":" + std::to_string(tr.data.train.size()) + ",\"val\":" +
         std::to_string(tr.data.val.size()) + "}";
    const bool has_sel = s.selected >= 0 && s.selected < int(tr.model.table.size());
    j += ",\"tensor\":" + (has_sel ? json_quote(tr.model.table[s.selected].name) : std::string("null"));
    if (has_sel) {
        const ParamTensor& p = tr.model.table[s.selected];
        j += ",\"tensor_shape\":[" + (p.rank == 2 ? std::to_string(p.rows) + "," : std::string()) + std::to_string(p.cols) + "]";
        j += ",\"tensor_label\":" + json_quote(param_kind_label(p.kind));
    }
    j += ",\"view\":" + json_quote(view_name(s.view));
    j += ",\"lang\":" + json_quote(lang() == LANG_FR ? "fr" : "en");
    j += ",\"embed\":" + std::string(s.embed ? "true" : "false");
    j += ",\"panel\":" + json_quote(s.panel);
    j += ",\"lecture\":" + std::string(s.lecture_mode ? "true" : "false");
    j += ",\"error\":" + (s.error.empty() ? std::string("null") : json_quote(s.error));
    j += ",\"heap_mb\":" + json_number(std::round(heap_size_bytes() / 1048576.0));
    j += "}";
    return ret(buf, std::move(j));
}

// Queues n optimizer steps; returns the step number at which they will all be done, or -1 with
// the reason in ga_js_last_error() (nothing to train on, model too big for this browser's memory).
EMSCRIPTEN_KEEPALIVE const char* ga_js_train_check();
EMSCRIPTEN_KEEPALIVE int ga_js_step(int n) {
    AppState& s = app_state();
    if (n < 0) n = 0;
    if (n > 1000000) n = 1000000;
    if (*ga_js_train_check()) return -1;
    s.steps_pending += n;
    return s.trainer.step + s.steps_pending;
}

static std::string g_train_err;
const char* ga_memory_train_block();   // memory_bridge.cpp: a model loaded for viewing only
// "" if training can run; else why not. Checks the memory that training will allocate on its
// first step (gradients + the optimizer's moments: ~3x the parameters) so a big checkpoint loaded
// for viewing says so instead of aborting on an allocation failure.
EMSCRIPTEN_KEEPALIVE const char* ga_js_train_check() {
    AppState& s = app_state();
    const Trainer& tr = s.trainer;
    g_train_err.clear();
    if (tr.model.params.empty()) g_train_err = "no model loaded";
    else if (*ga_memory_train_block())
        g_train_err = ga_memory_train_block();
    else if (tr.data.train.size() < 2)
        g_train_err = "no training data for this model (load a data set or paste text with its characters)";
    else {
        double need = 0;
        const double pbytes = double(tr.model.params.size()) * 4.0;
        if (tr.model.grads.empty()) need += pbytes;
        if (tr.opt_cfg.kind == OPT_ADAMW && tr.opt.m.empty()) need += 2 * pbytes;
        if (tr.opt.last_update.empty()) need += pbytes;
        if (need > 64.0 * 1048576.0 && !can_allocate(need))
            g_train_err = "this model is too big to train in this browser (training needs " + mb(need) +
                          " more memory); it can still be viewed and used to generate text";
    }
    return g_train_err.c_str();
}

EMSCRIPTEN_KEEPALIVE void ga_js_run(int on) {
    AppState& s = app_state();
    s.running = on != 0;
    if (!on) s.steps_pending = 0;
}

// Can a checkpoint of `bytes` bytes be loaded next to the current model? "" or the reason.
// Loading needs the file's bytes and a parsed copy of the parameters (about as big), plus room
// for activations.
EMSCRIPTEN_KEEPALIVE const char* ga_js_memory_check(double bytes) {
    static std::string buf;
    const double need = 2.0 * bytes + 64.0 * 1048576.0;
    // Small files always fit; probing would only grow the heap for nothing (it never shrinks).
    if (bytes < 16.0 * 1048576.0) return ret(buf, "");
    if (need >= 4294967295.0 || !can_allocate(need))
        return ret(buf, "the file (" + mb(bytes) + ") does not fit in this browser's memory: loading it needs about " +
                            mb(need) + " (WebAssembly here can use at most 4096 MB, the page uses " +
                            mb(heap_size_bytes()) + " now); the current model is kept");
    return ret(buf, "");
}

// Loads a safetensors checkpoint from bytes the page copied into the heap. "" or the reason (then
// the current model is untouched).
EMSCRIPTEN_KEEPALIVE const char* ga_js_load(const uint8_t* bytes, int n, const char* name) {
    static std::string buf;
    AppState& s = app_state();
    if (!bytes || n <= 0) return ret(buf, str_or_empty(name) + ": the file is empty");
    // Only the checkpoint's own parsed copy is allocated from here on: check it fits first.
    if (n > 16 * 1048576 && !can_allocate(double(n) + 16.0 * 1048576.0))
        return ret(buf, str_or_empty(name) + ": not enough memory to load this file (" + mb(n) + "); the current model is kept");
    std::string err = app_load_checkpoint(s, bytes, size_t(n), str_or_empty(name));
    if (!err.empty()) {
        // app_load_checkpoint shows the error in the app's banner too; the page rejects its promise.
        return ret(buf, str_or_empty(name) + ": " + err);
    }
    g_gen.active = false;
    return ret(buf, "");
}

// Training text (UTF-8). "" or the reason (characters outside a char model's alphabet, too short).
EMSCRIPTEN_KEEPALIVE const char* ga_js_set_data(const char* name, const char* text) {
    static std::string buf;
    AppState& s = app_state();
    std::string err = app_set_dataset_text(s, str_or_empty(name), str_or_empty(text));
    if (!err.empty()) return ret(buf, str_or_empty(name) + ": " + err);
    s.error.clear();   // an earlier data problem is solved by data that works
    return ret(buf, "");
}

// Does the current tokenizer encode this text? "" or the reason; no state changes (used to pick a
// data set that matches a freshly loaded model without showing an error banner).
EMSCRIPTEN_KEEPALIVE const char* ga_js_check_text(const char* text) {
    static std::string buf;
    std::vector<int> ids;
    return ret(buf, app_state().trainer.tokenizer.encode(str_or_empty(text), &ids));
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_select(const char* name) {
    static std::string buf;
    AppState& s = app_state();
    const std::string n = str_or_empty(name);
    if (n.empty()) { s.selected = -1; return ret(buf, ""); }
    const auto& t = s.trainer.model.table;
    for (size_t i = 0; i < t.size(); i++)
        if (t[i].name == n || "transformer." + t[i].name == n) { s.selected = int(i); return ret(buf, ""); }
    std::string names;
    for (size_t i = 0; i < t.size() && i < 4; i++) names += (i ? ", " : "") + t[i].name;
    return ret(buf, "no tensor named '" + n + "' in this model (names look like " + names + ", ...)");
}

// 0 W, 1 ∂L/∂W, 2 ΔW, 3 Adam m, 4 Adam v
EMSCRIPTEN_KEEPALIVE void ga_js_set_view(int v) {
    if (v < VIEW_WEIGHT || v > VIEW_ADAM_V) v = VIEW_WEIGHT;
    app_state().view = ViewQuantity(v);
}

EMSCRIPTEN_KEEPALIVE void ga_js_set_lang(int fr) { set_lang(fr ? LANG_FR : LANG_EN); }

EMSCRIPTEN_KEEPALIVE const char* ga_js_set_lr(double lr) {
    static std::string buf;
    if (!std::isfinite(lr) || lr <= 0 || lr > 10)
        return ret(buf, "learning rate " + json_number(lr) + " is not allowed (use a number in (0, 10])");
    app_state().trainer.opt_cfg.lr = float(lr);
    return ret(buf, "");
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_set_optimizer(const char* name) {
    static std::string buf;
    const std::string n = str_or_empty(name);
    Trainer& tr = app_state().trainer;
    if (n == "sgd") tr.opt_cfg.kind = OPT_SGD;
    else if (n == "adamw" || n == "adam") tr.opt_cfg.kind = OPT_ADAMW;
    else return ret(buf, "unknown optimizer '" + n + "' (use sgd or adamw)");
    tr.opt.reset();  // Adam's moments mean nothing to SGD and vice versa
    return ret(buf, "");
}

EMSCRIPTEN_KEEPALIVE void ga_js_set_embed(int on, const char* panel) {
    AppState& s = app_state();
    s.embed = on != 0;
    s.panel = str_or_empty(panel);
}

EMSCRIPTEN_KEEPALIVE void ga_js_set_lecture(int on) { lecture_mode_set(app_state(), on != 0); }

// Which panels are open: a comma-separated list of panel ids (params, model_map, heatmap, bias,
// training, formulas, inspector, anatomy, help). Unknown names are the error.
EMSCRIPTEN_KEEPALIVE const char* ga_js_show_panels(const char* list) {
    static std::string buf;
    PanelVisibility v{};
    v.parameters = v.model_map = v.heatmap = v.bias = v.training = false;
    std::string l = str_or_empty(list), bad;
    size_t pos = 0;
    while (pos <= l.size()) {
        size_t e = l.find(',', pos);
        if (e == std::string::npos) e = l.size();
        const std::string p = l.substr(pos, e - pos);
        pos = e + 1;
        if (p.empty()) continue;
        if (p == "params" || p == "parameters") v.parameters = true;
        else if (p == "model_map" || p == "map") v.model_map = true;
        else if (p == "heatmap") v.heatmap = true;
        else if (p == "bias") v.bias = true;
        else if (p == "training") v.training = true;
        else if (p == "formulas") v.formulas = true;
        else if (p == "inspector") v.inspector = true;
        else if (p == "anatomy") v.anatomy = true;
        else if (p == "help") v.help = true;
        else bad += (bad.empty() ? "" : ", ") + p;
    }
    if (!bad.empty())
        return ret(buf, "unknown panel '" + bad +
                            "' (panels: params, model_map, heatmap, bias, training, formulas, inspector, anatomy, help)");
    panels() = v;
    layout_request_reset();   // tile the new set of panels
    return ret(buf, "");
}

// Training speed: milliseconds of training per frame while running (the rest of the frame draws).
EMSCRIPTEN_KEEPALIVE void ga_js_set_train_budget(double ms) {
    if (!std::isfinite(ms)) return;
    app_state().train_budget_ms = float(std::min(50.0, std::max(1.0, ms)));
}

// Random weights from a seed: optimizer, step counter and loss history reset.
EMSCRIPTEN_KEEPALIVE void ga_js_reset_random(double seed) {
    AppState& s = app_state();
    s.running = false;
    s.steps_pending = 0;
    s.trainer.reinit(seed >= 0 && std::isfinite(seed) ? uint64_t(seed) : s.trainer.seed);
    s.model_name = "random";
    s.error.clear();
    g_gen.active = false;
}

// A new model with random weights whose character alphabet is that of `text`, trained on `text`:
// "start from scratch on this data set". "" or the reason (then nothing changed).
EMSCRIPTEN_KEEPALIVE const char* ga_js_new_model(int n_layer, int n_head, int n_embd, int n_ctx, double seed,
                                                 const char* data_name, const char* text) {
    static std::string buf;
    AppState& s = app_state();
    const std::string t = str_or_empty(text), dn = str_or_empty(data_name);
    Checkpoint ck;
    std::string err = tokenizer_char_from_text(t, &ck.tokenizer);
    if (!err.empty()) return ret(buf, dn + ": " + err);
    GPTConfig cfg;
    cfg.n_layer = n_layer; cfg.n_head = n_head; cfg.n_embd = n_embd; cfg.n_ctx = n_ctx;
    cfg.vocab_size = ck.tokenizer.vocab_size();
    err = ck.model.init(cfg);
    if (!err.empty()) return ret(buf, "model " + std::to_string(n_layer) + "x" + std::to_string(n_head) + "x" + std::to_string(n_embd) + ": " + err);
    const int T = std::min(s.trainer.T, n_ctx);
    Dataset d;
    err = dataset_from_text(dn, t, ck.tokenizer, T, &d);
    if (!err.empty()) return ret(buf, dn + ": " + err);
    const uint64_t sd = seed >= 0 && std::isfinite(seed) ? uint64_t(seed) : s.trainer.seed;
    ck.model.init_random(sd);
    s.running = false;
    s.steps_pending = 0;
    s.trainer.seed = sd;
    s.trainer.set_model(std::move(ck));
    s.trainer.T = T;
    s.trainer.data = std::move(d);
    s.data_name = dn;
    s.model_name = "random";
    s.selected = -1;
    s.error.clear();
    g_gen.active = false;
    return ret(buf, "");
}

// The text of a synthetic task ("addition", "reversal", "sorting"): n examples, one per line.
EMSCRIPTEN_KEEPALIVE const char* ga_js_synthetic_text(const char* task, int n, double seed) {
    static std::string buf;
    return ret(buf, synthetic_text(str_or_empty(task), n, seed >= 0 && std::isfinite(seed) ? uint64_t(seed) : 1));
}

// Seed of the training batches (and of the next random initialisation).
EMSCRIPTEN_KEEPALIVE void ga_js_set_seed(double seed) {
    if (!(seed >= 0) || !std::isfinite(seed)) return;
    Trainer& tr = app_state().trainer;
    tr.seed = uint64_t(seed);
    tr.rng = Rng(tr.seed);
}

EMSCRIPTEN_KEEPALIVE void ga_js_clear_error() { app_state().error.clear(); }
EMSCRIPTEN_KEEPALIVE void ga_js_show_error(const char* msg) { app_state().error = str_or_empty(msg); }
EMSCRIPTEN_KEEPALIVE void ga_js_set_status(const char* msg) { app_state().status = str_or_empty(msg); }

// Serializes the current weights (safetensors, with the tokenizer) into a buffer the page copies
// out: returns its size; ga_js_saved_ptr() gives its address, ga_js_saved_free() releases it.
EMSCRIPTEN_KEEPALIVE int ga_js_save() {
    AppState& s = app_state();
    std::map<std::string, std::string> extra;
    extra["step"] = std::to_string(s.trainer.step);
    if (!s.data_name.empty()) extra["dataset"] = s.data_name;
    extra["source"] = "GPT Anatomy (browser)";
    g_saved = checkpoint_save(s.trainer.model, s.trainer.tokenizer, extra);
    return int(g_saved.size());
}
EMSCRIPTEN_KEEPALIVE const uint8_t* ga_js_saved_ptr() { return g_saved.data(); }
EMSCRIPTEN_KEEPALIVE void ga_js_saved_free() { std::vector<uint8_t>().swap(g_saved); }

// Hash of the config + every parameter's bytes (tests: download → upload gives the same weights).
EMSCRIPTEN_KEEPALIVE const char* ga_js_params_hash() {
    static std::string buf;
    const GPT& m = app_state().trainer.model;
    uint64_t h = 0xcbf29ce484222325ull;
    const int cfg[5] = {m.cfg.n_layer, m.cfg.n_head, m.cfg.n_embd, m.cfg.n_ctx, m.cfg.vocab_size};
    h = fnv1a(h, cfg, sizeof cfg);
    h = fnv1a(h, m.params.data(), m.params.size() * sizeof(float));
    char b[24];
    std::snprintf(b, sizeof b, "%016llx", (unsigned long long)h);
    return ret(buf, b);
}

// Starts a generation from a prompt with the current model and its tokenizer. "" or the reason.
EMSCRIPTEN_KEEPALIVE const char* ga_js_gen_begin(const char* prompt, double temperature, int top_k, double seed) {
    static std::string buf;
    AppState& s = app_state();
    const Trainer& tr = s.trainer;
    g_gen.active = false;
    if (tr.model.params.empty()) return ret(buf, "no model loaded");
    if (!std::isfinite(temperature) || temperature < 0) return ret(buf, "temperature must be a number >= 0 (0 = greedy)");
    std::vector<int> ids;
    std::string err = tr.tokenizer.encode(str_or_empty(prompt), &ids);
    if (!err.empty()) return ret(buf, "prompt: " + err);
    const int V = tr.model.cfg.vocab_size;
    for (int id : ids)
        if (id < 0 || id >= V) return ret(buf, "prompt: token " + std::to_string(id) + " is outside the model's vocabulary");
    if (ids.empty()) {
        // no prompt: GPT-2 starts from <|endoftext|>; a character model from a newline if it knows one
        int start = 0;
        if (tr.tokenizer.kind == TOK_GPT2_BPE && V > 50256) start = 50256;
        else {
            std::vector<int> nl;
            if (tr.tokenizer.encode("\n", &nl).empty() && nl.size() == 1) start = nl[0];
        }
        ids.push_back(start);
        g_gen.prompt_len = 1;
    } else {
        g_gen.prompt_len = ids.size();
    }
    g_gen.ids = std::move(ids);
    g_gen.temperature = float(temperature);
    g_gen.top_k = top_k;
    g_gen.rng = Rng(seed >= 0 && std::isfinite(seed) ? uint64_t(seed) : uint64_t(tr.step) * 7919u + 17u);
    g_gen.active = true;
    return ret(buf, "");
}

// One more token. Returns 1 on success, 0 if no generation is active (model replaced meanwhile).
EMSCRIPTEN_KEEPALIVE int ga_js_gen_next() {
    AppState& s = app_state();
    GPT& model = s.trainer.model;
    if (!g_gen.active || model.params.empty()) return 0;
    const int ctx = std::min(model.cfg.n_ctx, kGenMaxContext);
    const int T = int(std::min<size_t>(g_gen.ids.size(), size_t(ctx)));
    const int* in = g_gen.ids.data() + (g_gen.ids.size() - size_t(T));
    // The probe borrows the trainer's parameters (swap, no copy) for this one forward pass.
    if (!probe_forward(g_gen.probe, model, model.params, in, nullptr, 1, T)) { g_gen.active = false; return 0; }
    const int V = model.cfg.vocab_size;
    const float* logits = g_gen.probe.acts.logits.data() + size_t(T - 1) * V;
    g_gen.ids.push_back(sample_token(logits, V, g_gen.temperature, g_gen.top_k, g_gen.rng));
    return 1;
}

// The generated text so far (without the prompt).
EMSCRIPTEN_KEEPALIVE const char* ga_js_gen_text() {
    static std::string buf;
    const Tokenizer& tok = app_state().trainer.tokenizer;
    if (g_gen.ids.size() <= g_gen.prompt_len) return ret(buf, "");
    std::vector<int> out(g_gen.ids.begin() + long(g_gen.prompt_len), g_gen.ids.end());
    return ret(buf, tok.decode(out));
}

EMSCRIPTEN_KEEPALIVE void ga_js_gen_end() {
    g_gen.active = false;
    g_gen.probe.acts = Activations{};   // a big model's activations are worth giving back
    g_gen.ids.clear();
}

// Where the interface's windows are, in CSS pixels: [{id, title, x, y, w, h}] for every window
// drawn in the last frame (tests screenshot exactly the heatmap window; embedding pages can
// point at a panel).
EMSCRIPTEN_KEEPALIVE const char* ga_js_windows() {
    static std::string buf;
    std::string j = "[";
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (ctx) {
        for (ImGuiWindow* w : ctx->Windows) {
            if (!w->WasActive || w->Hidden || (w->Flags & ImGuiWindowFlags_ChildWindow) || (w->Flags & ImGuiWindowFlags_Tooltip)) continue;
            const char* name = w->Name;
            const char* id = std::strstr(name, "###");
            std::string title = id ? std::string(name, size_t(id - name)) : std::string(name);
            if (j.size() > 1) j += ",";
            j += "{\"id\":" + json_quote(id ? id + 3 : name) + ",\"title\":" + json_quote(title) +
                 ",\"x\":" + json_number(w->Pos.x) + ",\"y\":" + json_number(w->Pos.y) +
                 ",\"w\":" + json_number(w->Size.x) + ",\"h\":" + json_number(w->Size.y) +
                 ",\"collapsed\":" + (w->Collapsed ? "true" : "false") + "}";
        }
    }
    j += "]";
    return ret(buf, std::move(j));
}

// Puts a file into the app's in-memory file system (e.g. the GPT-2 tokenizer's encoder.json and
// vocab.bpe, fetched by the page only when a GPT-2 checkpoint needs them). "" or the reason.
EMSCRIPTEN_KEEPALIVE const char* ga_js_put_file(const char* path, const uint8_t* bytes, int n) {
    static std::string buf;
    const std::string p = str_or_empty(path);
    if (p.empty() || p[0] != '/' || n < 0) return ret(buf, "put_file: bad path or size");
    for (size_t i = 1; i < p.size(); i++)
        if (p[i] == '/') mkdir(p.substr(0, i).c_str(), 0755);   // existing folders: EEXIST, fine
    FILE* f = std::fopen(p.c_str(), "wb");
    if (!f) return ret(buf, "cannot write " + p);
    const size_t w = n > 0 ? std::fwrite(bytes, 1, size_t(n), f) : 0;
    std::fclose(f);
    if (w != size_t(n)) return ret(buf, "short write to " + p);
    return ret(buf, "");
}

// The core reads some settings from the environment (GPT_ANATOMY_BPE_DIR: where the GPT-2
// tokenizer files are).
EMSCRIPTEN_KEEPALIVE void ga_js_setenv(const char* name, const char* value) {
    if (name && *name) setenv(name, value ? value : "", 1);
}

// The page's catalogue: one asset per line, fields separated by tabs:
// kind \t name \t bytes \t title_en \t title_fr
EMSCRIPTEN_KEEPALIVE void ga_js_set_catalog(const char* tsv) {
    g_assets.clear();
    const std::string t = str_or_empty(tsv);
    size_t pos = 0;
    while (pos < t.size()) {
        size_t e = t.find('\n', pos);
        if (e == std::string::npos) e = t.size();
        std::vector<std::string> f;
        size_t a = pos;
        while (a <= e) {
            size_t b = t.find('\t', a);
            if (b == std::string::npos || b > e) b = e;
            f.push_back(t.substr(a, b - a));
            a = b + 1;
        }
        pos = e + 1;
        if (f.size() < 2 || f[1].empty()) continue;
        ga::platform::WebAsset w;
        w.kind = f[0];
        w.name = f[1];
        if (f.size() > 2) w.bytes = std::atof(f[2].c_str());
        if (f.size() > 3) w.title_en = f[3];
        if (f.size() > 4) w.title_fr = f[4];
        g_assets.push_back(std::move(w));
    }
}

} // extern "C"
