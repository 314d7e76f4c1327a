"""The on-disk cache of parsed bibliographies: keyed by content, safe to delete."""

from __future__ import annotations

import pytest

import labsite.bib.bibliography as bibliography_module
import labsite.bib.load as load_module
from labsite.bib.bibliography import load_bibliography

BIB = (
    '@article{a,\n  author = {M{\\"u}ller, J{\\"o}rg},\n  title = {T},\n'
    "  journal = {J},\n  year = 2020\n}\n"
)


@pytest.fixture(autouse=True)
def _fresh_memory():
    bibliography_module._CACHE.clear()
    load_module._CACHE.clear()
    yield
    bibliography_module._CACHE.clear()
    load_module._CACHE.clear()


def _forget():
    bibliography_module._CACHE.clear()
    load_module._CACHE.clear()


def test_second_build_reads_the_cache_instead_of_parsing(tmp_path, monkeypatch):
    bib = tmp_path / "papers.bib"
    bib.write_text(BIB, encoding="utf-8")
    cache = tmp_path / ".labsite-cache"
    first = load_bibliography([(bib, "bib/papers.bib")], cache)
    assert len(list(cache.glob("bibliography-*.pickle"))) == 1
    _forget()

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again despite the cache")

    monkeypatch.setattr(bibliography_module, "_combine", no_parsing)
    second = load_bibliography([(bib, "bib/papers.bib")], cache)
    assert second.papers == first.papers
    assert second.papers[0].authors[0].full == "Jörg Müller"
    assert second.by_key["a"] == first.by_key["a"]


def test_changed_content_is_parsed_and_replaces_the_old_cache(tmp_path):
    bib = tmp_path / "papers.bib"
    cache = tmp_path / "cache"
    bib.write_text(BIB, encoding="utf-8")
    load_bibliography([(bib, "bib/papers.bib")], cache)
    old = set(cache.glob("*.pickle"))
    _forget()
    bib.write_text(BIB.replace("{T}", "{New title}"), encoding="utf-8")
    again = load_bibliography([(bib, "bib/papers.bib")], cache)
    assert again.papers[0].title == "New title"
    files = set(cache.glob("*.pickle"))
    assert len(files) == 1 and files != old


def test_damaged_cache_is_ignored(tmp_path):
    bib = tmp_path / "papers.bib"
    bib.write_text(BIB, encoding="utf-8")
    cache = tmp_path / "cache"
    load_bibliography([(bib, "bib/papers.bib")], cache)
    for path in cache.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    _forget()
    assert [p.key for p in load_bibliography([(bib, "bib/papers.bib")], cache).papers] == ["a"]


def test_unwritable_cache_folder_is_not_an_error(tmp_path):
    bib = tmp_path / "papers.bib"
    bib.write_text(BIB, encoding="utf-8")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    result = load_bibliography([(bib, "bib/papers.bib")], blocker / "cache")
    assert [p.key for p in result.papers] == ["a"]


def test_exports_are_written_once_per_process_for_the_same_papers(tmp_path, monkeypatch):
    from labsite.export import bibtex, common, csl, ris

    (tmp_path / "a.bib").write_text(BIB, encoding="utf-8")
    papers = load_bibliography([(tmp_path / "a.bib", "a.bib")]).papers
    common.MEMO.clear()
    first = (bibtex.to_bibtex_entry(papers[0]), csl.to_csl_json_text(papers))
    ris_text = ris.to_ris(papers)

    def fail(*args, **kwargs):
        raise AssertionError("written again")

    monkeypatch.setattr(bibtex, "_to_bibtex_entry", fail)
    monkeypatch.setattr(csl, "_to_csl_json_text", fail)
    monkeypatch.setattr(ris, "_to_ris", fail)
    assert (bibtex.to_bibtex_entry(papers[0]), csl.to_csl_json_text(papers)) == first
    assert ris.to_ris(papers) == ris_text
    assert bibtex.to_bibtex(papers) == first[0]
    with pytest.raises(AssertionError, match="written again"):
        bibtex.to_bibtex_entry(papers[0], keep_custom=False)  # other arguments
    with pytest.raises(AssertionError, match="written again"):
        ris.to_ris(list(papers))  # a list may change: not remembered
    common.MEMO.clear()
