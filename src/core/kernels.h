// Numeric kernels, llm.c style: outputs first, then inputs, then sizes. Shapes in comments.
// Every kernel X has a scalar reference X_scalar (the "algorithmic reference") and the fast
// version X, which uses f32x4 SIMD (wasm_simd128 under -msimd128, SSE natively) with explicit
// tail loops, so any size works. Backward kernels ACCUMULATE (+=) into their gradient outputs;
// those whose output is a whole activation gradient also take accumulate = false, to overwrite it
// instead (the same values as zeroing it first, without a pass over memory on one thread).
// All matrices are row-major; weights are input-major as in GPT-2's Conv1D: y = x·W + b.
#pragma once
#include <cstddef>

namespace ga {

// out (N,OC) = inp (N,C) · w (C,OC) + bias (OC); bias may be null.
void matmul_forward(float* out, const float* inp, const float* w, const float* bias, int N, int C, int OC);
void matmul_forward_scalar(float* out, const float* inp, const float* w, const float* bias, int N, int C, int OC);
// dinp (N,C) += dout (N,OC) · wᵀ  (accumulate = false: dinp = dout · wᵀ)
void matmul_backward_input(float* dinp, const float* dout, const float* w, int N, int C, int OC, bool accumulate = true);
void matmul_backward_input_scalar(float* dinp, const float* dout, const float* w, int N, int C, int OC,
                                  bool accumulate = true);
// dw (C,OC) += inpᵀ · dout ; dbias (OC) += Σ_n dout[n,:] (dbias may be null)
void matmul_backward_weight(float* dw, float* dbias, const float* dout, const float* inp, int N, int C, int OC);
void matmul_backward_weight_scalar(float* dw, float* dbias, const float* dout, const float* inp, int N, int C, int OC);

// out (N,C) = (x - mean) * rstd * w + b, eps 1e-5; mean, rstd (N) saved for backward.
void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* w, const float* b, int N, int C);
void layernorm_forward_scalar(float* out, float* mean, float* rstd, const float* inp, const float* w, const float* b, int N, int C);
// dinp (N,C) +=, dw (C) +=, db (C) +=
void layernorm_backward(float* dinp, float* dw, float* db, const float* dout, const float* inp, const float* w,
                        const float* mean, const float* rstd, int N, int C);
void layernorm_backward_scalar(float* dinp, float* dw, float* db, const float* dout, const float* inp, const float* w,
                               const float* mean, const float* rstd, int N, int C);

// GELU, tanh approximation: out (n) = 0.5 x (1 + tanh(sqrt(2/π)(x + 0.044715 x³)))
void gelu_forward(float* out, const float* inp, size_t n);
void gelu_forward_scalar(float* out, const float* inp, size_t n);
void gelu_backward(float* dinp, const float* inp, const float* dout, size_t n, bool accumulate = true);  // dinp +=
void gelu_backward_scalar(float* dinp, const float* inp, const float* dout, size_t n, bool accumulate = true);

// Causal multi-head self-attention, scale 1/sqrt(hs), hs = C/NH.
// qkv (B,T,3C) holds Q | K | V per position; out (B,T,C);
// preatt, att (B,NH,T,T): scores and softmax probabilities (rows t' > t are 0), kept for the UI.
void attention_forward(float* out, float* preatt, float* att, const float* qkv, int B, int T, int C, int NH);
void attention_forward_scalar(float* out, float* preatt, float* att, const float* qkv, int B, int T, int C, int NH);
// dqkv (B,T,3C) += (accumulate = false: =); dpreatt, datt (B,NH,T,T) are scratch (overwritten).
void attention_backward(float* dqkv, float* dpreatt, float* datt, const float* dout, const float* qkv,
                        const float* att, int B, int T, int C, int NH, bool accumulate = true);
void attention_backward_scalar(float* dqkv, float* dpreatt, float* datt, const float* dout, const float* qkv,
                               const float* att, int B, int T, int C, int NH, bool accumulate = true);

// out (n) = a + b (the residual stream's additions); out may be a or b
void residual_forward(float* out, const float* a, const float* b, size_t n);
void residual_forward_scalar(float* out, const float* a, const float* b, size_t n);
// x (n) = 0 (gradient buffers), over the thread pool
void fill_zero(float* x, size_t n);

// One query against cached keys/values (generation with a KV cache): for each head h,
// out[h] (hs) = Σ_t softmax_t(q[h]·K_t[h] / sqrt(hs)) V_t[h] over the T cached positions t.
// q (C); K_t at kv + t·stride (C floats), V_t at kv + t·stride + C; scores (NH,T) is scratch
// (one row per head: the heads run on the thread pool).
void attention_query(float* out, float* scores, const float* q, const float* kv, long stride, int T, int C, int NH);
void attention_query_scalar(float* out, float* scores, const float* q, const float* kv, long stride, int T, int C, int NH);

// probs (N,V) = softmax(logits (N,V)) row-wise, max-subtracted.
void softmax_forward(float* probs, const float* logits, int N, int V);
void softmax_forward_scalar(float* probs, const float* logits, int N, int V);
// losses (N) = -log probs[n, targets[n]]
void crossentropy_forward(float* losses, const float* probs, const int* targets, int N, int V);
// dlogits (N,V) = (probs - onehot(targets)) * dloss  (fused softmax + cross-entropy backward; overwrites)
void crossentropy_softmax_backward(float* dlogits, const float* probs, const int* targets, float dloss, int N, int V);
void crossentropy_softmax_backward_scalar(float* dlogits, const float* probs, const int* targets, float dloss, int N, int V);

// AdamW as torch.optim.AdamW, bias-corrected; t is the 1-based step. weight_decay 0 for rank-1 tensors.
void adamw_update(float* p, const float* g, float* m, float* v, size_t n, float lr, float beta1, float beta2,
                  float eps, float weight_decay, int t);
void adamw_update_scalar(float* p, const float* g, float* m, float* v, size_t n, float lr, float beta1, float beta2,
                         float eps, float weight_decay, int t);

// Which instruction set the fast kernels were built for: "wasm-simd128", "sse2", "scalar".
const char* kernels_isa();

} // namespace ga
