#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that the C++ code shown in the documentation is code that CI compiles.

    python3 docs/check_snippets.py            # check (the test docs_snippets runs this)
    python3 docs/check_snippets.py --update   # rewrite the Markdown blocks from the sources

Every ```cpp block in README*.md and docs/**/*.md must be preceded (blank lines allowed) by

    <!-- snippet: docs/snippets/first_program.cpp#first-program -->

and must equal the region of that file between the two marker lines `// [first-program]`.
The region's marker lines of other (nested) snippets are dropped and its common indentation
is removed. A whole file is shown with `#` followed by nothing (`file.cpp#`).

Snippet sources must be compiled by CMake: docs/snippets/*.cpp (docs/CMakeLists.txt),
examples/*.cpp or tests/**/*.cpp. The script also fails when a docs/snippets/*.cpp file is
not registered in docs/CMakeLists.txt, or a marker is unbalanced.
"""

import argparse
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPILED_DIRS = ("docs/snippets/", "examples/", "tests/")
SNIPPET_COMMENT = re.compile(r"^<!--\s*snippet:\s*(\S+?)#(\S*)\s*-->\s*$")
MARKER = re.compile(r"^\s*// \[([A-Za-z0-9_.-]+)\]\s*$")
FENCE = re.compile(r"^```(\S*)\s*$")


def markdown_files():
    files = glob.glob(os.path.join(ROOT, "README*.md"))
    files += glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)
    return sorted(files)


def dedent(lines):
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return [line[cut:] if line.strip() else "" for line in lines]


def regions(path):
    """name -> list of lines, for every `// [name]` ... `// [name]` pair of the file."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    opened, found, errors = {}, {}, []
    for index, line in enumerate(lines):
        match = MARKER.match(line)
        if not match:
            continue
        name = match.group(1)
        if name in opened:
            body = [l for l in lines[opened.pop(name) + 1:index] if not MARKER.match(l)]
            if name in found:
                errors.append(f"{path}: snippet [{name}] is marked twice")
            found[name] = dedent(body)
        else:
            opened[name] = index
    for name, index in opened.items():
        errors.append(f"{path}:{index + 1}: snippet [{name}] is opened but never closed")
    found[""] = [l for l in lines if not MARKER.match(l)]
    return found, errors


def check(update):
    errors, shown = [], 0
    cache = {}
    registered = ""
    cmake = os.path.join(ROOT, "docs", "CMakeLists.txt")
    if os.path.exists(cmake):
        with open(cmake, encoding="utf-8") as handle:
            registered = handle.read()
    for source in sorted(glob.glob(os.path.join(ROOT, "docs", "snippets", "*.cpp"))):
        name = os.path.basename(source)
        if not re.search(r"\b" + re.escape(os.path.splitext(name)[0]) + r"\b", registered):
            errors.append(f"docs/snippets/{name} is not registered in docs/CMakeLists.txt")

    for md in markdown_files():
        rel_md = os.path.relpath(md, ROOT)
        with open(md, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        out, index, changed = [], 0, False
        pending = None  # (file, name, line number) of the last snippet comment
        while index < len(lines):
            line = lines[index]
            comment = SNIPPET_COMMENT.match(line.strip())
            if comment:
                pending = (comment.group(1), comment.group(2), index + 1)
                out.append(line)
                index += 1
                continue
            fence = FENCE.match(line)
            if not fence:
                if line.strip():
                    pending = None
                out.append(line)
                index += 1
                continue
            # A fenced block: find its end.
            end = index + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            block = lines[index + 1:end]
            language = fence.group(1).lower()
            if language in ("cpp", "c++", "cxx"):
                if pending is None:
                    errors.append(f"{rel_md}:{index + 1}: ```cpp block without a "
                                  "<!-- snippet: FILE#NAME --> line before it")
                else:
                    source, name, _ = pending
                    if not source.startswith(COMPILED_DIRS):
                        errors.append(f"{rel_md}:{index + 1}: {source} is not in a compiled "
                                      f"directory ({', '.join(COMPILED_DIRS)})")
                    path = os.path.join(ROOT, source)
                    if not os.path.exists(path):
                        errors.append(f"{rel_md}:{index + 1}: no file {source}")
                    else:
                        if path not in cache:
                            cache[path] = regions(path)
                            errors.extend(cache[path][1])
                        found = cache[path][0]
                        if name not in found:
                            errors.append(f"{rel_md}:{index + 1}: {source} has no snippet "
                                          f"[{name}]")
                        else:
                            shown += 1
                            expected = found[name]
                            if block != expected:
                                if update:
                                    block, changed = expected, True
                                else:
                                    errors.append(describe_difference(
                                        rel_md, index + 1, source, name, block, expected))
            out.append(line)
            out.extend(block)
            if end < len(lines):
                out.append(lines[end])
            index = end + 1
            pending = None
        if changed:
            with open(md, "w", encoding="utf-8") as handle:
                handle.write("\n".join(out))
            print(f"updated {rel_md}")
    return errors, shown


def describe_difference(md, line, source, name, block, expected):
    for number, (got, want) in enumerate(zip(block, expected)):
        if got != want:
            return (f"{md}:{line + 1 + number}: differs from {source}#{name}:\n"
                    f"    document: {got!r}\n    source:   {want!r}\n"
                    "  (run python3 docs/check_snippets.py --update)")
    return (f"{md}:{line}: {source}#{name} has {len(expected)} lines, the document shows "
            f"{len(block)} (run python3 docs/check_snippets.py --update)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true",
                        help="rewrite each block from its source instead of failing")
    args = parser.parse_args()
    errors, shown = check(args.update)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"snippets: {shown} C++ block(s) in {len(markdown_files())} Markdown file(s) match "
          f"their compiled sources; {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
