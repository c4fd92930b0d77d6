// Fast kernels: the same blocked code compiles to wasm SIMD (-msimd128), to SSE2 natively and to
// a portable 4-float fallback, through the f32x4 layer of simd.h. Each kernel has its scalar twin
// in kernels_scalar.cpp (the reference the tests compare with) and explicit tail loops, so any
// size works. Under GA_FORCE_SCALAR (the benchmark baseline build) every kernel forwards to its
// scalar twin.
//
// The matmuls are one packed, register-blocked GEMM (Goto-style blocking): B is packed into
// NR=8-wide column panels of KC rows, A into MR=4-row interleaved panels, and a 4×8 micro-kernel
// keeps its tile of C in 8 f32x4 registers over a whole KC block. Packing takes strides, so the
// transposed operands of the two backward products are packed into the same layout and run the
// same micro-kernel: dinp = dout·Wᵀ packs Wᵀ from W's rows, dW = inpᵀ·dout packs inpᵀ from
// inp's rows (4 contiguous floats per k). Pack buffers are thread_local, of fixed size.
#include "kernels.h"
#include "threads.h"

#include <algorithm>
#include <utility>
#include <cmath>
#include <vector>

#if defined(GA_FORCE_SCALAR)

namespace ga {

const char* kernels_isa() { return "scalar"; }

void matmul_forward(float* out, const float* inp, const float* w, const float* bias, int N, int C, int OC) {
    matmul_forward_scalar(out, inp, w, bias, N, C, OC);
}
void matmul_backward_input(float* dinp, const float* dout, const float* w, int N, int C, int OC, bool accumulate) {
    matmul_backward_input_scalar(dinp, dout, w, N, C, OC, accumulate);
}
void matmul_backward_weight(float* dw, float* dbias, const float* dout, const float* inp, int N, int C, int OC) {
    matmul_backward_weight_scalar(dw, dbias, dout, inp, N, C, OC);
}
void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* w, const float* b, int N, int C) {
    layernorm_forward_scalar(out, mean, rstd, inp, w, b, N, C);
}
void layernorm_backward(float* dinp, float* dw, float* db, const float* dout, const float* inp, const float* w,
                        const float* mean, const float* rstd, int N, int C) {
    layernorm_backward_scalar(dinp, dw, db, dout, inp, w, mean, rstd, N, C);
}
void gelu_forward(float* out, const float* inp, size_t n) { gelu_forward_scalar(out, inp, n); }
void gelu_backward(float* dinp, const float* inp, const float* dout, size_t n, bool accumulate) {
    gelu_backward_scalar(dinp, inp, dout, n, accumulate);
}
void residual_forward(float* out, const float* a, const float* b, size_t n) { residual_forward_scalar(out, a, b, n); }
void fill_zero(float* x, size_t n) { std::fill(x, x + n, 0.0f); }
void attention_forward(float* out, float* preatt, float* att, const float* qkv, int B, int T, int C, int NH) {
    attention_forward_scalar(out, preatt, att, qkv, B, T, C, NH);
}
void attention_backward(float* dqkv, float* dpreatt, float* datt, const float* dout, const float* qkv,
                        const float* att, int B, int T, int C, int NH, bool accumulate) {
    attention_backward_scalar(dqkv, dpreatt, datt, dout, qkv, att, B, T, C, NH, accumulate);
}
void attention_query(float* out, float* scores, const float* q, const float* kv, long stride, int T, int C, int NH) {
    attention_query_scalar(out, scores, q, kv, stride, T, C, NH);
}
void softmax_forward(float* probs, const float* logits, int N, int V) { softmax_forward_scalar(probs, logits, N, V); }
void crossentropy_softmax_backward(float* dlogits, const float* probs, const int* targets, float dloss, int N, int V) {
    crossentropy_softmax_backward_scalar(dlogits, probs, targets, dloss, N, V);
}
void adamw_update(float* p, const float* g, float* m, float* v, size_t n, float lr, float beta1, float beta2,
                  float eps, float weight_decay, int t) {
    adamw_update_scalar(p, g, m, v, n, lr, beta1, beta2, eps, weight_decay, t);
}

} // namespace ga

#else  // SIMD build

#include "simd.h"

