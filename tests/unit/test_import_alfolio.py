"""`labsite import al-folio`: a site from an al-folio checkout, or its bibliography
added to an existing site; idempotent, never overwriting without saying so."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from labsite.cli.alfolio import alfolio_settings, import_alfolio
from labsite.cli.common import ToolError
from labsite.cli.main import main

BIB = r"""@article{doe2024,
  abbr = {AJP},
  title = {A Paper},
  author = {Doe, Jane and Einstein, Albert},
  journal = {American Journal of Physics},
  year = {2024},
  pdf = {doe2024.pdf},
  poster = {doe2024-poster.pdf},
  preview = {doe2024.png},
  html = {missing.html},
  code = {https://github.com/example/doe2024},
  slides = {../../outside.pdf},
  bibtex_show = true,
}
"""
CONFIG = """\
title: blank
scholar_userid: qc6CJjYAAAAJ
scholar:
  last_name: [Einstein]
  first_name: [Albert, A.]
  style: apa
max_author_limit: 3
"""


def alfolio_checkout(root: Path) -> Path:
    files = {
        "_config.yml": CONFIG,
        "_bibliography/papers.bib": BIB,
        "_data/venues.yml": '"AJP":\n  url: https://example.org/ajp\n  color: "#00369f"\n',
        "_data/coauthors.yml": '"doe":\n  - firstname: ["Jane"]\n    url: https://example.org/doe\n',
        "_pages/about.md": "# About\n",
        "_news/announcement_1.md": "news\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    for name in ("assets/pdf/doe2024.pdf", "assets/pdf/doe2024-poster.pdf",
                 "assets/img/publication_preview/doe2024.png"):  # fmt: skip
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"data of " + name.encode())
    (root.parent / "outside.pdf").write_bytes(b"not to be copied")
    return root


def labsite_block(site: Path) -> dict:
    """The labsite settings of the site's mkdocs.yml, where every host reads them."""
    from labsite.cli.common import settings_block

    return settings_block(site / "mkdocs.yml")


def test_settings_from_the_config(tmp_path):
    settings = alfolio_settings(alfolio_checkout(tmp_path / "src"))
    assert settings == {
        "owner": ["Albert Einstein", "A. Einstein"],
        "scholar_userid": "qc6CJjYAAAAJ",
        "max_author_limit": 3,
    }


def test_a_new_site_from_a_checkout(tmp_path):
    src = alfolio_checkout(tmp_path / "src")
    site = tmp_path / "site"
    report = import_alfolio(str(src), str(site))
    assert report.created
    assert (site / "bib" / "papers.bib").read_text(encoding="utf-8") == BIB
    assert (site / "data" / "venues.yml").is_file() and (site / "data" / "coauthors.yml").is_file()
    assert (site / "docs/assets/pdf/doe2024.pdf").read_bytes() == b"data of assets/pdf/doe2024.pdf"
    assert (site / "docs/assets/pdf/doe2024-poster.pdf").is_file()
    assert (site / "docs/assets/img/publication_preview/doe2024.png").is_file()
    assert not list(site.rglob("outside.pdf"))  # a path out of the checkout is not followed
    assert report.missing == ["assets/html/missing.html"]
    assert [item.split(" ")[0] for item in report.not_carried] == ["_pages", "_news"]
    block = labsite_block(site)
    assert block["owner"] == ["Albert Einstein", "A. Einstein"]
    assert block["scholar_userid"] == "qc6CJjYAAAAJ" and block["max_author_limit"] == 3
    assert block["bib_files"] == ["bib/papers.bib"]
    assert (site / "docs" / "publications.md").is_file()


def test_running_it_again_changes_nothing(tmp_path):
    src = alfolio_checkout(tmp_path / "src")
    site = tmp_path / "site"
    import_alfolio(str(src), str(site))
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    report = import_alfolio(str(src), str(site))
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert before == after
    assert report.written == [] and report.replaced == [] and report.kept == []
    assert report.settings == {}
    assert len(report.unchanged) == 6


def test_a_changed_file_is_kept_and_said_unless_overwrite(tmp_path, capsys):
    src = alfolio_checkout(tmp_path / "src")
    site = tmp_path / "site"
    import_alfolio(str(src), str(site))
    mine = site / "bib" / "papers.bib"
    mine.write_text("@misc{mine, title = {Mine}}\n", encoding="utf-8")
    assert main(["import", "al-folio", str(src), str(site)]) == 0
    out = capsys.readouterr().out
    assert "kept bib/papers.bib: it differs" in out
    assert mine.read_text(encoding="utf-8") == "@misc{mine, title = {Mine}}\n"
    assert main(["import", "al-folio", str(src), str(site), "--overwrite"]) == 0
    assert "replaced bib/papers.bib (--overwrite)" in capsys.readouterr().out
    assert mine.read_text(encoding="utf-8") == BIB


def test_adding_to_an_existing_site_prints_the_settings_to_add(tmp_path, capsys):
    src = alfolio_checkout(tmp_path / "src")
    site = tmp_path / "site"
    assert main(["new", str(site), "--name", "Jane Doe"]) == 0
    (site / "docs" / "publications.md").unlink()
    config_before = (site / "mkdocs.yml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "al-folio", str(src), str(site)]) == 0
    out = capsys.readouterr().out
    assert (site / "mkdocs.yml").read_text(encoding="utf-8") == config_before
    assert "kept bib/papers.bib" in out  # the site's own sample entry is not replaced
    assert 'owner: ["Jane Doe", "Albert Einstein", "A. Einstein"]' in out
    assert 'scholar_userid: "qc6CJjYAAAAJ"' in out
    assert "wrote docs/publications.md (add it to nav" in out
    assert "wrote docs/assets/pdf/doe2024.pdf" in out


def test_not_a_checkout_or_not_a_site(tmp_path):
    with pytest.raises(ToolError, match="not an al-folio checkout"):
        import_alfolio(str(tmp_path), str(tmp_path / "site"))
    src = alfolio_checkout(tmp_path / "src")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x")
    with pytest.raises(ToolError, match=r"has no mkdocs\.yml and is not empty"):
        import_alfolio(str(src), str(tmp_path / "busy"))
