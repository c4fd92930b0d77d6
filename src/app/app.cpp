#include "app.h"
#include "quote.h"
#include "edits.h"
#include "synthetic.h"
#include "presenter.h"  // shortcuts_handle, layout_apply, panel_help
#include "touch.h"      // tap targets, swipe-to-scroll, windows kept on screen
#include "train_worker.h"
#include "imgui.h"
#include <chrono>

namespace ga::app {

AppState& app_state() {
    static AppState s;
    return s;
}

PanelVisibility& panels() {
    static PanelVisibility v;
    return v;
}

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

void app_init(AppState& s) {
    // A small random model on the synthetic addition task until the page loads a trained one
    // (assets/models/): the page never shows an empty state, even without any asset.
    Tokenizer tok;
    Dataset d;
    s.trainer.T = 32;
    s.trainer.B = 4;
    std::string err = synthetic_dataset("addition", 4000, s.trainer.seed, s.trainer.T, &tok, &d);
    if (!err.empty()) { s.error = err; return; }
    GPTConfig cfg;
    cfg.n_layer = 2; cfg.n_head = 2; cfg.n_embd = 32; cfg.n_ctx = 32;
    cfg.vocab_size = tok.vocab_size();
    s.trainer.tokenizer = tok;
    s.trainer.model.init(cfg);
    s.trainer.reinit(s.trainer.seed);
    s.trainer.data = std::move(d);
    s.data_name = "addition";
    s.model_name = "random";
}

void app_train_slice(AppState& s, double budget_ms) {
    const bool threaded = train_worker_used(s);
    if (!s.running && s.steps_pending == 0) {
        if (threaded) train_worker_frame(s);  // the last step's results, after a pause (they bring no speed back)
        s.steps_per_s = s.tokens_per_s = 0.0f;   // nothing is training: no stale speed on screen
        return;
    }
    if (train_assets_wanted(s)) {   // the page is fetching the text or the moments: steps start when they are in
        s.steps_per_s = s.tokens_per_s = 0.0f;
        return;
    }
    const Trainer& tr = s.trainer;
    if (tr.model.grads.empty() || (tr.opt.cfg.kind == OPT_ADAMW && tr.opt.m.empty())) {
        const Msg why = train_ready(s);   // memory for gradients and moments, data, settings
        if (!why.empty()) { cmd_run(s, false); s.error = why; return; }
    }
    if (threaded) {   // the training thread steps; this frame only hands its results over
        train_worker_frame(s);
        return;
    }
    const double t0 = now_ms();
    int done = 0;
    while ((s.running || s.steps_pending > 0) && now_ms() - t0 < budget_ms) {
        if (!s.trainer.train_step()) {
            cmd_run(s, false);
            s.error = step_error_msg(s.trainer.error, s.trainer);
            break;
        }
        if (s.steps_pending > 0) s.steps_pending--;
        done++;
        if (teach_session().history.active()) edits_forget(s);  // the step baked the edits in
    }
    const double dt = now_ms() - t0;
    if (done > 0 && dt > 0) {
        const float sps = float(done * 1000.0 / dt);
        s.steps_per_s = s.steps_per_s > 0 ? 0.9f * s.steps_per_s + 0.1f * sps : sps;
        s.tokens_per_s = s.steps_per_s * float(s.trainer.B * s.trainer.T);
    }
}

void app_frame(AppState& s) {
    touch_frame(s);       // first: the touch style must be in place before lecture mode snapshots it
    shortcuts_handle(s);  // presenter keys (training engineer): before the slice so Space/R act this frame
    app_train_slice(s, s.train_budget_ms);
    PanelVisibility& v = panels();
    if (!s.embed) panel_menu(s);
    layout_apply(s);      // default tiling / phone layout (training engineer; see layout.cpp)
    if (v.parameters) panel_parameters(s);
    if (v.model_map) panel_model_map(s);
    if (v.heatmap) panel_heatmap(s);
    if (v.bias) panel_bias(s);
    if (v.training) panel_training(s);
    if (v.formulas) panel_formulas(s);
    if (v.inspector) panel_inspector(s);
    if (v.teach) panel_teach(s);
    if (v.anatomy) panel_anatomy(s);
    if (v.help) panel_help(s);  // help + shortcut sheet (training engineer)
    error_banner(s);            // last: over every panel, so an error shows wherever the user looks
}

} // namespace ga::app
