"""Stage 3: select, sort and group papers."""

from __future__ import annotations

import pytest

from labsite.bib.model import Paper
from labsite.bib.query import group_papers, select, sort_papers, year_predicate
from labsite.diagnostics import LabsiteError
from labsite.text.names import parse_people


def paper(key, *, year=None, month=None, title=None, type="article", authors="", **kw):
    return Paper(
        key=key,
        entry_type=type,
        title=title or key.capitalize(),
        year=year,
        month=month,
        authors=parse_people(authors),
        **kw,
    )


PAPERS = (
    paper(
        "a2018",
        year=2018,
        title="Beta",
        authors=r"J{\"o}rg M{\"u}ller and Ann Lee",
        keywords=("Sampling", "MCMC"),
    ),
    paper(
        "b2020",
        year=2020,
        month=3,
        title="alpha",
        type="inproceedings",
        authors="Muller, Jorg",
        selected=True,
        keywords=("deep learning",),
    ),
    paper("c2021", year=2021, title="Gamma", type="inproceedings", authors="Jan Müller"),
    paper("d2022", year=2022, month=5, title="Delta", authors="Ann Lee"),
    paper("e2022", year=2022, month=1, title="Epsilon", authors="Ann Lee"),
    paper("rev", title="Review me", type="misc", authors="Ann Lee", status="Under review"),
    paper("planned", title="Planned thing", type="misc", authors="Ann Lee", status="Planned"),
    paper("undated", title="Zeta undated", type="misc", authors="Ann Lee"),
    paper("sub2023", year=2023, title="Submitted", type="misc", status="Submitted"),
)


def keys(papers):
    return [p.key for p in papers]


# --------------------------------------------------------------------------- select


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (2022, ["d2022", "e2022"]),
        ("2021", ["c2021"]),
        ("2020-2022", ["b2020", "c2021", "d2022", "e2022"]),
        ("2020 – 2021", ["b2020", "c2021"]),
        ("2021-", ["c2021", "d2022", "e2022", "sub2023"]),
        ("-2019", ["a2018"]),
        ([2018, 2021], ["a2018", "c2021"]),
        ([2018, "2022-"], ["a2018", "d2022", "e2022", "sub2023"]),
    ],
)
def test_select_by_year(spec, expected):
    assert keys(select(PAPERS, year=spec)) == expected


def test_open_year_range_excludes_undated():
    assert "undated" not in keys(select(PAPERS, year="-2100"))
    assert "rev" not in keys(select(PAPERS, year="2000-"))


@pytest.mark.parametrize("spec", ["20-22", "abc", "-", "2020-2021-2022", True, ""])
def test_bad_year_spec_raises(spec):
    with pytest.raises(LabsiteError):
        select(PAPERS, year=spec)
    with pytest.raises(LabsiteError):
        year_predicate(spec)


def test_select_by_type():
    assert keys(select(PAPERS, type="article")) == ["a2018", "d2022", "e2022"]
    assert keys(select(PAPERS, type=["@InProceedings"])) == ["b2020", "c2021"]
    assert keys(select(PAPERS, type=("article", "inproceedings"))) == [
        "a2018",
        "b2020",
        "c2021",
        "d2022",
        "e2022",
    ]


@pytest.mark.parametrize(
    "author", ["Jörg Müller", r"J{\"o}rg M{\"u}ller", "Muller, Jorg", ["MÜLLER, JÖRG"]]
)
def test_select_by_author_name_variants(author):
    assert keys(select(PAPERS, author=author)) == ["a2018", "b2020"]


def test_select_by_author_does_not_match_other_first_names():
    assert keys(select(PAPERS, author="Jan Müller")) == ["c2021"]
    assert keys(select(PAPERS, author="Ann Müller")) == []


def test_select_by_several_authors():
    assert keys(select(PAPERS, author=["Jan Müller", "Jörg Müller"])) == [
        "a2018",
        "b2020",
        "c2021",
    ]


def test_select_author_naming_nobody_raises():
    with pytest.raises(LabsiteError):
        select(PAPERS, author="")


def test_select_by_keyword_case_insensitive():
    assert keys(select(PAPERS, keyword="mcmc")) == ["a2018"]
    assert keys(select(PAPERS, keyword="Deep Learning")) == ["b2020"]
    assert keys(select(PAPERS, keyword=["sampling", "DEEP LEARNING"])) == ["a2018", "b2020"]
    assert keys(select(PAPERS, keyword="learning")) == []


def test_select_selected():
    assert keys(select(PAPERS, selected=True)) == ["b2020"]
    assert "b2020" not in keys(select(PAPERS, selected=False))
    assert len(select(PAPERS, selected=False)) == len(PAPERS) - 1


def test_select_by_status():
    assert keys(select(PAPERS, status="published")) == [
        "a2018",
        "b2020",
        "c2021",
        "d2022",
        "e2022",
        "undated",
    ]
    assert keys(select(PAPERS, status="Under review")) == ["rev"]
    assert keys(select(PAPERS, status="under-review")) == ["rev"]
    assert keys(select(PAPERS, status=["Under review", "planned"])) == ["rev", "planned"]


