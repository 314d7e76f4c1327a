"""The same mkdocs.yml on MkDocs, ProperDocs and Zensical.

Each of the two sites of this repository (the researcher's site and the group example)
is built with each host's own command, as a user runs it, with ``--strict``; then the
pages that list papers, people and talks are compared: the same entries in the same
order, the same links, awards, statuses and owner in bold, the same citations.
Zensical runs no MkDocs plugin, so what only the plugin makes (paper pages, exports,
labsite.css and .js) is checked to be absent there and said once in its output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labsite.hosts.once import NO_PLUGIN

from ..support import GROUP_EXAMPLE, REPO

SOURCES = ("mkdocs.yml", "docs", "bib", "data", "overrides")
HOSTS = ("mkdocs", "properdocs", "zensical")


def _build(host: str, project: Path) -> tuple[Path, str]:
    site = project / "site"
    commands = {
        "mkdocs": ["mkdocs", "build", "--strict", "--site-dir", str(site)],
        "properdocs": ["properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        "zensical": ["zensical", "build", "--strict", "--clean"],  # writes site_dir, "site"
    }
    proc = subprocess.run(
        [sys.executable, "-m", *commands[host]], cwd=project, capture_output=True, text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), timeout=300, check=False,
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{host} build failed:\n{output}"
    return site, output


def _copy(source: Path, target: Path) -> Path:
    for name in SOURCES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.is_file():
            shutil.copy2(path, target / name)
    return target


@pytest.fixture(scope="module", params=["site", "group"])
def builds(request, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    source = REPO if request.param == "site" else GROUP_EXAMPLE
    return {
        host: _build(host, _copy(source, tmp_path_factory.mktemp(f"{request.param}-{host}")))
        for host in HOSTS
    }


def _pages(site: Path) -> list[str]:
    """The pages made from a Markdown file of docs/ that list papers, people or talks."""
    docs = site.parent / "docs"
    found = []
    for page in site.rglob("index.html"):
        name = page.relative_to(site).parent.as_posix()
        sources = ["index.md"] if name == "." else [f"{name}.md", f"{name}/index.md"]
        if not any((docs / source).is_file() for source in sources):
            continue
        text = page.read_text("utf-8")
        if any(mark in text for mark in ("labsite-paper", "labsite-person", "labsite-talk")):
            found.append(page.relative_to(site).as_posix())
    return sorted(found)


def _paper_link(href: str) -> bool:
    return "/publications/" in f"/{href}" and not href.endswith((".bib", ".json", ".ris", ".xml"))


_BADGES = ".labsite-award, .labsite-status"


def entries(html: str) -> list[dict[str, object]]:
    """What a reader sees of each paper, person and talk of a page."""
    soup = BeautifulSoup(html, "lxml")
    main = soup.select_one("article") or soup
    found: list[dict[str, object]] = []
    for item in main.select("li.labsite-paper, .labsite-person, .labsite-talk"):
        found.append({
            "text": " ".join(item.get_text(" ", strip=True).split()),
            "owner": [o.get_text(strip=True) for o in item.select(".labsite-author--owner")],
            "links": [a["href"] for a in item.select("a[href]") if not _paper_link(a["href"])],
            "badges": [b.get_text(strip=True) for b in item.select(_BADGES)],
        })  # fmt: skip
    return found


def footnotes(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    return [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select(".footnote li")]


def test_every_host_builds_strict_and_lists_the_same(builds):
    reference, _ = builds["mkdocs"]
    pages = _pages(reference)
    # The group example lists no papers or members (it invents none): its pages are
    # compared in that they are the same pages, built strict on every host.
    assert pages or "group-" in str(reference), "no page lists papers, people or talks"
    docs_pages = sorted(p.relative_to(reference).as_posix() for p in reference.glob("*.html"))
    for host in ("properdocs", "zensical"):
        site, _ = builds[host]
        assert sorted(p.relative_to(site).as_posix() for p in site.glob("*.html")) == docs_pages
    for host in ("properdocs", "zensical"):
        site, _ = builds[host]
        assert _pages(site) == pages, host
        for page in pages:
            expected = (reference / page).read_text("utf-8")
            got = (site / page).read_text("utf-8")
            assert entries(got) == entries(expected), (host, page)
            assert footnotes(got) == footnotes(expected), (host, page)


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_properdocs_makes_what_the_plugin_makes(builds):
    mkdocs, _ = builds["mkdocs"]
    properdocs, _ = builds["properdocs"]
    made = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*") if p.is_file())
    again = sorted(
        p.relative_to(properdocs).as_posix() for p in properdocs.rglob("*") if p.is_file()
    )
    assert again == made
    for name in made:
        if name.startswith("publications/") and not name.endswith(".html"):
            assert (properdocs / name).read_bytes() == (mkdocs / name).read_bytes(), name


def test_zensical_says_once_what_it_cannot_make(builds):
    site, output = builds["zensical"]
    assert output.count(NO_PLUGIN) == 1, output
    assert not (site / "publications" / "bibliography.bib").exists()
    assert not (site / "assets" / "labsite" / "labsite.css").exists()
    for page in _pages(site):
        soup = BeautifulSoup((site / page).read_text("utf-8"), "lxml")
        assert not [a for a in soup.select("a.labsite-title[href]")], page  # no dead links


SMALL_CONFIG = """\
site_name: Small
site_url: https://example.org/
theme:
  name: material
  custom_dir: overrides
  font: false
