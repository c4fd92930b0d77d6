// Optimizer tests: SGD and AdamW against values computed by hand (in double, from the formulas of
// torch.optim.SGD / torch.optim.AdamW), decay only on rank-2 tensors, clipping, schedules,
// refusal of non-finite steps.
#include <catch2/catch.hpp>

#include "kernels.h"
#include "optim.h"
#include "rng.h"

#include <cmath>
#include <vector>

using namespace ga;

namespace {

// Smallest model: C = 2, V = 3 → a handful of tensors of both ranks.
GPT small_model() {
    GPTConfig c;
    c.n_layer = 1; c.n_head = 1; c.n_embd = 2; c.n_ctx = 2; c.vocab_size = 3;
    GPT m;
    REQUIRE(m.init(c) == "");
    Rng r(17);
    for (auto& p : m.params) p = r.normal();
    m.zero_grad();
    for (auto& g : m.grads) g = 0.1f * r.normal();
    return m;
}

// torch.optim.AdamW, one element, in double: returns the new p, updates m and v.
double adamw_ref(double p, double g, double& m, double& v, int t, double lr, double b1, double b2, double eps, double wd) {
    p *= 1.0 - lr * wd;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const double mhat = m / (1 - std::pow(b1, t)), vhat = v / (1 - std::pow(b2, t));
    return p - lr * mhat / (std::sqrt(vhat) + eps);
}

} // namespace

TEST_CASE("SGD: W <- W - lr * dL/dW, nothing else", "[optim]") {
    GPT m = small_model();
    const std::vector<float> p0 = m.params, g = m.grads;
    Optimizer opt;
    opt.cfg.kind = OPT_SGD;
    opt.cfg.lr = 0.1f;
    opt.cfg.weight_decay = 0.5f;  // ignored by SGD
    REQUIRE(opt.step(m) == "");
    for (size_t i = 0; i < p0.size(); i++) {
        CHECK(m.params[i] == p0[i] - 0.1f * g[i]);
        CHECK(opt.last_update[i] == m.params[i] - p0[i]);
    }
    CHECK(opt.t == 1);
    CHECK(opt.m.empty());
    CHECK(opt.last_lr == 0.1f);
    // a second step with the same gradients: no momentum, the same ΔW
    const std::vector<float> p1 = m.params;
    REQUIRE(opt.step(m) == "");
    for (size_t i = 0; i < p0.size(); i++) CHECK(m.params[i] == p1[i] - 0.1f * g[i]);
}

TEST_CASE("AdamW matches torch.optim.AdamW computed by hand, 3 steps", "[optim]") {
    GPT m = small_model();
    Optimizer opt;
    opt.cfg.kind = OPT_ADAMW;
    opt.cfg.lr = 0.01f;
    opt.cfg.beta1 = 0.8f;
    opt.cfg.beta2 = 0.95f;
    opt.cfg.eps = 1e-6f;
    opt.cfg.weight_decay = 0.1f;
    const size_t n = m.params.size();
    std::vector<double> p(m.params.begin(), m.params.end()), mm(n, 0.0), vv(n, 0.0);
    Rng r(99);
    for (int t = 1; t <= 3; t++) {
        for (auto& g : m.grads) g = 0.1f * r.normal();
        for (const ParamTensor& pt : m.table) {
            const double wd = pt.rank == 2 ? 0.1 : 0.0;
            for (size_t i = pt.offset; i < pt.offset + pt.numel; i++)
                p[i] = adamw_ref(p[i], m.grads[i], mm[i], vv[i], t, (double)0.01f, (double)0.8f, (double)0.95f,
                                 (double)1e-6f, wd);
        }
        REQUIRE(opt.step(m) == "");
        CHECK(opt.t == t);
        for (size_t i = 0; i < n; i++) {
            CHECK(m.params[i] == Approx(p[i]).epsilon(1e-5).margin(1e-6));
            CHECK(opt.m[i] == Approx(mm[i]).epsilon(1e-5).margin(1e-9));
            CHECK(opt.v[i] == Approx(vv[i]).epsilon(1e-5).margin(1e-12));
        }
    }
}

