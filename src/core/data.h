// Data sets: token streams with train/validation splits, and batch sampling.
// Sources: text files converted at build time from Debian packages (see assets/ and tools/),
// word lists, synthetic tasks generated in code, and text the user pastes.
#pragma once
#include "rng.h"
#include "tokenizer.h"
#include <string>
#include <vector>

namespace ga {

struct Dataset {
    std::string name;             // "shakespeare", "words-fr", "addition", "user", ...
    std::vector<int> train, val;  // token ids
    // For synthetic tasks: accuracy is measured exactly on the answer part of each example.
    bool synthetic = false;
};

// Splits tokens 90/10 (val = the last 10%). "" or reason (too short for T+1 tokens in each split).
std::string dataset_from_text(const std::string& name, const std::string& utf8, const Tokenizer& tok, int T, Dataset* out);
// inputs/targets (B,T) from split; deterministic in rng.
void dataset_batch(const Dataset& d, bool validation, Rng& rng, int B, int T, int* inputs, int* targets);

} // namespace ga
