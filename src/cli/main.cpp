// gpt-anatomy: see `gpt-anatomy help` and the README.
#include "cli.h"
#include "threads.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace ga::cli {

bool Args::has(const std::string& key) const {
    for (auto& o : options) if (o.first == key) return true;
    return false;
}
std::string Args::get(const std::string& key, const std::string& def) const {
    for (auto& o : options) if (o.first == key) return o.second;
    return def;
}
double Args::get_num(const std::string& key, double def) const {
    if (!has(key)) return def;
    std::string s = get(key);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') {
        std::fprintf(stderr, "gpt-anatomy: %s: %s is not a number\n", key.c_str(), quote(s).c_str());
        std::exit(2);
    }
    return v;
}
long long Args::get_int(const std::string& key, long long def) const {
    if (!has(key)) return def;
    std::string s = get(key);
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0') {
        std::fprintf(stderr, "gpt-anatomy: %s: %s is not an integer\n", key.c_str(), quote(s).c_str());
        std::exit(2);
    }
    return v;
}
std::string Args::check_allowed(const std::vector<std::string>& allowed) const {
    for (auto& o : options) {
        bool ok = false;
        for (auto& a : allowed) ok |= (a == o.first);
        if (!ok) return "unknown option " + quote_bare(o.first);
    }
    return {};
}

Args parse_args(int argc, char** argv, int first) {
    Args a;
    for (int i = first; i < argc; i++) {
        std::string s = argv[i];
        if (s.size() > 2 && s.compare(0, 2, "--") == 0) {
            std::string key = s, val;
            size_t eq = s.find('=');
            if (eq != std::string::npos) { key = s.substr(0, eq); val = s.substr(eq + 1); }
            else if (i + 1 < argc && !(argv[i + 1][0] == '-' && argv[i + 1][1] == '-')) val = argv[++i];
            a.options.emplace_back(key, val);
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

int fail(const std::string& cmd, const std::string& msg) {
    std::fprintf(stderr, "gpt-anatomy %s: %s\n", cmd.c_str(), msg.c_str());
    return 1;
}

} // namespace ga::cli

static void usage() {
    std::fputs(
        "gpt-anatomy — see and train the parameters of a GPT\n"
        "usage: gpt-anatomy <command> [options]\n"
        "  grad      --model M --batch B --out O [--optimizer adamw|sgd] [--lr X] [--beta1 X] [--beta2 X]\n"
        "            [--eps X] [--weight-decay X]   logits, loss, every gradient and one optimizer step\n"
        "  train     train a model on a data set and save a checkpoint (see gpt-anatomy train --help)\n"
        "  generate  --model M [--prompt TEXT] [--tokens N] [--temperature X] [--top-k K] [--seed S]\n"
        "  params    --preset NAME [--json] | --list   parameter count by component\n"
        "  inspect   --model M [--json]   a checkpoint's tensors, shapes and counts\n"
        "  tokenize  --tokenizer gpt2-bpe|char --text-file F [--model M]   token ids as a JSON array\n"
        "  bench     [--json] [--quick]   matmul GFLOP/s, training and generation tokens/s\n"
        "every command also takes --threads N (default: all cores; results are the same for any N)\n",
        stdout);
}

int main(int argc, char** argv) {
    using namespace ga::cli;
    // `gpt-anatomy --threads N <command> ...` (a command prefix for scripts) = `<command> ... --threads N`
    std::vector<char*> args(argv, argv + argc);
    if (argc >= 3 && (!std::strcmp(argv[1], "--threads") || !std::strncmp(argv[1], "--threads=", 10))) {
        const int n = std::strchr(argv[1], '=') ? 1 : 2;
        if (argc > n + 1) {
            std::vector<char*> moved{argv[0], argv[n + 1]};
            moved.insert(moved.end(), argv + n + 2, argv + argc);
            moved.insert(moved.end(), argv + 1, argv + n + 1);
            args = moved;
        }
    }
    argc = (int)args.size();
    argv = args.data();
    if (argc < 2 || !std::strcmp(argv[1], "help") || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        usage();
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    Args a = parse_args(argc, argv, 2);
    // --threads N, for every command: the kernels' thread pool (bit-identical results for any N)
    int threads = ga::threads_available();
    for (size_t i = 0; i < a.options.size(); i++) {
        if (a.options[i].first != "--threads") continue;
        const long long n = a.get_int("--threads", 1);
        if (n < 1 || n > 64) {
            std::fprintf(stderr, "gpt-anatomy %s: --threads %lld: must be in 1..64\n", cmd.c_str(), n);
            return 2;
        }
        threads = (int)n;
        a.options.erase(a.options.begin() + (long)i);
        break;
    }
    ga::threads_set(threads);
    if (cmd == "grad") return cmd_grad(a);
    if (cmd == "train") return cmd_train(a);
    if (cmd == "generate") return cmd_generate(a);
    if (cmd == "params") return cmd_params(a);
    if (cmd == "inspect") return cmd_inspect(a);
    if (cmd == "tokenize") return cmd_tokenize(a);
    if (cmd == "bench") return cmd_bench(a);
    std::fprintf(stderr, "gpt-anatomy: unknown command %s (try gpt-anatomy help)\n", ga::quote(cmd).c_str());
    return 2;
}
