"""Stage 4, *render*: papers to HTML through Jinja templates.

This is the only module that makes HTML. Templates ship in ``labsite/templates/labsite``
and a site overrides any of them by putting a file of the same name in its
``overrides/labsite/`` folder. Autoescaping is on: every value from a .bib file is
escaped; URLs were limited to safe schemes by the model.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from labsite._version import code_digest
from labsite.bib.fields import type_label
from labsite.bib.memo import ByIdentity
from labsite.bib.model import Paper
from labsite.bib.query import Group
from labsite.bib.services import service_links
from labsite.data.metrics import Metrics, Summary, WorkMetrics, dump_metrics
from labsite.paths import EXPORT_NAMES
from labsite.render.citation_styles import apa, ieee
from labsite.render.markup import MARKDOWN_SPECIAL, compact, compact_keep_pre, with_math
from labsite.render.scholar import description, highwire_tags, json_ld, open_graph_tags
from labsite.settings import HighlightGroup, Settings
from labsite.text.names import NameMatcher, Person
from labsite.text.urls import page_link, relative_link

# The shipped templates (``labsite/*.html``) and the stylesheet and script of the lists.
TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSETS_DIR = Path(__file__).parent / "assets"

# The exports the plugin writes into the papers folder: (file, label, MIME type).
_EXPORT_KINDS = (
    ("BibTeX", "application/x-bibtex"),
    ("CSL-JSON", "application/vnd.citationstyles.csl+json"),
    ("RIS", "application/x-research-info-systems"),
    ("Atom feed", "application/atom+xml"),
)
EXPORT_FILES = tuple(
    (name, label, kind) for name, (label, kind) in zip(EXPORT_NAMES, _EXPORT_KINDS, strict=True)
)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def key_anchor(key: str) -> str | None:
    """The id al-folio gives an entry, its key itself, when it can be an HTML id (no
    white space) and does not look like labsite's own ids; else ``None``."""
    if not key or _SPACE.search(key) or key.startswith(("paper-", "labsite")):
        return None
    return key


def month_name(month: int | None) -> str:
    return _MONTHS[month - 1] if month and 1 <= month <= 12 else ""


def text_lines(text: str) -> Markup:
    """Escaped text in which ``<br>`` (as al-folio's ``annotation`` writes it) breaks
    the line: the only tag kept."""
    return Markup("<br>").join(escape(part.strip()) for part in _BREAK.split(text))


def _escaped(text: str) -> str:
    return str(escape(text))


def anchor_id(key: str) -> str:
    """A stable HTML id for an entry."""
    return "paper-" + (_ID_UNSAFE.sub("-", key).strip("-") or "entry")


@dataclass(frozen=True)
class AuthorView:
    """One author as a template shows it."""

    person: Person
    classes: tuple[str, ...]
    symbols: str
    bold: bool
    url: str | None = None
    """Site-relative or absolute URL of the person's page."""


