#!/usr/bin/env bash
# The README's test command: installs what is missing, configures, builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# ccache: compile paths relative to the checkout and leave the directory out of the hash, so a
# fresh clone in another folder (CI) reuses what an earlier build of the same sources cached.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake --workflow --preset test