namespace ga {

using namespace ga::simd;

const char* kernels_isa() {
#if defined(GA_SIMD_SSE2) && defined(__x86_64__) && defined(__linux__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2")) return GA_SIMD_ISA "+avx2";  // the GEMM's AVX2 clone is in use
#endif
    return GA_SIMD_ISA;
}

// ============================================================================================
// GEMM: C (M,N) = [C or bias or 0] + A (M,K) · B (K,N), with A(i,k) = a[i*a_rs + k*a_cs] and
// B(k,j) = b[k*b_rs + j*b_cs], so either operand may be a transposed view.
// ============================================================================================

namespace {

constexpr int MR = 4;     // rows of the micro-tile
constexpr int NR = 8;     // columns of the micro-tile (two f32x4)
constexpr int KC = 256;   // depth of one packed block: an MR×KC and a KC×NR panel stay in L1
constexpr int MC = 128;   // rows of A packed at once (MC×KC floats = 128 KB, L2)
constexpr int NC = 1024;  // columns of B packed at once (KC×NC floats = 1 MB)

enum CInit { C_LOAD = 0, C_ZERO = 1, C_BIAS = 2 };

// Pack buffers: full-size blocks in thread-local storage (1.1 MB per thread, zero pages until
// touched), so no thread ever allocates in a GEMM, whichever ranges the thread pool hands it.
struct GemmScratch {
    alignas(64) float a[KC * MC];
    alignas(64) float b[KC * NC];
};
thread_local GemmScratch g_scratch;

// A block (mc,kc) → MR-row panels, each stored k-major: panel[k*MR + r] = A(i0 + r, k); rows
// past mc are zero so the micro-kernel never needs a row mask.
void pack_a(float* dst, const float* a, long a_rs, long a_cs, int mc, int kc) {
    for (int i0 = 0; i0 < mc; i0 += MR) {
        const int mr = std::min(MR, mc - i0);
        const float* ap = a + i0 * a_rs;
        if (mr == MR && a_rs == 1) {
            // transposed view (dW = inpᵀ·dout): the 4 rows of a panel are 4 contiguous floats
            for (int k = 0; k < kc; k++) store(dst + k * MR, load(ap + k * a_cs));
        } else if (mr == MR && a_cs == 1) {
            // row-major A: 4×4 transposes of 4 rows
            const float* r0 = ap;
            const float* r1 = ap + a_rs;
            const float* r2 = ap + 2 * a_rs;
            const float* r3 = ap + 3 * a_rs;
            int k = 0;
            for (; k + 4 <= kc; k += 4) {
                f32x4 x0 = load(r0 + k), x1 = load(r1 + k), x2 = load(r2 + k), x3 = load(r3 + k);
                transpose4(x0, x1, x2, x3);
                store(dst + (k + 0) * MR, x0);
                store(dst + (k + 1) * MR, x1);
                store(dst + (k + 2) * MR, x2);
                store(dst + (k + 3) * MR, x3);
            }
            for (; k < kc; k++) {
                float* d = dst + k * MR;
                d[0] = r0[k]; d[1] = r1[k]; d[2] = r2[k]; d[3] = r3[k];
            }
        } else {
            for (int k = 0; k < kc; k++)
                for (int r = 0; r < MR; r++) dst[k * MR + r] = r < mr ? ap[r * a_rs + k * a_cs] : 0.0f;
        }
        dst += (size_t)MR * kc;
    }
}

// B block (kc,nc) → NR-column panels, each stored k-major: panel[k*NR + j] = B(k, j0 + j);
// columns past nc are zero.
void pack_b(float* dst, const float* b, long b_rs, long b_cs, int kc, int nc) {
    for (int j0 = 0; j0 < nc; j0 += NR) {
        const int nr = std::min(NR, nc - j0);
        const float* bp = b + j0 * b_cs;
        if (nr == NR && b_cs == 1) {
            for (int k = 0; k < kc; k++) {
                store(dst + k * NR, load(bp + k * b_rs));
                store(dst + k * NR + 4, load(bp + k * b_rs + 4));
            }
        } else if (nr == NR && b_rs == 1) {
            // transposed view (dinp = dout·Wᵀ): column j of B is row j of W; 4×4 transposes
            for (int h = 0; h < 2; h++) {
                const float* r0 = bp + (4 * h + 0) * b_cs;
                const float* r1 = bp + (4 * h + 1) * b_cs;
                const float* r2 = bp + (4 * h + 2) * b_cs;
                const float* r3 = bp + (4 * h + 3) * b_cs;
                int k = 0;
                for (; k + 4 <= kc; k += 4) {
                    f32x4 x0 = load(r0 + k), x1 = load(r1 + k), x2 = load(r2 + k), x3 = load(r3 + k);
                    transpose4(x0, x1, x2, x3);
                    store(dst + (k + 0) * NR + 4 * h, x0);
                    store(dst + (k + 1) * NR + 4 * h, x1);
                    store(dst + (k + 2) * NR + 4 * h, x2);
                    store(dst + (k + 3) * NR + 4 * h, x3);
                }
                for (; k < kc; k++) {
                    float* d = dst + k * NR + 4 * h;
                    d[0] = r0[k]; d[1] = r1[k]; d[2] = r2[k]; d[3] = r3[k];
                }
            }
        } else {
            for (int k = 0; k < kc; k++)
                for (int j = 0; j < NR; j++) dst[k * NR + j] = j < nr ? bp[k * b_rs + j * b_cs] : 0.0f;
        }
        dst += (size_t)NR * kc;
    }
}

// The 4×8 micro-kernel: C tile (ldc) = init + Σ_k a_panel[k,:]ᵀ · b_panel[k,:].
// 8 accumulators + 2 B vectors + 1 broadcast A value: fits the 16 vector registers of x64/V8.
inline void ukernel_4x8(int kc, const float* __restrict ap, const float* __restrict bp, float* c, long ldc,
                        CInit init, const float* bias) {
    f32x4 c00, c01, c10, c11, c20, c21, c30, c31;
    if (init == C_LOAD) {
        c00 = load(c + 0 * ldc); c01 = load(c + 0 * ldc + 4);
        c10 = load(c + 1 * ldc); c11 = load(c + 1 * ldc + 4);
        c20 = load(c + 2 * ldc); c21 = load(c + 2 * ldc + 4);
        c30 = load(c + 3 * ldc); c31 = load(c + 3 * ldc + 4);
    } else if (init == C_BIAS) {
        c00 = c10 = c20 = c30 = load(bias);
        c01 = c11 = c21 = c31 = load(bias + 4);
    } else {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = zero();
    }
    for (int k = 0; k < kc; k++) {
        const f32x4 b0 = load(bp), b1 = load(bp + 4);
        f32x4 a = load_splat(ap + 0);
        c00 = add(c00, mul(a, b0)); c01 = add(c01, mul(a, b1));
        a = load_splat(ap + 1);
        c10 = add(c10, mul(a, b0)); c11 = add(c11, mul(a, b1));
        a = load_splat(ap + 2);
        c20 = add(c20, mul(a, b0)); c21 = add(c21, mul(a, b1));
        a = load_splat(ap + 3);
        c30 = add(c30, mul(a, b0)); c31 = add(c31, mul(a, b1));
        ap += MR;
        bp += NR;
    }
    store(c + 0 * ldc, c00); store(c + 0 * ldc + 4, c01);
    store(c + 1 * ldc, c10); store(c + 1 * ldc + 4, c11);
    store(c + 2 * ldc, c20); store(c + 2 * ldc + 4, c21);
    store(c + 3 * ldc, c30); store(c + 3 * ldc + 4, c31);
}

// Natively on x86-64 Linux the GEMM is also compiled for AVX2 and picked at load time (ifunc):
// the same SSE intrinsics then get VEX encodings and a one-instruction broadcast for load_splat
// (SSE2 needs movss + shufps), which is what V8 emits for the wasm build on the same CPU. No FMA:
// results are bit-identical to the SSE2 clone.
// Not under ThreadSanitizer: the ifunc resolver runs before its runtime is up and crashes.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GA_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define GA_TSAN 1
#endif
#if defined(GA_SIMD_SSE2) && defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(GA_TSAN)
#define GA_GEMM_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define GA_GEMM_CLONES
#endif

GA_GEMM_CLONES void gemm(float* c, long ldc, const float* a, long a_rs, long a_cs, const float* b, long b_rs, long b_cs, int M,
          int N, int K, bool accumulate, const float* bias) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {  // empty product: C = init
        if (accumulate) return;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) c[i * ldc + j] = bias ? bias[j] : 0.0f;
        return;
    }
    float* bpack = g_scratch.b;
    float* apack = g_scratch.a;
    alignas(16) float tile[MR * NR];
    alignas(16) float bias_tile[NR];

