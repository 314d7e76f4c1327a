"""People: the people file (load, problems with file:line), matching members to their
papers (ORCID, name variants), rendering (escaping, unsafe URLs), and built sites:
the People page, member pages, and this site's supervision list as the seed has it.

Every person here is invented ("Alex Example", "Sam Placeholder" ...), except in the
last tests, which check the real site against its seed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labsite.bib.load import parse_text
from labsite.bib.model import build_papers
from labsite.data.members import load_people, orcid_authors, papers_of
from labsite.diagnostics import Level
from labsite.render.people import render_member, render_people, render_supervision
from labsite.render.renderer import Renderer
from labsite.settings import Settings

from ..support import BASE_CONFIG, REPO

ALEX_ORCID = "0000-0001-2345-6789"
OTHER_ORCID = "0000-0003-9999-000X"

PEOPLE = f"""\
members:
  - id: alex-example
    name: Alex Example
    role: PhD student
    names: [A. Example, Alex B. Example]
    orcid: {ALEX_ORCID}
    email: alex@example.org
    programme: Example CDT
    programme_url: https://example.org/cdt
    project: Counting examples
    supervisors: [Dr. Sam Placeholder (main), Someone Outside (Elsewhere University)]
    start: 2021
    links:
      website: https://example.org/alex
  - id: sam-placeholder
    name: Sam Placeholder
    role: Lecturer
    start: 2015
  - id: robin-sample
    name: Robin Sample
    role: PhD student
    start: 2010
    end: 2014
  - id: jo-dummy
    name: Jo Dummy
    role: PhD student
    start: 2001
    end: 2099
