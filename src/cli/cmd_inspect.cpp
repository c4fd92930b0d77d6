// gpt-anatomy inspect: a checkpoint's config, tokenizer, metadata and every tensor with its
// shape, count and value statistics.
#include "cli.h"
#include "checkpoint.h"
#include "json.h"
#include <cmath>
#include <cstdio>

namespace ga::cli {

namespace {

struct Stats { double min, max, mean, std; };

Stats stats_of(const float* x, size_t n) {
    Stats s{0, 0, 0, 0};
    if (n == 0) return s;
    double lo = x[0], hi = x[0], sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        lo = std::fmin(lo, double(x[i]));
        hi = std::fmax(hi, double(x[i]));
        sum += x[i];
    }
    const double mean = sum / double(n);
    double var = 0.0;
    for (size_t i = 0; i < n; i++) var += (x[i] - mean) * (x[i] - mean);
    s.min = lo; s.max = hi; s.mean = mean; s.std = std::sqrt(var / double(n));
    return s;
}

std::string shape_of(const ParamTensor& p) {
    return p.rank == 2 ? "[" + std::to_string(p.rows) + ", " + std::to_string(p.cols) + "]" : "[" + std::to_string(p.cols) + "]";
}

std::string tokenizer_kind(const Tokenizer& t) {
    if (t.vocab_size() == 0) return "none";
    return t.kind == TOK_GPT2_BPE ? "gpt2-bpe" : "char";
}

} // namespace

int cmd_inspect(const Args& a) {
    std::string err = a.check_allowed({"--model", "--json"});
    if (!err.empty()) return fail("inspect", err + " (options: --model M [--json])");
    if (!a.positional.empty()) return fail("inspect", "unexpected argument " + quote(a.positional[0]));
    const std::string path = a.get("--model");
    if (path.empty()) return fail("inspect", "need --model M (a safetensors checkpoint)");
    Checkpoint ck;
    err = checkpoint_load_file(path, &ck);
    if (!err.empty()) return fail("inspect", err);
    const GPT& m = ck.model;
    const GPTConfig& c = m.cfg;
    const size_t total = m.params.size();

    if (a.has("--json")) {
        std::string s = "{\"file\":" + json_quote(path);
        s += ",\"config\":{\"n_layer\":" + std::to_string(c.n_layer) + ",\"n_head\":" + std::to_string(c.n_head) +
             ",\"n_embd\":" + std::to_string(c.n_embd) + ",\"n_ctx\":" + std::to_string(c.n_ctx) +
             ",\"vocab_size\":" + std::to_string(c.vocab_size) + "}";
        s += ",\"tokenizer\":{\"kind\":" + json_quote(tokenizer_kind(ck.tokenizer)) +
             ",\"vocab_size\":" + std::to_string(ck.tokenizer.vocab_size()) + "}";
        s += ",\"metadata\":{";
        bool first = true;
        for (auto& kv : ck.metadata) {
            s += (first ? "" : ",") + json_quote(kv.first) + ":" + json_quote(kv.second);
            first = false;
        }
        s += "},\"tensors\":[";
        for (size_t i = 0; i < m.table.size(); i++) {
            const ParamTensor& p = m.table[i];
            const Stats st = stats_of(m.param(p), p.numel);
            s += (i ? ",\n" : "\n");
            s += "{\"name\":" + json_quote(p.name) + ",\"shape\":" +
                 (p.rank == 2 ? "[" + std::to_string(p.rows) + "," + std::to_string(p.cols) + "]" : "[" + std::to_string(p.cols) + "]") +
                 ",\"numel\":" + std::to_string(p.numel) + ",\"kind\":" + json_quote(param_kind_label(p.kind)) +
                 ",\"layer\":" + std::to_string(p.layer) + ",\"min\":" + json_number(st.min) + ",\"max\":" + json_number(st.max) +
                 ",\"mean\":" + json_number(st.mean) + ",\"std\":" + json_number(st.std) + "}";
        }
        s += "],\"tensor_count\":" + std::to_string(m.table.size()) + ",\"total\":" + std::to_string(total) +
             ",\"bytes_f32\":" + std::to_string(total * 4) + "}\n";
        std::fwrite(s.data(), 1, s.size(), stdout);
        return 0;
    }

    std::printf("checkpoint: %s\n", quote(path, 400).c_str());
    std::printf("config:     n_layer %d, n_head %d, n_embd %d, n_ctx %d, vocab_size %d\n", c.n_layer, c.n_head, c.n_embd, c.n_ctx,
                c.vocab_size);
    std::printf("tokenizer:  %s", tokenizer_kind(ck.tokenizer).c_str());
    if (ck.tokenizer.vocab_size()) std::printf(" (%d tokens)", ck.tokenizer.vocab_size());
    std::printf("\n");
    for (auto& kv : ck.metadata) {
        // Keys and values are untrusted: escaped and cut like any quoted name, one line each.
        std::printf("metadata:   %s = %s\n", quote_bare(kv.first).c_str(), quote(kv.second).c_str());
    }
    std::printf("\n%-28s %-12s %10s %11s %11s %11s %11s\n", "tensor", "shape", "count", "min", "max", "mean", "std");
    for (auto& p : m.table) {
        const Stats st = stats_of(m.param(p), p.numel);
        std::printf("%-28s %-12s %10zu %11.4g %11.4g %11.4g %11.4g\n", p.name.c_str(), shape_of(p).c_str(), p.numel, st.min, st.max,
                    st.mean, st.std);
    }
    const double bytes = double(total) * 4.0;
    std::printf("\n%zu tensors, %zu parameters (%.*f %s as float32)\n", m.table.size(), total, bytes < 1e6 ? 1 : 2,
                bytes < 1e6 ? bytes / 1e3 : bytes / 1e6, bytes < 1e6 ? "KB" : "MB");
    return 0;
}

} // namespace ga::cli
