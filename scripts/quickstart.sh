#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, starts a local moi-emulator on a
# free port, runs the quickstart example against it, and stops the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --workflow --preset default

build=build/default
work=$(mktemp -d)
port_file="$work/port"
"$build/tools/emulator/moi-emulator" --port 0 --port-file "$port_file" \
  --api-key quickstart-key --file-duration-ms 200 >"$work/emulator.log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 100); do
  [ -s "$port_file" ] && break
  if ! kill -0 "$emulator" 2>/dev/null; then
    echo "moi-emulator did not start:" >&2
    cat "$work/emulator.log" >&2
    exit 1
  fi
  sleep 0.05
done
[ -s "$port_file" ] || { echo "moi-emulator did not report its port" >&2; exit 1; }

echo "== moi-emulator listening on http://127.0.0.1:$(cat "$port_file")"
echo
MOI_BASE_URL="http://127.0.0.1:$(cat "$port_file")" MOI_API_KEY=quickstart-key \
  "$build/examples/quickstart"
