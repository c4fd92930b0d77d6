#!/usr/bin/python3
"""Independent reference for `gpt-anatomy grad` (see docs/cli.md and docs/checkpoint.md).

Builds random GPT-2 models with odd sizes, writes each as a safetensors checkpoint (Hugging Face
GPT-2 names, config in __metadata__) plus a random batch, runs the CLI under test, and compares
its logits, loss, every gradient and the parameters after one SGD / AdamW step with a plain
PyTorch GPT-2 computed in float64 (torch.optim.SGD / torch.optim.AdamW for the step).

Usage: check_grad.py --cli "<command prefix>" [--tmp DIR] [--quiet]
  e.g. --cli build/native/gpt-anatomy
       --cli "node --no-experimental-fetch build/wasm/gpt-anatomy.js"
Prints one line per compared tensor (max abs / rel error; --quiet: failures only) and ends with
"check_grad: N passed, M failed"; exit status 1 if anything failed.
"""
import argparse
import json
import math
import os
import shlex
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

# ---- safetensors, by hand (8-byte little-endian header size, JSON header, raw data) ----------

DTYPES = {"F32": np.float32, "F64": np.float64, "I32": np.int32, "I64": np.int64}


def st_write(path, tensors, metadata=None):
    """tensors: list of (name, np.ndarray) in file order."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs, off = [], 0
    for name, arr in tensors:
        arr = np.ascontiguousarray(arr)
        code = {np.dtype(np.float32): "F32", np.dtype(np.int32): "I32", np.dtype(np.int64): "I64"}[arr.dtype]
        b = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": code, "shape": list(arr.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def st_read(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    body = data[8 + n:]
    out, meta, info = {}, header.pop("__metadata__", {}), {}
    for name, t in header.items():
        a, b = t["data_offsets"]
        arr = np.frombuffer(body[a:b], dtype=np.dtype(DTYPES[t["dtype"]]).newbyteorder("<"))
        out[name] = arr.reshape(t["shape"]).astype(np.float64)
        info[name] = (t["dtype"], list(t["shape"]))
    return out, info, meta


# ---- the model: GPT-2 in plain torch ----------------------------------------------------------

def param_specs(cfg):
    """(name, shape) in checkpoint order, as docs/checkpoint.md lists them."""
    C, V, L, Tm = cfg["n_embd"], cfg["vocab_size"], cfg["n_layer"], cfg["n_ctx"]
    specs = [("wte.weight", (V, C)), ("wpe.weight", (Tm, C))]
    for i in range(L):
        h = "h.%d." % i
        specs += [(h + "ln_1.weight", (C,)), (h + "ln_1.bias", (C,)),
                  (h + "attn.c_attn.weight", (C, 3 * C)), (h + "attn.c_attn.bias", (3 * C,)),
                  (h + "attn.c_proj.weight", (C, C)), (h + "attn.c_proj.bias", (C,)),
                  (h + "ln_2.weight", (C,)), (h + "ln_2.bias", (C,)),
                  (h + "mlp.c_fc.weight", (C, 4 * C)), (h + "mlp.c_fc.bias", (4 * C,)),
                  (h + "mlp.c_proj.weight", (4 * C, C)), (h + "mlp.c_proj.bias", (C,))]
    specs += [("ln_f.weight", (C,)), ("ln_f.bias", (C,))]
    return specs


def random_params(cfg, rng):
    """float32 values, larger than GPT-2's init so every path carries a visible gradient."""
    P = {}
    for name, shape in param_specs(cfg):
        if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name == "ln_f.weight":
            a = 1.0 + 0.2 * rng.standard_normal(shape)
        elif name.endswith(".bias"):
            a = 0.1 * rng.standard_normal(shape)
        else:
            a = 0.2 * rng.standard_normal(shape)
        P[name] = a.astype(np.float32)
    return P


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def gpt2_forward(P, cfg, idx, targets):
    B, T = idx.shape
    C, nh = cfg["n_embd"], cfg["n_head"]
    hs = C // nh
    x = P["wte.weight"][idx] + P["wpe.weight"][:T][None]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for i in range(cfg["n_layer"]):
        h = "h.%d." % i
        a = F.layer_norm(x, (C,), P[h + "ln_1.weight"], P[h + "ln_1.bias"], eps=1e-5)
        qkv = a @ P[h + "attn.c_attn.weight"] + P[h + "attn.c_attn.bias"]
        q, k, v = qkv.split(C, dim=2)
        q = q.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, nh, hs).transpose(1, 2)
        v = v.view(B, T, nh, hs).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(~mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + y @ P[h + "attn.c_proj.weight"] + P[h + "attn.c_proj.bias"]
        m = F.layer_norm(x, (C,), P[h + "ln_2.weight"], P[h + "ln_2.bias"], eps=1e-5)
        m = gelu_tanh(m @ P[h + "mlp.c_fc.weight"] + P[h + "mlp.c_fc.bias"])
        x = x + m @ P[h + "mlp.c_proj.weight"] + P[h + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (C,), P["ln_f.weight"], P["ln_f.bias"], eps=1e-5)
    logits = x @ P["wte.weight"].T  # tied lm head
    loss = F.cross_entropy(logits.reshape(B * T, -1), targets.reshape(-1))
    return logits, loss


def reference(P32, cfg, inputs, targets, opt):
    """float64 logits, loss, grads and params after one optimizer step."""
    P = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in P32.items()}
    idx = torch.tensor(inputs, dtype=torch.long)
    tg = torch.tensor(targets, dtype=torch.long)
    logits, loss = gpt2_forward(P, cfg, idx, tg)
    loss.backward()
    grads = {k: p.grad.detach().clone().numpy() for k, p in P.items()}
    params = list(P.values())
    if opt["optimizer"] == "sgd":
        o = torch.optim.SGD(params, lr=opt["lr"])
    else:
        decay = [p for p in params if p.dim() >= 2]
        no_decay = [p for p in params if p.dim() < 2]
        o = torch.optim.AdamW([{"params": decay, "weight_decay": opt["weight_decay"]},
                               {"params": no_decay, "weight_decay": 0.0}],
                              lr=opt["lr"], betas=(opt["beta1"], opt["beta2"]), eps=opt["eps"], foreach=False)
    o.step()
    step1 = {k: p.detach().numpy().copy() for k, p in P.items()}
    return logits.detach().numpy(), float(loss), grads, step1


