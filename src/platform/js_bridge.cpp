// The C side of the page's JavaScript API (web/anatomy.js → window.anatomy). Every function here
// is a plain extern "C" entry point the page calls between two frames (the browser runs one
// thread: a call never races with app_frame()). Strings go in as UTF-8 pointers; strings come back
// as pointers into a static buffer that stays valid until the next call of the same function.
// Errors are returned as the one-line reason ("" = ok); nothing here ever aborts on bad input and
// a refused command leaves the model exactly as it was.
#include "app.h"
#include "train_worker.h"
#include "edits.h"
#include "checkpoint.h"
#include "json.h"
#include "presenter.h"
#include "quote.h"
#include "synthetic.h"
#include "threads.h"
#include "hooks.h"
#include "js_util.h"
#include "platform.h"
#include "imgui.h"
#include "imgui_internal.h"   // window rectangles for tests (ga_js_windows)
#include <emscripten.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

using namespace ga;
using namespace ga::app;
using ga::js::ret;
using ga::js::str_or_empty;

namespace {


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
    case VIEW_EXAMPLE_GRAD: return "example_grad";
    }
    return "W";
}

// FNV-1a 64 over the config and the raw bytes of every parameter: equal hashes = identical weights.
uint64_t fnv1a(uint64_t h, const void* data, size_t n) {
    const uint8_t* p = static_cast<const uint8_t*>(data);
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ull; }
    return h;
}

std::vector<uint8_t> g_saved;

// The app's hooks into the page (src/app/hooks.h).
bool page_action_exists(const char* name) {
    return EM_ASM_INT({
        var n = UTF8ToString($0);
        return (Module.anatomyUi && typeof Module.anatomyUi[n] === 'function') ? 1 : 0;
    }, name ? name : "") != 0;
}

} // namespace

