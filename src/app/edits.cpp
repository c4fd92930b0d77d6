// Teach / edit / knock-out commands shared by the Teach panel, the heatmap and bars editing and
// the JavaScript API. The numbers come from src/core/teach.h; this file adds the undo history
// bookkeeping, the validation loss after a change and the texts of tokens.
#include "edits.h"
#include "commands.h"   // data_wanted
#include <cmath>

namespace ga::app {

TeachSession& teach_session() {
    static TeachSession t;
    return t;
}

namespace {

void changed(AppState& s) {
    TeachSession& ts = teach_session();
    ts.version++;
    ts.val_loss = -1.0f;
    ts.val_step = s.trainer.step;
    ts.edited = true;
}

std::string need_model(const AppState& s) {
    if (s.trainer.model.params.empty()) return "no model loaded";
    if (s.running || s.steps_pending > 0) return "training is running: pause it first (a step would mix with the edit)";
    return {};
}

} // namespace

float edits_val_loss(AppState& s) {
    if (data_wanted(s)) return -1.0f;   // measured once the deferred validation text is in
    TeachSession& ts = teach_session();
    if (ts.val_loss >= 0.0f && ts.val_step == s.trainer.step) return ts.val_loss;
    const float v = s.trainer.eval_loss(s.trainer.eval_batches);
    ts.val_loss = v;
    ts.val_step = s.trainer.step;
    return v;
}

void edits_forget(AppState& s) {
    TeachSession& ts = teach_session();
    ts.history.clear();
    ts.edited = false;
    ts.version++;
    ts.val_loss = -1.0f;
    ts.has_result = false;
    ts.example_grad.clear();
    ts.example_grad_version = -1;
}

std::string token_text(const AppState& s, int id) {
    const std::string t = s.trainer.tokenizer.decode_one(id);
    std::string out;
    for (char c : t) {
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out.push_back(c);
    }
    return out;
}

std::vector<std::vector<int>> side_effect_contexts(const AppState& s, int n) {
    // Starts of validation text, at evenly spaced places, each as long as the context the
    // example will be compared with (8 tokens): the same contexts every time for one data set.
    std::vector<std::vector<int>> out;
    const std::vector<int>& v = s.trainer.data.val.empty() ? s.trainer.data.train : s.trainer.data.val;
    const int len = std::min(8, s.trainer.model.cfg.n_ctx);
    if ((int)v.size() < len + 1 || n < 1) return out;
    for (int i = 0; i < n; i++) {
        const size_t at = (v.size() - (size_t)len) * (size_t)(i + 1) / (size_t)(n + 1);
        out.emplace_back(v.begin() + (long)at, v.begin() + (long)(at + (size_t)len));
    }
    return out;
}

std::string app_teach(AppState& s, const std::string& context, const std::string& target, float lr, bool apply,
                      int top_n, TeachResult* out) {
    std::string err = apply ? need_model(s) : (s.trainer.model.params.empty() ? "no model loaded" : "");
    if (!err.empty()) return err;
    if (!std::isfinite(lr) || !(lr > 0.0f) || lr > 1e4f) return "lr must be a finite number in (0, 10000]";
    Trainer& tr = s.trainer;
    Example ex;
    err = example_from_text(tr.tokenizer, tr.model.cfg.vocab_size, context, target, &ex);
    if (!err.empty()) return err;
    TeachSession& ts = teach_session();
    TeachResult r;
    if (apply) {
        std::vector<float> before = tr.model.params;
        err = teach_step(tr.model, ex, lr, top_n, side_effect_contexts(s, 3), 3, &r);
        if (!err.empty()) return err;  // refused: weights unchanged, nothing recorded
        // record the weights before the step: the model holds them again just for the snapshot
        tr.model.params.swap(before);
        ts.history.before_teach(tr.model);
        tr.model.params.swap(before);
        changed(s);
    } else {
        // a preview: the numbers of teach_preview, and the gradient kept for the heatmap and bars
        // (after Apply they keep showing the gradient of the step that was taken)
        ExampleGrad g;
        err = example_gradient(tr.model, ex, &g);
        if (!err.empty()) return err;
        r.lr = lr;
        r.p_before = r.p_after = g.p;
        r.loss_before = r.loss_after = g.loss;
        r.top = top_weights(tr.model, g.grad, lr, top_n);
        ts.example_grad.swap(g.grad);
        ts.example_grad_version = ts.version;
    }
    ts.result = r;
    ts.has_result = true;
    ts.applied = apply;
    ts.context_text = context;
    ts.target_text = target;
    if (out) *out = std::move(r);
    return {};
}

std::string app_predict(AppState& s, const std::string& context, int k, std::vector<TokenProb>* out) {
    Trainer& tr = s.trainer;
    if (tr.model.params.empty()) return "no model loaded";
    if (k < 1 || k > 100000) return "k must be a whole number in 1..100000";
    if (tr.tokenizer.vocab_size() == 0) return "this model has no tokenizer: it cannot read text";
    std::vector<int> ids;
    std::string err = tr.tokenizer.encode(context, &ids);
    if (!err.empty()) return "context: " + err;
    if (ids.empty()) return "the context is empty: type at least one character";
    for (int id : ids)
        if (id < 0 || id >= tr.model.cfg.vocab_size) return "context token " + std::to_string(id) + " is outside the model's vocabulary";
    *out = predict_next(tr.model, ids, k);
    return {};
}

std::string app_set_weight(AppState& s, const std::string& tensor, const std::vector<long long>& index, double value,
                           float* before, float* after, float* val_loss, bool record) {
    std::string err = need_model(s);
    if (!err.empty()) return err;
    if (!std::isfinite(value)) return "value must be a finite number (got " + std::string(std::isnan(value) ? "NaN" : "infinity") + ")";
    if (std::fabs(value) > 1e6) return "value " + std::to_string(value) + " is out of range (|value| <= 1e6)";
    GPT& m = s.trainer.model;
    WeightEntry e;
    err = weight_lookup(m, tensor, index, &e);
    if (!err.empty()) return err;
    const size_t off = m.table[e.tensor].offset + e.index;
    if (record) teach_session().history.before_weight(m, off);
    m.params[off] = (float)value;
    changed(s);
    if (before) *before = e.before;
    if (after) *after = m.params[off];
    if (val_loss) *val_loss = edits_val_loss(s);
    return {};
}

std::string app_ablate(AppState& s, int layer, int head, int neuron, bool on, float* val_before, float* val_after) {
    std::string err = need_model(s);
    if (!err.empty()) return err;
    GPT& m = s.trainer.model;
    if ((head < 0) == (neuron < 0)) return "give either a head or a neuron (not both, not neither)";
    const bool was = head >= 0 ? m.head_ablated(layer, head) : m.neuron_ablated(layer, neuron);
    // validate on a copy of the masks first: a bad index changes nothing
    Ablation keep = m.ablation;
    err = head >= 0 ? m.set_head_ablated(layer, head, on) : m.set_neuron_ablated(layer, neuron, on);
    m.ablation = keep;
    if (!err.empty()) return err;
    const float vb = edits_val_loss(s);
    if (was != on) {
        teach_session().history.before_ablation(m);
        if (head >= 0) m.set_head_ablated(layer, head, on);
        else m.set_neuron_ablated(layer, neuron, on);
        changed(s);
    }
    if (val_before) *val_before = vb;
    if (val_after) *val_after = edits_val_loss(s);
    return {};
}

std::string app_undo(AppState& s) {
    std::string err = need_model(s);
    if (!err.empty()) return err;
    err = teach_session().history.undo(s.trainer.model);
    if (!err.empty()) return err;
    changed(s);
    teach_session().has_result = false;
    return {};
}

std::string app_restore(AppState& s) {
    std::string err = need_model(s);
    if (!err.empty()) return err;
    err = teach_session().history.restore(s.trainer.model);
    if (!err.empty()) return err;
    changed(s);
    teach_session().has_result = false;
    return {};
}

} // namespace ga::app
