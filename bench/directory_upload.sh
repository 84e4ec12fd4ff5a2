#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A directory upload of COUNT files of 4 KiB (default 2000, in 20 subdirectories) against
# moi-emulator answering 2 ms late (--latency-ms 2): `moi file upload VOLUME DIR --recursive`
# (moi::upload_directory) with --parallel 1 and --parallel 8, each into a fresh volume, and the
# documents' own upload_file.py in its directory mode when UPLOAD_FILE_PY is given
# (docs/performance.md, issue 22). One JSON line per run.
#   bench/directory_upload.sh MOI_BINARY MOI_EMULATOR_BINARY [COUNT] [UPLOAD_FILE_PY]
# upload_file.py imports a `config` module the documents do not ship (get_base_url,
# get_moi_key_interactive): a two-function stand-in pointing at the emulator is written next to
# a small driver that calls its upload_directory(dir, volume_id, moi_key=..., base_url=...).
# Its output (several lines per file) goes to /dev/null. Needs python3-requests.
set -euo pipefail
moi=$1
emulator=$2
count=${3:-2000}
upload_py=${4:-}
work=$(mktemp -d)
trap 'kill "$emu_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
"$emulator" --port 0 --api-key bench --latency-ms 2 --threads 16 \
  >"$work/emulator.out" 2>"$work/emulator.err" &
emu_pid=$!
for _ in $(seq 100); do
  [ -s "$work/emulator.out" ] && break
  sleep 0.05
done
url=$(head -1 "$work/emulator.out" | sed 's/^listening on //')
export MOI_BASE_URL=$url MOI_API_KEY=bench

# COUNT files of 4 KiB in 20 subdirectories (plus 0-19 at the top).
mkdir "$work/tree"
head -c 4096 /dev/urandom | base64 -w 0 | head -c 4095 >"$work/block"
echo >>"$work/block"
for i in $(seq 0 $((count - 1))); do
  sub="$work/tree/d$((i % 20))"
  [ "$i" -lt 20 ] && sub="$work/tree"
  mkdir -p "$sub"
  { printf '%06d' "$i"; tail -c +7 "$work/block"; } >"$sub/f$i.txt"
done

catalog=$("$moi" catalog create bench | sed -n 's/.*"id": *"\{0,1\}\([0-9]*\).*/\1/p')
database=$("$moi" database create "$catalog" bench | sed -n 's/.*"id": *"\{0,1\}\([0-9]*\).*/\1/p')
new_volume() { "$moi" volume create "$database" "$1" | sed -n 's/.*"id": *"\([0-9]*\)".*/\1/p'; }

for parallel in 1 8; do
  volume=$(new_volume "p$parallel")
  start=$(date +%s.%N)
  "$moi" file upload "$volume" "$work/tree" --recursive --parallel "$parallel" \
    >"$work/result$parallel.json" 2>/dev/null
  end=$(date +%s.%N)
  uploaded=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["uploaded"])' \
    "$work/result$parallel.json")
  printf '{"tool":"moi upload_directory","files":%s,"parallel":%s,"wall_s":%.2f,"uploaded":%s}\n' \
    "$count" "$parallel" "$(echo "$end - $start" | bc)" "$uploaded"
done

if [ -n "$upload_py" ]; then
  if ! python3 -c 'import requests' 2>/dev/null; then
    echo '{"tool":"upload_file.py","skipped":"python3-requests is not installed"}'
    exit 0
  fi
  mkdir "$work/py"
  cp "$upload_py" "$work/py/upload_file.py"
  cat >"$work/py/config.py" <<EOF
def get_base_url():
    return "$url"


def get_moi_key_interactive():
    return "bench"
EOF
  cat >"$work/py/driver.py" <<'EOF'
import sys
import upload_file

results = upload_file.upload_directory(sys.argv[1], sys.argv[2], moi_key="bench",
                                       base_url=sys.argv[3])
print(sum(1 for r in results if r["success"]), file=sys.stderr)
EOF
  volume=$(new_volume py)
  start=$(date +%s.%N)
  uploaded=$(cd "$work/py" && python3 driver.py "$work/tree" "$volume" "$url" 2>&1 >/dev/null |
    tail -1)
  end=$(date +%s.%N)
  printf '{"tool":"upload_file.py upload_directory","files":%s,"parallel":1,"wall_s":%.2f,"uploaded":%s}\n' \
    "$count" "$(echo "$end - $start" | bc)" "$uploaded"
fi