# ---- comparison --------------------------------------------------------------------------------

RTOL = 1e-4   # float32 arithmetic over a few layers against a float64 reference
ATOL = 1e-5   # times the tensor's (or, for tensors that are ~0, the group's) magnitude


class Report:
    def __init__(self, verbose):
        self.passed = 0
        self.failed = 0
        self.verbose = verbose

    def ok(self, what, good, detail=""):
        if good:
            self.passed += 1
        else:
            self.failed += 1
        if self.verbose or not good:
            print("  %-4s %s %s" % ("ok" if good else "FAIL", what, detail))

    def compare(self, what, got, ref, scale, extra_tol=None):
        """|got - ref| <= RTOL |ref| + ATOL scale (+ extra_tol elementwise)."""
        if got.shape != ref.shape:
            self.ok(what, False, "shape %s, expected %s" % (list(got.shape), list(ref.shape)))
            return
        err = np.abs(got - ref)
        tol = RTOL * np.abs(ref) + ATOL * scale
        if extra_tol is not None:
            tol = tol + extra_tol
        finite = bool(np.all(np.isfinite(got)))
        good = finite and bool(np.all(err <= tol))
        max_abs = float(err.max()) if err.size else 0.0
        max_rel = float((err / np.maximum(np.abs(ref), 1e-30)).max()) if err.size else 0.0
        worst = float((err / tol).max()) if err.size else 0.0
        detail = "max_abs %.2e max_rel %.2e (worst err/tol %.3f)%s" % (max_abs, max_rel, worst, "" if finite else " NON-FINITE")
        if self.verbose or not good:
            self.ok(what, good, detail)
        else:
            self.passed += 1
        return max_abs, worst


