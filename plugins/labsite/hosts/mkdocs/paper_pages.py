"""The plugin's side of paper pages: one page per paper, written without a MkDocs page
each.

A site with 10,000 papers would otherwise have 10,000 MkDocs pages, each rendered by
the theme's full template, indexed by the search plugin and kept in memory until the
end of the build: most of a build's time and memory. But every paper page has the same
frame (same depth in the site, out of the navigation, the same header, footer and
scripts); only the title, the body, the table of contents and the head tags differ.

So MkDocs renders a few *shell* pages, one per kind of table of contents, whose title
and body are tokens. After the build (when every page that lists or cites a paper is
known) each paper's page is the shell of its kind with the tokens replaced by the
paper's escaped title and its body, written straight to the site folder. The sitemap
and the search index get the papers' pages in place of the shells.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from labsite.bib.memo import ByIdentity
from labsite.bib.model import Paper
from labsite.hosts.mkdocs.kept_files import KeptFiles
from labsite.paths import SHELL_SLUG, page_uri
from labsite.runtime.files import write_whole

TITLE_TOKEN = "LabsiteShellTitleToken"
BODY_TOKEN = "LabsiteShellBodyToken"

# The kinds of table of contents: (has an abstract, is listed on other pages).
KINDS: tuple[tuple[bool, bool], ...] = ((False, False), (False, True), (True, False), (True, True))


def toc_tokens(abstract: bool, listed: bool) -> list[dict[str, Any]]:
    """The table of contents of a paper page (the headings paper_page.html writes)."""
    sections = [("abstract", "Abstract")] if abstract else []
    sections += [("cite-as", "Cite as"), ("bibtex", "BibTeX")]
    if listed:
        sections.append(("listed-on", "On this site"))
    return [{"level": 2, "id": i, "name": n, "html": n, "children": []} for i, n in sections]


class ShellPage(Page):
    """A paper page's frame, rendered by MkDocs with tokens for the title and body."""

    kind: tuple[bool, bool] = (False, False)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = BODY_TOKEN
        self.toc = get_toc(toc_tokens(*self.kind))  # type: ignore[arg-type]
        self.present_anchor_ids = set()


@dataclass
class _Shell:
    page: ShellPage
    output: str = ""