class Renderer:
    """Renders paper lists, single entries, paper pages and citation references.

    ``paper_url`` gives the site-relative URL of a paper's own page (``None`` when
    papers have no pages); titles in lists then link to it. ``metrics``: the citation
    counts, shown when the site turns them on (``citation_counts``).
    """

    def __init__(
        self,
        settings: Settings,
        paper_url: Callable[[Paper], str | None] | None = None,
        bibtex: Callable[[Paper], str] | None = None,
        metrics: Metrics | None = None,
        markdown: Callable[[str], str] | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = metrics if settings.citation_counts else None
        self._metrics_digest: str | None = None
        self.paper_url = paper_url or (lambda paper: None)
        self.bibtex = bibtex or _source_of
        # Markdown of untrusted text, made safe (the hosts give Python-Markdown's);
        # without one, the text is shown as it is.
        self.markdown = markdown or _escaped
        loaders: list[BaseLoader] = [
            FileSystemLoader([str(d) for d in settings.template_dirs if Path(d).is_dir()])
        ]
        loaders.append(FileSystemLoader(str(TEMPLATES_DIR)))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=StrictUndefined,
            auto_reload=False,
            bytecode_cache=COMPILED_TEMPLATES,
        )
        self.env.filters["math"] = with_math
        self.env.filters["anchor_id"] = anchor_id
        self.env.filters["type_label"] = type_label
        self.env.filters["month_name"] = month_name
        self.env.filters["lines"] = text_lines
        self.env.filters["markdown"] = lambda text: Markup(self.markdown(text))
        self.env.filters["key_anchor"] = key_anchor
        self._groups: list[tuple[HighlightGroup, NameMatcher]] = [
            (group, NameMatcher(group.variants)) for group in settings.groups
        ]
        self._author_links = [
            (NameMatcher(link.names), page_link(link.url)) for link in settings.author_links
        ]
        self._templates_digest: str | None = None

    def authors(self, paper: Paper) -> list[AuthorView]:
        views = []
        for person in paper.authors:
            classes: list[str] = []
            symbols = ""
            bold = False
            for group, matcher in self._groups:
                if matcher.matches(person):
                    classes.append(f"labsite-author--{group.name}")
                    symbols += group.symbol
                    bold = bold or group.bold
            url = next((u for m, u in self._author_links if m.matches(person)), None)
            views.append(AuthorView(person, tuple(classes), symbols, bold, url))
        return views

    def legend(self, papers: Sequence[Paper]) -> list[tuple[str, str]]:
        """(symbol, meaning) for the markers and highlight symbols used in ``papers``."""
        used_markers = {m for p in papers for a in p.authors for m in a.markers}
        items = [(m, text) for m, text in self.settings.markers.items() if m in used_markers]
        for group, matcher in self._groups:
            if (
                group.symbol
                and group.legend
                and any(matcher.matches(a) for p in papers for a in p.authors)
            ):
                items.append((group.symbol, group.legend))
        return items

    def link(self, url: str, url_prefix: str) -> str:
        """A link of a paper or person as written on a page whose way back to the site
        root is ``url_prefix`` (see :func:`labsite.text.urls.relative_link`)."""
        return relative_link(url, url_prefix)

    def _paper_href(self, paper: Paper, url_prefix: str) -> str | None:
        url = self.paper_url(paper)
        return None if url is None else self.link(url, url_prefix)

    def _context(self, url_prefix: str) -> dict[str, object]:
        return {
            "authors_of": self.authors,
            "link_href": lambda url: self.link(url, url_prefix),
            "paper_href": lambda paper: self._paper_href(paper, url_prefix),
            "apa": apa,
            "ieee": ieee,
            "bibtex_of": self.bibtex,
            "cited_by": self.cited_by,
            "metrics_date": self.metrics.date if self.metrics is not None else "",
            "badges_of": lambda paper: service_links(paper, self.settings.scholar_userid),
            "venue_of": lambda paper: self.settings.venues.get(paper.abbr),
            "author_limit": self.settings.max_author_limit,
        }

    def cited_by(self, paper: Paper) -> WorkMetrics | None:
        """The citation counts of a paper, when the site shows them and has them."""
        if self.metrics is None or not self.metrics.date:
            return None
        return self.metrics.works.get(paper.key)

    def render_paper_page(
        self,
        paper: Paper,
        *,
        url_prefix: str,
        bibtex: str,
        bibtex_download: str | None = None,
        listed_on: Sequence[tuple[str, str]] = (),
    ) -> str:
        """The body of a paper's own page. ``listed_on`` holds (title, relative URL)
        of the site pages that list or cite it."""
        html = self.env.get_template("labsite/paper_page.html").render(
            paper=paper,
            bibtex=bibtex,
            bibtex_download=bibtex_download,
            listed_on=listed_on,
            legend=self.legend([paper]),
            **self._context(url_prefix),
        )
        return compact_keep_pre(html)

    def page_context(self) -> str | None:
        """What every paper page rendered by this renderer depends on besides its own
        parts (labsite's code, its templates, the settings, the citation counts), for
        :mod:`labsite.render.page_store`; ``None`` when the site overrides templates
        (their content is not tracked, so nothing is reused)."""
        if self._templates_digest is None:
            self._templates_digest = _shipped_templates_digest(self.settings.template_dirs)
        if not self._templates_digest:
            return None
        return "\x1f".join(
            (code_digest(), self._templates_digest, repr(self.settings), self._metrics_key())
        )

    def render_exports(self, base: str) -> str:
        """Download links for the exports; ``base`` is the relative URL of their folder."""
        return compact(
            self.env.get_template("labsite/exports.html").render(
                files=[(base + name, label, kind) for name, label, kind in EXPORT_FILES]
            )
        )

    def render_head(
        self,
        paper: Paper,
        *,
        page_url: str,
        site_name: str,
        site_url: str = "",
        url_prefix: str = "",
    ) -> str:
        """``<meta>`` tags and JSON-LD for a paper page's ``<head>``; site-relative
        links are resolved against ``site_url`` (else written as the page's buttons
        are, from ``url_prefix``)."""
        data = json.dumps(json_ld(paper, page_url, site_url, url_prefix), ensure_ascii=False,
                          sort_keys=True)  # fmt: skip
        # Inside <script>, "</" would end the element: escape what HTML could see.
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return self.env.get_template("labsite/paper_head.html").render(
            highwire=highwire_tags(paper, page_url, site_url, url_prefix),
            open_graph=open_graph_tags(paper, page_url, site_name),
            description=description(paper),
            json_ld=Markup(data),
        )

    def render_list(
        self,
        groups: Sequence[Group],
        *,
        url_prefix: str = "",
        heading_level: int = 2,
        interactive: bool = False,
        template: str = "labsite/papers.html",
        content_digest: str = "",
    ) -> str:
        """A paper list. ``interactive`` lists get the filter and search controls
        (made by labsite.js; without JavaScript the whole list shows), the abstract
        behind a toggle, the BibTeX with a copy button, and an anchor per entry.
        ``content_digest``, when the papers all come from one bibliography, is its
        digest (:attr:`Bibliography.digest`): the cache then finds the list by its
        papers' keys, without hashing each paper's content."""
        papers = [p for g in groups for p in g.papers]
        keys = self._list_key(
            groups, papers, url_prefix, heading_level, interactive, template, content_digest
        )
        if keys is not None:
            cached = _LIST_CACHE.get(*keys, self.settings.cache_dir)
            if cached is not None:
                return cached
        html = self.env.get_template(template).render(
            groups=groups,
            papers=papers,
            legend=self.legend(papers),
            heading_level=heading_level,
            interactive=interactive,
            **self._context(url_prefix),
        )
        result = compact_keep_pre(html)
        if keys is not None:
            folder = self.settings.cache_dir if len(papers) >= 500 else None
            _LIST_CACHE.put(*keys, result, folder)
        return result

    def _list_key(
        self,
        groups: Sequence[Group],
        papers: Sequence[Paper],
        url_prefix: str,
        heading_level: int,
        interactive: bool,
        template: str,
        content_digest: str = "",
    ) -> tuple[str, str] | None:
        """What a list's HTML depends on, as a digest, and its *slot*: the same list
        (same settings, page and papers' keys) with other content, whose older HTML the
        memory cache drops when the new one comes; ``None`` when it cannot be told
        (templates overridden by the site, a BibTeX function that is not labsite's,
        short lists that render faster than they hash)."""
        if len(papers) < _CACHE_MIN or not all(type(p) is Paper for p in papers):
            return None
        if self._templates_digest is None:
            self._templates_digest = _shipped_templates_digest(self.settings.template_dirs)
        if not self._templates_digest:
            return None
        bibtex_id = _function_id(self.bibtex)
        if interactive and not bibtex_id:
            return None
        parts = [
            _RENDER_CACHE_FORMAT, code_digest(), self._templates_digest, repr(self.settings),
            template, url_prefix, str(heading_level), str(interactive), bibtex_id,
            self._metrics_key(),
        ]  # fmt: skip
        if content_digest:
            # The same groups (a query's result, kept between the rebuilds of `mkdocs
            # serve`) of the same bibliography with the same URL function: the same key.
            return _LIST_KEYS.get(
                groups, (tuple(parts), content_digest, self.paper_url),
                lambda: self._hash_list_key(parts, groups, papers, content_digest),
            )  # fmt: skip
        return self._hash_list_key(parts, groups, papers, content_digest)

    def _hash_list_key(
        self,
        parts: list[str],
        groups: Sequence[Group],
        papers: Sequence[Paper],
        content_digest: str,
    ) -> tuple[str, str]:
        parts = list(parts)
        slot = hashlib.sha1(
            "\x1f".join([*parts, *(p.key for p in papers)]).encode("utf-8", "surrogatepass")
        ).hexdigest()
        extend, url = parts.extend, self.paper_url
        if content_digest:
            # The same files give the same papers: their keys and places tell the list.
            extend(("\x1c", content_digest))
            for group in groups:
                extend(("\x1e", str(group.label)))
                extend(f"{paper.key}\x1d{url(paper)}" for paper in group.papers)
        else:
            for group in groups:
                extend(("\x1e", str(group.label)))
                for paper in group.papers:
                    # What a Paper is made from (model.build_paper reads nothing else).
                    extend(("\x1d", paper.key, paper.entry_type, paper.file, str(paper.line)))
                    extend((paper.source, str(url(paper)), paper.preview))
                    extend(link.url for link in paper.links)  # resolved against docs/
                    for item in paper.fields.items():
                        extend(item)
        return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest(), slot

    def _metrics_key(self) -> str:
        """What the citation counts a list shows are, as a digest ("" for none)."""
        if self._metrics_digest is None:
            text = dump_metrics(self.metrics) if self.metrics is not None else ""
            self._metrics_digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
        return self._metrics_digest

    def render_reference(self, paper: Paper, *, url_prefix: str = "") -> str:
        """One line of HTML for a reference list or footnote, safe inside Markdown."""
        html = self.env.get_template("labsite/reference.html").render(
            paper=paper, **self._context(url_prefix)
        )
        return " ".join(html.split()).translate(MARKDOWN_SPECIAL)

    def render_fragment(self, template: str, *, url_prefix: str = "", **context: object) -> str:
        """Another labsite template (people, talks ...), with the helpers of paper lists
        (``link_href``, ``authors_of`` ...) and ``md_text`` for text put in a Markdown
        heading; compacted like a paper list."""
        values: dict[str, object] = dict(self._context(url_prefix))
        values["md_text"] = lambda text: Markup(str(escape(text)).translate(MARKDOWN_SPECIAL))
        values.update(context)
        return compact_keep_pre(self.env.get_template(template).render(**values))

    def render_citation_summary(self, summary: Summary) -> str:
        """Total citations and h-index of a set of papers, with the date of the figures
        (nothing when none of them has figures)."""
        if not summary.papers:
            return ""
        return compact(
            self.env.get_template("labsite/citation_summary.html").render(summary=summary)
        )

    def render_feed_link(self, href: str, title: str) -> str:
        """The ``<link rel="alternate">`` of an Atom feed, for a page's ``<head>``."""
        return compact(
            self.env.get_template("labsite/feed_link.html").render(href=href, title=title)
        )

    def render_post_papers(self, listing: str) -> str:
        """The papers a news post names (``listing``: a rendered list), with a heading."""
        return compact_keep_pre(
            self.env.get_template("labsite/post_papers.html").render(listing=Markup(listing))
        )

    def render_message(self, message: str) -> str:
        """An inline error box for a macro that could not do its job."""
        return compact(self.env.get_template("labsite/error.html").render(message=message))