    for (int jc = 0; jc < N; jc += NC) {
        const int nc = std::min(NC, N - jc);
        for (int pc = 0; pc < K; pc += KC) {
            const int kc = std::min(KC, K - pc);
            pack_b(bpack, b + pc * b_rs + jc * b_cs, b_rs, b_cs, kc, nc);
            const CInit init = (pc > 0 || accumulate) ? C_LOAD : (bias ? C_BIAS : C_ZERO);
            for (int ic = 0; ic < M; ic += MC) {
                const int mc = std::min(MC, M - ic);
                pack_a(apack, a + ic * a_rs + pc * a_cs, a_rs, a_cs, mc, kc);
                // 4-row panel of A outer (it stays in L1), 8-column panels of B inner (from L2):
                // C is then walked along its rows, which matters once rows are many KB apart
                // (n = 2304, 3072: 1.15-1.25x faster than the B-panel-outer order).
                for (int ir = 0; ir < mc; ir += MR) {
                    const int mr = std::min(MR, mc - ir);
                    const float* apanel = apack + (size_t)ir * kc;
                    for (int jr = 0; jr < nc; jr += NR) {
                        const int nr = std::min(NR, nc - jr);
                        const float* bpanel = bpack + (size_t)jr * kc;
                        const float* bias_j = bias ? bias + jc + jr : nullptr;
                        if (init == C_BIAS && nr < NR) {  // bias tail padded so the kernel can load 8
                            for (int j = 0; j < NR; j++) bias_tile[j] = j < nr ? bias_j[j] : 0.0f;
                            bias_j = bias_tile;
                        }
                        float* cp = c + (ic + ir) * ldc + jc + jr;
                        if (mr == MR && nr == NR) {
                            ukernel_4x8(kc, apanel, bpanel, cp, ldc, init, bias_j);
                        } else {
                            // edge tile: compute the full 4×8 into a local tile, write back the valid part
                            if (init == C_LOAD) {
                                for (int r = 0; r < MR; r++)
                                    for (int j = 0; j < NR; j++)
                                        tile[r * NR + j] = (r < mr && j < nr) ? cp[r * ldc + j] : 0.0f;
                            }
                            ukernel_4x8(kc, apanel, bpanel, tile, NR, init, bias_j);
                            for (int r = 0; r < mr; r++)
                                for (int j = 0; j < nr; j++) cp[r * ldc + j] = tile[r * NR + j];
                        }
                    }
                }
            }
        }
    }
}

// The GEMM over the thread pool: C is cut along its longer side (rows in MR multiples or columns in
// NR multiples) into blocks that run the very same blocked loops, so every element of C gets the
// same sequence of additions as with one thread (bit-identical results).
void gemm_mt(float* c, long ldc, const float* a, long a_rs, long a_cs, const float* b, long b_rs, long b_cs, int M,
             int N, int K, bool accumulate, const float* bias) {
    const double flops = 2.0 * M * N * std::max(K, 1);
    if (threads_count() <= 1 || flops < 4e5) {
        gemm(c, ldc, a, a_rs, a_cs, b, b_rs, b_cs, M, N, K, accumulate, bias);
        return;
    }
    const long min_flops = 200000;  // per part: a pool hand-off costs a few microseconds
    if (N >= M) {
        const long grain = std::max<long>(NR, min_flops / (2L * M * std::max(K, 1)));
        parallel_for_each_thread(N, grain, NR, [&](long j0, long j1) {
            gemm(c + j0, ldc, a, a_rs, a_cs, b + j0 * b_cs, b_rs, b_cs, M, (int)(j1 - j0), K, accumulate,
                 bias ? bias + j0 : nullptr);
        });
    } else {
        const long grain = std::max<long>(MR, min_flops / (2L * N * std::max(K, 1)));
        parallel_for_each_thread(M, grain, MR, [&](long i0, long i1) {
            gemm(c + i0 * ldc, ldc, a + i0 * a_rs, a_rs, a_cs, b, b_rs, b_cs, (int)(i1 - i0), N, K, accumulate, bias);
        });
    }
}

