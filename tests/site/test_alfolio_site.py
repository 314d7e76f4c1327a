"""An al-folio site brought over: its example papers.bib, _data files and assets in a
labsite site, built with ``mkdocs build --strict``."""

from __future__ import annotations

import json

import pytest

from ..support import BASE_CONFIG, build_strict, corpus_or_skip, write_site

pytestmark = pytest.mark.site

CONFIG = BASE_CONFIG.replace(
    '      owner: ["Ada Lovelace", "A. Lovelace"]\n',
    '      owner: ["Albert Einstein", "A. Einstein"]\n'
    "      max_author_limit: 3\n"
    "      scholar_userid: qc6CJjYAAAAJ\n",
)
VENUES = """\
"AJP":
  url: https://aapt.scitation.org/journal/ajp
  color: "#00369f"
"PhysRev":
  url: https://journals.aps.org/
  color: "#009f36"
"""
COAUTHORS = """\
"podolsky":
  - firstname: ["Boris", "B."]
    url: https://en.wikipedia.org/wiki/Boris_Podolsky
"""
PAGE = "# Publications\n\n{{ papers(interactive=true) }}\n"


def al_folio_site(tmp_path):
    text = (corpus_or_skip() / "al-folio" / "papers_2024.bib").read_text(encoding="utf-8")
    write_site(tmp_path, {"index.md": PAGE}, text, config=CONFIG)
    docs = tmp_path / "docs"
    for name, data in (
        ("assets/pdf/example_pdf.pdf", b"%PDF-1.4\n"),
        ("assets/html/relativity.html", b"<p>relativity</p>"),
        ("assets/img/publication_preview/brownian-motion.gif", b"GIF89a"),
        ("assets/img/publication_preview/wave-mechanics.gif", b"GIF89a"),
    ):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "venues.yml").write_text(VENUES, encoding="utf-8")
    (tmp_path / "data" / "coauthors.yml").write_text(COAUTHORS, encoding="utf-8")
    return tmp_path


@pytest.mark.corpus
def test_al_folio_example_builds_and_says_only_what_is_wrong_with_it(tmp_path):
    build = build_strict(al_folio_site(tmp_path), in_process=True)
    # al-folio's example has one @article without a journal: the only warning.
    assert build.returncode == 1
    warnings = [line for line in build.output.splitlines() if "papers.bib" in line]
    assert len(warnings) == 1 and "einstein1905electrodynamics" in warnings[0], build.output


