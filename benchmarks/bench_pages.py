"""What a page per paper costs, against an ordinary Markdown page.

    .venv/bin/python benchmarks/bench_pages.py [--entries 1000] [--runs 2]

Builds three sites from the same generated bibliography (benchmarks/generate.py),
with mkdocs build, best of --runs:
  A. one list page of every entry, paper pages off;
  B. the same with a page per paper (labsite's default);
  C. A plus as many ordinary Markdown pages (outside the nav, each with one paper's
     text) as there are entries.
(B - A) / entries is the cost of a paper page; (C - A) / entries that of a Markdown page.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

CONFIG = """\
site_name: Bench
site_url: https://example.org/
theme:
  name: material
  font: false
markdown_extensions: [footnotes, attr_list, md_in_html]
plugins:
  - search
  - macros:
      modules: ["labsite:labsite.macros"]
  - labsite:
      bib_files: [bib/papers.bib]
      paper_pages: {pages}
      exports: false
nav:
  - index.md
"""


def build(root: Path, runs: int) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                       check=True)  # fmt: skip
        times.append(time.perf_counter() - started)
    return min(times)


def site(root: Path, bib: str, pages: bool, markdown_pages: int = 0) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "bib").mkdir()
    (root / "bib" / "papers.bib").write_text(bib, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG.format(pages=str(pages).lower()), encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Papers\n\n{{ papers() }}\n", encoding="utf-8")
    for index in range(markdown_pages):
        (root / "docs" / f"page{index}.md").write_text(
            f"# Paper {index}\n\nAuthors, venue and year.\n\n## Abstract\n\n"
            + "Some words of an abstract. " * 30
            + "\n",
            encoding="utf-8",
        )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    bib = generate(args.entries)
    with tempfile.TemporaryDirectory() as tmp:
        a = build(site(Path(tmp) / "a", bib, pages=False), args.runs)
        b = build(site(Path(tmp) / "b", bib, pages=True), args.runs)
        c = build(site(Path(tmp) / "c", bib, pages=False, markdown_pages=args.entries), args.runs)
    n = args.entries
    print(f"{n} entries, best of {args.runs} (python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores)")  # fmt: skip
    print(f"  A list page only:                     {a:6.2f} s")
    print(f"  B list page + {n} paper pages:      {b:6.2f} s  ({(b - a) / n * 1000:.1f} ms/page)")
    print(f"  C list page + {n} Markdown pages:   {c:6.2f} s  ({(c - a) / n * 1000:.1f} ms/page)")


if __name__ == "__main__":
    main()
