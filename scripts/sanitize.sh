#!/usr/bin/env bash
# Sanitizer runs (CI calls this after scripts/test.sh): the whole test suite under
# AddressSanitizer + UndefinedBehaviorSanitizer, and the concurrency tests under
# ThreadSanitizer. Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# ccache: compile paths relative to the checkout and leave the directory out of the hash, so a
# fresh clone in another folder (CI) reuses what an earlier build of the same sources cached.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
cmake --workflow --preset asan

# libcurl, OpenSSL and cpp-httplib are not instrumented; tsan.supp lists the races TSan
# reports inside them (not in moi-cpp), each with the reason.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan.supp"
cmake --workflow --preset tsan
