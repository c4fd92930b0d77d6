#!/usr/bin/env bash
# GPT Anatomy's whole test suite: installs what is missing, builds, runs every test.
#   1. Catch2 unit tests natively (SSE/AVX2 kernels) and as wasm under node (wasm SIMD kernels):
#      one CTest test per Catch2 test case, plus every fuzz target's corpus replayed
#   2. a short libFuzzer run of every fuzz target (ASan + UBSan, scripts/fuzz.sh, GA_FUZZ_SECONDS
#      seconds each, default 20; 0 skips it)
#   3. independent references: gradients vs PyTorch (native, wasm and threaded wasm CLI), GPT-2 BPE vs gpt-3-encoder,
#      and `gpt-anatomy bench --json` on both CLIs (the JSON shape only: no time is asserted)
#   4. end-to-end tests of the real page in Chromium, Firefox and WebKit (tests/e2e/harness.mjs has the
#      three drivers; GA_E2E_ENGINES="chromium firefox" runs fewer), served like ./serve.sh with the
#      cross-origin isolation headers (the threaded build), and in Chromium once more without them
#      (the single-thread build, as on a plain static host); the two builds side by side and the
#      isolation service worker (threads.mjs), the teach suite and a short soak test; screenshots in
#      build/e2e/
#   5. the debug wasm build (wasm-debug preset: assert(), ImGui's IM_ASSERT and Emscripten's runtime
#      assertions on) and the page smoke tests on it
# Every suite listed here must exist: a missing script or test program is a failure, never a skip.
# The summary counts tests (CTest tests, reference checks, e2e tests), not stages, and ends with
# one line "summary: N passed, M failed"; the exit status is non-zero on any failure.
# Options: --no-browser (skip 4 and 5), --quick (skip 5)
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
browser=1 quick=0
for a in "$@"; do
  case $a in
    --no-browser) browser=0 ;;
    --quick) quick=1 ;;
    *) echo "tests/run.sh: unknown option $a" >&2; exit 2 ;;
  esac
done
export NODE_PATH=/usr/share/nodejs
node_run=(/usr/bin/node --no-experimental-fetch)
t_start=$(date +%s)
rows=() total_passed=0 total_failed=0

# record SUITE PASSED FAILED [NOTE]: one summary row; the totals add up tests, not suites.
record() {
  local status=PASS
  [ "$3" != 0 ] && status=FAIL
  total_passed=$((total_passed + $2)); total_failed=$((total_failed + $3))
  rows+=("$(printf '%s  %-44s %4d ok %3d failed  %s' "$status" "$1" "$2" "$3" "${4:-}")")
}
section() { printf '\n==== %s ====\n' "$*"; }
strip_colours() { sed 's/\x1b\[[0-9;]*m//g' "$@"; }
# The last "N passed, M failed" a test program printed, as "N M" (nothing if it printed none).
counts_of() { strip_colours "$1" | grep -Eo '[0-9]+ passed, [0-9]+ failed' | tail -1 | sed -E 's/([0-9]+) passed, ([0-9]+) failed/\1 \2/'; }
# record_from_log SUITE RC LOG [NOTE]: counts from the log; a program that crashed before printing
# them, or printed 0 tests, or exited non-zero with "0 failed", counts as one failure.
record_from_log() {
  local suite=$1 rc=$2 log=$3 note=${4:-} c p f
  c=$(counts_of "$log")
  if [ -z "$c" ]; then record "$suite" 0 1 "no test counts printed (exit $rc; see $log) $note"; return; fi
  read -r p f <<<"$c"
  if [ "$p" = 0 ] && [ "$f" = 0 ]; then record "$suite" 0 1 "ran no tests (see $log) $note"; return; fi
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; note="exit $rc with no failed test (see $log) $note"; fi
  if [ "$rc" = 0 ] && [ "$f" != 0 ]; then note="$f failed but exit 0 $note"; fi
  record "$suite" "$p" "$f" "$note"
}
# require SUITE FILE...: every file must exist; else the suite is recorded as one failure.
require() {
  local suite=$1 f; shift
  for f in "$@"; do
    if [ ! -e "$f" ]; then echo "missing: $f"; record "$suite" 0 1 "missing: $f"; return 1; fi
  done
}

