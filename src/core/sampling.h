// Picking the next token from a row of logits: what `generate` in the CLI, the page's
// anatomy.generate() and the inspector's streaming generation all use.
#pragma once
#include "rng.h"

namespace ga {

// Greedy (argmax) when temperature <= 0; else a sample from softmax(logits / temperature)
// restricted to the top_k largest logits (top_k <= 0 or >= V: all of them). logits: (V).
int sample_token(const float* logits, int V, float temperature, int top_k, Rng& rng);

} // namespace ga
