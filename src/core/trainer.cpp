// A training session: sample a batch, forward, backward, optimizer step, loss history.
// Nothing reaches the weights unless the loss, the gradients and the update are all finite.
#include "trainer.h"
#include <algorithm>
#include <cmath>

namespace ga {

// Validation batches come from their own generator so eval_loss is the same number every time
// it is called on the same weights, whatever the training has sampled so far.
static const uint64_t EVAL_SEED_SALT = 0x5EEDE7A1ull;

static std::string batch_check(const GPT& m, const std::vector<int>& ids) {
    for (size_t i = 0; i < ids.size(); i++)
        if (ids[i] < 0 || ids[i] >= m.cfg.vocab_size)
            return "token id " + std::to_string(ids[i]) + " at batch position " + std::to_string(i) +
                   " is outside the model's vocabulary [0, " + std::to_string(m.cfg.vocab_size) +
                   ") (data set made with another tokenizer?)";
    return {};
}

bool Trainer::train_step() {
    last_error.clear();
    const int at = step + 1;
    if (model.params.empty()) { last_error = "step " + std::to_string(at) + ": no model"; return false; }
    if (B < 1 || T < 1 || T > model.cfg.n_ctx) {
        last_error = "step " + std::to_string(at) + ": batch " + std::to_string(B) + " x context " + std::to_string(T) +
                     " is not allowed (context must be 1.." + std::to_string(model.cfg.n_ctx) + ")";
        return false;
    }
    if (data.train.size() < 2) { last_error = "step " + std::to_string(at) + ": the training data is empty"; return false; }

    std::vector<int> in(size_t(B) * T), tg(size_t(B) * T);
    dataset_batch(data, false, rng, B, T, in.data(), tg.data());
    std::string err = batch_check(model, in);
    if (err.empty()) err = batch_check(model, tg);
    if (!err.empty()) { last_error = "step " + std::to_string(at) + ": " + err; return false; }

    model.forward(in.data(), tg.data(), B, T);
    const float loss = model.loss;
    if (!std::isfinite(loss)) {
        last_error = "loss is " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at step " + std::to_string(at) +
                     ": step refused, weights unchanged (learning rate too high?)";
        return false;
    }
    model.zero_grad();
    model.backward();
    opt.cfg = opt_cfg;  // the UI may change the optimizer settings between steps
    err = opt.step(model);
    if (!err.empty()) { last_error = "step " + std::to_string(at) + ": " + err; return false; }

    step = at;
    last_loss = loss;
    history.push_back({step, loss, -1.0f});
    if (eval_every > 0 && step % eval_every == 0 && eval_batches > 0) history.back().val = eval_loss(eval_batches);
    return true;
}

float Trainer::eval_loss(int batches) {
    if (model.params.empty() || batches < 1 || data.val.size() < 2 || B < 1 || T < 1 || T > model.cfg.n_ctx) return -1.0f;
    Rng erng(seed ^ EVAL_SEED_SALT);
    std::vector<int> in(size_t(B) * T), tg(size_t(B) * T);
    double sum = 0.0;
    for (int i = 0; i < batches; i++) {
        dataset_batch(data, true, erng, B, T, in.data(), tg.data());
        if (!batch_check(model, in).empty() || !batch_check(model, tg).empty()) return -1.0f;
        model.forward(in.data(), tg.data(), B, T);
        sum += model.loss;
    }
    return (float)(sum / batches);
}

// Half the η where the saved schedule ended: the cosine would have kept decaying, and at the end
// η itself the validation loss of the shipped models only wanders around its value (measured:
// words-fr-tiny, 400 steps, batch 32: at 5e-4 it stays within ±0.003 of the start, at 2.5e-4 every
// evaluation is below the start and the trend is down).
static const float kContinuationLrRatio = 0.5f;
// A larger batch than the recipe's (up to 64 sequences, at most 4096 tokens a step): less gradient
// noise at the bottom of the valley. Measured on kjv-genesis-small, whose recipe ends overfitted
// (train 1.03, val 1.28): with batch 16 its val loss rises again after ~25 steps; with 64 it stays
// below the start for 400 steps.
static const int kContinuationMaxBatch = 64, kContinuationMaxTokens = 4096;

bool Trainer::apply_continuation_settings() {
    if (!resumed.present) return false;
    opt_cfg.kind = OPT_ADAMW;
    if (resumed.lr > 0.0f) opt_cfg.lr = kContinuationLrRatio * resumed.lr;
    opt_cfg.beta1 = resumed.beta1;
    opt_cfg.beta2 = resumed.beta2;
    opt_cfg.eps = resumed.eps;
    opt_cfg.weight_decay = resumed.weight_decay;
    opt_cfg.schedule = SCHED_CONSTANT;
    if (resumed.context > 0) T = std::min(resumed.context, model.cfg.n_ctx);
    if (resumed.batch > 0) B = std::max(resumed.batch, std::min(kContinuationMaxBatch, kContinuationMaxTokens / std::max(1, T)));
    return true;
}

void Trainer::reinit(uint64_t new_seed) {
    seed = new_seed;
    if (model.params.empty() && !model.init(model.cfg).empty()) return;
    model.init_random(seed);
    model.grads.clear();
    model.clear_ablation();
    opt.reset();
    resumed = OptimizerState{};
    rng = Rng(seed);
    step = 0;
    last_loss = -1.0f;
    history.clear();
    last_error.clear();
}

void Trainer::set_model(Checkpoint&& ck) {
    model = std::move(ck.model);
    tokenizer = std::move(ck.tokenizer);
    opt.reset();
    resumed = OptimizerState{};
    if (ck.optim.present && ck.optim.m.size() == model.params.size() && ck.optim.v.size() == model.params.size()) {
        opt.m = std::move(ck.optim.m);
        opt.v = std::move(ck.optim.v);
        opt.t = ck.optim.step;
        opt.last_lr = ck.optim.lr;
        resumed = std::move(ck.optim);
        resumed.m.clear();
        resumed.v.clear();
        resumed.present = true;
    }
    rng = Rng(seed);
    step = 0;
    last_loss = -1.0f;
    history.clear();
    last_error.clear();
    if (T > model.cfg.n_ctx) T = model.cfg.n_ctx;
}

} // namespace ga
