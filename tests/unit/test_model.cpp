// Model tests: every layer's backward against central finite differences (scalar reference
// kernels), the whole model's gradient against finite differences on a tiny odd-sized model,
// determinism, loss at initialisation, learning on a tiny text, refusal of NaN steps.
#include <catch2/catch.hpp>

#include "toy_trainer.h"

#include "kernels.h"
#include "model.h"
#include "optim.h"
#include "rng.h"
#include "trainer.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

using namespace ga;

namespace {

std::vector<float> randn(size_t n, uint64_t seed, float scale = 1.0f) {
    Rng r(seed);
    std::vector<float> v(n);
    for (auto& x : v) x = scale * r.normal();
    return v;
}

double dot_d(const std::vector<float>& a, const std::vector<float>& b) {
    double s = 0.0;
    for (size_t i = 0; i < a.size(); i++) s += (double)a[i] * (double)b[i];
    return s;
}

// Checks analytic gradient `g` of the scalar function f(x) against central differences,
// perturbing each element of x in place. Returns the number of elements out of tolerance.
int fd_check(const char* what, std::vector<float>& x, const std::vector<float>& g, const std::function<double()>& f,
             float h, double atol, double rtol) {
    int bad = 0;
    double max_err = 0.0;
    for (size_t i = 0; i < x.size(); i++) {
        const float x0 = x[i];
        x[i] = x0 + h;
        const double fp = f();
        x[i] = x0 - h;
        const double fm = f();
        x[i] = x0;
        const double num = (fp - fm) / (2.0 * (double)h);
        const double err = std::fabs(num - (double)g[i]);
        max_err = std::max(max_err, err);
        if (err > atol + rtol * std::fabs(num)) {
            if (bad < 5) UNSCOPED_INFO(what << "[" << i << "]: analytic " << g[i] << " numeric " << num);
            bad++;
        }
    }
    UNSCOPED_INFO(what << ": max abs error " << max_err << " over " << x.size() << " elements");
    return bad;
}

} // namespace

TEST_CASE("matmul_backward_scalar matches finite differences", "[model][grad]") {
    const int N = 5, C = 7, OC = 3;
    auto inp = randn(N * C, 1), w = randn(C * OC, 2), bias = randn(OC, 3), R = randn(N * OC, 4);
    std::vector<float> out(N * OC);
    auto f = [&]() { matmul_forward_scalar(out.data(), inp.data(), w.data(), bias.data(), N, C, OC); return dot_d(out, R); };
    std::vector<float> dinp(N * C, 0.0f), dw(C * OC, 0.0f), db(OC, 0.0f);
    matmul_backward_input_scalar(dinp.data(), R.data(), w.data(), N, C, OC);
    matmul_backward_weight_scalar(dw.data(), db.data(), R.data(), inp.data(), N, C, OC);
    CHECK(fd_check("dinp", inp, dinp, f, 1e-2f, 1e-3, 1e-3) == 0);
    CHECK(fd_check("dw", w, dw, f, 1e-2f, 1e-3, 1e-3) == 0);
    CHECK(fd_check("dbias", bias, db, f, 1e-2f, 1e-3, 1e-3) == 0);
    // backward accumulates (+=)
    std::vector<float> dinp2 = dinp;
    matmul_backward_input_scalar(dinp2.data(), R.data(), w.data(), N, C, OC);
    for (size_t i = 0; i < dinp.size(); i++) CHECK(dinp2[i] == Approx(2 * dinp[i]));
}

