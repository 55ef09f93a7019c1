"""Rebuilds `sample/dumps/` (checked in): a few tiny repositories covering the interesting cases.

Run with `.venv/bin/python sample/build_sample.py`; the output is deterministic (fixed mtimes).
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import zipfile
from pathlib import Path

from licenses.template_texts import template_text

HERE = Path(__file__).parent / "dumps"
MTIME = 1_700_000_000

MIT = """MIT License

Copyright (c) 2024 The Sample Authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

GEOMETRY = '''"""Small geometry helpers used by the sample application."""

import math


def distance(a, b):
    """Euclidean distance between two points given as (x, y) tuples."""
    return math.hypot(a[0] - b[0], a[1] - b[1])


def polygon_area(points):
    """Shoelace formula: area of a simple polygon given by its vertices in order."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2.0


def centroid(points):
    """Arithmetic mean of the vertices: good enough for labels on a map."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return sum(xs) / len(xs), sum(ys) / len(ys)
'''

SETTINGS = '''"""Service settings. Real secrets belong in the environment, not here."""

ADMIN_EMAIL = "maria.gonzalez@northwind-traders.net"
AWS_ACCESS_KEY_ID = "AKIAQYLPMN5HJ3RTWXYZ"
DATABASE_URL = "postgres://app:Tr0ub4dor-Sample-9@db.internal.northwind-traders.net/app"
PUBLIC_MIRROR = "203.0.113.7"
UPSTREAM_SERVER = "151.101.66.217"
VERSION = "1.2.3.4"
'''

SERVER_JS = """// Tiny HTTP server for the sample web application.
const http = require('http');

function route(url) {
  if (url === '/health') {
    return { status: 200, body: 'ok' };
  }
  return { status: 404, body: 'not found' };
}

http.createServer((req, res) => {
  const { status, body } = route(req.url);
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(body);
}).listen(8080);

module.exports = { route };
"""

MAIN_GO = """// Command tool prints a greeting.
package main

import (
\t"fmt"
\t"os"
)

func greet(name string) string {
\treturn fmt.Sprintf("hello, %s", name)
}

func main() {
\tname := "world"
\tif len(os.Args) > 1 {
\t\tname = os.Args[1]
\t}
\tfmt.Println(greet(name))
}
"""

UTIL_C = """/* Ring buffer used by the tool's logger. */
#include <stddef.h>

typedef struct { char data[256]; size_t head, tail; } ring_t;

int ring_push(ring_t *r, char c) {
    size_t next = (r->head + 1) % sizeof r->data;
    if (next == r->tail) return -1;
    r->data[r->head] = c;
    r->head = next;
    return 0;
}
"""

SCRIPT_SH = """#!/bin/sh
# Rotate the application's log files once a day.
set -eu
for f in /var/log/app/*.log; do
  mv "$f" "$f.$(date +%Y%m%d)"
done
"""

LONG_LINE = "TABLE = [" + ", ".join(str(i * 7919 % 1000) for i in range(600)) + "]\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 32


def _write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())


def _tar_gz(target: Path, top: str, files: dict[str, str | bytes]) -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for path, content in sorted(files.items()):
            data = content if isinstance(content, bytes) else content.encode()
            info = tarfile.TarInfo(f"{top}/{path}")
            info.size, info.mtime, info.mode = len(data), MTIME, 0o644
            archive.addfile(info, io.BytesIO(data))
    import gzip

    target.write_bytes(gzip.compress(raw.getvalue(), mtime=MTIME))


def _zip(target: Path, top: str, files: dict[str, str | bytes]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in sorted(files.items()):
            info = zipfile.ZipInfo(f"{top}/{path}", date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            archive.writestr(info, content)


def main() -> None:
    shutil.rmtree(HERE, ignore_errors=True)
    HERE.mkdir(parents=True)
    _write_tree(HERE / "octo__geometry", {
        "LICENSE": MIT, "geometry/shapes.py": GEOMETRY, "geometry/settings.py": SETTINGS,
        "assets/logo.png": PNG, "geometry/lookup_table.py": LONG_LINE,
    })
    _tar_gz(HERE / "acme__webapp.tar.gz", "webapp-main", {
        "LICENSE": MIT, "server.js": SERVER_JS, "package.json": json.dumps({"name": "webapp", "license": "MIT"}),
        "vendor/geometry.py": GEOMETRY, "lib/geometry_copy.py": GEOMETRY,
    })
    _zip(HERE / "gnu-fan__tool@v1.0.zip", "tool-1.0", {
        "COPYING": template_text("GPL-2.0"), "main.go": MAIN_GO, "ring.c": UTIL_C,
    })
    _write_tree(HERE / "solo__scripts", {"rotate.sh": SCRIPT_SH, "shapes.py": GEOMETRY.replace("vertices", "corners")})
    _write_tree(HERE / "leaver__private-lib", {"LICENSE": MIT, "lib.py": GEOMETRY.replace("sample", "private")})
    index = [
        {"repo": "octo/geometry", "dump": "octo__geometry", "commit": "a1b2c3d", "stars": 120, "forks": 8,
         "license": "MIT"},
        {"repo": "acme/webapp", "dump": "acme__webapp.tar.gz", "commit": "e4f5a6b", "stars": 15, "forks": 2},
    ]
    (HERE / "index.jsonl").write_text("".join(json.dumps(entry) + "\n" for entry in index))


if __name__ == "__main__":
    main()
