// GPT-2 forward and hand-written backward, wired like llm.c's gpt2_forward / gpt2_backward.
// The layer kernels (and their scalar references) are in kernels.h.
#include "model.h"
#include "kernels.h"
#include "rng.h"
#include <cmath>
#include <algorithm>
#include <cstring>

namespace ga {

std::string GPT::init(const GPTConfig& c) {
    std::string err = config_check(c);
    if (!err.empty()) return err;
    cfg = c;
    table = param_table(c);
    params.assign(param_count(c), 0.0f);
    grads.clear();
    acts = Activations{};
    scratch = Scratch{};
    inputs.clear();
    targets.clear();
    loss = -1.0f;
    ablation = Ablation{};
    position_weights.clear();
    return {};
}

void GPT::init_random(uint64_t seed) {
    // GPT-2 / nanoGPT initialisation. The residual projections (attn.c_proj, mlp.c_proj) are
    // scaled by 1/sqrt(2L) because 2L of them add into the residual stream.
    Rng rng(seed);
    const float std_base = 0.02f;
    const float std_resid = 0.02f / std::sqrt(2.0f * (float)cfg.n_layer);
    for (const ParamTensor& p : table) {
        float* w = param(p);
        switch (p.kind) {
        case PARAM_LN1_W: case PARAM_LN2_W: case PARAM_LNF_W:
            for (size_t i = 0; i < p.numel; i++) w[i] = 1.0f;
            break;
        case PARAM_LN1_B: case PARAM_LN2_B: case PARAM_LNF_B:
        case PARAM_ATTN_QKV_B: case PARAM_ATTN_PROJ_B: case PARAM_MLP_FC_B: case PARAM_MLP_PROJ_B:
            for (size_t i = 0; i < p.numel; i++) w[i] = 0.0f;
            break;
        case PARAM_ATTN_PROJ_W: case PARAM_MLP_PROJ_W:
            for (size_t i = 0; i < p.numel; i++) w[i] = std_resid * rng.normal();
            break;
        default:  // wte, wpe, W_QKV, W1
            for (size_t i = 0; i < p.numel; i++) w[i] = std_base * rng.normal();
            break;
        }
    }
    if (!grads.empty()) zero_grad();
    loss = -1.0f;
}

const ParamTensor* GPT::find(const std::string& name) const {
    for (const ParamTensor& p : table)
        if (p.name == name) return &p;
    return nullptr;
}

// Pointers to the tensors of one block (or the whole-model ones) inside a flat buffer laid out
// like params (used for both params and grads).
namespace {
struct BlockPtrs {
    float *ln1w, *ln1b, *qkvw, *qkvb, *projw, *projb, *ln2w, *ln2b, *fcw, *fcb, *fcprojw, *fcprojb;
};
struct ModelPtrs {
    float *wte, *wpe, *lnfw, *lnfb;
    std::vector<BlockPtrs> blocks;
};
// Fills m (its blocks vector keeps its capacity: no allocation once it has held L blocks).
ModelPtrs& model_ptrs(ModelPtrs& m, const std::vector<ParamTensor>& table, float* base, int L) {
    m.wte = m.wpe = m.lnfw = m.lnfb = nullptr;
    m.blocks.assign(L, BlockPtrs{});
    for (const ParamTensor& p : table) {
        float* ptr = base + p.offset;
        switch (p.kind) {
        case PARAM_WTE: m.wte = ptr; break;
        case PARAM_WPE: m.wpe = ptr; break;
        case PARAM_LNF_W: m.lnfw = ptr; break;
        case PARAM_LNF_B: m.lnfb = ptr; break;
        case PARAM_LN1_W: m.blocks[p.layer].ln1w = ptr; break;
        case PARAM_LN1_B: m.blocks[p.layer].ln1b = ptr; break;
        case PARAM_ATTN_QKV_W: m.blocks[p.layer].qkvw = ptr; break;
        case PARAM_ATTN_QKV_B: m.blocks[p.layer].qkvb = ptr; break;
        case PARAM_ATTN_PROJ_W: m.blocks[p.layer].projw = ptr; break;
        case PARAM_ATTN_PROJ_B: m.blocks[p.layer].projb = ptr; break;
        case PARAM_LN2_W: m.blocks[p.layer].ln2w = ptr; break;
        case PARAM_LN2_B: m.blocks[p.layer].ln2b = ptr; break;
        case PARAM_MLP_FC_W: m.blocks[p.layer].fcw = ptr; break;
        case PARAM_MLP_FC_B: m.blocks[p.layer].fcb = ptr; break;
        case PARAM_MLP_PROJ_W: m.blocks[p.layer].fcprojw = ptr; break;
        case PARAM_MLP_PROJ_B: m.blocks[p.layer].fcprojb = ptr; break;
        default: break;
        }
    }
    return m;
}

void activations_alloc(Activations& a, const GPTConfig& cfg, int B, int T) {
    if (a.B == B && a.T == T && !a.encoded.empty()) return;  // reallocate only when B/T change
    const size_t L = cfg.n_layer, C = cfg.n_embd, NH = cfg.n_head, V = cfg.vocab_size;
    const size_t BT = size_t(B) * size_t(T);
    a.B = B;
    a.T = T;
    a.encoded.assign(BT * C, 0.0f);
    a.ln1.assign(L * BT * C, 0.0f);
    a.ln1_mean.assign(L * BT, 0.0f);
    a.ln1_rstd.assign(L * BT, 0.0f);
    a.qkv.assign(L * BT * 3 * C, 0.0f);
    a.atty.assign(L * BT * C, 0.0f);
    a.preatt.assign(L * size_t(B) * NH * T * T, 0.0f);
    a.att.assign(L * size_t(B) * NH * T * T, 0.0f);
    a.attproj.assign(L * BT * C, 0.0f);
    a.residual2.assign(L * BT * C, 0.0f);
    a.ln2.assign(L * BT * C, 0.0f);
    a.ln2_mean.assign(L * BT, 0.0f);
    a.ln2_rstd.assign(L * BT, 0.0f);
    a.fch.assign(L * BT * 4 * C, 0.0f);
    a.fch_gelu.assign(L * BT * 4 * C, 0.0f);
    a.fcproj.assign(L * BT * C, 0.0f);
    a.residual3.assign(L * BT * C, 0.0f);
    a.lnf.assign(BT * C, 0.0f);
    a.lnf_mean.assign(BT, 0.0f);
    a.lnf_rstd.assign(BT, 0.0f);
    a.logits.assign(BT * V, 0.0f);
    a.probs.assign(BT * V, 0.0f);
    a.losses.assign(BT, 0.0f);
}
} // namespace

// ---- ablation and per-position loss weights: small hooks called from forward/backward -------

int Ablation::count() const {
    int n = 0;
    for (uint8_t h : heads) n += h != 0;
    for (uint8_t u : neurons) n += u != 0;
    return n;
}

// x (N,C) = atty or its gradient: zero the hs columns of every knocked-out head of layer l.
void GPT::mask_heads(float* x, int l, int N) const {
    if (ablation.heads.empty()) return;
    const int NH = cfg.n_head, C = cfg.n_embd, hs = C / NH;
    for (int h = 0; h < NH; h++) {
        if (!ablation.heads[(size_t)l * NH + h]) continue;
        for (int n = 0; n < N; n++) std::memset(x + (size_t)n * C + (size_t)h * hs, 0, sizeof(float) * hs);
    }
}

// x (N,4C) = GELU output or its gradient: zero the columns of the knocked-out neurons of layer l.
void GPT::mask_neurons(float* x, int l, int N) const {
    if (ablation.neurons.empty()) return;
    const int C4 = 4 * cfg.n_embd;
    const uint8_t* m = ablation.neurons.data() + (size_t)l * C4;
    for (int j = 0; j < C4; j++) {
        if (!m[j]) continue;
        for (int n = 0; n < N; n++) x[(size_t)n * C4 + j] = 0.0f;
    }
}

// dlogits (N,V) were computed with weight 1/N per row; position_weights replace that weight
// (recomputed row by row, so a weight of 1 gives exactly probs − onehot).
void GPT::weight_positions(float* dlogits, int N, int V) const {
    if (position_weights.size() != (size_t)N) return;
    for (int n = 0; n < N; n++)
        crossentropy_softmax_backward(dlogits + (size_t)n * V, acts.probs.data() + (size_t)n * V, targets.data() + n,
                                      position_weights[n], 1, V);
}

std::string GPT::set_head_ablated(int layer, int head, bool on) {
    if (layer < 0 || layer >= cfg.n_layer)
        return "layer " + std::to_string(layer) + " is out of range (the model has layers 0.." + std::to_string(cfg.n_layer - 1) + ")";
    if (head < 0 || head >= cfg.n_head)
        return "head " + std::to_string(head) + " is out of range (each layer has heads 0.." + std::to_string(cfg.n_head - 1) + ")";
    ablation.heads.resize((size_t)cfg.n_layer * cfg.n_head, 0);
    ablation.heads[(size_t)layer * cfg.n_head + head] = on ? 1 : 0;
    return {};
}

std::string GPT::set_neuron_ablated(int layer, int neuron, bool on) {
    const int C4 = 4 * cfg.n_embd;
    if (layer < 0 || layer >= cfg.n_layer)
        return "layer " + std::to_string(layer) + " is out of range (the model has layers 0.." + std::to_string(cfg.n_layer - 1) + ")";
    if (neuron < 0 || neuron >= C4)
        return "neuron " + std::to_string(neuron) + " is out of range (each MLP has neurons 0.." + std::to_string(C4 - 1) + ")";
    ablation.neurons.resize((size_t)cfg.n_layer * C4, 0);
    ablation.neurons[(size_t)layer * C4 + neuron] = on ? 1 : 0;
    return {};
}

bool GPT::head_ablated(int layer, int head) const {
    const size_t i = (size_t)layer * cfg.n_head + head;
    return layer >= 0 && head >= 0 && head < cfg.n_head && i < ablation.heads.size() && ablation.heads[i];
}

bool GPT::neuron_ablated(int layer, int neuron) const {
    const int C4 = 4 * cfg.n_embd;
    const size_t i = (size_t)layer * C4 + neuron;
    return layer >= 0 && neuron >= 0 && neuron < C4 && i < ablation.neurons.size() && ablation.neurons[i];
}

void GPT::forward(const int* in, const int* tg, int B, int T) {
    loss = -1.0f;
    if (params.empty() || B <= 0 || T <= 0 || T > cfg.n_ctx) {  // callers check; never touch memory out of range
        inputs.clear();
        targets.clear();
        return;
    }
    const int L = cfg.n_layer, C = cfg.n_embd, NH = cfg.n_head, V = cfg.vocab_size;
    const int N = B * T;
    activations_alloc(acts, cfg, B, T);
    // copy first: the caller may pass our own inputs/targets back in (re-running the last batch);
    // the staging buffers swap with inputs/targets, so both keep their capacity
    scratch.inputs.assign(in, in + N);
    if (tg) scratch.targets.assign(tg, tg + N);
    else scratch.targets.clear();
    inputs.swap(scratch.inputs);
    targets.swap(scratch.targets);
    scratch.inputs.reserve(N);  // both halves of the swap hold (B,T) from the first call on
    if (tg) scratch.targets.reserve(N);
    in = inputs.data();
    tg = tg ? targets.data() : nullptr;

    static thread_local ModelPtrs p_cache;
    const ModelPtrs& p = model_ptrs(p_cache, table, params.data(), L);
    Activations& a = acts;

    // encoder: encoded (B,T,C) = wte[token] + wpe[position]
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            float* out = a.encoded.data() + ((size_t)b * T + t) * C;
            const float* we = p.wte + (size_t)in[b * T + t] * C;
            const float* pe = p.wpe + (size_t)t * C;
            for (int i = 0; i < C; i++) out[i] = we[i] + pe[i];
        }

