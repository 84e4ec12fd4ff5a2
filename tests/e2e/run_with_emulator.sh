#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs a command against a freshly started moi-emulator, then stops the emulator.
#
#   run_with_emulator.sh EMULATOR [EMULATOR FLAGS...] -- COMMAND [ARGS...]
#
# The emulator listens on a free loopback port (--port 0 --port-file) with a generated API key;
# the command gets MOI_BASE_URL and MOI_API_KEY. Exits with the command's status (or 1 when the
# emulator cannot be started). Used by ctest for the Python document examples and the examples.
set -euo pipefail

if [ "$#" -lt 3 ]; then
  echo "usage: $0 EMULATOR [EMULATOR FLAGS...] -- COMMAND [ARGS...]" >&2
  exit 2
fi
emulator=$1
shift
flags=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  flags+=("$1")
  shift
done
if [ "$#" -lt 2 ]; then
  echo "run_with_emulator: no command after --" >&2
  exit 2
fi
shift  # the --

workdir=$(mktemp -d "${TMPDIR:-/tmp}/moi-emulator.XXXXXX")
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill -TERM "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

key="run-with-emulator-$$"
"$emulator" --port 0 --port-file "$workdir/port" --api-key "$key" "${flags[@]+"${flags[@]}"}" \
  >"$workdir/stdout" 2>"$workdir/stderr" &
emulator_pid=$!

for _ in $(seq 1 200); do
  [ -s "$workdir/port" ] && break
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    echo "run_with_emulator: the emulator exited before listening:" >&2
    cat "$workdir/stderr" >&2
    exit 1
  fi
  sleep 0.05
done
if [ ! -s "$workdir/port" ]; then
  echo "run_with_emulator: the emulator did not write its port within 10 s" >&2
  exit 1
fi

export MOI_BASE_URL="http://127.0.0.1:$(tr -d '[:space:]' <"$workdir/port")"
export MOI_API_KEY="$key"
echo "run_with_emulator: emulator at $MOI_BASE_URL; running: $*"

status=0
"$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run_with_emulator: the command exited with status $status; emulator log:" >&2
  cat "$workdir/stderr" >&2
fi
exit "$status"
