"""A warm build renders only what changed, and writes exactly what a cold build writes.

The page store (``render/page_store.py``) keeps rendered paper pages in the cache
folder between builds; these tests build a real site three times in one folder: cold
(empty cache), warm (nothing changed) and after one edited entry.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from ..support import BASE_CONFIG, write_site

ENTRIES = 30
EXPORTS = 4  # bibliography.bib, .json, .ris and feed.xml: kept as files in the cache
BIB = "".join(
    f"@article{{paper{n},\n  author = {{Ada Lovelace and Author {n}}},\n"
    f"  title = {{Paper number {n}}},\n  journal = {{Journal {n % 3}}},\n"
    f"  year = {{{2000 + n}}}\n}}\n\n"
    for n in range(ENTRIES)
)
# With the search plugin: its index gets the paper pages (and a cached part of it).
CONFIG = BASE_CONFIG.replace("plugins:\n", "plugins:\n  - search\n", 1)
PAGES = {
    "index.md": "# Home\n\n{{ papers() }}\n",
    "cited.md": "# Cited\n\nAs shown [@paper3].\n",
}


@dataclass
class Made:
    hits: int  # paper pages found in the page store
    misses: int  # paper pages rendered
    exports: int  # exports made


def _build(root: Path, site: Path) -> Made:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    build(config)
    plugin = config.plugins["labsite"]
    return Made(plugin.page_store.hits, plugin.page_store.misses, plugin.exports_made)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_warm_build_renders_nothing_and_writes_the_same_files(tmp_path):
    write_site(tmp_path, PAGES, BIB, CONFIG)
    cold = _build(tmp_path, tmp_path / "cold")
    assert (cold.hits, cold.misses, cold.exports) == (0, ENTRIES, EXPORTS)
    warm = _build(tmp_path, tmp_path / "warm")
    assert (warm.hits, warm.misses, warm.exports) == (ENTRIES, 0, 0)
    cold_files, warm_files = _files(tmp_path / "cold"), _files(tmp_path / "warm")
    assert sorted(warm_files) == sorted(cold_files)
    differ = [name for name in cold_files if cold_files[name] != warm_files[name]]
    assert differ == []
    # The papers' part of the search index came from the cache: one file, this build's.
    kept = list((tmp_path / ".labsite-cache").glob("search-papers-*.json"))
    assert len(kept) == 1 and kept[0].read_text().count('"location":"publications/') == ENTRIES
    # Written in parts, the index is what the search plugin's json.dumps writes.
    text = warm_files["search/search_index.json"].decode()
    index = json.loads(text)
    assert json.dumps(index, ensure_ascii=False, separators=(",", ":")) == text
    locations = [doc["location"] for doc in index["docs"]]
    assert "publications/paper3/" in locations and "cited/" in locations
    assert not any("labsite--shell" in location for location in locations)


def test_one_edited_entry_costs_one_page_and_a_new_cache_is_the_same(tmp_path):
    write_site(tmp_path, PAGES, BIB, CONFIG)
    _build(tmp_path, tmp_path / "first")
    bib = tmp_path / "bib" / "papers.bib"
    # Edited in place, and the entries after it move down a line: only its page is new.
    bib.write_text(
        bib.read_text().replace("title = {Paper number 7}", "title = {Paper\n  number seven}")
    )
    edited = _build(tmp_path, tmp_path / "edited")
    assert (edited.hits, edited.misses, edited.exports) == (ENTRIES - 1, 1, EXPORTS)
    assert len(list((tmp_path / ".labsite-cache" / "exports").iterdir())) == EXPORTS
    page = (tmp_path / "edited" / "publications" / "paper7" / "index.html").read_text()
    assert "Paper number seven" in page
    shutil.rmtree(tmp_path / ".labsite-cache")
    fresh = _build(tmp_path, tmp_path / "fresh")
    assert (fresh.misses, fresh.exports) == (ENTRIES, EXPORTS)
    assert _files(tmp_path / "fresh") == _files(tmp_path / "edited")


def test_a_change_to_what_lists_a_paper_renders_its_page_again(tmp_path):
    write_site(tmp_path, PAGES, BIB, CONFIG)
    _build(tmp_path, tmp_path / "first")
    (tmp_path / "docs" / "cited.md").write_text("# Cited\n\nAs shown [@paper3] and [@paper4].\n")
    again = _build(tmp_path, tmp_path / "again")
    assert again.misses == 1  # paper4's "Listed on" gained a page; paper3's did not change
    page = (tmp_path / "again" / "publications" / "paper4" / "index.html").read_text()
    assert "cited/" in page


def test_pages_rendered_on_every_core_are_the_same_byte_for_byte(tmp_path):
    """A cold build of more pages than parallel.MIN_PAGES renders them in worker
    processes, and makes the exports in another; the site is the one a single process
    writes."""
    from labsite.hosts.mkdocs.parallel import MIN_PAGES

    from ..support import run_build

    many = "".join(
        f"@misc{{m{n},\n  author = {{Ada Lovelace}},\n  title = {{Note {n} on $x^{n}$}},\n"
        f"  year = {{{1900 + n % 120}}}\n}}\n\n"
        for n in range(MIN_PAGES + 20)
    )
    sites = {}
    for workers in ("2", "1"):
        root = write_site(tmp_path / workers, {"index.md": PAGES["index.md"]}, many)
        build = run_build(root, strict=True, env={"LABSITE_WORKERS": workers})
        assert build.returncode == 0, build.output
        said = f"rendering {MIN_PAGES + 20} paper pages in 2 processes"
        assert (said in build.output) == (workers == "2"), build.output
        exports = f"making {EXPORTS} exports in another process"
        assert (exports in build.output) == (workers == "2"), build.output
        sites[workers] = _files(build.site)
    assert sorted(sites["2"]) == sorted(sites["1"])
    assert [n for n in sites["1"] if sites["1"][n] != sites["2"][n]] == []


def _inodes(site: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and time of last write: both stay when a file is moved."""
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in site.rglob("*")
        if p.is_file()
    }


