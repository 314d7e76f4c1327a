"""The macros and citations in real (temporary) MkDocs sites, built as users build them."""

from __future__ import annotations

import re

from ..support import BASE_CONFIG

BIB = r"""
@article{lovelace1843notes,
  author  = {Lovelace, Ada and Menabrea, Luigi F.},
  title   = {Sketch of the {Analytical Engine}},
  journal = {Scientific Memoirs},
  volume  = {3},
  pages   = {666--731},
  year    = {1843},
  keywords = {computing},
  selected = {true},
  url     = {https://example.org/notes}
}

@inproceedings{babbage1822,
  author    = {Babbage, Charles and Lovelace, A.*},
  title     = {On the Difference Engine},
  booktitle = {Proceedings of the Astronomical Society},
  year      = {1822},
  award     = {Best paper}
}

@unpublished{future,
  title  = {Work in progress},
  status = {Under review}
}
"""

BROKEN_BIB = (
    BIB
    + r"""
@article{broken,
  author = {Somebody, Else},
  title  = {Missing comma}
  journal = {J},
  year = {2020}
}

@article{unclosed,
  title = {Never closed,
  year = 2020

@misc{after,
  title = {Still here},
  year = {2021}
}
"""
)


def _keys(build, page="index.html"):
    return [li["data-paper-key"] for li in build.html(page).select("li.labsite-paper")]


def test_papers_macro_filters_and_sorts(make_site):
    build = make_site(
        {
            "index.md": """\
            # Papers

            {{ papers() }}
            """,
            "old.md": """\
            # Old

            {{ papers(year="-1830", type="inproceedings") }}
            """,
            "selected.md": """\
            # Selected

            {{ papers(selected=True) }}

            {{ papers(status="under review") }}
            """,
        },
        BIB,
        strict=True,
    )
    assert build.returncode == 0, build.output
    assert _keys(build) == ["future", "lovelace1843notes", "babbage1822"]
    assert _keys(build, "old/index.html") == ["babbage1822"]
    assert _keys(build, "selected/index.html") == ["lovelace1843notes", "future"]


def test_owner_is_bold_and_markers_have_a_legend(make_site):
    build = make_site({"index.md": "{{ papers(keys=['babbage1822']) }}\n"}, BIB, strict=True)
    assert build.returncode == 0, build.output
    soup = build.html()
    assert [s.get_text() for s in soup.select(".labsite-author strong")] == ["A. Lovelace"]
    assert soup.select_one(".labsite-author sup").get_text() == "*"
    assert "corresponding author" in soup.select_one(".labsite-legend").get_text()


def test_highlight_groups_from_mkdocs_yml(make_site):
    config = BASE_CONFIG + (
        "      highlight:\n"
        "        students:\n"
        '          symbol: "§"\n'
        "          legend: supervised student\n"
        "          people:\n"
        '            - ["Charles Babbage", "C. Babbage"]\n'
    )
    build = make_site({"index.md": "{{ papers() }}\n"}, BIB, config=config, strict=True)
    assert build.returncode == 0, build.output
    soup = build.html()
    marked = soup.select(".labsite-author--students")
    assert [m.get_text(" ", strip=True) for m in marked] == ["Charles Babbage §"]
    assert "§ supervised student" in soup.select_one(".labsite-legend").get_text(" ", strip=True)


def test_broken_entry_warns_and_other_entries_render(make_site):
    build = make_site({"index.md": "{{ papers() }}\n"}, BROKEN_BIB)
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    assert re.search(r"bib/papers\.bib:\d+: entry 'broken': a comma is missing", build.output)
    assert re.search(
        r"bib/papers\.bib:\d+: entry 'unclosed': this entry cannot be read", build.output
    )
    keys = set(_keys(build))
    assert {"lovelace1843notes", "babbage1822", "future", "broken"} <= keys
    assert "after" in keys or "after" in build.output


def test_broken_entry_fails_strict_build(make_site):
    build = make_site({"index.md": "{{ papers() }}\n"}, BROKEN_BIB, strict=True)
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert "bib/papers.bib:" in build.output


