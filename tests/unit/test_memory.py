"""Caches and memos keep what the current build uses, not every build's: a long
``mkdocs serve`` session with edits to the bibliography stays flat in memory."""

from __future__ import annotations

import gc

from labsite import Renderer, Settings, group_papers, sort_papers
from labsite.bib import bibliography, load
from labsite.bib.bibliography import load_bibliography
from labsite.export import common
from labsite.export.bibtex import to_bibtex_entry
from labsite.render import renderer as renderer_module


def _bib(version: int, count: int = 60) -> str:
    return "\n".join(
        f"@misc{{k{n}, title = {{Title {n} version {version}}}, year = {{{2000 + n % 20}}}}}"
        for n in range(count)
    )


def test_edits_to_a_bib_file_do_not_pile_up_in_memory(tmp_path):
    path = tmp_path / "papers.bib"
    renderer_module._LIST_CACHE.clear()
    common.MEMO.clear()
    for version in range(6):  # six saves of the same file, each with other titles
        path.write_text(_bib(version), encoding="utf-8")
        papers = load_bibliography([(path, "papers.bib")]).papers
        assert papers[0].title == f"Title 0 version {version}"
        html = Renderer(Settings(root=tmp_path, cache=False)).render_list(
            group_papers(sort_papers(papers), "year")
        )
        assert f"Title 0 version {version}" in html
        for paper in papers:
            to_bibtex_entry(paper)
        del papers
    gc.collect()
    # One version of the file and of the bibliography, one list, one version's exports.
    assert [name for name in load._CACHE if name == "papers.bib"] == ["papers.bib"]
    assert [names for names in bibliography._CACHE if names == ("papers.bib",)] == [("papers.bib",)]
    assert len(renderer_module._LIST_CACHE) == 1
    assert len(common.MEMO) == 60  # the papers of the last version, still alive in the caches


def test_exports_of_papers_that_are_gone_are_let_go(tmp_path):
    path = tmp_path / "a.bib"
    path.write_text(_bib(0, count=5), encoding="utf-8")
    common.MEMO.clear()
    papers = load.parse_text(path.read_text(), "a.bib").entries
    from labsite.bib.model import build_papers

    built, _ = build_papers(papers)
    for paper in built:
        to_bibtex_entry(paper)
    assert len(common.MEMO) == 5
    del built, paper
    gc.collect()
    assert len(common.MEMO) == 0


def test_a_list_is_found_by_the_bibliography_digest_and_its_keys(tmp_path):
    """With the bibliography's digest the list cache does not hash each paper: the
    same files give the same HTML, an edited file another digest and a new list."""
    path = tmp_path / "papers.bib"
    renderer_module._LIST_CACHE.clear()
    html = {}
    for version in (0, 1):
        path.write_text(_bib(version), encoding="utf-8")
        bib = load_bibliography([(path, "papers.bib")])
        assert bib.digest
        groups = group_papers(sort_papers(bib.papers), "year")
        renderer = Renderer(Settings(root=tmp_path, cache=False))
        plain = renderer.render_list(groups)
        html[version] = renderer.render_list(groups, content_digest=bib.digest)
        assert html[version] == plain
        assert f"Title 0 version {version}" in html[version]
        # Found again in the cache, by digest and keys (the same string, not rendered).
        assert renderer.render_list(groups, content_digest=bib.digest) is html[version]
    assert html[0] != html[1]