TEST_CASE("AdamW: one worked element by hand", "[optim]") {
    // p = 1, g = 0.5, lr 0.1, betas (0.9, 0.999), eps 1e-8, wd 0.01, t = 1:
    // p ← 1·(1 − 0.1·0.01) = 0.999; m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25;
    // p ← 0.999 − 0.1 · 0.5 / (0.5 + 1e-8) = 0.899 (+ 2e-9)
    float p = 1.0f, g = 0.5f, m = 0.0f, v = 0.0f;
    adamw_update_scalar(&p, &g, &m, &v, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, 1);
    CHECK(p == Approx(0.899).epsilon(1e-6));
    CHECK(m == Approx(0.05).epsilon(1e-6));
    CHECK(v == Approx(0.00025).epsilon(1e-4));  // 1 - 0.999f is 1.00005e-3 in float
    float p2 = 1.0f, m2 = 0.0f, v2 = 0.0f;
    adamw_update(&p2, &g, &m2, &v2, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, 1);
    CHECK(p2 == Approx(p).epsilon(1e-6));
}

TEST_CASE("adamw_update (fast) agrees with adamw_update_scalar for every tail length", "[optim]") {
    for (size_t n : {1u, 3u, 4u, 5u, 7u, 8u, 9u, 16u, 17u, 37u}) {
        Rng r(n);
        std::vector<float> p(n), g(n), m(n), v(n);
        for (size_t i = 0; i < n; i++) { p[i] = r.normal(); g[i] = r.normal(); m[i] = 0.1f * r.normal(); v[i] = r.uniform(); }
        std::vector<float> p2 = p, m2 = m, v2 = v;
        adamw_update(p.data(), g.data(), m.data(), v.data(), n, 1e-2f, 0.9f, 0.99f, 1e-8f, 0.1f, 5);
        adamw_update_scalar(p2.data(), g.data(), m2.data(), v2.data(), n, 1e-2f, 0.9f, 0.99f, 1e-8f, 0.1f, 5);
        for (size_t i = 0; i < n; i++) {
            CHECK(p[i] == Approx(p2[i]).epsilon(1e-6).margin(1e-7));
            CHECK(m[i] == Approx(m2[i]).epsilon(1e-6).margin(1e-9));
            CHECK(v[i] == Approx(v2[i]).epsilon(1e-6).margin(1e-9));
        }
    }
}

TEST_CASE("AdamW decays only rank-2 tensors (never biases or LayerNorm)", "[optim]") {
    GPT m = small_model();
    for (auto& g : m.grads) g = 0.0f;  // zero gradient: the Adam part is exactly 0, only decay remains
    const std::vector<float> p0 = m.params;
    Optimizer opt;
    opt.cfg.kind = OPT_ADAMW;
    opt.cfg.lr = 0.1f;
    opt.cfg.weight_decay = 0.5f;
    REQUIRE(opt.step(m) == "");
    int n2 = 0, n1 = 0;
    for (const ParamTensor& p : m.table) {
        for (size_t i = p.offset; i < p.offset + p.numel; i++) {
            if (p.rank == 2) CHECK(m.params[i] == Approx(p0[i] * (1.0f - 0.1f * 0.5f)));
            else CHECK(m.params[i] == p0[i]);
        }
        (p.rank == 2 ? n2 : n1)++;
    }
    CHECK(n2 == 6);   // wte, wpe, W_QKV, W_O, W1, W2
    CHECK(n1 == 10);  // ln_1, ln_2, ln_f (w, b) and the 4 biases
}

TEST_CASE("clipping by global norm", "[optim]") {
    GPT m = small_model();
    for (auto& g : m.grads) g = 0.0f;
    m.grads[0] = 6.0f;
    m.grads[5] = 8.0f;  // norm 10
    const std::vector<float> p0 = m.params;
    Optimizer opt;
    opt.cfg.kind = OPT_SGD;
    opt.cfg.lr = 1.0f;
    opt.cfg.grad_clip = 1.0f;
    REQUIRE(opt.step(m) == "");
    CHECK(opt.last_grad_norm == Approx(10.0f));
    CHECK(m.params[0] == Approx(p0[0] - 0.6f));
    CHECK(m.params[5] == Approx(p0[5] - 0.8f));
    CHECK(m.grads[0] == 6.0f);  // the model's gradients are shown unclipped
    // below the threshold nothing changes
    opt.cfg.grad_clip = 100.0f;
    const std::vector<float> p1 = m.params;
    REQUIRE(opt.step(m) == "");
    CHECK(m.params[0] == Approx(p1[0] - 6.0f));
}

