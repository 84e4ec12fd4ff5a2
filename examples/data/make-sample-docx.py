#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes sample.docx: the smallest valid Word document, one paragraph.

    python3 examples/data/make-sample-docx.py [OUTPUT]   # default: sample.docx next to this script

Three parts only ([Content_Types].xml, _rels/.rels, word/document.xml), the minimum that
Word, LibreOffice and python-docx open. The bytes are reproducible: every entry has the same
fixed timestamp (1980-01-01, the zip epoch), permissions and order, so running the script
again gives the same file (with the same zlib).
"""
import os
import sys
import zipfile

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>
"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>
"""

DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body>
<w:p><w:r><w:t>MatrixOne Intelligence sample document (DOCX), shipped with moi-cpp for the quickstart.</w:t></w:r></w:p>
</w:body>
</w:document>
"""

PARTS = [
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", RELS),
    ("word/document.xml", DOCUMENT),
]


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "sample.docx")
    with zipfile.ZipFile(output, "w") as archive:
        for name, text in PARTS:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"), compresslevel=9)
    return 0


if __name__ == "__main__":
    sys.exit(main())
