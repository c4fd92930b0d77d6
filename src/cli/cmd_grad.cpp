// gpt-anatomy grad: logits, loss, every gradient and the parameters after one optimizer step,
// for checks from outside (e.g. against PyTorch). The contract: docs/cli.md, docs/checkpoint.md.
#include "checkpoint.h"
#include "cli.h"
#include "optim.h"
#include "safetensors.h"

#include <cmath>

namespace ga::cli {

static std::vector<int64_t> param_shape(const ParamTensor& p) {
    return p.rank == 2 ? std::vector<int64_t>{p.rows, p.cols} : std::vector<int64_t>{(int64_t)p.numel};
}

int cmd_grad(const Args& a) {
    const char* cmd = "grad";
    std::string err = a.check_allowed({"--model", "--batch", "--out", "--optimizer", "--lr", "--beta1", "--beta2", "--eps",
                                       "--weight-decay"});
    if (!err.empty()) return fail(cmd, err);
    if (!a.positional.empty()) return fail(cmd, "unexpected argument " + quote(a.positional[0]));
    for (const char* req : {"--model", "--batch", "--out"})
        if (a.get(req).empty()) return fail(cmd, std::string("missing ") + req + " (usage: grad --model M --batch B --out O)");

    // torch defaults; the same validation as torch.optim (finite, lr/eps/decay >= 0, 0 <= beta < 1)
    OptimConfig oc;
    const std::string opt = a.get("--optimizer", "adamw");
    if (opt == "adamw") oc.kind = OPT_ADAMW;
    else if (opt == "sgd") oc.kind = OPT_SGD;
    else return fail(cmd, "--optimizer " + quote(opt) + ": expected adamw or sgd");
    const double lr = a.get_num("--lr", 1e-3), beta1 = a.get_num("--beta1", 0.9), beta2 = a.get_num("--beta2", 0.999);
    const double eps = a.get_num("--eps", 1e-8), wd = a.get_num("--weight-decay", 0.01);
    struct { const char* name; double v; double lo, hi; bool hi_open; } checks[] = {
        {"--lr", lr, 0.0, INFINITY, false},      {"--beta1", beta1, 0.0, 1.0, true}, {"--beta2", beta2, 0.0, 1.0, true},
        {"--eps", eps, 0.0, INFINITY, false},    {"--weight-decay", wd, 0.0, INFINITY, false},
    };
    for (auto& c : checks)
        if (!std::isfinite(c.v) || c.v < c.lo || (c.hi_open ? c.v >= c.hi : c.v > c.hi))
            return fail(cmd, std::string(c.name) + " = " + a.get(c.name) + " is out of range" +
                                 (c.hi_open ? " (must be in [0, 1))" : " (must be finite and >= 0)"));
    oc.lr = (float)lr;
    oc.beta1 = (float)beta1;
    oc.beta2 = (float)beta2;
    oc.eps = (float)eps;
    oc.weight_decay = oc.kind == OPT_ADAMW ? (float)wd : 0.0f;
    oc.grad_clip = 0.0f;
    oc.schedule = SCHED_CONSTANT;

    Checkpoint ck;
    err = checkpoint_load_file(a.get("--model"), &ck);
    if (!err.empty()) return fail(cmd, err);
    GPT& m = ck.model;
    Batch batch;
    err = batch_load_file(a.get("--batch"), m.cfg.vocab_size, m.cfg.n_ctx, &batch);
    if (!err.empty()) return fail(cmd, err);
    const int B = batch.B, T = batch.T, V = m.cfg.vocab_size;

    m.forward(batch.inputs.data(), batch.targets.data(), B, T);
    if (!std::isfinite(m.loss)) return fail(cmd, "the loss is not finite (" + std::to_string(m.loss) + ")");
    m.zero_grad();
    m.backward();

    SafetensorsWriter w;
    w.metadata["optimizer"] = opt;
    w.add_f32("logits", {B, T, V}, m.acts.logits.data());
    const float loss = m.loss;
    w.add_f32("loss", {}, &loss);
    for (const ParamTensor& p : m.table) w.add_f32("grad." + p.name, param_shape(p), m.grad(p));

    Optimizer o;
    o.cfg = oc;
    o.keep_update = false;
    err = o.step(m);
    if (!err.empty()) return fail(cmd, err);
    for (const ParamTensor& p : m.table) w.add_f32("step1." + p.name, param_shape(p), m.param(p));

    err = write_file_atomic(a.get("--out"), w.serialize());
    if (!err.empty()) return fail(cmd, err);
    return 0;
}

} // namespace ga::cli
