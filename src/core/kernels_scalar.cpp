// Scalar reference kernels ("algorithmic reference", llm.c style): plain loops, no SIMD, one
// obvious way to compute each layer. The fast kernels in kernels_simd.cpp are tested against
// these, and the finite-difference tests check these against the math.
#include "kernels.h"
#include <algorithm>
#include <cmath>

namespace ga {

// ---- matmul (GPT-2 Conv1D: y = x·W + b, W input-major) ------------------------------------

void matmul_forward_scalar(float* out, const float* inp, const float* w, const float* bias, int N, int C, int OC) {
    // out (N,OC), inp (N,C), w (C,OC), bias (OC) or null
    for (int n = 0; n < N; n++) {
        const float* x = inp + (size_t)n * C;
        float* y = out + (size_t)n * OC;
        for (int o = 0; o < OC; o++) {
            float acc = bias ? bias[o] : 0.0f;
            for (int c = 0; c < C; c++) acc += x[c] * w[(size_t)c * OC + o];
            y[o] = acc;
        }
    }
}

void matmul_backward_input_scalar(float* dinp, const float* dout, const float* w, int N, int C, int OC, bool accumulate) {
    // dinp (N,C) += dout (N,OC) · wᵀ ; w (C,OC)
    for (int n = 0; n < N; n++) {
        const float* dy = dout + (size_t)n * OC;
        float* dx = dinp + (size_t)n * C;
        for (int c = 0; c < C; c++) {
            const float* wrow = w + (size_t)c * OC;
            float acc = 0.0f;
            for (int o = 0; o < OC; o++) acc += dy[o] * wrow[o];
            dx[c] = accumulate ? dx[c] + acc : acc;
        }
    }
}

void matmul_backward_weight_scalar(float* dw, float* dbias, const float* dout, const float* inp, int N, int C, int OC) {
    // dw (C,OC) += inpᵀ (C,N) · dout (N,OC) ; dbias (OC) += column sums of dout
    for (int c = 0; c < C; c++) {
        float* dwrow = dw + (size_t)c * OC;
        for (int o = 0; o < OC; o++) {
            float acc = 0.0f;
            for (int n = 0; n < N; n++) acc += inp[(size_t)n * C + c] * dout[(size_t)n * OC + o];
            dwrow[o] += acc;
        }
    }
    if (dbias) {
        for (int o = 0; o < OC; o++) {
            float acc = 0.0f;
            for (int n = 0; n < N; n++) acc += dout[(size_t)n * OC + o];
            dbias[o] += acc;
        }
    }
}

// ---- LayerNorm (biased variance, eps 1e-5, as torch.nn.LayerNorm) -------------------------

void layernorm_forward_scalar(float* out, float* mean, float* rstd, const float* inp, const float* w, const float* b,
                              int N, int C) {
    const float eps = 1e-5f;
    for (int n = 0; n < N; n++) {
        const float* x = inp + (size_t)n * C;
        float m = 0.0f;
        for (int i = 0; i < C; i++) m += x[i];
        m /= C;
        float v = 0.0f;
        for (int i = 0; i < C; i++) { float d = x[i] - m; v += d * d; }
        v /= C;
        const float s = 1.0f / std::sqrt(v + eps);
        float* y = out + (size_t)n * C;
        for (int i = 0; i < C; i++) y[i] = (x[i] - m) * s * w[i] + b[i];
        mean[n] = m;
        rstd[n] = s;
    }
}

void layernorm_backward_scalar(float* dinp, float* dw, float* db, const float* dout, const float* inp, const float* w,
                               const float* mean, const float* rstd, int N, int C) {
    for (int n = 0; n < N; n++) {
        const float* dy = dout + (size_t)n * C;
        const float* x = inp + (size_t)n * C;
        float* dx = dinp + (size_t)n * C;
        const float m = mean[n], s = rstd[n];
        // two reductions: mean of dnorm and mean of dnorm·norm (norm = (x - mean)·rstd)
        float dnorm_mean = 0.0f, dnorm_norm_mean = 0.0f;
        for (int i = 0; i < C; i++) {
            const float norm = (x[i] - m) * s;
            const float dnorm = w[i] * dy[i];
            dnorm_mean += dnorm;
            dnorm_norm_mean += dnorm * norm;
        }
        dnorm_mean /= C;
        dnorm_norm_mean /= C;
        for (int i = 0; i < C; i++) {
            const float norm = (x[i] - m) * s;
            const float dnorm = w[i] * dy[i];
            db[i] += dy[i];
            dw[i] += norm * dy[i];
            dx[i] += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
        }
    }
}

// ---- GELU, tanh approximation --------------------------------------------------------------

static const float GELU_SCALE = 0.7978845608028654f;  // sqrt(2/π)

void gelu_forward_scalar(float* out, const float* inp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const float x = inp[i];
        const float cube = 0.044715f * x * x * x;
        out[i] = 0.5f * x * (1.0f + std::tanh(GELU_SCALE * (x + cube)));
    }
}

