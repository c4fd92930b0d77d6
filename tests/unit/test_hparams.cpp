// The one rule for training settings (hparams.h) and the trainer's use of it: refused values
// change nothing, a diverging η is stopped before it reaches the weights, switching optimizer
// forgets the moments, and every refusal carries a code.
#include <catch2/catch.hpp>

#include "hparams.h"
#include "toy_trainer.h"
#include "trainer.h"

#include <cmath>
#include <vector>

using namespace ga;

namespace {

// The shared toy text (toy_trainer.h), seed 3.
void tiny_trainer(Trainer& tr, OptimizerKind kind, float lr) { toy::pattern_trainer(tr, 3, kind, lr); }

} // namespace

TEST_CASE("setting_check: η, β, batch, context, seed", "[hparams]") {
    CHECK(setting_check(SET_LR, 1e-3) == CHECK_OK);
    CHECK(setting_check(SET_LR, 10.0) == CHECK_OK);
    CHECK(setting_check(SET_LR, 0.0) == CHECK_TOO_SMALL);
    CHECK(setting_check(SET_LR, -1e-3) == CHECK_TOO_SMALL);
    CHECK(setting_check(SET_LR, 1000.0) == CHECK_TOO_LARGE);
    CHECK(setting_check(SET_LR, NAN) == CHECK_NOT_FINITE);
    CHECK(setting_check(SET_LR, INFINITY) == CHECK_NOT_FINITE);
    CHECK(setting_check(SET_BETA1, 1.0) == CHECK_TOO_LARGE);
    CHECK(setting_check(SET_BETA2, 0.999) == CHECK_OK);
    CHECK(setting_check(SET_BATCH, 0) == CHECK_TOO_SMALL);
    CHECK(setting_check(SET_BATCH, -5) == CHECK_TOO_SMALL);
    CHECK(setting_check(SET_BATCH, 100000) == CHECK_TOO_LARGE);
    CHECK(setting_check(SET_BATCH, 2.5) == CHECK_NOT_INTEGER);
    CHECK(setting_check(SET_CONTEXT, 64, 64) == CHECK_OK);
    CHECK(setting_check(SET_CONTEXT, 65, 64) == CHECK_TOO_LARGE);
    CHECK(setting_check(SET_SEED, -1) == CHECK_TOO_SMALL);
    CHECK(setting_error(SET_LR, 1000, CHECK_TOO_LARGE) == "lr 1000 is too large (allowed: 0 < lr <= 10)");
}

TEST_CASE("a refused setting changes nothing and carries a code", "[hparams][train]") {
    Trainer tr;
    tiny_trainer(tr, OPT_ADAMW, 1e-2f);
    for (int i = 0; i < 3; i++) REQUIRE(tr.train_step());
    const std::vector<float> before = tr.model.params, m = tr.opt.m;
    const uint64_t version = tr.version;
    tr.opt.cfg.lr = -1e-2f;   // gradient ascent: refused, not run
    CHECK_FALSE(tr.train_step());
    CHECK(tr.error.code == STEP_BAD_HPARAM);
    CHECK(tr.error.tensor == "lr");
    CHECK(tr.model.params == before);
    CHECK(tr.opt.m == m);
    CHECK(tr.version == version);
    tr.opt.cfg.lr = 1e-2f;
    tr.B = 100000;            // would need gigabytes of activations
    CHECK_FALSE(tr.train_step());
    CHECK(tr.error.code == STEP_BAD_SHAPE);
    tr.B = 4;
    tr.T = 17;                // > n_ctx
    CHECK_FALSE(tr.train_step());
    CHECK(tr.error.code == STEP_BAD_SHAPE);
    CHECK(tr.model.params == before);
    tr.T = 12;
    CHECK(tr.train_step());
    CHECK(tr.version > version);
}

TEST_CASE("train_step_bytes: GPT-2 small at full context is refused, a small window fits", "[hparams]") {
    GPTConfig g;
    g.n_layer = 12; g.n_head = 12; g.n_embd = 768; g.n_ctx = 1024; g.vocab_size = 50257;
    CHECK(train_step_bytes(g, 8, 1024) > kMaxStepBytes);
    CHECK(train_step_bytes(g, 4, 64) < kMaxStepBytes);
}

TEST_CASE("a diverging η is refused at the first step: the weights really are kept", "[hparams][train]") {
    for (OptimizerKind kind : {OPT_ADAMW, OPT_SGD}) {
        Trainer tr;
        tiny_trainer(tr, kind, 10.0f);  // allowed by the range, but AdamW moves every weight by ~10
        const std::vector<float> before = tr.model.params;
        bool refused = false;
        for (int i = 0; i < 20 && !refused; i++) refused = !tr.train_step();
        if (kind == OPT_ADAMW) {
            CHECK(refused);
            CHECK(tr.step == 0);
            CHECK(tr.error.code == STEP_UPDATE_TOO_LARGE);
            CHECK(tr.error.value > tr.error.limit);
            CHECK(tr.model.params == before);
        }
        // whatever happened, nothing blew up: every weight stays a modest finite number
        for (float w : tr.model.params) REQUIRE(std::fabs(w) < 1e3f);
    }
}

TEST_CASE("switching optimizer forgets the step count and the moments", "[hparams][train]") {
    Trainer tr;
    tiny_trainer(tr, OPT_ADAMW, 1e-2f);
    for (int i = 0; i < 5; i++) REQUIRE(tr.train_step());
    REQUIRE(tr.opt.t == 5);
    REQUIRE(!tr.opt.m.empty());
    tr.set_optimizer(OPT_ADAMW);     // not a switch: kept
    CHECK(tr.opt.t == 5);
    tr.set_optimizer(OPT_SGD);
    CHECK(tr.opt.t == 0);
    CHECK(tr.opt.m.empty());
    CHECK(tr.opt.v.empty());
    REQUIRE(tr.train_step());
    tr.set_optimizer(OPT_ADAMW);
    CHECK(tr.opt.t == 0);            // AdamW's bias correction starts again from its first step
}
