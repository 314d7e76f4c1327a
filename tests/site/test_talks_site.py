"""Talks in built sites: the talks() macro grouped and filtered, its messages, a broken
talks file under --strict, the macros without the plugin, and this site's Research
Engagement list as the seed has it.

The talks in the fixtures are invented (tests/samples/talks.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ..samples.talks import TALKS
from ..support import BASE_CONFIG

# -- built sites ----------------------------------------------------------------------

CONFIG = BASE_CONFIG + "      talks_file: data/talks.yml\n"
BIB = "@misc{placeholder2020, title = {A Placeholder}, year = {2020}}\n"


@pytest.fixture
def site(make_site, tmp_path):
    def make(pages, talks=TALKS, strict=True):
        (tmp_path / "data").mkdir(exist_ok=True)
        (tmp_path / "data" / "talks.yml").write_text(talks, encoding="utf-8")
        return make_site(pages, BIB, config=CONFIG, strict=strict)

    return make


def _items(ul) -> list[str]:
    return [" ".join(li.get_text().split()) for li in ul.select("li.labsite-talk")]


def test_talks_grouped_by_year_newest_first(site):
    build = site({"index.md": '# Talks\n\n{{ talks(group_by="year") }}\n'})
    assert build.returncode == 0, build.output
    soup = build.html()
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in soup.select("article h2")]
    assert headings == ["2025", "2024", "2023"]
    lists = soup.select("ul.labsite-talks")
    assert [len(ul.select("li")) for ul in lists] == [1, 2, 3]
    assert _items(lists[2]) == [
        "Invited Talk, Example Workshop, Example University, 2023.",
        "Summer School of Examples, Exampleville, June 2023.",
        "Organizer, Example Network, 2023. Cancelled.",
    ]
    slides = lists[0].select_one("a.labsite-link--slides")
    assert slides["href"] == "https://example.org/slides.pdf"


def test_talks_filtered_by_kind_and_year(site):
    page = (
        '# T\n\n{{ talks(kind="invited talk") }}\n\n{{ talks(kind=["poster", "school"]) }}\n\n'
        '{{ talks(year=2025) }}\n'
    )  # fmt: skip
    build = site({"index.md": page})
    assert build.returncode == 0, build.output
    lists = build.html().select("ul.labsite-talks")
    assert [[li["data-kind"] for li in ul.select("li")] for ul in lists] == [
        ["invited talk"], ["talk|poster", "school"], ["keynote"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('talks(kind="invted talk")', "kind='invted talk' is not a kind of talk; did you mean 'invited talk'?"),  # noqa: E501
        ('talks(group="year")', "unknown argument 'group'; did you mean 'group_by'?"),
        ('talks(sort="date")', "sort='date' is not one of year, file"),
        ('talks(heading_level=9)', "heading_level=9 is not between 1 and 6"),
    ],
)  # fmt: skip
def test_bad_talks_calls_are_reported_with_page_and_line(site, call, message):
    build = site({"index.md": f"# T\n\nText.\n\n{{{{ {call} }}}}\n"}, strict=False)
    assert build.returncode == 0, build.output
    assert f"index.md:5: talks(): {message}" in build.output
    assert site({"index.md": f"# T\n\n{{{{ {call} }}}}\n"}, strict=True).returncode != 0


def test_a_broken_talks_file_warns_and_fails_strict(site):
    broken = TALKS.replace("kind: keynote", "kind: keynot")
    build = site({"index.md": "# T\n\n{{ talks() }}\n"}, talks=broken, strict=False)
    assert build.returncode == 0, build.output
    assert (
        "data/talks.yml:7: talk 'Placeholder Conference' (2025): 'kind' 'keynot' is not one of"
        in build.output
    )
    assert len(build.html().select("li.labsite-talk")) == 5
    assert site({"index.md": "# T\n"}, talks=broken, strict=True).returncode != 0


def test_the_macros_work_without_the_plugin(make_site, tmp_path):
    config = (
        BASE_CONFIG.split("  - labsite:")[0]
        + "extra:\n  labsite:\n    bib_files: [bib/papers.bib]\n    talks_file: data/talks.yml\n"
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "talks.yml").write_text(TALKS, encoding="utf-8")
    build = make_site({"index.md": '# T\n\n{{ talks(kind="keynote") }}\n'}, BIB, config=config)
    assert build.returncode == 0, build.output
    assert _items(build.html()) == [
        "Keynote Talk with Sam Placeholder, Placeholder Conference, 2025. slides"
    ]


# -- the real site: the seed's Selected Research Engagement ---------------------------

# The seed's list, word for word, in its order (links shown as their text).
SEED_ENGAGEMENT = """\
Plenary Talk, Martingale Scholar Away Day, 2026.
Invited Talk, 30th Biennial Numerical Analysis Conference, Numerical Analysis and AI Minisymposium, 2025.
Invited Talk, Technology-Enhanced Mathematical Sciences Education seminar, 2026.
Keynote Talk with C. Reid, Future Education conference, 2025.
Talk, A Network for Teaching and Learning in Scottish HE Mathematical Sciences, 2025.
Organizer, Computing Science Meets Maths & Stats Lightning Talk, University of Glasgow, 2025.
Organizer, Network on Mathematical Data Science for Materials Science, 2025.
Seminar Talk, Data Science and Computational Statistics Seminar at the University of Birmingham, 2024.
Talk with C. Reid, Lovelace-Hodgkin Symposium on AI Ethics, 2024.
Invited Talk, Underwater Image Analysis from A to Z workshop, 2024.
Invited Talk, Oberwolfach meeting on Constrained Dynamics, Stochastic Numerical Methods and the Modeling of Complex Systems, 2024.
Invited Talk, New Directions for Stochastic Differential Equations and Machine Learning, ICMS workshop, 2024.
Paper at NeurIPS, 2023.
Invited Talk, Montreal Machine Learning and Optimization Seminar, 2023.
Invited Talk, CRM Applied Mathematics Lab Seminar, 2023.
Invited Talk, RMT-OPT-ML Seminar, 2023.
Invited Talk, Mathematics of Machine Learning session, CMS Summer Meeting, 2023.
Organizer, Mathematical and Empirical Understanding of Foundation Models Workshop, ICLR 2023.
Talk, Oxford Data Science seminar, Mathematical Institute, 2023.
Two spotlight talks and posters at ICML, 2022.
Poster, "Interacting particle dynamics and data science" ICMS workshop, 2022.
Talk at "ODE and SDE methods in machine learning" symposium, NUMDIFF-16, 2021.
Poster at Theory of Deep Learning workshop, Newton Institute, Cambridge, 2021.
Talk and poster presenter at ICML 2021.
Spotlight presentation at NeurIPS 2020 Optimization for ML workshop, December 2020.
Statistical Physics & Machine Learning summer school, Les Houches, July 2020.
Machine Learning Summer School (MLSS), Tuebingen, June 2020.
Invited talk at Structural Inference in High Dimensional models, Mathematics of Learning conference, Bordeaux, 2020. Cancelled due to pandemic.
Research Collaboration Visit Gabriel Stoltz (CERMICS, Ecole des Ponts ParisTech), 2020. Cancelled due to pandemic.
Molecular Simulation and Machine Learning conference, Temple University, Rome, January 2020.
Sampling algorithms on manifolds workshop, Isaac Newton Institute, Cambridge, November 2019.
Invited Poster presentation at Amazon Research Days, Edinburgh, November 2019.
Research Collaboration Visit at Courant Institute, NYU, October 2019. Discussions with Joan Bruna, Stanislaw Jastrzebski, Mark Tuckerman, Eric Vanden-Eijnden, and Jonathan Weare (host).
Talk at Alan Turing’s UK-Japan robotics & AI research collaboration workshop, 2019.
Gene Golub SIAM summerschool on High-Performance Data Analytics, June 2019.
CECAM - Computational mathematics for model reduction and predictive modelling in molecular and complex systems, May 2019.
ICMS - Modelling Camp, May 2019.
Poster presentation at CSide Conference, University of Glasgow, November 2018.
""".splitlines()  # noqa: E501


def _page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name / "index.html").read_text("utf-8"), "lxml")


def test_research_page_lists_the_seeds_engagement_in_its_order(real_site):
    lists = _page(real_site, "research").select("ul.labsite-talks")
    assert len(lists) == 1
    assert _items(lists[0]) == SEED_ENGAGEMENT
    links = [(a.get_text(), a["href"]) for a in lists[0].select("a")]
    assert links == [
        (
            "Network on Mathematical Data Science for Materials Science",
            "https://sites.google.com/site/xiaochengshang/network",
        )
    ]


def test_talks_page_groups_the_seeds_engagement_by_year(real_site):
    soup = _page(real_site, "talks")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in soup.select("article h3")]
    assert headings == [str(y) for y in range(2026, 2017, -1)]
    lists = soup.select("ul.labsite-talks")
    by_year = dict(zip(headings, (_items(ul) for ul in lists), strict=True))
    assert sorted(line for items in by_year.values() for line in items) == sorted(SEED_ENGAGEMENT)
    # Within a year, the seed's order.
    assert by_year["2026"] == [SEED_ENGAGEMENT[0], SEED_ENGAGEMENT[2]]
    for year, items in by_year.items():
        assert all(year in line for line in items), year
