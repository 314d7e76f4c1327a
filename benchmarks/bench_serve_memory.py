"""Memory under a long ``mkdocs serve``: resident memory after each save of the .bib.

    .venv/bin/python benchmarks/bench_serve_memory.py [--entries 3000] [--saves 30]

Builds benchmarks/bench_compare.py's site (a page listing every entry, paper pages and
exports on) with a generated bibliography, starts ``mkdocs serve``, then saves the .bib
``--saves`` times, each time with one title changed (so every save is a new
bibliography, as when a user edits it), and reads the server's resident memory
(VmRSS) once each rebuild is done. Prints it after every rebuild and the ratio of the
last to the first; the target is 1.25 or less.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_compare import bib_file, labsite_site  # noqa: E402 (after the path)
from bench_serve import _builds, _port, _wait  # noqa: E402

TARGET = 1.25


def resident_mb(pid: int) -> float:
    """The process's resident memory in MB, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmRSS in /proc: this benchmark needs Linux")


def run(root: Path, saves: int) -> list[float]:
    log = root.parent / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{_port()}"]
    bib = root / "bib" / "papers.bib"
    original = bib.read_text(encoding="utf-8")
    memory: list[float] = []
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait(log, 1, 900)
            memory.append(resident_mb(process.pid))
            print(f"first build: {memory[-1]:.0f} MB", flush=True)
            for save in range(1, saves + 1):
                time.sleep(1.5)  # past the watcher's settle time and mtime granularity
                for attempt in range(5):
                    marker = f"Save {save}.{attempt} "
                    bib.write_text(original.replace("title = {", "title = {" + marker, 1),
                                   encoding="utf-8")  # fmt: skip
                    try:
                        _wait(log, save + 1, 60 if attempt < 4 else 900)
                        break
                    except SystemExit:
                        continue
                time.sleep(0.5)  # the rebuild's last objects released
                memory.append(resident_mb(process.pid))
                print(f"save {save:2d}: {memory[-1]:.0f} MB", flush=True)
        finally:
            process.terminate()
            process.wait(timeout=30)
    if len(_builds(log)) < saves + 1:
        raise SystemExit(f"only {len(_builds(log))} builds; log:\n{log.read_text()}")
    return memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="labsite-serve-memory-") as tmp:
        root = labsite_site(Path(tmp) / "site", bib_file(args.entries, args.seed), notes=1)
        memory = run(root, args.saves)
    first, last = memory[1], memory[-1]
    ratio = last / first
    verdict = "ok" if ratio <= TARGET else "over the target"
    print(
        f"{args.entries:,} entries, {args.saves} saves of the .bib: resident memory after "
        f"the first rebuild {first:.0f} MB, after the last {last:.0f} MB, "
        f"peak {max(memory):.0f} MB"
    )
    print(f"ratio {ratio:.2f} (target <= {TARGET}): {verdict}")


if __name__ == "__main__":
    main()
