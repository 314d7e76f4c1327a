"""Stage 2: raw entries to immutable Paper records."""

from __future__ import annotations

import dataclasses

import pytest

import labsite.bib.model as model
from labsite.bib.load import parse_text
from labsite.bib.model import Paper, arxiv_id_of, build_papers, doi_of
from labsite.diagnostics import Level
from labsite.text.urls import safe_url


def build(text: str, file: str = "papers.bib"):
    result = parse_text(text, file)
    assert result.problems == (), result.problems
    papers, problems = build_papers(result.entries)
    return {p.key: p for p in papers}, list(problems)


def problems_for(problems, key):
    return [p for p in problems if p.key == key]


FULL = r"""@inproceedings{vlaar2023,
  abbr = {ICML},
  title = {Multirate {Training} of Neural Networks},
  author = {Vlaar, Tiffany* and Leimkuhler, Benedict\dag and others},
  editor = {Ann Editor},
  booktitle = {Proceedings of the 40th International Conference on Machine Learning},
  year = {2023},
  month = jul,
  pages = {1--12},
  volume = {202},
  number = {3},
  publisher = {PMLR},
  note = {Spotlight},
  award = {Top 3\% of submissions},
  award_name = {Oral; Best paper},
  selected = {true},
  keywords = {optimisation, Deep Learning; sampling},
  summary = {We train \emph{faster}.},
  abstract = {An {\"o} abstract with $x^2$.},
  url = {https://proceedings.mlr.press/v202/vlaar23a.html},
  pdf = {vlaar23a.pdf},
  arxiv = {2106.10771},
  doi = {https://doi.org/10.5555/ABC.123},
  blog = {https://blog.example.org/post},
  slides = {https://example.org/slides.pdf},
  poster = {https://example.org/poster.pdf},
  errata = {https://example.org/errata},
  code = {https://github.com/x/y},
  video = {https://youtu.be/abc},
  website = {https://proceedings.mlr.press/v202/vlaar23a.html},
}
"""


@pytest.fixture(scope="module")
def built():
    papers, problems = build(FULL)
    return papers["vlaar2023"], problems


class TestFullEntry:
    def test_no_problems(self, built):
        _, problems = built
        assert problems == []

    def test_basic_fields(self, built):
        paper, _ = built
        assert paper.key == "vlaar2023"
        assert paper.entry_type == "inproceedings"
        assert paper.title == "Multirate Training of Neural Networks"
        assert paper.abbr == "ICML"
        assert paper.year == 2023
        assert paper.month == 7
        assert paper.day is None
        assert paper.venue == "Proceedings of the 40th International Conference on Machine Learning"
        assert paper.pages == "1\u201312"
        assert paper.volume == "202"
        assert paper.number == "3"
        assert paper.publisher == "PMLR"
        assert paper.note == "Spotlight"
        assert paper.file == "papers.bib"
        assert paper.line == 1
        assert paper.source.startswith("@inproceedings{vlaar2023,")

    def test_people(self, built):
        paper, _ = built
        assert [a.full for a in paper.authors] == ["Tiffany Vlaar", "Benedict Leimkuhler", "et al."]
        assert [a.markers for a in paper.authors] == [("*",), ("†",), ()]
        assert paper.has_markers
        assert [e.full for e in paper.editors] == ["Ann Editor"]

    def test_custom_fields(self, built):
        paper, _ = built
        assert paper.awards == ("Oral", "Best paper")
        assert paper.award_description == "Top 3% of submissions"
        assert paper.selected is True
        assert paper.keywords == ("optimisation", "Deep Learning", "sampling")
        assert paper.summary == "We train faster."
        assert paper.status == ""
        assert paper.is_published
        assert paper.abstract == "An ö abstract with $x^2$."

    def test_identifiers(self, built):
        paper, _ = built
        assert paper.arxiv == "2106.10771"
        assert paper.doi == "10.5555/ABC.123"

    def test_links_in_order_and_deduplicated(self, built):
        paper, _ = built
        assert [(link.kind, link.url) for link in paper.links] == [
            ("url", "https://proceedings.mlr.press/v202/vlaar23a.html"),
            ("pdf", "vlaar23a.pdf"),
            ("arxiv", "https://arxiv.org/abs/2106.10771"),
            ("doi", "https://doi.org/10.5555/ABC.123"),
            ("blog", "https://blog.example.org/post"),
            ("slides", "https://example.org/slides.pdf"),
            ("poster", "https://example.org/poster.pdf"),
            ("errata", "https://example.org/errata"),
            ("code", "https://github.com/x/y"),
            ("video", "https://youtu.be/abc"),
        ]
        # "website" repeats "url" and is left out.
        assert "website" not in [link.kind for link in paper.links]
        assert paper.links[0].label == "paper"
        assert paper.links[1].label == "PDF"

    def test_fields_keep_everything_as_written(self, built):
        paper, _ = built
        assert paper.fields["award"] == r"Top 3\% of submissions"
        assert paper.fields["month"] == "July"


