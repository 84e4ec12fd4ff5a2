#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `moi parse` of COUNT small files (default 100) against moi-emulator: wall time with
# --parallel 1 and --parallel 8 (docs/performance.md, issue 23).
#   bench/genai_parse.sh MOI_BINARY MOI_EMULATOR_BINARY [COUNT]
# The emulator processes 8 files at a time, 10 ms each; the job's poll interval is the SDK's
# (3 s, then up to 5 s), so the wait is a fixed share of the time.
set -euo pipefail
moi=$1
emulator=$2
count=${3:-100}
work=$(mktemp -d)
trap 'kill "$emu_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$emulator" --port 0 --api-key bench --file-duration-ms 10 --parallel-files 8 \
  >"$work/emulator.out" 2>"$work/emulator.err" &
emu_pid=$!
for _ in $(seq 100); do
  [ -s "$work/emulator.out" ] && break
  sleep 0.05
done
url=$(head -1 "$work/emulator.out" | sed 's/^listening on //')
mkdir "$work/in"
for i in $(seq -w "$count"); do
  printf '# Document %s\n\nA small paragraph of text number %s.\n' "$i" "$i" >"$work/in/doc$i.md"
done
for parallel in 1 8; do
  mkdir "$work/out$parallel"
  start=$(date +%s.%N)
  MOI_BASE_URL=$url MOI_API_KEY=bench "$moi" --output jsonl parse "$work"/in/*.md \
    --out "$work/out$parallel" --parallel "$parallel" --timeout 300 >"$work/records$parallel" \
    2>/dev/null
  end=$(date +%s.%N)
  folders=$(find "$work/out$parallel" -mindepth 1 -maxdepth 1 -type d | wc -l)
  printf '{"files":%s,"parallel":%s,"wall_s":%.2f,"extracted":%s}\n' \
    "$count" "$parallel" "$(echo "$end - $start" | bc)" "$folders"
done
