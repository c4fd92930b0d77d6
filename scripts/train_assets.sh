#!/usr/bin/env bash
# Reproduces the checkpoints shipped in assets/models/ with the project's own CLI
# (`gpt-anatomy train`), then writes each model card (assets/models/<name>.md) and
# assets/models/index.json from the training log, the checkpoint and a generated sample.
#
#   scripts/train_assets.sh [NAME...]        (default: every model below)
#   scripts/train_assets.sh --cards-only     rewrite the cards and index.json from the last logs
#
# Environment: GA_BUILD_DIR (default build/native: the native CLI and the converted data sets
# are built there if missing), GA_CLI (a gpt-anatomy binary to use instead), GA_TASKSET
# (e.g. "taskset -c 0" to pin the run to one core, as the shipped models were trained).
# Same CLI build, same data packages, same flags and seed → the same checkpoint, bit for bit.
# Each run takes a few minutes on one core (see the model cards for the measured time).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${GA_BUILD_DIR:-$ROOT/build/native}
CLI=${GA_CLI:-$BUILD/gpt-anatomy}
DATA=$BUILD/web/assets/data
OUT=$ROOT/assets/models
LOGS=$BUILD/train-logs
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

if [ -z "${GA_CLI:-}" ] || [ ! -f "$DATA/index.json" ]; then
  [ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target gpt-anatomy ga_data
fi
[ -x "$CLI" ] || { echo "train_assets: no gpt-anatomy CLI at $CLI" >&2; exit 1; }
mkdir -p "$OUT" "$LOGS"

# ---- the shipped models: name | data set | description EN | description FR | train flags ----
# words-fr-tiny: ~28K parameters, every heatmap readable cell by cell; invents French words.
MODEL_words_fr_tiny=(
  "words-fr-tiny" "words-fr"
  "Tiny character model (2 layers, 2 heads, 32 dims) trained on 36,000 French words: it invents French-looking words."
  "Tout petit modèle de caractères (2 couches, 2 têtes, 32 dimensions) entraîné sur 36 000 mots français : il invente des mots qui ont l'air français."
  "--n-layer 2 --n-head 2 --n-embd 32 --n-ctx 32 --batch 32 --steps 12000 --optimizer adamw --lr 5e-3 --weight-decay 0.01 --schedule cosine --warmup 200 --seed 1 --eval-every 600 --eval-batches 64"
  $'\n' 300)
# kjv-genesis-small: a few hundred thousand parameters on the King James Genesis.
MODEL_kjv_genesis_small=(
  "kjv-genesis-small" "kjv-genesis"
  "Small character model (4 layers, 4 heads, 64 dims, context 64) trained on the book of Genesis (King James Version): English in the style of 1611."
  "Petit modèle de caractères (4 couches, 4 têtes, 64 dimensions, contexte 64) entraîné sur le livre de la Genèse (Bible du roi Jacques, en anglais) : de l'anglais dans le style de 1611."
  "--n-layer 4 --n-head 4 --n-embd 64 --n-ctx 64 --batch 16 --steps 4000 --optimizer adamw --lr 3e-3 --weight-decay 0.01 --schedule cosine --warmup 200 --seed 1 --eval-every 400 --eval-batches 64"
  "And God said" 400)
ALL=(words-fr-tiny kjv-genesis-small)
DEFAULT=words-fr-tiny

names=("$@")
if [ "${1:-}" = "--cards-only" ]; then names=(); elif [ ${#names[@]} -eq 0 ]; then names=("${ALL[@]}"); fi

for name in "${names[@]}"; do
  declare -p "MODEL_${name//-/_}" >/dev/null 2>&1 || { echo "train_assets: unknown model '$name' (known: ${ALL[*]})" >&2; exit 2; }
  var="MODEL_${name//-/_}[@]"
  spec=("${!var}")
  data=${spec[1]} flags=${spec[4]} prompt=${spec[5]} n_sample=${spec[6]}
  echo "== $name: gpt-anatomy train --data $data.txt $flags"
  tmp="$OUT/.$name.safetensors.tmp"
  # wall and CPU seconds of the training run (the machine may be shared: CPU time is the cost)
  TIMEFORMAT='%R %U %S'
  # shellcheck disable=SC2086
  { time ${GA_TASKSET:-} "$CLI" train --data "$DATA/$data.txt" $flags --out "$tmp" | tee "$LOGS/$name.log"; } 2> "$LOGS/$name.time"
  [ -s "$tmp" ] || { echo "train_assets: $name: training failed (see $LOGS/$name.log)" >&2; exit 1; }
  # the AdamW moments as BF16: a third of the default page's download (scripts/optim_bf16.py)
  "$PY" "$ROOT/scripts/optim_bf16.py" "$tmp"
  mv "$tmp" "$OUT/$name.safetensors"
  "$CLI" generate --model "$OUT/$name.safetensors" --prompt "$prompt" --tokens "$n_sample" --temperature 0.8 --seed 1 \
    > "$LOGS/$name.sample"
  printf '%s\n' "${spec[0]}" "${spec[1]}" "${spec[2]}" "${spec[3]}" "${spec[4]}" "$n_sample" > "$LOGS/$name.spec"
  printf '%s' "$prompt" > "$LOGS/$name.prompt"
done

# ---- model cards and index.json, from the logs of every model trained so far ----------------
"$PY" - "$OUT" "$LOGS" "$DATA" "$DEFAULT" "${ALL[@]}" <<'PY'
import gzip, hashlib, json, math, os, re, struct, sys

out, logs, data_dir, default, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
datasets = {d["name"]: d for d in json.load(open(os.path.join(data_dir, "index.json"), encoding="utf-8"))["datasets"]}

def header(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(f.read(n))

# short names for menus (the descriptions are for tooltips and the model card)
TITLES = {
    "words-fr-tiny": ("Tiny: French words ({k}K parameters)", "Minuscule : mots français ({k} K paramètres)"),
    "kjv-genesis-small": ("Small: Genesis, KJV ({k}K parameters)", "Petit : Genèse, KJV ({k} K paramètres)"),
}
machine = "shared 2-core machine"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            machine = line.split(":", 1)[1].strip(); break
except OSError:
    pass
entries = []
for name in names:
    log_path = os.path.join(logs, name + ".log")
    ck_path = os.path.join(out, name + ".safetensors")
    if not (os.path.exists(log_path) and os.path.exists(ck_path)):
        sys.exit("train_assets: %s has no log or checkpoint: run scripts/train_assets.sh %s" % (name, name))
    log = open(log_path, encoding="utf-8").read()
    spec = open(os.path.join(logs, name + ".spec"), encoding="utf-8").read().split("\n")
    _, data, desc_en, desc_fr, flags, n_sample = spec[:6]
    prompt = open(os.path.join(logs, name + ".prompt"), encoding="utf-8").read()
    sample = open(os.path.join(logs, name + ".sample"), encoding="utf-8").read()
    meta = header(ck_path)["__metadata__"]
    cfg = {k: int(meta[k]) for k in ("n_layer", "n_head", "n_embd", "n_ctx", "vocab_size")}
    m = re.search(r"model: .*?: (\d+) parameters", log); params = int(m.group(1))
    m = re.search(r"data: .*?, (\d+) train / (\d+) val tokens; batch (\d+) x (\d+)", log)
    n_train, n_val, batch, ctx = (int(x) for x in m.groups())
    m = re.search(r"step 0: val loss ([0-9.]+) \(ln V = ([0-9.]+)\)", log); val0, ln_v = float(m.group(1)), float(m.group(2))
    m = re.search(r"done: (\d+) steps in ([0-9.]+) s \((\d+) tokens/s\), train loss ([0-9.]+), val loss ([0-9.]+)", log)
    steps, secs, tps, train_loss, val_loss = int(m.group(1)), float(m.group(2)), int(m.group(3)), float(m.group(4)), float(m.group(5))
    curve = re.findall(r"step (\d+)/\d+ \| loss ([0-9.]+) .*\| val ([0-9.]+)", log)
    size = os.path.getsize(ck_path)
    raw = open(ck_path, "rb").read()
    gz = len(gzip.compress(raw, 9))
    sha = hashlib.sha256(raw).hexdigest()
    seed = re.search(r"--seed (\d+)", flags).group(1)
    hdr = header(ck_path)
    if "optim.adamw.step" in hdr:
        n_opt = sum(1 for k in hdr if k.startswith("optim.adamw."))
        optim_row = ("AdamW moments m and v of every tensor, in BF16 (`scripts/optim_bf16.py`), and the step count (%d tensors `optim.adamw.*`, metadata "
                     "`optim.lr` = %s, `optim.batch` = %s) stored next to the weights; plain GPT-2 loaders ignore them. "
                     "The page resumes from them: Run continues with AdamW at constant η %s (half the last η), context %s, "
                     "batch %d" %
                     (n_opt, "%.3g" % float(meta["optim.lr"]), meta.get("optim.batch"), "%.3g" % (0.5 * float(meta["optim.lr"])),
                      meta.get("optim.context"), max(int(meta["optim.batch"]), min(64, 4096 // int(meta["optim.context"])))))
    else:
        optim_row = "none (a fresh optimizer when training continues)"
    time_path = os.path.join(logs, name + ".time")
    cpu = None
    if os.path.exists(time_path):
        wall, user, sys_ = (float(x) for x in open(time_path).read().split()[-3:])
        cpu = user + sys_
    when = "%.0f s of CPU time on one core, %.0f s wall clock" % (cpu, secs) if cpu else "%.0f s on one CPU core" % secs
    ds = datasets[data]
    cmd = "gpt-anatomy train --data %s.txt %s --out %s.safetensors" % (data, flags, name)
    rows = "\n".join("| %s | %s |" % (s, v) for s, _, v in curve)
    card = f"""# {name}

{desc_en}

{desc_fr}

| | |
|---|---|
| Data | `{data}` — {ds['description_en']} |
| Source | {ds['source']} |
| Data licence | {ds['licence']} |
| Split | {ds['split']}: {n_train:,} training tokens, {n_val:,} validation tokens |
| Tokenizer | char, {cfg['vocab_size']} symbols (the alphabet of the data, stored in the checkpoint) |
| Architecture | GPT-2: n_layer {cfg['n_layer']}, n_head {cfg['n_head']}, n_embd {cfg['n_embd']}, n_ctx {cfg['n_ctx']}, vocab_size {cfg['vocab_size']} |
| Parameters | {params:,} |
| Training | {steps:,} steps, batch {batch} × {ctx} tokens, AdamW (β1 0.9, β2 0.999, ε 1e-8), {flags.split('--lr ')[1].split()[0]} peak learning rate, warm-up + cosine schedule, weight decay {flags.split('--weight-decay ')[1].split()[0]} (matrices only), seed {seed} |
| Training time | {when} ({tps:,} tokens/s, native build, {machine}) |
| Validation loss (random weights, step 0) | {val0:.4f} nats/char (ln V = {ln_v:.4f}) |
| **Validation loss (trained)** | **{val_loss:.4f}** nats/char |
| Training loss (last batch) | {train_loss:.4f} |
| File | `{name}.safetensors`: {size:,} bytes ({gz:,} bytes gzip -9), sha256 `{sha}` |
| Optimizer state | {optim_row} |

Losses are mean cross-entropy in nats per character. The validation loss is the CLI's estimate
on 64 random batches of the validation split; `tests/unit/test_pretrained.cpp` measures it on
the whole split and checks it is far below ln V, the loss of random weights.

## Reproduce

```sh
scripts/train_assets.sh {name}   # retraining gave the same sha256 twice (same CLI build)
# which runs, on the data set converted at build time (build/native/web/assets/data/):
{cmd}
# continue training from this checkpoint and its optimizer state:
gpt-anatomy train --data {data}.txt --init {name}.safetensors --continue --steps 1000 --out more.safetensors
```

## Learning curve (validation loss)

| step | val loss |
|---:|---:|
| 0 | {val0:.4f} |
{rows}

## Sample

`gpt-anatomy generate --model {name}.safetensors --prompt {json.dumps(prompt)} --tokens {n_sample} --temperature 0.8 --seed 1`:

```
{sample.rstrip()}
```
"""
    with open(os.path.join(out, name + ".md"), "w", encoding="utf-8") as f:
        f.write(card)
    title_en, title_fr = (t.format(k=round(params / 1000)) for t in TITLES.get(name, (name, name)))
    entries.append({"name": name, "file": name + ".safetensors", "card": name + ".md",
                    "title_en": title_en, "title_fr": title_fr,
                    "description_en": desc_en, "description_fr": desc_fr, "data": data,
                    "config": cfg, "params": params, "steps": steps, "seed": int(seed),
                    "train_loss": train_loss, "val_loss": val_loss, "random_val_loss": val0,
                    "ln_vocab": round(math.log(cfg["vocab_size"]), 4), "bytes": size, "bytes_gzip": gz, "sha256": sha})
    print("%-18s %8d params  val %.4f (ln V %.4f)  %9d bytes  %8d gzip -9" % (name, params, val_loss, ln_v, size, gz))
with open(os.path.join(out, "index.json"), "w", encoding="utf-8") as f:
    f.write(json.dumps({"default": default, "models": entries}, ensure_ascii=False, indent=1) + "\n")
PY