def run_cli(prefix, args):
    cmd = prefix + args
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


CONFIGS = [
    # odd sizes everywhere: head size 5, vocab 37, T < n_ctx
    dict(n_layer=2, n_head=3, n_embd=15, n_ctx=11, vocab_size=37, B=3, T=7, seed=1),
    # one head of size 7, T = n_ctx, B = 1
    dict(n_layer=3, n_head=1, n_embd=7, n_ctx=5, vocab_size=50, B=1, T=5, seed=2),
    # more heads than head size, vocab smaller than C
    dict(n_layer=1, n_head=4, n_embd=12, n_ctx=9, vocab_size=11, B=4, T=6, seed=3),
    # big enough for the SIMD kernels' blocked main loops (and their tails): C 36, 4C 144, T 33
    dict(n_layer=2, n_head=4, n_embd=36, n_ctx=40, vocab_size=67, B=2, T=33, seed=4),
    # written the way Hugging Face exports GPT-2: "transformer." prefix, attn.bias / masked_bias
    # buffers (to be ignored), and an int64 batch
    dict(n_layer=2, n_head=2, n_embd=10, n_ctx=8, vocab_size=29, B=2, T=8, seed=5, hf_style=True),
]

OPTIMIZERS = [
    dict(optimizer="sgd", lr=0.37),
    dict(optimizer="adamw", lr=3e-3, beta1=0.85, beta2=0.99, eps=1e-6, weight_decay=0.05),
    dict(optimizer="adamw", lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01, defaults=True),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", required=True, help='command prefix, e.g. "node --no-experimental-fetch build/wasm/gpt-anatomy.js"')
    ap.add_argument("--tmp", default=None, help="folder for the generated files (default: a new temporary folder)")
    ap.add_argument("--quiet", action="store_true", help="print only failures and the summaries, not one line per tensor")
    args = ap.parse_args()
    prefix = shlex.split(args.cli)
    tmp = args.tmp or tempfile.mkdtemp(prefix="check_grad_")
    os.makedirs(tmp, exist_ok=True)
    rep = Report(not args.quiet)
    torch.set_grad_enabled(True)

    for ci, cfg in enumerate(CONFIGS):
        rng = np.random.default_rng(cfg["seed"])
        P = random_params(cfg, rng)
        B, T, V = cfg["B"], cfg["T"], cfg["vocab_size"]
        inputs = rng.integers(0, V, size=(B, T)).astype(np.int32)
        targets = rng.integers(0, V, size=(B, T)).astype(np.int32)
        meta = {k: str(cfg[k]) for k in ("n_layer", "n_head", "n_embd", "n_ctx", "vocab_size")}
        meta["tokenizer"] = "char"
        meta["alphabet"] = "".join(chr(33 + i) for i in range(V))  # V distinct, sorted code points
        ck = os.path.join(tmp, "model%d.safetensors" % ci)
        bt = os.path.join(tmp, "batch%d.safetensors" % ci)
        if cfg.get("hf_style"):
            tensors = [("transformer." + n, P[n]) for n, _ in param_specs(cfg)]
            Tm = cfg["n_ctx"]
            for i in range(cfg["n_layer"]):
                tensors.append(("transformer.h.%d.attn.bias" % i, np.tril(np.ones((Tm, Tm), np.float32)).reshape(1, 1, Tm, Tm)))
                tensors.append(("transformer.h.%d.attn.masked_bias" % i, np.array(-1e4, dtype=np.float32)))
            st_write(ck, tensors, meta)
            st_write(bt, [("inputs", inputs.astype(np.int64)), ("targets", targets.astype(np.int64))])
        else:
            st_write(ck, [(n, P[n]) for n, _ in param_specs(cfg)], meta)
            st_write(bt, [("inputs", inputs), ("targets", targets)])
        print("config %d: n_layer %d n_head %d n_embd %d n_ctx %d vocab %d, batch %dx%d%s" %
              (ci, cfg["n_layer"], cfg["n_head"], cfg["n_embd"], cfg["n_ctx"], V, B, T,
               " (Hugging Face style file: transformer. prefix, attn.bias buffers, int64 batch)" if cfg.get("hf_style") else ""))

        for opt in OPTIMIZERS:
            tag = "cfg%d %s%s" % (ci, opt["optimizer"], " (defaults)" if opt.get("defaults") else "")
            out = os.path.join(tmp, "grad%d_%s%s.safetensors" % (ci, opt["optimizer"], "_def" if opt.get("defaults") else ""))
            if os.path.exists(out):
                os.remove(out)
            cli_args = ["grad", "--model", ck, "--batch", bt, "--out", out]
            if not opt.get("defaults"):
                cli_args += ["--optimizer", opt["optimizer"], "--lr", repr(opt["lr"])]
                if opt["optimizer"] == "adamw":
                    cli_args += ["--beta1", repr(opt["beta1"]), "--beta2", repr(opt["beta2"]), "--eps", repr(opt["eps"]),
                                 "--weight-decay", repr(opt["weight_decay"])]
            rc, so, se = run_cli(prefix, cli_args)
            if rc != 0 or not os.path.exists(out):
                rep.ok(tag + " cli run", False, "exit %d: %s" % (rc, se.strip()))
                continue
            rep.ok(tag + " cli run", True)
            got, info, _ = st_read(out)
            # the CLI reads float32 settings: the reference uses the same float32-rounded values
            ropt = dict(opt)
            for k in ("lr", "beta1", "beta2", "eps", "weight_decay"):
                if k in ropt:
                    ropt[k] = float(np.float32(ropt[k]))
            logits, loss, grads, step1 = reference(P, cfg, inputs, targets, ropt)

            # exactly the expected tensors, dtypes and shapes
            expected = {"logits": [B, T, V], "loss": []}
            for n, shape in param_specs(cfg):
                expected["grad." + n] = list(shape)
                expected["step1." + n] = list(shape)
            missing = sorted(set(expected) - set(info))
            extra = sorted(set(info) - set(expected))
            bad_shape = [n for n in expected if n in info and info[n] != ("F32", expected[n])]
            rep.ok(tag + " tensor names/dtypes/shapes", not missing and not extra and not bad_shape,
                   "missing %s extra %s wrong %s" % (missing[:5], extra[:5], [(n, info[n]) for n in bad_shape[:5]]))
            if missing:
                continue

            rep.compare(tag + " logits", got["logits"], logits, np.abs(logits).max())
            rep.compare(tag + " loss", got["loss"].reshape(()), np.array(loss), abs(loss))
            gmax = max(np.abs(g).max() for g in grads.values())
            gtol = {}
            worst_g = (0.0, "")
            for n, _ in param_specs(cfg):
                r = grads[n]
                scale = max(np.abs(r).max(), 1e-2 * gmax)  # tensors whose gradient is ~0 (e.g. b_K) use the group scale
                gtol[n] = RTOL * np.abs(r) + ATOL * scale
                res = rep.compare(tag + " grad." + n, got["grad." + n], r, scale)
                if res and res[1] > worst_g[0]:
                    worst_g = (res[1], n)
            pmax = max(np.abs(p).max() for p in step1.values())
            dmax = max(np.abs(step1[n] - P[n]).max() for n in step1)
            worst_p = (0.0, "")
            worst_u = (0.0, "")
            for n, _ in param_specs(cfg):
                r = step1[n]
                extra_tol = None
                if opt["optimizer"] == "adamw":
                    # Adam's first step is ≈ lr·g/(|g|+eps): where |g| is comparable to the gradient's
                    # own float32 error, its direction is noise. Bound: lr·2δg/(|g|+eps), at most 2·lr.
                    g = np.abs(grads[n])
                    extra_tol = ropt["lr"] * np.minimum(2.0, 2.0 * gtol[n] / (g + ropt["eps"]))
                scale = max(np.abs(r).max(), 1e-2 * pmax)
                res = rep.compare(tag + " step1." + n, got["step1." + n], r, scale, extra_tol)
                if res and res[1] > worst_p[0]:
                    worst_p = (res[1], n)
                # the update itself, ΔW = step1 − W (small next to W, so checked on its own scale):
                # float32 rounding of W ± ΔW costs up to one ulp of W on top of the relative error
                p0 = P[n].astype(np.float64)
                d_ref = r - p0
                d_scale = max(np.abs(d_ref).max(), 1e-2 * dmax)
                ulp = 2.0 ** -23 * np.maximum(np.abs(p0), np.abs(r))
                res = rep.compare(tag + " update." + n, got["step1." + n] - p0, d_ref, d_scale,
                                  ulp if extra_tol is None else ulp + extra_tol)
                if res and res[1] > worst_u[0]:
                    worst_u = (res[1], n)
            print("  %s: loss %.6f (ref %.6f), logits max_abs %.2e; worst grad err/tol %.3f (%s); worst step1 err/tol %.3f (%s); worst update err/tol %.3f (%s)" %
                  (tag, float(got["loss"].reshape(())), loss, float(np.abs(got["logits"] - logits).max()),
                   worst_g[0], worst_g[1], worst_p[0], worst_p[1], worst_u[0], worst_u[1]))

    # ---- errors: one line on stderr, non-zero exit, no output file ----
    cfg = CONFIGS[0]
    ck = os.path.join(tmp, "model0.safetensors")
    bad_batch = os.path.join(tmp, "batch_bad.safetensors")
    st_write(bad_batch, [("inputs", np.full((2, 3), cfg["vocab_size"], dtype=np.int32)),
                         ("targets", np.zeros((2, 3), dtype=np.int32))])
    long_batch = os.path.join(tmp, "batch_long.safetensors")
    st_write(long_batch, [("inputs", np.zeros((1, cfg["n_ctx"] + 1), dtype=np.int32)),
                          ("targets", np.zeros((1, cfg["n_ctx"] + 1), dtype=np.int32))])
    good_batch = os.path.join(tmp, "batch0.safetensors")
    cases = [
        ("token id outside the vocabulary", ["--model", ck, "--batch", bad_batch]),
        ("batch longer than n_ctx", ["--model", ck, "--batch", long_batch]),
        ("missing model file", ["--model", os.path.join(tmp, "nope.safetensors"), "--batch", good_batch]),
        ("batch file is not safetensors", ["--model", ck, "--batch", os.path.join(tmp, "model0.safetensors") + ".nope"]),
        ("model given as batch", ["--model", ck, "--batch", ck]),
        ("unknown optimizer", ["--model", ck, "--batch", good_batch, "--optimizer", "lion"]),
        ("negative lr", ["--model", ck, "--batch", good_batch, "--lr", "-1"]),
        ("beta1 = 1", ["--model", ck, "--batch", good_batch, "--beta1", "1"]),
        ("lr not a number", ["--model", ck, "--batch", good_batch, "--lr", "abc"]),
        ("unknown option", ["--model", ck, "--batch", good_batch, "--momentum", "0.9"]),
    ]
    for what, extra in cases:
        out = os.path.join(tmp, "err_out.safetensors")
        if os.path.exists(out):
            os.remove(out)
        rc, so, se = run_cli(prefix, ["grad"] + extra + ["--out", out])
        lines = [l for l in se.strip().splitlines() if l.strip()]
        good = rc != 0 and not os.path.exists(out) and len(lines) == 1
        rep.ok("error: " + what, good, "exit %d, stderr %r, output file %s" % (rc, se.strip()[:200], os.path.exists(out)))

    print("check_grad: %d passed, %d failed" % (rep.passed, rep.failed))
    return 0 if rep.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
