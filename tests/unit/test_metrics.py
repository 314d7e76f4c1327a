"""Citation counts as data: the metrics file's reader (file:line problems), its writer
(one stable form), the h-index, sorting by citations and "Cited by" in lists and on
paper pages (on and off, escaped, linked to OpenAlex)."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path
from types import MappingProxyType

import pytest
from bs4 import BeautifulSoup

from labsite.bib.load import parse_text
from labsite.bib.model import build_papers
from labsite.bib.query import group_papers, sort_papers
from labsite.data.metrics import (
    Metrics,
    WorkMetrics,
    dump_metrics,
    h_index,
    load_metrics,
    summarize,
)
from labsite.data.sitedata import load_site_data
from labsite.diagnostics import LabsiteError, Level
from labsite.render.renderer import Renderer
from labsite.settings import Settings

GOOD = """\
retrieved: 2026-11-30
source: https://api.openalex.org
works:
  a2020:
    openalex: W11
    cited_by: 10
    by_year:
      2025: 4
      2026: 6
  b2021:
    openalex: W12
    cited_by: 3
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "metrics.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_reader_gives_records(tmp_path):
    metrics, problems = load_metrics(_write(tmp_path, GOOD), "data/metrics.yml")
    assert problems == ()
    assert metrics.retrieved == datetime.date(2026, 11, 30)
    assert metrics.date == "2026-11-30"
    assert metrics.works["a2020"] == WorkMetrics("a2020", "W11", 10, ((2025, 4), (2026, 6)), 4)
    assert metrics.works["a2020"].citing_url == "https://openalex.org/works?filter=cites:W11"
    assert metrics.counts() == {"a2020": 10, "b2021": 3}


def test_writer_reads_back_and_is_sorted():
    metrics = Metrics(
        datetime.date(2026, 11, 30), "https://api.openalex.org",
        MappingProxyType({
            "z:key": WorkMetrics("z:key", "W2", 5, ((2026, 5),)),
            "2020": WorkMetrics("2020", "W3", 0),
            "ä": WorkMetrics("ä", "W1", 1),
        }),
    )  # fmt: skip
    text = dump_metrics(metrics)
    assert text.splitlines()[2:5] == [
        "retrieved: 2026-11-30", "source: https://api.openalex.org", "works:",
    ]  # fmt: skip
    assert text.index("'2020':") < text.index("z:key:") < text.index("ä:")
    assert "  z:key:\n    by_year:\n      2026: 5\n    cited_by: 5\n    openalex: W2\n" in text


def test_writer_round_trip(tmp_path):
    metrics, _ = load_metrics(_write(tmp_path, GOOD))
    again, problems = load_metrics(_write(tmp_path, dump_metrics(metrics)))
    assert problems == ()
    assert {k: (w.openalex, w.cited_by, w.by_year) for k, w in again.works.items()} == {
        k: (w.openalex, w.cited_by, w.by_year) for k, w in metrics.works.items()
    }
    assert again.retrieved == metrics.retrieved


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("retrieved: 2026-11-30\nwork: {}\n",
         ["data/metrics.yml:2: metrics file: unknown field 'work' is ignored (hint: did you "
          "mean 'works'?)"]),
        ("retrieved: 2026-11-30\nworks:\n  a:\n    openalex: W1\n    cited_by: 3\n"
         "    cites: 4\n",
         ["data/metrics.yml:6: entry 'a': unknown field 'cites' is ignored (hint: did you "
          "mean 'cited_by'?)"]),
        ("retrieved: 2026-11-30\nworks:\n  a:\n    openalex: W1\n    cited_by: many\n",
         ["data/metrics.yml:5: entry 'a': 'cited_by' is 'many', not a number of citations; "
          "entry left out (hint: write cited_by: 12)"]),
        ("retrieved: 2026-11-30\nworks:\n  a:\n    openalex: Q1\n    cited_by: 1\n",
         ["data/metrics.yml:4: entry 'a': 'openalex' is 'Q1', not an OpenAlex work id; entry "
          "left out (hint: write openalex: W1234567890)"]),
        ("retrieved: 2026-11-30\nworks:\n  a:\n    openalex: W1\n",
         ["data/metrics.yml:4: entry 'a': 'cited_by' is missing; entry left out"]),
        ("retrieved: 2026-11-30\nworks:\n  a:\n    openalex: W1\n    cited_by: 2\n"
         "    by_year: {2025: -1}\n",
         ["data/metrics.yml:6: entry 'a': 'by_year' has 2025: -1, not a year and a number "
          "of citations; left out (hint: write 2025: 7)"]),
        ("retrieved: last week\nworks: {}\n",
         ["data/metrics.yml:1: metrics file: 'retrieved' is 'last week', not a date: no "
          "figure is shown without its date (hint: write retrieved: 2026-11-30)"]),
        ("retrieved: 2026-11-30\nworks:\n  a: 12\n",
         ["data/metrics.yml:3: entry 'a': must be 'openalex', 'cited_by' and 'by_year' "
          "lines; left out"]),
        ("- 1\n", ["data/metrics.yml:1: the file must have 'retrieved:' and 'works:' (hint: run "
                   "`labsite metrics` to write it again)"]),
        ("works: [\n", None),
    ],
)  # fmt: skip
def test_reader_problems_name_file_and_line(tmp_path, text, expected):
    metrics, problems = load_metrics(_write(tmp_path, text), "data/metrics.yml")
    if expected is None:  # not YAML: one problem with the line, nothing used
        assert len(problems) == 1 and problems[0].line is not None
        assert "not valid YAML" in problems[0].message
        return
    assert [str(p) for p in problems] == expected
    if "unknown field" in expected[0]:
        assert problems[0].level is Level.WARNING
    elif "'by_year' has" in expected[0]:
        assert metrics.works["a"].by_year == () and metrics.works["a"].cited_by == 2
    else:
        assert "a" not in metrics.works


