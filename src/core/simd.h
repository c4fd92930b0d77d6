// A thin f32x4 abstraction so that the same blocked kernel code compiles to WebAssembly SIMD
// (<wasm_simd128.h> under -msimd128), to SSE2 natively on x86, and to a plain 4-float struct
// anywhere else. Only what the kernels need: unaligned loads/stores, load+splat, mul/add
// (no FMA: baseline wasm SIMD has none), min/max, sqrt, horizontal sums, a 4x4 transpose and
// the integer bits of a vector exp. GA_FORCE_SCALAR (the scalar benchmark baseline) never
// includes this header's vector paths: kernels_simd.cpp forwards to the _scalar twins then.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define GA_SIMD_ISA "wasm-simd128"
namespace ga::simd {
typedef v128_t f32x4;
typedef v128_t i32x4;
static inline f32x4 load(const float* p) { return wasm_v128_load(p); }
static inline void store(float* p, f32x4 v) { wasm_v128_store(p, v); }
static inline f32x4 load_splat(const float* p) { return wasm_v128_load32_splat(p); }
static inline f32x4 splat(float x) { return wasm_f32x4_splat(x); }
static inline f32x4 zero() { return wasm_f32x4_splat(0.0f); }
static inline f32x4 add(f32x4 a, f32x4 b) { return wasm_f32x4_add(a, b); }
static inline f32x4 sub(f32x4 a, f32x4 b) { return wasm_f32x4_sub(a, b); }
static inline f32x4 mul(f32x4 a, f32x4 b) { return wasm_f32x4_mul(a, b); }
static inline f32x4 div(f32x4 a, f32x4 b) { return wasm_f32x4_div(a, b); }
// pmin/pmax map to one minps/maxps in V8 (min/max need extra NaN fix-up instructions).
static inline f32x4 min(f32x4 a, f32x4 b) { return wasm_f32x4_pmin(a, b); }
static inline f32x4 max(f32x4 a, f32x4 b) { return wasm_f32x4_pmax(a, b); }
static inline f32x4 sqrt(f32x4 a) { return wasm_f32x4_sqrt(a); }
static inline float lane0(f32x4 v) { return wasm_f32x4_extract_lane(v, 0); }
static inline float hsum(f32x4 v) {
    // ((v0+v2) + (v1+v3)): the pairing the SSE path uses too
    f32x4 s = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    s = wasm_f32x4_add(s, wasm_i32x4_shuffle(s, s, 1, 0, 3, 2));
    return wasm_f32x4_extract_lane(s, 0);
}
static inline float hmax(f32x4 v) {
    f32x4 s = max(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    s = max(s, wasm_i32x4_shuffle(s, s, 1, 0, 3, 2));
    return wasm_f32x4_extract_lane(s, 0);
}
static inline void transpose4(f32x4& r0, f32x4& r1, f32x4& r2, f32x4& r3) {
    f32x4 t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);  // a0 b0 a1 b1
    f32x4 t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);  // a2 b2 a3 b3
    f32x4 t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);  // c0 d0 c1 d1
    f32x4 t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);  // c2 d2 c3 d3
    r0 = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5);
    r1 = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);
    r2 = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5);
    r3 = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);
}
// exp helpers: round to nearest integer, and 2^n built in the exponent bits
static inline f32x4 round_nearest(f32x4 a) { return wasm_f32x4_nearest(a); }
static inline f32x4 pow2i(f32x4 n) {
    i32x4 e = wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127));
    return wasm_i32x4_shl(e, 23);
}
} // namespace ga::simd

#elif defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define GA_SIMD_ISA "sse2"
#define GA_SIMD_SSE2 1
namespace ga::simd {
typedef __m128 f32x4;
static inline f32x4 load(const float* p) { return _mm_loadu_ps(p); }
static inline void store(float* p, f32x4 v) { _mm_storeu_ps(p, v); }
static inline f32x4 load_splat(const float* p) { return _mm_load1_ps(p); }
static inline f32x4 splat(float x) { return _mm_set1_ps(x); }
static inline f32x4 zero() { return _mm_setzero_ps(); }
static inline f32x4 add(f32x4 a, f32x4 b) { return _mm_add_ps(a, b); }
static inline f32x4 sub(f32x4 a, f32x4 b) { return _mm_sub_ps(a, b); }
static inline f32x4 mul(f32x4 a, f32x4 b) { return _mm_mul_ps(a, b); }
static inline f32x4 div(f32x4 a, f32x4 b) { return _mm_div_ps(a, b); }
static inline f32x4 min(f32x4 a, f32x4 b) { return _mm_min_ps(a, b); }
static inline f32x4 max(f32x4 a, f32x4 b) { return _mm_max_ps(a, b); }
static inline f32x4 sqrt(f32x4 a) { return _mm_sqrt_ps(a); }
static inline float lane0(f32x4 v) { return _mm_cvtss_f32(v); }
static inline float hsum(f32x4 v) {
    f32x4 s = _mm_add_ps(v, _mm_movehl_ps(v, v));             // v0+v2, v1+v3
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, _MM_SHUFFLE(1, 1, 1, 1)));
    return _mm_cvtss_f32(s);
}
static inline float hmax(f32x4 v) {
    f32x4 s = _mm_max_ps(v, _mm_movehl_ps(v, v));
    s = _mm_max_ss(s, _mm_shuffle_ps(s, s, _MM_SHUFFLE(1, 1, 1, 1)));
    return _mm_cvtss_f32(s);
}
static inline void transpose4(f32x4& r0, f32x4& r1, f32x4& r2, f32x4& r3) { _MM_TRANSPOSE4_PS(r0, r1, r2, r3); }
static inline f32x4 round_nearest(f32x4 a) { return _mm_cvtepi32_ps(_mm_cvtps_epi32(a)); }  // MXCSR: nearest-even
static inline f32x4 pow2i(f32x4 n) {
    __m128i e = _mm_add_epi32(_mm_cvttps_epi32(n), _mm_set1_epi32(127));
    return _mm_castsi128_ps(_mm_slli_epi32(e, 23));
}
} // namespace ga::simd

