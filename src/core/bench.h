// Benchmarks behind `gpt-anatomy bench`: GEMM GFLOP/s on GPT-shaped products for the three matmul
// passes, and training throughput (tokens/s, optimizer steps/s) of real models through Trainer.
// The same numbers come out of the native build, the wasm SIMD build and the scalar wasm build,
// so they can be compared between builds and versions (medians of several timed repetitions,
// after a warm-up call).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace ga {

struct BenchMatmul {
    int m, k, n;        // the product (m,k)·(k,n); for the model: m = B·T, k = input width, n = output width
    std::string pass;   // "forward" (out = x·W + b), "backward_input" (dx += dy·Wᵀ), "backward_weight" (dW += xᵀ·dy)
    double gflops;      // 2·m·k·n / median seconds per call / 1e9
    double seconds;     // median seconds per call
};

struct BenchTrain {
    std::string model;  // "tiny", "small", ...
    std::string config; // "L2 H2 C32 T32 V65, batch 8x32"
    size_t params;
    int B, T;
    int threads;        // the kernels' thread count for this row
    double tokens_per_s, steps_per_s;
};

// Generation through the KV-cache Generator: a prompt filling `context` positions is processed
// once, then single-token steps are timed (each attends over ~context cached positions).
struct BenchGenerate {
    std::string model;  // "tiny", "small", "gpt2" (GPT-2 small's shape, random weights)
    std::string config;
    size_t params;
    int context;
    int threads;
    double tokens_per_s;
};

struct BenchOptions {
    bool quick = false;              // reduced shapes and repetitions (tests, smoke runs)
    bool matmul = true, train = true, generate = true;
    std::vector<int> thread_counts;              // rows of train and generate (default 1, 2 and all cores; quick: 1)
    std::vector<std::string> gen_models;         // default: tiny, small, gpt2 (quick: tiny)
    std::vector<int> shape_m, shape_k, shape_n;  // explicit matmul shapes (default: the GPT list)
    std::vector<std::string> passes;             // default: all three
    std::vector<std::string> models;             // default: tiny and small (quick: tiny)
    int samples = 0;                 // timed repetitions per measurement (0: 5, quick: 3)
    double min_sample_s = 0.0;       // each sample repeats the call until this long (0: 0.05 s, quick: 0.005 s)
    double budget_s = 0.0;           // soft cap per measurement (0: 3 s, quick: 0.3 s)
};

struct BenchResult {
    std::string isa;                 // kernels_isa()
    std::vector<BenchMatmul> matmul;
    std::vector<BenchTrain> train;
    std::vector<BenchGenerate> generate;
};

// The default GPT-shaped matmul list: m = 512 (B·T) × C ∈ {64,128,384,768}: (C→C), (C→3C), (C→4C),
// (4C→C); quick: m = 64, C = 64.
void bench_default_shapes(bool quick, std::vector<int>* m, std::vector<int>* k, std::vector<int>* n);
// Parses "512x64x192,512x128x128" into shapes. "" or a one-line reason.
std::string bench_parse_shapes(const std::string& spec, std::vector<int>* m, std::vector<int>* k, std::vector<int>* n);

// One GPT-shaped product with its operands, for timing single samples (bench_run and the
// `bench --serve` mode that bench/compare.mjs drives sample by sample, interleaved with TF.js).
struct BenchMatmulCase {
    int m = 0, k = 0, n = 0;
    std::vector<float> x, w, b, dy, y, dx, dw;  // x (m,k), w (k,n), b (n), dy (m,n), y (m,n), dx (m,k), dw (k,n)
    void prepare(int m, int k, int n);          // random operands; keeps them if the shape is unchanged
    // pass 0: forward y = x·w + b; 1: backward_input dx += dy·wᵀ; 2: backward_weight dw += xᵀ·dy
    void run(int pass);
};
int bench_pass_index(const std::string& name);  // "forward" → 0, ..., -1 if unknown
extern const char* const kBenchPassNames[3];
// Seconds per call of c.run(pass), repeated until min_s has elapsed (at least one call).
double bench_matmul_sample(BenchMatmulCase& c, int pass, double min_s);
// Runs every kernel for about `seconds`: a wasm engine swaps its baseline code for optimised
// code only once a function is hot, so nothing should be timed before this.
void bench_warmup(double seconds);

// Runs what opts asks for. "" or a one-line reason (unknown pass or model name, bad shape).
std::string bench_run(const BenchOptions& opts, BenchResult* out);

// One JSON object: {"isa": ..., "matmul": [{m,k,n,pass,gflops}, ...], "train": [{model,params,threads,
// tokens_per_s,steps_per_s}, ...], "generate": [{model,params,context,threads,tokens_per_s}, ...]}
std::string bench_to_json(const BenchResult& r);
// A human-readable table.
std::string bench_to_table(const BenchResult& r);

} // namespace ga
