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
    std::vector<int> batch_in, batch_tg;  // the batch of the last step, (B,T) each, kept between steps
    std::string last_error;   // why the last step was refused (e.g. "loss is NaN at step 12: ...")

    // One optimizer step on a training batch. False (with last_error) if refused: the model stays
    // as it was before the step (a NaN loss or non-finite update never reaches the weights).
    bool train_step();
    float eval_loss(int batches);   // mean validation loss, deterministic (own rng)
    void reinit(uint64_t new_seed); // random weights, optimizer reset, history cleared
    // Replace the model (e.g. after a checkpoint load): resets optimizer and history.
    void set_model(Checkpoint&& ck);
};

} // namespace ga
