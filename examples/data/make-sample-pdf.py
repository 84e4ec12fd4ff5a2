#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes sample.pdf: a one-page PDF 1.4 with one line of text (Helvetica, a standard font,
so nothing is embedded).

    python3 examples/data/make-sample-pdf.py [OUTPUT]   # default: sample.pdf next to this script

The objects are written by hand below; this script only adds up the byte offsets for the
cross-reference table and the startxref line, which is where hand-made PDFs usually go wrong.
The output is plain ASCII and the same on every run.
"""
import os
import sys

TEXT = "MatrixOne Intelligence sample document (PDF), shipped with moi-cpp for the quickstart."

STREAM = f"BT /F1 12 Tf 72 720 Td ({TEXT}) Tj ET\n"

OBJECTS = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
    " /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    f"<< /Length {len(STREAM)} >>\nstream\n{STREAM}endstream",
    "<< /Title (MOI sample) /Producer (moi-cpp examples/data/make-sample-pdf.py) >>",
]


def build() -> bytes:
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"  # the binary comment marks the file as binary
    offsets = []
    for number, body in enumerate(OBJECTS, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(OBJECTS) + 1}\n".encode("ascii")
    out += b"0000000000 65535 f \n"  # each entry is exactly 20 bytes, space + LF at the end
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += (f"trailer\n<< /Size {len(OBJECTS) + 1} /Root 1 0 R /Info 6 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("ascii")
    return out


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "sample.pdf")
    with open(output, "wb") as stream:
        stream.write(build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
