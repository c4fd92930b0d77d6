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

StepError Trainer::check_settings() const {
    StepError e;
    e.step = step + 1;
    auto bad = [&](StepCode code, const char* what, double v, double limit) {
        e.code = code; e.tensor = what; e.value = v; e.limit = limit;
        return e;
    };
    if (model.params.empty()) return bad(STEP_NO_MODEL, "", 0, 0);
    if (setting_check(SET_BATCH, B) != CHECK_OK) return bad(STEP_BAD_SHAPE, "batch", B, setting_range(SET_BATCH).hi);
    if (setting_check(SET_CONTEXT, T, model.cfg.n_ctx) != CHECK_OK) return bad(STEP_BAD_SHAPE, "context", T, model.cfg.n_ctx);
    const double bytes = train_step_bytes(model.cfg, B, T);
    if (bytes > kMaxStepBytes) return bad(STEP_TOO_BIG, "batch", bytes, kMaxStepBytes);
    const OptimConfig& c = opt.cfg;
    struct { Setting s; double v; } checks[] = {{SET_LR, c.lr}, {SET_GRAD_CLIP, c.grad_clip}, {SET_BETA1, c.beta1},
                                                {SET_BETA2, c.beta2}, {SET_EPS, c.eps}, {SET_WEIGHT_DECAY, c.weight_decay}};
    const int n = c.kind == OPT_ADAMW ? 6 : 2;
    for (int i = 0; i < n; i++)
        if (setting_check(checks[i].s, checks[i].v) != CHECK_OK)
            return bad(STEP_BAD_HPARAM, setting_range(checks[i].s).name, checks[i].v, 0);
    if (c.schedule == SCHED_WARMUP_COSINE &&
        (setting_check(SET_WARMUP_STEPS, c.warmup_steps) != CHECK_OK || setting_check(SET_TOTAL_STEPS, c.total_steps) != CHECK_OK))
        return bad(STEP_BAD_HPARAM, "schedule", c.total_steps, 0);
    if (data.train.size() < 2) return bad(STEP_NO_DATA, "", 0, 0);
    return e;
}

static std::string settings_message(const StepError& e, const Trainer& tr) {
    const std::string at = "step " + std::to_string(e.step) + ": ";
    switch (e.code) {
    case STEP_NO_MODEL: return at + "no model";
    case STEP_NO_DATA: return at + "the training data is empty";
    case STEP_BAD_SHAPE:
        return at + (e.tensor == "batch" ? setting_error(SET_BATCH, e.value, setting_check(SET_BATCH, e.value))
                                         : setting_error(SET_CONTEXT, e.value, setting_check(SET_CONTEXT, e.value, e.limit), e.limit));
    case STEP_TOO_BIG:
        return at + "batch " + std::to_string(tr.B) + " x context " + std::to_string(tr.T) + " needs about " +
               std::to_string(int(e.value / 1048576.0)) + " MB for one step (at most " + std::to_string(int(e.limit / 1048576.0)) +
               " MB): use a smaller batch or context";
    case STEP_BAD_HPARAM: {
        for (int s = 0; s < SET_COUNT; s++)
            if (e.tensor == setting_range(Setting(s)).name)
                return at + setting_error(Setting(s), e.value, setting_check(Setting(s), e.value));
        return at + "the learning-rate schedule's steps are out of range";
    }
    default: return at + "refused";
    }
}

bool Trainer::train_step() {
    // never AdamW's saved step count over zero moments (the first update would be ~3η·sign(g)):
    // the app waits for deferred moments; a caller that does not starts the optimizer afresh
    if (moments_pending() && opt.cfg.kind == OPT_ADAMW) moments_unavailable();
    last_error.clear();
    error = check_settings();
    if (error.code != STEP_OK) { last_error = settings_message(error, *this); return false; }
    const int at = step + 1;

    std::vector<int>& in = batch_in;  // reused: no allocation per step
    std::vector<int>& tg = batch_tg;
    in.resize(size_t(B) * T);
    tg.resize(size_t(B) * T);
    dataset_batch(data, false, rng, B, T, in.data(), tg.data());
    std::string err = batch_check(model, in);
    if (err.empty()) err = batch_check(model, tg);
    if (!err.empty()) {
        error.code = STEP_TOKEN_OUT_OF_VOCAB;
        error.limit = model.cfg.vocab_size;
        last_error = "step " + std::to_string(at) + ": " + err;
        return false;
    }

    model.forward(in.data(), tg.data(), B, T);
    const float loss = model.loss;
    if (!std::isfinite(loss)) {
        error.code = STEP_LOSS_NOT_FINITE;
        error.value = loss;
        last_error = "loss is " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at step " + std::to_string(at) +
                     ": step refused, weights unchanged (learning rate too high?)";
        return false;
    }
    model.zero_grad();
    model.backward();
    version++;   // the gradients changed, even if the update is refused below
    err = opt.step(model, max_update_ratio);
    if (!err.empty()) {
        error = opt.error;
        error.step = at;
        last_error = "step " + std::to_string(at) + ": " + err;
        return false;
    }

    step = at;
    version++;
    last_loss = loss;
    history.push_back({step, loss, -1.0f});
    if (eval_every > 0 && step % eval_every == 0 && eval_batches > 0) history.back().val = eval_loss(eval_batches);
    return true;
}