section "set-up"
setup_args=(--tests); [ $browser = 0 ] && setup_args+=(--no-browser)
if ! scripts/setup.sh "${setup_args[@]}"; then
  echo "set-up failed"; echo "summary: 0 passed, 1 failed"; exit 1
fi
mkdir -p build/logs
declare -A built=()

# build PRESET [cmake --build args]: recorded only when it fails (a build is not a test).
build() {
  local preset=$1; shift
  section "build $preset"
  local log="build/logs/build-$preset.log"
  if scripts/build.sh "$preset" "$@" >"$log" 2>&1; then built[$preset]=1; tail -1 "$log"; return 0; fi
  tail -40 "$log"; record "build $preset" 0 1 "build failed (see $log)"; return 1
}

# ---- 1. unit tests and the fuzz corpus, via CTest ------------------------------------------------
# Each Catch2 test case is one CTest test (catch_discover_tests): every test case the binary
# lists must be a CTest test of the same name, so a listing that failed or mangled a name cannot
# pass. (Other CTest tests, like the fuzz corpus replay, come on top.)
for preset in native wasm; do
  build "$preset" || { record "ctest $preset" 0 1 "not run: the build failed"; continue; }
  section "ctest $preset"
  log="build/logs/ctest-$preset.log"
  (cd "build/$preset" && ctest --no-tests=error --output-on-failure --timeout 900 -j2) >"$log" 2>&1
  rc=$?
  grep -E 'tests passed|tests failed|\*\*\*|Timeout|Not Run' "$log" | tail -20
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [ -z "$line" ]; then record "ctest $preset" 0 1 "CTest printed no result (exit $rc; see $log)"; continue; fi
  failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
  (cd "build/$preset" && ctest -N) | sed -n 's/^ *Test *#[0-9]*: //p' | LC_ALL=C sort >"build/logs/ctest-$preset.names"
  if [ "$preset" = native ]; then list_cmd=(build/native/ga_tests); else list_cmd=("${node_run[@]}" build/wasm/ga_tests.js); fi
  "${list_cmd[@]}" --list-test-names-only 2>/dev/null | grep . | LC_ALL=C sort >"build/logs/catch-$preset.names"
  listed=$(wc -l <"build/logs/ctest-$preset.names") cases=$(wc -l <"build/logs/catch-$preset.names")
  unlisted=$(LC_ALL=C comm -13 "build/logs/ctest-$preset.names" "build/logs/catch-$preset.names" | wc -l)
  note="$listed CTest tests, $cases of them the Catch2 test cases"
  if [ "$cases" = 0 ] || [ "$unlisted" != 0 ]; then
    record "ctest $preset" $((total - failed)) $((failed + 1)) "$unlisted of the $cases Catch2 test cases are not CTest tests (build/logs/*-$preset.names)"
    continue
  fi
  [ $rc != 0 ] && [ "$failed" = 0 ] && failed=1 && note="CTest exit $rc (see $log)"
  record "ctest $preset" $((total - failed)) "$failed" "$note"
done

