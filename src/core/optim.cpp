// SGD, AdamW (torch.optim.AdamW semantics), clipping by global norm, learning-rate schedules.
// A step is computed into copies and only committed when everything is finite, so a refused
// step leaves the parameters and the moments exactly as they were.
#include "optim.h"
#include "kernels.h"
#include <cmath>

namespace ga {

float lr_at(const OptimConfig& c, int step) {
    if (c.schedule != SCHED_WARMUP_COSINE) return c.lr;
    const float min_lr = c.lr * c.min_lr_ratio;
    // linear warm-up: step 0 already gets lr/warmup, step warmup-1 the full lr
    if (step < c.warmup_steps) return c.lr * (float)(step + 1) / (float)c.warmup_steps;
    const int decay_steps = c.total_steps - c.warmup_steps;
    if (decay_steps <= 0 || step >= c.total_steps) return min_lr;
    const double ratio = (double)(step - c.warmup_steps) / (double)decay_steps;  // 0 → 1
    const double coeff = 0.5 * (1.0 + std::cos(3.14159265358979323846 * ratio));                  // 1 → 0
    return (float)(min_lr + coeff * (c.lr - min_lr));
}

static bool all_finite(const std::vector<float>& x) {
    for (float f : x)
        if (!std::isfinite(f)) return false;
    return true;
}

std::string Optimizer::step(GPT& model) {
    if (model.params.empty()) return "optimizer step: the model has no parameters";
    if (model.grads.size() != model.params.size()) return "optimizer step: no gradients (run backward first)";
    const float lr = lr_at(cfg, t);
    if (!std::isfinite(lr)) return "optimizer step refused: learning rate is not finite (" + std::to_string(lr) + ")";
    if (cfg.kind == OPT_ADAMW &&
        (!std::isfinite(cfg.beta1) || !std::isfinite(cfg.beta2) || !std::isfinite(cfg.eps) || !std::isfinite(cfg.weight_decay)))
        return "optimizer step refused: AdamW hyper-parameters are not finite";

    double ss = 0.0;
    for (float g : model.grads) ss += (double)g * (double)g;
    const double norm = std::sqrt(ss);
    if (!std::isfinite(norm)) return "optimizer step refused: gradients are not finite (NaN or inf)";

    // clipping by global norm: scale all gradients by clip/norm when the norm is above clip
    const std::vector<float>* grads = &model.grads;
    std::vector<float> clipped;
    if (cfg.grad_clip > 0.0f && norm > (double)cfg.grad_clip) {
        const float scale = (float)((double)cfg.grad_clip / norm);
        clipped.resize(model.grads.size());
        for (size_t i = 0; i < clipped.size(); i++) clipped[i] = model.grads[i] * scale;
        grads = &clipped;
    }

    std::vector<float> new_params = model.params;
    std::vector<float> new_m, new_v;
    if (cfg.kind == OPT_SGD) {
        // W ← W − η·∂L/∂W
        const float* g = grads->data();
        for (size_t i = 0; i < new_params.size(); i++) new_params[i] -= lr * g[i];
    } else {
        new_m = m.size() == model.params.size() ? m : std::vector<float>(model.params.size(), 0.0f);
        new_v = v.size() == model.params.size() ? v : std::vector<float>(model.params.size(), 0.0f);
        for (const ParamTensor& p : model.table) {
            // decay only matrices (rank 2): never biases nor LayerNorm gains/shifts
            const float wd = p.rank >= 2 ? cfg.weight_decay : 0.0f;
            adamw_update(new_params.data() + p.offset, grads->data() + p.offset, new_m.data() + p.offset,
                         new_v.data() + p.offset, p.numel, lr, cfg.beta1, cfg.beta2, cfg.eps, wd, t + 1);
        }
        if (!all_finite(new_m) || !all_finite(new_v))
            return "optimizer step refused: AdamW moments would not be finite";
    }
    if (!all_finite(new_params)) return "optimizer step refused: updated parameters would not be finite (lr too large?)";

    // commit
    if (keep_update) {
        last_update.resize(new_params.size());
        for (size_t i = 0; i < new_params.size(); i++) last_update[i] = new_params[i] - model.params[i];
    } else {
        last_update.clear();
    }
    model.params.swap(new_params);
    if (cfg.kind == OPT_ADAMW) {
        m.swap(new_m);
        v.swap(new_v);
    }
    t++;
    last_lr = lr;
    last_grad_norm = (float)norm;
    return {};
}

} // namespace ga
