"""The exports: .bib that re-parses to the same papers, CSL-JSON, RIS and Atom."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import rispy
from labsite import Paper, build_papers, load_bibliography, parse_text
from labsite.export import (
    to_atom,
    to_bibtex,
    to_bibtex_entry,
    to_csl_json,
    to_csl_json_text,
    to_ris,
    writable,
)

from .support import REPO, corpus_or_skip

BIB = r"""
@string{jmlr = "Journal of Machine Learning Research"}
@article{a1,
  author = {M{\"u}ller, J{\"o}rg and van der Berg, Anna and {Open Science Collaboration}},
  title = {The {DNA} of $\alpha$ -- things},
  journal = jmlr # " (Letters)",
  year = 2021, month = mar, volume = {3}, number = {2}, pages = {10--20},
  doi = {10.1/abc}, url = {https://example.org/a1}, summary = {Short.},
  keywords = {dna, alpha}, abbr = {JMLR}
}
@unpublished{u1,
  author = {Doe, Jane and others},
  title = {Under Way},
  status = {Under review},
  year = {2024}
}
@inproceedings{p1,
  author = {Roe, Richard},
  title = {Conference Talk},
  booktitle = {Proc. of Things},
  year = {2019},
  crossref = {missing}
}
"""


def _papers(text: str = BIB) -> tuple[Paper, ...]:
    papers, _ = build_papers(parse_text(text, "in.bib").entries)
    return papers


def _comparable(paper: Paper) -> Paper:
    fields = {k: writable(v) for k, v in paper.fields.items() if k != "crossref"}
    return dataclasses.replace(paper, file="", line=0, source="", fields=fields)


def _round_trip(papers: tuple[Paper, ...]) -> list[str]:
    again = {p.key: p for p in _papers(to_bibtex(papers))}
    return [p.key for p in papers if p.key not in again or _comparable(again[p.key]) !=
            _comparable(p)]  # fmt: skip


def test_bibtex_round_trip_keeps_every_field():
    papers = _papers()
    assert _round_trip(papers) == []
    text = to_bibtex(papers)
    assert "journal = {Journal of Machine Learning Research (Letters)}" in text
    assert "title = {The {DNA} of $\\alpha$ -- things}" in text
    assert "crossref" not in text
    assert text.index("author =") < text.index("title =") < text.index("journal =")


def test_custom_fields_can_be_stripped():
    paper = _papers()[0]
    assert "summary = {Short.}" in to_bibtex_entry(paper)
    stripped = to_bibtex([paper], keep_custom=False)
    assert "summary" not in stripped and "abbr" not in stripped and "doi = " in stripped


def test_unbalanced_values_are_repaired_so_they_read_back():
    assert writable("a {b} c") == "a {b} c"
    assert writable("a } b {c") == "a  b c"
    assert writable("ends with \\") == "ends with \\ "
    assert writable("\\{ escaped") == "\\{ escaped"


def test_real_site_bibliography_round_trips():
    bib = load_bibliography([(REPO / "bib" / "papers.bib", "bib/papers.bib")])
    assert len(bib.papers) >= 10
    assert _round_trip(bib.papers) == []


def test_corpus_round_trips():
    total = 0
    failed: list[str] = []
    for path in sorted(corpus_or_skip().rglob("*.bib")):
        bib = load_bibliography([(path, str(path))])
        total += len(bib.papers)
        failed += [f"{path}:{key}" for key in _round_trip(bib.papers)]
    print(f"\ncorpus .bib round trip: {total} entries, {len(failed)} differ")
    assert total > 30_000
    assert failed == []


def test_csl_json():
    items = {i["id"]: i for i in to_csl_json(_papers())}
    article = items["a1"]
    assert article["type"] == "article-journal"
    assert article["title"] == "The DNA of α – things" or article["title"].startswith("The DNA")
    assert article["author"] == [
        {"family": "Müller", "given": "Jörg"},
        {"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"},
        {"literal": "Open Science Collaboration"},
    ]
    assert article["issued"] == {"date-parts": [[2021, 3]]}
    assert article["container-title"] == "Journal of Machine Learning Research (Letters)"
    assert article["page"] == "10–20" and article["DOI"] == "10.1/abc"
    assert article["URL"] == "https://example.org/a1"
    unpublished = items["u1"]
    assert unpublished["type"] == "manuscript"
    assert "issued" not in unpublished and unpublished["status"] == "Under review"
    assert [a["family"] for a in unpublished["author"]] == ["Doe"]
    assert json.loads(to_csl_json_text(_papers())) == to_csl_json(_papers())


def test_ris_reads_back():
    records = {r["id"]: r for r in rispy.loads(to_ris(_papers()))}
    article = records["a1"]
    assert article["type_of_reference"] == "JOUR"
    assert article["authors"] == ["Müller, Jörg", "van der Berg, Anna",
                                  "Open Science Collaboration"]  # fmt: skip
    assert article["year"] == "2021"
    assert (article["start_page"], article["end_page"]) == ("10", "20")
    assert article["doi"] == "10.1/abc"
    assert records["p1"]["type_of_reference"] == "CPAPER"
    assert "year" not in records["u1"]


def test_atom_feed_newest_first_and_escaped(tmp_path: Path):
    papers = _papers() + _papers("@misc{x, title = {<script>alert(1)</script>}, year = 2023}")
    feed = to_atom(papers, site_url="https://example.org/", title="Pubs",
                   paper_url=lambda p: f"publications/{p.key}/")  # fmt: skip
    assert "<script>" not in feed
    root = ET.fromstring(feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    ids = [e.findtext("a:id", namespaces=ns) for e in entries]
    assert ids == [f"https://example.org/publications/{k}/" for k in ("u1", "x", "a1", "p1")]
    assert entries[1].findtext("a:title", namespaces=ns) == "<script>alert(1)</script>"
    assert entries[0].find("a:published", ns) is None
    again = to_atom(papers, site_url="https://example.org/", title="Pubs",
                    paper_url=lambda p: f"publications/{p.key}/")  # fmt: skip
    assert again == feed