namespace ga::platform {

void install_bridge_hooks(ga::app::PlatformHooks& h) {
    h.page_action = web_request;
    h.page_action_exists = page_action_exists;
    h.can_allocate = can_allocate;
    h.heap_bytes = heap_size_bytes;
}

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

// How many threads the kernels use: the page asks for min(navigator.hardwareConcurrency, pool) in
// the threaded build; the core clamps it to what this build has (1 without pthreads). `note`
// (a ThreadsNote: 0 none, 1 not cross-origin isolated, 2 ?threads=0) says why the page runs on one
// thread, for the Training panel. Returns the count in effect (state().threads).
EMSCRIPTEN_KEEPALIVE int ga_js_set_threads(int n, int note) {
    app_state().threads_note = (note == THREADS_NOTE_NOT_ISOLATED || note == THREADS_NOTE_TURNED_OFF) ? ThreadsNote(note) : THREADS_NOTE_NONE;
    return threads_set(n);
}

// {step, loss, running, model:{...}, optimizer, lr, fps, ...} as JSON (anatomy.state()).
EMSCRIPTEN_KEEPALIVE const char* ga_js_state() {
    static std::string buf;
    AppState& s = app_state();
    const Trainer& tr = s.trainer;
    const GPTConfig& c = tr.model.cfg;
    float val = -1.0f;
    for (auto it = tr.history.rbegin(); it != tr.history.rend(); ++it)
        if (it->val >= 0) { val = it->val; break; }
    // after a teach step, an edit or a knock-out: the loss of the weights as they are now
    if (teach_session().edited_at(tr.step)) val = edits_val_loss(s);
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
    j += ",\"optimizer\":" + json_quote(tr.opt.cfg.kind == OPT_SGD ? "sgd" : "adamw");
    j += ",\"optimizer_t\":" + std::to_string(tr.opt.t);
    j += ",\"lr\":" + json_number(tr.opt.cfg.lr);
    j += ",\"train_budget_ms\":" + json_number(s.train_budget_ms);
    j += ",\"version\":" + std::to_string(tr.version);
    j += ",\"batch\":" + std::to_string(tr.B) + ",\"context\":" + std::to_string(tr.T);
    j += ",\"seed\":" + std::to_string(tr.seed);
    j += ",\"fps\":" + json_number(s.fps);
    // threads the core may use (1 in the page built without pthreads: src/core/threads.h)
    j += ",\"threads\":" + std::to_string(threads_count());
    j += ",\"threads_note\":" + std::string(s.threads_note == THREADS_NOTE_NOT_ISOLATED ? "\"not-isolated\""
                                            : s.threads_note == THREADS_NOTE_TURNED_OFF ? "\"turned-off\"" : "null");
    j += ",\"steps_per_s\":" + json_number(s.steps_per_s);
    j += ",\"tokens_per_s\":" + json_number(s.tokens_per_s);
    // training on its own thread (the threaded page) or time-sliced into the frames; the main
    // thread's own work per frame in ms (average, and the largest of the last second)
    j += ",\"train_thread\":" + std::string(train_worker_used(s) ? "true" : "false");
    j += ",\"main_ms\":" + json_number(std::round(s.main_ms * 100.0) / 100.0);
    j += ",\"main_ms_max\":" + json_number(std::round(s.main_ms_max * 100.0) / 100.0);
    j += ",\"data\":" + json_quote(s.data_name);
    // the data set is named but its text not fetched yet (the default page's start-up)
    j += ",\"data_deferred\":" + std::string(s.data_deferred ? "true" : "false");
    // the AdamW moments of a shipped model, fetched when training first needs them
    j += ",\"moments_deferred\":" + std::string(tr.moments_pending() ? "true" : "false");
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
    j += ",\"ablated\":" + std::to_string(tr.model.ablation.count());
    j += ",\"undo_depth\":" + std::to_string(teach_session().history.depth());
    j += ",\"resumed\":" + std::string(tr.resumed.present ? "true" : "false");
    j += ",\"error\":" + (s.error.empty() ? std::string("null") : json_quote(s.error.text()));
    j += ",\"heap_mb\":" + json_number(std::round(heap_size_bytes() / 1048576.0));
    j += "}";
    return ret(buf, std::move(j));
}

// Queues n optimizer steps; returns the step number at which they will all be done, or -1 with
// the reason in ga_js_last_error() (nothing to train on, a setting out of range, too big).
static std::string g_last_error;
EMSCRIPTEN_KEEPALIVE const char* ga_js_last_error() { return g_last_error.c_str(); }
EMSCRIPTEN_KEEPALIVE int ga_js_step(double n) {
    AppState& s = app_state();
    g_last_error = cmd_step(s, n);
    if (!g_last_error.empty()) return -1;
    return s.trainer.step + s.steps_pending;
}

// "" if training can run; else why not (in the current language).
EMSCRIPTEN_KEEPALIVE const char* ga_js_train_check() {
    g_last_error = train_ready(app_state()).text();
    return g_last_error.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_run(int on) {
    static std::string buf;
    return ret(buf, cmd_run(app_state(), on != 0));
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
    if (!bytes || n <= 0) return ret(buf, cmd_load_checkpoint(s, nullptr, 0, str_or_empty(name)));
    // Only the checkpoint's own parsed copy is allocated from here on: check it fits first.
    if (n > 16 * 1048576 && !can_allocate(double(n) + 16.0 * 1048576.0))
        return ret(buf, str_or_empty(name) + ": not enough memory to load this file (" + mb(n) + "); the current model is kept");
    std::string err = cmd_load_checkpoint(s, bytes, size_t(n), str_or_empty(name));
    return ret(buf, err);   // an error is also in the app's banner; the page rejects its promise
}

// Training text (UTF-8). "" or the reason (characters outside a char model's alphabet, too short).
EMSCRIPTEN_KEEPALIVE const char* ga_js_set_data(const char* name, const char* text) {
    static std::string buf;
    AppState& s = app_state();
    return ret(buf, cmd_set_data(s, str_or_empty(name), str_or_empty(text)));
}

// The model's data set named, its text fetched when first needed (AppState::data_deferred): the
// page asks for it through its "fetchData" action and hands it over with ga_js_set_data.
EMSCRIPTEN_KEEPALIVE const char* ga_js_defer_data(const char* name) {
    static std::string buf;
    return ret(buf, cmd_defer_data(app_state(), str_or_empty(name)));
}

// The AdamW moments of a shipped model, from its companion file (the page's "fetchMoments"
// action: AppState::moments_requested). "" or the reason (then AdamW starts afresh).
EMSCRIPTEN_KEEPALIVE const char* ga_js_set_moments(const uint8_t* bytes, int n) {
    static std::string buf;
    return ret(buf, cmd_set_moments(app_state(), bytes, n > 0 ? size_t(n) : 0));
}

// The moments could not be fetched: en / fr say why; AdamW starts afresh.
EMSCRIPTEN_KEEPALIVE void ga_js_moments_failed(const char* en, const char* fr) {
    cmd_moments_failed(app_state(), Msg(str_or_empty(en), fr && *fr ? str_or_empty(fr) : str_or_empty(en)));
}

// The deferred data set could not be fetched: en / fr say why (the page's own message).
EMSCRIPTEN_KEEPALIVE void ga_js_data_failed(const char* name, const char* en, const char* fr) {
    cmd_defer_data_failed(app_state(), str_or_empty(name), Msg(str_or_empty(en), fr && *fr ? str_or_empty(fr) : str_or_empty(en)));
}

// A shipped word list's compact form (<name>.words) → its text, the same as <name>.txt
// (src/core/data.h). The text, or "" with the reason in ga_js_last_error().
EMSCRIPTEN_KEEPALIVE const char* ga_js_unpack_words(const char* packed) {
    static std::string buf;
    buf.clear();
    g_last_error = words_unpack(str_or_empty(packed), &buf);
    if (!g_last_error.empty()) buf.clear();
    return buf.c_str();
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
    return ret(buf, cmd_select(app_state(), str_or_empty(name)));
}

// 0 W, 1 ∂L/∂W, 2 ΔW, 3 Adam m, 4 Adam v
EMSCRIPTEN_KEEPALIVE const char* ga_js_set_view(int v) {
    static std::string buf;
    return ret(buf, cmd_set_view(app_state(), v));
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_set_lang(const char* code) {
    static std::string buf;
    return ret(buf, cmd_set_lang(app_state(), str_or_empty(code)));
}

// Any training setting by its name in src/core/hparams.h ("lr", "beta1", "batch", "context",
// "seed", ...). "" or the reason (then nothing changed).
EMSCRIPTEN_KEEPALIVE const char* ga_js_set(const char* name, double v) {
    static std::string buf;
    const std::string n = str_or_empty(name);
    for (int w = 0; w < SET_COUNT; w++)
        if (n == setting_range(Setting(w)).name) return ret(buf, cmd_set(app_state(), Setting(w), v));
    std::string names;
    for (int w = 0; w < SET_COUNT; w++) names += std::string(w ? ", " : "") + setting_range(Setting(w)).name;
    return ret(buf, refuse(app_state(), Msg("unknown setting " + quote(n) + " (settings: " + names + ")",
                                            "réglage « " + quote_bare(n) + " » inconnu (réglages : " + names + ")")));
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_set_lr(double lr) {
    static std::string buf;
    return ret(buf, cmd_set(app_state(), SET_LR, lr));
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_set_optimizer(const char* name) {
    static std::string buf;
    return ret(buf, cmd_set_optimizer(app_state(), str_or_empty(name)));
}

EMSCRIPTEN_KEEPALIVE void ga_js_set_embed(int on, const char* panel) {
    AppState& s = app_state();
    s.embed = on != 0;
    s.panel = str_or_empty(panel);
}

EMSCRIPTEN_KEEPALIVE void ga_js_set_lecture(int on) { lecture_mode_set(app_state(), on != 0); }

// The app's placeholder model (app_init: random weights on the addition task) when the page could
// load none at start-up: the page never shows an empty app. Does nothing once a model is in.
EMSCRIPTEN_KEEPALIVE void ga_js_placeholder_model() {
    AppState& s = app_state();
    if (s.trainer.model.params.empty()) app_init(s);
}

// Which panels are open: a comma-separated list of panel ids (params, model_map, heatmap, bias,
// training, formulas, inspector, anatomy, help). Unknown names are the error.
EMSCRIPTEN_KEEPALIVE const char* ga_js_show_panels(const char* list) {
    static std::string buf;
    return ret(buf, cmd_show_panels(app_state(), str_or_empty(list)));
}

// Training speed: milliseconds of training per frame while running (the rest of the frame draws).
EMSCRIPTEN_KEEPALIVE const char* ga_js_set_train_budget(double ms) {
    static std::string buf;
    return ret(buf, cmd_set_budget(app_state(), ms));
}

// Random weights from a seed (< 0: the current one): optimizer, step counter and loss history reset.
EMSCRIPTEN_KEEPALIVE const char* ga_js_reset_random(double seed) {
    static std::string buf;
    return ret(buf, cmd_reinit(app_state(), seed));
}

// A new model with random weights whose character alphabet is that of `text`, trained on `text`:
// "start from scratch on this data set". "" or the reason (then nothing changed).
EMSCRIPTEN_KEEPALIVE const char* ga_js_new_model(int n_layer, int n_head, int n_embd, int n_ctx, double seed,
                                                 const char* data_name, const char* text) {
    static std::string buf;
    return ret(buf, cmd_new_model(app_state(), n_layer, n_head, n_embd, n_ctx, seed, str_or_empty(data_name), str_or_empty(text)));
}

// The text of a synthetic task ("addition", "reversal", "sorting"): n examples, one per line.
EMSCRIPTEN_KEEPALIVE const char* ga_js_synthetic_text(const char* task, int n, double seed) {
    static std::string buf;
    return ret(buf, synthetic_text(str_or_empty(task), n, seed >= 0 && std::isfinite(seed) ? uint64_t(seed) : 1));
}

// Seed of the training batches (and of the next random initialisation).
EMSCRIPTEN_KEEPALIVE const char* ga_js_set_seed(double seed) {
    static std::string buf;
    return ret(buf, cmd_set(app_state(), SET_SEED, seed));
}

EMSCRIPTEN_KEEPALIVE const char* ga_js_demo() {
    static std::string buf;
    return ret(buf, cmd_demo(app_state()));
}

EMSCRIPTEN_KEEPALIVE void ga_js_clear_error() { app_state().error.clear(); }
// The page's own errors (a failed download, ...) in both languages: en, fr.
EMSCRIPTEN_KEEPALIVE void ga_js_show_error(const char* en, const char* fr) {
    app_state().error = Msg(str_or_empty(en), fr && *fr ? str_or_empty(fr) : str_or_empty(en));
}
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

// Generation for anatomy.generate(): one token per call so the page can spread a long one over
// frames. Only marshalling here: the rules are cmd_gen_begin / cmd_gen_next's (src/app/commands.h).
EMSCRIPTEN_KEEPALIVE const char* ga_js_gen_begin(const char* prompt, double temperature, double top_k, double seed, double n) {
    static std::string buf;
    AppState& s = app_state();
    return ret(buf, cmd_gen_begin(s, s.page_gen, str_or_empty(prompt), temperature, top_k, seed, n));
}

// One more token: "" when one was made, "done" when the n tokens are made, else why it stopped
// (another model was loaded meanwhile).
EMSCRIPTEN_KEEPALIVE const char* ga_js_gen_next() {
    static std::string buf;
    AppState& s = app_state();
    if (!s.page_gen.active()) return ret(buf, s.page_gen.left > 0 ? "generation stopped" : "done");
    std::string why;
    if (cmd_gen_next(s, s.page_gen, &why)) return ret(buf, "");
    return ret(buf, why.empty() ? "done" : why);
}

// The generated text so far (without the prompt).
EMSCRIPTEN_KEEPALIVE const char* ga_js_gen_text() {
    static std::string buf;
    return ret(buf, app_state().page_gen.text);
}

EMSCRIPTEN_KEEPALIVE void ga_js_gen_end() {
    AppState& s = app_state();
    cmd_gen_stop(s.page_gen);
    s.page_gen.out.clear();
    s.page_gen.text.clear();
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

// GPT-2's tokenizer from the contents of encoder.json and vocab.bpe (fetched by the page only
// when a GPT-2 checkpoint needs them; the page has no file system). "" or the reason.
EMSCRIPTEN_KEEPALIVE const char* ga_js_set_gpt2_tokenizer(const char* encoder, int n_encoder, const char* vocab, int n_vocab) {
    static std::string buf;
    if (!encoder || !vocab || n_encoder < 0 || n_vocab < 0) return ret(buf, "GPT-2 tokenizer: no file contents");
    return ret(buf, tokenizer_gpt2_set_default(std::string(encoder, size_t(n_encoder)), std::string(vocab, size_t(n_vocab))));
}

// The page's catalogue: one asset per line, fields separated by tabs:
// kind \t name \t bytes \t title_en \t title_fr
EMSCRIPTEN_KEEPALIVE void ga_js_set_catalog(const char* tsv) {
    std::vector<CatalogEntry>& cat = app_state().catalog;
    cat.clear();
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
        CatalogEntry w;
        w.kind = f[0];
        w.name = f[1];
        if (f.size() > 2) w.bytes = std::atof(f[2].c_str());
        if (f.size() > 3) w.title_en = f[3];
        if (f.size() > 4) w.title_fr = f[4];
        cat.push_back(std::move(w));
    }
}

} // extern "C"
