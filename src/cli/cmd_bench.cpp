// gpt-anatomy bench [--json] [--quick]: matmul GFLOP/s on GPT-shaped products (forward and both
// backward passes) and training throughput. The same command in the native build, the wasm SIMD
// build (gpt-anatomy.js) and the scalar wasm baseline (gpt-anatomy-scalar.js); bench/compare.mjs
// runs the wasm builds against TensorFlow.js through --serve.
#include "bench.h"
#include "cli.h"
#include "kernels.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ga::cli {

static std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= s.size()) {
        size_t end = s.find(',', pos);
        if (end == std::string::npos) end = s.size();
        if (end > pos) out.push_back(s.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

// `bench --serve`: one timed sample per request line, for bench/compare.mjs, which interleaves
// sample by sample with TensorFlow.js and the other build so that the machine's drift hits all
// of them alike. Requests: "matmul M K N PASS MIN_SECONDS [WARMUP]" → {"seconds": s, "gflops": g};
// "quit". A new shape gets one untimed warm-up call per pass before its first sample unless
// WARMUP is 0 (the scalar baseline, whose single calls can last seconds).
static int bench_serve() {
    bench_warmup(0.4);
    std::printf("{\"ready\": true, \"isa\": \"%s\"}\n", kernels_isa());
    std::fflush(stdout);
    BenchMatmulCase c;
    bool warm[3] = {false, false, false};
    char line[512];
    while (std::fgets(line, sizeof line, stdin)) {
        char pass[64];
        int m = 0, k = 0, n = 0;
        double min_s = 0.0;
        int warmup = 1;
        if (!std::strncmp(line, "quit", 4)) break;
        const int got = std::sscanf(line, "matmul %d %d %d %63s %lf %d", &m, &k, &n, pass, &min_s, &warmup);
        if (got < 5 || m < 1 || k < 1 || n < 1 ||
            (double)m * k + (double)k * n + (double)m * n > 1.5e8 || bench_pass_index(pass) < 0 || !(min_s >= 0 && min_s < 60)) {
            std::printf("{\"error\": \"bad request (expected: matmul M K N forward|backward_input|backward_weight MIN_SECONDS [WARMUP])\"}\n");
            std::fflush(stdout);
            continue;
        }
        if (m != c.m || k != c.k || n != c.n) {
            c.prepare(m, k, n);
            warm[0] = warm[1] = warm[2] = false;
        }
        const int pi = bench_pass_index(pass);
        if (!warm[pi] && warmup) c.run(pi);
        warm[pi] = true;
        const double sec = bench_matmul_sample(c, pi, min_s);
        std::printf("{\"seconds\": %.9g, \"gflops\": %.6g}\n", sec, 2.0 * m * k * n / sec / 1e9);
        std::fflush(stdout);
    }
    return 0;
}

int cmd_bench(const Args& a) {
    const std::string cmd = "bench";
    if (a.has("--help")) {
        std::fputs(
            "usage: gpt-anatomy bench [--json] [--quick] [--only matmul|train|generate] [--shapes MxKxN,...]\n"
            "                         [--passes forward,backward_input,backward_weight] [--models tiny,small,medium]\n"
            "                         [--gen-models tiny,small,gpt2] [--thread-counts 1,2] [--samples N] | --serve\n"
            "  matmul GFLOP/s (m = B·T = 512, k→n = C→C, C→3C, C→4C, 4C→C for C = 64, 128, 384, 768; one thread),\n"
            "  training tokens/s of models like the shipped ones and KV-cache generation tokens/s (shipped shapes\n"
            "  and GPT-2 small with random weights, 256-token context), one row per thread count; medians after a warm-up.\n",
            stdout);
        return 0;
    }
    std::string err = a.check_allowed({"--json", "--quick", "--only", "--shapes", "--passes", "--models", "--samples",
                                       "--serve", "--help", "--gen-models", "--thread-counts"});
    if (!err.empty()) return fail(cmd, err);
    if (!a.positional.empty()) return fail(cmd, "unexpected argument " + quote(a.positional[0]));
    if (a.has("--serve")) return bench_serve();

    BenchOptions o;
    o.quick = a.has("--quick");
    if (a.has("--only")) {
        const std::string only = a.get("--only");
        o.matmul = only == "matmul";
        o.train = only == "train";
        o.generate = only == "generate";
        if (!o.matmul && !o.train && !o.generate) return fail(cmd, "--only: " + quote(only) + " is not matmul, train or generate");
    }
    if (a.has("--shapes")) {
        err = bench_parse_shapes(a.get("--shapes"), &o.shape_m, &o.shape_k, &o.shape_n);
        if (!err.empty()) return fail(cmd, "--shapes: " + err);
    }
    if (a.has("--passes")) {
        o.passes = split_commas(a.get("--passes"));
        if (o.passes.empty()) return fail(cmd, "--passes: empty list");
    }
    if (a.has("--models")) {
        o.models = split_commas(a.get("--models"));
        if (o.models.empty()) return fail(cmd, "--models: empty list");
    }
    if (a.has("--gen-models")) {
        o.gen_models = split_commas(a.get("--gen-models"));
        if (o.gen_models.empty()) return fail(cmd, "--gen-models: empty list");
    }
    if (a.has("--thread-counts")) {
        for (const std::string& t : split_commas(a.get("--thread-counts"))) {
            char* end = nullptr;
            const long v = std::strtol(t.c_str(), &end, 10);
            if (t.empty() || *end || v < 1 || v > 64) return fail(cmd, "--thread-counts: " + quote(t) + " is not in 1..64");
            o.thread_counts.push_back((int)v);
        }
        if (o.thread_counts.empty()) return fail(cmd, "--thread-counts: empty list");
    }
    const long long samples = a.get_int("--samples", 0);
    if (samples < 0 || samples > 1000) return fail(cmd, "--samples: " + std::to_string(samples) + " is not in 1..1000");
    o.samples = (int)samples;

    BenchResult r;
    err = bench_run(o, &r);
    if (!err.empty()) return fail(cmd, err);
    if (a.has("--json")) std::printf("%s\n", bench_to_json(r).c_str());
    else std::fputs(bench_to_table(r).c_str(), stdout);
    return 0;
}

} // namespace ga::cli
