// Generation with a KV cache: every step's logits equal a full forward pass over the same tokens,
// through the prompt prefill (one chunk and several), single-token steps, and the sliding window
// once the context is full; attention_query against its scalar twin; bad input is a reason.
#include <catch2/catch.hpp>

#include "generate.h"
#include "kernels.h"
#include "model.h"
#include "rng.h"
#include "sampling.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace ga;

namespace {

// Largest |a - b| relative to the logits' scale (max |b|, at least 1).
double max_rel_diff(const float* a, const float* b, int n) {
    double scale = 1.0, d = 0.0;
    for (int i = 0; i < n; i++) scale = std::max(scale, (double)std::fabs(b[i]));
    for (int i = 0; i < n; i++) d = std::max(d, (double)std::fabs(a[i] - b[i]));
    return d / scale;
}

// The last position's logits of a full forward over the window the generator holds.
std::vector<float> full_forward_logits(GPT& ref, const std::vector<int>& window) {
    const int T = (int)window.size(), V = ref.cfg.vocab_size;
    ref.forward(window.data(), nullptr, 1, T);
    return std::vector<float>(ref.acts.logits.begin() + (size_t)(T - 1) * V, ref.acts.logits.begin() + (size_t)T * V);
}

// knock_out: head 1 of layer 0 and neuron 3 of the last layer knocked out in both models, so the
// generator must apply the same masks as the full forward (src/core/teach.h).
void check_generation(const GPTConfig& cfg, int prompt_len, int steps, uint64_t seed, int max_context = 0,
                      bool knock_out = false) {
    GPT m;
    REQUIRE(m.init(cfg).empty());
    m.init_random(seed);
    GPT ref;  // a second model with the same weights for the full forward passes
    REQUIRE(ref.init(cfg).empty());
    ref.params = m.params;
    if (knock_out) {
        for (GPT* g : {&m, &ref}) {
            REQUIRE(g->set_head_ablated(0, 1, true).empty());
            REQUIRE(g->set_neuron_ablated(cfg.n_layer - 1, 3, true).empty());
        }
    }
    Rng rng(seed + 1);
    std::vector<int> prompt(prompt_len);
    for (auto& id : prompt) id = rng.below(cfg.vocab_size);
    Generator g;
    REQUIRE(g.begin(m, prompt, max_context).empty());
    const int window = max_context > 0 ? std::min(max_context, cfg.n_ctx) : cfg.n_ctx;
    CHECK(g.window() == window);
    const int V = cfg.vocab_size;
    double worst = 0.0;
    for (int s = 0; s <= steps; s++) {
        INFO("step " << s << ", window " << g.tokens().size());
        REQUIRE((int)g.tokens().size() <= window);
        const std::vector<float> want = full_forward_logits(ref, g.tokens());
        const double d = max_rel_diff(g.logits(), want.data(), V);
        worst = std::max(worst, d);
        CHECK(d < 1e-5);
        // the greedy choice is the same token (unless two logits tie within tolerance)
        if (s == steps) break;
        const int tok = g.next(0.8f, 0, rng);
        REQUIRE(tok >= 0);
        REQUIRE(tok < V);
    }
    UNSCOPED_INFO("worst relative logit difference " << worst);
}

} // namespace

TEST_CASE("attention_query fast == scalar for odd head sizes and lengths", "[kernels][generate]") {
    for (int C : {8, 12, 30, 64}) {
        const int NH = C == 30 ? 3 : 4;
        for (int T : {1, 2, 5, 17}) {
            const long stride = 2 * C + 6;  // the cache interleaves layers: K|V rows are further apart
            Rng r(C * 100 + T);
            std::vector<float> q(C), kv((size_t)T * stride), out(C), out_s(C), sc((size_t)NH * T), sc_s((size_t)NH * T);
            for (auto& x : q) x = r.normal();
            for (auto& x : kv) x = r.normal();
            attention_query(out.data(), sc.data(), q.data(), kv.data(), stride, T, C, NH);
            attention_query_scalar(out_s.data(), sc_s.data(), q.data(), kv.data(), stride, T, C, NH);
            for (int i = 0; i < C; i++) CHECK(out[i] == Approx(out_s[i]).margin(1e-5));
        }
    }
}

TEST_CASE("KV-cache generation: every step's logits equal a full forward pass", "[generate]") {
    SECTION("odd sizes, one-token prompt") { check_generation({2, 3, 30, 24, 37}, 1, 12, 5); }
    SECTION("prompt in one batched pass") { check_generation({2, 2, 32, 32, 65}, 9, 10, 7); }
    SECTION("prompt longer than one chunk (64 rows)") { check_generation({1, 2, 16, 160, 20}, 130, 5, 9); }
    SECTION("the window slides when the context is full") { check_generation({2, 2, 16, 10, 11}, 7, 25, 11); }
    SECTION("a prompt longer than n_ctx keeps its last n_ctx tokens") { check_generation({1, 1, 8, 6, 9}, 15, 3, 13); }
    SECTION("a window smaller than n_ctx (max_context) slides the same way") { check_generation({2, 2, 16, 40, 11}, 5, 30, 15, 12); }
    SECTION("with a head and a neuron knocked out") { check_generation({2, 2, 32, 32, 65}, 9, 10, 7, 0, true); }
}

TEST_CASE("KV-cache generation matches full-forward sampling token for token", "[generate]") {
    GPTConfig cfg{2, 2, 32, 32, 65};
    GPT m;
    REQUIRE(m.init(cfg).empty());
    m.init_random(3);
    std::vector<int> prompt = {1, 2, 3};
    // the old generator: a full forward over the context per token
    std::vector<int> ids = prompt;
    Rng r1(42);
    for (int i = 0; i < 20; i++) {
        const int T = (int)ids.size();
        m.forward(ids.data(), nullptr, 1, T);
        ids.push_back(sample_token(m.acts.logits.data() + (size_t)(T - 1) * cfg.vocab_size, cfg.vocab_size, 0.0f, 0, r1));
    }
    Generator g;
    REQUIRE(g.begin(m, prompt).empty());
    Rng r2(42);
    std::vector<int> got = prompt;
    for (int i = 0; i < 20; i++) got.push_back(g.next(0.0f, 0, r2));
    CHECK(got == ids);
}

TEST_CASE("Generator: bad input is a one-line reason and changes nothing", "[generate]") {
    Generator g;
    GPT empty;
    CHECK(!g.begin(empty, {1}).empty());
    CHECK(!g.active());
    Rng rng(1);
    CHECK(g.next(1.0f, 0, rng) == -1);
    CHECK(!g.feed(0).empty());
    GPT m;
    REQUIRE(m.init({1, 1, 8, 8, 10}).empty());
    m.init_random(1);
    CHECK(!g.begin(m, {}).empty());
    CHECK(!g.begin(m, {10}).empty());
    CHECK(!g.begin(m, {-1}).empty());
    REQUIRE(g.begin(m, {1, 2}).empty());
    const std::vector<float> before(g.logits(), g.logits() + 10);
    CHECK(!g.feed(10).empty());
    CHECK(g.tokens().size() == 2);
    CHECK(std::equal(before.begin(), before.end(), g.logits()));
}