TEST_CASE("layernorm_backward_scalar matches finite differences", "[model][grad]") {
    const int N = 4, C = 9;
    auto inp = randn(N * C, 11, 2.0f), w = randn(C, 12), b = randn(C, 13), R = randn(N * C, 14);
    for (int i = 0; i < C; i++) inp[i] += 3.0f;  // a row with a large mean
    std::vector<float> out(N * C), mean(N), rstd(N);
    auto f = [&]() { layernorm_forward_scalar(out.data(), mean.data(), rstd.data(), inp.data(), w.data(), b.data(), N, C); return dot_d(out, R); };
    f();
    // forward: per row, mean 0 and biased variance 1 before the affine part
    for (int n = 0; n < N; n++) {
        double m = 0, v = 0;
        for (int i = 0; i < C; i++) m += inp[n * C + i];
        m /= C;
        for (int i = 0; i < C; i++) v += (inp[n * C + i] - m) * (inp[n * C + i] - m);
        v /= C;
        CHECK(mean[n] == Approx(m).margin(1e-6));
        CHECK(rstd[n] == Approx(1.0 / std::sqrt(v + 1e-5)).epsilon(1e-5));
    }
    std::vector<float> dinp(N * C, 0.0f), dw(C, 0.0f), db(C, 0.0f);
    layernorm_backward_scalar(dinp.data(), dw.data(), db.data(), R.data(), inp.data(), w.data(), mean.data(), rstd.data(), N, C);
    CHECK(fd_check("dinp", inp, dinp, f, 1e-2f, 2e-3, 2e-3) == 0);
    CHECK(fd_check("dw", w, dw, f, 1e-2f, 1e-3, 1e-3) == 0);
    CHECK(fd_check("db", b, db, f, 1e-2f, 1e-3, 1e-3) == 0);
}

TEST_CASE("gelu_scalar: tanh approximation and its derivative", "[model][grad]") {
    const size_t n = 13;
    auto inp = randn(n, 21, 2.0f), R = randn(n, 22);
    std::vector<float> out(n);
    auto f = [&]() { gelu_forward_scalar(out.data(), inp.data(), n); return dot_d(out, R); };
    f();
    for (size_t i = 0; i < n; i++) {
        const double x = inp[i];
        const double ref = 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / 3.14159265358979323846) * (x + 0.044715 * x * x * x)));
        CHECK(out[i] == Approx(ref).margin(1e-6));
    }
    std::vector<float> dinp(n, 0.0f);
    gelu_backward_scalar(dinp.data(), inp.data(), R.data(), n);
    CHECK(fd_check("dinp", inp, dinp, f, 1e-2f, 1e-3, 1e-3) == 0);
}

TEST_CASE("attention_backward_scalar matches finite differences, forward is causal", "[model][grad]") {
    const int B = 2, T = 5, C = 6, NH = 3;  // hs = 2
    auto qkv = randn(B * T * 3 * C, 31), R = randn(B * T * C, 32);
    std::vector<float> out(B * T * C), preatt(B * NH * T * T), att(B * NH * T * T);
    auto f = [&]() { attention_forward_scalar(out.data(), preatt.data(), att.data(), qkv.data(), B, T, C, NH); return dot_d(out, R); };
    f();
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++)
            for (int t = 0; t < T; t++) {
                double s = 0;
                for (int t2 = 0; t2 < T; t2++) {
                    const float a = att[((b * NH + h) * T + t) * T + t2];
                    if (t2 > t) CHECK(a == 0.0f);
                    s += a;
                }
                CHECK(s == Approx(1.0).margin(1e-6));
            }
    // out at t does not depend on positions after t
    std::vector<float> out0 = out;
    qkv[(0 * T + 4) * 3 * C + 7] += 1.0f;  // K of position 4
    f();
    for (int t = 0; t < 4; t++)
        for (int i = 0; i < C; i++) CHECK(out[t * C + i] == out0[t * C + i]);
    std::vector<float> dqkv(B * T * 3 * C, 0.0f), dpreatt(B * NH * T * T, 7.0f), datt(B * NH * T * T, 7.0f);
    f();
    attention_backward_scalar(dqkv.data(), dpreatt.data(), datt.data(), R.data(), qkv.data(), att.data(), B, T, C, NH);
    CHECK(fd_check("dqkv", qkv, dqkv, f, 1e-2f, 1e-3, 2e-3) == 0);
}

