#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz-build`, JOBS at a time,
# each for SECONDS, from the committed seeds (tests/fuzz/corpus/T/) plus
# what earlier runs found (build/fuzz/corpus/T/, kept between runs).
# Crashes, leaks, timeouts and out-of-memory inputs are written to
# build/fuzz/artifacts/T/; reproduce one with
#   build/fuzz/fuzz_T build/fuzz/artifacts/T/crash-...
# and turn it into a regression test (tests/bad-input/ or a unit test).
# usage: tests/fuzz/run.sh SECONDS JOBS TARGET...
set -u
cd "$(dirname "$0")/../.."
secs=$1; jobs=$2; shift 2
# Input size caps (default 8192) and dictionaries per target; see README.md.
declare -A maxlen=([ingest]=32768 [xml]=32768 [layout]=8192 [typeset]=8192
                   [compose]=32768 [table]=32768 [events]=32768 [align]=32768
                   [build]=32768 [map]=16384 [font]=32768 [hyphen]=16384)
declare -A dict=([xml]=xml [layout]=xml [compose]=tei [table]=tei [events]=tei
                 [align]=tei [build]=tei [map]=map [fonts]=fonts [font]=font
                 [messages]=messages [catalog]=catalog [geo]=gmt [hyphen]=hyphen)

run_one() {
  local t=$1 bin=build/fuzz/fuzz_$1
  local corpus=build/fuzz/corpus/$t art=build/fuzz/artifacts/$t/
  mkdir -p "$corpus" "$art"
  local extra=()
  [ -n "${dict[$t]:-}" ] && extra+=(-dict="tests/fuzz/${dict[$t]}.dict")
  local t0=$SECONDS
  "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
    -max_len="${maxlen[$t]:-8192}" -print_final_stats=1 \
    -artifact_prefix="$art" "${extra[@]}" "$corpus" "tests/fuzz/corpus/$t" \
    > "build/fuzz/$t.log" 2>&1
  echo $? > "build/fuzz/$t.rc"
  echo $((SECONDS - t0)) > "build/fuzz/$t.secs"
}

mkdir -p build/fuzz
running=0
for t in "$@"; do
  [ -x "build/fuzz/fuzz_$t" ] || { echo "fuzz: build/fuzz/fuzz_$t is missing"; exit 1; }
  rm -f "build/fuzz/$t.rc"
  echo "fuzz: $t for ${secs}s"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

bad=0
printf '%-8s %8s %12s %8s %7s %6s %7s  %s\n' target seconds executions exec/s corpus \
  cov ft findings
for t in "$@"; do
  log=build/fuzz/$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  took=$(cat "build/fuzz/$t.secs" 2>/dev/null)
  ncorpus=$(ls "build/fuzz/corpus/$t" | wc -l)
  found=$(ls "build/fuzz/artifacts/$t" 2>/dev/null | tr '\n' ' ')
  rc=$(cat "build/fuzz/$t.rc" 2>/dev/null || echo '?')
  # libFuzzer's last status line: "#N DONE cov: C ft: F corp: ..."
  last=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  [ "$rc" = 0 ] && [ -z "$found" ] || bad=1
  printf '%-8s %8s %12s %8s %7s %6s %7s  %s\n' "$t" "${took:-?}" "${execs:-?}" \
    "${rate:-?}" "$ncorpus" "${cov:-?}" "${ft:-?}" "${found:-none}"
  if [ "$rc" != 0 ]; then
    echo "  $t stopped with exit $rc; the report:"
    grep -m1 -A14 -E '^==[0-9]+==ERROR|runtime error|^fuzz: |ERROR: libFuzzer' "$log" | head -16 | sed 's/^/  | /'
  fi
done
[ "$bad" -eq 0 ]