markdown_extensions:
  - footnotes
  - attr_list
  - md_in_html
  - pymdownx.arithmatex:
      generic: true
  - labsite.markdown:
      bib_files: [bib/papers.bib]
      owner: [Ada Lovelace]
plugins:
  - macros:
      modules: ["labsite.macros"]
      on_error_fail: true
      on_undefined: strict
  - labsite
"""
SMALL_BIB = """\
@article{lovelace1843,
  author = {Ada Lovelace and Charles Babbage},
  title = {Notes on the Analytical Engine},
  journal = {Scientific Memoirs},
  year = {1843}
}
"""
SMALL_PAGE = """\
# Home

{{ papers() }}

As shown before [@lovelace1843], with $\\mathbf{{v}}$ kept as math.
"""


@pytest.fixture(scope="module")
def small_builds(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    built = {}
    for host in HOSTS:
        root = tmp_path_factory.mktemp(f"small-{host}")
        (root / "docs").mkdir()
        (root / "bib").mkdir()
        (root / "overrides" / "labsite").mkdir(parents=True)
        (root / "mkdocs.yml").write_text(SMALL_CONFIG, encoding="utf-8")
        (root / "bib" / "papers.bib").write_text(SMALL_BIB, encoding="utf-8")
        (root / "docs" / "index.md").write_text(SMALL_PAGE, encoding="utf-8")
        (root / "overrides" / "labsite" / "venue.html").write_text(
            '<span class="site-venue">{{ paper.venue }} ({{ paper.year }})</span>',
            encoding="utf-8",
        )
        built[host] = _build(host, root)
    return built


@pytest.mark.parametrize("host", HOSTS)
def test_owner_overrides_citations_and_math_on_every_host(small_builds, host):
    site, _ = small_builds[host]
    soup = BeautifulSoup((site / "index.html").read_text("utf-8"), "lxml")
    article = soup.select_one("article")
    assert [o.get_text(strip=True) for o in article.select(".labsite-author--owner")] == [
        "Ada Lovelace"
    ]
    assert [v.get_text() for v in article.select(".site-venue")] == ["Scientific Memoirs (1843)"]
    notes = [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select(".footnote li")]
    assert len(notes) == 1 and "Notes on the Analytical Engine" in notes[0], notes
    assert "[@lovelace1843]" not in article.get_text()
    assert "\\mathbf{{v}}" in article.get_text()


def test_a_broken_entry_fails_strict_once_on_zensical(tmp_path):
    """file:line, said once although Zensical renders the macros once per page, and
    --strict stops the build (rc 1) with a message, not a traceback."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "bib").mkdir()
    (tmp_path / "mkdocs.yml").write_text(SMALL_CONFIG.replace("  custom_dir: overrides\n", ""))
    (tmp_path / "bib" / "papers.bib").write_text(
        SMALL_BIB + "\n@article{broken,\n  title = {No journal},\n  year = {2020}\n}\n"
    )
    for name in ("index.md", "two.md", "three.md"):
        (tmp_path / "docs" / name).write_text("# P\n\n{{ papers() }}\n")
    command = [sys.executable, "-m", "zensical", "build"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    plain = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert plain.returncode == 0, plain.stderr
    expected = "bib/papers.bib:8: entry 'broken': missing required field(s) for @article"
    assert (plain.stdout + plain.stderr).count(expected) == 1, plain.stdout + plain.stderr
    # --clean: Zensical renders again only the pages whose sources changed.
    strict = subprocess.run(
        [*command, "--strict", "--clean"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    output = strict.stdout + strict.stderr
    assert strict.returncode == 1, output
    assert expected in output and "the build is strict, so it stops here" in output
    assert "Traceback" not in output
