// gpt-anatomy generate: sample text from a checkpoint, streaming each token as it is produced
// (the core's Generator: the prompt once, then one position per token through its KV cache).
#include "checkpoint.h"
#include "cli.h"
#include "generate.h"
#include "rng.h"
#include "sampling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace ga::cli {

int cmd_generate(const Args& a) {
    const char* cmd = "generate";
    std::string err = a.check_allowed({"--model", "--prompt", "--tokens", "--temperature", "--top-k", "--seed"});
    if (!err.empty()) return fail(cmd, err);
    if (!a.positional.empty()) return fail(cmd, "unexpected argument " + quote(a.positional[0]));
    if (a.get("--model").empty()) return fail(cmd, "missing --model (usage: generate --model M [--prompt TEXT] [--tokens N])");
    const long long n_tokens = a.get_int("--tokens", 100);
    const double temperature = a.get_num("--temperature", 1.0);
    const long long top_k = a.get_int("--top-k", 0);
    const long long seed = a.get_int("--seed", 1337);
    if (n_tokens < 0 || n_tokens > 1000000) return fail(cmd, "--tokens " + std::to_string(n_tokens) + ": must be in 0..1000000");
    if (!std::isfinite(temperature) || temperature < 0.0)
        return fail(cmd, "--temperature " + a.get("--temperature") + ": must be finite and >= 0 (0 = greedy)");
    if (top_k < 0) return fail(cmd, "--top-k " + std::to_string(top_k) + ": must be >= 0 (0 = no limit)");

    Checkpoint ck;
    err = checkpoint_load_file(a.get("--model"), &ck);
    if (!err.empty()) return fail(cmd, err);
    GPT& m = ck.model;
    const Tokenizer& tok = ck.tokenizer;
    const int V = m.cfg.vocab_size;

    const std::string prompt = a.get("--prompt");
    std::vector<int> ids;
    err = generation_prompt(tok, V, prompt, &ids);
    if (!err.empty()) return fail(cmd, "--prompt: " + err);
    std::fwrite(prompt.data(), 1, prompt.size(), stdout);
    std::fflush(stdout);

    // one prefill of the prompt, then one position per token (KV cache; see core/generate.h)
    Rng rng((uint64_t)seed);
    Generator gen;
    err = gen.begin(m, ids);
    if (!err.empty()) return fail(cmd, err);
    for (long long i = 0; i < n_tokens; i++) {
        const int next = gen.next((float)temperature, (int)std::min<long long>(top_k, V), rng);
        const std::string piece = tok.decode_one(next);
        std::fwrite(piece.data(), 1, piece.size(), stdout);
        std::fflush(stdout);
    }
    std::fputc('\n', stdout);
    return 0;
}

} // namespace ga::cli
