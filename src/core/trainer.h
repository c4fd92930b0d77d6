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
    OptimConfig opt_cfg;
    Optimizer opt;
    Dataset data;
    Rng rng{1337};
    uint64_t seed = 1337;
    int B = 8, T = 32;
    int step = 0;
    float last_loss = -1.0f;
    std::vector<LossPoint> history;
    int eval_every = 25, eval_batches = 4;
    std::string last_error;   // why the last step was refused (e.g. "loss is NaN at step 12: ...")

    // One optimizer step on a training batch. False (with last_error) if refused: the model stays
    // as it was before the step (a NaN loss or non-finite update never reaches the weights).
    bool train_step();
    float eval_loss(int batches);   // mean validation loss, deterministic (own rng)
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
};

} // namespace ga
