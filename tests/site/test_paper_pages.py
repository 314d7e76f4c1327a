"""Per-paper pages, their scholarly metadata, and the exports, in built sites."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import pytest

from labsite.paths import slugs

from ..support import BASE_CONFIG

CONFIG = (
    BASE_CONFIG.replace("plugins:\n", "plugins:\n  - search\n")
    + """\
      author_links:
        - names: [Charles Babbage]
          url: notes.md
validation:
  nav:
    omitted_files: warn
"""
)

BIB = r"""
@article{lovelace1843notes,
  author  = {Lovelace, Ada and Menabrea, Luigi F.},
  title   = {Sketch of the {Analytical Engine}},
  journal = {Scientific Memoirs},
  volume  = {3},
  number  = {1},
  pages   = {666--731},
  year    = {1843},
  month   = sep,
  doi     = {10.1000/engine},
  pdf     = {https://example.org/notes.pdf},
  abstract = {Notes on the engine, with $x^2$ and a </script><script>alert(1)</script>.},
  keywords = {computing},
  summary = {The first published program.}
}

@inproceedings{babbage1822,
  author    = {Babbage, Charles and Lovelace, A.},
  title     = {On the Difference Engine},
  booktitle = {Proceedings of the Astronomical Society},
  year      = {1822},
  eprint    = {2101.00001},
  archiveprefix = {arXiv},
  award     = {Best paper}
}

@unpublished{future,
  title  = {Work in Progress},
  author = {Lovelace, Ada},
  status = {Under review}
}

@misc{o'brien:beckett,
  title = {A Key With Unsafe Characters},
  year = {2000}
}

@misc{a/b,
  title = {A Key With a Slash},
  year = {2001}
}
"""

PAGES = {
    "index.md": "# Papers\n\n{{ exports() }}\n\n{{ papers() }}\n",
    "notes.md": "# Notes\n\nAs shown in [@lovelace1843notes].\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from ..support import build_strict, write_site

    root = tmp_path_factory.mktemp("papers")
    write_site(root, PAGES, BIB, CONFIG)
    build = build_strict(root)
    assert build.returncode == 0, build.output
    return build


def _page(site, key):
    return site.html(f"publications/{slugs([key])[key]}/index.html")


def _meta(soup, name):
    return [m["content"] for m in soup.select(f'meta[name="{name}"]')]


def test_every_entry_has_a_page(site):
    for key in ("lovelace1843notes", "babbage1822", "future", "o'brien:beckett", "a/b"):
        soup = _page(site, key)
        assert soup.select_one(f'[data-paper-key="{key}"]') is not None


def test_list_titles_link_to_paper_pages(site):
    soup = site.html()
    for item in soup.select("li.labsite-paper"):
        link = item.select_one("a.labsite-title")
        assert link is not None, item["data-paper-key"]
        target = urljoin("https://example.org/", link["href"])
        path = target.removeprefix("https://example.org/")
        assert (site.site / path / "index.html").is_file(), path


def test_highwire_tags_for_google_scholar(site):
    soup = _page(site, "lovelace1843notes")
    assert _meta(soup, "citation_title") == ["Sketch of the Analytical Engine"]
    assert _meta(soup, "citation_author") == ["Lovelace, Ada", "Menabrea, Luigi F."]
    assert _meta(soup, "citation_publication_date") == ["1843/09"]
    assert _meta(soup, "citation_journal_title") == ["Scientific Memoirs"]
    assert _meta(soup, "citation_firstpage") == ["666"]
    assert _meta(soup, "citation_lastpage") == ["731"]
    assert _meta(soup, "citation_pdf_url") == ["https://example.org/notes.pdf"]
    assert _meta(soup, "citation_doi") == ["10.1000/engine"]
    conference = _page(site, "babbage1822")
    assert _meta(conference, "citation_conference_title") == [
        "Proceedings of the Astronomical Society"
    ]
    assert _meta(conference, "citation_arxiv_id") == ["2101.00001"]


def test_unpublished_work_has_no_publication_date(site):
    soup = _page(site, "future")
    assert _meta(soup, "citation_publication_date") == []
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert "datePublished" not in data
    assert data["creativeWorkStatus"] == "Under review"
    assert soup.select_one('meta[property="article:published_time"]') is None


def test_json_ld_and_open_graph(site):
    soup = _page(site, "lovelace1843notes")
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == "Sketch of the Analytical Engine"
    assert [a["name"] for a in data["author"]] == ["Ada Lovelace", "Luigi F. Menabrea"]
    assert data["datePublished"] == "1843-09"
    assert data["sameAs"] == ["https://doi.org/10.1000/engine"]
    assert "</script>" in data["abstract"]  # kept as text, and it did not end the element
    assert data["url"] == "https://example.org/publications/lovelace1843notes/"
    properties = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    assert properties["og:type"] == "article"
    assert properties["og:title"] == "Sketch of the Analytical Engine"
    assert properties["og:description"] == "The first published program."
    assert not soup.select("article script")


def test_paper_page_content(site):
    soup = _page(site, "lovelace1843notes")
    article = soup.select_one("article")
    assert article.select_one("h1").get_text(strip=True).startswith("Sketch of the")
    assert article.select_one(".labsite-author strong").get_text() == "Ada Lovelace"
    assert "Notes on the engine" in article.select_one(".labsite-abstract").get_text()
    apa = article.select_one(".labsite-cite-as__apa").get_text()
    assert apa.startswith("Lovelace, A., & Menabrea, L. F. (1843). Sketch of the")
    assert "Scientific Memoirs, 3(1), 666–731. https://doi.org/10.1000/engine" in apa
    ieee = article.select_one(".labsite-cite-as__ieee").get_text()
    assert ieee.startswith("A. Lovelace and L. F. Menabrea, “Sketch of the Analytical Engine,”")
    assert "vol. 3, no. 1, pp. 666–731, Sep. 1843, doi: 10.1000/engine." in ieee
    code = article.select_one(".labsite-bibtex pre code").get_text()
    assert code.startswith("@article{lovelace1843notes,")
    listed = {a.get_text(): a["href"] for a in article.select(".labsite-listed-on a")}
    assert set(listed) == {"Papers", "Notes"}
    assert listed["Notes"] == "../../notes/"


def test_paper_pages_are_in_sitemap_and_search_but_not_nav(site):
    sitemap = (site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/publications/lovelace1843notes/" in sitemap
    index = json.loads((site.site / "search" / "search_index.json").read_text("utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("publications/lovelace")]
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert "Sketch of the Analytical Engine" in text and "Notes on the engine" in text
    assert "@article{lovelace1843notes" not in text  # BibTeX and Cite as are not indexed
    nav = [a.get_text(strip=True) for a in site.html().select("nav.md-nav--primary a")]
    assert not any("Sketch" in n for n in nav)


def test_exports_are_linked_and_parse(site):
    links = {a.get_text(): a["href"] for a in site.html().select(".labsite-exports a")}
    assert set(links) == {"BibTeX", "CSL-JSON", "RIS", "Atom feed"}
    for href in links.values():
        assert (site.site / href).is_file(), href
    items = json.loads((site.site / "publications" / "bibliography.json").read_text("utf-8"))
    assert {i["id"] for i in items} == {
        "lovelace1843notes", "babbage1822", "future", "o'brien:beckett", "a/b",
    }  # fmt: skip
    feed = ET.parse(site.site / "publications" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles.index("A Key With a Slash") < titles.index("Sketch of the Analytical Engine")
    per_paper = site.site / "publications" / "bib" / "lovelace1843notes.bib"
    assert per_paper.read_text("utf-8").startswith("@article{lovelace1843notes,")
    head = site.html().select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert head is not None and head["href"].endswith("publications/feed.xml")


def test_authors_link_to_their_pages(site):
    for soup, expected in ((site.html(), "notes/"), (_page(site, "babbage1822"), "../../notes/")):
        links = [a for a in soup.select("a.labsite-author__link")]
        assert [a.get_text() for a in links] == ["Charles Babbage"]
        assert links[0]["href"] == expected


def test_a_paper_whose_page_cannot_be_made_does_not_stop_the_others(tmp_path, monkeypatch):
    """Its problem is reported with file:line (so --strict fails), the other pages are
    written, and its own page shows the error."""
    from labsite.render.renderer import Renderer

    from ..support import build_strict, write_site

    original = Renderer.render_paper_page

    def render(self, paper, **kwargs):
        if paper.key == "broken":
            raise IndexError("tuple index out of range")
        return original(self, paper, **kwargs)

    monkeypatch.setattr(Renderer, "render_paper_page", render)
    bib = (
        "@misc{good, title = {Good}, year = {2020}}\n\n"
        "@misc{broken, title = {Broken}, year = {2021}}\n"
    )
    write_site(tmp_path, {"index.md": "# Home\n\n{{ papers() }}\n"}, bib)
    build = build_strict(tmp_path, in_process=True)
    assert build.returncode == 1
    assert "bib/papers.bib:3: entry 'broken': its page cannot be made (IndexError" in build.output
    assert (build.site / "publications" / "good" / "index.html").is_file()
    broken = (build.site / "publications" / "broken" / "index.html").read_text(encoding="utf-8")
    assert "its page cannot be made" in broken


def test_hostile_keys_get_pages_and_break_nothing(tmp_path):
    """Keys that are too long for a file name or that name an export are built, each
    with its own page, and the exports are still the exports."""
    from ..support import build_strict, write_site

    keys = ["k" * 300, "bibliography.bib", "feed.xml", "bib", "BIB2", "bib2"]
    bib = "\n".join(
        f"@misc{{{key}, title = {{T{n}}}, year = {{2020}}}}" for n, key in enumerate(keys)
    )
    write_site(tmp_path, {"index.md": "# Home\n\n{{ papers() }}\n"}, bib)
    build = build_strict(tmp_path, in_process=True)
    assert build.returncode == 0, build.output
    folder = build.site / "publications"
    pages = sorted(p.parent.name for p in folder.glob("*/index.html"))
    assert len(pages) == len(keys), pages
    assert (folder / "bibliography.bib").is_file() and (folder / "feed.xml").is_file()
    assert (folder / "bib").is_dir() and len(list((folder / "bib").glob("*.bib"))) == len(keys)
    assert not any(folder.glob("labsite--shell--*"))


def test_a_failed_build_leaves_no_shell_pages(tmp_path, monkeypatch):
    """However the build fails after the shells were written, they are taken out."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from labsite.hosts.mkdocs.paper_pages import PaperPages

    from ..support import write_site

    def write(self, site_dir, site_url, render, *more):
        raise OSError(36, "File name too long")

    monkeypatch.setattr(PaperPages, "write", write)
    bib = "@misc{one, title = {One}, year = {2020}}\n@misc{two, title = {Two}}\n"
    write_site(tmp_path, {"index.md": "# Home\n\n{{ papers() }}\n"}, bib)
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(OSError, match="File name too long"):
        build(config)
    folder = tmp_path / "site" / "publications"
    assert (tmp_path / "site" / "index.html").is_file()  # the build got as far as pages
    assert folder.is_dir()
    assert not list(folder.glob("labsite--shell--*")), list(folder.iterdir())