def test_award_without_award_name_is_the_badge():
    papers, _ = build("@misc{a, title = {T}, award = {Best paper; Oral}}\n")
    assert papers["a"].awards == ("Best paper", "Oral")
    assert papers["a"].award_description == ""


def test_selected_false_and_missing():
    papers, _ = build("@misc{a, title = {A}, selected = {false}}\n@misc{b, title = {B}}\n")
    assert papers["a"].selected is False
    assert papers["b"].selected is False


def test_duplicate_link_urls_keep_the_first_kind():
    papers, _ = build(
        "@misc{d, title = {D}, url = {https://x.org/a}, pdf = {https://x.org/a},"
        " html = {https://x.org/b}}\n"
    )
    assert [(link.kind, link.url) for link in papers["d"].links] == [
        ("url", "https://x.org/a"),
        ("html", "https://x.org/b"),
    ]


def test_link_url_latex_is_cleaned():
    papers, _ = build(r"@misc{u, title = {U}, url = {\url{https://x.org/a{\_}b}}}" + "\n")
    assert [link.url for link in papers["u"].links] == ["https://x.org/a_b"]


# --------------------------------------------------------------------------- arXiv / DOI


def test_arxiv_eprint_with_archiveprefix():
    papers, problems = build(
        "@article{e, author = {A. B}, title = {E}, journal = {J}, year = 2020,\n"
        "  eprint = {2101.00001v2}, archiveprefix = {arXiv}}\n"
    )
    assert problems == []
    paper = papers["e"]
    assert paper.arxiv == "2101.00001v2"
    assert [(link.kind, link.url) for link in paper.links] == [
        ("arxiv", "https://arxiv.org/abs/2101.00001v2")
    ]


def test_eprint_without_arxiv_prefix_is_not_arxiv():
    papers, _ = build("@misc{e, title = {E}, eprint = {2101.00001}, archiveprefix = {HAL}}\n")
    assert papers["e"].arxiv == ""
    assert papers["e"].links == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2106.10771", "2106.10771"),
        ("arXiv:2106.10771v3", "2106.10771v3"),
        ("https://arxiv.org/abs/2106.10771", "2106.10771"),
        ("https://arxiv.org/pdf/2106.10771.pdf", "2106.10771"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("not an id", None),
    ],
)
def test_arxiv_id_of(value, expected):
    assert arxiv_id_of(value) == expected


def test_arxiv_field_with_prefix_gives_abs_link():
    papers, _ = build("@misc{a, title = {A}, arxiv = {arXiv:1234.5678}}\n")
    assert [link.url for link in papers["a"].links] == ["https://arxiv.org/abs/1234.5678"]


def test_bad_arxiv_value_is_reported_and_dropped():
    papers, problems = build("@misc{a,\n  title = {A},\n  arxiv = {soon},\n}\n")
    assert papers["a"].links == ()
    found = problems_for(problems, "a")
    assert len(found) == 1
    assert "arxiv" in found[0].message
    assert found[0].line == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.1000/xyz", "10.1000/xyz"),
        ("https://doi.org/10.1000/xyz", "10.1000/xyz"),
        ("http://dx.doi.org/10.1000/xyz", "10.1000/xyz"),
        ("doi:10.1000/xyz", "10.1000/xyz"),
        (r"10.1000/a\_b", "10.1000/a_b"),
    ],
)
def test_doi_normalised(value, expected):
    assert doi_of(value) == expected
    papers, _ = build(f"@misc{{d, title = {{D}}, doi = {{{value}}}}}\n")
    assert papers["d"].doi == expected
    assert [link.url for link in papers["d"].links] == [f"https://doi.org/{expected}"]


