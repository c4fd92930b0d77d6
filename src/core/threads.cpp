// Thread pool (see threads.h): a job is a static partition of [0, n) into `parts` ranges (up to 3
// per thread) that the caller and the workers claim through an atomic counter (who computes which
// range does not change any result: ranges never share an output). Between jobs a worker first
// polls for the next one for a short while (kSpinUs), then sleeps on a condition variable; the
// caller polls the same way for the last range to finish. A training step of the 810K model is
// ~340 jobs of ~150 µs with ~15 µs of one-thread code between them: waking a sleeping thread costs
// about as much as a job's share, so without the polling 2 threads gave 1.44×, not 1.7×+
// (README.md, "Threads and generation").
#include "threads.h"

#include <algorithm>
#include <chrono>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define GA_THREADS 0
#else
#define GA_THREADS 1
#endif

#if GA_THREADS
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#endif

#ifndef GA_MAX_THREADS
#define GA_MAX_THREADS 64
#endif

namespace ga {

#if !GA_THREADS

int threads_available() { return 1; }
int threads_set(int) { return 1; }
int threads_count() { return 1; }
void parallel_run(long n, long, long, int, void (*fn)(void*, long, long), void* ctx) {
    if (n > 0) fn(ctx, 0, n);
}

#else

namespace {

thread_local bool t_inside = false;  // this thread is running a range of a job

// Polls ready() for up to kSpinUs microseconds; true as soon as it is.
constexpr long kSpinUs = 1000;
template <class F>
bool poll(F&& ready) {
    using clock = std::chrono::steady_clock;
    const clock::time_point end = clock::now() + std::chrono::microseconds(kSpinUs);
    for (;;) {
        for (int i = 0; i < 64; i++)
            if (ready()) return true;
        if (clock::now() >= end) return false;
    }
}

struct Pool {
    std::mutex m;
    std::condition_variable wake, done;
    std::vector<std::thread> workers;
    int count = 1;              // threads in use, the caller included
    // the current job
    unsigned long generation = 0;
    void (*fn)(void*, long, long) = nullptr;
    void* ctx = nullptr;
    long n = 0, align = 1;
    // The job's ranges and the next one to claim, in one word: (job << 32) | (parts << 16) | range.
    // A worker that is slow to see that its job's ranges are all claimed must never claim a range
    // of the next job from the old count, nor from the old count and the new job's size (it would
    // run that range twice and count it twice: the caller then waits for a count that went past
    // zero, or returns before a range is done). So a claim is a compare-and-swap of this one word:
    // the job, its size and the range it claims are read together.
    std::atomic<unsigned long long> next{0};
    static constexpr int kMaxPerThread = kRangesPerThread;  // the most ranges per thread (parallel_run's per_thread)
    static_assert(kMaxPerThread * GA_MAX_THREADS < 0x10000, "a job's ranges must fit in 16 bits of `next`");
    std::atomic<int> remaining{0};
    bool stop = false;
    std::mutex run_lock;        // one job at a time; a second caller runs inline

    // Where range p of `parts` starts: p·n/parts rounded down to a multiple of align. With
    // parts <= n/align (parallel_run), every range has at least align items and they differ in
    // size by at most align (n = 32 in 6 ranges: 5 or 6 each, not five of 6 and one of 2, which
    // left a thread with a third more work than the other). In 64 bits: p·n overflows wasm's
    // 32-bit long from n ≈ 180M (a GPT-2 medium's gradients, zeroed).
    long bound(int p, int parts) const { return p >= parts ? n : (long)((long long)p * n / parts / align * align); }

