"""``labsite metrics`` and ``labsite add --doi/--arxiv/--orcid`` against a stand-in for
the OpenAlex API on 127.0.0.1 (tests/openalex_server.py), with invented works: batches,
cursor paging, works OpenAlex does not know, HTTP errors, a timeout, answers that are
not OpenAlex's, and the metrics file left as it was after every failure."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path
from urllib.parse import unquote

import pytest

from labsite.bib.load import load_file
from labsite.bib.model import build_papers
from labsite.cli.from_openalex import abstract_text, entry_type, make_key, to_bibtex
from labsite.cli.main import main
from labsite.cli.openalex import OpenAlex, OpenAlexError, lookup
from labsite.data.metrics import load_metrics

from ..openalex_server import FakeOpenAlex, invented_work

CONFIG = """\
site_name: Test
plugins:
  - search
  - labsite:
      bib_files: [bib/papers.bib]
      openalex_mailto: lab@example.org
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def _site(root: Path, bib: str, config: str = CONFIG) -> Path:
    (root / "bib").mkdir(parents=True, exist_ok=True)
    (root / "bib" / "papers.bib").write_text(textwrap.dedent(bib), encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def _entries(count: int) -> str:
    return "".join(
        f"@article{{p{n}, title = {{Paper {n}}}, author = {{Ada Example}}, journal = {{J}},"
        f" year = 2024, doi = {{10.5555/invented.{n}}}}}\n"
        for n in range(count)
    )


BIB = """\
@article{bydoi, title = {By DOI}, author = {Ada Example}, journal = {J}, year = 2024,
  doi = {https://doi.org/10.5555/INVENTED.1}}
@misc{byarxiv, title = {By arXiv}, author = {Ada Example}, year = 2023,
  eprint = {2301.00002v2}, archiveprefix = {arXiv}}
@article{bypmid, title = {By PMID}, author = {Ada Example}, journal = {J}, year = 2022,
  pmid = {31415926}}
@article{byopenalex, title = {By OpenAlex id}, author = {Ada Example}, journal = {J},
  year = 2021, openalex = {https://openalex.org/W9000000004}}
@article{unknown, title = {Unknown}, author = {Ada Example}, journal = {J}, year = 2020,
  doi = {10.5555/nobody.knows}}
@misc{plain, title = {No identifier}, author = {Ada Example}, year = 2019}
@article{both, title = {Both}, author = {Ada Example}, journal = {J}, year = 2024,
  doi = {10.5555/invented.5}, eprint = {2301.00006}, archiveprefix = {arXiv}}
"""


def _works() -> list[dict]:
    return [
        invented_work(1, cited=12, by_year={2025: 5, 2026: 7}),
        invented_work(2, doi="10.48550/arXiv.2301.00002", cited=3, kind="preprint"),
        invented_work(3, cited=1, pmid="31415926", doi=""),
        invented_work(4, cited=0),
        invented_work(5, cited=40),
        invented_work(6, doi="10.48550/arXiv.2301.00006", cited=2),
    ]


def _run(root: Path, fake: FakeOpenAlex, *more: str) -> int:
    return main(["metrics", "-f", str(root / "mkdocs.yml"), "--api-url", fake.url, *more])


def test_metrics_writes_every_identifier_kind_and_lists_what_it_could_not_match(
    tmp_path, openalex, capsys
):
    openalex.works = _works()
    root = _site(tmp_path, BIB)
    assert _run(root, openalex) == 0
    err = capsys.readouterr().err
    assert "no DOI, arXiv id, PMID or openalex id (1): plain" in err
    assert "not found in OpenAlex: unknown (doi 10.5555/nobody.knows)" in err
    assert "wrote data/metrics.yml: 5 entries with figures, 56 citations" in err
    metrics, problems = load_metrics(root / "data" / "metrics.yml")
    assert problems == ()
    assert metrics.retrieved == datetime.datetime.now(datetime.timezone.utc).date()
    assert {k: (w.openalex, w.cited_by) for k, w in metrics.works.items()} == {
        "bydoi": ("W9000000001", 12),
        "byarxiv": ("W9000000002", 3),
        "bypmid": ("W9000000003", 1),
        "byopenalex": ("W9000000004", 0),
        "both": ("W9000000005", 40),  # the published version's DOI before the e-print's
    }
    assert metrics.works["bydoi"].by_year == ((2025, 5), (2026, 7))
    # One request per kind of identifier; the mailto of the settings on each.
    filters = openalex.filters()
    assert sorted(f.split(":", 1)[0] for f in filters) == ["doi", "openalex", "pmid"]
    doi_filter = next(f for f in filters if f.startswith("doi:"))
    assert set(doi_filter[4:].split("|")) == {
        "10.5555/invented.1", "10.48550/arxiv.2301.00002", "10.5555/nobody.knows",
        "10.5555/invented.5", "10.48550/arxiv.2301.00006",
    }  # fmt: skip
    assert all(p.get("mailto") == "lab@example.org" for _, p in openalex.requests)
    assert all(int(p["per-page"]) <= 100 for _, p in openalex.requests)


def test_metrics_file_is_stable_and_sorted(tmp_path, openalex):
    openalex.works = _works()
    root = _site(tmp_path, BIB)
    assert _run(root, openalex) == 0
    text = (root / "data" / "metrics.yml").read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    assert body[:3] == [f"retrieved: {today}", f"source: {openalex.url}", "works:"]
    keys = [line.strip().rstrip(":") for line in body if line.startswith("  ") and
            not line.startswith("    ")]  # fmt: skip
    assert keys == sorted(keys) == ["both", "byarxiv", "bydoi", "byopenalex", "bypmid"]
    assert "  bydoi:\n    by_year:\n      2025: 5\n      2026: 7\n    cited_by: 12\n" in text
    # The same answers give the same file, byte for byte.
    assert _run(root, openalex) == 0
    assert (root / "data" / "metrics.yml").read_text(encoding="utf-8") == text


def test_more_identifiers_than_a_batch_make_several_requests(tmp_path, openalex, capsys):
    openalex.works = [invented_work(n, cited=n) for n in range(120)]
    root = _site(tmp_path, _entries(120))
    assert _run(root, openalex) == 0
    filters = openalex.filters()
    assert len(filters) == 3
    batches = [f.removeprefix("doi:").split("|") for f in filters]
    assert [len(b) for b in batches] == [50, 50, 20]
    assert sorted(v for b in batches for v in b) == sorted(
        f"10.5555/invented.{n}" for n in range(120)
    )
    metrics, _ = load_metrics(root / "data" / "metrics.yml")
    assert len(metrics.works) == 120
    assert metrics.works["p119"].cited_by == 119
    assert "120 entries with figures" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("misbehave", "message"),
    [
        ({"status": 500}, "answered HTTP 500 to /works"),
        ({"status": 429}, "answered HTTP 429 (too many requests); try again later"),
        ({"status": 403}, "answered HTTP 403 to /works"),
        ({"body": b"{not json"}, "answered something that is not JSON"),
        ({"body": b'{"meta": {"count": 1}}'}, "answered JSON that is not a list of works"),
        ({"body": b'{"meta": {}, "results": ["W1"]}'}, "not a list of works"),
        ({"body": b'{"meta": {}, "results": [{"id": "https://openalex.org/W9000000001",'
                  b' "doi": "https://doi.org/10.5555/invented.1", "cited_by_count": "many"}]}'},
         "has no number in 'cited_by_count'"),
        ({"delay": 1.0}, "did not answer within 0.2 s"),
    ],
)  # fmt: skip
def test_a_failure_leaves_the_file_as_it_was(tmp_path, openalex, capsys, misbehave, message):
    openalex.works = _works()
    root = _site(tmp_path, BIB)
    data = root / "data"
    data.mkdir()
    before = b"# an older file\nretrieved: 2020-01-01\nworks: {}\n"
    (data / "metrics.yml").write_bytes(before)
    for name, value in misbehave.items():
        setattr(openalex, name, value)
    assert _run(root, openalex, "--timeout", "0.2") == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.endswith("; data/metrics.yml is left as it was\n")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert (data / "metrics.yml").read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["metrics.yml"]  # no temporary file


