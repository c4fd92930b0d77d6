// One rule for every training setting a user can type (η, β1, β2, ε, weight decay, clipping,
// schedule steps, batch, context, seed, validation interval), shared by the CLI, the app's panels,
// keyboard shortcuts, URL parameters and the page's JavaScript API: a value is accepted or refused
// here, nowhere else. Also the codes of the reasons a training step is refused, so every front-end
// words them in its own language without reading English text.
#pragma once
#include "params.h"
#include <cstdint>
#include <string>

namespace ga {

enum Setting : int {
    SET_LR = 0, SET_BETA1, SET_BETA2, SET_EPS, SET_WEIGHT_DECAY, SET_GRAD_CLIP, SET_WARMUP_STEPS,
    SET_TOTAL_STEPS, SET_MIN_LR_RATIO, SET_BATCH, SET_CONTEXT, SET_EVAL_EVERY, SET_SEED, SET_COUNT
};

// Allowed values of a setting: lo..hi, each end open or closed; integer settings refuse fractions.
struct SettingRange {
    const char* name;   // as the CLI spells it ("lr", "beta1", "batch", ...)
    double lo, hi;
    bool lo_open, hi_open, integer;
};
const SettingRange& setting_range(Setting s);

enum CheckCode : int { CHECK_OK = 0, CHECK_NOT_FINITE, CHECK_TOO_SMALL, CHECK_TOO_LARGE, CHECK_NOT_INTEGER };

// Is v allowed for s? For SET_CONTEXT pass the model's n_ctx as `hi` (else the static range holds).
CheckCode setting_check(Setting s, double v, double hi = -1.0);
// "lr 1000 is too large (allowed: 0 < lr <= 10)": a one-line English reason for the CLI's stderr.
std::string setting_error(Setting s, double v, CheckCode c, double hi = -1.0);
// "0 < lr <= 10": the allowed range written out (the app words the rest in its own language).
std::string setting_range_text(Setting s, double hi = -1.0);

// Memory the activations and their gradients of one (B,T) training step need, in bytes (an upper
// estimate from the shapes in model.h; the app refuses a batch that would not fit).
double train_step_bytes(const GPTConfig& c, int B, int T);
// Largest activation memory a step may ask for (wasm has 4 GB for everything).
constexpr double kMaxStepBytes = 1536.0 * 1048576.0;

// Why a training step was refused. Every code leaves the parameters and the optimizer state
// exactly as they were before the step.
enum StepCode : int {
    STEP_OK = 0,
    STEP_NO_MODEL,            // nothing loaded
    STEP_BAD_SHAPE,           // batch or context outside their ranges for this model
    STEP_TOO_BIG,             // batch × context would need more memory than kMaxStepBytes
    STEP_NO_DATA,             // no training text
    STEP_TOKEN_OUT_OF_VOCAB,  // the data was made with another tokenizer
    STEP_LOSS_NOT_FINITE,     // forward gave NaN or inf (weights already broken, or η far too big)
    STEP_BAD_HPARAM,          // η or an AdamW setting is outside its range (see setting_check)
    STEP_NO_GRADIENTS,        // optimizer called without a backward pass
    STEP_GRAD_NOT_FINITE,     // NaN or inf in ∂L/∂θ
    STEP_UPDATE_NOT_FINITE,   // the new weights would not be finite
    STEP_MOMENTS_NOT_FINITE,  // AdamW's m or v would not be finite
    STEP_UPDATE_TOO_LARGE,    // ‖ΔW‖ would exceed ‖W‖: the step would throw the model away (η too big)
};

// A refused step, with what the message needs (the core's English text is in Trainer::last_error).
struct StepError {
    StepCode code = STEP_OK;
    int step = 0;             // the step that was refused (1-based)
    std::string tensor;       // the tensor concerned, if any
    double value = 0.0;       // the offending number (loss, ‖ΔW‖, token id, η, ...)
    double limit = 0.0;       // what it was compared with (‖W‖, vocabulary size, n_ctx, ...)
};

} // namespace ga
