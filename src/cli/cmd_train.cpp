// gpt-anatomy train: train a GPT-2 from scratch (or continue from a checkpoint) on a text file
// and save a checkpoint. Same seed, same data, same flags → the same checkpoint, bit for bit.
#include "checkpoint.h"
#include "cli.h"
#include "safetensors.h"
#include "synthetic.h"
#include "trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace ga::cli {

static void train_usage() {
    std::fputs(
        "usage: gpt-anatomy train --data FILE [options]\n"
        "  --data FILE             UTF-8 text (last 10% is the validation split), or\n"
        "  --data synthetic:TASK   a task generated in code: addition, reversal, sorting\n"
        "                          (with --examples N, default 20000; exact accuracy printed at the end)\n"
        "  --tokenizer char|gpt2-bpe   (default char: the alphabet of the text)\n"
        "  --n-layer N --n-head N --n-embd N --n-ctx N   architecture (default 2, 2, 32, 32)\n"
        "  --init M                continue from checkpoint M (its architecture and tokenizer)\n"
        "  --steps N (200)  --batch B (8)  --context T (n_ctx, at most 64)\n"
        "  --optimizer adamw|sgd (adamw)  --lr X (1e-3)  --weight-decay X (0.01)  --beta1 X  --beta2 X\n"
        "  --grad-clip X (0 = off)  --schedule constant|cosine (constant)  --warmup N (0)  --min-lr-ratio X (0.1)\n"
        "  --seed S (1337)  --eval-every N (steps/10)  --eval-batches N (4)  --log-every N (steps/20)\n"
        "  --out FILE              save the trained checkpoint (safetensors)\n",
        stdout);
}

static std::string base_name(const std::string& path) {
    const size_t s = path.find_last_of('/');
    return s == std::string::npos ? path : path.substr(s + 1);
}

static std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

