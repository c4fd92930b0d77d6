// The GPT-2 model: forward, hand-written backward, activations kept for the UI.
// Forward/backward layer pairs live in kernels.h; this file wires them up like llm.c's gpt2.
#pragma once
#include "params.h"
#include <cstdint>
#include <string>
#include <vector>

namespace ga {

// Activations of one forward pass for a (B,T) batch; every buffer is kept after forward() so the
// UI can show attention patterns, MLP activations, logits and probabilities.
struct Activations {
    int B = 0, T = 0;
    std::vector<float> encoded;  // (B,T,C)  wte[tok] + wpe[pos]
    std::vector<float> ln1, ln1_mean, ln1_rstd;        // (L,B,T,C), (L,B,T), (L,B,T)
    std::vector<float> qkv;                             // (L,B,T,3C)
    std::vector<float> atty;                            // (L,B,T,C)
    std::vector<float> preatt, att;                     // (L,B,NH,T,T)
    std::vector<float> attproj;                         // (L,B,T,C)
    std::vector<float> residual2;                       // (L,B,T,C)
    std::vector<float> ln2, ln2_mean, ln2_rstd;        // (L,B,T,C), (L,B,T), (L,B,T)
    std::vector<float> fch;                             // (L,B,T,4C)  W1 x + b1, before GELU
    std::vector<float> fch_gelu;                        // (L,B,T,4C)  after GELU
    std::vector<float> fcproj;                          // (L,B,T,C)
    std::vector<float> residual3;                       // (L,B,T,C)  block outputs
    std::vector<float> lnf, lnf_mean, lnf_rstd;        // (B,T,C), (B,T), (B,T)
    std::vector<float> logits;                          // (B,T,V)
    std::vector<float> probs;                           // (B,T,V)
    std::vector<float> losses;                          // (B,T)
};

// Knock-outs for the UI's "what does this part do?" experiments. A masked attention head has its
// output (the head's slice of atty, before W_O) set to zero; a masked MLP neuron has its GELU
// output set to zero. backward() applies the same masks to the gradients, so training with a
// mask is training the ablated network. Empty vectors mean nothing is masked.
struct Ablation {
    std::vector<uint8_t> heads;    // (L, NH): 1 = knocked out
    std::vector<uint8_t> neurons;  // (L, 4C): 1 = knocked out
    int count() const;             // how many heads + neurons are knocked out
};

struct GPT {
    GPTConfig cfg;
    std::vector<ParamTensor> table;  // param_table(cfg)
    std::vector<float> params;       // one allocation, param_count(cfg) floats
    std::vector<float> grads;        // same layout as params (allocated lazily by backward)
    Activations acts;
    std::vector<int> inputs, targets;  // (B,T) of the last forward
    float loss = -1.0f;                // mean loss of the last forward with targets, -1 if none
    Ablation ablation;                 // kept across forward/backward; cleared by init()
    // (B,T) weight of each position's loss in backward(); empty = 1/(B·T) each (the mean loss).
    // The one-example gradient (teach.h) puts weight 1 on the last position only.
    std::vector<float> position_weights;

    // Buffers of backward (the activation gradients) and forward's copy of its inputs, kept from
    // step to step: sized by (B,T) and reallocated only when they change, so a training step of a
    // given shape allocates nothing after the first (tests/unit/test_alloc.cpp).
    struct Scratch {
        std::vector<float> dlogits, dresidual, dln, datty, dfch_gelu, dfch, dqkv, dpreatt, datt;
        std::vector<int> inputs, targets;  // staging copies (the caller may pass our own inputs back in)
    } scratch;

    // Builds the table and allocates params (zeros). Returns "" or a one-line reason.
    std::string init(const GPTConfig& c);
    // GPT-2 initialisation: N(0, 0.02), residual projections N(0, 0.02/sqrt(2L)), biases 0,
    // LayerNorm gains 1. Deterministic in seed.
    void init_random(uint64_t seed);

    const ParamTensor* find(const std::string& name) const;  // by HF name, or null
    float* param(const ParamTensor& p) { return params.data() + p.offset; }
    const float* param(const ParamTensor& p) const { return params.data() + p.offset; }
    float* grad(const ParamTensor& p) { return grads.data() + p.offset; }

    // inputs, targets: (B,T) token ids; targets may be null (inference: loss stays -1).
    // T <= n_ctx. Token ids must be in [0, vocab_size) — checked by the callers that take user input.
    void forward(const int* inputs, const int* targets, int B, int T);
    void zero_grad();
    // Gradient of the mean loss of the last forward (with targets) into grads (accumulating).
    void backward();

    // Knock out (on = true) or bring back one head / one neuron. "" or a one-line reason.
    std::string set_head_ablated(int layer, int head, bool on);
    std::string set_neuron_ablated(int layer, int neuron, bool on);
    bool head_ablated(int layer, int head) const;
    bool neuron_ablated(int layer, int neuron) const;
    void clear_ablation() { ablation = Ablation{}; }
    // The knock-outs applied to N rows of one layer (forward, backward and the KV-cache generator
    // in src/core/generate.cpp all call these): zero the ablated heads' outputs before W_O, and the
    // ablated neurons after GELU.
    void mask_heads(float* x, int layer, int N) const;    // x (N,C)
    void mask_neurons(float* x, int layer, int N) const;  // x (N,4C)

private:
    void weight_positions(float* dlogits, int N, int V) const;
};

// Sum of squares of all gradients, sqrt. Used for clipping and shown in the UI.
float grad_global_norm(const GPT& m);
bool params_all_finite(const GPT& m);

} // namespace ga
