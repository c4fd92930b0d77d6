// gpt-anatomy params: exact parameter counts by component, for a named architecture or a checkpoint.
#include "cli.h"
#include <cstdlib>
#include "safetensors.h"
#include "anatomy.h"
#include "catalog.h"
#include "checkpoint.h"
#include "json.h"
#include <cstdio>

namespace ga::cli {

namespace {

std::string with_commas(int64_t v) {
    std::string s = std::to_string(v < 0 ? -v : v), o;
    for (size_t i = 0; i < s.size(); i++) {
        if (i && (s.size() - i) % 3 == 0) o += ',';
        o += s[i];
    }
    return v < 0 ? "-" + o : o;
}

std::string family_label(ArchFamily f) {
    return f == FAMILY_LLAMA ? "LLaMA" : f == FAMILY_GPT3 ? "GPT-3" : "GPT-2";
}

void print_table(const ArchSpec& a, const ParamBreakdown& b) {
    const int64_t F = a.d_ff > 0 ? a.d_ff : 4 * a.d_model;
    std::printf("%s (%s), %s family%s\n", a.display.c_str(), a.name.c_str(), family_label(a.family).c_str(),
                a.official ? "" : "  [UNOFFICIAL ESTIMATE]");
    std::printf("  n_layer %lld, d_model %lld, n_head %lld, d_ff %lld, vocab %lld, n_ctx %lld%s\n", (long long)a.n_layer,
                (long long)a.d_model, (long long)a.n_head, (long long)F, (long long)a.vocab, (long long)a.n_ctx,
                a.n_experts > 1 ? (", experts " + std::to_string(a.n_experts)).c_str() : "");
    if (!a.note.empty()) std::printf("  source: %s\n", a.note.c_str());
    std::printf("\n  %-34s %20s %8s\n", "component", "parameters", "share");
    const double tot = b.total > 0 ? double(b.total) : 1.0;
    auto row = [&](const char* name, int64_t v, bool always = false) {
        if (v == 0 && !always) return;
        std::printf("  %-34s %20s %7.2f%%\n", name, with_commas(v).c_str(), 100.0 * double(v) / tot);
    };
    const bool llama = a.family == FAMILY_LLAMA;
    row("token embedding (V x C)", b.token_embedding);
    row("position embedding (T x C)", b.position_embedding);
    row("attention W_Q (C x C per layer)", b.attn_q);
    row("attention W_K", b.attn_k);
    row("attention W_V", b.attn_v);
    row("attention W_O", b.attn_o);
    row("attention biases (b_Q b_K b_V b_O)", b.attn_biases);
    row(llama ? "MLP W1 up (C x d_ff)" : "MLP W1 (C x d_ff)", b.mlp_w1);
    row(llama ? "MLP W2 down (d_ff x C)" : "MLP W2 (d_ff x C)", b.mlp_w2);
    row("MLP W3 gate (C x d_ff, SwiGLU)", b.mlp_w3);
    row("MLP biases (b1 b2)", b.mlp_biases);
    row("MoE router (C x experts)", b.moe_router);
    row(llama ? "RMSNorm gains" : "LayerNorm gains", b.norm_gains);
    row("LayerNorm biases", b.norm_biases);
    if (llama) row("lm head (V x C, untied)", b.lm_head);
    std::printf("  %-34s %20s\n", "", "--------------------");
    row("embeddings", b.embeddings(), true);
    row("attention", b.attention(), true);
    row("feed-forward", b.feed_forward(), true);
    row("norms", b.norms(), true);
    if (b.lm_head) row("lm head", b.lm_head, true);
    row("weights (rank-2 tensors)", b.weights, true);
    row("biases", b.biases, true);
    std::printf("  %-34s %20s %7.2f%%\n", "TOTAL", with_commas(b.total).c_str(), 100.0);
    if (!llama) std::printf("  (output head tied to the token embedding: no extra parameters)\n");
}

} // namespace

// The project's own shipped models (assets/models/index.json) are presets too: their configs are
// read from the index, so `params --preset words-fr-tiny` always matches what is shipped.
static void register_shipped_models() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("GPT_ANATOMY_ASSETS")) dirs.push_back(std::string(env) + "/models");
    dirs.push_back("assets/models");
    std::string src = __FILE__;  // <repo>/src/cli/cmd_params.cpp
    const size_t at = src.rfind("/src/cli/");
    if (at != std::string::npos) dirs.push_back(src.substr(0, at) + "/assets/models");
    for (const std::string& dir : dirs) {
        std::vector<uint8_t> bytes;
        if (!read_file(dir + "/index.json", &bytes, size_t(1) << 20).empty()) continue;
        // The strict catalogue reader (src/core/catalog.h): a malformed index registers nothing.
        std::vector<CatalogModel> models;
        std::string def;
        if (!catalog_models_parse(reinterpret_cast<const char*>(bytes.data()), bytes.size(), &models, &def).empty()) continue;
        for (const CatalogModel& m : models)
            if (m.has_config && !anatomy_find(m.name)) anatomy_register_preset(arch_from_config(m.name, m.config));
        return;
    }
}

int cmd_params(const Args& a) {
    register_shipped_models();
    std::string err = a.check_allowed({"--preset", "--json", "--list", "--model"});
    if (!err.empty()) return fail("params", err + " (options: --preset NAME | --model M | --list, [--json])");
    if (!a.positional.empty()) return fail("params", "unexpected argument " + quote(a.positional[0]));
    const bool json = a.has("--json");
    if (a.has("--list")) {
        if (json) {
            std::string s = "[";
            bool first = true;
            for (auto& p : anatomy_presets()) {
                s += (first ? "" : ",\n") + anatomy_json(p, anatomy_count(p));
                first = false;
            }
            std::printf("%s]\n", s.c_str());
        } else {
            std::printf("%-16s %-28s %22s\n", "preset", "model", "parameters");
            for (auto& p : anatomy_presets())
                std::printf("%-16s %-28s %22s%s\n", p.name.c_str(), p.display.c_str(), with_commas(anatomy_count(p).total).c_str(),
                            p.official ? "" : "  (unofficial estimate)");
        }
        return 0;
    }
    ArchSpec spec;
    if (a.has("--model")) {
        if (a.has("--preset")) return fail("params", "give either --preset or --model, not both");
        const std::string path = a.get("--model");
        if (path.empty()) return fail("params", "--model needs a checkpoint file");
        Checkpoint ck;
        err = checkpoint_load_file(path, &ck);
        if (!err.empty()) return fail("params", err);
        std::string name = path;
        const size_t slash = name.find_last_of('/');
        if (slash != std::string::npos) name = name.substr(slash + 1);
        spec = arch_from_config(name, ck.model.cfg);
    } else if (a.has("--preset")) {
        const std::string name = a.get("--preset");
        const ArchSpec* p = anatomy_find(name);
        if (!p) {
            std::string names;
            for (auto& q : anatomy_presets()) names += (names.empty() ? "" : ", ") + q.name;
            return fail("params", "unknown preset " + quote(name) + " (known: " + names + ")");
        }
        spec = *p;
    } else {
        return fail("params", "need --preset NAME, --model M or --list");
    }
    const ParamBreakdown b = anatomy_count(spec);
    if (json) std::printf("%s\n", anatomy_json(spec, b).c_str());
    else print_table(spec, b);
    return 0;
}

} // namespace ga::cli