def test_site_data_reads_the_file_only_when_counts_are_on(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "metrics.yml").write_text(GOOD, encoding="utf-8")
    assert load_site_data(Settings(root=tmp_path)).metrics is None
    on = load_site_data(Settings(root=tmp_path, citation_counts=True))
    assert on.metrics is not None and set(on.metrics.works) == {"a2020", "b2021"}
    missing = load_site_data(Settings(root=tmp_path, citation_counts=True, metrics_file="x.yml"))
    assert missing.metrics == Metrics() and missing.problems == ()


@pytest.mark.parametrize(
    ("counts", "h"),
    [([], 0), ([0, 0], 0), ([1], 1), ([10, 8, 5, 4, 3], 4), ([25, 8, 5, 3, 3], 3),
     ([6, 5, 3, 1, 0], 3), ([100] * 7, 7), ([3, 3, 3], 3), ([4, 4, 4, 4, 4], 4)],
)  # fmt: skip
def test_h_index(counts, h):
    assert h_index(counts) == h


def test_summary_counts_only_the_papers_asked_for():
    metrics = Metrics(datetime.date(2026, 11, 30), works=MappingProxyType({
        k: WorkMetrics(k, f"W{i}", c) for i, (k, c) in enumerate(
            {"a": 10, "b": 8, "c": 5, "d": 4, "e": 3}.items())
    }))  # fmt: skip
    summary = summarize(metrics, ["a", "b", "c", "d", "e", "nodata"])
    assert (summary.papers, summary.total, summary.h_index, summary.date) == (
        5, 30, 4, "2026-11-30",
    )  # fmt: skip
    assert summarize(metrics, ["a", "a"]).total == 10


# ---------------------------------------------------------------- query and render

BIB = """\
@article{a2020, author = {Ann Lee}, title = {Old and cited}, journal = {J}, year = 2020}
@article{b2021, author = {Ann Lee}, title = {Less cited}, journal = {J}, year = 2021}
@article{c2022, author = {Ann Lee}, title = {No figures}, journal = {J}, year = 2022}
@article{d2023, author = {Ann Lee}, title = {Also three}, journal = {J}, year = 2023}
"""


def _papers():
    papers, problems = build_papers(parse_text(BIB, "m.bib").entries)
    assert problems == ()
    return papers


def test_sort_by_citations_most_cited_first_without_figures_last():
    counts = {"a2020": 10, "b2021": 3, "d2023": 3}
    keys = [p.key for p in sort_papers(_papers(), by="citations", citations=counts)]
    assert keys == ["a2020", "d2023", "b2021", "c2022"]  # equal counts: newest first
    keys = [p.key for p in sort_papers(_papers(), by="citations", reverse=False,
                                       citations=counts)]  # fmt: skip
    assert keys == ["d2023", "b2021", "a2020", "c2022"]
    with pytest.raises(LabsiteError, match="needs citation counts"):
        sort_papers(_papers(), by="citations")


