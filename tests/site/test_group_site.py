"""The group site example (examples/group) and what it stands for: research themes that
list their papers and link to their posts, posts that name papers, paper pages that
link back, a feed, a gallery, and math as MathML (laid out in Chromium:
tests/browser/test_group_site_browser.py)."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from ..support import GROUP_EXAMPLE, REPO, build_strict, post_path

SEED = REPO.parent / "shared" / "seeds" / "003_159818f5ebc2189a.txt"
ATOM = "{http://www.w3.org/2005/Atom}"

# The seed's text, as the example must show it (typos included).
INTRODUCTION = (
    "At SIGNAL group, we have a diverse and continuously expanding scope of research "
    "interests spanning the theoretical and algorithm development aspects of  the new "
    "generation of AI powered research paradigm that integrates scientific and "
    "engineering knowledge into Machine learning and Generative AI."
)
TOPICS = (
    "Potential Topics: Large Foundation Models for Science, Computational Complexity "
    "for Scientific Computing, Banach Space Geometry, Simulation Free (Diffusion) Models "
    "for Science"
)
THEMES = {
    "Scaling Law of Scientific Machine Learning": (
        "How large the sample size and how much computational power are needed to reach "
        "a prescribed performance level for a physic problem? In machine learning, a "
        "neural scaling law (one of the secrete makes language model works) is a scaling "
        "law relating parameters of a family of neural networks. We are interested in how "
        "physics will affect the scaling law."
    ),
    "Foundation of Machine Learning": (
        "Machine learning has achieved great success in many applications such as image "
        "recognition and language models. However, the reason why machine learning is so "
        "powerful remains elusive. One of the secrete behind this is machine learning "
        "provides powerful function/functional approximator in high dimension. Our group "
        "aims to understand the mysterious of machine learning using functional analysis, "
        "high-dimensional statistics and high-dimensional probability."
    ),
    "Encoding Physics Information into a Model": (
        "Our research focus on interpreting many popular neural networks as different "
        "numerical discretizations of (stochastic) differential equations. Based on this "
        "perspective, we were able to combine physical information with the deep neural "
        "network architecture to boost the performance and transparency at the same time."
    ),
    "Robust Machine Learning": (
        "Overparametraization, i.e, having more model parameters than necessary, is the "
        "core factor behind the success of modern machine learning. However, "
        "overparametraization also enables the model to fit any noisy signal which makes "
        "the model extremely vulnerable. Our research aims to build robust overparametrized "
        "model via understanding the inductive bias."
    ),
}


def text(node) -> str:
    return " ".join(node.get_text(" ").split()).replace(" ,", ",").replace(" .", ".")


def html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")


# -- the example -------------------------------------------------------------------------


def sections(page: BeautifulSoup) -> dict[str, str]:
    """Text of each h2 section of the article, up to the next h2."""
    found: dict[str, str] = {}
    for h2 in page.select("article h2"):
        parts = []
        for sibling in h2.find_next_siblings():
            if sibling.name == "h2":
                break
            parts.append(text(sibling))
        found[text(h2).rstrip(" ¶")] = " ".join(p for p in parts if p)
    return found


def test_seed_themes_and_text(group_site: Path) -> None:
    page = html(group_site, "index.html")
    article = page.select_one("article")
    assert text(article.h1).rstrip(" ¶") == "Research"
    body = text(article)
    assert " ".join(INTRODUCTION.split()) in body
    assert TOPICS in body
    found = sections(page)
    assert list(found) == list(THEMES)
    for heading, expected in THEMES.items():
        assert found[heading] == expected, heading
    # the seed's inline code is kept as code
    assert [c.get_text() for c in article.select("p code")][:3] == [
        "Deep Learning", "Generative AI", "AI4Science",
    ]  # fmt: skip


def test_expected_text_is_the_seed(group_site: Path) -> None:
    """The constants above are the seed's words (checked when the seed is beside us)."""
    if not SEED.exists():
        pytest.skip(f"the seed is not beside this clone ({SEED})")
    seed = " ".join(SEED.read_text(encoding="utf-8").replace("`", "").split())
    assert " ".join(INTRODUCTION.split()) in seed
    assert TOPICS in seed.replace("**", "")
    for heading, paragraph in THEMES.items():
        assert f"## {heading} {paragraph}" in seed


def test_no_read_more_and_no_papers_in_the_example(group_site: Path) -> None:
    page = html(group_site, "index.html")
    article = page.select_one("article")
    assert "Read more" not in article.get_text()
    # every theme asks for its papers; there are none, and nothing at all is shown
    source = (GROUP_EXAMPLE / "docs" / "index.md").read_text(encoding="utf-8")
    assert source.count("{{ papers(keyword=") == len(THEMES)
    assert not article.select("ol.labsite-papers, .labsite-papers li")
    assert not article.select(".labsite-error")


