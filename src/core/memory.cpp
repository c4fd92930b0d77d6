// Memory estimates of a model (see memory.h). Every count here mirrors one allocation elsewhere:
// keep them in step when model.cpp or optim.cpp change (tests/unit/test_memory.cpp checks).
#include "memory.h"
#include <algorithm>
#include <cstdio>

namespace ga {

namespace {

// floats of Activations (model.h) for a (B, T) forward
double activation_floats(const GPTConfig& c, double B, double T) {
    const double L = c.n_layer, C = c.n_embd, NH = c.n_head, V = c.vocab_size, BT = B * T;
    // per layer, (B,T,C) units: ln1 1, qkv 3, atty 1, attproj 1, residual2 1, ln2 1, fch 4,
    // fch_gelu 4, fcproj 1, residual3 1 = 18; plus 4 (B,T) statistics and 2 (B,NH,T,T) maps
    const double per_layer = BT * C * 18 + BT * 4 + B * NH * T * T * 2;
    return BT * C                      // encoded
         + L * per_layer
         + BT * C + BT * 2             // lnf, lnf_mean, lnf_rstd
         + BT * V * 2 + BT;            // logits, probs, losses
}

// floats of backward's scratch (model.cpp GPT::backward): dlogits, dresidual, dln, datty,
// dfch_gelu, dfch, dqkv, dpreatt, datt
double backward_floats(const GPTConfig& c, double B, double T) {
    const double C = c.n_embd, NH = c.n_head, V = c.vocab_size, N = B * T;
    return N * V + N * C * 3 + N * C * 8 + N * C * 3 + B * NH * T * T * 2;
}

} // namespace

MemoryEstimate estimate_memory(const GPTConfig& cfg, int B, int T, bool adamw) {
    MemoryEstimate e;
    const double P = double(param_count(cfg)), f = sizeof(float);
    if (T > cfg.n_ctx) T = cfg.n_ctx;
    e.weights = P * f;
    e.grads = P * f;
    e.optimizer = adamw ? 2 * P * f : 0;
    e.update = P * f;
    e.activations = activation_floats(cfg, B, T) * f;
    e.backward = backward_floats(cfg, B, T) * f;
    e.generation = activation_floats(cfg, 1, T) * f;
    return e;
}

std::string format_bytes(double b) {
    char s[32];
    if (b >= 1e9) std::snprintf(s, sizeof s, "%.2f GB", b / 1e9);
    else if (b >= 1e6) std::snprintf(s, sizeof s, "%.1f MB", b / 1e6);
    else std::snprintf(s, sizeof s, "%.0f KB", b / 1e3);
    return s;
}

MemoryPlan plan_memory(const MemoryEstimate& e, double file_bytes, double budget_bytes, double used_bytes) {
    MemoryPlan p;
    const double room = budget_bytes - used_bytes;
    // while loading, the file and the parsed weights coexist; after it, only the weights stay
    const double load_peak = file_bytes + e.weights;
    p.need_view = std::max(load_peak, e.view_total());
    p.need_train = std::max(load_peak, e.train_total());
    if (p.need_train <= room) { p.verdict = MEMORY_TRAIN; return p; }
    if (p.need_view <= room) {
        p.verdict = MEMORY_VIEW_ONLY;
        p.reason = "loaded for viewing and generation only: training it needs about " + format_bytes(p.need_train) +
                   " and this device allows about " + format_bytes(room);
        return p;
    }
    p.verdict = MEMORY_REFUSE;
    p.reason = "this model needs about " + format_bytes(p.need_view) + " just to view it and this device allows about " +
               format_bytes(room) + "; the current model is kept";
    return p;
}

} // namespace ga
