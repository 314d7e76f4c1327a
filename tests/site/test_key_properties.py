"""Property-based tests of citation keys through a whole ``mkdocs build``.

A key is untrusted text that becomes a folder, a file, a URL and an anchor. For any
keys the BibTeX parser accepts, and any mix of them in one file:

* the build completes (a plain build: what is wrong is a warning, never an exception);
* every entry has its own page, which shows that entry, and its own .bib file;
* no two entries share a page or a file;
* nothing is written outside the site folder (and the cache folder), nothing of the
  sources is changed;
* no shell page is left in the site.

Each example is one real build of a small site, so the default run is short
(``LABSITE_KEY_EXAMPLES``, 12 unless set; derandomized when ``CI`` is set).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from labsite.bib.load import parse_text
from labsite.bib.model import build_papers
from labsite.paths import EXPORT_NAMES, MAX_SLUG, PER_PAPER_BIB_DIR, SHELL_SLUG

from ..support import build_strict, write_site

_CI = bool(os.environ.get("CI"))
KEY_BUILDS = settings(
    max_examples=int(os.environ.get("LABSITE_KEY_EXAMPLES") or 12),
    deadline=None,
    derandomize=_CI,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Keys that were traps: file names too long, the exports, the shells, path traversal,
# Windows device names, case twins, separators, and what a URL or HTML would read.
TRAPS = [
    *EXPORT_NAMES, PER_PAPER_BIB_DIR, "BIB", "index", "INDEX", "index.html", "404",
    "search", "assets", "sitemap.xml", SHELL_SLUG.format(0), "labsite--shell--x", "..", ".",
    "../../etc/passwd", "..\\..\\x", "/abs", "a/b", "a\\b", "CON", "nul", "com1.txt",
    "k" * (MAX_SLUG + 1), "é" * 200, "ada2023", "Ada2023", "ADA2023", "a:b", "a?b", "a#b",
    "a%2Fb", "<script>", "'\"", "a b", " lead", "x.", "x-2", "trailing.", "\u202e", "😀",
    "\u0301", "ﬁ", "ß", "SS", "İ", "\t", "", "x\\ ", "\\ ",
]  # fmt: skip
# What bibtexparser stops a key at, or reads as the entry's end.
_NOT_IN_A_KEY = ',{}=()"\n\r'
_KEY_ALPHABET = st.characters(
    codec="utf-8", exclude_categories=("Cs",), exclude_characters=_NOT_IN_A_KEY
)
KEYS = st.one_of(
    st.sampled_from(TRAPS),
    st.text(_KEY_ALPHABET, min_size=1, max_size=12),
    st.text(st.sampled_from("aA.-_/\\:é%#~ "), min_size=1, max_size=8),
    st.text(_KEY_ALPHABET, min_size=MAX_SLUG - 5, max_size=MAX_SLUG + 40),
)


def bibliography(keys: list[str]) -> str:
    return "".join(
        f"@misc{{{key},\n  title = {{Entry number {n}}},\n  year = {{2020}}\n}}\n\n"
        for n, key in enumerate(keys)
    )


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def check_build(keys: list[str]) -> None:
    text = bibliography(keys)
    papers, _ = build_papers(parse_text(text, "bib/papers.bib").entries)
    with tempfile.TemporaryDirectory() as outer:
        root = Path(outer) / "project"
        root.mkdir()
        write_site(root, {"index.md": "# Home\n\n{{ papers() }}\n"}, text)
        before = files_under(Path(outer))
        build = build_strict(root, in_process=True)
        # Strict mode counts warnings (a duplicate key is one); an exception is a crash.
        assert "Traceback" not in build.output, build.output
        site = build.site
        assert (site / "index.html").is_file(), build.output

        # Nothing outside the site folder, nothing of the sources changed.
        after = files_under(Path(outer))
        outside = {
            name: data
            for name, data in after.items()
            if not name.startswith(("project/site/", "project/.labsite-cache/"))
        }
        assert outside == before
        for path in site.rglob("*"):
            assert path.resolve().is_relative_to(site.resolve()), path

        # Every entry has its own page, showing that entry.
        folder = site / "publications"
        pages = sorted(folder.glob("*/index.html"))
        assert len(pages) == len(papers), (len(pages), [p.key for p in papers])
        titles = []
        for page in pages:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            titles.append(soup.select_one("article h1").get_text(strip=True))
        assert sorted(titles) == sorted(p.title for p in papers)

        # ... and its own .bib file; the exports are the exports.
        per_paper = list((folder / PER_PAPER_BIB_DIR).glob("*.bib"))
        assert len(per_paper) == len(papers)
        for name in EXPORT_NAMES:
            assert (folder / name).is_file(), name
        exported = parse_text((folder / "bibliography.bib").read_text("utf-8"), "export.bib")
        assert sorted(e.key for e in exported.entries) == sorted(p.key for p in papers)

        # The list links each entry to its page.
        home = build.html()
        links = [a["href"] for a in home.select("a.labsite-title")]
        assert len(links) == len(papers)
        assert len(set(links)) == len(links)
        for href in links:
            assert (site / href / "index.html").resolve().is_relative_to(folder.resolve())
            assert (site / href / "index.html").is_file(), href

        shells = {SHELL_SLUG.format(number) for number in range(8)}
        assert not [p for p in folder.iterdir() if p.name in shells], build.output


@KEY_BUILDS
@given(keys=st.lists(KEYS, min_size=1, max_size=10))
@example(keys=TRAPS[:16])
@example(keys=TRAPS[16:32])
@example(keys=TRAPS[32:])
@example(keys=["dup", "dup", "dup-2", "DUP", "dup"])
def test_any_keys_build_a_page_each_and_nothing_outside_the_site(keys: list[str]) -> None:
    check_build(keys)