TEST_CASE("softmax + cross-entropy backward matches finite differences", "[model][grad]") {
    const int N = 3, V = 11;
    auto logits = randn(N * V, 41, 3.0f);
    const int targets[N] = {0, 10, 4};
    std::vector<float> probs(N * V), losses(N);
    auto f = [&]() {
        softmax_forward_scalar(probs.data(), logits.data(), N, V);
        crossentropy_forward(losses.data(), probs.data(), targets, N, V);
        double s = 0;
        for (float l : losses) s += l;
        return s / N;
    };
    f();
    // max-subtracted softmax: huge logits do not overflow
    std::vector<float> big(V, 1000.0f), pbig(V);
    big[3] = 1001.0f;
    softmax_forward_scalar(pbig.data(), big.data(), 1, V);
    for (float p : pbig) CHECK(std::isfinite(p));
    CHECK(pbig[3] == Approx(std::exp(1.0) / (std::exp(1.0) + V - 1)).epsilon(1e-5));
    std::vector<float> dlogits(N * V);
    crossentropy_softmax_backward_scalar(dlogits.data(), probs.data(), targets, 1.0f / N, N, V);
    CHECK(fd_check("dlogits", logits, dlogits, f, 1e-2f, 1e-4, 2e-3) == 0);
}

namespace {

GPTConfig tiny_config() {
    GPTConfig c;
    c.n_layer = 2;
    c.n_head = 2;
    c.n_embd = 10;
    c.n_ctx = 9;
    c.vocab_size = 37;
    return c;
}

// Random weights larger than GPT-2's init so that every path carries a visible gradient.
void randomize_params(GPT& m, uint64_t seed) {
    Rng r(seed);
    for (const ParamTensor& p : m.table) {
        float* w = m.param(p);
        const bool gain = p.kind == PARAM_LN1_W || p.kind == PARAM_LN2_W || p.kind == PARAM_LNF_W;
        for (size_t i = 0; i < p.numel; i++) w[i] = (gain ? 1.0f : 0.0f) + 0.3f * r.normal();
    }
}

std::vector<int> random_tokens(size_t n, int V, uint64_t seed) {
    Rng r(seed);
    std::vector<int> t(n);
    for (auto& x : t) x = r.below(V);
    return t;
}

double mean_loss_d(const GPT& m) {
    double s = 0.0;
    for (float l : m.acts.losses) s += l;
    return s / (double)m.acts.losses.size();
}

} // namespace

TEST_CASE("whole-model gradient matches finite differences (odd sizes, tied wte)", "[model][grad]") {
    GPT m;
    REQUIRE(m.init(tiny_config()) == "");
    randomize_params(m, 7);
    const int B = 2, T = 7;
    auto in = random_tokens(B * T, 37, 8), tg = random_tokens(B * T, 37, 9);
    m.forward(in.data(), tg.data(), B, T);
    REQUIRE(std::isfinite(m.loss));
    m.zero_grad();
    m.backward();
    std::vector<float> g = m.grads;
    // backward accumulates: a second call doubles the gradient
    m.backward();
    for (size_t i = 0; i < g.size(); i += 17) CHECK(m.grads[i] == Approx(2 * g[i]).margin(1e-7));

    auto f = [&]() { m.forward(in.data(), tg.data(), B, T); return mean_loss_d(m); };
    int bad_total = 0;
    for (const ParamTensor& p : m.table) {
        std::vector<float> x(m.param(p), m.param(p) + p.numel);
        std::vector<float> gp(g.begin() + (long)p.offset, g.begin() + (long)(p.offset + p.numel));
        // perturb the model's own parameters through a view copied back before each forward
        int bad = 0;
        double max_err = 0.0;
        for (size_t i = 0; i < p.numel; i++) {
            float* w = m.param(p) + i;
            const float x0 = *w;
            const float h = 1e-2f;
            *w = x0 + h;
            const double fp = f();
            *w = x0 - h;
            const double fm = f();
            *w = x0;
            const double num = (fp - fm) / (2.0 * h);
            const double err = std::fabs(num - gp[i]);
            max_err = std::max(max_err, err);
            if (err > 2e-4 + 1e-2 * std::fabs(num)) {
                if (bad < 3) UNSCOPED_INFO(p.name << "[" << i << "]: analytic " << gp[i] << " numeric " << num);
                bad++;
            }
        }
        UNSCOPED_INFO(p.name << ": max abs error " << max_err);
        bad_total += bad;
    }
    CHECK(bad_total == 0);
    // positions never used (t >= T) get no gradient in wpe
    const ParamTensor* wpe = m.find("wpe.weight");
    REQUIRE(wpe);
    for (int t = T; t < m.cfg.n_ctx; t++)
        for (int i = 0; i < m.cfg.n_embd; i++) CHECK(g[wpe->offset + (size_t)t * m.cfg.n_embd + i] == 0.0f);
}

