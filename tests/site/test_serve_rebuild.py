"""The rebuild that ``mkdocs serve`` makes after each saved file, run in this process as
the server runs it (a new config, a build with ``serve_url``): what it leaves to be made
on request (a page with a long list, the sitemap) is made with the same content as when
it is written at once."""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from labsite.hosts.mkdocs import plugin as plugin_module
from labsite.hosts.mkdocs import serve_on_demand as lazyserve

from ..support import write_site

SERVE_URL = "http://127.0.0.1:8000/"


def entries(count: int) -> str:
    return "\n".join(
        f"@article{{paper{i},\n  author = {{Ada Lovelace and Author {i}}},\n"
        f"  title = {{Paper number {i}}},\n  journal = {{Journal}},\n  year = {{{1900 + i}}},\n}}\n"
        for i in range(count)
    )


@pytest.fixture
def serving() -> Iterator[None]:
    """This process serves for one test; quiet, as the other builds here are not."""
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)
    lazyserve.start("serve")
    yield
    lazyserve.start("build")
    lazyserve.register([])
    mkdocs_log.setLevel(level)


def rebuild(root: Path, site: Path) -> None:
    """One build as ``mkdocs serve`` makes it (its ``get_config`` and ``builder``)."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL)


def site_source(root: Path, count: int) -> Path:
    root.mkdir()
    page = "# Papers\n\n{{ papers() }}\n"
    return write_site(root, {"index.md": page, "other.md": "# Other\n\nText.\n"}, entries(count))


def test_a_page_with_a_long_list_is_made_on_request_as_it_is_written(
    tmp_path: Path, serving: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site_source(tmp_path / "src", 60)  # a list long enough to skip Markdown
    written, deferred = tmp_path / "written", tmp_path / "deferred"
    rebuild(root, written)  # the default: a list of 60 entries is written with its page
    assert (written / "index.html").is_file()
    expected = (written / "index.html").read_bytes()
    assert expected.count(b'<li class="labsite-paper"') == 60

    monkeypatch.setattr(plugin_module, "ON_REQUEST_LISTS", 1)
    rebuild(root, deferred)
    assert not (deferred / "index.html").exists()  # neither written nor deleted on rebuild
    assert (deferred / "other" / "index.html").is_file()  # short pages are written
    lazyserve._materialize(deferred, "index.html")
    assert (deferred / "index.html").read_bytes() == expected

    # After an edit, the next rebuild's page shows the edit when asked for.
    (root / "bib" / "papers.bib").write_text(entries(61), encoding="utf-8")
    rebuild(root, deferred)
    assert not (deferred / "index.html").exists()
    lazyserve._materialize(deferred, "index.html")
    assert (deferred / "index.html").read_bytes().count(b'<li class="labsite-paper"') == 61


def test_the_sitemap_is_made_on_request_with_the_papers_pages(
    tmp_path: Path, serving: None
) -> None:
    root = site_source(tmp_path / "src", 3)
    site = tmp_path / "site"
    rebuild(root, site)
    assert not (site / "sitemap.xml").exists()
    assert not (site / "sitemap.xml.gz").exists()
    lazyserve._materialize(site, "sitemap.xml")
    lazyserve._materialize(site, "sitemap.xml.gz")
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    for i in range(3):
        assert f"<loc>{SERVE_URL}publications/paper{i}/</loc>" in text
    assert "labsite--shell" not in text
    assert f"<loc>{SERVE_URL}other/</loc>" in text
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text

    # `mkdocs build` writes the same sitemap at once.
    lazyserve.start("build")
    built = tmp_path / "built"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(built))
    config.site_url = SERVE_URL
    build(config)
    assert (built / "sitemap.xml").read_text(encoding="utf-8") == text