def test_select_keys_in_given_order():
    assert keys(select(PAPERS, keys=["d2022", "a2018", "missing", "b2020"])) == [
        "d2022",
        "a2018",
        "b2020",
    ]
    assert keys(select(PAPERS, keys="c2021")) == ["c2021"]
    assert keys(select(PAPERS, keys=[])) == []


def test_filters_combine():
    assert keys(select(PAPERS, author="Ann Lee", year="2022-", type="article")) == [
        "d2022",
        "e2022",
    ]
    assert keys(select(PAPERS, keys=["e2022", "c2021", "a2018"], type="article")) == [
        "e2022",
        "a2018",
    ]


def test_no_filters_returns_everything():
    assert keys(select(PAPERS)) == keys(PAPERS)


# --------------------------------------------------------------------------- sort


def test_sort_by_year_newest_first_undated_first():
    ordered = keys(sort_papers(PAPERS))
    # Undated work (planned, under review, ...) comes first, then newest to oldest,
    # month breaking ties within a year.
    assert set(ordered[:3]) == {"rev", "planned", "undated"}
    assert ordered[3:] == ["sub2023", "d2022", "e2022", "c2021", "b2020", "a2018"]


def test_sort_by_year_oldest_first():
    ordered = keys(sort_papers(PAPERS, "year", reverse=False))
    assert ordered[:6] == ["a2018", "b2020", "c2021", "e2022", "d2022", "sub2023"]
    assert set(ordered[6:]) == {"rev", "planned", "undated"}


def test_sort_by_year_ties_broken_alphabetically():
    same_year = (
        paper("b", year=2021, title="Beta"),
        paper("g", year=2021, title="Gamma"),
        paper("a", year=2021, title="Alpha"),
    )
    assert keys(sort_papers(same_year)) == ["a", "b", "g"]


def test_sort_by_title_case_and_accent_insensitive():
    items = (
        paper("x", title="zebra"),
        paper("y", title="Émile"),
        paper("z", title="apple"),
        paper("w", title="Banana"),
    )
    assert keys(sort_papers(items, "title")) == ["z", "w", "y", "x"]
    assert keys(sort_papers(items, "title", reverse=True)) == ["x", "y", "w", "z"]


def test_sort_by_key_and_author():
    items = (
        paper("Beta", authors="Zed Zulu", year=2000),
        paper("alpha", authors="Ann Able", year=2001),
    )
    assert keys(sort_papers(items, "key")) == ["alpha", "Beta"]
    assert keys(sort_papers(items, "author")) == ["alpha", "Beta"]


def test_sort_does_not_modify_input():
    items = list(PAPERS)
    sort_papers(items, "title")
    assert keys(items) == keys(PAPERS)


def test_bad_sort_raises():
    with pytest.raises(LabsiteError, match="colour"):
        sort_papers(PAPERS, "colour")


# --------------------------------------------------------------------------- group


def test_group_by_year_with_unpublished_under_status():
    groups = group_papers(sort_papers(PAPERS), "year")
    labels = [g.label for g in groups]
    assert labels[-4:] == ["2022", "2021", "2020", "2018"]
    assert set(labels[:3]) == {"Undated", "Under review", "Planned"}
    by_label = {g.label: keys(g.papers) for g in groups}
    assert by_label["2022"] == ["d2022", "e2022"]
    assert by_label["Under review"] == ["rev"]
    assert by_label["Planned"] == ["planned"]
    assert by_label["Undated"] == ["undated"]
    # Every paper is in exactly one group.
    assert sorted(k for g in groups for k in keys(g.papers)) == sorted(keys(PAPERS))


def test_group_by_type():
    groups = group_papers(sort_papers(PAPERS, "file"), "type")
    by_label = {g.label: keys(g.papers) for g in groups}
    assert by_label["Journal articles"] == ["a2018", "d2022", "e2022"]
    assert by_label["Conference papers"] == ["b2020", "c2021"]
    assert by_label["Other"] == ["rev", "planned", "undated", "sub2023"]


def test_group_by_type_unknown_label_is_capitalised():
    groups = group_papers([paper("s", type="software")], "type")
    assert [g.label for g in groups] == ["Software"]


def test_group_by_keyword_puts_paper_in_each_group():
    groups = group_papers(PAPERS[:2], "keyword")
    assert [(g.label, keys(g.papers)) for g in groups] == [
        ("Sampling", ["a2018"]),
        ("MCMC", ["a2018"]),
        ("deep learning", ["b2020"]),
    ]


def test_group_by_none_is_one_unlabelled_group():
    groups = group_papers(PAPERS, None)
    assert len(groups) == 1
    assert groups[0].label == ""
    assert keys(groups[0].papers) == keys(PAPERS)


def test_bad_group_by_raises():
    with pytest.raises(LabsiteError, match="colour"):
        group_papers(PAPERS, "colour")
