"""Build times of the same site on MkDocs, ProperDocs and Zensical.

    .venv/bin/python benchmarks/bench_hosts.py [--entries 2000] [--runs 3]

Two sites: this repository's own (a copy, as it is in the working tree) and a
one-page site listing a generated bibliography of ``--entries`` entries (seeded,
see generate.py). Each host builds each site with its own command, ``--strict``,
``--runs`` times from a clean output folder with labsite's cache kept from a first,
untimed build (so every host sees the same warm cache); the table gives the median
wall time. MkDocs and ProperDocs also write a page per paper and the exports, which
Zensical does not (it runs no MkDocs plugin): the "pages" column says how many
HTML files each build wrote.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import entry  # noqa: E402

HOSTS = {
    "MkDocs": ["mkdocs", "build", "--strict", "-d", "site"],
    "ProperDocs": ["properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", "site"],
    "Zensical": ["zensical", "build", "--strict", "--clean"],
}
BIG_CONFIG = """\
site_name: Bench
site_url: https://example.org/
theme:
  name: material
  font: false
markdown_extensions:
  - footnotes
  - attr_list
  - md_in_html
  - labsite.markdown:
      bib_files: [bib/papers.bib]
plugins:
  - search
  - macros:
      modules: ["labsite.macros"]
      on_error_fail: true
  - labsite
"""


def own_site(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "bib", "data", "overrides"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    return root


def big_site(root: Path, entries: int) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "bib").mkdir()
    rng = random.Random(2026)
    bib = "\n".join(entry(index, rng) for index in range(entries))
    (root / "bib" / "papers.bib").write_text(bib, encoding="utf-8")
    (root / "mkdocs.yml").write_text(BIG_CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Papers\n\n{{ papers() }}\n", encoding="utf-8")
    return root


def build(host: str, root: Path) -> float:
    shutil.rmtree(root / "site", ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", *HOSTS[host]], cwd=root, capture_output=True, text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{host} failed in {root}:\n{proc.stdout}{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, make in (
            ("this site", own_site),
            (f"{args.entries} entries", lambda root: big_site(root, args.entries)),
        ):
            for host in HOSTS:
                root = make(Path(tmp) / f"{label}-{host}".replace(" ", "-"))
                build(host, root)  # the cache, untimed
                times = [build(host, root) for _ in range(args.runs)]
                pages = sum(1 for _ in (root / "site").rglob("*.html"))
                rows.append((label, host, statistics.median(times), pages))
                print(f"{label:>14} {host:<10} {statistics.median(times):6.2f} s  {pages} pages",
                      flush=True)  # fmt: skip
    print("\n| site | host | build (median) | HTML files |\n| --- | --- | ---: | ---: |")
    for label, host, seconds, pages in rows:
        print(f"| {label} | {host} | {seconds:.2f} s | {pages} |")


if __name__ == "__main__":
    main()