TEST_CASE("learning-rate schedules", "[optim]") {
    OptimConfig c;
    c.lr = 1.0f;
    CHECK(lr_at(c, 0) == 1.0f);
    CHECK(lr_at(c, 1000) == 1.0f);
    c.schedule = SCHED_WARMUP_COSINE;
    c.warmup_steps = 10;
    c.total_steps = 110;
    c.min_lr_ratio = 0.1f;
    CHECK(lr_at(c, 0) == Approx(0.1f));
    CHECK(lr_at(c, 4) == Approx(0.5f));
    CHECK(lr_at(c, 9) == Approx(1.0f));
    CHECK(lr_at(c, 10) == Approx(1.0f));
    CHECK(lr_at(c, 60) == Approx(0.55f));  // half way down the cosine: (1 + 0.1) / 2
    CHECK(lr_at(c, 35) == Approx(0.1 + 0.9 * 0.5 * (1 + std::cos(3.14159265358979 * 0.25))));
    CHECK(lr_at(c, 110) == Approx(0.1f));
    CHECK(lr_at(c, 5000) == Approx(0.1f));
    for (int s = 10; s < 110; s++) CHECK(lr_at(c, s + 1) <= lr_at(c, s));
    c.warmup_steps = 0;
    CHECK(lr_at(c, 0) == Approx(1.0f));
}

TEST_CASE("non-finite gradients or results are refused, parameters and moments unchanged", "[optim]") {
    GPT m = small_model();
    Optimizer opt;
    opt.cfg.kind = OPT_ADAMW;
    REQUIRE(opt.step(m) == "");
    const std::vector<float> p0 = m.params, m0 = opt.m, v0 = opt.v, u0 = opt.last_update;

    m.grads[3] = std::nanf("");
    std::string err = opt.step(m);
    CHECK(err.find("not finite") != std::string::npos);
    CHECK(m.params == p0);
    CHECK(opt.m == m0);
    CHECK(opt.v == v0);
    CHECK(opt.last_update == u0);
    CHECK(opt.t == 1);

    m.grads[3] = INFINITY;
    CHECK(opt.step(m) != "");
    CHECK(m.params == p0);

    // finite gradients, finite lr, but the update overflows float
    m.grads[3] = 1e30f;
    opt.cfg.kind = OPT_SGD;
    opt.cfg.lr = 1e20f;
    err = opt.step(m);
    CHECK(err.find("not be finite") != std::string::npos);
    CHECK(m.params == p0);

    opt.cfg.lr = std::nanf("");
    m.grads[3] = 0.0f;
    CHECK(opt.step(m) != "");
    CHECK(m.params == p0);
    CHECK(opt.t == 1);
}

TEST_CASE("a refused first AdamW step leaves no moments behind", "[optim]") {
    GPT m = small_model();
    m.grads.back() = 3e38f;  // finite, but v = (1 - β2) g² overflows
    const std::vector<float> p0 = m.params;
    Optimizer opt;
    const std::string err = opt.step(m);
    CHECK(err.find("moments") != std::string::npos);
    CHECK(err.find("ln_f.bias") != std::string::npos);  // says where
    CHECK(m.params == p0);
    CHECK(opt.m.empty());
    CHECK(opt.v.empty());
    CHECK(opt.t == 0);
}

TEST_CASE("optimizer steps on tensors larger than the internal chunk agree with the formula", "[optim]") {
    GPTConfig c;
    c.n_layer = 1; c.n_head = 1; c.n_embd = 8; c.n_ctx = 4; c.vocab_size = 5000;  // wte: 40000 floats
    GPT m;
    REQUIRE(m.init(c) == "");
    Rng r(5);
    for (auto& p : m.params) p = r.normal();
    m.zero_grad();
    for (auto& g : m.grads) g = r.normal();
    std::vector<float> p(m.params), mm(m.params.size(), 0.0f), vv(m.params.size(), 0.0f);
    for (const ParamTensor& t : m.table)
        adamw_update_scalar(p.data() + t.offset, m.grads.data() + t.offset, mm.data() + t.offset, vv.data() + t.offset,
                            t.numel, 1e-3f, 0.9f, 0.999f, 1e-8f, t.rank == 2 ? 0.01f : 0.0f, 1);
    Optimizer opt;
    REQUIRE(opt.step(m) == "");
    for (size_t i = 0; i < p.size(); i++) REQUIRE(m.params[i] == Approx(p[i]).epsilon(1e-6).margin(1e-7));
}

TEST_CASE("keep_update off keeps no ΔW", "[optim]") {
    GPT m = small_model();
    Optimizer opt;
    opt.keep_update = false;
    REQUIRE(opt.step(m) == "");
    CHECK(opt.last_update.empty());
    opt.reset();
    CHECK(opt.t == 0);
    CHECK(opt.m.empty());
}
