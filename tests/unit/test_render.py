"""Stage 4: papers to HTML through the Jinja templates."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from labsite.bib.load import parse_text
from labsite.bib.model import build_papers
from labsite.bib.query import group_papers, sort_papers
from labsite.render import renderer as render_module
from labsite.render.markup import with_math
from labsite.render.renderer import Renderer, anchor_id
from labsite.settings import HighlightGroup, Settings

BIB = r"""@inproceedings{vlaar2023,
  abbr = {ICML},
  author = {Vlaar, Tiffany* and Ben Leimkuhler\dag and Ann Student},
  title = {Multirate Training with $x^2$ Steps},
  booktitle = {International Conference on Machine Learning},
  year = {2023},
  volume = {202},
  pages = {1--12},
  award_name = {Oral},
  award = {Top 3\% of submissions},
  url = {https://proceedings.example.org/v202},
  pdf = {papers/vlaar23.pdf},
  code = {/code/vlaar23/},
  summary = {We train faster.},
}
@article{lee2021,
  author = {Ann Lee and Bob Brown},
  title = {Plain Results},
  journal = {Journal of Things},
  year = {2021},
}
@misc{review,
  author = {Ann Student and T. Vlaar},
  title = {Work Under Review},
  status = {Under review},
}
"""


def papers_from(text: str, allow_problems: bool = False):
    result = parse_text(text, "render.bib")
    assert result.problems == (), result.problems
    papers, problems = build_papers(result.entries)
    if not allow_problems:
        assert problems == (), problems
    return papers


def settings(**kw):
    kw.setdefault("owner", ("Tiffany Vlaar", "T. Vlaar"))
    return Settings(**kw)


STUDENTS = HighlightGroup(
    name="students", people=(("Ann Student",),), symbol="§", legend="student supervised"
)


@pytest.fixture(scope="module")
def papers():
    return papers_from(BIB)


@pytest.fixture(scope="module")
def html(papers):
    renderer = Renderer(settings(highlight=(STUDENTS,)))
    return renderer.render_list(group_papers(sort_papers(papers), "year"), url_prefix="../")


@pytest.fixture(scope="module")
def soup(html):
    return BeautifulSoup(html, "html.parser")


def item(soup, key):
    found = soup.find_all("li", attrs={"data-paper-key": key})
    assert len(found) == 1
    return found[0]


def test_each_entry_is_an_li_with_its_key(soup):
    items = soup.find_all("li")
    assert [li["data-paper-key"] for li in items] == ["review", "vlaar2023", "lee2021"]
    li = item(soup, "vlaar2023")
    assert li["id"] == "paper-vlaar2023"
    assert li["data-year"] == "2023"
    assert li["data-type"] == "inproceedings"
    assert li["data-status"] == "published"
    assert li.find(class_="labsite-title").get_text() == "Multirate Training with \\(x^2\\) Steps"
    assert li.find(class_="labsite-abbr").get_text() == "ICML"


def test_owner_in_strong(soup):
    strong = [s.get_text() for s in soup.find_all("strong")]
    assert strong == ["T. Vlaar", "Tiffany Vlaar"]
    li = item(soup, "lee2021")
    assert li.find("strong") is None


def test_markers_as_sup_and_legend(soup):
    li = item(soup, "vlaar2023")
    authors = li.find(class_="labsite-authors").find_all(class_="labsite-author")
    assert [a.find(string=True, recursive=True) for a in authors][:2] == [
        "Tiffany Vlaar",
        "Ben Leimkuhler",
    ]
    assert [a.sup.get_text() if a.sup else "" for a in authors] == ["*", "†", "§"]
    legend = soup.find(class_="labsite-legend").get_text()
    assert "corresponding author" in legend
    assert "equal contribution" in legend


def test_highlight_group_symbol_class_and_legend(soup):
    students = soup.find_all(class_="labsite-author--students")
    assert [s.get_text() for s in students] == ["Ann Student§", "Ann Student§"]
    owner = soup.find_all(class_="labsite-author--owner")
    assert len(owner) == 2
    items = soup.find(class_="labsite-legend").find_all(class_="labsite-legend__item")
    assert [i.get_text(" ", strip=True) for i in items] == [
        "* corresponding author",
        "† equal contribution",
        "§ student supervised",
    ]


def test_legend_only_lists_used_symbols(papers):
    renderer = Renderer(settings(highlight=(STUDENTS,)))
    lee = [p for p in papers if p.key == "lee2021"]
    html = renderer.render_list(group_papers(lee, None))
    assert "labsite-legend" not in html
    assert "corresponding author" not in html
    assert renderer.legend(lee) == []


def test_awards_and_status_badges(soup):
    award = item(soup, "vlaar2023").find(class_="labsite-award")
    assert award.get_text() == "Oral"
    # The award's text is shown under the badge, not in a tooltip.
    assert not award.has_attr("title")
    described = item(soup, "vlaar2023").find(class_="labsite-award-description")
    assert described.get_text(strip=True) == "Top 3% of submissions"
    status = item(soup, "review").find(class_="labsite-status")
    assert status.get_text() == "Under review"
    assert "labsite-status--under-review" in status["class"]
    assert item(soup, "lee2021").find(class_="labsite-badges") is None


def test_venue_and_year(soup):
    venue = item(soup, "vlaar2023").find(class_="labsite-venue")
    assert venue.find("em").get_text() == "International Conference on Machine Learning"
    assert venue.find(class_="labsite-year").get_text() == "2023"
    assert "1–12" in venue.get_text()


def test_link_hrefs_and_url_prefix(soup):
    links = item(soup, "vlaar2023").find_all("a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("paper", "https://proceedings.example.org/v202"),
        ("PDF", "../papers/vlaar23.pdf"),
        ("code", "../code/vlaar23/"),
    ]


def test_link_without_url_prefix(papers):
    html = Renderer(settings()).render_list(group_papers(papers, None))
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a["href"] for a in item(soup, "vlaar2023").find_all("a")]
    assert hrefs == ["https://proceedings.example.org/v202", "papers/vlaar23.pdf", "code/vlaar23/"]


def test_math_becomes_arithmatex_span(soup):
    spans = soup.find_all("span", class_="arithmatex")
    assert [s.get_text() for s in spans] == ["\\(x^2\\)"]


def test_summary(soup):
    summary = item(soup, "vlaar2023").find(class_="labsite-summary")
    assert summary.get_text() == "We train faster."


def test_group_headings_as_markdown(html):
    lines = html.splitlines()
    assert "## 2023" in lines
    assert "## 2021" in lines
    assert "## Under review" in lines
    assert lines.index("## Under review") < lines.index("## 2023") < lines.index("## 2021")


def test_heading_level(papers):
    html = Renderer(settings()).render_list(group_papers(papers, "year"), heading_level=3)
    assert "### 2023" in html.splitlines()
    assert "## 2023" not in html.splitlines()


def test_no_blank_lines_and_no_indented_lines(html):
    for line in html.splitlines():
        assert line.strip(), "blank line in output"
        assert not line.startswith((" ", "\t")), f"indented line: {line!r}"


def test_ungrouped_list_has_no_heading(papers):
    html = Renderer(settings()).render_list(group_papers(papers, None))
    assert not any(line.startswith("#") for line in html.splitlines())
    assert html.count("<ol") == 1


# --------------------------------------------------------------------------- escaping

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

EVIL_BIB = (
    "@article{evil,\n"
    f"  author = {{Eve {SCRIPT} and Mallory {IMG}}},\n"
    f"  title = {{Title {SCRIPT} {IMG}}},\n"
    f"  journal = {{Venue {SCRIPT} {IMG}}},\n"
    f"  summary = {{Summary {SCRIPT} {IMG}}},\n"
    f"  abstract = {{Abstract {SCRIPT} {IMG}}},\n"
    f"  note = {{Note {IMG}}},\n"
    f"  status = {{Under {SCRIPT}}},\n"
    f"  award = {{Award {IMG}}},\n"
    "  year = {2020},\n"
    "}\n"
)


def evil_paper():
    papers = papers_from(EVIL_BIB)
    assert len(papers) == 1
    return papers[0]


def assert_no_injected_elements(soup):
    assert soup.find_all("script") == []
    assert soup.find_all("img") == []
    for tag in soup.find_all(True):
        assert not any(attr.startswith("on") for attr in tag.attrs), tag


def test_list_escapes_everything():
    paper = evil_paper()
    html = Renderer(settings()).render_list(group_papers([paper], "status"))
    soup = BeautifulSoup(html, "html.parser")
    assert_no_injected_elements(soup)
    li = item(soup, "evil")
    assert SCRIPT in li.find(class_="labsite-title").get_text()
    assert IMG in li.find(class_="labsite-title").get_text()
    assert SCRIPT in li.find(class_="labsite-authors").get_text()
    assert SCRIPT in li.find(class_="labsite-venue").get_text()
    assert IMG in li.find(class_="labsite-summary").get_text()
    assert IMG in li.find(class_="labsite-award").get_text()
    assert SCRIPT in li.find(class_="labsite-status").get_text()
    # The group heading comes from the status too.
    assert "<script>" not in html


def test_lxml_parse_finds_no_injected_elements():
    paper = evil_paper()
    html = Renderer(settings()).render_list(group_papers([paper], None))
    assert_no_injected_elements(BeautifulSoup(html, "lxml"))


def test_reference_escapes_everything():
    paper = evil_paper()
    ref = Renderer(settings()).render_reference(paper)
    soup = BeautifulSoup(ref, "html.parser")
    assert_no_injected_elements(soup)
    assert "<script" not in ref
    assert "<img" not in ref


def test_abstract_escaped_in_overriding_template(tmp_path):
    (tmp_path / "labsite").mkdir()
    (tmp_path / "labsite" / "paper.html").write_text(
        '<li class="custom" data-paper-key="{{ paper.key }}">{{ paper.abstract }}</li>\n',
        encoding="utf-8",
    )
    paper = evil_paper()
    html = Renderer(settings(template_dirs=(tmp_path,))).render_list(group_papers([paper], None))
    soup = BeautifulSoup(html, "html.parser")
    assert_no_injected_elements(soup)
    assert soup.find("li", class_="custom").get_text() == f"Abstract {SCRIPT} {IMG}"


def test_site_relative_links_stay_on_the_site():
    # Browsers read a backslash as "/" in http(s) URLs, so an href that starts with "//"
    # once backslashes are read as slashes points to another host.
    papers = papers_from(
        "@misc{x, title = {X}, pdf = {/\\/evil.example/p.pdf}, code = {/\\evil.example}}\n",
        allow_problems=True,
    )
    html = Renderer(settings()).render_list(group_papers(papers, None))
    for a in BeautifulSoup(html, "html.parser").find_all("a"):
        assert not a["href"].replace("\\", "/").startswith("//"), a["href"]


# --------------------------------------------------------------------------- references

MARKDOWN_SPECIAL = set("*_[]`")


def text_outside_tags(html: str) -> str:
    return re.sub(r"<[^>]*>", "", html)


def test_reference_is_one_line_without_markdown_specials():
    papers = papers_from(
        "@article{n_1,\n  author = {Isaac Newton* and Ann_Lee},\n"
        "  title = {Fluxions of x_1 * y [draft] `code` $a_b$},\n"
        "  journal = {J. [Math] *Bold*},\n  year = {1700},\n"
        "  url = {https://x.org/~me/a_b#sec},\n}\n"
    )
    ref = Renderer(settings()).render_reference(papers[0])
    assert "\n" not in ref
    outside = text_outside_tags(ref)
    assert not (set(outside) & MARKDOWN_SPECIAL), outside
    soup = BeautifulSoup(ref, "html.parser")
    text = soup.get_text()
    assert "Fluxions of x_1 * y [draft] `code`" in text
    assert "J. [Math] *Bold*" in text
    assert soup.find("a")["href"] == "https://x.org/~me/a_b#sec"
    assert soup.find("span")["data-paper-key"] == "n_1"


def test_reference_contents(papers):
    by_key = {p.key: p for p in papers}
    renderer = Renderer(settings())
    soup = BeautifulSoup(renderer.render_reference(by_key["lee2021"]), "html.parser")
    assert " ".join(soup.get_text().split()) == (
        "A. Lee, B. Brown. Plain Results. Journal of Things, 2021."
    )
    assert "Journal of Things" in soup.find("em").get_text()
    assert "2021" in soup.get_text()
    review = BeautifulSoup(renderer.render_reference(by_key["review"]), "html.parser")
    assert "Under review." in review.get_text()


def test_reference_keeps_quotes_and_apostrophes():
    papers = papers_from(
        "@article{q,\n  author = {Ann O'Neil},\n"
        '  title = {Newton\'s "method" revisited},\n'
        "  journal = {J},\n  year = {2000},\n}\n"
    )
    ref = Renderer(settings()).render_reference(papers[0])
    text = BeautifulSoup(ref, "html.parser").get_text()
    assert 'Newton\'s "method" revisited' in text
    assert "O'Neil" in text
    assert "&#" not in text


def test_reference_site_relative_link_gets_prefix():
    papers = papers_from("@misc{r, title = {R}, pdf = {/papers/r.pdf}}\n")
    ref = Renderer(settings()).render_reference(papers[0], url_prefix="../../")
    assert BeautifulSoup(ref, "html.parser").find("a")["href"] == "../../papers/r.pdf"


# --------------------------------------------------------------------------- overrides


def test_template_override_is_used(tmp_path, papers):
    (tmp_path / "labsite").mkdir()
    (tmp_path / "labsite" / "paper.html").write_text(
        '<li class="my-paper" data-paper-key="{{ paper.key }}">{{ paper.title }}</li>\n',
        encoding="utf-8",
    )
    html = Renderer(settings(template_dirs=(tmp_path,))).render_list(group_papers(papers, None))
    soup = BeautifulSoup(html, "html.parser")
    items = soup.find_all("li")
    assert [li["class"] for li in items] == [["my-paper"]] * 3
    assert [li.get_text() for li in items] == [
        "Multirate Training with $x^2$ Steps",
        "Plain Results",
        "Work Under Review",
    ]
    # The list template itself still comes from the package.
    assert soup.find("ol", class_="labsite-papers") is not None


def test_missing_template_dir_is_ignored(tmp_path, papers):
    renderer = Renderer(settings(template_dirs=(tmp_path / "does-not-exist",)))
    html = renderer.render_list(group_papers(papers, None))
    assert "labsite-paper" in html


# --------------------------------------------------------------------------- helpers


def test_with_math():
    assert str(with_math("a $x<y$ b")) == 'a <span class="arithmatex">\\(x&lt;y\\)</span> b'
    assert str(with_math("<b>")) == "&lt;b&gt;"


def test_escaped_dollars_are_not_math():
    papers = papers_from(r"@misc{d, title = {Prices from \$5 to \$10}}" + "\n")
    # Displayed text keeps math in TeX notation, so a literal dollar stays escaped.
    assert papers[0].title == r"Prices from \$5 to \$10"
    html = Renderer(settings()).render_list(group_papers(papers, None))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("span", class_="arithmatex") is None
    assert soup.find(class_="labsite-title").get_text() == "Prices from $5 to $10"


def test_anchor_id():
    assert anchor_id("smith2020") == "paper-smith2020"
    assert anchor_id("a b/c") == "paper-a-b-c"
    assert anchor_id("///") == "paper-entry"


def test_render_message_escapes():
    html = Renderer(settings()).render_message(SCRIPT)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert SCRIPT in soup.get_text()


# -- the cache of rendered lists ---------------------------------------------------


def _many(count: int = 60, title: str = "Paper") -> tuple:
    entries = "\n".join(
        f"@article{{k{i}, author = {{Ann Lee and Bob Brown}}, title = {{{title} {i}}}, "
        f"journal = {{J}}, year = {{{2000 + i % 20}}}}}"
        for i in range(count)
    )
    return papers_from(entries)


@pytest.fixture
def fresh_list_cache():
    render_module._LIST_CACHE.clear()
    yield
    render_module._LIST_CACHE.clear()


def _no_templates(renderer, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("rendered instead of taken from the cache")

    monkeypatch.setattr(renderer.env, "get_template", fail)


def test_a_long_list_is_rendered_once_per_process(fresh_list_cache, monkeypatch):
    papers = _many()
    first = Renderer(settings(cache=False)).render_list(group_papers(papers, "year"))
    again = Renderer(settings(cache=False))
    _no_templates(again, monkeypatch)
    assert again.render_list(group_papers(papers, "year")) == first


def test_a_long_list_is_kept_in_the_cache_folder(fresh_list_cache, tmp_path, monkeypatch):
    (tmp_path / ".labsite-cache").mkdir()
    papers = _many(600)
    first = Renderer(settings(root=tmp_path)).render_list(group_papers(papers, None))
    assert len(list((tmp_path / ".labsite-cache").glob("render-*.html"))) == 1
    render_module._LIST_CACHE.clear()  # as in a new process
    again = Renderer(settings(root=tmp_path))
    _no_templates(again, monkeypatch)
    assert again.render_list(group_papers(papers, None)) == first


def test_what_the_list_depends_on_is_in_the_key(fresh_list_cache):
    papers = _many()
    html = Renderer(settings(cache=False)).render_list(group_papers(papers, None))
    changed = Renderer(settings(cache=False)).render_list(group_papers(_many(title="T"), None))
    assert "T 1" in changed and changed != html
    owner = Renderer(settings(cache=False, owner=("Ann Lee",))).render_list(
        group_papers(papers, None)
    )
    assert "<strong>Ann Lee</strong>" in owner and "<strong>" not in html
    deeper = Renderer(settings(cache=False), paper_url=lambda p: f"p/{p.key}/")
    assert 'href="../p/k1/"' in deeper.render_list(group_papers(papers, None), url_prefix="../")
    assert Renderer(settings(cache=False)).render_list(group_papers(papers, None)) == html


def test_overridden_templates_and_foreign_bibtex_are_not_cached(fresh_list_cache, tmp_path):
    papers = _many()
    (tmp_path / "labsite").mkdir()
    groups = group_papers(papers, None)
    overridden = Renderer(settings(cache=False, template_dirs=(tmp_path,)))
    assert overridden._list_key(groups, papers, "", 2, False, "labsite/papers.html") is None
    foreign = Renderer(settings(cache=False), bibtex=lambda paper: "x")
    assert foreign._list_key(groups, papers, "", 2, True, "labsite/papers.html") is None
    assert foreign._list_key(groups, papers, "", 2, False, "labsite/papers.html") is not None
    short = Renderer(settings(cache=False))
    assert short._list_key(groups[:1], papers[:3], "", 2, False, "labsite/papers.html") is None


def test_a_damaged_cached_list_is_rendered_again(fresh_list_cache, tmp_path):
    folder = tmp_path / ".labsite-cache"
    folder.mkdir()
    papers = _many(600)
    first = Renderer(settings(root=tmp_path)).render_list(group_papers(papers, None))
    for path in folder.glob("render-*.html"):
        path.write_bytes(path.read_bytes()[:-100])  # truncated
    render_module._LIST_CACHE.clear()
    assert Renderer(settings(root=tmp_path)).render_list(group_papers(papers, None)) == first