int cmd_train(const Args& a) {
    const char* cmd = "train";
    if (a.has("--help")) { train_usage(); return 0; }
    std::string err = a.check_allowed({"--data", "--tokenizer", "--n-layer", "--n-head", "--n-embd", "--n-ctx", "--init",
                                       "--steps", "--batch", "--context", "--T", "--optimizer", "--lr", "--weight-decay",
                                       "--beta1", "--beta2", "--eps", "--grad-clip", "--schedule", "--warmup",
                                       "--min-lr-ratio", "--seed", "--examples", "--eval-every", "--eval-batches", "--log-every", "--out"});
    if (!err.empty()) return fail(cmd, err + " (see gpt-anatomy train --help)");
    if (!a.positional.empty()) return fail(cmd, "unexpected argument '" + a.positional[0] + "'");
    if (a.get("--data").empty()) return fail(cmd, "missing --data FILE (see gpt-anatomy train --help)");

    const long long steps = a.get_int("--steps", 200), batch = a.get_int("--batch", 8);
    const long long seed = a.get_int("--seed", 1337), warmup = a.get_int("--warmup", 0);
    if (steps < 0 || steps > 100000000) return fail(cmd, "--steps " + std::to_string(steps) + ": must be in 0..1e8");

    OptimConfig oc;
    const std::string opt = a.get("--optimizer", "adamw");
    if (opt == "adamw") oc.kind = OPT_ADAMW;
    else if (opt == "sgd") oc.kind = OPT_SGD;
    else return fail(cmd, "--optimizer '" + opt + "': expected adamw or sgd");
    oc.lr = (float)a.get_num("--lr", 1e-3);
    oc.weight_decay = (float)a.get_num("--weight-decay", 0.01);
    oc.beta1 = (float)a.get_num("--beta1", 0.9);
    oc.beta2 = (float)a.get_num("--beta2", 0.999);
    oc.eps = (float)a.get_num("--eps", 1e-8);
    oc.grad_clip = (float)a.get_num("--grad-clip", 0.0);
    oc.min_lr_ratio = (float)a.get_num("--min-lr-ratio", 0.1);
    // the rule the app and the page use too (src/core/hparams.h)
    const struct { Setting s; double v; } checks[] = {
        {SET_LR, oc.lr}, {SET_WEIGHT_DECAY, oc.weight_decay}, {SET_BETA1, oc.beta1}, {SET_BETA2, oc.beta2},
        {SET_EPS, oc.eps}, {SET_GRAD_CLIP, oc.grad_clip}, {SET_MIN_LR_RATIO, oc.min_lr_ratio}, {SET_BATCH, double(batch)},
        {SET_WARMUP_STEPS, double(warmup)}, {SET_SEED, double(seed)}};
    for (const auto& c : checks)
        if (const CheckCode why = setting_check(c.s, c.v)) return fail(cmd, "--" + setting_error(c.s, c.v, why));
    const std::string sched = a.get("--schedule", "constant");
    if (sched == "constant") oc.schedule = SCHED_CONSTANT;
    else if (sched == "cosine") oc.schedule = SCHED_WARMUP_COSINE;
    else return fail(cmd, "--schedule '" + sched + "': expected constant or cosine");
    oc.warmup_steps = (int)warmup;
    oc.total_steps = (int)steps;

    // the text: a file, or a synthetic task generated in code (--data synthetic:addition)
    const std::string data_arg = a.get("--data");
    const bool synthetic = data_arg.rfind("synthetic:", 0) == 0;
    const std::string task = synthetic ? data_arg.substr(10) : "";
    std::string text;
    if (synthetic) {
        if (!synthetic_task_known(task))
            return fail(cmd, "--data " + data_arg + ": unknown synthetic task (expected synthetic:addition, synthetic:reversal or synthetic:sorting)");
        const long long n_ex = a.get_int("--examples", 20000);
        if (n_ex < 1 || n_ex > 200000) return fail(cmd, "--examples " + std::to_string(n_ex) + ": must be in 1..200000");
        text = synthetic_text(task, (int)n_ex, (uint64_t)seed);
    } else {
        std::vector<uint8_t> bytes;
        err = read_file(data_arg, &bytes, size_t(1) << 30);
        if (!err.empty()) return fail(cmd, err);
        text.assign(bytes.begin(), bytes.end());
    }

    Trainer tr;
    tr.seed = (uint64_t)seed;
    std::map<std::string, std::string> init_meta;
    const std::string tok_name = a.get("--tokenizer", "");
    if (a.has("--init")) {
        for (const char* k : {"--n-layer", "--n-head", "--n-embd", "--n-ctx"})
            if (a.has(k)) return fail(cmd, std::string(k) + " cannot be combined with --init (the checkpoint fixes the architecture)");
        Checkpoint ck;
        err = checkpoint_load_file(a.get("--init"), &ck);
        if (!err.empty()) return fail(cmd, "--init: " + err);
        const std::string ck_tok = ck.tokenizer.kind == TOK_GPT2_BPE ? "gpt2-bpe" : "char";
        if (!tok_name.empty() && tok_name != ck_tok)
            return fail(cmd, "--tokenizer " + tok_name + " differs from the --init checkpoint's tokenizer (" + ck_tok + ")");
        init_meta = ck.metadata;
        tr.set_model(std::move(ck));
    } else {
        if (tok_name.empty() || tok_name == "char") err = tokenizer_char_from_text(text, &tr.tokenizer);
        else if (tok_name == "gpt2-bpe") err = tokenizer_gpt2_load_default(&tr.tokenizer);
        else return fail(cmd, "--tokenizer '" + tok_name + "': expected char or gpt2-bpe");
        if (!err.empty()) return fail(cmd, "tokenizer: " + err);
        GPTConfig c;
        c.n_layer = (int)a.get_int("--n-layer", c.n_layer);
        c.n_head = (int)a.get_int("--n-head", c.n_head);
        c.n_embd = (int)a.get_int("--n-embd", c.n_embd);
        c.n_ctx = (int)a.get_int("--n-ctx", c.n_ctx);
        c.vocab_size = tr.tokenizer.vocab_size();
        err = tr.model.init(c);
        if (!err.empty()) return fail(cmd, "model: " + err);
        tr.reinit(tr.seed);
    }
    const GPTConfig& cfg = tr.model.cfg;
    const long long T = a.has("--T") ? a.get_int("--T", 0) : a.get_int("--context", std::min(cfg.n_ctx, 64));
    if (T < 1 || T > cfg.n_ctx) return fail(cmd, "--context " + std::to_string(T) + ": must be in 1..n_ctx (" + std::to_string(cfg.n_ctx) + ")");
    tr.B = (int)batch;
    tr.T = (int)T;
    tr.opt.cfg = oc;
    tr.rng = Rng(tr.seed);

    const std::string data_name = synthetic ? task : base_name(data_arg);
    err = dataset_from_text(data_name, text, tr.tokenizer, tr.T, &tr.data);
    if (!err.empty()) return fail(cmd, err);
    tr.data.synthetic = synthetic;
    tr.eval_every = (int)a.get_int("--eval-every", std::max<long long>(1, steps / 10));
    tr.eval_batches = (int)a.get_int("--eval-batches", 4);
    if (tr.eval_batches < 1) return fail(cmd, "--eval-batches must be >= 1");
    const long long log_every = std::max<long long>(1, a.get_int("--log-every", std::max<long long>(1, steps / 20)));

    std::printf("model: %d layers, %d heads, n_embd %d, n_ctx %d, vocab %d (%s tokenizer): %zu parameters\n", cfg.n_layer,
                cfg.n_head, cfg.n_embd, cfg.n_ctx, cfg.vocab_size, tr.tokenizer.kind == TOK_GPT2_BPE ? "gpt2-bpe" : "char",
                tr.model.params.size());
    std::printf("data: %s, %zu train / %zu val tokens; batch %d x %d; %s lr %g%s; seed %lld\n", data_name.c_str(),
                tr.data.train.size(), tr.data.val.size(), tr.B, tr.T, opt.c_str(), (double)oc.lr,
                oc.schedule == SCHED_WARMUP_COSINE ? " (warm-up + cosine)" : "", seed);
    const float val0 = tr.eval_loss(tr.eval_batches);
    std::printf("step 0: val loss %.4f (ln V = %.4f)\n", val0, std::log((double)cfg.vocab_size));
    std::fflush(stdout);

    using clock = std::chrono::steady_clock;
    auto t0 = clock::now(), t_last = t0;
    long long last_logged = 0;
    for (long long s = 1; s <= steps; s++) {
        if (!tr.train_step()) return fail(cmd, tr.last_error);
        const LossPoint& lp = tr.history.back();
        if (s % log_every == 0 || s == steps || lp.val >= 0) {
            const auto now = clock::now();
            const double ms = std::chrono::duration<double, std::milli>(now - t_last).count() / double(s - last_logged);
            t_last = now;
            last_logged = s;
            std::printf("step %lld/%lld | loss %.4f | lr %.3e | grad norm %.3f | %.1f ms/step%s\n", s, steps, lp.train,
                        (double)tr.opt.last_lr, (double)tr.opt.last_grad_norm, ms,
                        lp.val >= 0 ? (" | val " + fmt("%.4f", lp.val)).c_str() : "");
            std::fflush(stdout);
        }
    }
    const double secs = std::chrono::duration<double>(clock::now() - t0).count();
    const float val = tr.eval_loss(tr.eval_batches);
    std::printf("done: %lld steps in %.1f s (%.0f tokens/s), train loss %.4f, val loss %.4f\n", steps, secs,
                secs > 0 ? double(steps) * tr.B * tr.T / secs : 0.0, (double)tr.last_loss, (double)val);

    if (synthetic) {
        // exact accuracy on validation examples never seen in training (greedy decoding)
        SyntheticScore sc;
        err = synthetic_accuracy(&tr.model, tr.tokenizer, task, tr.data.val, 1000, 3, &sc);
        if (!err.empty()) std::printf("accuracy: not measured (%s)\n", err.c_str());
        else {
            std::printf("accuracy: %d/%d = %.1f%% exact answers on validation examples\n", sc.correct, sc.total, 100.0 * sc.accuracy());
            for (const SyntheticExample& ex : sc.examples)
                std::printf("  %s%c%s  (expected %s)%s\n", ex.question.c_str(), synthetic_separator(task), ex.got.c_str(),
                            ex.expected.c_str(), ex.correct ? "" : "  wrong");
        }
    }
    if (a.has("--out")) {
        if (a.get("--out").empty()) return fail(cmd, "--out needs a file name");
        std::map<std::string, std::string> meta;
        long long prev_steps = 0;
        auto it = init_meta.find("train_steps");
        if (it != init_meta.end()) prev_steps = std::atoll(it->second.c_str());
        meta["train_steps"] = std::to_string(prev_steps + steps);
        meta["train_seed"] = std::to_string(seed);
        meta["train_data"] = data_name;
        meta["train_optimizer"] = opt;
        meta["train_lr"] = fmt("%g", oc.lr);
        meta["train_batch"] = std::to_string(tr.B);
        meta["train_context"] = std::to_string(tr.T);
        if (steps > 0) meta["train_loss"] = fmt("%.6f", tr.last_loss);
        meta["val_loss"] = fmt("%.6f", val);
        err = checkpoint_save_file(a.get("--out"), tr.model, tr.tokenizer, meta);
        if (!err.empty()) return fail(cmd, err);
        std::printf("saved %s\n", a.get("--out").c_str());
    }
    return 0;
}

} // namespace ga::cli
