"""People: the people file (load, problems with file:line), matching members to their
papers (ORCID, name variants) and rendering (escaping, unsafe URLs). Built sites:
tests/site/test_members_site.py.

Every person here is invented (tests/samples/people.py).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labsite.bib.load import parse_text
from labsite.bib.model import build_papers
from labsite.data.matching import orcid_authors, papers_of
from labsite.data.members import load_people
from labsite.diagnostics import Level
from labsite.render.people import render_member, render_people, render_supervision
from labsite.render.renderer import Renderer
from labsite.settings import Settings

from ..samples.people import ALEX_ORCID, BIB, PEOPLE


def _people(tmp_path: Path, text: str):
    path = tmp_path / "people.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_people(path, "data/people.yml")


def _papers():
    papers, problems = build_papers(parse_text(BIB, "bib/papers.bib").entries)
    assert not problems, problems
    return papers


# -- loading ------------------------------------------------------------------------


def test_a_good_file_loads_every_member_in_order_without_problems(tmp_path):
    people, problems = _people(tmp_path, PEOPLE)
    assert problems == ()
    assert [m.id for m in people.members] == [
        "alex-example", "sam-placeholder", "robin-sample", "jo-dummy",
    ]  # fmt: skip
    alex = people.by_id["alex-example"]
    assert alex.names == ("Alex Example", "A. Example", "Alex B. Example")
    assert alex.orcid == ALEX_ORCID
    assert alex.supervisors == (
        "Dr. Sam Placeholder (main)",
        "Someone Outside (Elsewhere University)",
    )
    assert alex.programme_url == "https://example.org/cdt"
    assert [(link.label, link.url) for link in alex.links] == [
        ("website", "https://example.org/alex")
    ]
    assert alex.line == 2
    assert people.roles() == ["PhD student", "Lecturer"]
    assert people.by_id["robin-sample"].is_alumnus(2026)
    assert not people.by_id["jo-dummy"].is_alumnus(2026)
    assert [item.member for item in people.supervision] == ["alex-example", "sam-placeholder", None]


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("members:\n  - id: a\n    name: A B\n  - name: No Id\n", 4, "member 2: 'id' is missing"),
        ("members:\n  - id: a\n    name: A B\n    orcid: 0000-0001-2345-6780\n", 4,
         "member 'a': orcid '0000-0001-2345-6780' is not an ORCID iD"),
        ("members:\n  - id: a\n    name: A B\n    start: twenty\n", 4,
         "member 'a': 'start' is 'twenty', not a year"),
        ("members:\n  - id: a\n    name: A B\n    nmaes: [A. B]\n", 4,
         "member 'a': unknown field 'nmaes' is ignored (hint: did you mean 'names'?)"),
        ("members:\n  - id: a\n    name: A B\n  - id: a\n    name: C D\n", 4,
         "member 'a': the id is used twice (first at line 2)"),
        ("members:\n  - id: has space\n    name: A B\n", 2, "id 'has space' can only have"),
        ("members:\n  - id: a\n    name: A B\n    photo: javascript:alert(1)\n", 4,
         "link 'photo' is not an http(s), mailto or site-relative URL"),
        ("members:\n  - id: a\n    name: A B\nsupervision:\n  - member: b\n", 5,
         "supervision item 1: no member has the id 'b'"),
        ("members:\n  - id: a\n    name: A B\n   bad: indentation\n", 4, "this is not valid YAML"),
        ("members:\n  - id: a\n    name: A B\n    email: not an address\n", 4,
         "email 'not an address' is not an e-mail address"),
        ("members:\n  - id: a\n    name: A B\n    start: 2020\n    end: 2019\n", 5,
         "end year 2019 is before start year 2020"),
    ],
)  # fmt: skip
def test_problems_name_the_file_the_line_and_the_member(tmp_path, text, line, needle):
    _, problems = _people(tmp_path, text)
    messages = [str(p) for p in problems]
    assert any(m.startswith(f"data/people.yml:{line}: ") and needle in m for m in messages), (
        messages
    )


def test_a_broken_member_does_not_hide_the_others(tmp_path):
    people, problems = _people(
        tmp_path, "members:\n  - name: No Id\n  - id: ok\n    name: Sam Placeholder\n"
    )
    assert [m.id for m in people.members] == ["ok"]
    assert problems and all(p.level == Level.ERROR for p in problems)


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    people, problems = load_people(tmp_path / "nope.yml", "data/nope.yml")
    assert people.members == ()
    assert [str(p).split(":")[0] for p in problems] == ["data/nope.yml"]
    assert "does not exist" in str(problems[0])


def test_unknown_fields_are_warnings_not_errors(tmp_path):
    people, problems = _people(tmp_path, "members:\n  - id: a\n    name: A B\n    colour: red\n")
    assert [m.id for m in people.members] == ["a"]
    assert [p.level for p in problems] == [Level.WARNING]


# -- matching papers ------------------------------------------------------------------


def test_orcid_numbers_are_read_from_web_of_science_fields():
    paper = {p.key: p for p in _papers()}["byorcid"]
    assert orcid_authors(paper) == (
        ("Exampleton, Alexander", ALEX_ORCID),
        ("Nobody, Noel", "0000-0002-1825-0097"),
    )


def test_papers_are_matched_by_orcid_and_name_variants_only(tmp_path):
    people, _ = _people(tmp_path, PEOPLE)
    found = [p.key for p in papers_of(people.by_id["alex-example"], _papers())]
    # "Alexa Example" / "Al Example" are other people; the namesake has another ORCID.
    assert found == ["byname", "byvariant", "byorcid"]


def test_without_an_orcid_a_namesake_matches_by_name(tmp_path):
    people, _ = _people(tmp_path, "members:\n  - id: a\n    name: Alex Example\n")
    found = [p.key for p in papers_of(people.by_id["a"], _papers())]
    assert found == ["byname", "namesake"]


# -- rendering ------------------------------------------------------------------------

VECTOR = '"><script>alert(1)</script>'


def test_everything_from_the_file_is_escaped_and_unsafe_urls_are_dropped(tmp_path):
    people, problems = _people(
        tmp_path,
        f"""\
        members:
          - id: evil
            name: '{VECTOR}'
            role: '[x](javascript:alert(2)) <img src=x onerror=alert(3)>'
            photo: javascript:alert(4)
            programme: '<b>bold</b>'
            programme_url: 'java\tscript:alert(5)'
            links:
              home: javascript:alert(6)
              ok: https://example.org/ok
        supervision:
          - member: evil
          - text: 'Look [here](javascript:alert(7)) and <script>alert(8)</script>'
        """,
    )
    assert len([p for p in problems if "is not an http(s)" in p.message]) == 4
    renderer = Renderer(Settings())
    html = render_people(
        renderer, [(people.members[0].role, people.members)], url_prefix="",
        member_href=lambda m: None,
    )  # fmt: skip
    html += render_supervision(renderer, people, url_prefix="")
    html += render_member(Settings(), people.members[0], (), url_prefix="", title=True)
    soup = BeautifulSoup(html, "lxml")
    assert soup.select("script, img") == []
    assert all("javascript" not in a.get("href", "").replace("\t", "") for a in soup.select("a"))
    assert [a["href"] for a in soup.select(".labsite-member__links a")][-1] == (
        "https://example.org/ok"
    )
    assert VECTOR in soup.get_text()
    # The role in a Markdown heading cannot become a Markdown link.
    assert "&#91;x&#93;" in html


def test_member_is_highlighted_and_nobody_else(tmp_path):
    people, _ = _people(tmp_path, PEOPLE)
    settings = Settings(owner=("Sam Placeholder",))
    html = render_member(settings, people.by_id["alex-example"], _papers(), url_prefix="")
    soup = BeautifulSoup(html, "lxml")
    marked = {s.get_text(strip=True) for s in soup.select(".labsite-author--member")}
    assert marked == {"Alex Example", "A. Example", "Alexander Exampleton"}
    bold = {s.get_text(strip=True) for s in soup.select(".labsite-author strong")}
    assert bold == marked  # the site owner is not bold on someone else's page
    titles = [t.get_text(strip=True) for t in soup.select(".labsite-title")]
    assert titles == ["Matched by Name", "Matched by a Variant", "Matched by ORCID"]


def test_a_supervision_line_without_text_is_made_from_the_member(tmp_path):
    people, _ = _people(tmp_path, PEOPLE)
    html = render_supervision(Renderer(Settings()), people, url_prefix="")
    items = BeautifulSoup(html, "lxml").select("li")
    assert items[0].get_text() == (
        "Alex Example. Counting examples, with Dr. Sam Placeholder (main) and Someone "
        "Outside (Elsewhere University), Example CDT."
    )
    assert items[0].a["href"] == "https://example.org/cdt"
    assert items[1].a["href"] == "https://example.org/sam"
    assert items[2].get_text() == "Two MSc students."