TEST_CASE("forward is causal and batch rows are independent", "[model]") {
    GPT m;
    REQUIRE(m.init(tiny_config()) == "");
    randomize_params(m, 3);
    const int T = 6;
    auto in = random_tokens(2 * T, 37, 4);
    m.forward(in.data(), nullptr, 2, T);
    CHECK(m.loss == -1.0f);
    std::vector<float> logits = m.acts.logits;
    in[T - 1] = (in[T - 1] + 1) % 37;  // change the last token of row 0
    m.forward(in.data(), nullptr, 2, T);
    const int V = 37;
    for (int t = 0; t < T - 1; t++)
        for (int v = 0; v < V; v++) CHECK(m.acts.logits[t * V + v] == logits[t * V + v]);
    for (int i = T * V; i < 2 * T * V; i++) CHECK(m.acts.logits[i] == logits[i]);  // row 1 untouched
    // a single row gives the same logits as inside the batch (B changes: activations reallocated)
    m.forward(in.data() + T, nullptr, 1, T);
    for (int i = 0; i < T * V; i++) CHECK(m.acts.logits[i] == Approx(logits[T * V + i]).margin(1e-5));
}

TEST_CASE("init_random: deterministic in seed, GPT-2 statistics, loss near ln(V)", "[model]") {
    GPTConfig c;
    c.n_layer = 3; c.n_head = 4; c.n_embd = 64; c.n_ctx = 32; c.vocab_size = 65;
    GPT a, b, d;
    REQUIRE(a.init(c) == "");
    REQUIRE(b.init(c) == "");
    REQUIRE(d.init(c) == "");
    a.init_random(42);
    b.init_random(42);
    d.init_random(43);
    CHECK(a.params == b.params);
    CHECK(a.params != d.params);
    for (const ParamTensor& p : a.table) {
        const float* w = a.param(p);
        double s = 0, ss = 0;
        for (size_t i = 0; i < p.numel; i++) { s += w[i]; ss += (double)w[i] * w[i]; }
        const double mean = s / p.numel, sd = std::sqrt(ss / p.numel - mean * mean);
        switch (p.kind) {
        case PARAM_LN1_W: case PARAM_LN2_W: case PARAM_LNF_W: CHECK(mean == 1.0); CHECK(sd == Approx(0.0).margin(1e-9)); break;
        case PARAM_LN1_B: case PARAM_LN2_B: case PARAM_LNF_B: case PARAM_ATTN_QKV_B: case PARAM_ATTN_PROJ_B:
        case PARAM_MLP_FC_B: case PARAM_MLP_PROJ_B: CHECK(ss == 0.0); break;
        case PARAM_ATTN_PROJ_W: case PARAM_MLP_PROJ_W: CHECK(sd == Approx(0.02 / std::sqrt(2.0 * c.n_layer)).epsilon(0.1)); break;
        default: CHECK(sd == Approx(0.02).epsilon(0.1)); break;
        }
    }
    const int B = 4, T = 32;
    auto in = random_tokens(B * T, 65, 5), tg = random_tokens(B * T, 65, 6);
    a.forward(in.data(), tg.data(), B, T);
    CHECK(a.loss == Approx(std::log(65.0)).margin(0.05));
}

