#!/usr/bin/env bash
# GPT Anatomy's whole test suite: installs what is missing, builds, runs every test.
#   1. Catch2 unit tests natively (SSE kernels) and as wasm under node (wasm SIMD kernels), via CTest
#   2. the checkpoint-loader fuzz corpus replayed (native and wasm), via CTest
#   3. independent references: gradients vs PyTorch (native + wasm CLI), GPT-2 BPE vs gpt-3-encoder
#   4. end-to-end tests of the real page in Chromium, Firefox and WebKit (tests/e2e/harness.mjs has the
#      three drivers), a short soak test; screenshots in build/e2e/[engine/]
# Prints a summary and exits non-zero on any failure.  Options: --no-browser, --quick
# (GA_E2E_ENGINES="chromium firefox" runs fewer engines.)
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
browser=1 quick=0
for a in "$@"; do
  case $a in
    --no-browser) browser=0 ;;
    --quick) quick=1 ;;
    *) echo "tests/run.sh: unknown option $a" >&2; exit 2 ;;
  esac
done
export NODE_PATH=/usr/share/nodejs
t_start=$(date +%s)
results=()  passed=0 failed=0
record() { # name rc detail
  if [ "$2" = 0 ]; then passed=$((passed + 1)); results+=("PASS  $1  $3"); else failed=$((failed + 1)); results+=("FAIL  $1  $3"); fi
}
section() { printf '\n==== %s ====\n' "$*"; }

section "set-up"
setup_args=(--tests); [ $browser = 0 ] && setup_args+=(--no-browser)
scripts/setup.sh "${setup_args[@]}" || { echo "set-up failed"; echo "summary: 0 passed, 1 failed"; exit 1; }

catch_counts() { sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -Eo '(All tests passed \([0-9]+ assertions? in [0-9]+ test cases?\))|(test cases: .*)' | tail -1; }

for target in native wasm; do
  section "build $target"
  mkdir -p build
  if scripts/build.sh "$target" >"build/.build-$target.log" 2>&1; then
    record "build-$target" 0 ""
  else
    tail -40 "build/.build-$target.log"; record "build-$target" 1 "(see build/.build-$target.log)"; continue
  fi
  section "ctest $target"
  log="build/$target/ctest.log"
  (cd "build/$target" && ctest --output-on-failure -V) >"$log" 2>&1
  rc=$?
  grep -E '^ *[0-9]+/[0-9]+ Test|tests passed|Catch|assertions|passed, ' "$log" | grep -v '^[0-9]*: ' | tail -15
  [ $rc = 0 ] || tail -60 "$log"
  record "unit-$target" $rc "$(catch_counts "$log")"
done

section "gradients vs PyTorch (independent reference)"
if [ -f tests/reference/check_grad.py ]; then
  for cli in "build/native/gpt-anatomy" "/usr/bin/node --no-experimental-fetch build/wasm/gpt-anatomy.js"; do
    out=$(/usr/bin/python3 tests/reference/check_grad.py --cli "$cli" --tmp build/reference 2>&1); rc=$?
    echo "$out" | tail -8
    record "grad-vs-torch ($cli)" $rc "$(echo "$out" | grep -E 'passed, ' | tail -1)"
  done
fi

section "GPT-2 BPE vs gpt-3-encoder"
if [ -f tests/reference/check_bpe.mjs ]; then
  for cli in "build/native/gpt-anatomy" "/usr/bin/node --no-experimental-fetch build/wasm/gpt-anatomy.js"; do
    out=$(node tests/reference/check_bpe.mjs "$cli" 2>&1); rc=$?
    echo "$out" | tail -5
    record "bpe ($cli)" $rc "$(echo "$out" | grep -E 'passed, ' | tail -1)"
  done
fi

section "benchmark smoke (figures only, no timing asserted)"
for cli in "build/native/gpt-anatomy" "/usr/bin/node --no-experimental-fetch build/wasm/gpt-anatomy.js"; do
  out=$($cli bench --json --quick 2>&1); rc=$?
  echo "$out" | head -c 600; echo
  if [ $rc = 0 ]; then echo "$out" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["matmul"] and d["train"]' || rc=1; fi
  record "bench --json ($cli)" $rc ""
done

if [ $browser = 1 ] && [ -f tests/e2e/run.mjs ]; then
  # the same suites once per engine, each recorded by name with its counts
  for engine in ${GA_E2E_ENGINES:-chromium firefox webkit}; do
    section "end-to-end in $engine"
    out_log=build/e2e/e2e-$engine.log; mkdir -p build/e2e
    node tests/e2e/run.mjs --engine "$engine" 2>&1 | tee "$out_log"; rc=${PIPESTATUS[0]}
    record "e2e ($engine)" $rc "$(grep -E 'passed, ' "$out_log" | tail -1)"
    if [ -f tests/e2e/training_panels.mjs ]; then
      node tests/e2e/training_panels.mjs --engine "$engine" --site build/wasm/web 2>&1 | tee "build/e2e/training_panels-$engine.log"; rc=${PIPESTATUS[0]}
      record "e2e panels ($engine)" $rc "$(grep -E 'passed, ' "build/e2e/training_panels-$engine.log" | tail -1)"
    fi
  done
  if [ -f tests/e2e/soak.mjs ]; then
    section "soak (short: 1/20 of the full run)"
    node tests/e2e/soak.mjs --short 2>&1 | tee build/e2e/soak.log; rc=${PIPESTATUS[0]}
    record "soak --short (chromium)" $rc "$(grep -E 'passed, |flat' build/e2e/soak.log | tail -1)"
  fi
fi

section "summary ($(( $(date +%s) - t_start )) s)"
printf '%s\n' "${results[@]}"
echo "summary: $passed passed, $failed failed"
[ $failed = 0 ]
