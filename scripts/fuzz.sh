#!/usr/bin/env bash
# Fuzzes the decoders of kernel- and JS-written bytes (README "Fuzzing"):
# builds the libFuzzer harnesses of fuzz/ with clang under ASan+UBSan, runs
# each for a bounded time from its committed corpus (fuzz/corpus/<harness>/),
# then the TypeScript control-data harness (fuzz/cmsg.mjs, needs dist/ from
# `npm run build`). Prints one line per harness and "fuzz: N passed, N failed"
# last; exits non-zero on a finding, whose input is saved under
# build/fuzz/findings/<harness>/ (replay it: build/fuzz/fuzz_<harness> FILE).
# Inputs that found new coverage go to build/fuzz/new/<harness>/, never into
# the committed corpus.
#
# Usage: scripts/fuzz.sh [seconds per harness, default 30] [harness...]
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
shift || true
harnesses=("$@")
((${#harnesses[@]})) || harnesses=(sockaddr batch rtnetlink cmsg)
# Longest input each harness reads; more only slows the search.
declare -A max_len=([sockaddr]=256 [batch]=4096 [rtnetlink]=8192)

out=build/fuzz
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (scripts/install-test-deps.sh installs it)"
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi
if ! { CXX=clang++ cmake -S fuzz -B "$out" >/dev/null &&
  cmake --build "$out" -j 2 >/dev/null; }; then
  echo "fuzz: build failed"
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
for h in "${harnesses[@]}"; do
  findings=$out/findings/$h
  mkdir -p "$findings" "$out/new/$h"
  log=$out/$h.log
  if [[ $h == cmsg ]]; then
    node fuzz/cmsg.mjs "$seconds" fuzz/corpus/cmsg "$findings" >"$log" 2>&1
    rc=$?
    execs=$(sed -nE 's/^executions ([0-9]+)$/\1/p' "$log" | tail -1)
  else
    # -timeout: one input running 10 s is a hang, a finding too.
    "$out/fuzz_$h" -max_total_time="$seconds" -timeout=10 -max_len="${max_len[$h]}" -print_final_stats=1 \
      -artifact_prefix="$findings/" "$out/new/$h" "fuzz/corpus/$h" >"$log" 2>&1
    rc=$?
    execs=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)$/\1/p' "$log" | tail -1)
  fi
  if ((rc == 0)); then
    echo "fuzz $h: ok, ${execs:-?} executions in ${seconds} s"
    passed=$((passed + 1))
  else
    echo "fuzz $h: FINDING (exit $rc), ${execs:-?} executions; input in $findings/, log $log:"
    grep -E 'ERROR|SUMMARY|invariant failed|^finding|^    #[0-9] ' "$log" | head -8
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
