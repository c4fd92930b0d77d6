// Optimizers: plain SGD (W ← W − η·∂L/∂W, the rule the product teaches) and AdamW
// (torch.optim.AdamW semantics, decay only on rank-2 tensors), clipping by global norm,
// learning-rate schedules. ΔW of the last step is kept for the UI.
#pragma once
#include "hparams.h"
#include "model.h"

namespace ga {

enum OptimizerKind : int { OPT_SGD = 0, OPT_ADAMW = 1 };
enum ScheduleKind : int { SCHED_CONSTANT = 0, SCHED_WARMUP_COSINE = 1 };

struct OptimConfig {
    OptimizerKind kind = OPT_ADAMW;
    float lr = 1e-3f;           // η (peak η for schedules)
    float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
    float weight_decay = 0.01f; // AdamW only, only on rank-2 tensors
    float grad_clip = 0.0f;     // clip by global norm when > 0
    ScheduleKind schedule = SCHED_CONSTANT;
    int warmup_steps = 0, total_steps = 0;  // for SCHED_WARMUP_COSINE; decays to 10% of lr
    float min_lr_ratio = 0.1f;
};

float lr_at(const OptimConfig& c, int step);  // step is 0-based

struct Optimizer {
    OptimConfig cfg;
    int t = 0;                        // steps taken
    std::vector<float> m, v;          // AdamW moments, same layout as params (lazily allocated)
    std::vector<float> last_update;   // ΔW = W_after − W_before of the last step (if keep_update)
    bool keep_update = true;
    // step()'s work list, per-chunk results and scratch buffers (4 × 16384 floats per range of the
    // thread pool), kept between steps
    std::vector<float> scratch;
    struct Chunk { int tensor; size_t off, len; };
    std::vector<Chunk> chunks;
    std::vector<double> sums;
    std::vector<int> verdicts;
    float last_lr = 0.0f, last_grad_norm = 0.0f;
    OptimConfig last_cfg;             // the settings the last committed step used (the UI explains it)

    StepError error;                  // why the last step was refused (code STEP_OK if it was not)

    // One step from model.grads. Returns "" or a reason if it was refused (a setting out of its
    // range, non-finite gradients, a result that is not finite, or, when max_update_ratio > 0, an
    // update ‖ΔW‖ larger than max_update_ratio·‖W‖): then the parameters and moments are left
    // UNCHANGED and `error` says why with a code.
    std::string step(GPT& model, float max_update_ratio = 0.0f);
    // Forgets the step count and the moments: switching optimizer, new weights.
    // Frees m, v and ΔW rather than only emptying them: the next model may be smaller, or may wait
    // for its moments (Trainer::moments_pending), and the old model's buffers must not stay behind.
    void reset() {
        t = 0;
        std::vector<float>().swap(m);
        std::vector<float>().swap(v);
        std::vector<float>().swap(last_update);
        error = StepError{};
    }

private:
    std::string refuse(StepCode code, std::string why, const std::string& tensor = {}, double value = 0, double limit = 0);
};

} // namespace ga
