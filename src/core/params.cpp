#include "params.h"

namespace ga {

std::vector<ParamTensor> param_table(const GPTConfig& cfg) {
    std::vector<ParamTensor> t;
    size_t off = 0;
    auto add = [&](std::string name, ParamKind kind, int layer, int rows, int cols, int rank) {
        ParamTensor p{std::move(name), kind, layer, rank, rows, cols, off, size_t(rows) * size_t(cols)};
        off += p.numel;
        t.push_back(std::move(p));
    };
    const int C = cfg.n_embd;
    add("wte.weight", PARAM_WTE, -1, cfg.vocab_size, C, 2);
    add("wpe.weight", PARAM_WPE, -1, cfg.n_ctx, C, 2);
    for (int l = 0; l < cfg.n_layer; l++) {
        const std::string h = "h." + std::to_string(l) + ".";
        add(h + "ln_1.weight", PARAM_LN1_W, l, 1, C, 1);
        add(h + "ln_1.bias", PARAM_LN1_B, l, 1, C, 1);
        add(h + "attn.c_attn.weight", PARAM_ATTN_QKV_W, l, C, 3 * C, 2);
        add(h + "attn.c_attn.bias", PARAM_ATTN_QKV_B, l, 1, 3 * C, 1);
        add(h + "attn.c_proj.weight", PARAM_ATTN_PROJ_W, l, C, C, 2);
        add(h + "attn.c_proj.bias", PARAM_ATTN_PROJ_B, l, 1, C, 1);
        add(h + "ln_2.weight", PARAM_LN2_W, l, 1, C, 1);
        add(h + "ln_2.bias", PARAM_LN2_B, l, 1, C, 1);
        add(h + "mlp.c_fc.weight", PARAM_MLP_FC_W, l, C, 4 * C, 2);
        add(h + "mlp.c_fc.bias", PARAM_MLP_FC_B, l, 1, 4 * C, 1);
        add(h + "mlp.c_proj.weight", PARAM_MLP_PROJ_W, l, 4 * C, C, 2);
        add(h + "mlp.c_proj.bias", PARAM_MLP_PROJ_B, l, 1, C, 1);
    }
    add("ln_f.weight", PARAM_LNF_W, -1, 1, C, 1);
    add("ln_f.bias", PARAM_LNF_B, -1, 1, C, 1);
    return t;
}

// Summed over the table itself, so the count cannot drift from the layout (anatomy_count's
// GPT-2 branch is the other count; tests/unit/test_anatomy.cpp checks that the two agree).
// In 64 bits: under wasm32 size_t is 32 bits, and the numel of a refused config may not fit.
uint64_t param_count64(const GPTConfig& cfg) {
    if (cfg.n_layer < 0 || cfg.n_layer > 4096) return UINT64_MAX;  // the table would be absurdly long
    uint64_t n = 0;
    for (const ParamTensor& p : param_table(cfg)) n += uint64_t(uint32_t(p.rows)) * uint64_t(uint32_t(p.cols));
    return n;
}

size_t param_count(const GPTConfig& cfg) { return size_t(param_count64(cfg)); }

std::string config_check(const GPTConfig& c) {
    auto bad = [](const char* what, long long v, const char* why) {
        return std::string(what) + " = " + std::to_string(v) + ": " + why;
    };
    if (c.n_layer < 1 || c.n_layer > 128) return bad("n_layer", c.n_layer, "must be between 1 and 128");
    if (c.n_embd < 1 || c.n_embd > 16384) return bad("n_embd", c.n_embd, "must be between 1 and 16384");
    if (c.n_head < 1 || c.n_head > c.n_embd) return bad("n_head", c.n_head, "must be between 1 and n_embd");
    if (c.n_embd % c.n_head != 0)
        return "n_embd (" + std::to_string(c.n_embd) + ") is not a multiple of n_head (" + std::to_string(c.n_head) + ")";
    if (c.n_ctx < 1 || c.n_ctx > 8192) return bad("n_ctx", c.n_ctx, "must be between 1 and 8192");
    if (c.vocab_size < 2 || c.vocab_size > 1000000) return bad("vocab_size", c.vocab_size, "must be between 2 and 1000000");
    const uint64_t n = param_count64(c);
    if (n > uint64_t(2000000000)) return "model too large: " + std::to_string(n) + " parameters (at most 2e9 float32 here)";
    return {};
}

const char* param_kind_label(ParamKind k) {
    switch (k) {
    case PARAM_WTE: return "token embedding";
    case PARAM_WPE: return "position embedding";
    case PARAM_LN1_W: return "LN1 gain";
    case PARAM_LN1_B: return "LN1 shift";
    case PARAM_ATTN_QKV_W: return "W_QKV";
    case PARAM_ATTN_QKV_B: return "b_QKV";
    case PARAM_ATTN_PROJ_W: return "W_O";
    case PARAM_ATTN_PROJ_B: return "b_O";
    case PARAM_LN2_W: return "LN2 gain";
    case PARAM_LN2_B: return "LN2 shift";
    case PARAM_MLP_FC_W: return "W1";
    case PARAM_MLP_FC_B: return "b1";
    case PARAM_MLP_PROJ_W: return "W2";
    case PARAM_MLP_PROJ_B: return "b2";
    case PARAM_LNF_W: return "final LN gain";
    case PARAM_LNF_B: return "final LN shift";
    default: return "?";
    }
}

} // namespace ga
