#include "anatomy.h"
#include "json.h"

namespace ga {

ParamBreakdown anatomy_count(const ArchSpec& a) {
    ParamBreakdown b;
    const int64_t L = a.n_layer, C = a.d_model, V = a.vocab;
    const int64_t F = a.d_ff > 0 ? a.d_ff : 4 * C;
    const int64_t E = a.n_experts > 1 ? a.n_experts : 1;
    b.token_embedding = V * C;
    b.attn_q = b.attn_k = b.attn_v = b.attn_o = L * C * C;
    if (a.family == FAMILY_LLAMA) {
        // Rotary positions: no position parameters. No biases anywhere. RMSNorm: a gain only,
        // before attention and before the MLP in each block, plus the final norm.
        // SwiGLU MLP: W1 (up, C→F), W3 (gate, C→F), W2 (down, F→C). Untied output head.
        b.mlp_w1 = E * L * C * F;
        b.mlp_w3 = E * L * C * F;
        b.mlp_w2 = E * L * F * C;
        b.norm_gains = (2 * L + 1) * C;
        b.lm_head = V * C;
    } else {
        // GPT-2 / GPT-3: learned positions, fused QKV counted as W_Q|W_K|W_V (C·C each) with
        // biases, W_O with bias, GELU MLP C→F→C with biases, LayerNorm gain + shift twice per
        // block and once at the end, output head tied to the token embedding.
        b.position_embedding = a.n_ctx * C;
        b.attn_biases = L * 4 * C;
        b.mlp_w1 = E * L * C * F;
        b.mlp_w2 = E * L * F * C;
        b.mlp_biases = E * L * (F + C);
        b.norm_gains = (2 * L + 1) * C;
        b.norm_biases = (2 * L + 1) * C;
    }
    if (E > 1) b.moe_router = L * C * E;
    b.weights = b.token_embedding + b.position_embedding + b.attn_q + b.attn_k + b.attn_v + b.attn_o + b.mlp_w1 +
                b.mlp_w2 + b.mlp_w3 + b.moe_router + b.lm_head;
    b.biases = b.attn_biases + b.mlp_biases + b.norm_biases;
    b.total = b.embeddings() + b.attention() + b.feed_forward() + b.norms() + b.lm_head;
    return b;
}

namespace {

ArchSpec gpt(const char* name, const char* display, ArchFamily fam, int64_t L, int64_t C, int64_t H, int64_t ctx,
             const char* note) {
    ArchSpec a;
    a.name = name;
    a.display = display;
    a.family = fam;
    a.n_layer = L;
    a.d_model = C;
    a.n_head = H;
    a.vocab = 50257;
    a.n_ctx = ctx;
    a.note = note;
    return a;
}

ArchSpec llama(const char* name, const char* display, int64_t L, int64_t C, int64_t H, int64_t F) {
    ArchSpec a;
    a.name = name;
    a.display = display;
    a.family = FAMILY_LLAMA;
    a.n_layer = L;
    a.d_model = C;
    a.n_head = H;
    a.vocab = 32000;
    a.n_ctx = 2048;
    a.d_ff = F;
    a.note = "Touvron et al. 2023, LLaMA (Table 2); d_ff = 2/3·4·d rounded up to a multiple of 256";
    return a;
}

std::vector<ArchSpec>& presets_mut() {
    static std::vector<ArchSpec> p = [] {
        const char* g2 = "Radford et al. 2019; sizes of the released checkpoints (Hugging Face gpt2*)";
        const char* g3 = "Brown et al. 2020, Language Models are Few-Shot Learners, Table 2.1";
        std::vector<ArchSpec> v = {
            gpt("gpt2", "GPT-2 small", FAMILY_GPT2, 12, 768, 12, 1024, g2),
            gpt("gpt2-medium", "GPT-2 medium", FAMILY_GPT2, 24, 1024, 16, 1024, g2),
            gpt("gpt2-large", "GPT-2 large", FAMILY_GPT2, 36, 1280, 20, 1024, g2),
            gpt("gpt2-xl", "GPT-2 XL", FAMILY_GPT2, 48, 1600, 25, 1024, g2),
            gpt("gpt3-125m", "GPT-3 Small (125M)", FAMILY_GPT3, 12, 768, 12, 2048, g3),
            gpt("gpt3-350m", "GPT-3 Medium (350M)", FAMILY_GPT3, 24, 1024, 16, 2048, g3),
            gpt("gpt3-760m", "GPT-3 Large (760M)", FAMILY_GPT3, 24, 1536, 16, 2048, g3),
            gpt("gpt3-1.3b", "GPT-3 XL (1.3B)", FAMILY_GPT3, 24, 2048, 24, 2048, g3),
            gpt("gpt3-2.7b", "GPT-3 2.7B", FAMILY_GPT3, 32, 2560, 32, 2048, g3),
            gpt("gpt3-6.7b", "GPT-3 6.7B", FAMILY_GPT3, 32, 4096, 32, 2048, g3),
            gpt("gpt3-13b", "GPT-3 13B", FAMILY_GPT3, 40, 5140, 40, 2048,
                "Brown et al. 2020, Table 2.1 (d_model 5140 as printed there; 5140/40 heads is not an integer)"),
            gpt("gpt3-175b", "GPT-3 175B (davinci)", FAMILY_GPT3, 96, 12288, 96, 2048, g3),
            llama("llama-7b", "LLaMA 7B", 32, 4096, 32, 11008),
            llama("llama-13b", "LLaMA 13B", 40, 5120, 40, 13824),
            llama("llama-33b", "LLaMA 33B", 60, 6656, 52, 17920),
            llama("llama-65b", "LLaMA 65B", 80, 8192, 64, 22016),
        };
        // Not a published architecture: a widely repeated rumour, shown as such.
        ArchSpec g4 = gpt("gpt4-estimate", "GPT-4 (unofficial estimate)", FAMILY_GPT3, 120, 10752, 84, 8192,
                          "UNOFFICIAL ESTIMATE: OpenAI never published GPT-4's size or architecture. Modelled on the "
                          "widely reported rumour (SemiAnalysis, July 2023: ~1.8T parameters, 120 layers, 16 experts of "
                          "~111B MLP parameters, ~55B shared attention) as a GPT-3-style mixture of experts with the "
                          "cl100k_base vocabulary. Treat every digit as a guess.");
        g4.vocab = 100277;
        g4.n_experts = 16;
        g4.official = false;
        v.push_back(g4);
        return v;
    }();
    return p;
}

const char* family_name(ArchFamily f) {
    switch (f) {
    case FAMILY_GPT2: return "gpt2";
    case FAMILY_GPT3: return "gpt3";
    case FAMILY_LLAMA: return "llama";
    default: return "?";
    }
}

} // namespace

const std::vector<ArchSpec>& anatomy_presets() { return presets_mut(); }

const ArchSpec* anatomy_find(const std::string& name) {
    for (auto& a : presets_mut()) if (a.name == name) return &a;
    return nullptr;
}

void anatomy_register_preset(const ArchSpec& a) {
    for (auto& p : presets_mut())
        if (p.name == a.name) { p = a; return; }
    presets_mut().push_back(a);
}

ArchSpec arch_from_config(const std::string& name, const GPTConfig& c) {
    ArchSpec a;
    a.name = name;
    a.display = name;
    a.family = FAMILY_GPT2;
    a.n_layer = c.n_layer;
    a.d_model = c.n_embd;
    a.n_head = c.n_head;
    a.vocab = c.vocab_size;
    a.n_ctx = c.n_ctx;
    a.d_ff = 0;
    a.note = "GPT-2 architecture with n_layer " + std::to_string(c.n_layer) + ", n_head " + std::to_string(c.n_head) +
             ", n_embd " + std::to_string(c.n_embd) + ", n_ctx " + std::to_string(c.n_ctx) + ", vocab " +
             std::to_string(c.vocab_size);
    return a;
}

std::string anatomy_json(const ArchSpec& a, const ParamBreakdown& b) {
    auto num = [](int64_t v) { return std::to_string(v); };
    const int64_t F = a.d_ff > 0 ? a.d_ff : 4 * a.d_model;
    std::string s = "{";
    s += "\"name\":" + json_quote(a.name);
    s += ",\"display\":" + json_quote(a.display);
    s += ",\"family\":" + json_quote(family_name(a.family));
    s += std::string(",\"official\":") + (a.official ? "true" : "false");
    s += ",\"note\":" + json_quote(a.note);
    s += ",\"n_layer\":" + num(a.n_layer);
    s += ",\"d_model\":" + num(a.d_model);
    s += ",\"n_embd\":" + num(a.d_model);
    s += ",\"n_head\":" + num(a.n_head);
    s += ",\"vocab_size\":" + num(a.vocab);
    s += ",\"n_ctx\":" + num(a.n_ctx);
    s += ",\"d_ff\":" + num(F);
    s += ",\"n_experts\":" + num(a.n_experts > 1 ? a.n_experts : 1);
    s += std::string(",\"tied_head\":") + (a.family == FAMILY_LLAMA ? "false" : "true");
    s += ",\"token_embedding\":" + num(b.token_embedding);
    s += ",\"position_embedding\":" + num(b.position_embedding);
    s += ",\"attn_q\":" + num(b.attn_q);
    s += ",\"attn_k\":" + num(b.attn_k);
    s += ",\"attn_v\":" + num(b.attn_v);
    s += ",\"attn_o\":" + num(b.attn_o);
    s += ",\"attn_biases\":" + num(b.attn_biases);
    s += ",\"mlp_w1\":" + num(b.mlp_w1);
    s += ",\"mlp_w2\":" + num(b.mlp_w2);
    s += ",\"mlp_w3\":" + num(b.mlp_w3);
    s += ",\"mlp_biases\":" + num(b.mlp_biases);
    s += ",\"moe_router\":" + num(b.moe_router);
    s += ",\"norm_gains\":" + num(b.norm_gains);
    s += ",\"norm_biases\":" + num(b.norm_biases);
    s += ",\"lm_head\":" + num(b.lm_head);
    s += ",\"embeddings\":" + num(b.embeddings());
    s += ",\"attention\":" + num(b.attention());
    s += ",\"feed_forward\":" + num(b.feed_forward());
    s += ",\"norms\":" + num(b.norms());
    s += ",\"weights\":" + num(b.weights);
    s += ",\"biases\":" + num(b.biases);
    s += ",\"total\":" + num(b.total);
    s += "}";
    return s;
}

} // namespace ga
