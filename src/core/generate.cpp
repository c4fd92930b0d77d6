// Generation with a key/value cache (see generate.h). The layer sequence is GPT::forward's, for
// n new rows at positions pos0.. instead of a whole (B,T) batch; attention is attention_query
// of each new row over the cache, which by then also holds the rows before it in the chunk.
#include "generate.h"

#include "kernels.h"
#include "sampling.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ga {

namespace {

// Rows per batched pass of a long prompt: the scratch stays small (for GPT-2 small, 64 rows of
// 4C floats are 786 KB) while the GEMM still gets full tiles.
constexpr int kChunk = 64;

} // namespace

std::string generation_prompt(const Tokenizer& tok, int V, const std::string& text, std::vector<int>* ids, EncodeError* why) {
    ids->clear();
    std::string err = tok.encode(text, ids, why);
    if (!err.empty()) { ids->clear(); return err; }
    for (int id : *ids)
        if (id < 0 || id >= V) {
            ids->clear();
            return "token " + std::to_string(id) + " is outside the model's vocabulary (" + std::to_string(V) + ")";
        }
    if (!ids->empty()) return {};
    int start = 0;
    if (tok.kind == TOK_GPT2_BPE && V > 50256) start = 50256;
    else if (tok.kind == TOK_CHAR) {
        std::vector<int> nl;
        if (tok.encode("\n", &nl).empty() && nl.size() == 1 && nl[0] < V) start = nl[0];
    }
    ids->push_back(start);
    return {};
}

void Generator::clear() {
    model_ = nullptr;
    tokens_.clear();
    std::vector<float>().swap(cache_);
    for (auto* v : {&x_, &ln_, &mean_, &rstd_, &qkv_, &atty_, &proj_, &fch_, &scores_}) std::vector<float>().swap(*v);
}

std::string Generator::begin(const GPT& m, const std::vector<int>& prompt, int max_context) {
    model_ = nullptr;
    tokens_.clear();
    cache_.clear();
    if (m.params.empty() || m.table.empty()) return "no model loaded";
    if (prompt.empty()) return "empty prompt (give at least one token)";
    const int V = m.cfg.vocab_size;
    for (int id : prompt)
        if (id < 0 || id >= V)
            return "token " + std::to_string(id) + " is outside the model's vocabulary (" + std::to_string(V) + ")";
    L_ = m.cfg.n_layer;
    C_ = m.cfg.n_embd;
    NH_ = m.cfg.n_head;
    V_ = V;
    n_ctx_ = max_context > 0 ? std::min(max_context, m.cfg.n_ctx) : m.cfg.n_ctx;
    const size_t keep = std::min(prompt.size(), (size_t)n_ctx_);
    tokens_.assign(prompt.end() - (long)keep, prompt.end());
    logits_.assign(V_, 0.0f);
    model_ = &m;
    // parameter pointers by (layer, kind), layer -1 (wte, wpe, ln_f) first: looked up once
    w_.assign((size_t)(L_ + 1) * PARAM_KIND_COUNT, nullptr);
    for (const ParamTensor& p : m.table)
        if (p.layer >= -1 && p.layer < L_) w_[(size_t)(p.layer + 1) * PARAM_KIND_COUNT + p.kind] = m.params.data() + p.offset;
    run(0, (int)tokens_.size());
    return {};
}

std::string Generator::feed(int token) {
    if (!model_) return "the generator has no context (call begin first)";
    if (token < 0 || token >= V_)
        return "token " + std::to_string(token) + " is outside the model's vocabulary (" + std::to_string(V_) + ")";
    if ((int)tokens_.size() >= n_ctx_) {
        // slide: keep the newest n_ctx/2 tokens (at least 1) and rebuild their cache in one pass
        const size_t keep = std::max(1, n_ctx_ / 2) - 1;  // the new token makes it n_ctx/2
        tokens_.erase(tokens_.begin(), tokens_.end() - (long)keep);
        tokens_.push_back(token);
        cache_.clear();
        run(0, (int)tokens_.size());
        return {};
    }
    tokens_.push_back(token);
    run((int)tokens_.size() - 1, 1);
    return {};
}

void Generator::reserve(int positions) {
    if (!model_) return;
    const size_t p = (size_t)std::min(std::max(positions, 1), n_ctx_);
    cache_.reserve(p * L_ * 2 * C_);
    tokens_.reserve(p);
    if (scores_.size() < p * NH_) scores_.resize(p * NH_);
}

