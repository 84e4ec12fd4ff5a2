#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Instructions per J5 call, by function, from callgrind runs of moi_bench.

    callgrind_summary.py --calls N SDK_OUT RAW_OUT [--raw-parse OUT] [--raw-multi OUT]
                         [--raw-multi-parse OUT]

bench/run.sh --profile runs it. SDK_OUT profiles `--benchmark_filter=^J5/sdk/`, RAW_OUT
`^J5/raw_curl/`, the options `^J5/raw_curl_parse/`, `^J5/raw_multi/` and
`^J5/raw_multi_parse/`. A call of each kind is one out-of-line function in bench.cpp
(one_sdk_call, one_raw_call, ...): its inclusive instructions divided by its calls are what one
loop iteration costs, results freed included. Prints those side by side with the ratios, then
where the SDK's call goes (the callees of its own frames). Instruction counts are exact and do
not depend on the machine's load, unlike times.
"""

import argparse
import re
import subprocess
import sys

# "<cost> (<pct>)  *  <function> [<object>]" (a caller) or
# "<cost> (<pct>)  >   <function> (<N>x) [<object>]" (one of its callees).
LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+([*>])\s+(.*?)"
                  r"(?:\s+\((\d[\d,]*)x\))?\s+\[(.*)\]\s*$")


def short(name):
    """Drops file prefixes, template arguments and parameter lists from a symbol."""
    name = name.split(":", 1)[1] if name.startswith(("???:", "./", "/")) else name
    name = name.replace("(anonymous namespace)::", "").replace("{anonymous}::", "")
    out, depth = [], 0
    for ch in name:
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    text = "".join(out).replace("[abi:cxx11]", "")
    text = text.replace("nlohmann::json_abi_v3_11_2::", "nlohmann::")
    return text.strip()


def calling_tree(path):
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--tree=calling", path],
                          capture_output=True, text=True, check=True).stdout
    tree, parent = {}, None
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        cost = int(m.group(1).replace(",", ""))
        fn = m.group(3)
        if m.group(2) == "*":
            parent = fn
            tree.setdefault(parent, {"cost": cost, "children": []})
        elif parent is not None:
            count = int((m.group(4) or "1").replace(",", ""))
            tree[parent]["children"].append((fn, cost, count))
    return tree


def find(tree, pattern):
    for fn in tree:
        if re.search(pattern, fn):
            return fn
    return None


def callees(tree, parent_pattern, calls, min_per_call=150):
    parent = find(tree, parent_pattern)
    if parent is None:
        return None, []
    rows = [(short(fn), cost / calls, count / calls)
            for fn, cost, count in tree[parent]["children"] if cost / calls >= min_per_call]
    return parent, sorted(rows, key=lambda r: -r[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, required=True,
                        help="J5 calls in each profiled run (the measured ones + the warm-up)")
    parser.add_argument("sdk")
    parser.add_argument("raw")
    parser.add_argument("--raw-parse")
    parser.add_argument("--raw-multi")
    parser.add_argument("--raw-multi-parse")
    args = parser.parse_args()
    sdk, raw = calling_tree(args.sdk), calling_tree(args.raw)
    n = args.calls

    def child_cost(tree, parent_pattern, child_pattern):
        parent = find(tree, parent_pattern)
        for fn, cost, count in tree.get(parent, {}).get("children", []):
            if re.search(child_pattern, fn):
                return cost / count, count
        return float("nan"), 0

    # (label, tree, loop function, call function)
    kinds = [("SDK: JobClient::get_status", sdk, r"j5_sdk\(", r"one_sdk_call\("),
             ("raw: curl_easy_perform", raw, r"j5_raw<", r"one_raw_call\(")]
    for label, path, call in (
            ("raw: curl_easy_perform + json::parse", args.raw_parse, r"one_raw_parse_call\("),
            ("raw: multi perform/poll", args.raw_multi, r"one_raw_multi_call\("),
            ("raw: multi perform/poll + json::parse", args.raw_multi_parse,
             r"one_raw_multi_parse_call\(")):
        if path:
            kinds.append((label, calling_tree(path), r"j5_raw<", call))
    print("# Instructions (callgrind Ir) per J5 call, one loop iteration with its results freed;")
    print("# exact, independent of the machine's load")
    per_call = {}
    for label, tree, loop, call in kinds:
        cost, count = child_cost(tree, loop, call)
        per_call[label] = cost
        print(f"{label:<40} {cost:>10,.0f}  ({count} calls)")
    sdk_call = per_call[kinds[0][0]]
    print()
    for label, _, _, _ in kinds[1:]:
        print(f"SDK / {label[5:]:<36} {sdk_call / per_call[label]:.3f}"
              f"  (SDK - it: {sdk_call - per_call[label]:,.0f})")
    get_status, _ = child_cost(sdk, r"one_sdk_call\(", r"JobClient::get_status")
    print(f"\nof the SDK's call, JobClient::get_status itself: {get_status:,.0f} "
          "(the rest frees the returned JobStatusInfo)")
    for title, pattern in (
            ("JobClient::get_status", r"JobClient::get_status"),
            ("RequestRunner::run", r"RequestRunner::run\("),
            ("CurlTransport::send", r"CurlTransport::send"),
            ("decode_envelope", r"decode_envelope"),
            ("the SDK's libcurl callbacks", None)):
        if pattern is None:
            print(f"\n## {title} (inclusive instructions per J5 call)")
            for cb in (r"on_header\(", r"on_body\("):
                fn = find(sdk, cb)
                if fn:
                    print(f"  {sdk[fn]['cost'] / n:>9,.0f}            {short(fn)}")
                else:
                    print(f"  (no frame of its own: {cb[:-2]} inlined or not sampled)")
            continue
        print(f"\n## callees of {title} (instructions per J5 call, calls per J5 call)")
        _, rows = callees(sdk, pattern, n)
        for name, cost, count in rows:
            print(f"  {cost:>9,.0f}  {count:>6.1f}x  {name[:110]}")
    print("\n## callees of one raw call (one_raw_call)")
    _, rows = callees(raw, r"one_raw_call\(", n - 1)  # no warm-up call in one_raw_call
    for name, cost, count in rows:
        print(f"  {cost:>9,.0f}  {count:>6.1f}x  {name[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