// Σ_i x[i]·y[i] with 4 partial sums of 4 lanes (for the row-streamed small-N products)
inline float dot_rows(const float* x, const float* y, int n) {
    f32x4 s0 = zero(), s1 = zero(), s2 = zero(), s3 = zero();
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = add(s0, mul(load(x + i), load(y + i)));
        s1 = add(s1, mul(load(x + i + 4), load(y + i + 4)));
        s2 = add(s2, mul(load(x + i + 8), load(y + i + 8)));
        s3 = add(s3, mul(load(x + i + 12), load(y + i + 12)));
    }
    for (; i + 4 <= n; i += 4) s0 = add(s0, mul(load(x + i), load(y + i)));
    float s = hsum(add(add(s0, s1), add(s2, s3)));
    for (; i < n; i++) s += x[i] * y[i];
    return s;
}

// Fewer rows than the micro-tile (generation: one position at a time): packing the weights would
// read them twice and write them once for a single use, so stream them instead, once, in order.
// y (OC) = x (C) · w (C,OC) + bias for one row; four rows of w at a time (four sequential
// streams), each output summed bias-first in ascending k like the GEMM, so the result is the same.
void gemv_rows(float* y, const float* x, const float* w, const float* bias, int C, int OC, int j0, int j1) {
    for (int j = j0; j < j1; j++) y[j] = bias ? bias[j] : 0.0f;
    int k = 0;
    for (; k + 4 <= C; k += 4) {
        const float* w0 = w + (size_t)k * OC;
        const float* w1 = w0 + OC;
        const float* w2 = w1 + OC;
        const float* w3 = w2 + OC;
        const f32x4 x0 = splat(x[k]), x1 = splat(x[k + 1]), x2 = splat(x[k + 2]), x3 = splat(x[k + 3]);
        int j = j0;
        for (; j + 8 <= j1; j += 8) {
            f32x4 a = load(y + j), b = load(y + j + 4);
            a = add(a, mul(x0, load(w0 + j))); b = add(b, mul(x0, load(w0 + j + 4)));
            a = add(a, mul(x1, load(w1 + j))); b = add(b, mul(x1, load(w1 + j + 4)));
            a = add(a, mul(x2, load(w2 + j))); b = add(b, mul(x2, load(w2 + j + 4)));
            a = add(a, mul(x3, load(w3 + j))); b = add(b, mul(x3, load(w3 + j + 4)));
            store(y + j, a);
            store(y + j + 4, b);
        }
        for (; j < j1; j++) {
            float a = y[j];
            a += x[k] * w0[j];
            a += x[k + 1] * w1[j];
            a += x[k + 2] * w2[j];
            a += x[k + 3] * w3[j];
            y[j] = a;
        }
    }
    for (; k < C; k++) {
        const float* wk = w + (size_t)k * OC;
        const f32x4 xk = splat(x[k]);
        int j = j0;
        for (; j + 4 <= j1; j += 4) store(y + j, add(load(y + j), mul(xk, load(wk + j))));
        for (; j < j1; j++) y[j] += x[k] * wk[j];
    }
}

} // namespace

// The least work (multiply-adds) of one range of the one-row products. With 32k, the 810K model's
// one-position products (at most 128×512) were cut into ranges of ~25k that cost more to hand off
// than they saved (generating with 2 threads ran at 0.7× the speed of 1); with 128k they run on one
// thread, while GPT-2's (768×2304) still split 6 ways.
constexpr long kGemvRange = 131072;

void matmul_forward(float* out, const float* inp, const float* w, const float* bias, int N, int C, int OC) {
    // out (N,OC) = inp (N,C) · w (C,OC) + bias: A = inp row-major, B = w row-major
    if (N < MR) {
        // output columns over the threads (each one's sum is unchanged), kGemvRange multiply-adds
        // a range at least
        parallel_for(OC, std::max(8L, kGemvRange / std::max(C, 1)), 8, [&](long j0, long j1) {
            for (int n = 0; n < N; n++)
                gemv_rows(out + (size_t)n * OC, inp + (size_t)n * C, w, bias, C, OC, (int)j0, (int)j1);
        });
        return;
    }
    gemm_mt(out, OC, inp, C, 1, w, OC, 1, N, OC, C, false, bias);
}

void matmul_backward_input(float* dinp, const float* dout, const float* w, int N, int C, int OC, bool accumulate) {
    // dinp (N,C) += dout (N,OC) · wᵀ: B(k=o, j=c) = w[c*OC + o], a transposed view packed by rows of w
    if (N < MR) {
        // one dot product per row of w, streamed once (the tied lm head of generation: w = wte)
        parallel_for(C, std::max(1L, kGemvRange / std::max(OC, 1)), [&](long c0, long c1) {
            for (int n = 0; n < N; n++) {
                const float* dy = dout + (size_t)n * OC;
                float* dx = dinp + (size_t)n * C;
                for (long c = c0; c < c1; c++) {
                    const float d = dot_rows(dy, w + (size_t)c * OC, OC);
                    dx[c] = accumulate ? dx[c] + d : d;
                }
            }
        });
        return;
    }
    gemm_mt(dinp, C, dout, OC, 1, w, 1, OC, N, C, OC, accumulate, nullptr);
}

void matmul_backward_weight(float* dw, float* dbias, const float* dout, const float* inp, int N, int C, int OC) {
    // dw (C,OC) += inpᵀ (C,N) · dout (N,OC): A(i=c, k=n) = inp[n*C + c], a transposed view
    gemm_mt(dw, OC, inp, 1, C, dout, OC, 1, C, OC, N, true, nullptr);
    if (dbias) parallel_for(OC, std::max(16, 65536 / std::max(N, 1)), 16, [&](long o0, long o1) {
        // column sums of dout over [o0, o1), 16 columns at a time held in registers over all rows;
        // ranges start at multiples of 16, so each column is summed as with one thread
        int o = (int)o0;
        const int end = (int)o1;
        for (; o + 16 <= end; o += 16) {
            f32x4 s0 = zero(), s1 = zero(), s2 = zero(), s3 = zero();
            for (int n = 0; n < N; n++) {
                const float* d = dout + (size_t)n * OC + o;
                s0 = add(s0, load(d)); s1 = add(s1, load(d + 4));
                s2 = add(s2, load(d + 8)); s3 = add(s3, load(d + 12));
            }
            store(dbias + o, add(load(dbias + o), s0));
            store(dbias + o + 4, add(load(dbias + o + 4), s1));
            store(dbias + o + 8, add(load(dbias + o + 8), s2));
            store(dbias + o + 12, add(load(dbias + o + 12), s3));
        }
        for (; o + 4 <= end; o += 4) {
            f32x4 s0 = zero();
            for (int n = 0; n < N; n++) s0 = add(s0, load(dout + (size_t)n * OC + o));
            store(dbias + o, add(load(dbias + o), s0));
        }
        for (; o < end; o++) {
            float acc = 0.0f;
            for (int n = 0; n < N; n++) acc += dout[(size_t)n * OC + o];
            dbias[o] += acc;
        }
    });
}