#else
#define GA_SIMD_ISA "generic-f32x4"
namespace ga::simd {
// Portable fallback: the compiler may or may not vectorise it; results equal the vector paths.
struct f32x4 { float v[4]; };
static inline f32x4 load(const float* p) { f32x4 r; std::memcpy(r.v, p, 16); return r; }
static inline void store(float* p, f32x4 a) { std::memcpy(p, a.v, 16); }
static inline f32x4 splat(float x) { return f32x4{{x, x, x, x}}; }
static inline f32x4 load_splat(const float* p) { return splat(*p); }
static inline f32x4 zero() { return splat(0.0f); }
#define GA_F32X4_OP(name, expr) \
    static inline f32x4 name(f32x4 a, f32x4 b) { f32x4 r; for (int i = 0; i < 4; i++) { float x = a.v[i], y = b.v[i]; r.v[i] = (expr); } return r; }
GA_F32X4_OP(add, x + y)
GA_F32X4_OP(sub, x - y)
GA_F32X4_OP(mul, x * y)
GA_F32X4_OP(div, x / y)
GA_F32X4_OP(min, y < x ? y : x)
GA_F32X4_OP(max, x < y ? y : x)
#undef GA_F32X4_OP
static inline f32x4 sqrt(f32x4 a) { for (int i = 0; i < 4; i++) a.v[i] = std::sqrt(a.v[i]); return a; }
static inline float lane0(f32x4 a) { return a.v[0]; }
static inline float hsum(f32x4 a) { return (a.v[0] + a.v[2]) + (a.v[1] + a.v[3]); }
static inline float hmax(f32x4 a) { float x = a.v[0] < a.v[2] ? a.v[2] : a.v[0], y = a.v[1] < a.v[3] ? a.v[3] : a.v[1]; return x < y ? y : x; }
static inline void transpose4(f32x4& r0, f32x4& r1, f32x4& r2, f32x4& r3) {
    f32x4 in[4] = {r0, r1, r2, r3}, out[4];
    for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) out[i].v[j] = in[j].v[i];
    r0 = out[0]; r1 = out[1]; r2 = out[2]; r3 = out[3];
}
static inline f32x4 round_nearest(f32x4 a) { for (int i = 0; i < 4; i++) a.v[i] = std::nearbyint(a.v[i]); return a; }
static inline f32x4 pow2i(f32x4 n) {
    f32x4 r;
    for (int i = 0; i < 4; i++) { uint32_t e = uint32_t(int32_t(n.v[i]) + 127) << 23; std::memcpy(&r.v[i], &e, 4); }
    return r;
}
} // namespace ga::simd
#endif

namespace ga::simd {

// exp(x) for a vector, Cephes' expf polynomial (≈1 ulp on the clamped range). Inputs below
// -87.3 give ≈ e^-87.3 (tiny, never a denormal); above 88.3 give ≈ e^88.3 (no inf).
static inline f32x4 exp(f32x4 x) {
    x = min(max(x, splat(-87.3f)), splat(88.3f));
    const f32x4 n = round_nearest(mul(x, splat(1.44269504088896341f)));
    // x - n·ln2 in two parts (Cody–Waite) so the reduced argument keeps its precision
    f32x4 r = sub(x, mul(n, splat(0.693359375f)));
    r = sub(r, mul(n, splat(-2.12194440e-4f)));
    f32x4 p = splat(1.9875691500E-4f);
    p = add(mul(p, r), splat(1.3981999507E-3f));
    p = add(mul(p, r), splat(8.3334519073E-3f));
    p = add(mul(p, r), splat(4.1665795894E-2f));
    p = add(mul(p, r), splat(1.6666665459E-1f));
    p = add(mul(p, r), splat(5.0000001201E-1f));
    p = add(add(mul(p, mul(r, r)), r), splat(1.0f));
    return mul(p, pow2i(n));
}

} // namespace ga::simd
