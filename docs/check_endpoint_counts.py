#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fails when a count of endpoints stated in the documentation differs from the endpoint table.

    python3 docs/check_endpoint_counts.py   # the test docs_endpoint_counts runs this

Counts the rows of src/clients/endpoints.hpp (`constexpr Endpoint kX{...};`): all of them,
those under /byoa/api/v1 (no service root given) and those at the host root (`kHost`). Then
reads README*.md and docs/**/*.md and checks every phrase that states a count:

  N workflow, job and export endpoints | N `/byoa/api/v1` endpoints      -> the /byoa/api/v1 rows
  N host-root calls|endpoints | N calls sit at the **host root** |
  N data-in/out endpoints                                               -> the host-root rows
  N endpoints (any other)                                               -> every row
  N 个工作流、任务和导出接口 -> /byoa/api/v1;  这 N 个接口位于 -> host root;  N 个接口 -> every row

A phrase may wrap across lines. Rows added by other endpoint families count in the total, so
adding an endpoint without updating the documents' totals fails here.
"""

import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, "src", "clients", "endpoints.hpp")
ROW = re.compile(r"^\s*constexpr\s+Endpoint\s+(k[A-Z]+)\d*\w*\s*\{(.*?)\};", re.M | re.S)

# (pattern, which count) in order: a span a pattern matched is not matched again by a later,
# more general one.
PHRASES = [
    (r"(\d+) workflow, job and export endpoints", "documented"),
    (r"(\d+) `/byoa/api/v1` endpoints", "byoa"),
    (r"(\d+) (?:host-root|host root) (?:calls|endpoints)", "host"),
    (r"(\d+) calls sit at the \*\*host root\*\*", "data"),
    (r"(\d+) data-in/out endpoints", "data"),
    (r"(\d+) endpoints", "total"),
    (r"(\d+) 个工作流、任务和导出接口", "documented"),
    (r"这 (\d+) 个接口位于", "data"),
    (r"(\d+) 个接口", "total"),
]


def table_counts(path=TABLE):
    with open(path, encoding="utf-8") as handle:
        rows = ROW.findall(handle.read())
    # A row names its service root last (kHost, kLlm); none: /byoa/api/v1.
    host = sum(1 for _, row in rows if re.search(r"\bkHost\b", row))
    byoa = sum(1 for _, row in rows if not re.search(r"\bk(Host|Llm)\b", row))
    # The 23 documented workflow/job/export calls (W, B, J, E) and the 22 that bring data in and
    # out (C, F, U, T, K: DATA-IN-NOTES), which the documents count on their own.
    documented = sum(1 for family, _ in rows if family in ("kW", "kB", "kJ", "kE"))
    data = sum(1 for family, _ in rows if family in ("kC", "kF", "kU", "kT", "kK"))
    return {"total": len(rows), "host": host, "byoa": byoa, "documented": documented,
            "data": data}


def documents():
    files = glob.glob(os.path.join(ROOT, "README*.md"))
    files += glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)
    return sorted(files)


def stated_counts(text):
    """(offset, number, which, phrase) for every count phrase of @p text."""
    flat = re.sub(r"[ \t]*\n[ \t]*", lambda m: " " * len(m.group(0)), text)
    flat = re.sub(r"  +", lambda m: " " * len(m.group(0)), flat)
    # Collapse runs of blanks for matching while keeping offsets: match on a squeezed copy.
    squeezed, offsets = [], []
    previous_blank = False
    for index, char in enumerate(flat):
        blank = char == " "
        if blank and previous_blank:
            continue
        squeezed.append(char)
        offsets.append(index)
        previous_blank = blank
    squeezed = "".join(squeezed)
    taken, found = [], []
    for pattern, which in PHRASES:
        for match in re.finditer(pattern, squeezed):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            found.append((offsets[span[0]], int(match.group(1)), which, match.group(0)))
    return sorted(found)


def main():
    counts = table_counts()
    problems, checked = [], 0
    for path in documents():
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        for offset, number, which, phrase in stated_counts(text):
            checked += 1
            if number != counts[which]:
                line = text.count("\n", 0, offset) + 1
                problems.append(f"{os.path.relpath(path, ROOT)}:{line}: \"{phrase}\" but the "
                                f"endpoint table has {counts[which]} ({which})")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{checked} stated counts checked against src/clients/endpoints.hpp "
          f"({counts['total']} endpoints: {counts['byoa']} under /byoa/api/v1, "
          f"{counts['host']} at the host root); {len(problems)} wrong")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
