// GPT-2 configuration and the one parameter table that the model, the checkpoint I/O and the
// UI all walk. Every parameter lives in one float allocation; a ParamTensor says where.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ga {

struct GPTConfig {
    int n_layer = 2;      // transformer blocks
    int n_head = 2;       // attention heads per block (n_embd % n_head == 0)
    int n_embd = 32;      // C, the residual stream width
    int n_ctx = 32;       // T_max, learned positions
    int vocab_size = 65;  // V
};

// What a tensor is, for the UI (model map, anatomy) and for the optimizer (decay or not).
enum ParamKind : int {
    PARAM_WTE,         // (V, C)  token embedding, tied with the lm head
    PARAM_WPE,         // (T, C)  position embedding
    PARAM_LN1_W,       // (C)
    PARAM_LN1_B,       // (C)
    PARAM_ATTN_QKV_W,  // (C, 3C) fused W_Q | W_K | W_V, input-major
    PARAM_ATTN_QKV_B,  // (3C)
    PARAM_ATTN_PROJ_W, // (C, C)  W_O
    PARAM_ATTN_PROJ_B, // (C)
    PARAM_LN2_W,       // (C)
    PARAM_LN2_B,       // (C)
    PARAM_MLP_FC_W,    // (C, 4C) W1
    PARAM_MLP_FC_B,    // (4C)    b1
    PARAM_MLP_PROJ_W,  // (4C, C) W2
    PARAM_MLP_PROJ_B,  // (C)     b2
    PARAM_LNF_W,       // (C)
    PARAM_LNF_B,       // (C)
    PARAM_KIND_COUNT
};

struct ParamTensor {
    std::string name;   // Hugging Face GPT-2 name, e.g. "h.0.attn.c_attn.weight"
    ParamKind kind;
    int layer;          // block index, -1 outside the blocks
    int rank;           // 1 or 2
    int rows, cols;     // rank 2: (rows, cols); rank 1: rows = 1, cols = length
    size_t offset;      // in floats, into the one parameter allocation
    size_t numel;
};

// Table in checkpoint order: wte, wpe, h.0.*, ..., h.{L-1}.*, ln_f.*
std::vector<ParamTensor> param_table(const GPTConfig& cfg);
size_t param_count(const GPTConfig& cfg);      // valid once config_check(cfg) passed
uint64_t param_count64(const GPTConfig& cfg);  // any config (config_check uses it)

// Empty string when valid, else a one-line reason ("n_embd (30) is not a multiple of n_head (4)").
// Also rejects sizes whose parameters + activations cannot fit in memory (absurd configs).
std::string config_check(const GPTConfig& cfg);

const char* param_kind_label(ParamKind k);  // short English label: "W_QKV", "b1", "LN1 gain", ...

} // namespace ga
