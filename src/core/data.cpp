// Token streams with a train/validation split and deterministic batch sampling.
#include "data.h"
#include "quote.h"

namespace ga {

std::string dataset_from_text(const std::string& name, const std::string& utf8, const Tokenizer& tok, int T, Dataset* out,
                              DataError* why) {
    DataError none;
    DataError& e = why ? *why : none;
    e = DataError{};
    if (T < 1) {
        e.code = DATA_BAD_CONTEXT;
        return "data set " + quote(name) + ": context length T = " + std::to_string(T) + " must be at least 1";
    }
    std::vector<int> ids;
    std::string err = tok.encode(utf8, &ids, &e.encode);
    if (!err.empty()) {
        e.code = DATA_ENCODE;
        return "data set " + quote(name) + ": " + err;
    }
    // the last 10% is the validation split; both splits need T+1 tokens for one (input, target) window
    const size_t n = ids.size();
    const size_t n_val = n / 10;
    const size_t n_train = n - n_val;
    const size_t need = size_t(T) + 1;
    e.tokens = n;
    e.need = need;
    if (n_train < need || n_val < need) {
        e.code = DATA_TOO_SHORT;
        return "data set " + quote(name) + ": " + std::to_string(n) + " tokens is too short for context " + std::to_string(T) +
               " (each of the 90/10 train/validation splits needs at least " + std::to_string(need) + " tokens, so at least " +
               std::to_string(need * 10) + " in all)";
    }
    Dataset d;
    d.name = name;
    d.train.assign(ids.begin(), ids.begin() + (long)n_train);
    d.val.assign(ids.begin() + (long)n_train, ids.end());
    *out = std::move(d);
    return {};
}

void dataset_batch(const Dataset& d, bool validation, Rng& rng, int B, int T, int* inputs, int* targets) {
    const std::vector<int>& s = validation ? d.val : d.train;
    const size_t n = s.size();
    for (int b = 0; b < B; b++) {
        int* in = inputs + (size_t)b * T;
        int* tg = targets + (size_t)b * T;
        if (n < 2) {  // nothing to predict: never read outside the split
            for (int t = 0; t < T; t++) { in[t] = n ? s[0] : 0; tg[t] = n ? s[0] : 0; }
            continue;
        }
        if (n >= size_t(T) + 1) {
            // a random window of T+1 consecutive tokens: targets are the inputs shifted by one
            const size_t start = (size_t)rng.below((int)(n - size_t(T)));
            for (int t = 0; t < T; t++) { in[t] = s[start + t]; tg[t] = s[start + t + 1]; }
        } else {
            // split shorter than the window (only for callers that skipped dataset_from_text's check): wrap around
            const size_t start = (size_t)rng.below((int)(n - 1));
            for (int t = 0; t < T; t++) { in[t] = s[(start + t) % (n - 1)]; tg[t] = s[(start + t) % (n - 1) + 1]; }
        }
    }
}

} // namespace ga
