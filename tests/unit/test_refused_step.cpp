// A learning rate that makes training diverge: the loss becomes non-finite, the trainer refuses
// the step, and the weights, the optimizer's moments and the step counter are exactly what they
// were before it — compared bit for bit (memcmp), on every refused step, not only sometimes.
// Steps are taken one at a time so each refusal is compared with the state just before it.
#include <catch2/catch.hpp>

#include "toy_trainer.h"
#include "trainer.h"

#include <cstring>
#include <vector>

using namespace ga;

namespace {

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// The shared toy text (toy_trainer.h), seed 9.
void diverging_trainer(Trainer& tr, OptimizerKind kind, float lr) { toy::pattern_trainer(tr, 9, kind, lr); }

} // namespace

TEST_CASE("a diverging learning rate: every refused step leaves weights, moments and counters bit-identical", "[train][refuse]") {
    for (OptimizerKind kind : {OPT_SGD, OPT_ADAMW}) {
        for (float lr : {10.0f, 5.0f}) {   // the largest η the core allows (src/core/hparams.cpp), and half of it
            INFO((kind == OPT_SGD ? "SGD" : "AdamW") << " at lr " << lr);
            Trainer tr;
            diverging_trainer(tr, kind, lr);
            int refused = 0;
            for (int i = 0; i < 50 && refused < 3; i++) {
                const std::vector<float> params = tr.model.params, m = tr.opt.m, v = tr.opt.v;
                const int step = tr.step, t = tr.opt.t;
                const size_t history = tr.history.size();
                const float last_loss = tr.last_loss;
                if (tr.train_step()) continue;
                refused++;
                INFO("refused: " << tr.last_error);
                CHECK((tr.last_error.find("NaN") != std::string::npos || tr.last_error.find("infinite") != std::string::npos ||
                       tr.last_error.find("finite") != std::string::npos ||
                       tr.last_error.find("larger than") != std::string::npos));   // the divergence guard (src/core/optim.cpp)
                CHECK(same_bits(tr.model.params, params));
                CHECK(same_bits(tr.opt.m, m));
                CHECK(same_bits(tr.opt.v, v));
                CHECK(tr.step == step);
                CHECK(tr.opt.t == t);
                CHECK(tr.history.size() == history);
                CHECK(std::memcmp(&tr.last_loss, &last_loss, sizeof(float)) == 0);
            }
            // The point of the test: the refusal happened (three times), so the checks above ran. (The
            // divergence guard may refuse the very first step: no step need have been taken.)
            REQUIRE(refused == 3);
        }
    }
}
