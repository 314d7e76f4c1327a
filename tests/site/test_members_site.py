"""People in built sites: the People page, member pages, the macros' messages, and this
site's supervision list as the seed has it.

Every person here is invented (tests/samples/people.py), except in the tests of the real
site, which check it against its seed.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from labsite.data.members import load_people

from ..samples.people import BIB, PEOPLE
from ..support import BASE_CONFIG, REPO

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
