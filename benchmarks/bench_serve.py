"""Instant edits under a real ``mkdocs serve``: the rebuild after saving one Markdown
page, with a large bibliography against an empty one.

    .venv/bin/python benchmarks/bench_serve.py [--entries 10000] [--edits 5]

Builds two sites from benchmarks/bench_compare.py's template (a page listing every
entry, paper pages and exports on; one with the generated bibliography, one with an
empty one), starts ``mkdocs serve`` on each, saves an ordinary Markdown page
``--edits`` times and reads the time MkDocs reports for each rebuild ("Documentation
built in N seconds"). Prints the medians and their ratio; the target is 1.2 or less.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_compare import bib_file, labsite_site  # noqa: E402 (after the path)

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
TARGET = 1.2


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _builds(log: Path) -> list[float]:
    return [float(m) for m in BUILT.findall(log.read_text(encoding="utf-8", errors="replace"))]


def _wait(log: Path, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(_builds(log)) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"no rebuild within {timeout:.0f} s; log:\n{log.read_text()}")
        time.sleep(0.2)


def rebuilds(root: Path, edits: int) -> list[float]:
    """The rebuild times of ``edits`` saves of one page under ``mkdocs serve``."""
    log = root.parent / f"{root.name}-serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    mkdocs = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{_port()}"]
    with log.open("wb") as out:
        process = subprocess.Popen(mkdocs, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait(log, 1, 900)
            page = root / "docs" / "notes" / "note-0.md"
            for edit in range(1, edits + 1):
                time.sleep(1.5)  # past the watcher's settle time and mtime granularity
                # Saved again if the watcher missed it (same size, same mtime second).
                for attempt in range(5):
                    text = f"# Note 0\n\nEdit number {edit}, saved {attempt + 1} time(s).\n"
                    page.write_text(text, encoding="utf-8")
                    try:
                        _wait(log, edit + 1, 20 if attempt < 4 else 900)
                        break
                    except SystemExit:
                        continue
        finally:
            process.terminate()
            process.wait(timeout=30)
    return _builds(log)[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="labsite-serve-") as tmp:
        full = labsite_site(Path(tmp) / "full", bib_file(args.entries, args.seed), notes=3)
        empty = labsite_site(Path(tmp) / "empty", None, notes=3)
        big = rebuilds(full, args.edits)
        small = rebuilds(empty, args.edits)
    ratio = statistics.median(big) / statistics.median(small)
    print(f"mkdocs serve, one Markdown page saved {args.edits} times (rebuild, seconds):")
    print(f"  {args.entries:,} entries: median {statistics.median(big):.2f}  all {big}")
    print(f"  empty bibliography: median {statistics.median(small):.2f}  all {small}")
    verdict = "ok" if ratio <= TARGET else "over the target"
    print(f"ratio {ratio:.2f} (target <= {TARGET}): {verdict}")


if __name__ == "__main__":
    main()