def search_text(paper: Paper) -> str:
    """What the search index knows of a paper page: authors, venue and year, abstract
    (not its BibTeX or "Cite as", which would match every query for a common word)."""
    names = ", ".join(p.full for p in paper.authors if not p.is_others)
    where = " ".join(part for part in (paper.venue, str(paper.year or "")) if part)
    parts = [f"<p>{escape(text)}</p>" for text in (names, where, paper.abstract) if text]
    return "".join(parts)


def _source_of(paper: Paper) -> str:
    """The entry as written: what lists show as BibTeX unless told otherwise."""
    return paper.source


class _CompiledTemplates(BytecodeCache):
    """Compiled templates for the life of the process: every build (each rebuild of
    ``mkdocs serve``) makes a renderer, and its templates are compiled once. Jinja
    keys each by the template's name and checks its source, so an edited override
    is compiled again."""

    def __init__(self, size: int = 256) -> None:
        self._code: dict[str, bytes] = {}
        self._size = size
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        with self._lock:
            if len(self._code) >= self._size:
                self._code.clear()
            self._code[bucket.key] = code


COMPILED_TEMPLATES = _CompiledTemplates()
"""The compiled templates of this process (the theme's too: see the MkDocs plugin's on_env)."""


# -- the cache of rendered lists ---------------------------------------------------
# A list of thousands of papers takes seconds to render through Jinja; its HTML is
# kept, keyed by everything it depends on (the papers' content, the settings, the
# page's URL prefix, the shipped templates), in memory for the life of the process
# (``mkdocs serve`` rebuilds) and, for long lists, in the cache folder beside the
# parsed bibliography. Sites that override templates are not cached.