# --------------------------------------------------------------------------- URL safety

UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "\x00javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "",
    "   ",
]


@pytest.mark.parametrize("url", UNSAFE)
def test_safe_url_rejects(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=1#c",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG",
        "mailto:me@example.org",
        "papers/x.pdf",
        "/papers/x.pdf",
        "../x.pdf",
        "#section",
    ],
)
def test_safe_url_keeps(url):
    assert safe_url(url) == url


def test_unsafe_links_dropped_with_problem_naming_the_field():
    text = """@misc{x,
  title = {X},
  url = {javascript:alert(1)},
  pdf = {JaVaScRiPt:alert(1)},
  code = {java\tscript:alert(1)},
  slides = {data:text/html,<script>alert(1)</script>},
  poster = {vbscript:msgbox(1)},
  video = {//evil.example},
  blog = {mailto:me@x.org},
  errata = {/errata.html},
  website = {https://ok.example/},
  html = {http://ok.example/h},
}
"""
    papers, problems = build(text)
    paper = papers["x"]
    assert [(link.kind, link.url) for link in paper.links] == [
        ("html", "http://ok.example/h"),
        ("blog", "mailto:me@x.org"),
        ("errata", "/errata.html"),
        ("website", "https://ok.example/"),
    ]
    found = problems_for(problems, "x")
    assert all(p.level is Level.ERROR for p in found)
    by_field = {}
    for problem in found:
        for name in ("url", "pdf", "code", "slides", "poster", "video"):
            if f"'{name}'" in problem.message:
                by_field[name] = problem.line
    assert by_field == {"url": 3, "pdf": 4, "code": 5, "slides": 6, "poster": 7, "video": 8}
    assert len(found) == 6


# --------------------------------------------------------------------------- checks


def test_missing_required_fields_warning():
    papers, problems = build("@article{inc,\n  title = {Only a title},\n}\n")
    assert "inc" in papers  # still shown
    found = problems_for(problems, "inc")
    assert len(found) == 1
    assert found[0].level is Level.WARNING
    for name in ("author", "journal", "year"):
        assert name in found[0].message
    assert "title" not in found[0].message.split(":", 1)[1]
    assert found[0].line == 1


def test_book_needs_author_or_editor():
    _, problems = build("@book{b, title = {B}, publisher = {P}, year = 2000}\n")
    assert len(problems) == 1
    assert "author or editor" in problems[0].message
    _, problems = build("@book{b, editor = {E. D}, title = {B}, publisher = {P}, year = 2000}\n")
    assert problems == []


@pytest.mark.parametrize("status", ["Under review", "Submitted", "In preparation", "Planned"])
def test_no_missing_fields_warning_for_unpublished(status):
    papers, problems = build(f"@article{{r, title = {{Work}}, status = {{{status}}}}}\n")
    assert problems == []
    paper = papers["r"]
    assert paper.status == status
    assert not paper.is_published


def test_unpublished_without_title_is_reported():
    _, problems = build("@article{r, author = {A. B}, status = {Under review}}\n")
    assert len(problems) == 1
    assert "title" in problems[0].message


def test_status_slug_and_is_published():
    papers, _ = build(
        "@misc{a, title = {A}, status = {Under Review!}}\n"
        "@misc{b, title = {B}}\n"
        "@misc{c, title = {C}, status = {Published}}\n"
    )
    assert papers["a"].status_slug == "under-review"
    assert papers["a"].is_published is False
    assert papers["b"].status_slug == "published"
    assert papers["b"].is_published is True
    assert papers["c"].status == ""
    assert papers["c"].is_published is True


def test_unknown_entry_type_warning_shown_as_misc():
    papers, problems = build("@weirdtype{w,\n  title = {Weird},\n}\n")
    assert papers["w"].entry_type == "misc"
    found = problems_for(problems, "w")
    assert len(found) == 1
    assert found[0].level is Level.WARNING
    assert "weirdtype" in found[0].message
    assert found[0].line == 1


