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
    std::vector<int> batch_in, batch_tg;  // the batch of the last step, (B,T) each, kept between steps
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
    // Replace the model (e.g. after a checkpoint load): resets the history; the optimizer resumes
    // from the checkpoint's AdamW state when it carries one (moments and step count), else
    // starts fresh.
    void set_model(Checkpoint&& ck);
    // What the loaded checkpoint says about how it was trained (m and v moved into opt).
    OptimizerState resumed;  // resumed.present: the optimizer continues from the file
    // Continuation settings for a resumed model: AdamW with the saved β/ε/decay, constant η at half
    // the η of the last saved step (where the cosine schedule ended), the recipe's context and a
    // batch of at least min(64, 4096 / T) sequences (the recipe's if larger).
    // A trained model then keeps going downhill instead of being kicked out of its minimum by
    // fresh moments, a larger η and a smaller batch. False (nothing changed) when not resumed.
    bool apply_continuation_settings();
    // A checkpoint whose moments are in a companion file (OptimizerState::moments_deferred): its
    // step count and settings are in, m and v are not yet. set_moments() brings them (from
    // optimizer_moments_load, checkpoint.h); moments_unavailable() gives up and starts AdamW afresh
    // (t = 0). train_step() never runs AdamW while they are awaited: it gives up first.
    bool moments_pending() const { return resumed.present && resumed.moments_deferred; }
    std::string set_moments(OptimizerState&& st);
    void moments_unavailable();
};

// What train_step() changes, copied from one Trainer into another of the same model shape: the
// weights, their gradients, the optimizer's step count, moments and ΔW, the batch rng, the step
// count, the loss history and the last batch and error. The app's training thread
// (src/app/train_worker.h) steps a copy of the shown Trainer and hands its results back with
// this. Vectors keep their capacity, so a copy between two trainers of one shape allocates nothing
// (history grows). Keep it next to train_step(): a new field that a step changes belongs here.
void copy_step_state(const Trainer& src, Trainer& dst);

} // namespace ga
