// How much memory a model needs, before any of it is allocated: so the page can refuse a
// checkpoint, or load it for viewing and generation only, instead of letting a phone's browser
// kill the tab (Mobile Safari does that far below the 4 GB a desktop wasm page may use).
// Counts follow the allocations of GPT::init / forward / backward and the optimizer exactly
// (model.cpp, optim.cpp); the unit test checks them against a real model's vectors.
#pragma once
#include "params.h"
#include <string>

namespace ga {

// Bytes, as doubles (a GPT-2 XL estimate overflows nothing and prints as it is).
struct MemoryEstimate {
    double weights = 0;      // params: P floats
    double grads = 0;        // P floats (allocated by the first backward)
    double optimizer = 0;    // AdamW m and v: 2P floats (SGD: 0)
    double update = 0;       // the last ΔW kept for the UI: P floats
    double activations = 0;  // forward buffers kept for the UI at (B, T), Activations in model.h
    double backward = 0;     // backward's scratch activation gradients at (B, T)
    double generation = 0;   // one forward at (1, T): what viewing and generating need

    double view_total() const { return weights + generation; }
    double train_total() const { return weights + grads + optimizer + update + activations + backward; }
};

// Estimate for a configuration trained at batch B, context T (clamped to n_ctx), with AdamW or
// SGD. Generation is counted at the same context T: the forward keeps every attention map for the
// UI, (L, NH, T, T) floats, which at GPT-2's full 1024 tokens alone would be 1.2 GB.
MemoryEstimate estimate_memory(const GPTConfig& cfg, int B, int T, bool adamw);

enum MemoryVerdict : int {
    MEMORY_TRAIN,      // everything fits: load, view, generate, train
    MEMORY_VIEW_ONLY,  // weights + generation fit, training does not: load for viewing/generating
    MEMORY_REFUSE,     // not even the weights fit: refuse, keep the current model
};

struct MemoryPlan {
    MemoryVerdict verdict = MEMORY_REFUSE;
    double need_train = 0, need_view = 0;  // bytes, including the file's own copy while loading
    std::string reason;                    // one line for the user; empty for MEMORY_TRAIN
};

// The plan for loading a checkpoint of file_bytes into a page allowed budget_bytes in all, of
// which used_bytes are taken by what stays (the interface, the data set). The file's bytes sit in
// memory next to the parsed parameters while loading, so they count once.
MemoryPlan plan_memory(const MemoryEstimate& e, double file_bytes, double budget_bytes, double used_bytes);

// "12.3 MB" / "1.20 GB"
std::string format_bytes(double bytes);

} // namespace ga
