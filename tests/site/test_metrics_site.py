"""Citation counts in built sites: "Cited by" on lists and paper pages when a site turns
them on (and nothing when it does not), ``papers(sort="citations")``,
``citation_summary()``, a broken metrics file under --strict, and the whole way from
``labsite metrics`` (against a local stand-in for OpenAlex) to the built page.

Every work and figure here is invented.
"""

from __future__ import annotations

import pytest

from labsite.cli.main import main

from ..openalex_server import invented_work
from ..support import BASE_CONFIG, build_strict, write_site

ON = BASE_CONFIG + "      citation_counts: true\n"
BIB = """\
@article{lee2020, author = {Ann Lee}, title = {Cited a lot}, journal = {J}, year = 2020,
  doi = {10.5555/invented.1}}
@article{lee2021, author = {Ann Lee}, title = {Cited a little}, journal = {J}, year = 2021,
  doi = {10.5555/invented.2}}
@article{lee2022, author = {Ann Lee}, title = {Not in OpenAlex}, journal = {J}, year = 2022}
"""
METRICS = """\
retrieved: 2026-11-30
source: https://api.openalex.org
works:
  lee2020:
    openalex: W9000000001
    cited_by: 12
    by_year:
      2026: 12
  lee2021:
    openalex: W9000000002
    cited_by: 1
"""
PAGES = {"index.md": '# Papers\n\n{{ papers(sort="citations") }}\n\n{{ citation_summary() }}\n'}


@pytest.fixture
def site(tmp_path):
    def make(config=ON, metrics=METRICS, pages=PAGES):
        write_site(tmp_path, pages, BIB, config)
        if metrics is not None:
            (tmp_path / "data").mkdir(exist_ok=True)
            (tmp_path / "data" / "metrics.yml").write_text(metrics, encoding="utf-8")
        return build_strict(tmp_path, in_process=True)

    return make


def test_counts_on_lists_paper_pages_summary_and_sort(site):
    build = site()
    assert build.returncode == 0, build.output
    soup = build.html()
    keys = [li["data-paper-key"] for li in soup.select("li.labsite-paper")]
    assert keys == ["lee2020", "lee2021", "lee2022"]  # most cited first, no figures last
    cited = {
        li["data-paper-key"]: " ".join(li.select_one(".labsite-cited-by").get_text().split())
        for li in soup.select("li.labsite-paper")
        if li.select_one(".labsite-cited-by")
    }
    assert cited == {
        "lee2020": "Cited by 12 as of 2026-11-30",
        "lee2021": "Cited by 1 as of 2026-11-30",
    }
    link = soup.select_one("#paper-lee2020 .labsite-cited-by a")
    assert link["href"] == "https://openalex.org/works?filter=cites:W9000000001"
    summary = soup.select_one(".labsite-citation-summary")
    assert summary.select_one("[data-citations-total]").get_text() == "13"
    assert summary.select_one("[data-h-index]").get_text() == "1"
    assert "as of 2026-11-30" in summary.get_text()
    page = build.html("publications/lee2020/index.html")
    assert "Cited by 12" in page.select_one(".labsite-cited-by").get_text()
    assert not build.html("publications/lee2022/index.html").select(".labsite-cited-by")


def test_counts_are_off_by_default(site):
    build = site(config=BASE_CONFIG, pages={"index.md": "# Papers\n\n{{ papers() }}\n"})
    assert build.returncode == 0, build.output
    assert not build.html().select(".labsite-cited-by")
    assert not build.html("publications/lee2020/index.html").select(".labsite-cited-by")


def test_sort_and_summary_say_so_when_counts_are_off(site):
    build = site(config=BASE_CONFIG)
    assert build.returncode == 1
    assert "index.md:3: papers(): sort='citations' needs citation counts" in build.output
    assert "citation_summary(): citation counts are off" in build.output


def test_no_metrics_file_yet_shows_nothing(site):
    build = site(metrics=None)
    assert build.returncode == 0, build.output
    assert not build.html().select(".labsite-cited-by, .labsite-citation-summary")


def test_a_broken_metrics_file_fails_the_strict_build_with_file_and_line(site):
    build = site(metrics=METRICS.replace("cited_by: 1\n", "cited_by: one\n"))
    assert build.returncode == 1
    assert (
        "data/metrics.yml:11: entry 'lee2021': 'cited_by' is 'one', not a number of "
        "citations; entry left out" in build.output
    )


def test_from_labsite_metrics_to_the_page(tmp_path, openalex, capsys):
    openalex.works = [invented_work(1, cited=5), invented_work(2, cited=9)]
    write_site(tmp_path, PAGES, BIB, ON)
    assert main(["metrics", "-f", str(tmp_path / "mkdocs.yml"), "--api-url", openalex.url]) == 0
    assert "not found in OpenAlex" not in capsys.readouterr().err
    build = build_strict(tmp_path, in_process=True)
    assert build.returncode == 0, build.output
    keys = [li["data-paper-key"] for li in build.html().select("li.labsite-paper")]
    assert keys == ["lee2021", "lee2020", "lee2022"]
    assert build.html().select_one("[data-citations-total]").get_text() == "14"


def test_new_counts_reach_the_paper_pages_of_a_warm_build(site, tmp_path):
    """Paper pages kept in the page store are made again when the counts change."""
    assert site().returncode == 0
    page = tmp_path / "site" / "publications" / "lee2020" / "index.html"
    assert "12" in page.read_text(encoding="utf-8")
    build = site(metrics=METRICS.replace("cited_by: 12", "cited_by: 345"))
    assert build.returncode == 0, build.output
    text = page.read_text(encoding="utf-8")
    assert "345" in text and "Cited by 12" not in text
