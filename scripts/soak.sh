#!/usr/bin/env bash
# Soak test (not in the default test run): 100,000 mixed calls from 4 threads sharing one
# client against a moi-emulator process; fails on any error or on resident-memory growth above
# 5 MiB after warm-up. Then a shorter run under valgrind memcheck, which fails on any error or
# definite leak. Uses the 'test' preset's build tree.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
if ! command -v valgrind >/dev/null; then apt-get install -y -qq valgrind; fi
cmake --preset test >/dev/null
cmake --build --preset test --target moi_soak moi-emulator

build=build/test
"$build/tests/soak/moi_soak" --emulator "$build/tools/emulator/moi-emulator" \
  --calls "${MOI_SOAK_CALLS:-100000}" --threads 4 --max-growth-kb 5120

valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1 \
  "$build/tests/soak/moi_soak" --emulator "$build/tools/emulator/moi-emulator" \
  --calls "${MOI_SOAK_VALGRIND_CALLS:-2000}" --threads 4 --max-growth-kb 1000000
echo "soak: valgrind memcheck clean"