clis=()
[ -n "${built[native]:-}" ] && clis+=("build/native/gpt-anatomy")
[ -n "${built[wasm]:-}" ] && clis+=("${node_run[*]} build/wasm/gpt-anatomy.js" "${node_run[*]} build/wasm/gpt-anatomy-mt.js --threads 2")
cli_label() { case $1 in build/native/*) echo native ;; *-mt.js*) echo "wasm-threads" ;; *) echo wasm ;; esac; }

# ---- fuzz: a short budget per target, so a regression in a reader shows (scripts/fuzz.sh) -----
fuzz_secs=${GA_FUZZ_SECONDS:-20}
[ $quick = 1 ] && fuzz_secs=${GA_FUZZ_SECONDS:-5}
if [ "$fuzz_secs" != 0 ] && require "fuzz" scripts/fuzz.sh; then
  section "fuzz (libFuzzer + ASan + UBSan, $fuzz_secs s per target)"
  log="build/logs/fuzz.log"
  scripts/fuzz.sh -t "$fuzz_secs" >"$log" 2>&1; rc=$?
  sed -n '/^fuzz summary/,$p' "$log"
  [ $rc = 0 ] || tail -30 "$log"
  record_from_log "fuzz ($fuzz_secs s per target)" $rc "$log"
fi

# ---- the training thread and the core's pool under ThreadSanitizer (tsan preset, clang) -----------
if build tsan; then
  section "threads under ThreadSanitizer"
  log="build/logs/tsan.log"
  tsan_cases=$(build/tsan/ga_app_tests --list-test-names-only "[threads]" 2>/dev/null | grep -c .)
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" build/tsan/ga_app_tests "[threads]" >"$log" 2>&1; rc=$?
  tail -3 "$log"
  if [ "$tsan_cases" = 0 ]; then record "threads under TSan" 0 1 "no [threads] test case listed"
  elif [ $rc = 0 ]; then record "threads under TSan" "$tsan_cases" 0 "training thread + pool, no data race"
  else record "threads under TSan" 0 "$tsan_cases" "exit $rc: a data race or a failed check (see $log)"; fi
fi

# ---- 2. independent references ------------------------------------------------------------------
section "gradients vs PyTorch (independent reference)"
if require "grad vs PyTorch" tests/reference/check_grad.py; then
  for cli in "${clis[@]}"; do
    log="build/logs/check_grad-$(cli_label "$cli").log"
    /usr/bin/python3 tests/reference/check_grad.py --cli "$cli" --tmp build/reference >"$log" 2>&1; rc=$?
    tail -4 "$log"
    record_from_log "grad vs PyTorch ($(cli_label "$cli") CLI)" $rc "$log"
  done
fi

section "GPT-2 BPE vs gpt-3-encoder"
if require "BPE vs gpt-3-encoder" tests/reference/check_bpe.mjs; then
  for cli in "${clis[@]}"; do
    log="build/logs/check_bpe-$(cli_label "$cli").log"
    node tests/reference/check_bpe.mjs "$cli" >"$log" 2>&1; rc=$?
    tail -3 "$log"
    record_from_log "BPE vs gpt-3-encoder ($(cli_label "$cli") CLI)" $rc "$log"
  done
fi

for cli in "${clis[@]}"; do
  log="build/logs/bench-$(cli_label "$cli").json"
  $cli bench --json --quick --thread-counts 1,2 >"$log" 2>&1; rc=$?
  head -c 400 "$log"; echo
  if [ $rc = 0 ] && /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["matmul"] and d["train"] and d["generate"] and all("threads" in r for r in d["train"])' "$log"; then
    record "bench --json ($(cli_label "$cli") CLI)" 1 0
  else
    record "bench --json ($(cli_label "$cli") CLI)" 0 1 "exit $rc or bad JSON (see $log)"
  fi
done

# ---- 4. the page in Chromium, Firefox and WebKit ------------------------------------------------
# e2e SUITE LOG SCRIPT [ARGS]: one browser suite; its own per-test timeout is in the script.
e2e() {
  local suite=$1 log=$2; shift 2
  node "$@" 2>&1 | tee "$log"; local rc=${PIPESTATUS[0]}
  record_from_log "$suite" "$rc" "$log"
}
# run.mjs in Firefox and WebKit: start, training, drawing, the French interface, URL parameters and
# decimal commas, files in and out, the embed and the course page, the single file (the rest draws
# the same C++ frames and is checked in Chromium, twice: docs/build.md)
E2E_OTHER_ENGINES=ready,loading-indicator,state-shape,data-deferred,step,training-lowers-loss,heatmap-draws,model-map-bias-anatomy-views,generate,lang-fr,url-parameters,decimal-comma,bad-checkpoint-keeps-model,download-upload-roundtrip,drop-files-and-data-sets,course-page-postmessage,embed-iframe-focus-two-panels,single-file
if [ $browser = 1 ]; then
  if [ -z "${built[wasm]:-}" ]; then
    record "e2e" 0 1 "not run: the wasm build failed"
  elif require "e2e" tests/e2e/run.mjs tests/e2e/training_panels.mjs tests/e2e/harness.mjs tests/e2e/teach.mjs tests/e2e/soak.mjs tests/e2e/threads.mjs; then
    mkdir -p build/e2e
    # the same suites once per engine, each recorded by name with its counts
    for engine in ${GA_E2E_ENGINES:-chromium firefox webkit}; do
      section "end-to-end in $engine"
      if [ "$engine" = chromium ]; then
        # all of it twice: the threaded build (headers on, as ./serve.sh) and the single-thread one
        # (no headers, as a plain static host)
        e2e "e2e page, isolated: threads ($engine)" "build/logs/e2e-$engine.log" tests/e2e/run.mjs --engine "$engine" --site build/wasm/web
        section "end-to-end in $engine without isolation headers"
        e2e "e2e page, no isolation: 1 thread ($engine)" "build/logs/e2e-$engine-no-isolation.log" tests/e2e/run.mjs --engine "$engine" \
          --site build/wasm/web --no-isolation --shots build/e2e/no-isolation
      else
        # a representative part in the other engines (isolated, as ./serve.sh): start, training,
        # drawing, text and keys, files, the embed and course page; the rest is the same C++ drawing
        # the same frames, checked in Chromium, and CI time is limited (docs/build.md)
        e2e "e2e page ($engine)" "build/logs/e2e-$engine.log" tests/e2e/run.mjs --engine "$engine" --site build/wasm/web \
          --only "$E2E_OTHER_ENGINES"
      fi
      section "end-to-end: training panels in $engine"
      # Chromium runs them all; the other engines the ones whose behaviour depends on the engine's
      # keyboard and text input (the rest is the same C++ drawing the same frames), to keep CI short
      panels_only=()
      [ "$engine" != chromium ] && panels_only=(--only presenter-keys,keys-ignored-while-typing,typed-values-refused,arrow-keys-walk-the-model)
      e2e "e2e training panels ($engine)" "build/logs/e2e-training-panels-$engine.log" tests/e2e/training_panels.mjs \
        --engine "$engine" --site build/wasm/web "${panels_only[@]}"
    done
    section "end-to-end: the threaded and the single-thread build, the isolation service worker (headless Chromium)"
    e2e "e2e threads (chromium)" build/logs/e2e-threads.log tests/e2e/threads.mjs --site build/wasm/web
    section "end-to-end: teach one example, edit one weight, knock-outs (headless Chromium)"
    e2e "e2e teach (chromium)" build/logs/e2e-teach.log tests/e2e/teach.mjs --site build/wasm/web
    section "soak (short: 1/20 of the full run)"
    e2e "soak --short (chromium)" build/logs/soak.log tests/e2e/soak.mjs --short
  fi

  # ---- 5. debug wasm build: asserts on, the page smoke tests on it ------------------------------
  if [ $quick = 0 ]; then
    if build wasm-debug --target gpt-anatomy-app; then
      section "page smoke tests on the debug build (assertions on)"
      # (the debug build has the single-thread page only: served without the isolation headers)
      e2e "e2e smoke on wasm-debug (chromium)" build/logs/e2e-wasm-debug.log tests/e2e/run.mjs --smoke --no-isolation \
        --site build/wasm-debug/web --shots build/e2e/wasm-debug
    else
      record "e2e smoke on wasm-debug (chromium)" 0 1 "not run: the wasm-debug build failed"
    fi
  fi
fi

section "summary ($(( $(date +%s) - t_start )) s)"
printf '%s\n' "${rows[@]}"
echo "summary: $total_passed passed, $total_failed failed"
[ $total_failed = 0 ]