def test_no_figure_is_invented(group_site: Path) -> None:
    assert not html(group_site, "index.html").select("article img")
    assert not list(group_site.rglob("framework.png"))


def test_people_page_lists_no_invented_members(group_site: Path) -> None:
    page = html(group_site, "people/index.html")
    assert "People" in [text(a) for a in page.select("nav a")]
    assert page.select_one("article h1") is not None
    assert not page.select("article .labsite-member")
    assert not page.select("article .labsite-error")
    assert not page.select("article ul.labsite-people")


def test_math_is_mathml_everywhere(group_site: Path) -> None:
    pages = list(group_site.rglob("*.html"))
    maths = 0
    for path in pages:
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article")
        if article is None:
            continue
        assert "\\(" not in str(article) and "\\[" not in str(article), path
        assert not article.select(".arithmatex"), path
        maths += len(article.select("math"))
    assert maths >= 4
    post = html(group_site, post_path(group_site))
    displays = [m["display"] for m in post.select("article math")]
    assert "block" in displays and "inline" in displays
    annotations = [a.get_text() for a in post.select("article math annotation")]
    assert "x^{{2}}" in annotations  # double braces survived the macros
    # no MathJax or KaTeX: nothing to fetch
    assert not [s for s in post.select("script[src]") if "math" in s["src"].lower()]


def test_gallery_lightbox_with_alt_text(group_site: Path) -> None:
    page = html(group_site, "gallery/index.html")
    links = page.select("article a.glightbox")
    assert len(links) == 2
    for link in links:
        image = link.find("img")
        assert image is not None and len(image["alt"]) > 30
        assert link["href"] == image["src"]
        assert (group_site / "gallery" / image["src"]).is_file()
    assert links[0].img["alt"].startswith("A power law y = N^(-α) on log-log axes")
    assert links[1].img["alt"].startswith("Diagram: bib/papers.bib")
    # glightbox's script and styles are served by the site itself
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any("glightbox" in s and not s.startswith("http") for s in scripts)
    assert list(group_site.rglob("glightbox*.js"))


