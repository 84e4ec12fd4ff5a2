#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The benchmarks in one command (docs/performance.md):
#
#   bash bench/run.sh [--quick] [--profile] [--no-build] [--wait-quiet[=S]]
#
# Builds bench/ in Release at -O2 (build/bench, the library compiled from this tree), starts
# moi_bench_server on a free loopback port, runs the C++ benchmarks and the Python requests
# peer twice (client and server pinned to one CPU, then free on all CPUs), the pagination
# memory runs, writes bench/results/*.json, prints the side-by-side table with the ratios and
# regenerates docs/performance-calls.png.
#   --quick     fewer calls and repetitions: a smoke test, written to build/bench/results-quick
#   --profile   also profile: callgrind over 2,000 calls each of the SDK and the raw loops
#               (easy and multi, with and without json::parse; instructions per call by
#               function) and perf over 4 threads sharing one client (where the time goes,
#               lock share); writes bench/results/profile-*.txt
#   --no-build  use the existing build
#   --wait-quiet[=S]  first wait (at most S seconds, default 600) until the CPUs have been at
#               least 85% idle over 5 seconds: other builds on the machine distort the figures
# Environment: MOI_BENCH_BUILD_DIR (default build/bench), MOI_BENCH_RESULTS (bench/results),
# MOI_BENCH_PLOT (docs/performance-calls.png).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MOI_BENCH_BUILD_DIR:-$root/build/bench}"
quick=0
profile=0
do_build=1
wait_quiet=0
for arg in "$@"; do
  case "$arg" in
    --wait-quiet) wait_quiet=600 ;;
    --wait-quiet=*) wait_quiet="${arg#*=}" ;;
    --quick) quick=1 ;;
    --profile) profile=1 ;;
    --no-build) do_build=0 ;;
    -h|--help) sed -n '3,21p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

calls=20000 reps=5 thread_reps=3 py_reps=3 thread_time=1.0 mem_reps=3
results="${MOI_BENCH_RESULTS:-$root/bench/results}"
plot="${MOI_BENCH_PLOT:-$root/docs/performance-calls.png}"
if [ "$quick" -eq 1 ]; then
  calls=2000 reps=1 thread_reps=1 py_reps=1 thread_time=0.2 mem_reps=1
  # A smoke run never replaces the reference figures.
  results="${MOI_BENCH_RESULTS:-$build/results-quick}"
  plot="${MOI_BENCH_PLOT:-$results/performance-calls.png}"
fi

# --- packages --------------------------------------------------------------------------------
# Debian packages the benchmarks need beyond the library's own (scripts/install-deps.sh).
packages=(libbenchmark-dev libcpp-httplib-dev python3-requests gnuplot-nox)
[ "$profile" -eq 1 ] && packages+=(valgrind linux-perf)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "run.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "run.sh: missing packages: ${missing[*]}" >&2
    echo "run.sh: run as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# Debian's interpreter, which has python3-requests (a pyenv or venv python3 may not).
python=/usr/bin/python3
[ -x "$python" ] || python="$(command -v python3)"

# Loopback only: never through a proxy.
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"

# --- build -----------------------------------------------------------------------------------
if [ "$do_build" -eq 1 ]; then
  generator=()
  if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
  # Release at -O2 (the optimisation level distributions build libraries with), no sanitizers.
  cmake -S "$root/bench" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
  cmake --build "$build" -j"$(nproc)"
fi

mkdir -p "$results"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- quiet machine (optional) ----------------------------------------------------------------
idle_percent() {  # share of CPU time spent idle over the next $1 seconds
  local a b
  read -r -a a < <(grep '^cpu ' /proc/stat)
  sleep "$1"
  read -r -a b < <(grep '^cpu ' /proc/stat)
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $(( total > 0 ? 100 * (b[4] - a[4] + b[5] - a[5]) / total : 0 ))
}
if [ "$wait_quiet" -gt 0 ]; then
  deadline=$((SECONDS + wait_quiet))
  while :; do
    idle="$(idle_percent 5)"
    [ "$idle" -ge 85 ] && { echo "run.sh: CPUs ${idle}% idle: starting"; break; }
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "run.sh: still busy (${idle}% idle) after ${wait_quiet}s: measuring anyway" >&2
      break
    fi
    echo "run.sh: CPUs only ${idle}% idle, waiting"
  done