def test_bad_year_and_unknown_month_warnings_with_field_lines():
    papers, problems = build(
        "@misc{b,\n  title = {T},\n  year = {circa},\n  month = {Smarch},\n}\n"
    )
    paper = papers["b"]
    assert paper.year is None
    assert paper.month is None
    year = [p for p in problems if "year" in p.message]
    month = [p for p in problems if "month" in p.message]
    assert len(year) == 1 and year[0].line == 3 and "circa" in year[0].message
    assert len(month) == 1 and month[0].line == 4 and "Smarch" in month[0].message
    assert all(p.level is Level.WARNING for p in problems)


@pytest.mark.parametrize(
    ("month", "number"),
    [
        ("jan", 1),
        ("{Jan.}", 1),
        ("{12}", 12),
        ('"September"', 9),
        ("{mars}", 3),
        ('dec # "~1"', 12),
    ],
)
def test_month_values(month, number):
    papers, problems = build(f"@misc{{m, title = {{M}}, year = 2020, month = {month}}}\n")
    assert problems == []
    assert papers["m"].month == number


def test_month_out_of_range_is_a_warning():
    papers, problems = build("@misc{m, title = {M}, year = 2020, month = {13}}\n")
    assert papers["m"].month is None
    assert len(problems) == 1


def test_date_field():
    papers, problems = build("@online{d, title = {D}, date = {2021-03-04}}\n")
    assert problems == []
    assert (papers["d"].year, papers["d"].month, papers["d"].day) == (2021, 3, 4)


def test_year_with_suffix():
    papers, _ = build("@misc{y, title = {Y}, year = {2019a}}\n")
    assert papers["y"].year == 2019


# --------------------------------------------------------------------------- crossref


def test_crossref_inherits_booktitle_from_parent_title():
    papers, problems = build("""@proceedings{proc,
  title = {Proceedings of Things},
  year = {2019},
  publisher = {P},
}
@inproceedings{child,
  author = {C. D},
  title = {Child},
  crossref = {PROC},
}
""")
    assert problems == []
    child = papers["child"]
    assert child.title == "Child"
    assert child.venue == "Proceedings of Things"
    assert child.year == 2019
    assert child.publisher == "P"
    assert child.fields["booktitle"] == "Proceedings of Things"


def test_crossref_does_not_override_child_fields():
    papers, _ = build(
        "@proceedings{p, title = {Parent}, year = 2019}\n"
        "@inproceedings{c, author = {A. B}, title = {C}, booktitle = {Own}, year = 2020,"
        " crossref = {p}}\n"
    )
    assert papers["c"].venue == "Own"
    assert papers["c"].year == 2020


def test_missing_crossref_target_reported():
    papers, problems = build(
        "@inproceedings{orphan,\n  author = {C. D},\n  title = {O},\n  booktitle = {B},\n"
        "  year = 2020,\n  crossref = {nothere},\n}\n"
    )
    assert "orphan" in papers
    found = problems_for(problems, "orphan")
    assert len(found) == 1
    assert "nothere" in found[0].message
    assert found[0].line == 1


def test_crossref_cycle_reported():
    papers, problems = build(
        "@misc{cyc1, title = {C1}, crossref = {cyc2}}\n"
        "@misc{cyc2, title = {C2}, crossref = {cyc1}}\n"
    )
    assert set(papers) == {"cyc1", "cyc2"}
    cycles = [p for p in problems if "cycle" in p.message]
    assert {p.key for p in cycles} == {"cyc1", "cyc2"}


def test_self_crossref_is_a_cycle():
    _, problems = build("@misc{me, title = {Me}, crossref = {me}}\n")
    assert len(problems) == 1
    assert "cycle" in problems[0].message


# --------------------------------------------------------------------------- misc


def test_empty_key_entry_left_out_with_problem():
    papers, problems = build("@misc{ok, title = {OK}}\n@misc{, title = {No key}}\n")
    assert list(papers) == ["ok"]
    assert len(problems) == 1
    assert problems[0].key == ""
    assert problems[0].line == 2
    assert problems[0].level is Level.ERROR
    assert "entry with an empty key" in str(problems[0])


def test_title_falls_back_to_key():
    papers, _ = build("@misc{nameless, howpublished = {Web}}\n")
    assert papers["nameless"].title == "nameless"


