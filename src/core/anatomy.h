// Parameter anatomy: exact counts by component for GPT-2/GPT-3 style models (learned positions,
// LayerNorm with bias, biases everywhere, GELU MLP 4C, tied head) and LLaMA (no biases, RMSNorm
// gain only, SwiGLU MLP with three matrices, rotary positions (no parameters), untied head).
#pragma once
#include "params.h"
#include <cstdint>
#include <string>
#include <vector>

namespace ga {

enum ArchFamily : int { FAMILY_GPT2 = 0, FAMILY_GPT3 = 1, FAMILY_LLAMA = 2 };

struct ArchSpec {
    std::string name;        // preset name, e.g. "gpt2", "gpt3-175b", "llama-7b"
    std::string display;     // "GPT-2 small", "GPT-3 175B (davinci)"
    ArchFamily family = FAMILY_GPT2;
    int64_t n_layer = 12, d_model = 768, n_head = 12, vocab = 50257, n_ctx = 1024;
    int64_t d_ff = 0;        // 0 → 4·d_model (GPT); LLaMA gives it explicitly (11008 for 7B)
    int64_t n_experts = 1;   // > 1: mixture of experts, every MLP replicated per expert + a router
    bool official = true;    // false for widely quoted but unpublished figures (marked as estimates)
    std::string note;        // source / caveat
};

struct ParamBreakdown {
    int64_t token_embedding = 0, position_embedding = 0;
    int64_t attn_q = 0, attn_k = 0, attn_v = 0, attn_o = 0;  // weights only
    int64_t attn_biases = 0;                                 // b_Q, b_K, b_V, b_O
    int64_t mlp_w1 = 0, mlp_w2 = 0, mlp_w3 = 0;              // W1 (up), W2 (down), W3 (gate, SwiGLU)
    int64_t mlp_biases = 0;                                  // b1, b2
    int64_t moe_router = 0;                                  // (C, n_experts) per layer, MoE only
    int64_t norm_gains = 0, norm_biases = 0;                 // LayerNorm/RMSNorm γ and β, all layers + final
    int64_t lm_head = 0;                                     // 0 when tied
    int64_t total = 0;
    int64_t weights = 0;   // every rank-2 tensor
    int64_t biases = 0;    // every rank-1 tensor that is a bias (attn + mlp + norm β)
    int64_t attention() const { return attn_q + attn_k + attn_v + attn_o + attn_biases; }
    int64_t feed_forward() const { return mlp_w1 + mlp_w2 + mlp_w3 + mlp_biases + moe_router; }
    int64_t embeddings() const { return token_embedding + position_embedding; }
    int64_t norms() const { return norm_gains + norm_biases; }
};

ParamBreakdown anatomy_count(const ArchSpec& a);
const std::vector<ArchSpec>& anatomy_presets();     // GPT-2 ×4, GPT-3 ×8, LLaMA ×4, + estimates
const ArchSpec* anatomy_find(const std::string& name);
std::string anatomy_json(const ArchSpec& a, const ParamBreakdown& b);  // one JSON object, "total" exact

// The GPT-2 architecture of any GPTConfig (family GPT2, tied head), e.g. for the project's own
// models or a loaded checkpoint: anatomy_count(arch_from_config(n, c)).total == param_count(c).
ArchSpec arch_from_config(const std::string& name, const GPTConfig& cfg);
// Adds (or replaces, by name) a preset, e.g. the project's shipped models. Not thread-safe.
void anatomy_register_preset(const ArchSpec& a);

} // namespace ga
