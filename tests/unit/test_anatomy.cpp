// Parameter anatomy: exact published totals, GPT-2 family equal to the model's own count, every
// breakdown summing to its total, JSON output.
#include <catch2/catch.hpp>

#include "anatomy.h"
#include "json.h"
#include "params.h"

#include <cmath>

using namespace ga;

namespace {
int64_t total_of(const std::string& name) {
    const ArchSpec* a = anatomy_find(name);
    REQUIRE(a);
    return anatomy_count(*a).total;
}
} // namespace

TEST_CASE("anatomy: GPT-2 and LLaMA totals are the exact published counts", "[anatomy]") {
    CHECK(total_of("gpt2") == 124439808);
    CHECK(total_of("gpt2-medium") == 354823168);
    CHECK(total_of("gpt2-large") == 774030080);
    CHECK(total_of("gpt2-xl") == 1557611200);
    CHECK(total_of("llama-7b") == 6738415616);
    // Touvron et al. print 6.7B, 13.0B, 32.5B, 65.2B (truncated: 65,285,660,672 is 65.29B).
    CHECK(total_of("llama-7b") / 100000000 == 67);
    CHECK(total_of("llama-13b") / 100000000 == 130);
    CHECK(total_of("llama-33b") / 100000000 == 325);
    CHECK(total_of("llama-65b") / 100000000 == 652);
    CHECK(total_of("llama-65b") == 65285660672);
}

TEST_CASE("anatomy: the eight GPT-3 models are near their names", "[anatomy]") {
    const std::pair<const char*, double> g3[] = {{"gpt3-125m", 125e6}, {"gpt3-350m", 350e6}, {"gpt3-760m", 760e6},
                                                 {"gpt3-1.3b", 1.3e9},  {"gpt3-2.7b", 2.7e9},  {"gpt3-6.7b", 6.7e9},
                                                 {"gpt3-13b", 13e9},    {"gpt3-175b", 175e9}};
    for (auto& g : g3) {
        INFO(g.first);
        const ArchSpec* a = anatomy_find(g.first);
        REQUIRE(a);
        CHECK(a->family == FAMILY_GPT3);
        CHECK(a->vocab == 50257);
        CHECK(a->n_ctx == 2048);
        CHECK(std::fabs(double(anatomy_count(*a).total) / g.second - 1.0) < 0.03);
    }
    CHECK(anatomy_find("gpt3-175b")->n_layer == 96);
    CHECK(anatomy_find("gpt3-13b")->d_model == 5140);
}

TEST_CASE("anatomy: GPT-2 family counts equal param_count of the same GPTConfig", "[anatomy]") {
    const GPTConfig cfgs[] = {{2, 2, 32, 64, 65}, {1, 1, 4, 3, 5}, {4, 4, 128, 64, 65}, {12, 12, 768, 1024, 50257}, {3, 5, 35, 17, 101}};
    for (const GPTConfig& c : cfgs) {
        const ArchSpec a = arch_from_config("m", c);
        const ParamBreakdown b = anatomy_count(a);
        CHECK(b.total == int64_t(param_count(c)));
        // component by component against the parameter table
        int64_t by_kind[PARAM_KIND_COUNT] = {};
        for (auto& p : param_table(c)) by_kind[p.kind] += int64_t(p.numel);
        CHECK(b.token_embedding == by_kind[PARAM_WTE]);
        CHECK(b.position_embedding == by_kind[PARAM_WPE]);
        CHECK(b.attn_q + b.attn_k + b.attn_v == by_kind[PARAM_ATTN_QKV_W]);
        CHECK(b.attn_o == by_kind[PARAM_ATTN_PROJ_W]);
        CHECK(b.attn_biases == by_kind[PARAM_ATTN_QKV_B] + by_kind[PARAM_ATTN_PROJ_B]);
        CHECK(b.mlp_w1 == by_kind[PARAM_MLP_FC_W]);
        CHECK(b.mlp_w2 == by_kind[PARAM_MLP_PROJ_W]);
        CHECK(b.mlp_biases == by_kind[PARAM_MLP_FC_B] + by_kind[PARAM_MLP_PROJ_B]);
        CHECK(b.norm_gains == by_kind[PARAM_LN1_W] + by_kind[PARAM_LN2_W] + by_kind[PARAM_LNF_W]);
        CHECK(b.norm_biases == by_kind[PARAM_LN1_B] + by_kind[PARAM_LN2_B] + by_kind[PARAM_LNF_B]);
        CHECK(b.lm_head == 0);
    }
    // The gpt2 preset is the Hugging Face gpt2 config.
    CHECK(anatomy_count(*anatomy_find("gpt2")).total == int64_t(param_count(GPTConfig{12, 12, 768, 1024, 50257})));
}