class PaperPages:
    """The papers' pages of one build: shells first, then every paper's page."""

    def __init__(self) -> None:
        self._shells: dict[tuple[bool, bool], _Shell] = {}
        self.papers: Mapping[str, tuple[Paper, str]] = {}  # key -> (paper, url)
        self._directory = "publications"

    def add_shells(
        self,
        files: Files,
        config: MkDocsConfig,
        papers: Mapping[str, tuple[Paper, str]],
        directory: str,
    ) -> None:
        """Plan a page for each paper (``papers``: key -> the paper and its page's URL)
        and add the shells to the site's files."""
        self._directory = directory
        self._shells = {}
        self.papers = papers
        if not papers:
            return
        for number, kind in enumerate(KINDS):
            uri = page_uri(SHELL_SLUG.format(number), directory)
            file = File.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            page = ShellPage(TITLE_TOKEN, file, config)
            page.kind = kind
            self._shells[kind] = _Shell(page)

    def shell_of(self, page: Page) -> _Shell | None:
        if not isinstance(page, ShellPage):
            return None
        shell = self._shells.get(page.kind)
        return shell if shell is not None and shell.page is page else None

    def keep(self, page: Page, output: str) -> bool:
        """Keep a shell's final HTML (from on_post_page); False for other pages."""
        shell = self.shell_of(page)
        if shell is None:
            return False
        shell.output = output
        return True

    def on_request(
        self, render: Callable[[Paper, str], tuple[str, str, bool]]
    ) -> Mapping[str, Callable[[], str]]:
        """Each paper page's file (site-relative) -> the function that makes its HTML,
        made when the page is asked for (``mkdocs serve``); ``render(paper, url)`` gives
        the body, the extra head tags and whether other pages list the paper."""
        return _Makers(self, render)

    def makers(
        self, render: Callable[[Paper, str], tuple[str, str, bool]]
    ) -> list[tuple[str, Callable[[], str]]]:
        """What :meth:`on_request` gives, as a list in the papers' order."""
        return list(self.on_request(render).items()) if self._shells else []

    def finish(
        self, site_dir: str, site_url: str, defer: bool = False
    ) -> list[tuple[str, Callable[[], str | bytes]]]:
        """Take the shells out of the site and its sitemap; the papers' pages in. With
        ``defer``, the sitemap files are taken out of the site and returned as (path,
        the function that makes them), for :mod:`labsite.lazyserve`."""
        site = Path(site_dir)
        for shell in self._shells.values():
            _remove_page(site, shell.page.url)
        if self._shells:
            return self._update_sitemap(site, site_url, defer)
        return []

    def discard(self, site_dir: str) -> None:
        """Take the shells out of a site whose build failed, and plan no pages."""
        site = Path(site_dir)
        for shell in self._shells.values():
            _remove_page(site, shell.page.url)
        self._shells = {}
        self.papers = {}

    def write(
        self,
        site_dir: str,
        site_url: str,
        render: Callable[[Paper, str], tuple[str, str, bool]],
        kept: KeptFiles | None = None,
        digest: Callable[[Paper, str], str | None] | None = None,
    ) -> None:
        """Write every paper's page (see :meth:`makers`); with ``kept``, a page whose
        ``digest(paper, url)`` (of all it depends on but the frame) and frame are last
        build's is moved back instead (see kept_files.py)."""
        site = Path(site_dir)
        frames = {
            kind: hashlib.sha1(shell.output.encode("utf-8", "surrogatepass")).hexdigest()
            for kind, shell in self._shells.items()
        }
        for (path, make), (paper, url) in zip(
            self.makers(render), self.papers.values(), strict=True
        ):
            if kept is None:
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(make(), encoding="utf-8")
                continue
            own = digest(paper, url) if digest is not None else None
            # The frame is one of the shells; which one, the digest's parts tell.
            whole = None if own is None else own + "".join(sorted(frames.values()))
            kept.write(path, whole, make)
        self.finish(site_dir, site_url)

    def _shell_urls(self) -> Iterator[str]:
        for shell in self._shells.values():
            yield shell.page.url

    def _update_sitemap(
        self, site: Path, site_url: str, defer: bool = False
    ) -> list[tuple[str, Callable[[], str | bytes]]]:
        sitemap = site / "sitemap.xml"
        if not sitemap.is_file():
            return []
        original = sitemap.read_text(encoding="utf-8")
        shells = list(self._shell_urls())
        base = site_url.rstrip("/") + "/" if site_url else "/"
        papers = self.papers
        compressed = site / "sitemap.xml.gz"
        gz = compressed.is_file()

        def make() -> str:
            text = re.sub(
                r"\s*<url>\s*<loc>[^<]*</loc>\s*(?:<lastmod>[^<]*</lastmod>\s*)?</url>",
                lambda m: "" if any(u in m.group(0) for u in shells) else m.group(0),
                original,
            )
            urls = _SITEMAP.get(papers, base, lambda: "".join(
                f"\n    <url>\n         <loc>{escape(base + url)}</loc>\n    </url>"
                for _, url in papers.values()
            ))  # fmt: skip
            return text.replace("</urlset>", urls + "\n</urlset>", 1)

        def make_gz(text: str | None = None) -> bytes:
            return gzip.compress((make() if text is None else text).encode("utf-8"), mtime=0)

        if defer:
            sitemap.unlink()
            compressed.unlink(missing_ok=True)
            return [("sitemap.xml", make)] + ([("sitemap.xml.gz", make_gz)] if gz else [])
        text = make()
        sitemap.write_text(text, encoding="utf-8")
        if gz:
            compressed.write_bytes(make_gz(text))
        return []

    def update_search_index(
        self,
        site_dir: str,
        entry: Callable[[Paper], str],
        defer: bool = False,
        cache_dir: Path | None = None,
        version: str = "",
    ) -> tuple[str, Callable[[], str]] | None:
        """Replace the shells' entries of the search index by one per paper page,
        ``entry(paper)`` being its text (HTML, as the search plugin writes it).

        The papers' part of the index is kept in ``cache_dir`` for the next build,
        by ``version`` (what the papers' entries are made from; nothing is kept
        without it). The index is written in parts, never all held at once as
        objects (with 50,000 papers that was the build's peak of memory).

        With ``defer``, the index is taken out of the site and returned as (its path,
        the function that makes it), for :mod:`labsite.lazyserve`."""
        path = "search/search_index.json"
        index_file = Path(site_dir) / path
        if not index_file.is_file() or not self._shells:
            return None
        text = index_file.read_text(encoding="utf-8")
        shells = tuple(self._shell_urls())
        papers = list(self.papers.values())
        cached = None
        if cache_dir is not None and version:
            urls = "\x1f".join(url for _, url in papers)
            key = hashlib.sha1(f"{version}\x1e{urls}".encode()).hexdigest()[:20]
            cached = cache_dir / f"search-papers-{key}.json"

        def papers_part() -> Iterator[str]:
            """The papers' entries, JSON objects joined by commas, a part at a time."""
            if cached is not None and not cached.is_file():
                # Made into the cache, then read back from it like a warm build's.
                with contextlib.suppress(OSError):
                    write_whole(cached, _entries(papers, entry))
                    for old in cached.parent.glob("search-papers-*.json"):
                        if old != cached:
                            old.unlink(missing_ok=True)
            try:
                stream = cached.open(encoding="utf-8") if cached is not None else None
            except OSError:
                stream = None
            if stream is None:
                yield from _entries(papers, entry)  # (no cache, or one that cannot be read)
                return
            with stream:
                yield from iter(lambda: stream.read(1 << 20), "")

        def parts() -> Iterator[str]:
            # What json.dumps(index) gives, with the papers' entries after the others.
            index = json.loads(text)
            yield "{"
            for number, (name, value) in enumerate(index.items()):
                yield ("," if number else "") + _dumps(name) + ":"
                if name != "docs":
                    yield _dumps(value)
                    continue
                docs = [
                    _dumps(doc)
                    for doc in value
                    if not str(doc.get("location", "")).startswith(shells)
                ]
                yield "[" + ",".join(docs) + ("," if docs and papers else "")
                yield from papers_part()
                yield "]"
            yield "}"

        if defer:
            index_file.unlink()
            return path, lambda: "".join(parts())
        write_whole(index_file, parts())
        return None


