// The tiny periodic "text" several training tests share: 1 block, C = 16, V = 7, and a 9-token
// pattern in which the next token is fully determined by the current one (a model can learn it
// exactly in a few hundred steps). B = 4, T = 12, a fresh optimizer of the given kind and η.
#pragma once
#include <catch2/catch.hpp>

#include "trainer.h"

#include <cstdint>

namespace toy {

inline void pattern_trainer(ga::Trainer& tr, uint64_t seed, ga::OptimizerKind kind, float lr) {
    ga::GPTConfig c;
    c.n_layer = 1; c.n_head = 2; c.n_embd = 16; c.n_ctx = 16; c.vocab_size = 7;
    REQUIRE(tr.model.init(c) == "");
    tr.seed = seed;
    tr.reinit(seed);
    const int pattern[] = {0, 1, 2, 3, 4, 5, 6, 3, 1};
    tr.data.name = "pattern";
    tr.data.train.clear();
    tr.data.val.clear();
    for (int i = 0; i < 400; i++) tr.data.train.push_back(pattern[i % 9]);
    for (int i = 0; i < 60; i++) tr.data.val.push_back(pattern[i % 9]);
    tr.B = 4;
    tr.T = 12;
    tr.opt.cfg = ga::OptimConfig{};
    tr.opt.cfg.kind = kind;
    tr.opt.cfg.lr = lr;
}

} // namespace toy