def test_a_server_with_smaller_pages_is_read_page_by_page(openalex):
    openalex.works = [invented_work(n, cited=n) for n in range(60)]
    openalex.page_size = 20
    client = OpenAlex(base_url=openalex.url, timeout=5)
    works = client.works_by("doi", [f"10.5555/invented.{n}" for n in range(60)])
    assert sorted(w["cited_by_count"] for w in works) == list(range(60))
    pages = [(p["filter"].count("|") + 1, p.get("page", "1")) for _, p in openalex.requests]
    assert pages == [(50, "1"), (50, "2"), (50, "3"), (10, "1")]


def test_a_failure_in_a_later_batch_writes_nothing_either(tmp_path, openalex, capsys):
    openalex.works = [invented_work(n, cited=n) for n in range(60)]
    openalex.fail_after = 1
    root = _site(tmp_path, _entries(60))
    assert _run(root, openalex) == 1
    assert len(openalex.requests) == 2  # the first batch was answered
    assert "HTTP 500" in capsys.readouterr().err
    assert not (root / "data").exists()


def test_no_server_at_the_address(tmp_path, capsys):
    root = _site(tmp_path, BIB)
    assert main(["metrics", "-f", str(root / "mkdocs.yml"), "--api-url",
                 "http://127.0.0.1:9", "--timeout", "2"]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert err.startswith("labsite metrics: cannot reach http://127.0.0.1:9: ")
    assert err.count("\n") == 1


def test_cursor_paging_reads_every_page(openalex):
    orcid = "0000-0002-1825-0097"
    openalex.works = [
        invented_work(n, authors=(("Ada Example", orcid),), date="2020-01-01", year=2020)
        for n in range(250)
    ] + [invented_work(999, authors=(("Someone Else", None),))]
    client = OpenAlex(base_url=openalex.url, mailto="", timeout=5)
    works = list(client.works_of_author(orcid))
    assert len(works) == 250
    assert len({w["id"] for w in works}) == 250
    cursors = [p["cursor"] for _, p in openalex.requests]
    assert cursors[0] == "*" and len(cursors) == 3 and len(set(cursors)) == 3
    assert all(p["filter"] == f"author.orcid:{orcid}" for _, p in openalex.requests)
    assert all(p["sort"] == "publication_date:desc" for _, p in openalex.requests)


def test_a_doi_with_a_comma_is_asked_for_alone(openalex):
    doi = "10.5555/odd,one"
    openalex.works = [invented_work(1, doi=doi, cited=4)]
    client = OpenAlex(base_url=openalex.url, timeout=5)
    found = lookup(client, {"doi": [doi, "10.5555/invented.2"]})
    assert found[("doi", doi)]["cited_by_count"] == 4
    paths = [unquote(path) for path, _ in openalex.requests]
    assert paths == ["/works", "/works/doi:10.5555/odd,one"]


def test_pmids_refused_in_one_filter_are_asked_one_by_one(openalex):
    openalex.works = [invented_work(n, pmid=str(1000 + n), doi="", cited=n) for n in range(3)]
    openalex.refuse_pmid_batches = True
    client = OpenAlex(base_url=openalex.url, timeout=5)
    found = lookup(client, {"pmid": ["1000", "1001", "1002", "1009"]})
    assert {v: w["cited_by_count"] for (_, v), w in found.items()} == {
        "1000": 0, "1001": 1, "1002": 2,
    }  # fmt: skip
    paths = [unquote(path) for path, _ in openalex.requests]
    assert paths == ["/works"] + [f"/works/pmid:{n}" for n in (1000, 1001, 1002, 1009)]
    # Any other refusal is a failure.
    openalex.status = 400
    with pytest.raises(OpenAlexError, match="HTTP 400"):
        lookup(client, {"doi": ["10.5555/a", "10.5555/b"]})


def test_client_errors_are_one_line(openalex):
    openalex.body = b"<html>proxy error</html>"
    with pytest.raises(OpenAlexError) as info:
        OpenAlex(base_url=openalex.url, timeout=5).works_by("doi", ["10.5555/x"])
    assert "\n" not in str(info.value)


# ------------------------------------------------------------ BibTeX from records


def test_abstract_is_rebuilt_from_the_inverted_index():
    index = {"The": [0], "cat": [1, 4], "sat": [2], "and": [3], "purred.": [5]}
    assert abstract_text(index) == "The cat sat and cat purred."
    assert abstract_text(None) == ""


@pytest.mark.parametrize(
    ("kind", "source_type", "expected"),
    [
        ("article", "journal", "article"),
        ("article", "conference", "inproceedings"),
        ("article", "repository", "misc"),
        ("preprint", "repository", "misc"),
        ("book-chapter", "book series", "incollection"),
        ("book", "book series", "book"),
        ("dissertation", "repository", "phdthesis"),
        ("report", "repository", "techreport"),
        ("peer-review", "journal", "misc"),
    ],
)
def test_types_are_mapped(kind, source_type, expected):
    assert entry_type(invented_work(1, kind=kind, source_type=source_type)) == expected


def test_an_entry_from_a_record_reads_back(tmp_path):
    work = invented_work(
        7, title="Fast <i>and</i> 100% safe: A&B_C {x} #1", cited=3,
        authors=(("Ada Example", "0000-0002-1825-0097"), ("Émile Müller", None)),
        abstract="We   show things.", source_type="conference", source="Proc. of Invented",
    )  # fmt: skip
    text = to_bibtex(work, "example2024fast")
    path = tmp_path / "x.bib"
    path.write_text(text, encoding="utf-8")
    entries = load_file(path, "x.bib").entries
    papers, problems = build_papers(entries)
    assert problems == ()
    paper = papers[0]
    assert paper.entry_type == "inproceedings"
    assert paper.title == "Fast and 100% safe: A&B_C {x} #1"
    assert [a.full for a in paper.authors] == ["Ada Example", "Émile Müller"]
    assert paper.venue == "Proc. of Invented"
    assert (paper.year, paper.volume, paper.number, paper.pages) == (2024, "3", "2", "10–20")
    assert paper.doi == "10.5555/invented.7"
    assert paper.abstract == "We show things."
    assert paper.fields["openalex"] == "W9000000007"
    assert paper.fields["orcid-numbers"] == "Ada Example/0000-0002-1825-0097"
    assert "url" not in paper.fields  # the landing page is the DOI's


def test_an_arxiv_record_becomes_an_eprint():
    work = invented_work(2, doi="10.48550/arXiv.2301.00002", kind="preprint",
                         source="arXiv (Cornell University)", source_type="repository",
                         landing="https://arxiv.org/abs/2301.00002")  # fmt: skip
    text = to_bibtex(work, "k")
    assert text.startswith("@misc{k,\n")
    assert "  eprint = {2301.00002},\n  archiveprefix = {arXiv},\n" in text
    assert "howpublished" not in text and "url =" not in text


def test_keys_are_lastname_year_first_word_and_unique():
    work = invented_work(1, title="The Analytical Engine", authors=(("Ada Lovelace", None),),
                         year=1843)  # fmt: skip
    assert make_key(work, set()) == "lovelace1843analytical"
    assert make_key(work, {"lovelace1843analytical"}) == "lovelace1843analyticalb"
    assert make_key(invented_work(2, authors=(), title="¿Qué?"), set()) == "anon2024que"


# ------------------------------------------------------------------ labsite add

EXISTING = """\
@article{old2024,
  author = {Ada Example},
  title = {Invented result number 3},
  journal = {J},
  year = {2024},
}
"""


def _add(tmp_path: Path, fake: FakeOpenAlex, *args: str) -> int:
    return main(["add", "--to", str(tmp_path / "papers.bib"), "--api-url", fake.url, *args])


def test_add_doi_and_arxiv(tmp_path, openalex, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    openalex.works = _works()
    target = tmp_path / "papers.bib"
    target.write_text(EXISTING, encoding="utf-8")
    assert _add(tmp_path, openalex, "--doi", "https://doi.org/10.5555/INVENTED.1",
                "--arxiv", "arXiv:2301.00002v1") == 0  # fmt: skip
    err = capsys.readouterr().err
    assert "added 2 entries" in err
    papers, _ = build_papers(load_file(target, "papers.bib").entries)
    by_key = {p.key: p for p in papers}
    assert set(by_key) == {"old2024", "example2024invented", "example2024inventedb"}
    assert by_key["example2024inventedb"].arxiv == "2301.00002"
    assert main(["tidy", "--check", str(target)]) == 0
    # Again: both are there now, by DOI and by arXiv id.
    assert _add(tmp_path, openalex, "--doi", "10.5555/invented.1", "--arxiv",
                "2301.00002") == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "refused: same DOI (10.5555/invented.1) as entry 'example2024invented'" in err
    assert "refused: same DOI (10.48550/arxiv.2301.00002)" in err or "same arXiv id" in err


def test_add_dry_run_shows_and_writes_nothing(tmp_path, openalex, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    openalex.works = _works()
    assert _add(tmp_path, openalex, "--dry-run", "--doi", "10.5555/invented.1") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("@article{example2024invented,\n  author = {Ada Example},")
    assert "  openalex = {W9000000001},\n}\n" in captured.out
    assert "would add 1 entry: example2024invented" in captured.err
    assert not (tmp_path / "papers.bib").exists()


def test_add_unknown_doi_and_network_failure(tmp_path, openalex, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _add(tmp_path, openalex, "--doi", "10.5555/nobody") == 1
    assert "DOI 10.5555/nobody: OpenAlex has no work with this identifier" in (
        capsys.readouterr().err
    )
    openalex.status = 503
    assert _add(tmp_path, openalex, "--doi", "10.5555/invented.1") == 1
    assert "HTTP 503" in capsys.readouterr().err
    assert not (tmp_path / "papers.bib").exists()
    assert main(["add", "--doi", "nonsense"]) == 2
    assert main(["add", "--orcid", "0000-0002"]) == 2


def test_add_orcid_adds_every_work_newest_first_and_says_what_was_there(
    tmp_path, openalex, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    orcid = "0000-0002-1825-0097"
    me = (("Ada Example", orcid), ("Bo Other", None))
    openalex.works = [
        invented_work(n, authors=me, year=2000 + n, title=f"Work {n}") for n in range(1, 151)
    ] + [invented_work(3, authors=me, year=2003)]  # the one already in the file
    openalex.works.pop(2)
    target = tmp_path / "papers.bib"
    target.write_text(EXISTING, encoding="utf-8")
    assert _add(tmp_path, openalex, "--orcid", f"https://orcid.org/{orcid}") == 1
    err = capsys.readouterr().err
    assert len([p for p, q in openalex.requests if "cursor" in q]) == 2  # two pages
    assert f"ORCID {orcid}: 150 work(s) in OpenAlex: added 149" in err
    assert "1 already there or refused" in err
    assert "refused: same title as entry 'old2024'" in err
    papers, _ = build_papers(load_file(target, "papers.bib").entries)
    years = [p.year for p in papers[1:]]
    assert years == sorted(years, reverse=True) and years[0] == 2150
    assert papers[1].fields["orcid-numbers"] == f"Ada Example/{orcid}"


def test_if_on_does_nothing_when_the_site_does_not_show_counts(tmp_path, openalex, capsys):
    openalex.works = _works()
    root = _site(tmp_path, BIB)
    assert _run(root, openalex, "--if-on") == 0
    assert "citation_counts is off" in capsys.readouterr().err
    assert openalex.requests == [] and not (root / "data").exists()
    on = CONFIG.replace(
        "      openalex_mailto:", "      citation_counts: true\n      openalex_mailto:"
    )
    _site(tmp_path, BIB, on)
    assert _run(root, openalex, "--if-on") == 0
    assert (root / "data" / "metrics.yml").exists()


def test_check_reads_the_metrics_file(tmp_path, capsys, monkeypatch):
    _site(tmp_path, BIB)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "metrics.yml").write_text(
        "retrieved: 2026-11-30\nworks:\n  a:\n    openalex: W1\n    cited_by: -3\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    out = capsys.readouterr()
    assert "error: data/metrics.yml:5: entry 'a': 'cited_by' is -3" in out.out
    assert "data/metrics.yml" in out.err