def _entries(papers: list[tuple[Paper, str]], entry: Callable[[Paper], str]) -> Iterator[str]:
    """The papers' search entries, joined by commas, a thousand at a time."""
    for start in range(0, len(papers), 1000):
        yield ("," if start else "") + ",".join(
            _dumps({"location": url, "title": str(escape(_title(paper))), "text": entry(paper)})
            for paper, url in papers[start : start + 1000]
        )


def _dumps(value: Any) -> str:
    """JSON as the search plugin writes it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Makers(Mapping[str, Callable[[], str]]):
    """Site-relative path -> the function that makes that paper's page."""

    def __init__(
        self, pages: PaperPages, render: Callable[[Paper, str], tuple[str, str, bool]]
    ) -> None:
        self._pages = pages
        self._render = render
        planned = pages.papers
        self._by_path = _BY_PATH.get(planned, None, lambda: {
            (url + "index.html" if url.endswith("/") else url): (paper, url)
            for paper, url in planned.values()
        })  # fmt: skip

    def __getitem__(self, path: str) -> Callable[[], str]:
        paper, url = self._by_path[path]
        pages, render = self._pages, self._render

        def make() -> str:
            body, head, listed = render(paper, url)
            shell = pages._shells[(bool(paper.abstract), listed)]
            return _fill(shell, paper, url, body, head)

        return make

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_path)

    def __len__(self) -> int:
        return len(self._by_path) if self._pages._shells else 0


# The files of the latest plan of pages (the same plan between rebuilds of `mkdocs
# serve`: see plugin._plan).
_BY_PATH: ByIdentity[dict[str, tuple[Paper, str]]] = ByIdentity()
_SITEMAP: ByIdentity[str] = ByIdentity()


def _title(paper: Paper) -> str:
    return paper.title.replace("\\$", "$")


def _fill(shell: _Shell, paper: Paper, url: str, body: str, head: str) -> str:
    slug_url = shell.page.url
    html = shell.output.replace(slug_url, url)
    html = html.replace(TITLE_TOKEN, str(escape(_title(paper))))
    html = html.replace(BODY_TOKEN, body, 1)
    if head:
        html = html.replace("</head>", head + "</head>", 1)
    return html


def _remove_page(site: Path, url: str) -> None:
    target = site / (url + "index.html" if url.endswith("/") else url)
    target.unlink(missing_ok=True)
    if url.endswith("/"):
        with contextlib.suppress(OSError):  # not empty: not ours to remove
            target.parent.rmdir()