void copy_step_state(const Trainer& src, Trainer& dst) {
    dst.model.params = src.model.params;
    dst.model.grads = src.model.grads;
    dst.model.loss = src.model.loss;
    dst.opt.t = src.opt.t;
    dst.opt.m = src.opt.m;
    dst.opt.v = src.opt.v;
    dst.opt.last_update = src.opt.last_update;
    dst.opt.last_lr = src.opt.last_lr;
    dst.opt.last_grad_norm = src.opt.last_grad_norm;
    dst.opt.last_cfg = src.opt.last_cfg;
    dst.opt.error = src.opt.error;
    dst.rng = src.rng;
    dst.step = src.step;
    dst.last_loss = src.last_loss;
    dst.history = src.history;
    dst.batch_in = src.batch_in;
    dst.batch_tg = src.batch_tg;
    dst.last_error = src.last_error;
    dst.error = src.error;
    dst.version = src.version;
}

void Trainer::set_optimizer(OptimizerKind k) {
    if (opt.cfg.kind == k) return;
    opt.cfg.kind = k;
    opt.reset();
    resumed.moments_deferred = false;   // moments still to come would mean nothing now
}

std::string Trainer::set_moments(OptimizerState&& st) {
    if (!moments_pending()) return "no optimizer moments are awaited (another model, or the optimizer was reset)";
    if (st.m.size() != model.params.size() || st.v.size() != model.params.size())
        return "optimizer moments of " + std::to_string(st.m.size()) + " values for a model of " + std::to_string(model.params.size());
    opt.m = std::move(st.m);
    opt.v = std::move(st.v);
    opt.t = st.step;
    resumed.moments_deferred = false;
    version++;
    return {};
}

void Trainer::moments_unavailable() {
    if (!moments_pending()) return;
    opt.t = 0;   // AdamW starts afresh: a step count without its moments would skip the bias correction
    resumed.moments_deferred = false;
}

float Trainer::eval_loss(int batches) {
    if (model.params.empty() || batches < 1 || data.val.size() < 2 || B < 1 || T < 1 || T > model.cfg.n_ctx ||
        train_step_bytes(model.cfg, B, T) > kMaxStepBytes)
        return -1.0f;
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
    opt.cfg.kind = OPT_ADAMW;
    if (resumed.lr > 0.0f) opt.cfg.lr = kContinuationLrRatio * resumed.lr;
    opt.cfg.beta1 = resumed.beta1;
    opt.cfg.beta2 = resumed.beta2;
    opt.cfg.eps = resumed.eps;
    opt.cfg.weight_decay = resumed.weight_decay;
    opt.cfg.schedule = SCHED_CONSTANT;
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
    version++;
    error = StepError{};
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
    if (ck.optim.present && ck.optim.moments_deferred) {
        // the step count and settings now, the moments when set_moments() brings them
        opt.t = ck.optim.step;
        opt.last_lr = ck.optim.lr;
        resumed = std::move(ck.optim);
    } else if (ck.optim.present && ck.optim.m.size() == model.params.size() && ck.optim.v.size() == model.params.size()) {
        opt.m = std::move(ck.optim.m);
        opt.v = std::move(ck.optim.v);
        opt.t = ck.optim.step;
        opt.last_lr = ck.optim.lr;
        resumed = std::move(ck.optim);
        resumed.m.clear();
        resumed.v.clear();
        resumed.present = true;
    }
    version++;
    error = StepError{};
    rng = Rng(seed);
    step = 0;
    last_loss = -1.0f;
    history.clear();
    last_error.clear();
    if (T > model.cfg.n_ctx) T = model.cfg.n_ctx;
}

} // namespace ga
