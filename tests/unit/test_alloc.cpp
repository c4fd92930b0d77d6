// A training step of a given shape allocates nothing after the first: the global operator new is
// replaced here by a counting one (for the whole test binary; it only counts while armed), and
// the counter must stay at zero over further forward/backward/optimizer steps and Trainer steps.
#include <catch2/catch.hpp>

#include "generate.h"
#include "model.h"
#include "optim.h"
#include "threads.h"
#include "trainer.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<bool> g_armed{false};
std::atomic<long> g_allocs{0};
}

void* operator new(std::size_t n) {
    if (g_armed.load(std::memory_order_relaxed)) g_allocs.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace ga;

namespace {
// Allocations made by fn (on any thread) while armed.
template <class F> long count_allocs(F&& fn) {
    g_allocs = 0;
    g_armed = true;
    fn();
    g_armed = false;
    return g_allocs.load();
}
} // namespace

TEST_CASE("a training step allocates nothing after the first of its shape", "[model][alloc]") {
    GPT m;
    REQUIRE(m.init({2, 2, 32, 16, 29}).empty());
    m.init_random(1);
    Optimizer opt;
    std::vector<int> in(4 * 16), tg(4 * 16);
    for (size_t i = 0; i < in.size(); i++) { in[i] = (int)(i * 7 % 29); tg[i] = (int)(i * 11 % 29); }
    bool ok = true;
    auto step = [&] {
        m.forward(in.data(), tg.data(), 4, 16);
        m.zero_grad();
        m.backward();
        ok = ok && opt.step(m).empty();
    };
    step();  // the first step of this shape sizes every buffer
    const float* dlogits = m.scratch.dlogits.data();
    const float* qkv = m.acts.qkv.data();
    CHECK(count_allocs([&] { for (int i = 0; i < 3; i++) step(); }) == 0);
    CHECK(ok);
    CHECK(m.scratch.dlogits.data() == dlogits);
    CHECK(m.acts.qkv.data() == qkv);
    // forward re-running its own last batch, and an inference forward, allocate nothing either
    CHECK(count_allocs([&] { m.forward(m.inputs.data(), m.targets.data(), 4, 16); }) == 0);
    CHECK(count_allocs([&] { m.forward(in.data(), nullptr, 4, 16); }) == 0);
}

TEST_CASE("Trainer::train_step allocates nothing after the first step", "[train][alloc]") {
    const int threads_before = threads_count();
    const int n = GENERATE(1, 2);
    threads_set(n);  // the thread pool's hand-offs allocate nothing either
    INFO("threads " << threads_count());
    Trainer t;
    REQUIRE(t.model.init({2, 2, 32, 16, 29}).empty());
    t.model.init_random(2);
    t.B = 4;
    t.T = 16;
    t.eval_every = 0;
    t.data.train.resize(500);
    t.data.val.resize(100);
    for (size_t i = 0; i < t.data.train.size(); i++) t.data.train[i] = (int)(i * 13 % 29);
    for (size_t i = 0; i < t.data.val.size(); i++) t.data.val[i] = (int)(i * 5 % 29);
    t.history.reserve(16);  // the loss history grows by one point per step (amortised, by design)
    REQUIRE(t.train_step());
    bool ok = true;
    CHECK(count_allocs([&] { for (int i = 0; i < 3; i++) ok = t.train_step() && ok; }) == 0);
    CHECK(ok);
    threads_set(threads_before);
}

TEST_CASE("a generation step allocates nothing once the cache has room", "[generate][alloc]") {
    GPT m;
    REQUIRE(m.init({2, 2, 32, 64, 29}).empty());
    m.init_random(3);
    Generator g;
    REQUIRE(g.begin(m, {1, 2, 3}).empty());
    Rng rng(1);
    g.reserve(40);
    g.next(1.0f, 5, rng);  // the first top-k sample sizes its per-thread buffer
    CHECK(count_allocs([&] { for (int i = 0; i < 30; i++) g.next(1.0f, 5, rng); }) == 0);
}
