"""Helpers shared by the tests: building real MkDocs sites, finding the corpus."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "bib"
GROUP_EXAMPLE = REPO / "examples" / "group"
MKDOCS = [sys.executable, "-m", "mkdocs"]
# How often the tests' HTTP servers look for shutdown(): the default, 0.5 s, would be
# added to the teardown of every test that starts one.
SERVER_POLL = 0.05

BASE_CONFIG = """\
site_name: Test site
site_url: https://example.org/
theme:
  name: material
  font: false
markdown_extensions:
  - footnotes
  - attr_list
  - md_in_html
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
plugins:
  - macros:
      modules: ["labsite:labsite.macros"]
      on_error_fail: true
  - labsite:
      bib_files: [bib/papers.bib]
      owner: ["Ada Lovelace", "A. Lovelace"]
"""


@dataclass
class Build:
    """The result of ``mkdocs build`` run as a user runs it."""

    root: Path
    returncode: int
    output: str
    site_dir: Path | None = None
    """Where the site was written; ``None``: ``root / "site"``."""

    @property
    def site(self) -> Path:
        return self.site_dir or self.root / "site"

    def html(self, page: str = "index.html") -> BeautifulSoup:
        return BeautifulSoup((self.site / page).read_text(encoding="utf-8"), "lxml")


def write_site(
    root: Path,
    pages: Mapping[str, str],
    bib: str | bytes = "",
    config: str = BASE_CONFIG,
) -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "bib").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    data = bib if isinstance(bib, bytes) else textwrap.dedent(bib).encode("utf-8")
    (root / "bib" / "papers.bib").write_bytes(data)
    return root


def run_build(
    root: Path,
    strict: bool = False,
    *,
    site_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Build:
    """``mkdocs build`` of the site in ``root`` (its mkdocs.yml), run as a user runs it,
    into ``site_dir`` (default ``root / "site"``), with ``env`` added to the environment."""
    site = site_dir or root / "site"
    command = [*MKDOCS, "build", "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    proc = subprocess.run(
        command, cwd=root, capture_output=True, text=True, env=environment, timeout=300,
        check=False,
    )  # fmt: skip
    return Build(
        root=root, returncode=proc.returncode, output=proc.stdout + proc.stderr, site_dir=site
    )


def build_strict(
    root: Path,
    site_dir: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    in_process: bool = False,
) -> Build:
    """``mkdocs build --strict`` of the site in ``root``: ``returncode`` is 0 when the
    build passed, ``output`` what it printed. Check both, e.g.
    ``assert build.returncode == 0, build.output``.

    ``in_process`` builds through MkDocs' API in this process instead of a subprocess
    (faster when a test builds many small sites; no ``env``): ``returncode`` is then 1
    when MkDocs aborted the build, and ``output`` holds the warnings and errors logged.
    """
    if not in_process:
        return run_build(root, strict=True, site_dir=site_dir, env=env)
    if env:
        raise ValueError("an in-process build runs in this process' environment")
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    site = site_dir or root / "site"
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(site))
        try:
            build(config)
        except Abort:
            returncode = 1
        else:
            returncode = 0
    finally:
        logger.removeHandler(handler)
    return Build(root=root, returncode=returncode, output="\n".join(records), site_dir=site)


def post_path(site: Path) -> str:
    """The site-relative path of the one blog post (under news/) of a built site."""
    posts = [p for p in (site / "news").rglob("index.html") if p.parent != site / "news"]
    assert len(posts) == 1, posts
    return posts[0].relative_to(site).as_posix()


def corpus_or_skip() -> Path:
    """The shared real-world BibTeX corpus; in CI its absence is a failure."""
    if CORPUS.is_dir():
        return CORPUS
    if os.environ.get("CI"):
        pytest.fail(f"the BibTeX corpus is missing at {CORPUS} (CI must have ../shared)")
    pytest.skip(f"the shared BibTeX corpus is not beside this clone ({CORPUS})")


def balanced_braces(text: str) -> bool:
    """Every ``}`` closes an earlier ``{`` and every ``{`` is closed (backslashes
    not considered)."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