def test_blog_index_post_and_feed(group_site: Path) -> None:
    index = html(group_site, "news/index.html")
    post = post_path(group_site)
    titles = [text(a) for a in index.select("article.md-post h2 a")]
    assert titles == ["How to write a post on this site"]
    assert text(html(group_site, post).select_one("article h1")).startswith("How to write a post")
    feed = ET.parse(group_site / "news" / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "https://example.org/group/" + post.removesuffix("index.html")
    assert entries[0].find(f"{ATOM}published").text.startswith("2026-11-23")
    head = index.select('head link[rel="alternate"][type="application/atom+xml"]')
    assert "feed.xml" in [h["href"] for h in head if "posts" in h["title"]]


# -- themes, papers and posts, with fictional fixtures ----------------------------------

FIXTURE_CONFIG = """\
site_name: Fixture lab
site_url: https://example.org/lab/
theme:
  name: material
  font: false
nav:
  - Research: research.md
  - News:
      - news/index.md
markdown_extensions:
  - footnotes
  - attr_list
  - md_in_html
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
  - labsite.mathml
plugins:
  - blog:
      blog_dir: news
  - macros:
      modules: ["labsite:labsite.macros"]
      on_error_fail: true
  - labsite:
      bib_files: [bib/papers.bib]
"""

FIXTURE_BIB = """\
@article{doe2020widgets,
  author = {Doe, Jane}, title = {Widgets of order $n^{2}$}, journal = {Journal of Widgets},
  year = {2020}, keywords = {widgets}
}
@article{roe2021gadgets,
  author = {Roe, Richard}, title = {Gadgets, revisited}, journal = {Gadget Letters},
  year = {2021}, keywords = {gadgets}
}
@article{poe2019sprockets,
  author = {Poe, Edgar}, title = {Sprockets}, journal = {Sprocket Review}, year = {2019}
}
"""

FIXTURE_PAGES = {
    "research.md": """\
        # Research

        ## Widgets

        Widgets are fictional.

        {{ papers(keyword="widgets") }}

        {{ read_more("widgets") }}

        ## Gadgets

        Gadgets are fictional too.

        {{ papers(keyword="gadgets") }}

        {{ read_more("gadgets") }}
        """,
    "news/index.md": "# News\n",
    "news/posts/widgets.md": """\
        ---
        date: 2024-03-01
        title: All about widgets
        themes: [widgets]
        papers: [doe2020widgets]
        ---

        # All about widgets

        A fictional post about widgets.
        """,
    "news/posts/gadgets.md": """\
        ---
        date: 2024-05-02
        title: Gadget notes
        ---

        # Gadget notes

        Gadgets are discussed in [@roe2021gadgets].
        """,
    "news/posts/draft.md": """\
        ---
        date: 2024-06-01
        draft: true
        themes: [gadgets]
        ---

        # A draft about gadgets
        """,
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lab")
    (root / "bib").mkdir()
    (root / "bib" / "papers.bib").write_text(FIXTURE_BIB, encoding="utf-8")
    (root / "mkdocs.yml").write_text(FIXTURE_CONFIG, encoding="utf-8")
    for name, content in FIXTURE_PAGES.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    build = build_strict(root, root / "site")
    assert build.returncode == 0, build.output
    return root / "site"


def fixture_post(site: Path, slug: str) -> str:
    found = [p for p in (site / "news").rglob("index.html") if p.parent.name == slug]
    assert len(found) == 1, found
    return found[0].relative_to(site).as_posix()


def resolve(page: str, href: str) -> str:
    return urljoin("https://x/" + page, href).removeprefix("https://x/")


def test_theme_links_to_its_post_only(fixture_site: Path) -> None:
    page = html(fixture_site, "research/index.html")
    h2s = page.select("article h2")
    assert [text(h).rstrip(" ¶") for h in h2s] == ["Widgets", "Gadgets"]
    widgets = []
    for sibling in h2s[0].find_next_siblings():
        if sibling.name == "h2":
            break
        widgets.append(sibling)
    links = [a for s in widgets for a in s.select("a") if "Read more" in a.get_text()]
    assert len(links) == 1
    target = resolve("research/index.html", links[0]["href"])
    assert target.removesuffix("index.html") == fixture_post(
        fixture_site, "all-about-widgets"
    ).removesuffix("index.html")
    # the theme lists its paper
    assert [li["id"] for s in widgets for li in s.select("li")] == ["paper-doe2020widgets"]
    # Gadgets has a paper but no (published) post: no Read more; the draft is not linked
    gadgets = h2s[1].find_next_siblings()
    assert not [a for s in gadgets for a in s.select("a") if "Read more" in a.get_text()]
    assert [li["id"] for s in gadgets for li in s.select("li")] == ["paper-roe2021gadgets"]


def test_post_shows_the_papers_it_names(fixture_site: Path) -> None:
    post = fixture_post(fixture_site, "all-about-widgets")
    page = html(fixture_site, post)
    heading = page.select_one("article h2#papers")
    assert heading is not None and "Papers" in heading.get_text()
    items = page.select("article ol.labsite-papers li")
    assert [li["id"] for li in items] == ["paper-doe2020widgets"]
    # its title's math is MathML, and its link leads to the paper's page
    assert items[0].select_one("math msup") is not None
    link = items[0].select_one("a[href*='doe2020widgets']")
    assert (fixture_site / resolve(post, link["href"]) / "index.html").is_file()
    # a post that names no paper gets no list
    other = html(fixture_site, fixture_post(fixture_site, "gadget-notes"))
    assert other.select_one("article h2#papers") is None


@pytest.mark.parametrize(
    ("key", "slug"), [("doe2020widgets", "all-about-widgets"), ("roe2021gadgets", "gadget-notes")]
)
def test_paper_page_links_back_to_its_posts(fixture_site: Path, key: str, slug: str) -> None:
    page_path = f"publications/{key}/index.html"
    page = html(fixture_site, page_path)
    links = page.select("ul.labsite-listed-on a")
    targets = {resolve(page_path, a["href"]).removesuffix("index.html") for a in links}
    assert fixture_post(fixture_site, slug).removesuffix("index.html") in targets


def test_paper_without_posts_links_to_none(fixture_site: Path) -> None:
    page = html(fixture_site, "publications/poe2019sprockets/index.html")
    assert not page.select("ul.labsite-listed-on a[href*='news']")


def test_fixture_feed_newest_first_without_drafts(fixture_site: Path) -> None:
    feed = ET.parse(fixture_site / "news" / "feed.xml").getroot()
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Gadget notes", "All about widgets"]
    summary = feed.findall(f"{ATOM}entry")[1].find(f"{ATOM}summary").text
    assert summary == "A fictional post about widgets."


def test_unknown_paper_in_front_matter_fails_strict(tmp_path: Path) -> None:
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "papers.bib").write_text(FIXTURE_BIB, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(FIXTURE_CONFIG, encoding="utf-8")
    pages = {
        "research.md": "# Research\n",
        "news/index.md": "# News\n",
        "news/posts/p.md": "---\ndate: 2024-01-01\npapers: [nosuchkey]\n---\n\n# P\n",
    }
    for name, content in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    build = build_strict(tmp_path, tmp_path / "site")
    assert build.returncode != 0
    assert "news/posts/p.md: front matter 'papers' names 'nosuchkey'" in build.output