void gelu_backward_scalar(float* dinp, const float* inp, const float* dout, size_t n, bool accumulate) {
    if (!accumulate) std::fill(dinp, dinp + n, 0.0f);
    for (size_t i = 0; i < n; i++) {
        const float x = inp[i];
        const float cube = 0.044715f * x * x * x;
        const float tanh_arg = GELU_SCALE * (x + cube);
        const float tanh_out = std::tanh(tanh_arg);
        const float sech2 = 1.0f - tanh_out * tanh_out;  // d tanh(u)/du
        const float local = 0.5f * (1.0f + tanh_out) + x * 0.5f * sech2 * GELU_SCALE * (1.0f + 3.0f * 0.044715f * x * x);
        dinp[i] += local * dout[i];
    }
}

void residual_forward_scalar(float* out, const float* a, const float* b, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = a[i] + b[i];
}

// ---- causal self-attention -----------------------------------------------------------------

void attention_forward_scalar(float* out, float* preatt, float* att, const float* qkv, int B, int T, int C, int NH) {
    // qkv (B,T,3C) = Q | K | V ; out (B,T,C) ; preatt, att (B,NH,T,T)
    const int C3 = 3 * C;
    const int hs = C / NH;
    const float scale = 1.0f / std::sqrt((float)hs);
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++)
            for (int h = 0; h < NH; h++) {
                const float* q = qkv + ((size_t)b * T + t) * C3 + h * hs;
                float* pre_row = preatt + (((size_t)b * NH + h) * T + t) * T;
                float* att_row = att + (((size_t)b * NH + h) * T + t) * T;
                // scores q·k / sqrt(hs) for the positions t2 <= t, and their max
                float maxv = -INFINITY;
                for (int t2 = 0; t2 <= t; t2++) {
                    const float* k = qkv + ((size_t)b * T + t2) * C3 + h * hs + C;
                    float v = 0.0f;
                    for (int i = 0; i < hs; i++) v += q[i] * k[i];
                    v *= scale;
                    pre_row[t2] = v;
                    if (v > maxv) maxv = v;
                }
                // softmax, max-subtracted so exp never overflows
                float sum = 0.0f;
                for (int t2 = 0; t2 <= t; t2++) {
                    const float e = std::exp(pre_row[t2] - maxv);
                    att_row[t2] = e;
                    sum += e;
                }
                const float inv = 1.0f / sum;
                for (int t2 = 0; t2 < T; t2++) {
                    if (t2 <= t) att_row[t2] *= inv;
                    else { att_row[t2] = 0.0f; pre_row[t2] = 0.0f; }  // masked: the future is not seen
                }
                // out = Σ att · V
                float* o = out + ((size_t)b * T + t) * C + h * hs;
                for (int i = 0; i < hs; i++) o[i] = 0.0f;
                for (int t2 = 0; t2 <= t; t2++) {
                    const float* v = qkv + ((size_t)b * T + t2) * C3 + h * hs + 2 * C;
                    const float a = att_row[t2];
                    for (int i = 0; i < hs; i++) o[i] += a * v[i];
                }
            }
}

void attention_backward_scalar(float* dqkv, float* dpreatt, float* datt, const float* dout, const float* qkv,
                               const float* att, int B, int T, int C, int NH, bool accumulate) {
    if (!accumulate) std::fill(dqkv, dqkv + (size_t)B * T * 3 * C, 0.0f);
    const int C3 = 3 * C;
    const int hs = C / NH;
    const float scale = 1.0f / std::sqrt((float)hs);
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++)
            for (int h = 0; h < NH; h++) {
                const float* att_row = att + (((size_t)b * NH + h) * T + t) * T;
                float* datt_row = datt + (((size_t)b * NH + h) * T + t) * T;
                float* dpre_row = dpreatt + (((size_t)b * NH + h) * T + t) * T;
                const float* q = qkv + ((size_t)b * T + t) * C3 + h * hs;
                float* dq = dqkv + ((size_t)b * T + t) * C3 + h * hs;
                const float* dy = dout + ((size_t)b * T + t) * C + h * hs;
                // out = Σ att·V: gradients to att and V
                for (int t2 = 0; t2 < T; t2++) { datt_row[t2] = 0.0f; dpre_row[t2] = 0.0f; }
                for (int t2 = 0; t2 <= t; t2++) {
                    const float* v = qkv + ((size_t)b * T + t2) * C3 + h * hs + 2 * C;
                    float* dv = dqkv + ((size_t)b * T + t2) * C3 + h * hs + 2 * C;
                    float acc = 0.0f;
                    for (int i = 0; i < hs; i++) {
                        acc += v[i] * dy[i];
                        dv[i] += att_row[t2] * dy[i];
                    }
                    datt_row[t2] = acc;
                }
                // softmax backward: dpre = att ⊙ (datt − Σ att·datt)
                float dot = 0.0f;
                for (int t2 = 0; t2 <= t; t2++) dot += att_row[t2] * datt_row[t2];
                for (int t2 = 0; t2 <= t; t2++) dpre_row[t2] = att_row[t2] * (datt_row[t2] - dot);
                // pre = q·k·scale: gradients to Q and K
                for (int t2 = 0; t2 <= t; t2++) {
                    const float* k = qkv + ((size_t)b * T + t2) * C3 + h * hs + C;
                    float* dk = dqkv + ((size_t)b * T + t2) * C3 + h * hs + C;
                    const float g = dpre_row[t2] * scale;
                    for (int i = 0; i < hs; i++) {
                        dq[i] += k[i] * g;
                        dk[i] += q[i] * g;
                    }
                }
            }
}