    const size_t NC = (size_t)N * C, NTT = (size_t)B * NH * T * T;
    for (int l = 0; l < L; l++) {
        const BlockPtrs& w = p.blocks[l];
        const float* residual = l == 0 ? a.encoded.data() : a.residual3.data() + (l - 1) * NC;
        float* ln1 = a.ln1.data() + l * NC;
        float* ln1_mean = a.ln1_mean.data() + (size_t)l * N;
        float* ln1_rstd = a.ln1_rstd.data() + (size_t)l * N;
        float* qkv = a.qkv.data() + l * NC * 3;
        float* atty = a.atty.data() + l * NC;
        float* preatt = a.preatt.data() + l * NTT;
        float* att = a.att.data() + l * NTT;
        float* attproj = a.attproj.data() + l * NC;
        float* residual2 = a.residual2.data() + l * NC;
        float* ln2 = a.ln2.data() + l * NC;
        float* ln2_mean = a.ln2_mean.data() + (size_t)l * N;
        float* ln2_rstd = a.ln2_rstd.data() + (size_t)l * N;
        float* fch = a.fch.data() + l * NC * 4;
        float* fch_gelu = a.fch_gelu.data() + l * NC * 4;
        float* fcproj = a.fcproj.data() + l * NC;
        float* residual3 = a.residual3.data() + l * NC;

        layernorm_forward(ln1, ln1_mean, ln1_rstd, residual, w.ln1w, w.ln1b, N, C);
        matmul_forward(qkv, ln1, w.qkvw, w.qkvb, N, C, 3 * C);
        attention_forward(atty, preatt, att, qkv, B, T, C, NH);
        mask_heads(atty, l, N);
        matmul_forward(attproj, atty, w.projw, w.projb, N, C, C);
        residual_forward(residual2, residual, attproj, NC);
        layernorm_forward(ln2, ln2_mean, ln2_rstd, residual2, w.ln2w, w.ln2b, N, C);
        matmul_forward(fch, ln2, w.fcw, w.fcb, N, C, 4 * C);
        gelu_forward(fch_gelu, fch, NC * 4);
        mask_neurons(fch_gelu, l, N);
        matmul_forward(fcproj, fch_gelu, w.fcprojw, w.fcprojb, N, 4 * C, C);
        residual_forward(residual3, residual2, fcproj, NC);
    }
    const float* last = a.residual3.data() + (L - 1) * NC;
    layernorm_forward(a.lnf.data(), a.lnf_mean.data(), a.lnf_rstd.data(), last, p.lnfw, p.lnfb, N, C);
    // lm head, tied: logits (N,V) = lnf (N,C) · wteᵀ. wte (V,C) is the transpose of an
    // input-major (C,V) weight, so this is the "dinp += dout · wᵀ" product with wte as w (V,C).
    matmul_backward_input(a.logits.data(), a.lnf.data(), p.wte, N, V, C, false);
    softmax_forward(a.probs.data(), a.logits.data(), N, V);
    if (tg) {
        crossentropy_forward(a.losses.data(), a.probs.data(), tg, N, V);
        double sum = 0.0;
        for (int i = 0; i < N; i++) sum += a.losses[i];
        loss = (float)(sum / N);
    }
}