namespace {

// The shared toy text (toy_trainer.h), validated every 20 steps.
void make_trainer(Trainer& tr, uint64_t seed, OptimizerKind kind, float lr) {
    toy::pattern_trainer(tr, seed, kind, lr);
    tr.eval_every = 20;
    tr.eval_batches = 2;
}

} // namespace

TEST_CASE("training on a tiny repeated text lowers the loss, same seed, same run", "[model][train]") {
    Trainer tr;
    make_trainer(tr, 5, OPT_ADAMW, 1e-2f);
    const float val0 = tr.eval_loss(2);
    CHECK(val0 == Approx(std::log(7.0)).margin(0.1));
    CHECK(tr.eval_loss(2) == val0);  // deterministic
    for (int i = 0; i < 100; i++) REQUIRE(tr.train_step());
    CHECK(tr.step == 100);
    REQUIRE(tr.history.size() == 100);
    CHECK(tr.history[19].val >= 0.0f);
    CHECK(tr.history[18].val < 0.0f);
    const float val1 = tr.eval_loss(2);
    INFO("val loss " << val0 << " -> " << val1 << ", last train loss " << tr.last_loss);
    CHECK(val1 < 0.5f * val0);
    CHECK(tr.last_loss < 0.5f * tr.history[0].train);

    Trainer tr2;
    make_trainer(tr2, 5, OPT_ADAMW, 1e-2f);
    for (int i = 0; i < 100; i++) REQUIRE(tr2.train_step());
    CHECK(tr2.model.params == tr.model.params);
    CHECK(tr2.last_loss == tr.last_loss);

    // plain SGD learns too
    Trainer tr3;
    make_trainer(tr3, 6, OPT_SGD, 0.5f);
    const float s0 = tr3.eval_loss(2);
    for (int i = 0; i < 150; i++) REQUIRE(tr3.train_step());
    CHECK(tr3.eval_loss(2) < 0.8f * s0);
}

// Refused steps are compared bit for bit: == on floats would call -0 and +0 equal and NaN unequal.
static bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

TEST_CASE("NaN learning rate, NaN loss and an exploding step are refused, the model stays unchanged", "[model][train]") {
    Trainer tr;
    make_trainer(tr, 9, OPT_ADAMW, 1e-2f);
    for (int i = 0; i < 3; i++) REQUIRE(tr.train_step());
    const std::vector<float> before = tr.model.params;
    const std::vector<float> m_before = tr.opt.m, v_before = tr.opt.v;

    tr.opt.cfg.lr = std::nanf("");
    CHECK_FALSE(tr.train_step());
    CHECK(!tr.last_error.empty());
    CHECK(same_bits(tr.model.params, before));
    CHECK(same_bits(tr.opt.m, m_before));
    CHECK(same_bits(tr.opt.v, v_before));
    CHECK(tr.step == 3);

    tr.opt.cfg.kind = OPT_SGD;
    tr.opt.cfg.lr = INFINITY;
    CHECK_FALSE(tr.train_step());
    CHECK(same_bits(tr.model.params, before));
    CHECK(tr.step == 3);

    // a NaN in the weights makes the loss NaN: refused before any gradient reaches the weights
    tr.opt.cfg.lr = 1e-2f;
    const ParamTensor* lnf = tr.model.find("ln_f.weight");
    REQUIRE(lnf);
    tr.model.param(*lnf)[0] = std::nanf("");
    std::vector<float> with_nan = tr.model.params;
    CHECK_FALSE(tr.train_step());
    CHECK(tr.last_error.find("NaN") != std::string::npos);
    CHECK(same_bits(tr.model.params, with_nan));
    CHECK(tr.step == 3);
    CHECK_FALSE(params_all_finite(tr.model));
    tr.model.param(*lnf)[0] = 1.0f;
    CHECK(params_all_finite(tr.model));
}