fi

# --- machine ---------------------------------------------------------------------------------
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
"$python" - "$results/machine.json" "$load_before" <<'EOF'
import json, os, platform, re, subprocess, sys
def run(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""
cpu = ""
with open("/proc/cpuinfo", encoding="utf-8") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
mem_kib = 0
with open("/proc/meminfo", encoding="utf-8") as f:
    for line in f:
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
hyp = re.search(r"Hypervisor vendor:\s*(\S+)", run("lscpu"))
os_name = ""
if os.path.exists("/etc/os-release"):
    with open("/etc/os-release", encoding="utf-8") as f:
        for line in f:
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip().strip('"')
json.dump({
    "cpu": cpu, "cpus": os.cpu_count(), "memory_gib": round(mem_kib / 1048576, 1),
    "hypervisor": hyp.group(1) if hyp else "", "kernel": platform.release(), "os": os_name,
    "compiler": run("c++", "--version").splitlines()[0] if run("c++", "--version") else "",
    "curl": run("curl-config", "--version"), "python": platform.python_version(),
    "load_before": sys.argv[2],
}, open(sys.argv[1], "w", encoding="utf-8"), indent=2)
EOF
echo "run.sh: load average before: $load_before (figures are noisy above ~0.5 on 2 cores)"

# --- server ----------------------------------------------------------------------------------
"$build/moi_bench_server" >"$work/server.out" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 200); do
  port="$(awk '/^port /{print $2}' "$work/server.out")"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.out" >&2; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "run.sh: the bench server did not start" >&2; exit 1; }
echo "run.sh: moi_bench_server pid $server_pid on 127.0.0.1:$port"

# --- phase 1: client and server on one CPU (1, 2, 3) ------------------------------------------
# Sequential calls ping-pong between two processes. On two otherwise idle vCPUs every hand-off
# wakes a halted vCPU, which costs more than the call itself and varies from run to run; on
# one CPU a hand-off is a plain context switch. This phase measures the clients' own costs.
last_cpu=$(($(nproc) - 1))
taskset -a -c -p 0 "$server_pid" >/dev/null
echo "run.sh: phase 1: client and server on CPU 0"
taskset -c 0 "$build/moi_bench" --moi_port="$port" --moi_calls="$calls" --moi_reps="$reps" \
  --benchmark_filter='^(J5|Decode)/' --benchmark_enable_random_interleaving=true \
  --benchmark_out="$results/bench-one-cpu.json" --benchmark_out_format=json
echo "run.sh: Python requests peer on CPU 0, $calls calls x $py_reps"
taskset -c 0 "$python" "$root/bench/peer_requests.py" --port "$port" --calls "$calls" \
  --reps "$py_reps" --out "$results/python-one-cpu.json"

# --- phase 2: every CPU, the scheduler decides (1, 2, 4, 5) ---------------------------------
taskset -a -c -p "0-$last_cpu" "$server_pid" >/dev/null
echo "run.sh: phase 2: client and server free on CPUs 0-$last_cpu"
"$build/moi_bench" --moi_port="$port" --moi_calls="$calls" --moi_reps="$reps" \
  --moi_thread_reps="$thread_reps" --moi_thread_time="$thread_time" \
  --benchmark_filter='^(J5|Connections|Threads)/' \
  --benchmark_enable_random_interleaving=true \
  --benchmark_out="$results/bench.json" --benchmark_out_format=json
echo "run.sh: Python requests peer, $calls calls x $py_reps"
"$python" "$root/bench/peer_requests.py" --port "$port" --calls "$calls" --reps "$py_reps" \
  --out "$results/python.json"

