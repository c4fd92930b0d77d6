// Forward passes for the UI (inspector, before/after comparison) that never disturb training:
// a separate "probe" GPT with its own activations borrows a parameter vector (the trainer's, or
// a frozen copy) by swapping it in for the duration of the forward pass — no copy, no staleness.
#pragma once
#include "trainer.h"

namespace ga::app {

// Forward of (B,T) tokens through `probe` using `params` (laid out like model's table).
// targets may be null. The probe keeps the activations; `params` is handed back unchanged.
// Returns false (and does nothing) if the sizes do not match the model or T > n_ctx.
bool probe_forward(GPT& probe, const GPT& model, std::vector<float>& params, const int* inputs,
                   const int* targets, int B, int T);

// Mean loss over `batches` fixed validation batches (own seeded generator: the same batches every
// call), -1 if the data set has no validation split or the sizes do not fit.
float probe_eval(GPT& probe, const Trainer& tr, std::vector<float>& params, int batches, int B, int T);

} // namespace ga::app