void attention_query_scalar(float* out, float* scores, const float* q, const float* kv, long stride, int T, int C,
                            int NH) {
    // q (C), cache rows kv + t*stride = K_t (C) | V_t (C), out (C), scores (NH,T) scratch (row 0 used)
    const int hs = C / NH;
    const float scale = 1.0f / std::sqrt((float)hs);
    for (int h = 0; h < NH; h++) {
        const float* qh = q + h * hs;
        float maxv = -INFINITY;
        for (int t = 0; t < T; t++) {
            const float* k = kv + (size_t)t * stride + h * hs;
            float v = 0.0f;
            for (int i = 0; i < hs; i++) v += qh[i] * k[i];
            v *= scale;
            scores[t] = v;
            if (v > maxv) maxv = v;
        }
        float sum = 0.0f;
        for (int t = 0; t < T; t++) {
            scores[t] = std::exp(scores[t] - maxv);
            sum += scores[t];
        }
        const float inv = 1.0f / sum;
        float* o = out + h * hs;
        for (int i = 0; i < hs; i++) o[i] = 0.0f;
        for (int t = 0; t < T; t++) {
            const float* v = kv + (size_t)t * stride + C + h * hs;
            const float a = scores[t] * inv;
            for (int i = 0; i < hs; i++) o[i] += a * v[i];
        }
    }
}

// ---- softmax + cross-entropy ---------------------------------------------------------------

void softmax_forward_scalar(float* probs, const float* logits, int N, int V) {
    for (int n = 0; n < N; n++) {
        const float* x = logits + (size_t)n * V;
        float* p = probs + (size_t)n * V;
        float maxv = -INFINITY;
        for (int i = 0; i < V; i++) if (x[i] > maxv) maxv = x[i];
        float sum = 0.0f;
        for (int i = 0; i < V; i++) { p[i] = std::exp(x[i] - maxv); sum += p[i]; }
        const float inv = 1.0f / sum;
        for (int i = 0; i < V; i++) p[i] *= inv;
    }
}

// The one implementation (no SIMD twin): N logs per batch are not worth vectorising.
void crossentropy_forward(float* losses, const float* probs, const int* targets, int N, int V) {
    for (int n = 0; n < N; n++) losses[n] = -std::log(probs[(size_t)n * V + targets[n]]);
}

void crossentropy_softmax_backward_scalar(float* dlogits, const float* probs, const int* targets, float dloss, int N,
                                          int V) {
    for (int n = 0; n < N; n++) {
        const float* p = probs + (size_t)n * V;
        float* d = dlogits + (size_t)n * V;
        const int ix = targets[n];
        for (int i = 0; i < V; i++) d[i] = (p[i] - (i == ix ? 1.0f : 0.0f)) * dloss;
    }
}

// ---- AdamW (torch.optim.AdamW, single-tensor path) -----------------------------------------

void adamw_update_scalar(float* p, const float* g, float* m, float* v, size_t n, float lr, float beta1, float beta2,
                         float eps, float weight_decay, int t) {
    // torch computes the bias corrections in double (Python floats), then works in float32
    const double bc1 = 1.0 - std::pow((double)beta1, (double)t);
    const double bc2 = 1.0 - std::pow((double)beta2, (double)t);
    const float step_size = (float)((double)lr / bc1);
    const float bc2_sqrt = (float)std::sqrt(bc2);
    const float decay = 1.0f - lr * weight_decay;  // decoupled decay, applied before the Adam update
    for (size_t i = 0; i < n; i++) {
        const float gi = g[i];
        const float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        const float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        const float denom = std::sqrt(vi) / bc2_sqrt + eps;
        p[i] = p[i] * decay - step_size * (mi / denom);
    }
}

} // namespace ga