def test_a_warm_build_into_the_same_folder_moves_unchanged_files_back(tmp_path):
    """Built again into the same site folder, the papers' pages and .bib files that did
    not change are the same files (moved aside and back, not written); an edited entry's
    page is written; a removed entry's files are gone; the site equals a cold build's."""
    write_site(tmp_path, PAGES, BIB, CONFIG)
    site = tmp_path / "site"
    _build(tmp_path, site)
    before = _inodes(site)
    time.sleep(0.01)  # a file written again has another mtime
    _build(tmp_path, site)
    after = _inodes(site)
    ours = [name for name in before if name.startswith("publications/paper")]
    ours += [name for name in before if name.startswith("publications/bib/")]
    assert len(ours) == 2 * ENTRIES
    assert [name for name in ours if after.get(name) != before[name]] == []

    bib = tmp_path / "bib" / "papers.bib"
    text = bib.read_text().replace("Paper number 7}", "Paper number seven}")
    bib.write_text(text.replace("@article{paper29,", "@article{gone29,"))
    _build(tmp_path, site)
    edited = _inodes(site)
    changed = sorted(name for name in ours if edited.get(name) != before[name])
    assert changed == [
        "publications/bib/paper29.bib",
        "publications/bib/paper7.bib",
        "publications/paper29/index.html",
        "publications/paper7/index.html",
    ]
    assert "publications/paper29/index.html" not in edited
    assert "publications/gone29/index.html" in edited
    assert "Paper number seven" in (site / "publications/paper7/index.html").read_text()

    shutil.rmtree(tmp_path / ".labsite-cache")
    _build(tmp_path, tmp_path / "cold")
    assert _files(site) == _files(tmp_path / "cold")


def test_a_file_added_to_docs_reaches_the_kept_page_that_links_to_it(tmp_path):
    """A relative link resolves against docs/: when the file appears in al-folio's
    asset folder, the page built again links there (not the page kept from before)."""
    bib = BIB.replace("  year = {2000}\n", "  year = {2000},\n  pdf = {notes.pdf}\n", 1)
    write_site(tmp_path, PAGES, bib)
    site = tmp_path / "site"
    _build(tmp_path, site)
    page = site / "publications" / "paper0" / "index.html"
    assert 'href="../../notes.pdf"' in page.read_text()
    (tmp_path / "docs" / "assets" / "pdf").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "pdf" / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    _build(tmp_path, site)
    assert 'href="../../assets/pdf/notes.pdf"' in page.read_text()
