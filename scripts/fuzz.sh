#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan+UBSan) and runs each for a bounded time from its
# committed corpus. New inputs go to a scratch directory; a crash fails the run and leaves the
# input under build/fuzz/findings/ (add it to fuzz/corpus/<harness>/ once fixed).
# MOI_FUZZ_SECONDS sets the time per harness (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# ccache: compile paths relative to the checkout and leave the directory out of the hash, so a
# fresh clone in another folder (CI) reuses what an earlier build of the same sources cached.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake --preset fuzz
cmake --build --preset fuzz

seconds="${MOI_FUZZ_SECONDS:-30}"
findings="$PWD/build/fuzz/findings"
mkdir -p "$findings"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

status=0
for harness in envelope models retry_after genai_zip cli_json emulator_request; do
  mkdir -p "$scratch/$harness"
  log="$scratch/$harness.log"
  if build/fuzz/fuzz/"fuzz_$harness" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/$harness-" \
      "$scratch/$harness" "fuzz/corpus/$harness" >"$log" 2>&1; then
    result="ok"
  else
    result="FAILED (see $findings)"
    status=1
    tail -n 40 "$log"
  fi
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || echo "?")
  printf 'fuzz %-16s %10s executions in %ss, coverage %s edges: %s\n' \
    "$harness" "$runs" "$seconds" "$cov" "$result"
done
exit "$status"