def _metrics(**counts: int) -> Metrics:
    return Metrics(datetime.date(2026, 11, 30), works=MappingProxyType({
        k: WorkMetrics(k, f"W{100 + i}", c) for i, (k, c) in enumerate(counts.items())
    }))  # fmt: skip


def _list(renderer: Renderer) -> BeautifulSoup:
    html = renderer.render_list(group_papers(_papers(), None))
    return BeautifulSoup(html, "lxml")


def test_cited_by_shows_only_when_on_with_its_date_and_link():
    metrics = _metrics(a2020=10, b2021=0)
    soup = _list(Renderer(Settings(citation_counts=True), metrics=metrics))
    shown = soup.select(".labsite-cited-by")
    assert len(shown) == 2  # c2022 and d2023 have no figures: nothing
    first = soup.select_one("#paper-a2020 .labsite-cited-by")
    link = first.select_one("a")
    assert link.get_text() == "Cited by 10"
    assert link["href"] == "https://openalex.org/works?filter=cites:W100"
    assert link["title"] == "Citations counted by OpenAlex as of 2026-11-30"
    assert first.select_one(".labsite-cited-by__date").get_text() == "as of 2026-11-30"
    assert soup.select_one("#paper-b2021 .labsite-cited-by a").get_text() == "Cited by 0"
    assert not soup.select("#paper-c2022 .labsite-cited-by")
    # Off (the default): nothing, whatever the renderer is given.
    assert not _list(Renderer(Settings(), metrics=metrics)).select(".labsite-cited-by")
    # On, but no file yet: nothing.
    assert not _list(Renderer(Settings(citation_counts=True), metrics=Metrics())).select(
        ".labsite-cited-by"
    )


def test_cited_by_on_the_paper_page():
    paper = _papers()[0]
    renderer = Renderer(Settings(citation_counts=True), metrics=_metrics(a2020=7))
    soup = BeautifulSoup(renderer.render_paper_page(paper, url_prefix="../", bibtex=""), "lxml")
    assert soup.select_one(".labsite-cited-by a").get_text() == "Cited by 7"
    assert "as of 2026-11-30" in soup.select_one(".labsite-cited-by").get_text()


def test_cited_by_is_escaped():
    # Keys and the date come from files: a hostile key in the .bib and in the metrics
    # file gives text, never markup.
    bib = "@misc{<script>alert(1)</script><img/src/onerror>, title = {<b>T</b>}, year = 2024}\n"
    papers, _ = build_papers(parse_text(bib, "m.bib").entries)
    key = papers[0].key
    metrics = Metrics(datetime.date(2026, 11, 30),
                      works=MappingProxyType({key: WorkMetrics(key, "W1", 2)}))  # fmt: skip
    html = Renderer(Settings(citation_counts=True), metrics=metrics).render_list(
        group_papers(papers, None)
    )
    soup = BeautifulSoup(html, "lxml")
    assert not soup.select("img") and not soup.select("b") and not soup.select("script")
    assert soup.select_one(".labsite-paper")["data-paper-key"] == key
    assert BeautifulSoup(html, "lxml").select_one(".labsite-cited-by a").get_text() == (
        "Cited by 2"
    )


def test_changed_figures_are_not_served_from_the_list_cache():
    papers = [p for p in _papers() for _ in range(15)]
    papers = [p.__class__(**{**p.__dict__, "key": f"{p.key}-{i}"}) for i, p in enumerate(papers)]
    groups = group_papers(papers, None)
    key = papers[0].key
    first = Renderer(Settings(citation_counts=True), metrics=_metrics(**{key: 1}))
    second = Renderer(Settings(citation_counts=True), metrics=_metrics(**{key: 2}))
    assert "Cited by 1" in first.render_list(groups)
    assert "Cited by 2" in second.render_list(groups)


def test_summary_renders_total_h_index_and_date():
    renderer = Renderer(Settings(citation_counts=True), metrics=_metrics(a=10, b=8, c=5, d=4))
    summary = summarize(renderer.metrics or Metrics(), ["a", "b", "c", "d"])
    soup = BeautifulSoup(renderer.render_citation_summary(summary), "lxml")
    assert soup.select_one("[data-citations-total]").get_text() == "27"
    assert soup.select_one("[data-h-index]").get_text() == "4"
    assert "as of 2026-11-30" in soup.get_text()
    assert renderer.render_citation_summary(summarize(Metrics(), ["a"])) == ""