// ============================================================================================
// Row reductions shared by LayerNorm, softmax and attention
// ============================================================================================

namespace {

inline float dot(const float* x, const float* y, int n) {
    f32x4 s0 = zero(), s1 = zero();
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        s0 = add(s0, mul(load(x + i), load(y + i)));
        s1 = add(s1, mul(load(x + i + 4), load(y + i + 4)));
    }
    for (; i + 4 <= n; i += 4) s0 = add(s0, mul(load(x + i), load(y + i)));
    float s = hsum(add(s0, s1));
    for (; i < n; i++) s += x[i] * y[i];
    return s;
}

inline float row_sum(const float* x, int n) {
    f32x4 s0 = zero(), s1 = zero();
    int i = 0;
    for (; i + 8 <= n; i += 8) { s0 = add(s0, load(x + i)); s1 = add(s1, load(x + i + 4)); }
    for (; i + 4 <= n; i += 4) s0 = add(s0, load(x + i));
    float s = hsum(add(s0, s1));
    for (; i < n; i++) s += x[i];
    return s;
}

inline float row_max(const float* x, int n) {
    float m = -INFINITY;
    int i = 0;
    if (n >= 4) {
        f32x4 mv = load(x);
        for (i = 4; i + 4 <= n; i += 4) mv = max(mv, load(x + i));
        m = hmax(mv);
    }
    for (; i < n; i++) m = x[i] > m ? x[i] : m;
    return m;
}

// y += a·x
inline void axpy(float* y, float a, const float* x, int n) {
    const f32x4 av = splat(a);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        store(y + i, add(load(y + i), mul(av, load(x + i))));
        store(y + i + 4, add(load(y + i + 4), mul(av, load(x + i + 4))));
    }
    for (; i + 4 <= n; i += 4) store(y + i, add(load(y + i), mul(av, load(x + i))));
    for (; i < n; i++) y[i] += a * x[i];
}

// p = exp(x - maxv) element-wise, returns Σ p
inline float exp_shifted(float* p, const float* x, float maxv, int n) {
    const f32x4 mv = splat(maxv);
    f32x4 s = zero();
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        const f32x4 e = simd::exp(sub(load(x + i), mv));
        store(p + i, e);
        s = add(s, e);
    }
    float sum = hsum(s);
    for (; i < n; i++) { p[i] = std::exp(x[i] - maxv); sum += p[i]; }
    return sum;
}

inline void scale_row(float* p, float a, int n) {
    const f32x4 av = splat(a);
    int i = 0;
    for (; i + 4 <= n; i += 4) store(p + i, mul(load(p + i), av));
    for (; i < n; i++) p[i] *= a;
}

} // namespace

// ============================================================================================
// LayerNorm
// ============================================================================================

void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* w, const float* b, int N,
                       int C) {
    const float eps = 1e-5f;
    parallel_for(N, std::max(1, 8192 / std::max(C, 1)), [&](long n0, long n1) {
        for (long n = n0; n < n1; n++) {
            const float* x = inp + (size_t)n * C;
            float* y = out + (size_t)n * C;
            const float m = row_sum(x, C) / C;
            // two-pass variance, as the reference: Σ (x - m)²
            const f32x4 mv = splat(m);
            f32x4 v0 = zero();
            int i = 0;
            for (; i + 4 <= C; i += 4) {
                const f32x4 d = sub(load(x + i), mv);
                v0 = add(v0, mul(d, d));
            }
            float var = hsum(v0);
            for (; i < C; i++) { const float d = x[i] - m; var += d * d; }
            var /= C;
            const float s = 1.0f / std::sqrt(var + eps);
            const f32x4 sv = splat(s);
            i = 0;
            for (; i + 4 <= C; i += 4)
                store(y + i, add(mul(mul(sub(load(x + i), mv), sv), load(w + i)), load(b + i)));
            for (; i < C; i++) y[i] = (x[i] - m) * s * w[i] + b[i];
            mean[n] = m;
            rstd[n] = s;
        }
    });
}

