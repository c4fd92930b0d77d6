// The core's thread pool: the kernels split their work over it (matmul rows or columns,
// attention heads, LayerNorm/softmax rows, element ranges of GELU and AdamW). Every split is over
// OUTPUTS, each output being computed entirely by one thread in the same order as with one
// thread, so results are bit-identical for any thread count (tests/unit/test_threads.cpp).
//
// Built with std::thread natively and with Emscripten -pthread (the threaded wasm builds); in a
// wasm build without -pthread the pool is one thread and parallel_for runs inline.
#pragma once

namespace ga {

// Threads this build can use: hardware concurrency natively, the worker pool size in a threaded
// wasm build (GA_MAX_THREADS), 1 without thread support.
int threads_available();
// Sets how many threads (the caller included) the kernels use, clamped to 1..GA_MAX_THREADS (64
// natively, the worker pool size in a threaded wasm build; more than the cores is allowed).
// Returns the count in effect. Not to be called from inside a parallel_for.
int threads_set(int n);
int threads_count();  // the count in effect (1 until threads_set is called)

// Runs fn(ctx, begin, end) over contiguous ranges covering [0, n), at most
// per_thread·threads_count() of them, none smaller than `grain` items (fewer ranges when n is
// small). Returns when all are done. Ranges start at multiples of `align` (≥ 1) so that SIMD loops
// see the same lanes as one thread. Called from inside a range (nested) or from a second thread
// while the pool is busy, it runs inline on the calling thread. Allocates nothing.
// per_thread: several ranges per thread (parallel_for: kRangesPerThread) let the others take over
// the ranges of a descheduled thread; one (parallel_for_each_thread) suits work that has a cost
// per range, like the GEMM, which packs its shared operand once per range.
void parallel_run(long n, long grain, long align, int per_thread, void (*fn)(void* ctx, long begin, long end), void* ctx);

// parallel_for's ranges per thread (for a caller that needs to know how many ranges it gets)
constexpr int kRangesPerThread = 3;

// The ranges of at most per_thread·threads_count() ranges (see parallel_run), as a lambda f(b, e).
template <class F>
inline void parallel_for_split(long n, long grain, long align, int per_thread, F&& f) {
    auto tramp = [](void* ctx, long b, long e) { (*static_cast<F*>(ctx))(b, e); };
    parallel_run(n, grain, align, per_thread, tramp, (void*)&f);
}
template <class F>
inline void parallel_for(long n, long grain, long align, F&& f) { parallel_for_split(n, grain, align, kRangesPerThread, static_cast<F&&>(f)); }
template <class F>
inline void parallel_for(long n, long grain, F&& f) { parallel_for(n, grain, 1, static_cast<F&&>(f)); }
// One range per thread (at most).
template <class F>
inline void parallel_for_each_thread(long n, long grain, long align, F&& f) {
    parallel_for_split(n, grain, align, 1, static_cast<F&&>(f));
}

} // namespace ga
