"""What makes large bibliographies fast, in built sites: paper pages written from a few
shells, and long lists kept out of the Markdown pass (paperpages.py, liststash.py; the
stash alone: tests/unit/test_list_stash.py)."""

from __future__ import annotations

import json

from labsite.hosts.list_stash import MIN_ENTRIES

from ..support import BASE_CONFIG

COUNT = MIN_ENTRIES + 10


def _bib(count: int = COUNT) -> str:
    entries = []
    for i in range(count):
        abstract = "abstract = {Bounds in $O(n^2)$ time.}," if i % 2 else ""
        entries.append(
            f'@article{{e{i:03d}, author = {{Example, Alex and M{{\\"u}}ller, Sam}},'
            f" title = {{Entry number {i} on $x_{{{i}}}$}}, journal = {{Journal {i % 3}}},"
            f" year = {{{2000 + i % 5}}}, {abstract}}}"
        )
    return "\n".join(entries) + "\n"


MATH_CONFIG = BASE_CONFIG.replace(
    "      generic: true\n", "      generic: true\n  - labsite.mathml\n"
).replace("plugins:\n", "plugins:\n  - search\n")

TOC = ".md-sidebar--secondary nav.md-nav--secondary a"

PAGES = {
    "index.md": "# Home\n\n{{ papers(group_by='year') }}\n\nAfter the list.\n",
    "short.md": "# Short\n\n{{ papers(limit=3) }}\n",
}


def test_a_long_list_is_whole_with_headings_math_and_search(make_site) -> None:
    build = make_site(PAGES, _bib(), config=MATH_CONFIG, strict=True)
    assert build.returncode == 0, build.output
    page = build.html()
    article = page.select_one("article")
    keys = [li["data-paper-key"] for li in article.select("li[data-paper-key]")]
    assert sorted(keys) == [f"e{i:03d}" for i in range(COUNT)]
    assert "<!--labsite-list" not in str(page)
    # The year headings are still Markdown headings: in the table of contents.
    toc = [a.get_text(strip=True) for a in page.select(TOC)]
    assert toc == ["2004", "2003", "2002", "2001", "2000"]
    assert article.get_text().strip().endswith("After the list.")
    # Math in the hidden list is converted as Markdown would have done.
    assert article.select_one('li[data-paper-key="e007"] math') is not None
    assert "arithmatex" not in str(article)
    # The list's entries are found through their own pages in the search index.
    index = json.loads((build.site / "search" / "search_index.json").read_text("utf-8"))
    home = " ".join(d["text"] for d in index["docs"] if d["location"] in ("", "#2004"))
    assert "Entry number" not in home
    titles = {d["title"] for d in index["docs"] if d["location"].startswith("publications/")}
    assert "Entry number 7 on $x_{7}$" in titles
    # A short list goes through Markdown as before.
    short = build.html("short/index.html")
    assert len(short.select("li[data-paper-key]")) == 3


def test_without_paper_pages_a_long_list_is_searchable(make_site) -> None:
    config = MATH_CONFIG.replace("  - labsite:\n", "  - labsite:\n      paper_pages: false\n")
    assert "paper_pages: false" in config
    build = make_site(PAGES, _bib(), config=config, strict=True)
    assert build.returncode == 0, build.output
    assert len(build.html().select("li[data-paper-key]")) == COUNT
    index = json.loads((build.site / "search" / "search_index.json").read_text("utf-8"))
    assert any("Entry number 7" in d["text"] for d in index["docs"])
    assert not (build.site / "publications" / "e007").exists()


def test_paper_pages_come_from_shells_that_are_then_removed(make_site) -> None:
    bib = _bib(3) + (
        "@misc{tricky, title = {Less <b>than</b> \\& more}, year = {2020},"
        " abstract = {An abstract.}}\n"
    )
    build = make_site(PAGES, bib, config=MATH_CONFIG, strict=True)
    assert build.returncode == 0, build.output
    produced = [p.relative_to(build.site).as_posix() for p in build.site.rglob("*")]
    assert not [p for p in produced if "shell" in p.lower()]
    for name in ("sitemap.xml", "search/search_index.json"):
        assert "shell" not in (build.site / name).read_text("utf-8").lower(), name
    page = build.html("publications/tricky/index.html")
    assert page.title.get_text() == "Less <b>than</b> & more - Test site"
    assert page.select_one("article h1").get_text(strip=True) == "Less <b>than</b> & more"
    assert page.select_one("b") is None  # the title is text everywhere, never markup
    assert page.select_one('link[rel="canonical"]')["href"].endswith("/publications/tricky/")
    toc = [a.get_text(strip=True) for a in page.select(TOC)]
    assert toc == ["Abstract", "Cite as", "BibTeX", "On this site"]
    plain = build.html("publications/e000/index.html")
    toc = [a.get_text(strip=True) for a in plain.select(TOC)]
    assert toc == ["Cite as", "BibTeX", "On this site"]
    sitemap = (build.site / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("/publications/") == 4
