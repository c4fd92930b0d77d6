// SGD, AdamW (torch.optim.AdamW semantics), clipping by global norm, learning-rate schedules.
// A step is computed into copies and only committed when everything is finite, so a refused
// step leaves the parameters and the moments exactly as they were.
#include "optim.h"
#include "kernels.h"
#include "threads.h"
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

// The update runs in chunks of at most CHUNK values of one tensor, through small scratch buffers
// (one set per range of the thread pool), twice: a first pass only checks that every new value (parameter and
// moments) is finite, the second recomputes the very same chunks (same code, same inputs, so
// bit-identical) and commits them. No full-size copy of the parameters or moments is needed: a
// 124M-parameter model trains in wasm's 4 GB. The chunks run over the thread pool (threads.h);
// sums over chunks are added in chunk order, so every result is the same for any thread count.
static const size_t CHUNK = 16384;

// Σ g² in double: per block of CHUNK values four independent partial sums, the blocks' sums added
// in order (the additions are not reassociated otherwise).
static double sum_squares(const std::vector<float>& g, std::vector<double>& block_sums) {
    const size_t n = g.size(), blocks = (n + CHUNK - 1) / CHUNK;
    block_sums.assign(blocks, 0.0);
    parallel_for((long)blocks, 1, [&](long b0, long b1) {
        for (long b = b0; b < b1; b++) {
            const float* x = g.data() + (size_t)b * CHUNK;
            const size_t len = std::min(CHUNK, n - (size_t)b * CHUNK), n4 = len & ~size_t(3);
            double s[4] = {0, 0, 0, 0};
            for (size_t i = 0; i < n4; i += 4)
                for (int k = 0; k < 4; k++) s[k] += (double)x[i + k] * (double)x[i + k];
            for (size_t i = n4; i < len; i++) s[0] += (double)x[i] * (double)x[i];
            block_sums[(size_t)b] = (s[0] + s[1]) + (s[2] + s[3]);
        }
    });
    double total = 0.0;
    for (double b : block_sums) total += b;
    return total;
}

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

    const double norm = std::sqrt(sum_squares(model.grads, sums));
    if (!std::isfinite(norm))
        return refuse(STEP_GRAD_NOT_FINITE, "optimizer step refused: gradients are not finite (NaN or inf)", "", norm);
    // clipping by global norm: all gradients scaled by clip/norm when the norm is above clip
    // (model.grads itself stays as computed, for the UI)
    const bool clip = cfg.grad_clip > 0.0f && norm > (double)cfg.grad_clip;
    const float clip_scale = clip ? (float)((double)cfg.grad_clip / norm) : 1.0f;

    const size_t n = model.params.size();
    const bool have_moments = m.size() == n && v.size() == n;  // first AdamW step: moments are zero
    chunks.clear();  // (capacity kept: no allocation per step)
    for (size_t ti = 0; ti < model.table.size(); ti++)
        for (size_t off = 0; off < model.table[ti].numel; off += CHUNK)
            chunks.push_back({(int)ti, off, std::min(CHUNK, model.table[ti].numel - off)});
    const long nchunks = (long)chunks.size();

    // The chunks in `groups` consecutive groups, one range of the pool each (parallel_for makes
    // kRangesPerThread ranges per thread), each with its own scratch buffers: allocated here, on
    // the calling thread, before any range runs (per-thread buffers would be allocated whenever a
    // worker first takes a range, which may be any later step).
    const long groups = std::min<long>(nchunks, (long)kRangesPerThread * threads_count());
    if (scratch.size() < (size_t)groups * 4 * CHUNK) scratch.assign((size_t)groups * 4 * CHUNK, 0.0f);
    struct Scratch { float *sp, *sg, *sm, *sv; };
    auto over_chunks = [&](auto&& body) {
        parallel_for(groups, 1, [&](long g0, long g1) {
            float* b = scratch.data() + (size_t)g0 * 4 * CHUNK;  // g0: this range's own
            const Scratch s{b, b + CHUNK, b + 2 * CHUNK, b + 3 * CHUNK};
            for (long ci = g0 * nchunks / groups; ci < g1 * nchunks / groups; ci++) body(ci, s);
        });
    };
    // new values of chunk c into the scratch sp (and sm, sv for AdamW)
    auto compute = [&](const Chunk& c, const Scratch& s) {
        const ParamTensor& p = model.table[(size_t)c.tensor];
        const size_t i0 = p.offset + c.off, len = c.len;
        const float* g = model.grads.data() + i0;
        if (clip) {
            for (size_t i = 0; i < len; i++) s.sg[i] = g[i] * clip_scale;
            g = s.sg;
        }
        std::copy(model.params.begin() + (long)i0, model.params.begin() + (long)(i0 + len), s.sp);
        if (!adam) {
            // W ← W − η·∂L/∂W
            for (size_t i = 0; i < len; i++) s.sp[i] -= lr * g[i];
            return;
        }
        if (have_moments) {
            std::copy(m.begin() + (long)i0, m.begin() + (long)(i0 + len), s.sm);
            std::copy(v.begin() + (long)i0, v.begin() + (long)(i0 + len), s.sv);
        } else {
            std::fill(s.sm, s.sm + len, 0.0f);
            std::fill(s.sv, s.sv + len, 0.0f);
        }
        // decay only matrices (rank 2): never biases nor LayerNorm gains/shifts
        const float wd = p.rank >= 2 ? cfg.weight_decay : 0.0f;
        adamw_update(s.sp, g, s.sm, s.sv, len, lr, cfg.beta1, cfg.beta2, cfg.eps, wd, t + 1);
    };
    auto finite = [](const float* x, size_t len) {
        int bad = 0;
        for (size_t i = 0; i < len; i++) bad |= !(std::fabs(x[i]) <= FLT_MAX);
        return !bad;
    };

    // pass 1: check only (and measure ‖ΔW‖ and ‖W‖ for the divergence guard), per chunk
    enum : int { OK = 0, UPDATE_NOT_FINITE = 1, MOMENTS_NOT_FINITE = 2 };
    sums.assign(2 * (size_t)nchunks, 0.0);
    verdicts.assign((size_t)nchunks, OK);
    over_chunks([&](long ci, const Scratch& s) {
        const Chunk& c = chunks[(size_t)ci];
        compute(c, s);
        if (!finite(s.sp, c.len)) { verdicts[(size_t)ci] = UPDATE_NOT_FINITE; return; }
        if (adam && (!finite(s.sm, c.len) || !finite(s.sv, c.len))) { verdicts[(size_t)ci] = MOMENTS_NOT_FINITE; return; }
        if (max_update_ratio > 0.0f) {
            const float* w = model.params.data() + model.table[(size_t)c.tensor].offset + c.off;
            double dw2 = 0.0, w2 = 0.0;
            for (size_t i = 0; i < c.len; i++) {
                const double d = (double)s.sp[i] - (double)w[i];
                dw2 += d * d;
                w2 += (double)w[i] * (double)w[i];
            }
            sums[2 * (size_t)ci] = dw2;
            sums[2 * (size_t)ci + 1] = w2;
        }
    });
    double dw2 = 0.0, w2 = 0.0;
    for (long ci = 0; ci < nchunks; ci++) {  // in order: the first bad chunk is the one named
        const std::string& name = model.table[(size_t)chunks[(size_t)ci].tensor].name;
        if (verdicts[(size_t)ci] == UPDATE_NOT_FINITE)
            return refuse(STEP_UPDATE_NOT_FINITE, "optimizer step refused: " + name +
                          " would not be finite after the update (learning rate too large?)", name);
        if (verdicts[(size_t)ci] == MOMENTS_NOT_FINITE)
            return refuse(STEP_MOMENTS_NOT_FINITE, "optimizer step refused: AdamW moments of " + name +
                          " would not be finite", name);
        dw2 += sums[2 * (size_t)ci];
        w2 += sums[2 * (size_t)ci + 1];
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
    over_chunks([&](long ci, const Scratch& s) {
        const Chunk& c = chunks[(size_t)ci];
        compute(c, s);
        const size_t i0 = model.table[(size_t)c.tensor].offset + c.off, len = c.len;
        float* w = model.params.data() + i0;
        if (keep_update)
            for (size_t i = 0; i < len; i++) last_update[i0 + i] = s.sp[i] - w[i];
        std::copy(s.sp, s.sp + len, w);
        if (adam) {
            std::copy(s.sm, s.sm + len, m.begin() + (long)i0);
            std::copy(s.sv, s.sv + len, v.begin() + (long)i0);
        }
    });
    t++;
    last_cfg = cfg;
    last_lr = lr;
    last_grad_norm = (float)norm;
    return {};
}

} // namespace ga