TEST_CASE("forward can re-run its own last batch (inputs/targets passed back in)", "[model]") {
    GPT m;
    REQUIRE(m.init(tiny_config()) == "");
    randomize_params(m, 12);
    auto in = random_tokens(2 * 5, 37, 13), tg = random_tokens(2 * 5, 37, 14);
    m.forward(in.data(), tg.data(), 2, 5);
    const float loss = m.loss;
    const std::vector<float> logits = m.acts.logits;
    m.forward(m.inputs.data(), m.targets.data(), 2, 5);
    CHECK(m.loss == loss);
    CHECK(m.acts.logits == logits);
    CHECK(m.inputs == in);
    CHECK(m.targets == tg);
    // T > n_ctx is ignored without touching memory; backward then has nothing to do
    std::vector<int> too_long(20, 1);
    m.forward(too_long.data(), too_long.data(), 1, 20);
    CHECK(m.loss == -1.0f);
    m.zero_grad();
    m.backward();
    CHECK(grad_global_norm(m) == 0.0f);
}

TEST_CASE("grad_global_norm is the L2 norm of all gradients", "[model]") {
    GPT m;
    REQUIRE(m.init(tiny_config()) == "");
    m.zero_grad();
    m.grads[0] = 3.0f;
    m.grads.back() = 4.0f;
    CHECK(grad_global_norm(m) == Approx(5.0f));
}

TEST_CASE("dataset_from_text: 90/10 split, windows shifted by one, too-short text refused", "[model][data]") {
    Tokenizer tok;
    const std::string text = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789";  // 72 chars
    REQUIRE(tokenizer_char_from_text(text, &tok) == "");
    Dataset d;
    REQUIRE(dataset_from_text("t", text, tok, 5, &d) == "");
    CHECK(d.name == "t");
    CHECK(d.train.size() == 65);
    CHECK(d.val.size() == 7);
    std::vector<int> all;
    REQUIRE(tok.encode(text, &all) == "");
    CHECK(std::equal(d.val.begin(), d.val.end(), all.end() - 7));  // the validation split is the end of the text

    Rng r1(3), r2(3);
    std::vector<int> in(4 * 5), tg(4 * 5), in2(4 * 5), tg2(4 * 5);
    dataset_batch(d, false, r1, 4, 5, in.data(), tg.data());
    dataset_batch(d, false, r2, 4, 5, in2.data(), tg2.data());
    CHECK(in == in2);
    CHECK(tg == tg2);
    for (int b = 0; b < 4; b++)
        for (int t = 0; t + 1 < 5; t++) CHECK(tg[b * 5 + t] == in[b * 5 + t + 1]);
    // validation windows come only from the validation split (6 = T+1 tokens... 7 tokens: 2 windows)
    for (int i = 0; i < 10; i++) {
        dataset_batch(d, true, r1, 4, 5, in.data(), tg.data());
        for (int b = 0; b < 4; b++) CHECK((in[b * 5] == d.val[0] || in[b * 5] == d.val[1]));
    }

    Dataset untouched;
    untouched.name = "before";
    std::string err = dataset_from_text("short", text, tok, 7, &untouched);  // val split 7 < T+1 = 8
    CHECK(err.find("too short") != std::string::npos);
    CHECK(untouched.name == "before");
    err = dataset_from_text("bad", "abc!", tok, 1, &untouched);  // '!' is not in the alphabet
    CHECK(!err.empty());
}
