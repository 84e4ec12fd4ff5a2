#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Side-by-side table of a bench/run.sh run, with the ratios against the goals.

    report.py --results bench/results [--load-after "0.1 0.2 0.3"]

Reads bench-one-cpu.json and bench.json (Google Benchmark: client and server pinned to one
CPU, then free on all CPUs), python-one-cpu.json and python.json (peer_requests.py, the same
two placements), memory.json (moi_bench_memory runs) and machine.json; prints the table and
writes summary.md (the same
table in Markdown) and summary.json (the figures and whether each goal is met). Every figure
is the median of the repetitions; "spread" is (max - min) / median over the repetitions.
Client CPU is exact (CLOCK_THREAD_CPUTIME_ID / process_time); its user/sys split comes from
getrusage and is tick-sampled (rough over short runs). Server CPU is the server process's
user + system time per call over the same loop.
"""

import argparse
import json
import os
import statistics
import sys

UNIT_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def family(run_name):
    """'J5/sdk/iterations:20000/repeats:3/real_time' -> 'J5/sdk'."""
    return "/".join(run_name.split("/")[:2])


class Runs:
    """The per-repetition entries of bench.json, grouped by (family, threads)."""

    def __init__(self, doc):
        self.groups = {}
        for b in doc["benchmarks"]:
            if b.get("run_type") != "iteration" or b.get("error_occurred"):
                continue
            key = (family(b["run_name"]), int(b.get("threads", 1)))
            self.groups.setdefault(key, []).append(b)

    def has(self, name, threads=1):
        return (name, threads) in self.groups

    def values(self, name, field, threads=1, scale=1.0):
        out = []
        for b in self.groups.get((name, threads), []):
            value = b.get(field)
            if value is None:
                continue
            if field in ("real_time", "cpu_time"):
                value = value * UNIT_US[b.get("time_unit", "ns")]
            out.append(value * scale)
        return out


def median(values):
    return statistics.median(values) if values else float("nan")


def spread(values):
    if len(values) < 2:
        return 0.0
    m = statistics.median(values)
    return (max(values) - min(values)) / m if m else 0.0


def fmt(value, digits=1):
    if value != value:  # NaN
        return "n/a"
    return f"{value:,.{digits}f}"


def pct(value):
    return f"{100 * value:.1f}%"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default=os.path.join(os.path.dirname(__file__), "results"))
    parser.add_argument("--load-after", default="")
    args = parser.parse_args()

    bench = load(os.path.join(args.results, "bench.json"))
    runs = Runs(bench)
    one_cpu = Runs(load(os.path.join(args.results, "bench-one-cpu.json")))
    python = load(os.path.join(args.results, "python.json"))
    python_one_cpu = load(os.path.join(args.results, "python-one-cpu.json"))
    memory = load(os.path.join(args.results, "memory.json"))
    machine_path = os.path.join(args.results, "machine.json")
    machine = load(machine_path) if os.path.exists(machine_path) else {}
    if args.load_after:
        machine["load_after"] = args.load_after
        with open(machine_path, "w", encoding="utf-8") as f:
            json.dump(machine, f, indent=2)

    rows = []  # (section, measure, value, goal, verdict)
    goals = {}

    def row(section, measure, value, goal="", verdict=""):
        rows.append((section, measure, value, goal, verdict))

    def verdict(ok):
        return "met" if ok else "MISSED"

    calls = one_cpu.values("J5/sdk", "iterations")
    calls = int(calls[0]) if calls else 0

    # 1-2. Per-call overhead and the peer, in both placements.
    for tag, where, r, py_doc in (("one_cpu", "one CPU", one_cpu, python_one_cpu),
                                  ("all_cpus", "all CPUs", runs, python)):
        s1, s2 = f"1 per call, {where}", f"2 peer, {where}"
        sdk = r.values("J5/sdk", "real_time")
        raw = r.values("J5/raw_curl", "real_time")
        raw_parse = r.values("J5/raw_curl_parse", "real_time")
        raw_multi = r.values("J5/raw_multi", "real_time")
        raw_multi_parse = r.values("J5/raw_multi_parse", "real_time")
        for fam, name, values in (("J5/sdk", "SDK JobClient::get_status", sdk),
                                  ("J5/raw_curl", "raw libcurl, one easy handle", raw),
                                  ("J5/raw_curl_parse", "raw libcurl + json::parse", raw_parse),
                                  ("J5/raw_multi", "raw libcurl, multi perform/poll", raw_multi),
                                  ("J5/raw_multi_parse", "raw multi + json::parse",
                                   raw_multi_parse)):
            if not values:
                continue
            user = median(r.values(fam, "client_user_us"))
            system = median(r.values(fam, "client_sys_us"))
            srv = median(r.values(fam, "server_cpu_us"))
            cpu = median(r.values(fam, "cpu_time"))
            row(s1, f"{name}: us/call",
                f"{fmt(median(values), 2)} (spread {pct(spread(values))}; client CPU {fmt(cpu)} "
                f"[user {fmt(user)}, sys {fmt(system)}], server CPU {fmt(srv)})")
        ratio = median(sdk) / median(raw)
        goals[f"per_call_ratio_{tag}"] = {"value": ratio, "goal": "<= 1.10", "met": ratio <= 1.10}
        row(s1, "SDK / raw libcurl (wall)", fmt(ratio, 3), "<= 1.10", verdict(ratio <= 1.10))
        row(s1, "SDK / raw libcurl (wall, best repetition of each)",
            fmt(min(sdk) / min(raw), 3))
        cpu_ratio = median(r.values("J5/sdk", "cpu_time")) / median(
            r.values("J5/raw_curl", "cpu_time"))
        row(s1, "SDK / raw libcurl (client CPU, user + sys)", fmt(cpu_ratio, 3))
        if raw_parse:
            row(s1, "SDK / (raw libcurl + parse) (wall)", fmt(median(sdk) / median(raw_parse), 3))
        if raw_multi:
            row(s1, "SDK / raw multi loop (wall)", fmt(median(sdk) / median(raw_multi), 3))
        if raw_multi_parse:
            row(s1, "SDK / (raw multi + parse) (wall)",
                fmt(median(sdk) / median(raw_multi_parse), 3))

        runs_py = py_doc["runs"]
        py = [x["us_per_call"] for x in runs_py]
        py_cpu = median([x["cpu_us_per_call"] for x in runs_py])
        py_user = median([x["client_user_us_per_call"] for x in runs_py])
        py_sys = median([x["client_sys_us_per_call"] for x in runs_py])
        py_srv = median([x.get("server_cpu_us_per_call", float("nan")) for x in runs_py])
        row(s2, f"Python requests {py_doc.get('requests', '')}: us/call",
            f"{fmt(median(py), 1)} (spread {pct(spread(py))}; client CPU {fmt(py_cpu)} "
            f"[user {fmt(py_user)}, sys {fmt(py_sys)}], server CPU {fmt(py_srv)})")
        speedup = median(py) / median(sdk)
        goals[f"peer_speedup_{tag}"] = {"value": speedup, "goal": ">= 15", "met": speedup >= 15}
        row(s2, "Python / SDK (wall)", fmt(speedup, 1) + "x", ">= 15x", verdict(speedup >= 15))
        row(s2, "Python / raw libcurl (wall): the ceiling", fmt(median(py) / median(raw), 1) + "x")
        row(s2, "Python / SDK (client CPU, user + sys)",
            fmt(py_cpu / median(r.values("J5/sdk", "cpu_time")), 1) + "x")
        row(s2, "Python / SDK (client user CPU, tick-sampled)",
            fmt(py_user / median(r.values("J5/sdk", "client_user_us")), 1) + "x")

    # 3. Decoding.
    page_mb = None
    for name, label in (("Decode/j5_parse", "J5 body (212 B): json::parse"),
                        ("Decode/j5_parse_typed", "J5 body: parse + JobStatusInfo")):
        us = one_cpu.values(name, "cpu_time")
        row("3 decode", f"{label}: us", f"{fmt(median(us), 2)} (spread {pct(spread(us))})")
    for name, label in (("Decode/parse", "J3 10,000 files: json::parse alone"),
                        ("Decode/parse_typed", "parse + typed decode"),
                        ("Decode/typed_only", "typed decode of a parsed DOM"),
                        ("Decode/sdk_list_files", "SDK list_files, in-memory transport")):
        ms = one_cpu.values(name, "cpu_time", scale=1e-3)
        mbs = one_cpu.values(name, "bytes_per_second", scale=1e-6)
        row("3 decode", f"{label}: ms", f"{fmt(median(ms), 2)} (spread {pct(spread(ms))}; "
            f"{fmt(median(mbs), 1)} MB/s)")
    page_mb = median(one_cpu.values("Decode/parse", "page_bytes")) / 1e6
    row("3 decode", "J3 page size: MB", fmt(page_mb, 2))
    parse = median(one_cpu.values("Decode/parse", "cpu_time"))
    typed = median(one_cpu.values("Decode/parse_typed", "cpu_time"))
    full = median(one_cpu.values("Decode/sdk_list_files", "cpu_time"))
    decode_ratio = typed / parse
    goals["decode_ratio"] = {"value": decode_ratio, "goal": "<= 1.5", "met": decode_ratio <= 1.5}
    row("3 decode", "(parse + typed) / parse", fmt(decode_ratio, 3), "<= 1.5",
        verdict(decode_ratio <= 1.5))
    row("3 decode", "SDK list_files / parse", fmt(full / parse, 3))

    # 4. Connections.
    seq = runs.values("Connections/sequential", "tcp_connections")
    shared = runs.values("Connections/shared", "tcp_connections", threads=4)
    seq_n = max(seq) if seq else float("nan")
    shared_n = max(shared) if shared else float("nan")
    goals["connections_sequential"] = {"value": seq_n, "goal": "== 1", "met": seq_n == 1}
    goals["connections_shared4"] = {"value": shared_n, "goal": "<= 4", "met": shared_n <= 4}
    row("4 connections", "1,000 sequential calls: TCP connections", fmt(seq_n, 0), "== 1",
        verdict(seq_n == 1))
    row("4 connections", "4 threads x 250 calls, one client", fmt(shared_n, 0), "<= 4",
        verdict(shared_n <= 4))

    # 5. Threads.
    threads_table = {}
    for name, label in (("Threads/sdk_shared", "SDK, one shared client"),
                        ("Threads/sdk_per_thread", "SDK, one client per thread"),
                        ("Threads/raw_curl", "raw libcurl, one handle per thread")):
        cells = []
        for t in (1, 2, 4):
            v = runs.values(name, "items_per_second", threads=t)
            threads_table.setdefault(name, {})[t] = median(v)
            cells.append(f"{t}: {fmt(median(v), 0)} ({pct(spread(v))})")
        row("5 threads", f"{label}: calls/s", "; ".join(cells))
    shared2 = threads_table["Threads/sdk_shared"][2]
    per2 = threads_table["Threads/sdk_per_thread"][2]
    ratio2 = shared2 / per2
    goals["threads_shared_ratio2"] = {"value": ratio2, "goal": ">= 0.95", "met": ratio2 >= 0.95}
    row("5 threads", "shared / per-thread clients at 2 threads", fmt(ratio2, 3), ">= 0.95",
        verdict(ratio2 >= 0.95))
    shared4 = threads_table["Threads/sdk_shared"][4]
    per4 = threads_table["Threads/sdk_per_thread"][4]
    row("5 threads", "shared / per-thread clients at 4 threads", fmt(shared4 / per4, 3))

    # 6. Memory.
    one = [m["vmhwm_kib"] for m in memory if m["files"] == m["page_size"] and not m.get("keep")]
    many = [m["vmhwm_kib"] for m in memory if m["files"] == 100000 and not m.get("keep")]
    kept = [m["vmhwm_kib"] for m in memory if m.get("keep")]
    extra_mib = (median(many) - median(one)) / 1024
    goals["memory_extra_mib"] = {"value": extra_mib, "goal": "<= 4 MiB", "met": extra_mib <= 4}
    row("6 memory", "peak RSS, 1 page (1,000 items): MiB", fmt(median(one) / 1024, 1))
    row("6 memory", "peak RSS, 100,000 items (100 pages): MiB", fmt(median(many) / 1024, 1))
    row("6 memory", "difference: MiB", fmt(extra_mib, 2), "<= 4 MiB", verdict(extra_mib <= 4))
    if kept:
        row("6 memory", "control, all 100,000 items kept in a vector: MiB",
            fmt(median(kept) / 1024, 1))

    # Print.
    context = bench.get("context", {})
    header = (f"moi-cpp benchmarks, {context.get('date', '')}; {machine.get('cpu', '')}, "
              f"{machine.get('cpus', '')} CPUs; load before {machine.get('load_before', '?')}, "
              f"after {machine.get('load_after', '?')}; J5 calls per repetition: {calls}")
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    print()
    print(header)
    section = None
    for s, measure, value, goal, ok in rows:
        if s != section:
            print(f"-- {s}")
            section = s
        tail = f"  goal {goal}: {ok}" if goal else ""
        print(f"   {measure:<{w1}}  {value:<{w2}}{tail}")
    missed = [k for k, g in goals.items() if g.get("met") is False]
    print(f"\ngoals missed: {', '.join(missed) if missed else 'none'}")

    with open(os.path.join(args.results, "summary.md"), "w", encoding="utf-8") as f:
        f.write(f"{header}\n\n| # | Measure | Median (noise) | Goal | Verdict |\n")
        f.write("|---|---|---|---|---|\n")
        for s, measure, value, goal, ok in rows:
            f.write(f"| {s} | {measure} | {value} | {goal} | {ok} |\n")
    with open(os.path.join(args.results, "summary.json"), "w", encoding="utf-8") as f:
        json.dump({"goals": goals, "threads_calls_per_second": threads_table,
                   "machine": machine}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
