// A training session: model + tokenizer + optimizer + data + loss history. The CLI `train`,
// the app's training panel and the page's JavaScript API all drive one of these.
#pragma once
#include "checkpoint.h"
#include "data.h"
#include "optim.h"

namespace ga {

struct LossPoint { int step; float train, val; };  // val < 0 when not measured at that step

struct Trainer {
    GPT model;
    Tokenizer tokenizer;
    Optimizer opt;            // opt.cfg is the one optimizer configuration (η, kind, AdamW settings)
    Dataset data;
    Rng rng{1337};
    uint64_t seed = 1337;
    int B = 8, T = 32;
    int step = 0;
    float last_loss = -1.0f;
    std::vector<LossPoint> history;
    int eval_every = 25, eval_batches = 4;
    std::string last_error;   // why the last step was refused (e.g. "loss is NaN at step 12: ...")
    StepError error;          // the same as a code with its numbers, for front-ends in other languages
    // Guard against a diverging step: refused when ‖ΔW‖ > max_update_ratio·‖W‖ (0 = no guard).
    float max_update_ratio = 1.0f;
    // Bumped whenever the weights or their gradients change (step, load, re-initialisation, an
    // edit through weights_changed()): "did anything shown change since I last looked?" is one
    // comparison (it replaces sampled fingerprints, which could miss a change).
    uint64_t version = 1;

    // One optimizer step on a training batch. False (with last_error) if refused: the model stays
    // as it was before the step (a NaN loss or non-finite update never reaches the weights).
    bool train_step();
    float eval_loss(int batches);   // mean validation loss, deterministic (own rng)
    // Checks η, the AdamW settings, the schedule, batch and context against hparams.h's rules
    // and the memory a step needs. STEP_OK or the first problem (nothing is changed).
    StepError check_settings() const;
    // Switches SGD ↔ AdamW; a real switch forgets the step count and the moments (Adam's m and v
    // mean nothing to SGD, and a stale t would turn off AdamW's bias correction).
    void set_optimizer(OptimizerKind k);
    void weights_changed() { version++; }
    void reinit(uint64_t new_seed); // random weights, optimizer reset, history cleared
    // Replace the model (e.g. after a checkpoint load): resets optimizer and history.
    void set_model(Checkpoint&& ck);
};

} // namespace ga
