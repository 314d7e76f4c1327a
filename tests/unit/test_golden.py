"""Golden files: what the engine makes of tests/golden/papers.bib (paper lists, a paper
page and its head, references, "Cite as", the .bib, CSL-JSON, RIS and Atom exports),
compared with the files beside it. HTML is compared after normalising (one tag or text
per line), so that only its structure and text count.

``LABSITE_UPDATE_GOLDEN=1`` rewrites the files from the current code instead (each test
then says which file it wrote); read the diff before committing it. See
tests/golden/README.md.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from labsite import (
    HighlightGroup,
    Paper,
    Renderer,
    Settings,
    build_papers,
    group_papers,
    parse_text,
    sort_papers,
)

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("LABSITE_UPDATE_GOLDEN") == "1"

SITE_URL = "https://lab.example.org/"
SITE_NAME = "Example Lab"
PAGE_KEY = "example2024gadgets"
"""The paper whose own page is a golden file: it has every part a page can show."""
SETTINGS = Settings(
    owner=("Ada Example", "A. Example"),
    highlight=(
        HighlightGroup(
            name="students", people=(("Sam Sample", "S. Sample"),), symbol="§",
            legend="student supervised",
        ),
    ),
    root=GOLDEN,
    cache=False,
)  # fmt: skip


def exports() -> SimpleNamespace:
    """The export functions (to_bibtex, to_csl_json_text, to_ris, to_atom ...): the one
    place here that names the modules they live in."""
    from labsite.export import atom, bibtex, csl, ris

    return SimpleNamespace(
        to_bibtex=bibtex.to_bibtex, to_bibtex_entry=bibtex.to_bibtex_entry,
        to_csl_json_text=csl.to_csl_json_text, to_ris=ris.to_ris, to_atom=atom.to_atom,
    )  # fmt: skip


def paper_url(paper: Paper) -> str:
    """Where a paper's own page is, relative to the site's root."""
    return f"publications/{paper.key}/"


@functools.cache
def papers() -> tuple[Paper, ...]:
    text = (GOLDEN / "papers.bib").read_text(encoding="utf-8")
    result = parse_text(text, "bib/papers.bib")
    assert result.problems == (), result.problems
    built, problems = build_papers(result.entries)
    assert problems == (), problems
    return built


def paper(key: str) -> Paper:
    return next(p for p in papers() if p.key == key)


def renderer() -> Renderer:
    """As the site renders: titles link to paper pages, lists show the exported BibTeX."""
    return Renderer(SETTINGS, paper_url=paper_url, bibtex=exports().to_bibtex_entry)


def normalised(html: str) -> str:
    """HTML with one tag or text per line, indented (whitespace between tags does not
    count; <pre> is kept as it is)."""
    return BeautifulSoup(html, "html.parser").prettify()


def sections(parts: dict[str, str]) -> str:
    """Several HTML fragments in one file, each after a comment naming it."""
    return "".join(f"<!-- {name} -->\n{normalised(html)}" for name, html in parts.items())


# -- what each golden file holds -----------------------------------------------------


def paper_list(interactive: bool) -> str:
    groups = group_papers(sort_papers(papers()), "year")
    html = renderer().render_list(groups, url_prefix="../", interactive=interactive)
    return normalised(html)


def page_body(key: str) -> str:
    """The body of a paper's own page, as the site makes it (served at
    publications/<key>/, listed on the Publications page)."""
    return renderer().render_paper_page(
        paper(key),
        url_prefix="../../",
        bibtex=exports().to_bibtex_entry(paper(key)),
        bibtex_download=f"../../publications/bib/{key}.bib",
        listed_on=[("Publications", "../../publications/")],
    )


def paper_head() -> str:
    html = renderer().render_head(
        paper(PAGE_KEY),
        page_url=SITE_URL + paper_url(paper(PAGE_KEY)),
        site_name=SITE_NAME,
        site_url=SITE_URL,
    )
    return normalised(html)


def references() -> str:
    """Each paper as a footnote or reference list shows it."""
    return sections({p.key: renderer().render_reference(p, url_prefix="../") for p in papers()})


def cite_as() -> str:
    """APA and IEEE of each paper, as its page's "Cite as" shows them."""
    parts = {}
    for p in papers():
        page = BeautifulSoup(page_body(p.key), "html.parser")
        for style in ("apa", "ieee"):
            found = page.select_one(f"dl.labsite-cite-as dd.labsite-cite-as__{style}")
            assert found is not None, (p.key, style)
            parts[f"{p.key} {style.upper()}"] = found.decode_contents()
    return sections(parts)


def atom() -> str:
    return exports().to_atom(
        papers(), site_url=SITE_URL, title=f"{SITE_NAME}: publications", paper_url=paper_url
    )


GOLDEN_FILES: dict[str, Callable[[], str]] = {
    "papers.html": lambda: paper_list(interactive=False),
    "papers_interactive.html": lambda: paper_list(interactive=True),
    "paper_page.html": lambda: normalised(page_body(PAGE_KEY)),
    "paper_head.html": paper_head,
    "references.html": references,
    "cite_as.html": cite_as,
    "bibliography.bib": lambda: exports().to_bibtex(papers()),
    "bibliography.json": lambda: exports().to_csl_json_text(papers()),
    "bibliography.ris": lambda: exports().to_ris(papers()),
    "feed.xml": atom,
}


@pytest.mark.parametrize("name", sorted(GOLDEN_FILES))
def test_golden_file(name: str) -> None:
    path = GOLDEN / name
    actual = GOLDEN_FILES[name]()
    if UPDATE:
        path.write_bytes(actual.encode("utf-8"))
        pytest.skip(f"LABSITE_UPDATE_GOLDEN=1: wrote tests/golden/{name}")
    if not path.is_file():
        pytest.fail(f"tests/golden/{name} is missing (LABSITE_UPDATE_GOLDEN=1 writes it)")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            f"tests/golden/{name}", "now",
        )  # fmt: skip
        pytest.fail(
            f"tests/golden/{name} is not what the code makes now (if the change is meant, "
            "LABSITE_UPDATE_GOLDEN=1 rewrites it):\n" + "".join(diff),
            pytrace=False,
        )


def test_every_golden_file_is_checked() -> None:
    """No golden file is left without its test (a renamed one would be)."""
    files = {p.name for p in GOLDEN.iterdir() if p.name not in ("README.md", "papers.bib")}
    assert files == set(GOLDEN_FILES)