@pytest.mark.corpus
def test_al_folio_example_comes_over_whole(tmp_path):
    root = al_folio_site(tmp_path)
    bib = root / "bib" / "papers.bib"
    text = bib.read_text(encoding="utf-8").replace(
        "title={On the electrodynamics of moving bodies},",
        "title={On the electrodynamics of moving bodies},\n  journal={Ann. Phys.},",
    )
    bib.write_text(text, encoding="utf-8")
    build = build_strict(root, in_process=True)
    assert build.returncode == 0, build.output
    home = build.html()
    entry = home.select_one('li[data-paper-key="PhysRev.47.777"]')
    assert home.select_one("#PhysRev\\.47\\.777") is not None  # old #KEY links land
    abbr = entry.select_one(".labsite-abbr")
    assert "#009f36" in abbr["style"] and abbr.a["href"] == "https://journals.aps.org/"
    podolsky = [a for a in entry.select(".labsite-author a") if "Podolsky" in a.get_text()]
    assert podolsky[0]["href"] == "https://en.wikipedia.org/wiki/Boris_Podolsky"
    assert "New Jersey" in entry.select_one(".labsite-venue").get_text()
    assert "May 1935" in entry.select_one(".labsite-venue").get_text()
    assert entry.select_one(".labsite-additional-info a")["href"] == (
        "https://github.com/alshedivat/al-folio/"
    )
    assert entry.select_one(".labsite-annotation br") is not None
    pdf = entry.select_one("a.labsite-link--pdf")["href"]
    assert pdf == "assets/pdf/example_pdf.pdf" and (build.site / pdf).is_file()
    services = [a["href"] for a in entry.select("a.labsite-link--service")]
    assert services[0] == "https://www.altmetric.com/details/248277"
    assert services[-1] == "https://inspirehep.net/literature/3255"
    assert len(services) == 4
    bibtex = entry.select_one("pre.labsite-bibtex").get_text()
    assert "altmetric" not in bibtex and "selected" not in bibtex and "pdf" not in bibtex
    assert "Einstein, A. and Podolsky, B." in bibtex
    letters = home.select_one('li[data-paper-key="przibram1967letters"]')
    assert letters.select_one(".labsite-more-authors")["data-labsite-more"] == "2"
    preview = letters.select_one("img.labsite-preview")["src"]
    assert (build.site / preview).is_file()
    award = home.select_one('li[data-paper-key="einstein1905photoelectriceffect"]')
    assert award.select_one(".labsite-award-description strong").get_text() == (
        "Nobel Prize in Physics"
    )
    # The paper's page: its head gives the PDF where its button points.
    page = build.html("publications/PhysRev.47.777/index.html")
    button = page.select_one(".labsite-paper-page a.labsite-link--pdf")["href"]
    assert button == "../../assets/pdf/example_pdf.pdf"
    meta = page.select_one('meta[name="citation_pdf_url"]')["content"]
    assert meta == "https://example.org/assets/pdf/example_pdf.pdf"
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["encoding"]["contentUrl"] == meta
    download = (build.site / "publications" / "bib" / "PhysRev.47.777.bib").read_text("utf-8")
    assert "altmetric" not in download and "Einstein, A." in download
    shown = page.select_one(".labsite-bibtex").get_text()
    assert shown.strip() == download.strip()
    # No script or image from another site.
    for soup in (home, page):
        assert not [s for s in soup.find_all("script", src=True) if "://" in s["src"]]
        assert not [i for i in soup.find_all("img") if "://" in i.get("src", "")]


def test_a_broken_data_file_is_a_warning_with_its_line(tmp_path):
    bib = "@article{k, abbr = {X}, author = {Doe, J.}, title = {T}, journal = {J}, year = 2020}"
    write_site(tmp_path, {"index.md": PAGE}, bib, config=CONFIG)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "venues.yml").write_text('X:\n  color: "red;x"\n', encoding="utf-8")
    build = build_strict(tmp_path, in_process=True)
    assert build.returncode == 1
    assert any(
        "data/venues.yml:2" in line and "not a CSS colour" in line
        for line in build.output.splitlines()
    ), build.output


def test_an_imported_al_folio_checkout_builds_strict(tmp_path):
    from labsite.cli.alfolio import import_alfolio

    src = tmp_path / "al-folio"
    files = {
        "_config.yml": "scholar:\n  last_name: [Einstein]\n  first_name: [Albert, A.]\n"
        "max_author_limit: 3\n",
        "_bibliography/papers.bib": "@article{e1935,\n  abbr = {PhysRev},\n  title = {T},\n"
        "  author = {Einstein, A. and Podolsky, B. and Rosen, N. and Other, O.},\n"
        "  journal = {\\apj},\n  year = {1935},\n  pdf = {e1935.pdf},\n"
        "  preview = {e1935.png},\n  bibtex_show = true,\n}\n",
        "_data/venues.yml": 'PhysRev:\n  url: https://journals.aps.org/\n  color: "#009f36"\n',
    }
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    for name in ("assets/pdf/e1935.pdf", "assets/img/publication_preview/e1935.png"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(b"x")
    site = tmp_path / "site"
    import_alfolio(str(src), str(site))
    build = build_strict(site, in_process=True)
    assert build.returncode == 0, build.output
    page = build.html("publications/index.html")
    entry = page.select_one('li[data-paper-key="e1935"]')
    assert entry.select_one("strong").get_text() == "A. Einstein"  # the owner, from _config
    assert entry.select_one(".labsite-more-authors[data-labsite-more]") is not None
    assert entry.select_one(".labsite-venue em").get_text() == "Astrophysical Journal"
    assert "#009f36" in entry.select_one(".labsite-abbr")["style"]
    href = entry.select_one("a.labsite-link--pdf")["href"]
    assert (build.site / "publications" / href).resolve().is_file()