void layernorm_backward(float* dinp, float* dw, float* db, const float* dout, const float* inp, const float* w,
                        const float* mean, const float* rstd, int N, int C) {
    // Two passes so that the threads never share an output: dinp by rows, then dw and db by
    // column ranges summed over the rows in row order (each element sees the same additions as
    // in one row-by-row pass, so the result does not depend on the thread count).
    parallel_for(N, std::max(1, 4096 / std::max(C, 1)), [&](long n0, long n1) {
        for (long n = n0; n < n1; n++) {
            const float* dy = dout + (size_t)n * C;
            const float* x = inp + (size_t)n * C;
            float* dx = dinp + (size_t)n * C;
            const float m = mean[n], s = rstd[n];
            const f32x4 mv = splat(m), sv = splat(s);
            // mean of dnorm and of dnorm·norm (norm = (x - mean)·rstd)
            f32x4 a0 = zero(), a1 = zero();
            int i = 0;
            for (; i + 4 <= C; i += 4) {
                const f32x4 norm = mul(sub(load(x + i), mv), sv);
                const f32x4 dnorm = mul(load(w + i), load(dy + i));
                a0 = add(a0, dnorm);
                a1 = add(a1, mul(dnorm, norm));
            }
            float dnorm_mean = hsum(a0), dnorm_norm_mean = hsum(a1);
            for (; i < C; i++) {
                const float norm = (x[i] - m) * s;
                const float dnorm = w[i] * dy[i];
                dnorm_mean += dnorm;
                dnorm_norm_mean += dnorm * norm;
            }
            dnorm_mean /= C;
            dnorm_norm_mean /= C;
            const f32x4 dmv = splat(dnorm_mean), dnmv = splat(dnorm_norm_mean);
            i = 0;
            for (; i + 4 <= C; i += 4) {
                const f32x4 norm = mul(sub(load(x + i), mv), sv);
                const f32x4 dnorm = mul(load(w + i), load(dy + i));
                store(dx + i, add(load(dx + i), mul(sub(sub(dnorm, dmv), mul(norm, dnmv)), sv)));
            }
            for (; i < C; i++) {
                const float norm = (x[i] - m) * s;
                const float dnorm = w[i] * dy[i];
                dx[i] += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
            }
        }
    });
    // dw and db by column ranges, each range's sums held in registers over all N rows and stored
    // once: stored at every row, the cache line that two ranges share went back and forth between
    // the threads (2 threads took 10× as long as one). The additions are those of a row-by-row
    // pass, in row order, starting from dw's and db's values: the same result for any split.
    parallel_for_each_thread(C, std::max(16, 4096 / std::max(N, 1)), 16, [&](long i0, long i1) {
        long i = i0;
        for (; i + 8 <= i1; i += 8) {
            f32x4 b0 = load(db + i), b1 = load(db + i + 4), w0 = load(dw + i), w1 = load(dw + i + 4);
            for (int n = 0; n < N; n++) {
                const float* dy = dout + (size_t)n * C + i;
                const float* x = inp + (size_t)n * C + i;
                const f32x4 mv = splat(mean[n]), sv = splat(rstd[n]);
                const f32x4 d0 = load(dy), d1 = load(dy + 4);
                b0 = add(b0, d0);
                b1 = add(b1, d1);
                w0 = add(w0, mul(mul(sub(load(x), mv), sv), d0));
                w1 = add(w1, mul(mul(sub(load(x + 4), mv), sv), d1));
            }
            store(db + i, b0); store(db + i + 4, b1);
            store(dw + i, w0); store(dw + i + 4, w1);
        }
        for (; i + 4 <= i1; i += 4) {
            f32x4 b0 = load(db + i), w0 = load(dw + i);
            for (int n = 0; n < N; n++) {
                const f32x4 d0 = load(dout + (size_t)n * C + i);
                b0 = add(b0, d0);
                w0 = add(w0, mul(mul(sub(load(inp + (size_t)n * C + i), splat(mean[n])), splat(rstd[n])), d0));
            }
            store(db + i, b0);
            store(dw + i, w0);
        }
        for (; i < i1; i++) {
            float b = db[i], w = dw[i];
            for (int n = 0; n < N; n++) {
                const float dy = dout[(size_t)n * C + i];
                const float norm = (inp[(size_t)n * C + i] - mean[n]) * rstd[n];
                b += dy;
                w += norm * dy;
            }
            db[i] = b;
            dw[i] = w;
        }
    });
}

// ============================================================================================
// GELU (tanh approximation). 0.5·(1 + tanh(u)) = σ(2u) = 1 / (1 + e^(-2u)): one vector exp and
// one division, and no cancellation for very negative x (where 1 + tanh(u) → 0).
// ============================================================================================

namespace {
constexpr float GELU_SCALE = 0.7978845608028654f;  // sqrt(2/π)
constexpr float GELU_CUBE = 0.044715f;
}

static void gelu_forward_range(float* out, const float* inp, size_t n) {
    const f32x4 one = splat(1.0f), k = splat(GELU_CUBE), m2s = splat(-2.0f * GELU_SCALE);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const f32x4 x = load(inp + i);
        const f32x4 x3 = mul(mul(mul(k, x), x), x);
        const f32x4 e = simd::exp(mul(m2s, add(x, x3)));  // e^(-2u)
        store(out + i, div(x, add(one, e)));
    }
    for (; i < n; i++) {
        const float x = inp[i];
        const float u = GELU_SCALE * (x + GELU_CUBE * x * x * x);
        out[i] = 0.5f * x * (1.0f + std::tanh(u));
    }
}

static void gelu_backward_range(float* dinp, const float* inp, const float* dout, size_t n, bool accumulate) {
    // d/dx [x·σ(2u)] = σ + x·2σ(1-σ)·du/dx, du/dx = sqrt(2/π)(1 + 3·0.044715·x²)
    const f32x4 one = splat(1.0f), k = splat(GELU_CUBE), m2s = splat(-2.0f * GELU_SCALE);
    const f32x4 two_s = splat(2.0f * GELU_SCALE), k3 = splat(3.0f * GELU_CUBE);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const f32x4 x = load(inp + i);
        const f32x4 x2 = mul(x, x);
        const f32x4 e = simd::exp(mul(m2s, add(x, mul(mul(k, x2), x))));
        const f32x4 sg = div(one, add(one, e));
        const f32x4 dudx2 = mul(two_s, add(one, mul(k3, x2)));  // 2·du/dx
        const f32x4 local = add(sg, mul(mul(x, mul(sg, sub(one, sg))), dudx2));
        const f32x4 d = mul(local, load(dout + i));
        store(dinp + i, accumulate ? add(load(dinp + i), d) : add(zero(), d));  // 0 + d: as into a zeroed buffer
    }
    for (; i < n; i++) {
        const float x = inp[i];
        const float u = GELU_SCALE * (x + GELU_CUBE * x * x * x);
        const float th = std::tanh(u);
        const float local = 0.5f * (1.0f + th) + x * 0.5f * (1.0f - th * th) * GELU_SCALE * (1.0f + 3.0f * GELU_CUBE * x * x);
        dinp[i] = (accumulate ? dinp[i] : 0.0f) + local * dout[i];
    }
}

