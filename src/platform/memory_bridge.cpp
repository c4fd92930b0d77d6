// The page's memory plan for a checkpoint (src/core/memory.h), before it is loaded: refuse it, load
// it for viewing and generation only, or load it to train. The budget comes from the page
// (web/anatomy.js memoryBudget: a phone's browser kills a tab far below the 4 GB wasm limit).
// A view-only model stays view-only: ga_js_train_check (js_bridge.cpp) asks ga_memory_train_block.
#include "app.h"
#include "memory.h"
#include "json.h"
#include <emscripten.h>
#include <malloc.h>
#include <algorithm>
#include <string>

using namespace ga;

namespace {
struct Blocked { GPTConfig cfg; std::string reason; };
Blocked g_pending, g_current;
bool same(const GPTConfig& a, const GPTConfig& b) {
    return a.n_layer == b.n_layer && a.n_head == b.n_head && a.n_embd == b.n_embd && a.n_ctx == b.n_ctx && a.vocab_size == b.vocab_size;
}
} // namespace

extern "C" {

// "" when the current model may train; else why not (a model loaded for viewing only).
const char* ga_memory_train_block() {
    const GPTConfig& c = app::app_state().trainer.model.cfg;
    if (g_current.reason.empty() || !same(c, g_current.cfg)) return "";
    return g_current.reason.c_str();
}

// JSON {"verdict": "train"|"view"|"refuse", "need_train", "need_view", "room", "reason"} for a
// checkpoint of this configuration and file size, with budget_bytes for the whole page. Remembers
// the plan until ga_js_memory_apply (after a successful load) makes it the current model's.
EMSCRIPTEN_KEEPALIVE const char* ga_js_memory_plan(int n_layer, int n_head, int n_embd, int n_ctx, int vocab, double file_bytes,
                                                    double budget_bytes) {
    static std::string buf;
    GPTConfig c;
    c.n_layer = n_layer; c.n_head = n_head; c.n_embd = n_embd; c.n_ctx = n_ctx; c.vocab_size = vocab;
    const app::AppState& s = app::app_state();
    const Trainer& tr = s.trainer;
    const MemoryEstimate e = estimate_memory(c, tr.B, tr.T, tr.opt.cfg.kind == OPT_ADAMW);
    // what stays when the current model is replaced: the heap in use minus the current model and
    // minus the file itself (the page has already copied it into the heap; the plan counts it)
    const MemoryEstimate cur = estimate_memory(tr.model.cfg, tr.B, tr.T, tr.opt.cfg.kind == OPT_ADAMW);
    const double in_use = double(unsigned(mallinfo().uordblks));
    const double cur_bytes = cur.weights + (tr.model.grads.empty() ? 0 : cur.grads + cur.backward) +
                             (tr.opt.m.empty() ? 0 : cur.optimizer) + (tr.opt.last_update.empty() ? 0 : cur.update) + cur.activations;
    const double used = std::max(0.0, in_use - cur_bytes - file_bytes);
    const MemoryPlan p = plan_memory(e, file_bytes, budget_bytes, used);
    g_pending.cfg = c;
    g_pending.reason = p.verdict == MEMORY_VIEW_ONLY ? p.reason : "";
    const char* v = p.verdict == MEMORY_TRAIN ? "train" : p.verdict == MEMORY_VIEW_ONLY ? "view" : "refuse";
    buf = std::string("{\"verdict\":\"") + v + "\",\"need_train\":" + json_number(p.need_train) + ",\"need_view\":" +
          json_number(p.need_view) + ",\"room\":" + json_number(budget_bytes - used) + ",\"reason\":" + json_quote(p.reason) + "}";
    return buf.c_str();
}

// The checkpoint planned last was loaded: its plan is now the current model's.
EMSCRIPTEN_KEEPALIVE void ga_js_memory_apply() { g_current = g_pending; }

} // extern "C"
