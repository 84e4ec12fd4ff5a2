#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Plots calls/second by method and thread count from a bench/run.sh run (gnuplot, PNG).

    plot.py --results bench/results --out docs/performance-calls.png

Reads bench.json and bench-one-cpu.json (Google Benchmark's --benchmark_out), python.json and
python-one-cpu.json. One cluster of bars per thread count (1, 2, 4, client and server free on
all CPUs) plus one for sequential calls with client and server pinned to one CPU: the SDK with
one shared client, the SDK with one client per thread, raw libcurl with one handle per thread
and, for sequential calls, Python requests. Each bar is the median of the repetitions.
Needs gnuplot (Debian: gnuplot-nox).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

METHODS = [
    ("Threads/sdk_shared", "SDK, one shared client"),
    ("Threads/sdk_per_thread", "SDK, one client per thread"),
    ("Threads/raw_curl", "raw libcurl, handle per thread"),
    ("python", "Python requests.Session"),
]
THREADS = (0, 1, 2, 4)  # 0: sequential calls, client and server pinned to one CPU


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default=os.path.join(os.path.dirname(__file__), "results"))
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("plot.py: gnuplot not found (apt-get install gnuplot-nox)", file=sys.stderr)
        return 1
    def load(name):
        with open(os.path.join(args.results, name), encoding="utf-8") as f:
            return json.load(f)

    def collect(doc):
        out = {}
        for b in doc["benchmarks"]:
            if b.get("run_type") != "iteration" or "items_per_second" not in b:
                continue
            name = "/".join(b["run_name"].split("/")[:2])
            out.setdefault((name, int(b.get("threads", 1))), []).append(b["items_per_second"])
        return out

    bench = load("bench.json")
    values = collect(bench)
    values[("python", 1)] = [r["calls_per_second"] for r in load("python.json")["runs"]]
    one = collect(load("bench-one-cpu.json"))
    # The pinned cluster: sequential J5 calls, the SDK's bar under "shared client".
    values[("Threads/sdk_shared", 0)] = one.get(("J5/sdk", 1), [])
    values[("Threads/raw_curl", 0)] = one.get(("J5/raw_curl", 1), [])
    values[("python", 0)] = [r["calls_per_second"] for r in load("python-one-cpu.json")["runs"]]

    def cell(method, threads):
        v = values.get((method, threads))
        return f"{statistics.median(v):.0f}" if v else "NaN"

    labels = {0: "sequential, one CPU", 1: "1 thread", 2: "2 threads", 4: "4 threads"}
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "calls.dat")
        with open(data, "w", encoding="utf-8") as f:
            f.write("threads " + " ".join(f'"{label}"' for _, label in METHODS) + "\n")
            for t in THREADS:
                f.write(f'"{labels[t]}" ' +
                        " ".join(cell(m, t) for m, _ in METHODS) + "\n")
        date = bench.get("context", {}).get("date", "")[:10]
        script = f"""
set terminal pngcairo size 960,540 font "DejaVu Sans,11"
set output "{os.path.abspath(args.out)}"
set title "moi-cpp: J5 status calls per second over loopback ({date}, 2-vCPU VM)"
set ylabel "calls / second (median of repetitions)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left
set grid ytics
set yrange [0:*]
set format y "%.0f"
plot "{data}" using 2:xtic(1) title columnheader(2) lc rgb "#1f77b4", \\
     "" using 3 title columnheader(3) lc rgb "#2ca02c", \\
     "" using 4 title columnheader(4) lc rgb "#7f7f7f", \\
     "" using 5 title columnheader(5) lc rgb "#d62728"
"""
        subprocess.run([gnuplot], input=script, text=True, check=True)
    print(f"plot.py: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
