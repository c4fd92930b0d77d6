// Benchmarks: see bench.h. Timing is wall clock (steady_clock), one thread; each measurement is
// one warm-up call, then `samples` timed samples of enough calls to last min_sample_s, and the
// median time per call. The soft budget keeps slow builds (the scalar wasm baseline) from taking
// minutes: fewer samples, never fewer than one.
#include "bench.h"

#include "json.h"
#include "kernels.h"
#include "rng.h"
#include "trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>

namespace ga {

namespace {

double now_s() {
    using clk = std::chrono::steady_clock;
    return std::chrono::duration<double>(clk::now().time_since_epoch()).count();
}

struct Timing { int samples; double min_sample_s, budget_s; };

// Median seconds per call of fn.
double time_median(const std::function<void()>& fn, const Timing& tm) {
    double t0 = now_s();
    fn();  // warm-up: page faults, pack buffers, caches
    const double first = std::max(now_s() - t0, 1e-9);
    if (first > tm.budget_s) return first;  // one call longer than the budget: warm-up effects are noise
    int iters = std::max(1, (int)std::ceil(tm.min_sample_s / first));
    int samples = tm.samples;
    if (first * iters * samples > tm.budget_s) samples = std::max(1, (int)(tm.budget_s / (first * iters)));
    std::vector<double> per_call;
    for (int s = 0; s < samples; s++) {
        t0 = now_s();
        for (int i = 0; i < iters; i++) fn();
        per_call.push_back((now_s() - t0) / iters);
    }
    std::sort(per_call.begin(), per_call.end());
    const size_t h = per_call.size() / 2;
    return per_call.size() % 2 ? per_call[h] : 0.5 * (per_call[h - 1] + per_call[h]);
}

std::vector<float> random_vec(size_t n, Rng& rng) {
    std::vector<float> v(n);
    for (auto& x : v) x = rng.uniform() * 2.0f - 1.0f;
    return v;
}

struct ModelSpec { const char* name; GPTConfig cfg; int B; };
// Sizes like the shipped models (tiny is the page's default, small the "real" demo model).
const ModelSpec kModels[] = {
    {"tiny", {2, 2, 32, 32, 65}, 8},
    {"small", {4, 4, 128, 64, 65}, 8},
    {"medium", {6, 6, 384, 128, 65}, 4},
};

} // namespace

const char* const kBenchPassNames[3] = {"forward", "backward_input", "backward_weight"};

int bench_pass_index(const std::string& name) {
    for (int i = 0; i < 3; i++)
        if (name == kBenchPassNames[i]) return i;
    return -1;
}

void BenchMatmulCase::prepare(int m_, int k_, int n_) {
    if (m_ == m && k_ == k && n_ == n) return;
    m = m_; k = k_; n = n_;
    Rng rng(1234);
    x = random_vec((size_t)m * k, rng);
    w = random_vec((size_t)k * n, rng);
    b = random_vec(n, rng);
    dy = random_vec((size_t)m * n, rng);
    y.assign((size_t)m * n, 0.0f);
    dx.assign((size_t)m * k, 0.0f);
    dw.assign((size_t)k * n, 0.0f);
}

void BenchMatmulCase::run(int pass) {
    // the backward passes accumulate into dx, dw: values drift but stay far from overflow
    if (pass == 0) matmul_forward(y.data(), x.data(), w.data(), b.data(), m, k, n);
    else if (pass == 1) matmul_backward_input(dx.data(), dy.data(), w.data(), m, k, n);
    else matmul_backward_weight(dw.data(), nullptr, dy.data(), x.data(), m, k, n);
}

double bench_matmul_sample(BenchMatmulCase& c, int pass, double min_s) {
    int iters = 0;
    const double t0 = now_s();
    double t = t0;
    do {
        c.run(pass);
        iters++;
        t = now_s();
    } while (t - t0 < min_s);
    return (t - t0) / iters;
}

void bench_warmup(double seconds) {
    BenchMatmulCase c;
    c.prepare(128, 128, 128);
    std::vector<float> mean(128), rstd(128), lnw(128, 1.0f), g(128 * 128), att(4 * 128 * 128), pre(4 * 128 * 128);
    for (double t0 = now_s(); now_s() - t0 < seconds;) {
        for (int p = 0; p < 3; p++) c.run(p);
        layernorm_forward(g.data(), mean.data(), rstd.data(), c.x.data(), lnw.data(), c.b.data(), 128, 128);
        gelu_forward(g.data(), c.x.data(), g.size());
        softmax_forward(g.data(), c.x.data(), 128, 128);
        attention_forward(c.y.data(), pre.data(), att.data(), c.x.data(), 1, 32, 128, 4);  // qkv (1,32,3·128) fits in x
    }
}

void bench_default_shapes(bool quick, std::vector<int>* m, std::vector<int>* k, std::vector<int>* n) {
    m->clear(); k->clear(); n->clear();
    const int M = quick ? 64 : 512;  // B·T
    std::vector<int> Cs = quick ? std::vector<int>{64} : std::vector<int>{64, 128, 384, 768};
    for (int C : Cs) {
        const int kk[] = {C, C, C, 4 * C}, nn[] = {C, 3 * C, 4 * C, C};  // attn proj, qkv, mlp fc, mlp proj
        for (int i = 0; i < 4; i++) { m->push_back(M); k->push_back(kk[i]); n->push_back(nn[i]); }
    }
}

std::string bench_parse_shapes(const std::string& spec, std::vector<int>* m, std::vector<int>* k, std::vector<int>* n) {
    m->clear(); k->clear(); n->clear();
    size_t pos = 0;
    while (pos <= spec.size()) {
        size_t end = spec.find(',', pos);
        if (end == std::string::npos) end = spec.size();
        const std::string item = spec.substr(pos, end - pos);
        int a = 0, b = 0, c = 0, used = 0;
        if (std::sscanf(item.c_str(), "%dx%dx%d%n", &a, &b, &c, &used) != 3 || used != (int)item.size() || a < 1 ||
            b < 1 || c < 1 || a > 65536 || b > 65536 || c > 65536 || (double)a * b + (double)b * c + (double)a * c > 1.5e8)
            return "bad matmul shape '" + item + "' (expected MxKxN with positive sizes, e.g. 512x128x384)";
        m->push_back(a); k->push_back(b); n->push_back(c);
        pos = end + 1;
    }
    return {};
}

std::string bench_run(const BenchOptions& o, BenchResult* out) {
    BenchResult r;
    r.isa = kernels_isa();
    Timing tm;
    tm.samples = o.samples > 0 ? o.samples : (o.quick ? 3 : 5);
    tm.min_sample_s = o.min_sample_s > 0 ? o.min_sample_s : (o.quick ? 0.005 : 0.05);
    tm.budget_s = o.budget_s > 0 ? o.budget_s : (o.quick ? 0.3 : 3.0);

    std::vector<std::string> passes = o.passes;
    if (passes.empty()) passes = {"forward", "backward_input", "backward_weight"};
    for (auto& p : passes)
        if (bench_pass_index(p) < 0)
            return "unknown matmul pass '" + p + "' (forward, backward_input, backward_weight)";
    std::vector<std::string> models = o.models;
    if (models.empty()) models = o.quick ? std::vector<std::string>{"tiny"} : std::vector<std::string>{"tiny", "small"};
    for (auto& name : models) {
        bool ok = false;
        for (auto& s : kModels) ok |= name == s.name;
        if (!ok) return "unknown bench model '" + name + "' (tiny, small, medium)";
    }

    const double warm_s = o.quick ? 0.1 : 0.4;
    bench_warmup(warm_s);

    if (o.matmul) {
        std::vector<int> ms = o.shape_m, ks = o.shape_k, ns = o.shape_n;
        if (ms.empty()) bench_default_shapes(o.quick, &ms, &ks, &ns);
        BenchMatmulCase c;
        for (size_t s = 0; s < ms.size(); s++) {
            c.prepare(ms[s], ks[s], ns[s]);
            for (auto& p : passes) {
                const int pi = bench_pass_index(p);
                const double sec = time_median([&] { c.run(pi); }, tm);
                r.matmul.push_back({c.m, c.k, c.n, p, 2.0 * c.m * c.k * c.n / sec / 1e9, sec});
            }
        }
    }

    if (o.train) {
        for (auto& name : models) {
            const ModelSpec* spec = nullptr;
            for (auto& s : kModels) if (name == s.name) spec = &s;
            Trainer t;
            std::string err = t.model.init(spec->cfg);
            if (!err.empty()) return "bench model '" + name + "': " + err;
            t.model.init_random(1337);
            t.B = spec->B;
            t.T = spec->cfg.n_ctx;
            t.eval_every = 0;  // only training steps are timed
            t.opt.cfg.kind = OPT_ADAMW;
            t.opt.cfg.lr = 1e-4f;
            // random tokens: the work per step does not depend on the text
            Rng rng(99);
            const size_t ntok = (size_t)64 * t.T + 1;
            t.data.name = "bench-random";
            t.data.train.resize(ntok);
            t.data.val.resize(ntok);
            for (auto& id : t.data.train) id = rng.below(spec->cfg.vocab_size);
            for (auto& id : t.data.val) id = rng.below(spec->cfg.vocab_size);
            std::string step_err;
            auto fn = [&] {
                if (!t.train_step() && step_err.empty()) step_err = t.last_error;
            };
            for (double t0 = now_s(); now_s() - t0 < warm_s;) fn();  // tier-up, caches, optimizer state
            Timing tt = tm;
            tt.min_sample_s = o.quick ? 0.0 : 0.2;  // a step is already long enough; a few per sample
            const double sec = time_median(fn, tt);
            if (!step_err.empty()) return "bench model '" + name + "': training step failed: " + step_err;
            char cfgs[128];
            std::snprintf(cfgs, sizeof cfgs, "L%d H%d C%d T%d V%d, batch %dx%d", spec->cfg.n_layer, spec->cfg.n_head,
                          spec->cfg.n_embd, spec->cfg.n_ctx, spec->cfg.vocab_size, t.B, t.T);
            r.train.push_back({name, cfgs, param_count(spec->cfg), t.B, t.T, (double)t.B * t.T / sec, 1.0 / sec});
        }
    }
    *out = std::move(r);
    return {};
}

std::string bench_to_json(const BenchResult& r) {
    auto num = [](double v, int digits) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*g", digits, v);
        return std::isfinite(v) ? std::string(buf) : std::string("null");
    };
    std::string s = "{\"isa\": " + json_quote(r.isa) + ", \"matmul\": [";
    for (size_t i = 0; i < r.matmul.size(); i++) {
        const BenchMatmul& b = r.matmul[i];
        s += i ? ", " : "";
        s += "{\"m\": " + std::to_string(b.m) + ", \"k\": " + std::to_string(b.k) + ", \"n\": " + std::to_string(b.n) +
             ", \"pass\": " + json_quote(b.pass) + ", \"gflops\": " + num(b.gflops, 5) + ", \"ms\": " +
             num(b.seconds * 1e3, 5) + "}";
    }
    s += "], \"train\": [";
    for (size_t i = 0; i < r.train.size(); i++) {
        const BenchTrain& t = r.train[i];
        s += i ? ", " : "";
        s += "{\"model\": " + json_quote(t.model) + ", \"config\": " + json_quote(t.config) +
             ", \"params\": " + std::to_string(t.params) + ", \"batch\": " + std::to_string(t.B) +
             ", \"ctx\": " + std::to_string(t.T) + ", \"tokens_per_s\": " + num(t.tokens_per_s, 6) +
             ", \"steps_per_s\": " + num(t.steps_per_s, 5) + "}";
    }
    s += "]}";
    return s;
}

std::string bench_to_table(const BenchResult& r) {
    std::string s = "kernels: " + r.isa + "\n";
    char line[256];
    if (!r.matmul.empty()) {
        s += "\nmatmul (one thread, median)        m      k      n   GFLOP/s      ms\n";
        for (auto& b : r.matmul) {
            std::snprintf(line, sizeof line, "  %-30s %6d %6d %6d %9.2f %7.3f\n", b.pass.c_str(), b.m, b.k, b.n, b.gflops,
                          b.seconds * 1e3);
            s += line;
        }
    }
    if (!r.train.empty()) {
        s += "\ntraining (AdamW, one thread)                      params   tokens/s   steps/s\n";
        for (auto& t : r.train) {
            std::snprintf(line, sizeof line, "  %-8s %-37s %9zu %10.0f %9.2f\n", t.model.c_str(), t.config.c_str(),
                          t.params, t.tokens_per_s, t.steps_per_s);
            s += line;
        }
    }
    return s;
}

} // namespace ga
