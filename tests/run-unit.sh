#!/usr/bin/env bash
# Runs CMocka test programs and prints one closing line
# "LABEL: N passed, N failed" (N counts tests, not programs).
# usage: tests/run-unit.sh LABEL DIR TEST...
set -u
label=$1; dir=$2; shift 2
passed=0; failed=0; broken=0
for t in "$@"; do
  out=$("$dir/$t" 2>&1); rc=$?
  printf '%s\n' "$out" | grep -E '^\[  (FAILED|PASSED|  ERROR)|^\[  ERROR|^\[  FAILED  \]|Test failed|ERROR: ' | sed "s|^|$t: |"
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
    # crashed or a sanitizer stopped it: count it as a failure, show why
    printf '%s\n' "$out" | tail -30 | sed "s|^|$t: |"
    broken=$((broken + 1)); failed=$((failed + 1))
  fi
done
echo "$label: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