    // claims and runs ranges of job `job` until none is left
    void work(unsigned job) {
        for (;;) {
            unsigned long long c = next.load();
            int p;
            for (;;) {
                if ((unsigned)(c >> 32) != job) return;         // a later job: this one is all claimed
                p = (int)(c & 0xffffu);
                if (p >= (int)((c >> 16) & 0xffffu)) return;    // every range of this job is claimed
                if (next.compare_exchange_weak(c, c + 1)) break;
            }
            // (the job's fields below were written before `next` named it, and stay until the
            // range claimed here is done)
            const int parts = (int)((c >> 16) & 0xffffu);
            const long b = bound(p, parts), e = bound(p + 1, parts);
            if (b < e) fn(ctx, b, e);
            if (remaining.fetch_sub(1) == 1) {
                std::lock_guard<std::mutex> g(m);
                done.notify_all();
            }
        }
    }
    void worker_main() {
        t_inside = true;  // a worker only ever runs ranges: nested parallel_run calls run inline
        unsigned seen = 0;
        for (;;) {
            // the next job: polled for a while (jobs come back to back in a training step) ...
            unsigned job = seen;
            poll([&] { job = (unsigned)(next.load() >> 32); return job != seen; });
            if (job == seen) {  // ... then slept for
                std::unique_lock<std::mutex> lk(m);
                wake.wait(lk, [&] { return stop || (unsigned)generation != seen; });
                if (stop) return;
                job = (unsigned)generation;
            }
            seen = job;
            work(job);
        }
    }
    ~Pool() {
        {
            std::lock_guard<std::mutex> g(m);
            stop = true;
        }
        wake.notify_all();
        for (auto& t : workers) t.join();
    }
};

Pool& pool() {
    static Pool p;
    return p;
}

} // namespace

int threads_available() {
    const unsigned hw = std::thread::hardware_concurrency();
    return std::max(1, std::min((int)(hw ? hw : 1), GA_MAX_THREADS));
}

int threads_set(int n) {
    Pool& p = pool();
    std::lock_guard<std::mutex> run(p.run_lock);
    n = std::max(1, std::min(n, GA_MAX_THREADS));  // more than the cores is allowed (tests, oversubscription)
    while ((int)p.workers.size() < n - 1) p.workers.emplace_back([&p] { p.worker_main(); });
    p.count = n;  // extra workers (from a larger earlier count) just stay asleep
    return n;
}

int threads_count() { return pool().count; }

void parallel_run(long n, long grain, long align, int per_thread, void (*fn)(void*, long, long), void* ctx) {
    if (n <= 0) return;
    Pool& p = pool();
    align = std::max(1L, align);
    grain = std::max(grain, 1L);
    // A few ranges per thread rather than one (per_thread, threads.h): on a busy machine a
    // descheduled worker then holds up only a small range, which the others take over (the
    // ranges, hence the results, depend on the thread count only, never on who runs them).
    per_thread = std::max(1, std::min(per_thread, Pool::kMaxPerThread));
    int parts = (int)std::min<long>(p.count > 1 ? (long)per_thread * p.count : 1L, (n + grain - 1) / grain);
    parts = (int)std::min<long>(parts, std::max(1L, n / align));  // n/parts >= align: no range is empty
    if (parts <= 1 || t_inside || !p.run_lock.try_lock()) {
        fn(ctx, 0, n);
        return;
    }
    unsigned job;
    {
        std::lock_guard<std::mutex> g(p.m);
        p.fn = fn;
        p.ctx = ctx;
        p.n = n;
        p.align = align;
        // remaining before next: a range claimed the moment next names this job must find the
        // count it will decrement
        p.remaining = parts;
        job = (unsigned)++p.generation;
        p.next = ((unsigned long long)job << 32) | ((unsigned long long)parts << 16);
    }
    p.wake.notify_all();
    t_inside = true;
    p.work(job);
    t_inside = false;
    if (!poll([&] { return p.remaining.load() == 0; })) {
        std::unique_lock<std::mutex> lk(p.m);
        p.done.wait(lk, [&] { return p.remaining.load() == 0; });
    }
    p.run_lock.unlock();
}

#endif

} // namespace ga