supervision:
  - member: alex-example
  - member: sam-placeholder
    text: Sam Placeholder, with [a link](https://example.org/sam) in the text.
  - text: Two MSc students.
"""

BIB = rf"""
@article{{byname,
  author  = {{Example, Alex and Placeholder, Sam}},
  title   = {{Matched by Name}},
  journal = {{Journal of Examples}},
  year    = {{2023}}
}}

@article{{byvariant,
  author  = {{Example, A. and Nobody, Noel}},
  title   = {{Matched by a Variant}},
  journal = {{Journal of Examples}},
  year    = {{2022}}
}}

@article{{byorcid,
  author  = {{Exampleton, Alexander and Nobody, Noel}},
  title   = {{Matched by ORCID}},
  journal = {{Journal of Examples}},
  year    = {{2021}},
  orcid-numbers = {{Exampleton, Alexander/{ALEX_ORCID}
     Nobody, Noel/0000-0002-1825-0097}}
}}

@article{{similar,
  author  = {{Example, Alexa and Example, Al}},
  title   = {{A Similar Name Is Not Alex}},
  journal = {{Journal of Examples}},
  year    = {{2020}}
}}

@article{{namesake,
  author  = {{Example, Alex}},
  title   = {{Same Name, Other ORCID}},
  journal = {{Journal of Examples}},
  year    = {{2019}},
  orcid-numbers = {{Example, Alex/{OTHER_ORCID}}}
}}
"""


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


# -- built sites ----------------------------------------------------------------------

CONFIG = (
    BASE_CONFIG.replace("plugins:\n", "plugins:\n  - search\n")
    + """\
      people_file: data/people.yml
validation:
  nav:
    omitted_files: warn
"""
)


@pytest.fixture
def site(make_site, tmp_path):
    def make(pages, people=PEOPLE, strict=True):
        (tmp_path / "data").mkdir(exist_ok=True)
        (tmp_path / "data" / "people.yml").write_text(people, encoding="utf-8")
        return make_site(pages, BIB, config=CONFIG, strict=strict)

    return make


def _headings(soup) -> list[str]:
    return [h.get_text(" ", strip=True).rstrip("¶").strip() for h in soup.select("article h2")]


def test_people_page_groups_current_members_by_role_then_alumni(site):
    build = site({"index.md": "# Home\n", "people.md": "# People\n\n{{ people() }}\n"})
    assert build.returncode == 0, build.output
    soup = build.html("people/index.html")
    assert _headings(soup) == ["PhD student", "Lecturer", "Alumni"]
    lists = soup.select("ul.labsite-people")
    names = [[li["data-member-id"] for li in ul.select("li.labsite-member")] for ul in lists]
    assert names == [["alex-example", "jo-dummy"], ["sam-placeholder"], ["robin-sample"]]
    # The role is on the card where the heading does not say it (alumni).
    roles = {
        li["data-member-id"]: [r.get_text() for r in li.select(".labsite-member__role")]
        for li in soup.select("li.labsite-member")
    }
    assert roles == {
        "alex-example": [], "jo-dummy": [], "sam-placeholder": [], "robin-sample": ["PhD student"],
    }  # fmt: skip
    link = soup.select_one('li[data-member-id="alex-example"] .labsite-member__name a')
    assert link["href"] == "../people/alex-example/"


def test_people_status_and_role_filters(site):
    page = '# P\n\n{{ people(status="alumni") }}\n\n{{ people(role="Lecturer", group_by=None) }}\n'
    build = site({"index.md": page})
    assert build.returncode == 0, build.output
    lists = build.html().select("ul.labsite-people")
    assert [[li["data-member-id"] for li in ul.select("li")] for ul in lists] == [
        ["robin-sample"], ["sam-placeholder"],
    ]  # fmt: skip


def test_member_page_lists_their_papers_with_the_member_highlighted(site):
    build = site({"index.md": "# Home\n\n{{ papers() }}\n"})
    assert build.returncode == 0, build.output
    soup = build.html("people/alex-example/index.html")
    assert soup.select_one("article h1").get_text(strip=True) == "Alex Example"
    assert soup.title.get_text().startswith("Alex Example")
    keys = [li["data-paper-key"] for li in soup.select("li.labsite-paper")]
    assert keys == ["byname", "byvariant", "byorcid"]
    marked = {s.get_text(strip=True) for s in soup.select(".labsite-author--member strong")}
    assert marked == {"Alex Example", "A. Example", "Alexander Exampleton"}
    facts = soup.select_one(".labsite-member__supervisors").get_text()
    assert facts == "Dr. Sam Placeholder (main); Someone Outside (Elsewhere University)"
    # Titles link to the paper pages; names in the home page's list link to members.
    assert soup.select_one("a.labsite-title")["href"] == "../../publications/byname/"
    home = build.html()
    links = {a.get_text(strip=True): a["href"] for a in home.select("a.labsite-author__link")}
    assert links["Sam Placeholder"] == "people/sam-placeholder/"
    assert "Alexa Example" not in links
    # A member without papers still has a page.
    other = build.html("people/robin-sample/index.html")
    assert other.select_one(".labsite-member__no-papers") is not None


def test_member_macro_works_on_a_hand_written_page(site):
    build = site({"index.md": '# Alex\n\n{{ member("alex-example") }}\n'})
    assert build.returncode == 0, build.output
    keys = [li["data-paper-key"] for li in build.html().select("li.labsite-paper")]
    assert keys == ["byname", "byvariant", "byorcid"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('member("alex-exampel")', "no member has the id 'alex-exampel'; did you mean 'alex-example'?"),  # noqa: E501
        ('people(stauts="current")', "unknown argument 'stauts'; did you mean 'status'?"),
        ('people(role="Lecturr")', "role='Lecturr' is not a role in data/people.yml; did you mean 'Lecturer'?"),  # noqa: E501
        ('people(status="former")', "status='former' is not one of all, current, alumni"),
    ],
)  # fmt: skip
def test_bad_macro_calls_are_reported_with_page_and_line(site, call, message):
    build = site({"index.md": f"# Home\n\nText.\n\n{{{{ {call} }}}}\n"}, strict=False)
    assert build.returncode == 0, build.output
    assert f"index.md:5: {call.split('(')[0]}(): {message}" in build.output
    strict = site({"index.md": f"# Home\n\n{{{{ {call} }}}}\n"}, strict=True)
    assert strict.returncode != 0


def test_problems_in_the_people_file_warn_and_fail_strict(site):
    broken = PEOPLE.replace("    start: 2015\n", "    start: soon\n")
    build = site({"index.md": "# P\n\n{{ people() }}\n"}, people=broken, strict=False)
    assert build.returncode == 0, build.output
    assert "data/people.yml:18: member 'sam-placeholder': 'start' is 'soon', not a year" in (
        build.output
    )
    assert site({"index.md": "# P\n"}, people=broken, strict=True).returncode != 0


# -- the real site: the seed's supervision list --------------------------------------

# The seed's Supervision list, word for word, in its order.
SEED_SUPERVISION = [
    "Viktor Wu. The marine rewilding effect: Building a cost-effective framework for measuring Marine Net Gain project with Dr. De Clippele (main, University of Glasgow), Dr. Hogdson (CreditNature), and Dr. Wartmann (University of Aberdeen) within the NETGAIN CDT.",  # noqa: E501
    "Antonella Marsella through the DiveIn CDT. Jointly supervised with Prof. Fani Deligianni (main, Computing Science) and Dr. Stuart Grey (James Watt School of Engineering)",  # noqa: E501
    "Tobias Froehlich through the DiveIn CDT. Jointly supervised with Dr. Lauritz Thamsen (main) and Prof. Wim Vanderbauwhede in Computer Science.",  # noqa: E501
    "Fay Bennedik. Statistical methods for abundance estimation using emerging data types with Prof. McCrea (Lancaster University, main), Prof. Torney (main, University of Glasgow), Prof. Morales (University of Glasgow), Dr. Wallin (Lancaster University) within the ExaGEO CDT.",  # noqa: E501
    "Deploying deep learning for marine biodiversity monitoring with Dr. De Clippele (main, University of Glasgow) and Dr. Smith (University of Copenhagen) within the Leverhulme Programme for Doctoral Training in Ecological Data Science.",  # noqa: E501
    "Two AIMS Ghana MSc in Mathematical Sciences students.",
    "Level 4 Projects on neural network optimisation.",
    "MSci project with industry co-supervisor Dr. Hodgson (CreditNature) on Simulating Scottish Ecosystems for Landscape Ecology Metrics.",  # noqa: E501
    "Machine learning for camera trap image classification, EPSRC Vacation Project with Dr. Peter Stewart (University of Glasgow).",  # noqa: E501
    "UG Summer Research project on Monitoring vegetation patterns from drone imagery using machine learning, with Dr. Eizenhöfer (University of Glasgow).",  # noqa: E501
    "Summer Research Project on Layer-wise training of neural networks and adversarial robustness.",
    "Effective nonlinearity and effective capacity of deep neural networks, Master Thesis Project, with Dr. Pinson (main, Eindhoven University of Technology).",  # noqa: E501
]  # fmt: skip
SEED_SUPERVISION_LINKS = {
    "NETGAIN CDT": "https://netgain.wp.st-andrews.ac.uk",
    "ExaGEO CDT": "https://www.exageo.org",
}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO, capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


@pytest.mark.parametrize("page", ["supervision", "research"])
def test_the_sites_supervision_list_is_the_seeds(real_site, page):
    soup = BeautifulSoup((real_site / page / "index.html").read_text("utf-8"), "lxml")
    items = soup.select("ul.labsite-supervision > li")
    assert [" ".join(li.get_text().split()) for li in items] == SEED_SUPERVISION
    links = {a.get_text(): a["href"] for li in items for a in li.select("a")}
    assert links == SEED_SUPERVISION_LINKS


def test_the_people_file_matches_the_seed_for_each_named_student():
    people, problems = load_people(REPO / "data" / "people.yml", "data/people.yml")
    assert problems == ()
    by_name = {m.name: m for m in people.members}
    assert set(by_name) == {"Viktor Wu", "Antonella Marsella", "Tobias Froehlich", "Fay Bennedik"}
    for member in people.members:
        line = next(s for s in SEED_SUPERVISION if s.startswith(member.name))
        assert member.programme and member.programme in line
        for supervisor in member.supervisors:
            assert supervisor in line, (member.name, supervisor)
        assert member.role == "" and member.start is None and member.end is None  # not in the seed


def test_a_members_page_title_cannot_carry_markup(site):
    people = "members:\n  - id: evil\n    name: '</title><script>alert(1)</script>'\n"
    build = site({"index.md": "# Home\n"}, people=people)
    assert build.returncode == 0, build.output
    soup = build.html("people/evil/index.html")
    assert soup.title.get_text().startswith("/titlescriptalert(1)/script")
    assert soup.select_one("article h1").get_text() == "</title><script>alert(1)</script>"
    assert "<script>alert(1)" not in (build.site / "people/evil/index.html").read_text("utf-8")