int Generator::next(float temperature, int top_k, Rng& rng) {
    if (!model_) return -1;
    const int id = sample_token(logits_.data(), V_, temperature, std::min(top_k, V_), rng);
    feed(id);
    return id;
}

void Generator::run(int pos0, int n) {
    auto W = [&](int layer, ParamKind k) { return w_[(size_t)(layer + 1) * PARAM_KIND_COUNT + k]; };
    const float* wte = W(-1, PARAM_WTE);
    const float* wpe = W(-1, PARAM_WPE);
    const int L = L_, C = C_, NH = NH_, V = V_;
    const size_t row = (size_t)L * 2 * C;  // cache floats per position
    cache_.resize((size_t)(pos0 + n) * row);
    for (int c0 = 0; c0 < n; c0 += kChunk) {
        const int N = std::min(kChunk, n - c0);
        const int p0 = pos0 + c0;
        const size_t NC = (size_t)N * C;
        if (x_.size() < NC) {
            x_.resize(NC); ln_.resize(NC); atty_.resize(NC); proj_.resize(NC);
            qkv_.resize(NC * 3); fch_.resize(NC * 4); mean_.resize(N); rstd_.resize(N);
        }
        if (scores_.size() < (size_t)(p0 + N) * NH) scores_.resize(std::max<size_t>(p0 + N, 64) * NH);
        // encoder: x (N,C) = wte[token] + wpe[position]
        for (int i = 0; i < N; i++) {
            const float* we = wte + (size_t)tokens_[p0 + i] * C;
            const float* pe = wpe + (size_t)(p0 + i) * C;
            float* x = x_.data() + (size_t)i * C;
            for (int c = 0; c < C; c++) x[c] = we[c] + pe[c];
        }
        for (int l = 0; l < L; l++) {
            layernorm_forward(ln_.data(), mean_.data(), rstd_.data(), x_.data(), W(l, PARAM_LN1_W), W(l, PARAM_LN1_B), N, C);
            matmul_forward(qkv_.data(), ln_.data(), W(l, PARAM_ATTN_QKV_W), W(l, PARAM_ATTN_QKV_B), N, C, 3 * C);
            float* kv_l = cache_.data() + (size_t)l * 2 * C;  // layer l's K|V of position 0
            for (int i = 0; i < N; i++)  // K and V of the new rows into the cache
                std::memcpy(kv_l + (size_t)(p0 + i) * row, qkv_.data() + (size_t)i * 3 * C + C, sizeof(float) * 2 * C);
            for (int i = 0; i < N; i++)  // row i (position p0 + i) attends to positions 0 .. p0 + i
                attention_query(atty_.data() + (size_t)i * C, scores_.data(), qkv_.data() + (size_t)i * 3 * C, kv_l,
                                (long)row, p0 + i + 1, C, NH);
            model_->mask_heads(atty_.data(), l, N);   // knocked-out heads (src/core/teach.h)
            matmul_forward(proj_.data(), atty_.data(), W(l, PARAM_ATTN_PROJ_W), W(l, PARAM_ATTN_PROJ_B), N, C, C);
            residual_forward(x_.data(), x_.data(), proj_.data(), NC);
            layernorm_forward(ln_.data(), mean_.data(), rstd_.data(), x_.data(), W(l, PARAM_LN2_W), W(l, PARAM_LN2_B), N, C);
            matmul_forward(fch_.data(), ln_.data(), W(l, PARAM_MLP_FC_W), W(l, PARAM_MLP_FC_B), N, C, 4 * C);
            gelu_forward(fch_.data(), fch_.data(), NC * 4);
            model_->mask_neurons(fch_.data(), l, N);
            matmul_forward(proj_.data(), fch_.data(), W(l, PARAM_MLP_PROJ_W), W(l, PARAM_MLP_PROJ_B), N, 4 * C, C);
            residual_forward(x_.data(), x_.data(), proj_.data(), NC);
        }
        if (c0 + N < n) continue;  // only the last position's logits are wanted
        // final LayerNorm and the tied lm head, for the last row only: logits (V) = lnf (C) · wteᵀ
        const float* last = x_.data() + (size_t)(N - 1) * C;
        layernorm_forward(ln_.data(), mean_.data(), rstd_.data(), last, W(-1, PARAM_LNF_W), W(-1, PARAM_LNF_B), 1, C);
        matmul_backward_input(logits_.data(), ln_.data(), wte, 1, V, C, false);
    }
}

} // namespace ga
