"""Time the engine on the real-world corpus and the full build of this site.

    .venv/bin/python benchmarks/bench_engine.py [--corpus ../shared/corpus/bib] [--runs 3]

Prints, for the whole corpus: entries, and the seconds spent in load (parse), model
(names, LaTeX to Unicode, links) and render (one HTML list per file); then the wall
time of `mkdocs build --strict` of the site in this repository (best of --runs).
A benchmark, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from labsite.bib import load  # noqa: E402
from labsite.bib.model import build_papers  # noqa: E402
from labsite.bib.query import group_papers  # noqa: E402
from labsite.render.renderer import Renderer  # noqa: E402
from labsite.settings import Settings  # noqa: E402
from labsite.text import latex  # noqa: E402
from labsite.text import names as people  # noqa: E402


def _clear_caches() -> None:
    load._CACHE.clear()
    latex.to_text.cache_clear()
    people.parse_person.cache_clear()
    people.parse_people.cache_clear()


def bench_corpus(corpus: Path) -> None:
    files = sorted(corpus.rglob("*.bib"))
    _clear_caches()
    renderer = Renderer(Settings())
    t_load = t_model = t_render = 0.0
    entries = problems = 0
    for path in files:
        started = time.perf_counter()
        result = load.load_file(path)
        t_load += time.perf_counter() - started
        started = time.perf_counter()
        papers, found = build_papers(result.entries)
        t_model += time.perf_counter() - started
        started = time.perf_counter()
        if papers:
            renderer.render_list(group_papers(list(papers), None))
        t_render += time.perf_counter() - started
        entries += len(papers)
        problems += len(found) + len(result.problems)
    total = t_load + t_model + t_render
    print(f"corpus: {len(files)} files, {entries} entries rendered, {problems} problems reported")
    print(f"  load   {t_load:7.2f} s")
    print(f"  model  {t_model:7.2f} s")
    print(f"  render {t_render:7.2f} s")
    print(f"  total  {total:7.2f} s  ({entries / total:,.0f} entries/s)")


def bench_site(runs: int) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as site:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", site],
                cwd=REPO, env=env, check=True,
            )  # fmt: skip
            times.append(time.perf_counter() - started)
    print(f"site: mkdocs build --strict, best of {runs}: {min(times):.2f} s "
          f"(all: {', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "bib")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    if args.corpus.is_dir():
        bench_corpus(args.corpus)
    else:
        print(f"corpus not found at {args.corpus}; skipped")
    bench_site(args.runs)


if __name__ == "__main__":
    main()
