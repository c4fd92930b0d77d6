// SGD, AdamW (torch.optim.AdamW semantics), clipping by global norm, learning-rate schedules.
// A step is computed into copies and only committed when everything is finite, so a refused
// step leaves the parameters and the moments exactly as they were.
#include "optim.h"
#include "kernels.h"
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

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

// Σ g² in double, four independent partial sums (the additions are not reassociated otherwise).
static double sum_squares(const std::vector<float>& g) {
    double s[4] = {0, 0, 0, 0};
    const size_t n = g.size(), n4 = n & ~size_t(3);
    for (size_t i = 0; i < n4; i += 4)
        for (int k = 0; k < 4; k++) s[k] += (double)g[i + k] * (double)g[i + k];
    for (size_t i = n4; i < n; i++) s[0] += (double)g[i] * (double)g[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

// The update runs in chunks through small scratch buffers, twice: a first pass only checks that
// every new value (parameter and moments) is finite, the second recomputes the very same chunks
// (same code, same inputs, so bit-identical) and commits them. No full-size copy of the
// parameters or moments is needed: a 124M-parameter model trains in wasm's 4 GB.
static const size_t CHUNK = 16384;

// Refuses the step with a code (and the English reason the CLI prints).
std::string Optimizer::refuse(StepCode code, std::string why, const std::string& tensor, double value, double limit) {
    error.code = code;
    error.step = t + 1;
    error.tensor = tensor;
    error.value = value;
    error.limit = limit;
    return why;
}

std::string Optimizer::step(GPT& model, float max_update_ratio) {
    error = StepError{};
    if (model.params.empty()) return refuse(STEP_NO_MODEL, "optimizer step: the model has no parameters");
    if (model.grads.size() != model.params.size())
        return refuse(STEP_NO_GRADIENTS, "optimizer step: no gradients (run backward first)");
    const float lr = lr_at(cfg, t);
    if (!std::isfinite(lr) || !(lr >= 0.0f))
        return refuse(STEP_BAD_HPARAM, "optimizer step refused: learning rate is not a finite number >= 0 (" + std::to_string(lr) + ")",
                      "lr", lr);
    const bool adam = cfg.kind == OPT_ADAMW;
    if (adam && (!std::isfinite(cfg.beta1) || !std::isfinite(cfg.beta2) || !std::isfinite(cfg.eps) ||
                 !std::isfinite(cfg.weight_decay)))
        return refuse(STEP_BAD_HPARAM, "optimizer step refused: AdamW hyper-parameters are not finite", "adamw");

    const double norm = std::sqrt(sum_squares(model.grads));
    if (!std::isfinite(norm))
        return refuse(STEP_GRAD_NOT_FINITE, "optimizer step refused: gradients are not finite (NaN or inf)", "", norm);
    // clipping by global norm: all gradients scaled by clip/norm when the norm is above clip
    // (model.grads itself stays as computed, for the UI)
    const bool clip = cfg.grad_clip > 0.0f && norm > (double)cfg.grad_clip;
    const float clip_scale = clip ? (float)((double)cfg.grad_clip / norm) : 1.0f;

    const size_t n = model.params.size();
    const bool have_moments = m.size() == n && v.size() == n;  // first AdamW step: moments are zero
    std::vector<float> sp(CHUNK), sg(CHUNK), sm(CHUNK), sv(CHUNK);

    // new values of [off, off+len) of tensor p into sp (and sm, sv for AdamW)
    auto compute = [&](const ParamTensor& p, size_t off, size_t len) {
        const size_t i0 = p.offset + off;
        const float* g = model.grads.data() + i0;
        if (clip) {
            for (size_t i = 0; i < len; i++) sg[i] = g[i] * clip_scale;
            g = sg.data();
        }
        std::copy(model.params.begin() + (long)i0, model.params.begin() + (long)(i0 + len), sp.begin());
        if (!adam) {
            // W ← W − η·∂L/∂W
            for (size_t i = 0; i < len; i++) sp[i] -= lr * g[i];
            return;
        }
        if (have_moments) {
            std::copy(m.begin() + (long)i0, m.begin() + (long)(i0 + len), sm.begin());
            std::copy(v.begin() + (long)i0, v.begin() + (long)(i0 + len), sv.begin());
        } else {
            std::fill(sm.begin(), sm.begin() + (long)len, 0.0f);
            std::fill(sv.begin(), sv.begin() + (long)len, 0.0f);
        }
        // decay only matrices (rank 2): never biases nor LayerNorm gains/shifts
        const float wd = p.rank >= 2 ? cfg.weight_decay : 0.0f;
        adamw_update(sp.data(), g, sm.data(), sv.data(), len, lr, cfg.beta1, cfg.beta2, cfg.eps, wd, t + 1);
    };
    auto finite = [](const std::vector<float>& x, size_t len) {
        int bad = 0;
        for (size_t i = 0; i < len; i++) bad |= !(std::fabs(x[i]) <= FLT_MAX);
        return !bad;
    };

    // pass 1: check only (and measure ‖ΔW‖ and ‖W‖ for the divergence guard)
    double dw2 = 0.0, w2 = 0.0;
    for (const ParamTensor& p : model.table)
        for (size_t off = 0; off < p.numel; off += CHUNK) {
            const size_t len = std::min(CHUNK, p.numel - off);
            compute(p, off, len);
            if (!finite(sp, len))
                return refuse(STEP_UPDATE_NOT_FINITE, "optimizer step refused: " + p.name +
                              " would not be finite after the update (learning rate too large?)", p.name);
            if (adam && (!finite(sm, len) || !finite(sv, len)))
                return refuse(STEP_MOMENTS_NOT_FINITE, "optimizer step refused: AdamW moments of " + p.name +
                              " would not be finite", p.name);
            if (max_update_ratio > 0.0f) {
                const float* w = model.params.data() + p.offset + off;
                for (size_t i = 0; i < len; i++) {
                    const double d = (double)sp[i] - (double)w[i];
                    dw2 += d * d;
                    w2 += (double)w[i] * (double)w[i];
                }
            }
        }
    // A step that moves the weights by more than their own size does not learn: it replaces the
    // model by noise (η far too high). Refused before it happens, so "weights kept" stays true.
    if (max_update_ratio > 0.0f && w2 > 0.0 && std::sqrt(dw2) > (double)max_update_ratio * std::sqrt(w2)) {
        char b[160];
        std::snprintf(b, sizeof b, "optimizer step refused: the update would be larger than the weights themselves "
                      "(|dW| = %.4g > |W| = %.4g): the learning rate is too high", std::sqrt(dw2), std::sqrt(w2));
        return refuse(STEP_UPDATE_TOO_LARGE, b, "", std::sqrt(dw2), std::sqrt(w2));
    }

    // pass 2: commit
    if (adam && !have_moments) {
        m.assign(n, 0.0f);
        v.assign(n, 0.0f);
    }
    if (keep_update) last_update.resize(n);
    else last_update.clear();
    for (const ParamTensor& p : model.table)
        for (size_t off = 0; off < p.numel; off += CHUNK) {
            const size_t len = std::min(CHUNK, p.numel - off), i0 = p.offset + off;
            compute(p, off, len);
            float* w = model.params.data() + i0;
            if (keep_update)
                for (size_t i = 0; i < len; i++) last_update[i0 + i] = sp[i] - w[i];
            std::copy(sp.begin(), sp.begin() + (long)len, w);
            if (adam) {
                std::copy(sm.begin(), sm.begin() + (long)len, m.begin() + (long)i0);
                std::copy(sv.begin(), sv.begin() + (long)len, v.begin() + (long)i0);
            }
        }
    t++;
    last_cfg = cfg;
    last_lr = lr;
    last_grad_norm = (float)norm;
    return {};
}

} // namespace ga
