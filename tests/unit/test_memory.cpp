// Memory estimates (src/core/memory.h) against the real allocations of a model that trains one
// step, and the load plan's three verdicts at the limits.
#include <catch2/catch.hpp>

#include "memory.h"
#include "model.h"
#include "optim.h"

#include <vector>

using namespace ga;

namespace {
template <class T> double bytes(const std::vector<T>& v) { return double(v.size() * sizeof(T)); }
double activation_bytes(const Activations& a) {
    double s = 0;
    for (const auto* v : {&a.encoded, &a.ln1, &a.ln1_mean, &a.ln1_rstd, &a.qkv, &a.atty, &a.preatt, &a.att, &a.attproj,
                          &a.residual2, &a.ln2, &a.ln2_mean, &a.ln2_rstd, &a.fch, &a.fch_gelu, &a.fcproj, &a.residual3,
                          &a.lnf, &a.lnf_mean, &a.lnf_rstd, &a.logits, &a.probs, &a.losses})
        s += bytes(*v);
    return s;
}
} // namespace

TEST_CASE("memory estimate matches a model's allocations", "[memory]") {
    GPTConfig c;
    c.n_layer = 2; c.n_head = 2; c.n_embd = 16; c.n_ctx = 8; c.vocab_size = 11;
    const int B = 3, T = 8;
    GPT m;
    REQUIRE(m.init(c) == "");
    m.init_random(1);
    std::vector<int> in(B * T), tg(B * T);
    for (int i = 0; i < B * T; i++) { in[i] = i % c.vocab_size; tg[i] = (i + 1) % c.vocab_size; }
    m.forward(in.data(), tg.data(), B, T);
    m.zero_grad();
    m.backward();
    const MemoryEstimate e = estimate_memory(c, B, T, true);
    CHECK(e.weights == bytes(m.params));
    CHECK(e.grads == bytes(m.grads));
    CHECK(e.optimizer == 2 * bytes(m.params));
    CHECK(e.update == bytes(m.params));
    CHECK(e.activations == activation_bytes(m.acts));
    CHECK(estimate_memory(c, B, T, false).optimizer == 0);
    // generation: one sequence at the same context
    GPT g;
    REQUIRE(g.init(c) == "");
    std::vector<int> one(T, 1);
    g.forward(one.data(), nullptr, 1, T);
    CHECK(e.generation == activation_bytes(g.acts));
    CHECK(e.train_total() > e.view_total());
}

TEST_CASE("GPT-2 small: the figures the page shows", "[memory]") {
    GPTConfig c;
    c.n_layer = 12; c.n_head = 12; c.n_embd = 768; c.n_ctx = 1024; c.vocab_size = 50257;
    const MemoryEstimate e = estimate_memory(c, 8, 64, true);
    CHECK(e.weights == Approx(124.4e6 * 4).epsilon(0.01));   // 124 M parameters, float32
    // viewing needs the weights and one forward at 64 tokens (12 layers of 12 64x64 maps, kept)
    CHECK(e.generation > 2.0 * 12 * 12 * 64.0 * 64 * 4);
    CHECK(estimate_memory(c, 1, 4096, true).activations == estimate_memory(c, 1, 1024, true).activations);   // T clamped
    // 1.5 GB (a tablet's budget, see docs): view only; a desktop's 4 GB: train; a phone's 1 GB
    // cannot even hold the file and its parsed copy while loading (2 x 0.5 GB): refused
    const double file = e.weights;
    CHECK(plan_memory(e, file, 1.5e9, 50e6).verdict == MEMORY_VIEW_ONLY);
    CHECK(plan_memory(e, file, 4.0e9, 50e6).verdict == MEMORY_TRAIN);
    const MemoryPlan refused = plan_memory(e, file, 1.0e9, 50e6);
    CHECK(refused.verdict == MEMORY_REFUSE);
    CHECK(refused.reason.find("current model is kept") != std::string::npos);
    CHECK(refused.reason.find('\n') == std::string::npos);
}

TEST_CASE("load plan at the limits", "[memory]") {
    MemoryEstimate e;
    e.weights = 100; e.grads = 100; e.optimizer = 200; e.update = 100; e.activations = 50; e.backward = 50; e.generation = 10;
    CHECK(plan_memory(e, 100, 600 + 5, 5).verdict == MEMORY_TRAIN);       // exactly fits
    CHECK(plan_memory(e, 100, 599 + 5, 5).verdict == MEMORY_VIEW_ONLY);
    CHECK(plan_memory(e, 100, 200, 0).verdict == MEMORY_VIEW_ONLY);       // file + weights = 200
    CHECK(plan_memory(e, 100, 199, 0).verdict == MEMORY_REFUSE);
    CHECK(plan_memory(e, 100, 199, 0).need_view == 200);
    CHECK(format_bytes(1.5e9) == "1.50 GB");
    CHECK(format_bytes(12.34e6) == "12.3 MB");
}
