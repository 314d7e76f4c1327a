"""The real site: `mkdocs build --strict` of this repository, read with an HTML parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment

SEED = "https://tiffanyvlaar.github.io"

# Every paper of the seed Research page, with the links the seed gives it.
SEED_PAPERS: dict[str, set[str]] = {
    "Camera-Trap Image Classification Under Ground Truth Uncertainty": set(),
    "BatchNorm Layers have an Outsized Effect on Adversarial Robustness": {
        f"{SEED}/jekyll/update/2025/11/13/batchnorm",
    },
    "Using machine learning effectively in marine benthic ecology: a question-driven toolkit": (
        set()
    ),
    "DeepSea Nexus: Exploring perspectival connection with oceans data in virtual reality": set(),
    "Normalization Layers Are All That Sharpness-Aware Minimization Needs": {
        f"{SEED}/jekyll/update/2023/09/26/SAMON",
        "https://arxiv.org/abs/2306.04226",
        f"{SEED}/docs/SAM_ON_poster_NeurIPS2023.pdf",
    },
    "Multirate Training of Neural Networks": {
        f"{SEED}/jekyll/update/2021/10/07/Multirate",
        "https://arxiv.org/abs/2106.10771",
        f"{SEED}/docs/Corrigendum.pdf",
        f"{SEED}/slides/ICML_Multirate.pdf",
        f"{SEED}/docs/ICML_MultiratePoster.pdf",
    },
    "What can linear interpolation of neural network loss landscapes tell us?": {
        f"{SEED}/jekyll/update/2021/10/02/LinearInterpolation",
        "https://proceedings.mlr.press/v162/vlaar22a.html",
        f"{SEED}/slides/ICML_LinearInterpolation.pdf",
        f"{SEED}/docs/Poster_LinearInterpolation_ICML.pdf",
    },
    "Better Training using Weight-Constrained Stochastic Dynamics": {
        f"{SEED}/jekyll/update/2020/11/04/ConstraintBasedReg",
    },
    "Constraint-based Regularization of Neural Networks": {
        "https://arxiv.org/abs/2006.10114",
        "https://youtu.be/5xhvuNPmCj4",
    },
    "Partitioned Integrators for Thermodynamic Parameterization of Neural Networks": {
        f"{SEED}/jekyll/update/2019/08/31/NewPaper.html",
    },
}

SEED_SUMMARIES = [
    "Applying sharpness-aware minimization (SAM) only to the normalization layers",
    "fine-tune deep neural networks for transfer learning applications in almost half the time",
    "we put inferences of this kind to the test",
    "constrained stochastic differential equations to train deep neural networks",
    "thermodynamic parameterization technique for neural network training",
]

# Text the owner hid in HTML comments: it must never be visible.
HIDDEN = [
    "James McCune Smith",
    "Sampling Methods, Numerical methods for Stochastic Differential Equations",
    "MIGSAA Advanced PhD Course",
    "Masterclass Prof. David Dunson",
    "Poster at Foundations of Computational Mathematics",
]


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "lxml")


def _visible_text(soup: BeautifulSoup) -> str:
    article = soup.select_one("article") or soup
    for comment in article.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    return " ".join(article.get_text(" ").split())


def _entry_by_title(soup: BeautifulSoup, title: str):
    for item in soup.select("li.labsite-paper"):
        text = item.select_one(".labsite-title").get_text(" ", strip=True)
        if text.casefold() == title.casefold():
            return item
    return None


@pytest.mark.parametrize("title", sorted(SEED_PAPERS))
def test_research_page_shows_each_seed_paper_with_its_links(real_site, title):
    soup = _soup(real_site, "research")
    item = _entry_by_title(soup, title)
    assert item is not None, f"{title!r} is not on the Research page"
    assert item["data-paper-key"]
    hrefs = {a["href"] for a in item.select("a.labsite-link")}
    assert SEED_PAPERS[title] <= hrefs, SEED_PAPERS[title] - hrefs


def test_research_page_shows_summaries_awards_statuses_and_owner(real_site):
    soup = _soup(real_site, "research")
    text = _visible_text(soup)
    for summary in SEED_SUMMARIES:
        assert summary in text
    awards = {a.get_text(strip=True).casefold() for a in soup.select(".labsite-award")}
    assert any("spotlight" in a for a in awards)
    assert any("best student paper" in a for a in awards)
    statuses = {s.get_text(strip=True).casefold() for s in soup.select(".labsite-status")}
    assert {"under review", "accepted", "planned"} <= statuses
    owners = {s.get_text(strip=True) for s in soup.select(".labsite-author strong")}
    assert owners and all("Vlaar" in o for o in owners)


def test_research_page_has_every_seed_section(real_site):
    soup = _soup(real_site, "research")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in soup.select("h2")]
    for section in ("Papers", "Other Research Projects", "Supervision"):
        assert section in headings
    text = _visible_text(soup)
    for phrase in (
        "Mathematics for Deep Learning, Physics-informed Machine Learning, Sustainable AI",
        "Gerrymandering in the United Kingdom",
        "Viktor Wu",
        "Two AIMS Ghana MSc in Mathematical Sciences students",
        "Plenary Talk, Martingale Scholar Away Day, 2026",
        "Poster presentation at CSide Conference, University of Glasgow, November 2018",
    ):
        assert phrase in text, phrase


def test_hidden_comments_stay_hidden(real_site):
    for page in ("research", "supervision", "talks", ""):
        text = _visible_text(_soup(real_site, page) if page else _soup(real_site, "."))
        for hidden in HIDDEN:
            assert hidden not in text, (page, hidden)


def test_navigation_has_the_expected_pages(real_site):
    soup = _soup(real_site, "research")
    nav = {a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")}
    assert {"Home", "Research", "Publications", "Supervision", "Talks"} <= nav


def test_publications_page_groups_every_entry_by_year(real_site):
    soup = _soup(real_site, "publications")
    keys = [li["data-paper-key"] for li in soup.select("li.labsite-paper")]
    assert len(keys) == len(set(keys)) >= len(SEED_PAPERS)
    years = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in soup.select("h2")]
    assert "2023" in years and "2022" in years and "2019" in years
    assert years.index("2023") < years.index("2022") < years.index("2019")


def test_citations_on_research_page_become_footnotes(real_site):
    soup = _soup(real_site, "research")
    footnotes = soup.select(".footnote li")
    assert footnotes, "the [@key] citations on the Research page produced no footnotes"
    refs = [li.select_one(".labsite-ref") for li in footnotes]
    assert all(r is not None and r["data-paper-key"] for r in refs)
    assert "[@" not in _visible_text(soup)


def test_stylesheet_is_served_by_the_site(real_site):
    soup = _soup(real_site, "research")
    hrefs = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert any(h.endswith("assets/labsite/labsite.css") for h in hrefs)
    assert (real_site / "assets" / "labsite" / "labsite.css").is_file()
    assert all(not h.startswith(("http://", "https://", "//")) for h in hrefs)
