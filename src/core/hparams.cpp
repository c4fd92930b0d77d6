// The allowed range of every training setting (see hparams.h).
#include "hparams.h"
#include <cmath>
#include <cstdio>

namespace ga {

// η above 10 never trains anything here (AdamW moves each weight by about η per step; SGD's
// gradients are O(1)): refused at input. Smaller values that still blow up are caught at step time
// by the ‖ΔW‖ ≤ ‖W‖ guard (Optimizer::step), before they reach the weights.
static const SettingRange kRanges[SET_COUNT] = {
    {"lr", 0.0, 10.0, true, false, false},
    {"beta1", 0.0, 1.0, false, true, false},
    {"beta2", 0.0, 1.0, false, true, false},
    {"eps", 0.0, 1.0, true, false, false},
    {"weight-decay", 0.0, 1.0, false, false, false},
    {"grad-clip", 0.0, 1e6, false, false, false},
    {"warmup", 0.0, 1e7, false, false, true},
    {"total-steps", 1.0, 1e8, false, false, true},
    {"min-lr-ratio", 0.0, 1.0, false, false, false},
    {"batch", 1.0, 4096.0, false, false, true},
    {"context", 1.0, 1e6, false, false, true},
    {"eval-every", 0.0, 1e6, false, false, true},
    {"seed", 0.0, 9007199254740992.0, false, false, true},  // 2^53: exact in a JavaScript number
};

const SettingRange& setting_range(Setting s) { return kRanges[(s >= 0 && s < SET_COUNT) ? s : SET_LR]; }

CheckCode setting_check(Setting s, double v, double hi) {
    const SettingRange& r = setting_range(s);
    const double top = hi > 0 ? hi : r.hi;
    if (!std::isfinite(v)) return CHECK_NOT_FINITE;
    if (r.lo_open ? !(v > r.lo) : !(v >= r.lo)) return CHECK_TOO_SMALL;
    if (r.hi_open ? !(v < top) : !(v <= top)) return CHECK_TOO_LARGE;
    if (r.integer && v != std::floor(v)) return CHECK_NOT_INTEGER;
    return CHECK_OK;
}

static std::string num(double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

std::string setting_range_text(Setting s, double hi) {
    const SettingRange& r = setting_range(s);
    const double top = hi > 0 ? hi : r.hi;
    std::string t = num(r.lo) + (r.lo_open ? " < " : " <= ") + r.name + (r.hi_open ? " < " : " <= ") + num(top);
    if (r.integer) t += ", a whole number";
    return t;
}

std::string setting_error(Setting s, double v, CheckCode c, double hi) {
    const SettingRange& r = setting_range(s);
    const char* why = c == CHECK_NOT_FINITE ? "is not a finite number"
                    : c == CHECK_TOO_SMALL  ? "is too small"
                    : c == CHECK_TOO_LARGE  ? "is too large"
                    : c == CHECK_NOT_INTEGER ? "is not a whole number" : "is allowed";
    return std::string(r.name) + " " + num(v) + " " + why + " (allowed: " + setting_range_text(s, hi) + ")";
}

double train_step_bytes(const GPTConfig& c, int B, int T) {
    // Per position: per layer ~16 C-sized buffers (ln, qkv, attention output, MLP 4C twice, ...)
    // plus 2·n_head·T for the attention scores; the logits and probabilities 2V; all doubled for
    // their gradients.
    const double bt = double(B) * double(T);
    const double per_layer = 16.0 * c.n_embd + 2.0 * c.n_head * double(T);
    const double floats = bt * (double(c.n_layer) * per_layer + 2.0 * c.vocab_size + 6.0 * c.n_embd);
    return 2.0 * 4.0 * floats;
}

} // namespace ga
