// The learner's hands-on commands: teach one example, edit one weight, knock out a head or a
// neuron, undo, restore. The Teach panel, the heatmap/bars editing and the page's JavaScript
// API (src/platform/js_teach.cpp) all call these functions, so they behave identically. Every
// command validates first and changes nothing when it refuses (one-line reason returned).
#pragma once
#include "app.h"
#include "teach.h"

namespace ga::app {

struct TeachSession {
    EditHistory history;
    int version = 0;           // bumped by every change made here (panels recompute on change)
    // the validation loss after the last change made here (-1 = not measured); valid while the
    // trainer is still at val_step (a training step makes the loss curve the reference again)
    float val_loss = -1.0f;
    int val_step = -1;
    bool edited = false;       // a change was made here since the last training step / load
    bool edited_at(int step) const { return edited && val_step == step; }
    // last result shown by the Teach panel
    bool has_result = false;
    bool applied = false;      // result of Apply one step (else a preview)
    TeachResult result;
    std::string context_text, target_text;
    std::vector<float> example_grad;  // ∂L/∂W of the panel's example (heatmap/bars can show it)
    int example_grad_version = -1;    // version at which example_grad was computed
    std::string last_error;
    // Where the panel's buttons were drawn in the last frame (CSS pixels), for the browser tests
    // that click them: {"apply", x, y, w, h}, {"undo", ...}, {"head.0.1", ...}.
    struct ItemRect { std::string id; float x, y, w, h; };
    std::vector<ItemRect> ui_rects;
};
TeachSession& teach_session();

// Validation loss of the current weights and knock-outs (the training curve's measure).
float edits_val_loss(AppState& s);

// Encodes the texts (target: exactly one token) and computes P, loss and the top list; with
// apply = true also takes one SGD step with lr and measures side effects on a few contexts.
std::string app_teach(AppState& s, const std::string& context, const std::string& target, float lr, bool apply,
                      int top_n, TeachResult* out);
// Top-k next tokens after a context (text).
std::string app_predict(AppState& s, const std::string& context, int k, std::vector<TokenProb>* out);
// One weight: index [row, col] or [i]. before/after values; val_loss measured after. record =
// false: part of the same drag as the last call (one undo step for the whole drag).
std::string app_set_weight(AppState& s, const std::string& tensor, const std::vector<long long>& index, double value,
                           float* before, float* after, float* val_loss, bool record = true);
// Knock out (on) or bring back one head (neuron < 0) or one MLP neuron (head < 0).
std::string app_ablate(AppState& s, int layer, int head, int neuron, bool on, float* val_before, float* val_after);
std::string app_undo(AppState& s);
std::string app_restore(AppState& s);
// The model was replaced, re-initialised or trained: the undo history no longer applies.
void edits_forget(AppState& s);

// Contexts for the side effects of a teach step: a few starts of validation text.
std::vector<std::vector<int>> side_effect_contexts(const AppState& s, int n);
std::string token_text(const AppState& s, int id);  // a token as printable text ("\n" → "⏎")

} // namespace ga::app