void gelu_forward(float* out, const float* inp, size_t n) {
    parallel_for((long)n, 16384, 4, [&](long b, long e) { gelu_forward_range(out + b, inp + b, (size_t)(e - b)); });
}

void gelu_backward(float* dinp, const float* inp, const float* dout, size_t n, bool accumulate) {
    parallel_for((long)n, 16384, 4, [&](long b, long e) {
        gelu_backward_range(dinp + b, inp + b, dout + b, (size_t)(e - b), accumulate);
    });
}

void residual_forward(float* out, const float* a, const float* b, size_t n) {
    parallel_for((long)n, 16384, 4, [&](long i0, long i1) {
        long i = i0;
        for (; i + 4 <= i1; i += 4) store(out + i, add(load(a + i), load(b + i)));
        for (; i < i1; i++) out[i] = a[i] + b[i];
    });
}

void fill_zero(float* x, size_t n) {
    parallel_for((long)n, 16384, 4, [&](long i0, long i1) { std::fill(x + i0, x + i1, 0.0f); });
}

// ============================================================================================
// Causal self-attention: dot products over the head dimension and the weighted sums of V rows
// are f32x4 loops (any head size: tails handled in dot/axpy).
// ============================================================================================

// (batch row, head) pairs over the pool: when the batch rows split evenly over the threads, one
// range of whole rows per thread; else (one sequence, say) kRangesPerThread ranges of any pairs.
template <class F>
static void attention_pairs(int B, int NH, F f) {
    const bool rows = B % threads_count() == 0;
    parallel_for_split((long)B * NH, 1, rows ? NH : 1, rows ? 1 : kRangesPerThread, std::move(f));
}

void attention_forward(float* out, float* preatt, float* att, const float* qkv, int B, int T, int C, int NH) {
    // qkv (B,T,3C) = Q | K | V ; out (B,T,C) ; preatt, att (B,NH,T,T)
    const int C3 = 3 * C;
    const int hs = C / NH;
    const float scale = 1.0f / std::sqrt((float)hs);
    // (batch row, head) pairs over the threads: pairs share no output. Whole batch rows per thread
    // where they split evenly: two threads writing the heads of one row shared the cache lines
    // where the heads meet (2 threads gave 1.4× on attention_backward, up to 1.7× with whole rows).
    attention_pairs(B, NH, [&](long bh0, long bh1) {
        for (long bh = bh0; bh < bh1; bh++) {
            const int b = (int)(bh / NH), h = (int)(bh % NH);
            for (int t = 0; t < T; t++) {
                const float* q = qkv + ((size_t)b * T + t) * C3 + h * hs;
                float* pre_row = preatt + (((size_t)b * NH + h) * T + t) * T;
                float* att_row = att + (((size_t)b * NH + h) * T + t) * T;
                for (int t2 = 0; t2 <= t; t2++) {
                    const float* k = qkv + ((size_t)b * T + t2) * C3 + h * hs + C;
                    pre_row[t2] = dot(q, k, hs) * scale;
                }
                const float maxv = row_max(pre_row, t + 1);
                const float sum = exp_shifted(att_row, pre_row, maxv, t + 1);
                scale_row(att_row, 1.0f / sum, t + 1);
                for (int t2 = t + 1; t2 < T; t2++) { att_row[t2] = 0.0f; pre_row[t2] = 0.0f; }  // the future is masked
                float* o = out + ((size_t)b * T + t) * C + h * hs;
                for (int i = 0; i < hs; i++) o[i] = 0.0f;
                for (int t2 = 0; t2 <= t; t2++) {
                    const float* v = qkv + ((size_t)b * T + t2) * C3 + h * hs + 2 * C;
                    axpy(o, att_row[t2], v, hs);
                }
            }
        }
    });
}

void attention_backward(float* dqkv, float* dpreatt, float* datt, const float* dout, const float* qkv,
                        const float* att, int B, int T, int C, int NH, bool accumulate) {
    const int C3 = 3 * C;
    const int hs = C / NH;
    const float scale = 1.0f / std::sqrt((float)hs);
    // (batch row, head) pairs over the threads, as in attention_forward: dK, dV of a pair only
    // receive that pair's additions, in the same t order as with one thread
    attention_pairs(B, NH, [&](long bh0, long bh1) {
        for (long bh = bh0; bh < bh1; bh++) {
            const int b = (int)(bh / NH), h = (int)(bh % NH);
            if (!accumulate)  // this pair's dQ, dK, dV: its own to zero (pairs share no output)
                for (int t = 0; t < T; t++)
                    for (int part = 0; part < 3; part++)
                        std::fill_n(dqkv + ((size_t)b * T + t) * C3 + part * C + h * hs, hs, 0.0f);
            for (int t = 0; t < T; t++) {
                const float* att_row = att + (((size_t)b * NH + h) * T + t) * T;
                float* datt_row = datt + (((size_t)b * NH + h) * T + t) * T;
                float* dpre_row = dpreatt + (((size_t)b * NH + h) * T + t) * T;
                const float* q = qkv + ((size_t)b * T + t) * C3 + h * hs;
                float* dq = dqkv + ((size_t)b * T + t) * C3 + h * hs;
                const float* dy = dout + ((size_t)b * T + t) * C + h * hs;
                // out = Σ att·V: datt = dy·V, dV += att·dy
                for (int t2 = 0; t2 <= t; t2++) {
                    const float* v = qkv + ((size_t)b * T + t2) * C3 + h * hs + 2 * C;
                    float* dv = dqkv + ((size_t)b * T + t2) * C3 + h * hs + 2 * C;
                    datt_row[t2] = dot(v, dy, hs);
                    axpy(dv, att_row[t2], dy, hs);
                }
                for (int t2 = t + 1; t2 < T; t2++) { datt_row[t2] = 0.0f; dpre_row[t2] = 0.0f; }
                // softmax backward: dpre = att ⊙ (datt − Σ att·datt)
                const float d = dot(att_row, datt_row, t + 1);
                {
                    const f32x4 dv = splat(d);
                    int t2 = 0;
                    for (; t2 + 4 <= t + 1; t2 += 4)
                        store(dpre_row + t2, mul(load(att_row + t2), sub(load(datt_row + t2), dv)));
                    for (; t2 <= t; t2++) dpre_row[t2] = att_row[t2] * (datt_row[t2] - d);
                }
                // pre = q·k·scale: dq += Σ g·k, dk += g·q
                for (int t2 = 0; t2 <= t; t2++) {
                    const float* k = qkv + ((size_t)b * T + t2) * C3 + h * hs + C;
                    float* dk = dqkv + ((size_t)b * T + t2) * C3 + h * hs + C;
                    const float g = dpre_row[t2] * scale;
                    axpy(dq, g, k, hs);
                    axpy(dk, g, q, hs);
                }
            }
        }
    });
}

