// Threads: every kernel and a whole training run give bit-identical results for 1, 2, 3 and 4
// threads (each output is computed by one thread in one-thread order), and generation too.
#include <catch2/catch.hpp>

#include "generate.h"
#include "kernels.h"
#include "model.h"
#include "optim.h"
#include "threads.h"
#include "trainer.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

using namespace ga;

namespace {

std::vector<float> randv(size_t n, uint64_t seed) {
    Rng r(seed);
    std::vector<float> v(n);
    for (auto& x : v) x = r.normal();
    return v;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

struct ThreadsGuard {
    int before = threads_count();
    ~ThreadsGuard() { threads_set(before); }
};

// Everything the kernels compute for one set of inputs, concatenated.
std::vector<float> run_kernels(int N, int C, int OC, int B, int T, int NH) {
    std::vector<float> out;
    auto x = randv((size_t)N * C, 1), w = randv((size_t)C * OC, 2), b = randv(OC, 3), dy = randv((size_t)N * OC, 4);
    std::vector<float> y((size_t)N * OC), dx((size_t)N * C, 0.5f), dw((size_t)C * OC, 0.25f), db(OC, 0.125f);
    matmul_forward(y.data(), x.data(), w.data(), b.data(), N, C, OC);
    matmul_backward_input(dx.data(), dy.data(), w.data(), N, C, OC);
    matmul_backward_weight(dw.data(), db.data(), dy.data(), x.data(), N, C, OC);
    for (auto* v : {&y, &dx, &dw, &db}) out.insert(out.end(), v->begin(), v->end());
    // LayerNorm over (N, C)
    auto lw = randv(C, 5), lb = randv(C, 6), dln = randv((size_t)N * C, 7);
    std::vector<float> ln((size_t)N * C), mean(N), rstd(N), dinp((size_t)N * C, 0.0f), dlw(C, 0.0f), dlb(C, 0.0f);
    layernorm_forward(ln.data(), mean.data(), rstd.data(), x.data(), lw.data(), lb.data(), N, C);
    layernorm_backward(dinp.data(), dlw.data(), dlb.data(), dln.data(), x.data(), lw.data(), mean.data(), rstd.data(), N, C);
    for (auto* v : {&ln, &mean, &rstd, &dinp, &dlw, &dlb}) out.insert(out.end(), v->begin(), v->end());
    // GELU, softmax, cross-entropy backward over (N, OC)
    std::vector<float> g(y.size()), dg(y.size(), 0.0f), pr(y.size()), dl(y.size());
    gelu_forward(g.data(), y.data(), y.size());
    gelu_backward(dg.data(), y.data(), dy.data(), y.size());
    softmax_forward(pr.data(), y.data(), N, OC);
    std::vector<int> tg(N);
    for (int i = 0; i < N; i++) tg[i] = (i * 7) % OC;
    crossentropy_softmax_backward(dl.data(), pr.data(), tg.data(), 0.5f, N, OC);
    for (auto* v : {&g, &dg, &pr, &dl}) out.insert(out.end(), v->begin(), v->end());
    // attention (B,T,3Cq)
    const int Cq = NH * 5;
    auto qkv = randv((size_t)B * T * 3 * Cq, 8), dout = randv((size_t)B * T * Cq, 9);
    std::vector<float> ao((size_t)B * T * Cq), pre((size_t)B * NH * T * T), att(pre.size()), dqkv(qkv.size(), 0.0f),
        dpre(pre.size()), datt(pre.size());
    attention_forward(ao.data(), pre.data(), att.data(), qkv.data(), B, T, Cq, NH);
    attention_backward(dqkv.data(), dpre.data(), datt.data(), dout.data(), qkv.data(), att.data(), B, T, Cq, NH);
    for (auto* v : {&ao, &att, &dqkv}) out.insert(out.end(), v->begin(), v->end());
    std::vector<float> qo(Cq), sc((size_t)NH * T);
    attention_query(qo.data(), sc.data(), qkv.data(), qkv.data() + Cq, 3 * Cq, T, Cq, NH);
    out.insert(out.end(), qo.begin(), qo.end());
    // AdamW
    auto p = randv(40001, 10), m = randv(40001, 11), v = randv(40001, 12), gr = randv(40001, 13);
    for (auto& e : v) e = e * e;
    adamw_update(p.data(), gr.data(), m.data(), v.data(), p.size(), 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 3);
    for (auto* q : {&p, &m, &v}) out.insert(out.end(), q->begin(), q->end());
    // one-row products (generation)
    std::vector<float> y1(OC), dx1(C, 0.0f);
    matmul_forward(y1.data(), x.data(), w.data(), b.data(), 1, C, OC);
    matmul_backward_input(dx1.data(), dy.data(), w.data(), 1, C, OC);
    out.insert(out.end(), y1.begin(), y1.end());
    out.insert(out.end(), dx1.begin(), dx1.end());
    // the overwriting forms (accumulate = false) over garbage, the residual add, the zero fill
    std::vector<float> dxo((size_t)N * C, 7.0f), dgo(y.size(), 7.0f), dqkvo(qkv.size(), 7.0f), r(y.size()), z(40001, 7.0f);
    matmul_backward_input(dxo.data(), dy.data(), w.data(), N, C, OC, false);
    gelu_backward(dgo.data(), y.data(), dy.data(), y.size(), false);
    attention_backward(dqkvo.data(), dpre.data(), datt.data(), dout.data(), qkv.data(), att.data(), B, T, Cq, NH, false);
    residual_forward(r.data(), y.data(), g.data(), r.size());
    fill_zero(z.data(), z.size());
    for (auto* q : {&dxo, &dgo, &dqkvo, &r, &z}) out.insert(out.end(), q->begin(), q->end());
    return out;
}

} // namespace

TEST_CASE("threads: the pool runs every range exactly once, nested calls inline", "[threads]") {
    ThreadsGuard guard;
    const bool threaded = threads_set(2) == 2;  // a wasm build without -pthread has one thread
    for (int n : {1, 2, 3, 4}) {
        REQUIRE(threads_set(n) == (threaded ? n : 1));
        for (long len : {1L, 7L, 100L, 1001L}) {
            std::vector<int> hits(len, 0);
            parallel_for(len, 1, [&](long b, long e) {
                for (long i = b; i < e; i++) hits[i]++;
                parallel_for(3, 1, [&](long, long) {});  // nested: runs inline, no deadlock
            });
            for (long i = 0; i < len; i++) CHECK(hits[i] == 1);
        }
        // ranges start at multiples of align
        parallel_for(1000, 1, 16, [&](long b, long) { CHECK(b % 16 == 0); });
        // and cover [0, n) exactly, contiguously, also where p·n does not fit in 32 bits (wasm's
        // long): n = 400M, the gradients of a 400M-parameter model
        for (long len : {1000L, 400000000L}) {
            std::mutex m;
            std::vector<std::pair<long, long>> ranges;
            parallel_for(len, 1, 4, [&](long b, long e) {
                std::lock_guard<std::mutex> g(m);
                ranges.push_back({b, e});
            });
            std::sort(ranges.begin(), ranges.end());
            long at = 0;
            for (auto& r : ranges) {
                CHECK(r.first == at);
                CHECK(r.second > r.first);
                at = r.second;
            }
            CHECK(at == len);
        }
    }
    CHECK(threads_available() >= 1);
    CHECK(threads_set(0) == 1);
}


TEST_CASE("threads: back-to-back jobs never run a range twice or lose one", "[threads]") {
    // Many tiny jobs in a row: a worker still leaving one job while the next starts must not claim
    // a range of the new job from the old job's count (the range would run twice, and the caller
    // would wait forever for a count that went past zero). Ranges of alternating sizes, so that a
    // late worker's stale "all claimed" index is a valid index of the next job.
    ThreadsGuard guard;
    threads_set(4);
    const int jobs = 20000;
    std::vector<int> hits(24, 0);
    for (int j = 0; j < jobs; j++) {
        const long len = (j % 2) ? 24 : 6;
        parallel_for(len, 1, [&](long b, long e) {
            for (long i = b; i < e; i++) hits[i]++;
        });
    }
    for (int i = 0; i < 24; i++) CHECK(hits[i] == (i < 6 ? jobs : jobs / 2));
}
TEST_CASE("threads: every kernel is bit-identical for 1, 2, 3 and 4 threads", "[threads][kernels]") {
    ThreadsGuard guard;
    struct Shape { int N, C, OC, B, T, NH; };
    for (Shape sh : {Shape{512, 128, 384, 4, 33, 4}, Shape{37, 30, 91, 3, 17, 3}, Shape{130, 64, 256, 2, 64, 2}}) {
        threads_set(1);
        const std::vector<float> ref = run_kernels(sh.N, sh.C, sh.OC, sh.B, sh.T, sh.NH);
        for (int n : {2, 3, 4}) {
            threads_set(n);
            INFO("threads " << n << ", N " << sh.N << " C " << sh.C << " OC " << sh.OC);
            CHECK(same_bits(run_kernels(sh.N, sh.C, sh.OC, sh.B, sh.T, sh.NH), ref));
        }
    }
}

TEST_CASE("threads: training and generation are bit-identical for 1 and 2 threads", "[threads][train]") {
    ThreadsGuard guard;
    auto train = [](int threads) {
        threads_set(threads);
        Trainer t;
        REQUIRE(t.model.init({2, 4, 64, 32, 41}).empty());
        t.model.init_random(7);
        t.B = 8;
        t.T = 32;
        t.eval_every = 0;
        t.data.train.resize(2000);
        t.data.val.resize(200);
        for (size_t i = 0; i < t.data.train.size(); i++) t.data.train[i] = (int)((i * i + 3 * i) % 41);
        for (size_t i = 0; i < t.data.val.size(); i++) t.data.val[i] = (int)(i % 41);
        for (int s = 0; s < 4; s++) REQUIRE(t.train_step());
        std::vector<float> out = t.model.params;
        out.insert(out.end(), t.model.grads.begin(), t.model.grads.end());
        out.push_back(t.last_loss);
        Generator g;
        REQUIRE(g.begin(t.model, {1, 2, 3, 4, 5}).empty());
        Rng rng(5);
        for (int i = 0; i < 10; i++) out.push_back((float)g.next(1.0f, 0, rng));
        out.insert(out.end(), g.logits(), g.logits() + g.vocab_size());
        return out;
    };
    const std::vector<float> one = train(1);
    CHECK(same_bits(train(2), one));
    CHECK(same_bits(train(3), one));
}