void GPT::zero_grad() {
    if (grads.size() == params.size()) fill_zero(grads.data(), grads.size());  // over the thread pool
    else grads.assign(params.size(), 0.0f);
}

void GPT::backward() {
    // needs a forward with targets (not the loss value: a perfect fit can round to -0.0 or -1e-9)
    if (targets.empty() || acts.B <= 0 || targets.size() != (size_t)acts.B * (size_t)acts.T) return;
    if (grads.size() != params.size()) grads.assign(params.size(), 0.0f);
    const int L = cfg.n_layer, C = cfg.n_embd, NH = cfg.n_head, V = cfg.vocab_size;
    const int B = acts.B, T = acts.T, N = B * T;
    const size_t NC = (size_t)N * C, NTT = (size_t)B * NH * T * T;
    static thread_local ModelPtrs p_cache, g_cache;
    const ModelPtrs& p = model_ptrs(p_cache, table, params.data(), L);
    const ModelPtrs& g = model_ptrs(g_cache, table, grads.data(), L);
    Activations& a = acts;

    // Scratch gradients of the activations, reused from layer to layer (only the residual
    // stream's gradient flows between layers); kept in the model from step to step.
    Scratch& s = scratch;
    auto sized = [](std::vector<float>& v, size_t n) -> std::vector<float>& {
        if (v.size() != n) v.assign(n, 0.0f);
        return v;
    };
    std::vector<float>& dlogits = sized(s.dlogits, (size_t)N * V);
    std::vector<float>& dresidual = sized(s.dresidual, NC);  // d loss / d (residual stream at the current depth)
    fill_zero(dresidual.data(), NC);  // (LayerNorm backward accumulates into it)
    std::vector<float>& dln = sized(s.dln, NC);
    std::vector<float>& datty = sized(s.datty, NC);
    std::vector<float>& dfch_gelu = sized(s.dfch_gelu, NC * 4);
    std::vector<float>& dfch = sized(s.dfch, NC * 4);
    std::vector<float>& dqkv = sized(s.dqkv, NC * 3);
    std::vector<float>& dpreatt = sized(s.dpreatt, NTT);
    std::vector<float>& datt = sized(s.datt, NTT);

    // mean over N positions: every loss gets weight 1/N
    crossentropy_softmax_backward(dlogits.data(), a.probs.data(), targets.data(), 1.0f / (float)N, N, V);
    weight_positions(dlogits.data(), N, V);
    // lm head: dlnf (N,C) = dlogits (N,V) · wte (V,C);  dwte (V,C) += dlogitsᵀ · lnf
    matmul_forward(dln.data(), dlogits.data(), p.wte, nullptr, N, V, C);
    matmul_backward_weight(g.wte, nullptr, a.lnf.data(), dlogits.data(), N, V, C);
    const float* last = a.residual3.data() + (L - 1) * NC;
    layernorm_backward(dresidual.data(), g.lnfw, g.lnfb, dln.data(), last, p.lnfw, a.lnf_mean.data(),
                       a.lnf_rstd.data(), N, C);

    for (int l = L - 1; l >= 0; l--) {
        const BlockPtrs& w = p.blocks[l];
        const BlockPtrs& dw = g.blocks[l];
        const float* residual = l == 0 ? a.encoded.data() : a.residual3.data() + (l - 1) * NC;
        const float* ln1 = a.ln1.data() + l * NC;
        const float* ln1_mean = a.ln1_mean.data() + (size_t)l * N;
        const float* ln1_rstd = a.ln1_rstd.data() + (size_t)l * N;
        const float* qkv = a.qkv.data() + l * NC * 3;
        const float* atty = a.atty.data() + l * NC;
        const float* att = a.att.data() + l * NTT;
        const float* residual2 = a.residual2.data() + l * NC;
        const float* ln2 = a.ln2.data() + l * NC;
        const float* ln2_mean = a.ln2_mean.data() + (size_t)l * N;
        const float* ln2_rstd = a.ln2_rstd.data() + (size_t)l * N;
        const float* fch = a.fch.data() + l * NC * 4;
        const float* fch_gelu = a.fch_gelu.data() + l * NC * 4;

        // residual3 = residual2 + fcproj: dfcproj = dresidual, and dresidual carries on to residual2
        matmul_backward_weight(dw.fcprojw, dw.fcprojb, dresidual.data(), fch_gelu, N, 4 * C, C);
        // (the activation gradients are overwritten, not accumulated: accumulate = false)
        matmul_backward_input(dfch_gelu.data(), dresidual.data(), w.fcprojw, N, 4 * C, C, false);
        mask_neurons(dfch_gelu.data(), l, N);
        gelu_backward(dfch.data(), fch, dfch_gelu.data(), NC * 4, false);
        matmul_backward_weight(dw.fcw, dw.fcb, dfch.data(), ln2, N, C, 4 * C);
        matmul_backward_input(dln.data(), dfch.data(), w.fcw, N, C, 4 * C, false);
        layernorm_backward(dresidual.data(), dw.ln2w, dw.ln2b, dln.data(), residual2, w.ln2w, ln2_mean, ln2_rstd, N, C);

        // residual2 = residual + attproj: dattproj = dresidual, which carries on to residual
        matmul_backward_weight(dw.projw, dw.projb, dresidual.data(), atty, N, C, C);
        matmul_backward_input(datty.data(), dresidual.data(), w.projw, N, C, C, false);
        mask_heads(datty.data(), l, N);
        attention_backward(dqkv.data(), dpreatt.data(), datt.data(), datty.data(), qkv, att, B, T, C, NH, false);
        matmul_backward_weight(dw.qkvw, dw.qkvb, dqkv.data(), ln1, N, C, 3 * C);
        matmul_backward_input(dln.data(), dqkv.data(), w.qkvw, N, C, 3 * C, false);
        layernorm_backward(dresidual.data(), dw.ln1w, dw.ln1b, dln.data(), residual, w.ln1w, ln1_mean, ln1_rstd, N, C);
    }

    // encoder: the tied wte also receives the embedding gradient (on top of the lm head's)
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            const float* d = dresidual.data() + ((size_t)b * T + t) * C;
            float* dwe = g.wte + (size_t)inputs[b * T + t] * C;
            float* dpe = g.wpe + (size_t)t * C;
            for (int i = 0; i < C; i++) {
                dwe[i] += d[i];
                dpe[i] += d[i];
            }
        }
}

float grad_global_norm(const GPT& m) {
    double s = 0.0;
    for (float g : m.grads) s += (double)g * (double)g;
    return (float)std::sqrt(s);
}

bool params_all_finite(const GPT& m) {
    for (float x : m.params)
        if (!std::isfinite(x)) return false;
    return true;
}

} // namespace ga
