#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds the API reference with Doxygen and fails unless it is complete.

    python3 docs/check_api_docs.py --doxygen doxygen --config BUILD/docs/Doxyfile

Runs Doxygen on the configuration that docs/CMakeLists.txt generates (HTML and XML into its
OUTPUT_DIRECTORY), then fails when
  1. Doxygen exits with an error or writes anything to its warnings log (WARN_LOGFILE), or
  2. the XML shows a public or protected name without documentation that Doxygen does not
     warn about: an enum value (Doxygen 1.9 is silent about those), a class, a namespace.
An enum value counts as documented when it has its own comment or when its enum's
description names it (for enums written on one line, e.g. moi::LogLevel).

The test doxygen_zero_warnings runs this script; `cmake --build BUILD --target moi_docs`
runs it too and leaves the HTML in BUILD/docs/api/html.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def read_setting(config, name):
    """The value of `name = value` in a Doxyfile (the last one wins)."""
    value = None
    with open(config, encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"\s*" + name + r"\s*=\s*(.*?)\s*$", line)
            if match:
                value = match.group(1)
    return value


def text_of(element):
    return "".join(element.itertext()).strip() if element is not None else ""


def described(element):
    return bool(text_of(element.find("briefdescription")) or
                text_of(element.find("detaileddescription")))


def undocumented_names(xml_dir):
    """Names Doxygen generated pages for but that carry no documentation."""
    problems = []
    checked = 0
    for path in sorted(glob.glob(os.path.join(xml_dir, "*.xml"))):
        if os.path.basename(path) in ("index.xml", "Doxyfile.xml"):
            continue
        root = ET.parse(path).getroot()
        for compound in root.iter("compounddef"):
            kind = compound.get("kind")
            name = text_of(compound.find("compoundname"))
            if kind in ("dir", "page") or compound.get("prot") == "private":
                continue
            if kind == "file" and not name.endswith(".hpp"):
                continue  # docs/mainpage.dox
            if kind == "namespace" and name == "std":
                continue  # referenced, not ours
            checked += 1
            if not described(compound):
                problems.append(f"{kind} {name}")
            for member in compound.iter("memberdef"):
                if member.get("prot") not in ("public", "protected"):
                    continue
                member_name = text_of(member.find("name"))
                checked += 1
                if not described(member):
                    problems.append(f"{member.get('kind')} {name}::{member_name}")
                if member.get("kind") != "enum":
                    continue
                enum_text = text_of(member.find("detaileddescription"))
                for value in member.findall("enumvalue"):
                    value_name = text_of(value.find("name"))
                    checked += 1
                    if not described(value) and value_name not in enum_text:
                        problems.append(f"enum value {name}::{member_name}::{value_name}")
    return sorted(set(problems)), checked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doxygen", default="doxygen", help="the doxygen executable")
    parser.add_argument("--config", required=True, help="the generated Doxyfile")
    args = parser.parse_args()

    output = read_setting(args.config, "OUTPUT_DIRECTORY")
    log = read_setting(args.config, "WARN_LOGFILE")
    if not output or not log:
        print(f"{args.config}: OUTPUT_DIRECTORY and WARN_LOGFILE must be set", file=sys.stderr)
        return 2
    os.makedirs(output, exist_ok=True)
    if os.path.exists(log):
        os.remove(log)
    xml_dir = os.path.join(output, "xml")
    for stale in glob.glob(os.path.join(xml_dir, "*.xml")):
        os.remove(stale)

    run = subprocess.run([args.doxygen, args.config],
                         cwd=os.path.dirname(os.path.abspath(args.config)),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    warnings = []
    if os.path.exists(log):
        with open(log, encoding="utf-8", errors="replace") as handle:
            warnings = [line.rstrip("\n") for line in handle if line.strip()]
    if run.stdout.strip():
        print(run.stdout.rstrip())

    problems, checked = undocumented_names(xml_dir)
    for line in warnings:
        print(line)
    for problem in problems:
        print(f"undocumented: {problem}")
    html = os.path.join(output, "html", "index.html")
    print(f"doxygen: exit status {run.returncode}, {len(warnings)} warning line(s), "
          f"{len(problems)} undocumented name(s) among {checked} checked; HTML: {html}")
    if run.returncode != 0 or warnings or problems:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