TEST_CASE("anatomy: breakdowns add up, LLaMA has no biases and an untied head", "[anatomy]") {
    for (const ArchSpec& a : anatomy_presets()) {
        INFO(a.name);
        const ParamBreakdown b = anatomy_count(a);
        CHECK(b.total == b.embeddings() + b.attention() + b.feed_forward() + b.norms() + b.lm_head);
        CHECK(b.total == b.weights + b.biases + b.norm_gains);
        CHECK(b.total > 0);
        if (a.family == FAMILY_LLAMA) {
            CHECK(b.biases == 0);
            CHECK(b.position_embedding == 0);
            CHECK(b.lm_head == a.vocab * a.d_model);
            CHECK(b.mlp_w3 == b.mlp_w1);
            CHECK(a.vocab == 32000);
        }
    }
    const ArchSpec* g4 = anatomy_find("gpt4-estimate");
    REQUIRE(g4);
    CHECK_FALSE(g4->official);
    CHECK(g4->note.find("never published") != std::string::npos);
    for (const char* n : {"gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "llama-7b", "llama-13b", "llama-33b", "llama-65b"}) {
        REQUIRE(anatomy_find(n));
        CHECK(anatomy_find(n)->official);
    }
    CHECK(anatomy_find("gpt5") == nullptr);
}

TEST_CASE("anatomy: JSON has the exact total and every component", "[anatomy]") {
    const ArchSpec a = *anatomy_find("gpt3-175b");
    const ParamBreakdown b = anatomy_count(a);
    const std::string js = anatomy_json(a, b);
    JsonValue v;
    REQUIRE(json_parse(js.data(), js.size(), &v) == "");
    uint64_t total = 0;
    REQUIRE(v.get("total"));
    REQUIRE(v.get("total")->as_u64(&total));
    CHECK(int64_t(total) == b.total);
    CHECK(v.get("name")->text == "gpt3-175b");
    CHECK(v.get("family")->text == "gpt3");
    for (const char* k : {"n_layer", "n_head", "d_model", "vocab_size", "n_ctx", "token_embedding", "position_embedding", "attn_q",
                          "attn_k", "attn_v", "attn_o", "attn_biases", "mlp_w1", "mlp_w2", "mlp_w3", "mlp_biases",
                          "norm_gains", "norm_biases", "lm_head", "weights", "biases"})
        CHECK(v.get(k) != nullptr);
    // registering a shipped model
    anatomy_register_preset(arch_from_config("anatomy-test", GPTConfig{2, 2, 32, 64, 65}));
    REQUIRE(anatomy_find("anatomy-test"));
    CHECK(anatomy_count(*anatomy_find("anatomy-test")).total == int64_t(param_count(GPTConfig{2, 2, 32, 64, 65})));
}

TEST_CASE("param_count is the table's sum, config_check refuses counts past 2e9 even where size_t is 32 bits", "[anatomy][config]") {
    for (const GPTConfig& c : {GPTConfig{2, 2, 32, 64, 65}, GPTConfig{12, 12, 768, 1024, 50257}, GPTConfig{3, 5, 35, 17, 101}}) {
        uint64_t sum = 0;
        for (auto& p : param_table(c)) sum += p.numel;
        CHECK(param_count64(c) == sum);
        CHECK(param_count(c) == size_t(sum));
        CHECK(config_check(c) == "");
    }
    // Counts that a 32-bit size_t (wasm32) wraps to a small number must still be refused: the
    // first two came out as 1.7 and 3.4 million parameters there, and were accepted.
    const GPTConfig big[] = {
        {16, 16, 8192, 1, 2},              // 1.29e10
        {64, 64, 4096, 1, 2},              // 1.29e10
        {128, 128, 16384, 8192, 1000000},  // 4.4e11
        {26, 16, 2560, 2048, 50257},       // 2.18e9, just over the limit
    };
    for (const GPTConfig& c : big) {
        INFO("n_layer " << c.n_layer << " n_embd " << c.n_embd << " vocab " << c.vocab_size);
        CHECK(param_count64(c) > uint64_t(2000000000));
        CHECK(config_check(c).find("model too large") == 0);
    }
    // The largest shipped-style GPT-2 sizes stay allowed.
    CHECK(config_check(GPTConfig{48, 25, 1600, 1024, 50257}) == "");  // gpt2-xl, 1.56e9
}