void attention_query(float* out, float* scores, const float* q, const float* kv, long stride, int T, int C, int NH) {
    const int hs = C / NH;
    const float scale = 1.0f / std::sqrt((float)hs);
    parallel_for(NH, std::max(1, 8192 / std::max(T * hs, 1)), [&](long h0, long h1) {
        for (long h = h0; h < h1; h++) {
            const float* qh = q + h * hs;
            float* scores_h = scores + (size_t)h * T;
            for (int t = 0; t < T; t++) scores_h[t] = dot(qh, kv + (size_t)t * stride + h * hs, hs) * scale;
            const float maxv = row_max(scores_h, T);
            const float sum = exp_shifted(scores_h, scores_h, maxv, T);
            scale_row(scores_h, 1.0f / sum, T);
            float* o = out + h * hs;
            for (int i = 0; i < hs; i++) o[i] = 0.0f;
            for (int t = 0; t < T; t++) axpy(o, scores_h[t], kv + (size_t)t * stride + C + h * hs, hs);
        }
    });
}

// ============================================================================================
// Softmax, fused softmax + cross-entropy backward
// ============================================================================================

void softmax_forward(float* probs, const float* logits, int N, int V) {
    parallel_for(N, std::max(1, 8192 / std::max(V, 1)), [&](long n0, long n1) {
        for (long n = n0; n < n1; n++) {
            const float* x = logits + (size_t)n * V;
            float* p = probs + (size_t)n * V;
            const float maxv = row_max(x, V);
            const float sum = exp_shifted(p, x, maxv, V);
            scale_row(p, 1.0f / sum, V);
        }
    });
}

void crossentropy_softmax_backward(float* dlogits, const float* probs, const int* targets, float dloss, int N, int V) {
    const f32x4 dl = splat(dloss);
    parallel_for(N, std::max(1, 8192 / std::max(V, 1)), [&](long n0, long n1) {
        for (long n = n0; n < n1; n++) {
            const float* p = probs + (size_t)n * V;
            float* d = dlogits + (size_t)n * V;
            int i = 0;
            for (; i + 4 <= V; i += 4) store(d + i, mul(load(p + i), dl));
            for (; i < V; i++) d[i] = p[i] * dloss;
            const int ix = targets[n];
            if (ix >= 0 && ix < V) d[ix] = (p[ix] - 1.0f) * dloss;
        }
    });
}

// ============================================================================================
// AdamW, torch.optim.AdamW semantics, same operation order as the scalar twin
// ============================================================================================

void adamw_update(float* p, const float* g, float* m, float* v, size_t n, float lr, float beta1, float beta2,
                  float eps, float weight_decay, int t) {
    const double bc1 = 1.0 - std::pow((double)beta1, (double)t);
    const double bc2 = 1.0 - std::pow((double)beta2, (double)t);
    const float step_size = (float)((double)lr / bc1);
    const float bc2_sqrt = (float)std::sqrt(bc2);
    const float decay = 1.0f - lr * weight_decay;
    const f32x4 b1 = splat(beta1), b2 = splat(beta2), omb1 = splat(1.0f - beta1), omb2 = splat(1.0f - beta2);
    const f32x4 ssv = splat(step_size), bc2v = splat(bc2_sqrt), epsv = splat(eps), decv = splat(decay);
    parallel_for((long)n, 8192, 4, [&](long i0, long i1) {
        size_t i = (size_t)i0;
        const size_t n = (size_t)i1;  // this range's end
        for (; i + 4 <= n; i += 4) {
            const f32x4 gi = load(g + i);
            const f32x4 mi = add(mul(b1, load(m + i)), mul(omb1, gi));
            const f32x4 vi = add(mul(b2, load(v + i)), mul(mul(omb2, gi), gi));
            store(m + i, mi);
            store(v + i, vi);
            const f32x4 denom = add(div(simd::sqrt(vi), bc2v), epsv);
            store(p + i, sub(mul(load(p + i), decv), mul(ssv, div(mi, denom))));
        }
        for (; i < n; i++) {
            const float gi = g[i];
            const float mi = beta1 * m[i] + (1.0f - beta1) * gi;
            const float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            const float denom = std::sqrt(vi) / bc2_sqrt + eps;
            p[i] = p[i] * decay - step_size * (mi / denom);
        }
    });
}

} // namespace ga

#endif  // GA_FORCE_SCALAR