# --- memory (6): one process per run, sizes alternated ---------------------------------------
echo "run.sh: pagination memory, 1 page vs 100,000 items (1,000 per page) x $mem_reps"
: >"$work/memory.jsonl"
for _ in $(seq "$mem_reps"); do
  for files in 1000 100000; do
    "$build/moi_bench_memory" --port "$port" --files "$files" --page-size 1000 \
      >>"$work/memory.jsonl"
  done
done
# The control: keeping all 100,000 items shows what the measurement would see if they piled up.
"$build/moi_bench_memory" --port "$port" --files 100000 --page-size 1000 --keep \
  >>"$work/memory.jsonl"
"$python" -c 'import json, sys
json.dump([json.loads(l) for l in open(sys.argv[1])], open(sys.argv[2], "w"), indent=2)' \
  "$work/memory.jsonl" "$results/memory.json"

# --- bounds: cancellation latency and wait overrun (issue 12) --------------------------------
echo "run.sh: bounds (cancellation latency per state, waiter overrun)"
bounds_runs=20
if [ "$quick" -eq 1 ]; then bounds_runs=4; fi
"$build/moi_bench_bounds" "$bounds_runs" | tee "$results/bounds.txt"

# --- profiles (optional) ---------------------------------------------------------------------
if [ "$profile" -eq 1 ]; then
  echo "run.sh: profiling (callgrind, then perf)"
  for name in sdk raw_curl raw_curl_parse raw_multi raw_multi_parse; do
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.$name" \
      "$build/moi_bench" --moi_port="$port" --moi_calls=2000 --moi_reps=1 \
      --benchmark_filter="^J5/$name/" >/dev/null 2>"$work/callgrind.$name.log"
  done
  "$python" "$root/bench/callgrind_summary.py" --calls 2001 \
    "$work/callgrind.sdk" "$work/callgrind.raw_curl" --raw-parse "$work/callgrind.raw_curl_parse" \
    --raw-multi "$work/callgrind.raw_multi" --raw-multi-parse "$work/callgrind.raw_multi_parse" \
    >"$results/profile-callgrind.txt"
  if perf record -q -e cpu-clock -g -o "$work/perf.data" -- \
      "$build/moi_bench" --moi_port="$port" --moi_reps=1 --moi_thread_time=2 \
      --benchmark_filter='^Threads/sdk_shared/.*threads:4$' >/dev/null 2>"$work/perf.log"; then
    set +o pipefail  # `head` ends perf report early
    {
      echo "# perf record -e cpu-clock -g: Threads/sdk_shared, 4 threads sharing one client"
      echo "# Client process only (the server is another process). moi_bench holds the SDK's code"
      echo "# and the inlined nlohmann::json; libcurl, libc and the kernel are shared objects."
      echo "# Self time by shared object:"
      perf report -i "$work/perf.data" --stdio --no-children --sort dso -g none 2>/dev/null \
        | grep -v '^$' | grep -v '^#' | head -15
      echo
      echo "# Self time by symbol (top 40):"
      perf report -i "$work/perf.data" --stdio --no-children --sort dso,sym -g none 2>/dev/null \
        | grep -v '^$' | grep -v '^#' | head -40 | cut -c1-160
      echo
      echo "# Lock-related symbols (self):"
      perf report -i "$work/perf.data" --stdio --no-children --sort sym -g none 2>/dev/null \
        | grep -Ei 'mutex|futex|lll_lock|lll_unlock|spin' || echo "  (none sampled)"
      echo
      echo "# Who reaches the kernel's _raw_spin_unlock_irqrestore (callers):"
      perf report -i "$work/perf.data" --stdio --no-children --sort sym \
        -S _raw_spin_unlock_irqrestore -g caller,0.5,callee --percent-limit 1 2>/dev/null \
        | grep -v '^$' | grep -v '^#' | head -32
    } >"$results/profile-perf-threads4.txt"
    set -o pipefail
  else
    echo "run.sh: perf unavailable ($(tail -1 "$work/perf.log")); skipped" >&2
  fi
fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "run.sh: load average after: $load_after"

# --- table and plot --------------------------------------------------------------------------
"$python" "$root/bench/report.py" --results "$results" --load-after "$load_after"
"$python" "$root/bench/plot.py" --results "$results" --out "$plot"
