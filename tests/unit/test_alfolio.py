"""al-folio's bibliography comes over whole: every field its publication layout shows,
its data files (venues, co-authors), its asset folders, and the BibTeX it shows."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labsite.bib.bibliography import load_bibliography, with_local_links
from labsite.bib.checks import local_links, unused_fields
from labsite.bib.load import parse_text
from labsite.bib.model import build_papers
from labsite.bib.query import Group
from labsite.bib.services import service_links, unlinked_service_problems
from labsite.data.alfolio import load_coauthors, load_venues, with_alfolio_data
from labsite.diagnostics import Level
from labsite.export.bibtex import citation_bibtex
from labsite.hosts.markup import inline_markdown
from labsite.render.renderer import Renderer, key_anchor
from labsite.render.scholar import highwire_tags, json_ld
from labsite.settings import HIDDEN_BIBTEX_FIELDS, Settings, Venue
from labsite.text.css import css_color
from labsite.text.latex import AAS_MACROS, to_text, unknown_commands

from ..support import corpus_or_skip

# An entry with every field al-folio's _layouts/bib.liquid shows (invented values).
ENTRY = r"""@article{doe2024shown,
  abbr = {PhysRev},
  title = {Every Field Shown},
  author = {Doe*, Jane and Roe†, Richard and Poe, Edgar and Moe, Mia and Zoe, Zed},
  journal = {\apj},
  location = {New Jersey},
  volume = {47},
  pages = {777--780},
  year = {2024},
  month = may,
  doi = {10.1000/example.1},
  arxiv = {2401.01234},
  pdf = {doe2024.pdf},
  supp = {doe2024-supp.pdf},
  html = {doe2024.html},
  preview = {doe2024.png},
  altmetric = {248277},
  dimensions = true,
  google_scholar_id = {qyhmnyLat1gC},
  inspirehep_id = {3255},
  hal = {hal-01234567},
  additional_info = {. *More* [here](https://example.org/more)},
  annotation = {* corresponding<br>† equal},
  award = {The **best** paper},
  award_name = {Best Paper},
  bibtex_show = true,
  selected = {true},
}
"""


def papers_of(text: str):
    result = parse_text(textwrap.dedent(text), "bib/papers.bib")
    papers, problems = build_papers(result.entries)
    return papers, list(result.problems) + list(problems)


@pytest.fixture(scope="module")
def shown():
    papers, problems = papers_of(ENTRY)
    return papers[0], problems


def test_every_shown_field_reaches_the_paper(shown):
    paper, problems = shown
    assert problems == []
    assert paper.venue == "Astrophysical Journal"
    assert paper.location == "New Jersey"
    assert paper.month == 5
    assert paper.additional_info.startswith(". *More*")
    assert paper.annotation == "* corresponding<br>† equal"
    assert paper.preview == "doe2024.png"
    assert paper.awards == ("Best Paper",)
    assert paper.award_description == "The **best** paper"
    assert paper.selected is True
    assert paper.fields["bibtex_show"] == "true"
    assert [link.kind for link in paper.links] == [
        "pdf", "html", "arxiv", "doi", "supp", "hal",
    ]  # fmt: skip
    assert dict((link.kind, link.url) for link in paper.links)["hal"] == (
        "https://hal.science/hal-01234567"
    )


def test_bare_true_and_false_are_values_not_undefined_strings():
    papers, problems = papers_of(
        "@misc{k, title = {T}, bibtex_show = true, selected = TRUE, altmetric = false}"
    )
    assert problems == []
    assert papers[0].selected is True
    assert papers[0].fields["bibtex_show"] == "true"
    assert papers[0].fields["altmetric"] == "false"


def test_a_string_named_true_still_wins():
    papers, problems = papers_of("@string{true = {yes}}\n@misc{k, title = {T}, note = true}")
    assert problems == []
    assert papers[0].note == "yes"


def test_other_undefined_strings_still_warn():
    _, problems = papers_of("@misc{k, title = {T}, journal = nosuchmacro}")
    assert any("nosuchmacro" in p.message for p in problems)


@pytest.mark.parametrize(
    ("macro", "name"),
    [
        ("apj", "Astrophysical Journal"),
        ("apjl", "Astrophysical Journal Letters"),
        ("mnras", "Monthly Notices of the Royal Astronomical Society"),
        ("aj", "Astronomical Journal"),
        ("aap", "Astronomy and Astrophysics"),
        ("prd", "Physical Review D"),
        ("procspie", "Proceedings of the SPIE"),
    ],
)
def test_aas_macros_are_journal_names(macro, name):
    assert to_text(f"\\{macro}") == name
    papers, problems = papers_of(
        f"@article{{k, author = {{A, B}}, title = {{T}}, journal = {{\\{macro}}}, year = 2020}}"
    )
    assert problems == [] and papers[0].venue == name


def test_the_aas_table_has_the_ads_macros():
    assert len(AAS_MACROS) >= 55
    for macro in ("apjs", "araa", "pasp", "icarus", "nat", "jcap", "astap", "apjlett"):
        assert macro in AAS_MACROS


def test_a_command_that_shows_nothing_is_a_warning_naming_the_field():
    papers, problems = papers_of(
        r"@article{k, author = {A, B}, title = {T}, journal = {\nosuchjournal}, year = 2020}"
    )
    assert papers[0].venue == ""
    assert len(problems) == 1
    assert "field 'journal'" in problems[0].message and "\\nosuchjournal" in problems[0].message
    assert problems[0].line == 1 and problems[0].level is Level.WARNING


def test_known_commands_and_math_are_not_reported():
    assert unknown_commands(r"{\"U}ber \textbf{x} $\alpha$ \& \relax") == ()
    # An unknown command before a braced argument shows the argument; a font switch
    # shows what follows it: no text is lost.
    assert unknown_commands(r"\emph{\zzz{q}} {\em x} {\sc y} \rpackage{irace}") == ()
    assert unknown_commands(r"\MaxMinAntSystem{} and \nosuch") == (
        "\\MaxMinAntSystem", "\\nosuch",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("written", "shown"),
    [(r"The \texttt{class} File", "The class File"), (r"Win32\slash Intel", "Win32/Intel"),
     (r"x \mbox{y}", "x y"), (r"a\textbar b", "a|b")],
)  # fmt: skip
def test_commands_that_lost_their_text_show_it(written, shown):
    assert to_text(written) == shown
    assert unknown_commands(written) == ()


def test_service_links_are_plain_links_built_from_the_ids(shown):
    paper, _ = shown
    links = {link.kind: link.url for link in service_links(paper, "USER1")}
    assert links == {
        "altmetric": "https://www.altmetric.com/details/248277",
        "dimensions": "https://badge.dimensions.ai/details/doi/10.1000/example.1",
        "google_scholar_id": "https://scholar.google.com/citations?view_op=view_citation"
        "&hl=en&user=USER1&citation_for_view=USER1:qyhmnyLat1gC",
        "inspirehep_id": "https://inspirehep.net/literature/3255",
    }


def test_altmetric_true_finds_the_paper_by_arxiv_then_doi():
    (paper,), _ = papers_of("@misc{k, title = {T}, altmetric = {true}, arxiv = {2401.01234}}")
    assert service_links(paper)[0].url == "https://www.altmetric.com/details/arxiv/2401.01234"
    (paper,), _ = papers_of("@misc{k, title = {T}, altmetric = {true}, doi = {10.1/x}}")
    assert service_links(paper)[0].url == "https://www.altmetric.com/details/doi/10.1/x"
    (paper,), _ = papers_of("@misc{k, title = {T}, altmetric = {false}, doi = {10.1/x}}")
    assert service_links(paper) == ()


def test_a_badge_that_gives_no_link_is_a_warning():
    papers, _ = papers_of(
        "@misc{k,\n  title = {T},\n  dimensions = {true},\n  google_scholar_id = {abc},\n}"
    )
    problems = unlinked_service_problems(papers, "")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (3, "field 'dimensions' gives no link"),
        (4, "field 'google_scholar_id' gives no link"),
    ]
    assert "scholar_userid" in problems[1].message
    assert [p.message for p in unlinked_service_problems(papers, "U")] == [problems[0].message]


def test_an_id_cannot_break_out_of_its_url():
    (paper,), _ = papers_of('@misc{k, title = {T}, inspirehep_id = {1/../x?y="z"}}')
    url = service_links(paper)[0].url
    assert url.startswith("https://inspirehep.net/literature/")
    assert "/" not in url.removeprefix("https://inspirehep.net/literature/")
    assert '"' not in url and "?" not in url


# -- links where the file is -------------------------------------------------------


def test_relative_links_resolve_to_al_folio_asset_folders(tmp_path, shown):
    paper, _ = shown
    docs = tmp_path / "docs"
    (docs / "assets" / "pdf").mkdir(parents=True)
    (docs / "assets" / "pdf" / "doe2024.pdf").write_bytes(b"%PDF")
    (docs / "assets" / "html").mkdir()
    (docs / "assets" / "html" / "doe2024.html").write_text("x")
    (docs / "assets" / "img" / "publication_preview").mkdir(parents=True)
    (docs / "assets" / "img" / "publication_preview" / "doe2024.png").write_bytes(b"png")
    (docs / "doe2024-supp.pdf").write_bytes(b"%PDF")  # in docs/ as written: kept
    (resolved,), problems = local_links((paper,), docs)
    links = {link.kind: link.url for link in resolved.links}
    assert links["pdf"] == "assets/pdf/doe2024.pdf"
    assert links["html"] == "assets/html/doe2024.html"
    assert links["supp"] == "doe2024-supp.pdf"
    assert resolved.preview == "assets/img/publication_preview/doe2024.png"
    assert problems == []


def test_a_link_to_a_file_that_is_nowhere_is_a_warning(tmp_path, shown):
    paper, _ = shown
    (tmp_path / "docs").mkdir()
    (resolved,), problems = local_links((paper,), tmp_path / "docs")
    kinds = sorted(p.message.split("'")[1] for p in problems)
    assert kinds == ["html", "pdf", "preview", "supp"]
    pdf = next(p for p in problems if "'pdf'" in p.message)
    assert "docs/assets/pdf/doe2024.pdf" in (pdf.hint or "")
    assert pdf.line == 13 and pdf.key == "doe2024shown"
    assert {link.url for link in resolved.links} >= {"doe2024.pdf"}  # kept as written


def test_with_local_links_gives_the_bibliography_resolved(tmp_path):
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "papers.bib").write_text("@misc{k, title = {T}, pdf = {a.pdf}}")
    (tmp_path / "docs" / "assets" / "pdf").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "pdf" / "a.pdf").write_bytes(b"%PDF")
    bibliography = load_bibliography([(tmp_path / "bib" / "papers.bib", "bib/papers.bib")])
    resolved = with_local_links(bibliography, tmp_path / "docs")
    assert resolved.by_key["k"].links[0].url == "assets/pdf/a.pdf"
    assert bibliography.by_key["k"].links[0].url == "a.pdf"  # the cached one untouched


def test_button_head_and_json_ld_give_the_same_pdf_url():
    (paper,), _ = papers_of("@misc{k, title = {T}, year = 2020, pdf = {files/k.pdf}}")
    page = "https://lab.example.org/sub/publications/k/"
    site = "https://lab.example.org/sub/"
    tags = dict(highwire_tags(paper, page, site, "../../"))
    assert tags["citation_pdf_url"] == "https://lab.example.org/sub/files/k.pdf"
    assert json_ld(paper, page, site)["encoding"]["contentUrl"] == tags["citation_pdf_url"]
    # Without a site_url: written as the page's own button is.
    renderer = Renderer(Settings())
    body = BeautifulSoup(
        renderer.render_paper_page(paper, url_prefix="../../", bibtex=""), "html.parser"
    )
    button = body.select_one("a.labsite-link--pdf")["href"]
    assert button == "../../files/k.pdf"
    assert dict(highwire_tags(paper, page, "", "../../"))["citation_pdf_url"] == button


# -- the BibTeX a visitor sees ------------------------------------------------------


def test_the_shown_bibtex_is_the_citation(shown):
    paper, _ = shown
    text = citation_bibtex(Settings())(paper)
    for name in ("pdf", "altmetric", "selected", "bibtex_show", "preview", "abbr",
                 "additional_info", "annotation", "award", "google_scholar_id", "hal"):  # fmt: skip
        assert f"{name} =" not in text, name
    assert "author = {Doe, Jane and Roe, Richard and Poe, Edgar" in text
    assert "doi = {10.1000/example.1}" in text and "journal = {\\apj}" in text


def test_the_hidden_fields_are_a_setting():
    settings = Settings.from_mapping({"bibtex_hide_fields": ["DOI"]}, Path("."))
    (paper,), _ = papers_of("@misc{k, title = {T}, doi = {10.1/x}, pdf = {a.pdf}}")
    text = citation_bibtex(settings)(paper)
    assert "doi" not in text and "pdf = {a.pdf}" in text


def test_the_default_hides_al_folio_filtered_bibtex_keywords():
    # al-folio's _config.yml filtered_bibtex_keywords.
    alfolio = """abbr abstract additional_info altmetric annotation arxiv award award_name
    bibtex_show blog code google_scholar_id html inspirehep_id pdf poster preview selected
    slides supp video website""".split()
    assert set(alfolio) <= set(HIDDEN_BIBTEX_FIELDS)


# -- data files ----------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_venues_in_al_folio_shape(tmp_path):
    path = write(
        tmp_path / "venues.yml",
        """\
        "AJP":
          url: https://aapt.scitation.org/journal/ajp
          color: "#00369f"
        "PhysRev":
          url: https://journals.aps.org/
          color: "#009f36"
        """,
    )
    venues, problems = load_venues(path, "data/venues.yml")
    assert problems == ()
    assert venues.by_abbr["AJP"] == Venue("#00369f", "https://aapt.scitation.org/journal/ajp")


def test_venue_problems_name_file_and_line(tmp_path):
    path = write(
        tmp_path / "venues.yml",
        """\
        "Bad":
          url: javascript:alert(1)
          color: "red; background-image: url(https://tracker.example/x)"
          colour: blue
        """,
    )
    venues, problems = load_venues(path, "data/venues.yml")
    assert venues.by_abbr["Bad"] == Venue("", "")
    lines = sorted((p.line, p.message.split(":")[1].strip()[:12]) for p in problems)
    assert [line for line, _ in lines] == [2, 3, 4]
    assert all(p.file == "data/venues.yml" for p in problems)


@pytest.mark.parametrize(
    "value", ["#abc", "#00369f", "#00369fcc", "rgb(0, 54, 159)", "rgb(0 54 159 / 50%)",
              "hsl(120deg 50% 50%)", "teal"],
)  # fmt: skip
def test_css_colours(value):
    assert css_color(value) == value


@pytest.mark.parametrize(
    "value", ["red;x:y", 'red" onclick="x', "url(x)", "expression(alert(1))", "#ggg",
              "rgb(1,2,3);", "var(--x)", "</style>", ""],
)  # fmt: skip
def test_not_css_colours(value):
    assert css_color(value) is None


def test_coauthors_in_al_folio_shape(tmp_path):
    path = write(
        tmp_path / "coauthors.yml",
        """\
        "adams":
          - firstname: ["Edwin", "E.", "E. P."]
            url: https://en.wikipedia.org/wiki/Edwin_Plimpton_Adams
        "podolsky":
          - firstname: ["Boris", "B."]
            url: https://en.wikipedia.org/wiki/Boris_Podolsky
          - firstname: ["Nobody"]
            urll: https://example.org
        """,
    )
    coauthors, problems = load_coauthors(path, "data/coauthors.yml")
    assert [link.url for link in coauthors.links] == [
        "https://en.wikipedia.org/wiki/Edwin_Plimpton_Adams",
        "https://en.wikipedia.org/wiki/Boris_Podolsky",
    ]
    assert coauthors.links[1].names == ("podolsky, Boris", "podolsky, B.")
    assert sorted(p.line for p in problems) == [7, 8]  # 'url' missing, 'urll' unknown


def test_missing_default_data_files_are_not_problems_but_named_ones_are(tmp_path):
    settings, problems = with_alfolio_data(Settings(root=tmp_path))
    assert problems == () and settings.venues == {}
    named = Settings(root=tmp_path, venues_file="data/my-venues.yml")
    _, problems = with_alfolio_data(named)
    assert [p.file for p in problems] == ["data/my-venues.yml"]


# -- rendering -----------------------------------------------------------------------


def render(settings: Settings, text: str = ENTRY, **kw) -> BeautifulSoup:
    papers, _ = papers_of(text)
    renderer = Renderer(settings, markdown=inline_markdown, bibtex=citation_bibtex(settings))
    html = renderer.render_list([Group(label="", papers=tuple(papers))], **kw)
    return BeautifulSoup(html, "html.parser")


def test_every_field_shows_in_the_list(tmp_path):
    write(tmp_path / "data" / "venues.yml", 'PhysRev:\n  url: https://journals.aps.org/\n'
          '  color: "#009f36"\n')  # fmt: skip
    write(tmp_path / "data" / "coauthors.yml",
          'poe:\n  - firstname: [Edgar]\n    url: https://example.org/poe\n')  # fmt: skip
    settings, problems = with_alfolio_data(Settings(root=tmp_path, scholar_userid="U"))
    assert problems == ()
    soup = render(settings, interactive=True)
    entry = soup.select_one("li.labsite-paper")
    abbr = entry.select_one(".labsite-abbr")
    assert abbr["style"] == "background-color: #009f36; color: #fff"
    assert abbr.a["href"] == "https://journals.aps.org/" and abbr.get_text() == "PhysRev"
    poe = [a for a in entry.select(".labsite-author a") if a.get_text() == "Edgar Poe"]
    assert poe and poe[0]["href"] == "https://example.org/poe"
    venue = entry.select_one(".labsite-venue").get_text(" ", strip=True)
    assert "Astrophysical Journal" in venue and "New Jersey" in venue and "May 2024" in venue
    info = entry.select_one(".labsite-additional-info")
    assert info.em.get_text() == "More" and info.a["href"] == "https://example.org/more"
    assert str(entry.select_one(".labsite-annotation")) == (
        '<span class="labsite-annotation">* corresponding<br/>† equal</span>'
    )
    assert entry.select_one(".labsite-award").get_text() == "Best Paper"
    assert entry.select_one(".labsite-award-description strong").get_text() == "best"
    assert entry.select_one("img.labsite-preview")["src"] == "doe2024.png"
    labels = [a.get_text() for a in entry.select(".labsite-links a")]
    assert labels[-4:] == ["Altmetric", "Dimensions", "Google Scholar", "INSPIRE"]
    assert "HAL" in labels
    assert entry.select_one("#doe2024shown") is not None  # al-folio's #KEY links land
    bibtex = entry.select_one("pre.labsite-bibtex").get_text()
    assert "altmetric" not in bibtex and "Doe, Jane" in bibtex


def test_no_script_or_image_of_another_site_is_loaded():
    soup = render(Settings(scholar_userid="U"))
    assert soup.find("script") is None
    assert all(not img["src"].startswith(("http:", "https:", "//")) for img in soup("img"))


def test_max_author_limit_folds_the_others_for_the_script():
    soup = render(Settings(max_author_limit=3))
    authors = soup.select_one(".labsite-authors")
    rest = authors.select_one(".labsite-more-authors")
    assert rest["data-labsite-more"] == "2"
    shown = [a.get_text() for a in authors.find_all("span", class_="labsite-author")
             if a.find_parent(class_="labsite-more-authors") is None]  # fmt: skip
    assert shown == ["Jane Doe*", "Richard Roe†", "Edgar Poe"]
    assert [a.get_text() for a in rest.select(".labsite-author")] == ["Mia Moe", "Zed Zoe"]
    # Without the script every name shows, joined as in any list.
    assert (
        authors.get_text().strip().startswith("Jane Doe*, Richard Roe†, Edgar Poe, Mia Moe and Zed")
    )
    # Without the setting, or with enough room, nothing is folded.
    assert render(Settings()).select_one(".labsite-more-authors") is None
    assert render(Settings(max_author_limit=5)).select_one(".labsite-more-authors") is None


def test_the_script_folds_and_shows_the_other_authors():
    script = (Path(__file__).parents[2] / "plugins/labsite/render/assets/labsite.js").read_text()
    assert "function foldAuthors(root)" in script and "foldAuthors(document);" in script


def test_markdown_fields_cannot_inject_html():
    bad = (
        "<script>alert(1)</script> [x](javascript:alert(1)) "
        "![i](https://t.example/p.png) <img src=x onerror=alert(1)>"
    )
    text = ENTRY.replace("additional_info = {. *More* [here](https://example.org/more)}",
                         f"additional_info = {{{bad}}}")  # fmt: skip
    text = text.replace("annotation = {* corresponding<br>† equal}",
                        "annotation = {<b onclick=x>a</b><br/>b}")  # fmt: skip
    soup = render(Settings(), text)
    info = soup.select_one(".labsite-additional-info")
    assert info.find("script") is None and info.find("img") is None
    assert [a.attrs for a in info.find_all("a")] == [{}]
    assert "<script>" in info.get_text()
    annotation = soup.select_one(".labsite-annotation")
    assert annotation.find("b") is None and "<b onclick=x>" in annotation.get_text()


def test_key_anchor_only_for_keys_that_can_be_ids():
    assert key_anchor("PhysRev.47.777") == "PhysRev.47.777"
    assert key_anchor("a key") is None and key_anchor("paper-x") is None


def test_unused_fields_are_named():
    papers, _ = papers_of("@misc{k,\n  title = {T},\n  zzfancy = {1},\n  numpages = {0},\n}")
    problems = unused_fields(tuple(papers))
    assert [(p.line, p.message.split(" is ")[0]) for p in problems] == [(3, "field 'zzfancy'")]


# -- al-folio's own example ---------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["papers.bib", "papers_2024.bib"])
def test_al_folio_example_has_every_field_shown(name):
    path = corpus_or_skip() / "al-folio" / name
    bibliography = load_bibliography([(path, name)])
    messages = [p.message for p in bibliography.problems]
    # Only what al-folio's example really lacks (an @article without a journal).
    assert all("missing required field(s)" in m for m in messages), messages
    papers = tuple(bibliography.papers)
    assert unused_fields(papers) == []
    by_key = bibliography.by_key
    assert by_key["einstein1956investigations"].preview == "brownian-motion.gif"
    physrev = by_key["PhysRev.47.777"]
    assert physrev.month == 5 and physrev.fields["altmetric"] == "248277"
    if name == "papers_2024.bib":
        assert physrev.location == "New Jersey"
        assert physrev.additional_info and physrev.annotation
        assert {link.kind for link in service_links(physrev, "U")} == {
            "altmetric", "dimensions", "google_scholar_id", "inspirehep_id",
        }  # fmt: skip
        award = by_key["einstein1905photoelectriceffect"]
        assert award.awards == ("Nobel Prize",) and "**Nobel Prize" in award.award_description


@pytest.mark.parametrize(
    ("written", "markers"),
    [("Lee^, Yong Jae", ("^",)), ("Doe§, J.", ("§",)), ("Doe¶, J.", ("¶",)),
     ("Doe‖, J.", ("‖",)), ("Doe∗, J.", ("*",)), ("J. Doe*†", ("*", "†")),
     (r"Ren\^e, X.", ())],
)  # fmt: skip
def test_al_folio_markers_are_markers(written, markers):
    from labsite.text.names import parse_people

    (person,) = parse_people(written)
    assert person.markers == markers
    assert "^" not in person.full and "§" not in person.full


def test_the_citation_loses_markers_in_every_form():
    from labsite.text.names import without_markers

    assert without_markers(r"Doe$^*$, J. and Roe\dag, R. and Lee^, Y. and others") == (
        "Doe, J. and Roe, R. and Lee, Y. and others"
    )
    plain = r"Ren\^e, X. and {Barnes \& Noble}"
    assert without_markers(plain) == plain


def test_labsite_check_names_a_field_nothing_shows(tmp_path, capsys):
    from labsite.cli.main import main

    path = tmp_path / "papers.bib"
    path.write_text("@misc{k,\n  title = {T},\n  zzfancy = {1},\n}\n", encoding="utf-8")
    assert main(["check", str(path), "--docs-dir", str(tmp_path / "none")]) == 0
    out = capsys.readouterr().out
    assert f"warning: {path}:3: entry 'k': field 'zzfancy' is not shown anywhere" in out