# Bump when what a list's HTML depends on changes outside the templates.
_RENDER_CACHE_FORMAT = "3"
# Lists shorter than this are rendered every time (hashing them costs as much).
_CACHE_MIN = 50
_DISK_FILES = 32
_MEMORY_CHARS = 100_000_000


def _function_id(function: Callable[..., object]) -> str:
    """``module.name`` of one of labsite's module-level functions (or the ``cache_id``
    of one of its callable records), else "" (a lambda or another library's function
    may depend on anything)."""
    cache_id = getattr(function, "cache_id", None)
    if isinstance(cache_id, str) and type(function).__module__.startswith("labsite."):
        return cache_id
    module = getattr(function, "__module__", "") or ""
    name = getattr(function, "__qualname__", "<>")
    return f"{module}.{name}" if module.startswith("labsite.") and "<" not in name else ""


def _shipped_templates_digest(template_dirs: Sequence[Path]) -> str:
    """A digest of labsite's own templates; "" when a site folder overrides any."""
    for folder in template_dirs:
        if (Path(folder) / "labsite").is_dir():
            return ""
    digest = hashlib.sha1()
    shipped = TEMPLATES_DIR / "labsite"
    for path in sorted(shipped.glob("*.html")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class _ListCache:
    """Rendered lists by digest. In memory, one list per slot: when a list is rendered
    anew because its papers changed (an edit under ``mkdocs serve``), the HTML of the
    older version is let go, so memory stays flat over a long session."""

    def __init__(self) -> None:
        self._memory: dict[str, str] = {}
        self._slots: dict[str, str] = {}  # slot -> the key in memory for it
        self._size = 0
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._memory.clear()
            self._slots.clear()
            self._size = 0

    def get(self, key: str, slot: str, folder: Path | None) -> str | None:
        with self._lock:
            found = self._memory.get(key)
        if found is not None or folder is None:
            return found
        try:
            data = (folder / f"render-{key}.html").read_bytes()
        except OSError:
            return None
        check, _, body = data.partition(b"\n")
        if check != hashlib.sha1(body).hexdigest().encode():
            return None  # damaged: render again, and overwrite it
        found = body.decode("utf-8")
        self._remember(key, slot, found)
        return found

    def put(self, key: str, slot: str, html: str, folder: Path | None) -> None:
        self._remember(key, slot, html)
        if folder is None or not folder.is_dir():  # made by the bibliography's cache
            return
        try:
            old = sorted(folder.glob("render-*.html"), key=lambda p: p.stat().st_mtime)
            for path in old[: max(len(old) - _DISK_FILES + 1, 0)]:
                path.unlink(missing_ok=True)
            body = html.encode("utf-8")
            with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as f:
                f.write(hashlib.sha1(body).hexdigest().encode() + b"\n" + body)
            os.replace(f.name, folder / f"render-{key}.html")
        except OSError:
            pass  # a read-only checkout renders fine without a cache

    def _remember(self, key: str, slot: str, html: str) -> None:
        if len(html) > _MEMORY_CHARS // 4:
            return  # a list of tens of thousands of entries: kept on disk only
        with self._lock:
            older = self._slots.get(slot)
            if older is not None and older != key:
                self._size -= len(self._memory.pop(older, ""))
            if self._size + len(html) > _MEMORY_CHARS:
                self._memory.clear()
                self._slots.clear()
                self._size = 0
            if key not in self._memory:
                self._size += len(html)
            self._memory[key] = html
            self._slots[slot] = key

    def __len__(self) -> int:
        return len(self._memory)


_LIST_CACHE = _ListCache()
# The keys of the latest lists, by the identity of their groups (see Renderer._list_key).
_LIST_KEYS: ByIdentity[tuple[str, str]] = ByIdentity(sources=8)
