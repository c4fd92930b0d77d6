// Probe forward passes: the probe GPT shares cfg and table with the model and borrows params.
#include "probe.h"
#include <utility>

namespace ga::app {

bool probe_forward(GPT& probe, const GPT& model, std::vector<float>& params, const int* inputs,
                   const int* targets, int B, int T) {
    if (model.params.empty() || params.size() != model.params.size() || B < 1 || T < 1 || T > model.cfg.n_ctx)
        return false;
    const GPTConfig& c = model.cfg;
    if (probe.cfg.n_layer != c.n_layer || probe.cfg.n_head != c.n_head || probe.cfg.n_embd != c.n_embd ||
        probe.cfg.n_ctx != c.n_ctx || probe.cfg.vocab_size != c.vocab_size || probe.table.size() != model.table.size()) {
        probe.cfg = c;
        probe.table = model.table;
        probe.grads.clear();
    }
    const int V = c.vocab_size;
    for (int i = 0; i < B * T; i++) {
        if (inputs[i] < 0 || inputs[i] >= V) return false;
        if (targets && (targets[i] < 0 || targets[i] >= V)) return false;
    }
    probe.ablation = model.ablation;  // knocked-out heads/neurons are out for every view too
    probe.params.swap(params);
    probe.forward(inputs, targets, B, T);
    probe.params.swap(params);
    return true;
}

float probe_eval(GPT& probe, const Trainer& tr, std::vector<float>& params, int batches, int B, int T) {
    if (batches < 1 || B < 1 || T < 1 || T > tr.model.cfg.n_ctx) return -1.0f;
    if (tr.data.val.size() < 2) return -1.0f;
    Rng rng(0xBEF0AF7E5ull);  // fixed: "before" and "after" are measured on the same batches
    std::vector<int> in(size_t(B) * T), tg(size_t(B) * T);
    double sum = 0.0;
    for (int i = 0; i < batches; i++) {
        dataset_batch(tr.data, true, rng, B, T, in.data(), tg.data());
        if (!probe_forward(probe, tr.model, params, in.data(), tg.data(), B, T)) return -1.0f;
        sum += probe.loss;
    }
    return float(sum / batches);
}

} // namespace ga::app