def test_unreadable_title_latex_is_reported_and_shown_without_markup():
    papers, problems = build("@misc{t,\n  title = {\\emph{Rates} of $x unclosed},\n}\n")
    found = problems_for(problems, "t")
    assert papers["t"].title == "Rates of $x unclosed"
    assert len(found) == 1
    assert "title" in found[0].message
    assert found[0].line == 2


def test_paper_is_frozen():
    papers, _ = build("@misc{f, title = {F}, note = {n}}\n")
    paper = papers["f"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        paper.title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        paper.fields["note"] = "changed"  # type: ignore[index]
    assert paper.title == "F"
    assert paper.fields["note"] == "n"


def test_abstract_is_converted_lazily(monkeypatch):
    calls = []
    original = model.to_text_lenient

    def spy(value):
        calls.append(value)
        return original(value)

    monkeypatch.setattr(model, "to_text_lenient", spy)
    papers, problems = build(r"@misc{a, title = {A}, abstract = {\emph{Broken} $math}}" + "\n")
    assert "abstract" not in {f.name for f in dataclasses.fields(Paper)}
    # Nothing converted (and nothing reported) before the abstract is asked for.
    assert calls == []
    assert problems == []
    assert papers["a"].abstract == "Broken $math"
    assert calls == [r"\emph{Broken} $math"]


def test_no_abstract_is_empty_string():
    papers, _ = build("@misc{a, title = {A}}\n")
    assert papers["a"].abstract == ""


@pytest.mark.parametrize(
    ("date", "year", "month", "day", "season", "warned"),
    [
        ("1928-24", 1928, None, None, "Winter", False),  # EDTF seasons: 21-24
        ("2001-21", 2001, None, None, "Spring", False),
        ("1997/2001", 1997, None, None, "", False),  # a range: its start
        ("2005/..", 2005, None, None, "", False),  # open end
        ("../2003", 2003, None, None, "", False),  # open start: the end
        ("1547~", 1547, None, None, "", False),  # approximate
        ("2004-06-11?", 2004, 6, 11, "", False),  # uncertain
        ("-0044", None, None, None, "", True),  # before the year 1
        ("2020-13", 2020, None, None, "", True),  # neither month nor season
        ("2021-02-30", 2021, 2, None, "", True),  # no such day
        ("circa 1900", None, None, None, "", True),
    ],
)
def test_biblatex_dates_are_read_or_warned_about(date, year, month, day, season, warned):
    papers, problems = build(
        f"@article{{d,\n  author = {{A. Person}},\n  title = {{T}},\n  journal = {{J}},\n"
        f"  date = {{{date}}},\n}}\n"
    )
    paper = papers["d"]
    assert (paper.year, paper.month, paper.day, paper.season) == (year, month, day, season)
    date_problems = [p for p in problems_for(problems, "d") if "date" in p.message]
    assert bool(date_problems) == warned, date_problems
    assert all(p.line == 5 for p in date_problems)
    assert not any("missing required" in p.message for p in problems) or year is None


def test_a_season_is_shown_in_both_citation_styles():
    from labsite.render.citation_styles import apa, ieee

    papers, _ = build(
        "@article{w,\n  author = {Ann Author},\n  title = {Cold},\n  journal = {J},\n"
        "  date = {1928-24},\n}\n"
    )
    assert "(1928, Winter)" in str(apa(papers["w"]))
    assert "Winter 1928" in str(ieee(papers["w"]))


def test_styles_render_a_month_the_model_would_never_give():
    """Papers made by other code may hold any month: a style never raises on it."""
    import dataclasses

    from labsite.render.citation_styles import apa, ieee

    papers, _ = build(
        "@article{m,\n  author = {A. B},\n  title = {T},\n  journal = {J},\n  year = {2020},\n}\n"
    )
    for month in (0, 13, 24, -1):
        odd = dataclasses.replace(papers["m"], month=month)
        assert "2020" in str(ieee(odd)) and "2020" in str(apa(odd))


def test_a_venue_ending_in_a_separator_is_shown_without_it():
    """al-folio's example writes journal = {Phys. Rev.,}: no doubled comma after it."""
    from labsite.bib.load import parse_text
    from labsite.bib.model import build_papers

    text = "@article{k, author = {A. B.}, title = {T}, journal = {Phys. Rev.,}, year = 1935}"
    papers, _ = build_papers(parse_text(text, "f.bib").entries)
    assert papers[0].venue == "Phys. Rev."