def test_unknown_macro_argument_names_page_line_and_fix(make_site):
    build = make_site({"index.md": "# P\n\nText.\n\n{{ papers(yaer=2020) }}\n"}, BIB)
    assert build.returncode == 0, build.output
    assert re.search(
        r"index\.md:5: papers\(\): unknown argument 'yaer'; did you mean 'year'", build.output
    )
    assert "unknown argument" in build.html().select_one(".labsite-error").get_text()
    strict = make_site({"index.md": "{{ papers(yaer=2020) }}\n"}, BIB, strict=True)
    assert strict.returncode != 0


def test_bad_argument_value_is_reported(make_site):
    build = make_site({"index.md": "{{ papers(year='last year') }}\n"}, BIB)
    assert "papers(): year='last year' is not a year" in build.output
    assert build.html().select_one(".labsite-error") is not None


def test_citations_become_footnotes_outside_code(make_site):
    page = """\
    # Notes

    The engine was described early [@lovelace1843notes; @babbage1822], see
    also [see @lovelace1843notes, p. 700].

    ```
    Code keeps [@babbage1822] as written.
    ```

    Inline `[@future]` too. And [@nosuchkey] is reported.
    """
    build = make_site({"index.md": page}, BIB)
    soup = build.html()
    notes = [li["id"] for li in soup.select(".footnote li")]
    assert notes == ["fn:lovelace1843notes", "fn:babbage1822"]
    assert "Code keeps [@babbage1822] as written." in soup.select_one("pre").get_text()
    assert "[@future]" in soup.select_one("p code").get_text()
    assert re.search(r"index\.md:10: citation of 'nosuchkey'", build.output)
    strict = make_site({"index.md": page}, BIB, strict=True)
    assert strict.returncode != 0


def test_double_braces_in_pages_are_not_broken_by_macros(make_site):
    pages = {
        "index.md": """\
        # Math

        Inline math $x^{2} + \\frac{a}{b}$ is fine.

        {% raw %}
        ```
        template: {{ not_a_macro }}
        ```
        {% endraw %}
        """,
        "raw.md": """\
        ---
        render_macros: false
        ---

        # Raw page

        Write {{ papers() }} to list papers.
        """,
    }
    build = make_site(pages, BIB, strict=True)
    assert build.returncode == 0, build.output
    assert "{{ not_a_macro }}" in build.html().select_one("pre").get_text()
    assert "\\frac{a}{b}" in build.html().select_one(".arithmatex").get_text()
    assert "Write {{ papers() }} to list papers." in build.html("raw/index.html").get_text()


def test_template_override_from_custom_dir(make_site, tmp_path):
    override = tmp_path / "overrides" / "labsite"
    override.mkdir(parents=True)
    (override / "paper.html").write_text(
        '<li class="labsite-paper my-paper" data-paper-key="{{ paper.key }}">'
        "{{ paper.title }}</li>\n",
        encoding="utf-8",
    )
    config = BASE_CONFIG.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    build = make_site({"index.md": "{{ papers() }}\n"}, BIB, config=config, strict=True)
    assert build.returncode == 0, build.output
    items = build.html().select("li.my-paper")
    assert [i.get_text() for i in items] == [
        "Work in progress", "Sketch of the Analytical Engine", "On the Difference Engine",
    ]  # fmt: skip


def test_macros_module_alone_reads_settings_from_extra(make_site):
    config = BASE_CONFIG.split("  - labsite:")[0] + (
        "extra:\n  labsite:\n    bib_files: [bib/papers.bib]\n    owner: [Charles Babbage]\n"
    )
    build = make_site({"index.md": "{{ papers(keys=['babbage1822']) }}\n"}, BIB, config=config)
    assert build.returncode == 0, build.output
    assert [s.get_text() for s in build.html().select(".labsite-author strong")] == [
        "Charles Babbage"
    ]


def test_unsafe_links_never_reach_the_page(make_site):
    bib = r"""
    @misc{evil,
      title = {<script>alert("t")</script>},
      author = {"><img src=x onerror=alert(1)>},
      url = {javascript:alert(1)},
      pdf = {https://example.org/ok.pdf}
    }
    """
    build = make_site({"index.md": "{{ papers() }}\n"}, bib)
    soup = build.html()
    item = soup.select_one("li.labsite-paper")
    assert item.select("script") == [] and item.select("img") == []
    assert '<script>alert("t")</script>' in item.get_text()
    assert [a["href"] for a in item.select("a.labsite-link")] == ["https://example.org/ok.pdf"]
    assert "link 'url' is not an http(s), mailto or site-relative URL" in build.output
