"""The thin MkDocs plugin: what the macros module cannot do on its own.

It validates the settings, ships the stylesheet, makes ``mkdocs serve`` rebuild when
a .bib file changes, and adds what only a plugin can add: a page per paper (with the
metadata Google Scholar reads in its ``<head>``) and the exports of the whole
bibliography. Paper lists and citations are the macros module's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from labsite._version import code_digest
from labsite.bib.bibliography import Bibliography, load_bibliography, with_local_links
from labsite.bib.memo import ByIdentity
from labsite.bib.model import Paper
from labsite.bib.query import Group
from labsite.data.alfolio import with_alfolio_data
from labsite.data.sitedata import site_metrics
from labsite.diagnostics import LabsiteError, Problem
from labsite.export.atom import to_atom, to_atom_parts
from labsite.export.bibtex import citation_bibtex, to_bibtex, to_bibtex_parts
from labsite.export.csl import to_csl_json_parts, to_csl_json_text
from labsite.export.ris import to_ris, to_ris_parts
from labsite.hosts.hostconf import one_settings_block
from labsite.hosts.list_stash import put_back
from labsite.hosts.markup import inline_markdown
from labsite.hosts.mkdocs import parallel
from labsite.hosts.mkdocs import serve_on_demand as lazyserve
from labsite.hosts.mkdocs.config import DEFAULTS, LabsiteConfig
from labsite.hosts.mkdocs.git_dates import check_shallow_clone
from labsite.hosts.mkdocs.kept_files import KeptFiles
from labsite.hosts.mkdocs.member_pages import MemberPages
from labsite.hosts.mkdocs.paper_pages import PaperPages
from labsite.hosts.mkdocs.posts import PostIndex
from labsite.hosts.state import BuildState
from labsite.paths import page_uri, page_url, url_prefix
from labsite.render import mathml as mathml
from labsite.render.page_store import PageStore, page_key
from labsite.render.renderer import ASSETS_DIR, COMPILED_TEMPLATES, Renderer, search_text
from labsite.runtime.collector import freeze, thaw
from labsite.runtime.files import write_whole
from labsite.settings import Settings

log = get_plugin_logger(__name__)

STYLESHEET = "assets/labsite/labsite.css"
SCRIPT = "assets/labsite/labsite.js"
# Under `mkdocs serve`, a page whose lists are longer than this (characters of HTML;
# about 1,000 entries) is made when the browser asks for it.
ON_REQUEST_LISTS = 1_000_000


def _made_from(paper: Paper) -> tuple[str, ...]:
    """What a Paper is made from (model.build_paper), but where it stands in its file
    (an entry moved down a line is the same page), and its links as resolved against
    docs/ (a file added there changes them)."""
    return (
        paper.key, paper.entry_type, paper.source, repr(sorted(paper.fields.items())),
        repr(paper.links), paper.preview,
    )  # fmt: skip


@dataclass(frozen=True)
class _PageInputs:
    paper: Paper
    url: str
    prefix: str
    listed_on: list[tuple[str, str]]
    download: str | None
    key: str | None


def _plan(
    papers: tuple[Paper, ...],
    slugs: Mapping[str, str],
    directory: str,
    directory_urls: bool,
    taken: frozenset[str],
) -> tuple[Mapping[str, tuple[Paper, str]], list[tuple[str, str]]]:
    """The papers that get a page (key -> the paper and its page's URL), and the
    (source path, key) of those whose page is ``taken`` by a page in docs/."""
    planned: dict[str, tuple[Paper, str]] = {}
    over = []
    for paper in papers:
        slug = slugs[paper.key]
        uri = page_uri(slug, directory)
        if taken and (uri := PurePosixPath(uri).as_posix()) in taken:
            over.append((uri, paper.key))
            continue
        planned[paper.key] = (paper, page_url(slug, directory, directory_urls))
    return MappingProxyType(planned), over


# The plan of the paper pages of the latest bibliography (the same between rebuilds of
# `mkdocs serve`, which then skip working it out again).
_PLANS: ByIdentity[tuple[Mapping[str, tuple[Paper, str]], list[tuple[str, str]]]] = ByIdentity()


def _write_quietly(path: Path, text: str | Iterable[str]) -> bool:
    """Write ``text`` (or its parts) to ``path`` whole (never a half-written file);
    False when the cache folder cannot be written (the caller keeps the text instead)."""
    try:
        write_whole(path, text)
    except OSError:
        return False
    return True


def _write_exports(exports: list[tuple[Path, Callable[[], Iterable[str]]]]) -> None:
    """In the background process: each export made and written to its cache file."""
    for path, make in exports:
        _write_quietly(path, make())


def _remove_others(folder: Path, kept: set[str]) -> None:
    """The cached exports of earlier builds go once this build has its own."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name not in kept:
                path.unlink(missing_ok=True)


class _PerPaper(Mapping[str, Callable[[], str]]):
    """Each paper's own .bib file (site-relative path) -> the function that writes it."""

    def __init__(self, bibtex: Callable[[Paper], str], papers: Mapping[str, Paper]) -> None:
        self._bibtex = bibtex
        self.papers = papers

    def __getitem__(self, path: str) -> Callable[[], str]:
        return partial(self._bibtex, self.papers[path])

    def __iter__(self) -> Iterator[str]:
        return iter(self.papers)

    def __len__(self) -> int:
        return len(self.papers)


_BIB_FILES: ByIdentity[dict[str, Paper]] = ByIdentity()


class LabsitePlugin(BasePlugin[LabsiteConfig]):
    settings: Settings
    bibliography: Bibliography
    renderer: Renderer

    def __init__(self) -> None:
        self.state: BuildState | None = None  # shared with the macros module (hosts/state.py)
        self.paper_pages = PaperPages()
        self.page_store = PageStore(None)  # rendered paper pages kept between builds
        # The pages being rendered on every core, in the order they are written: url ->
        # (body, head), or None when it raised (see _render_ahead).
        self._ahead: Iterator[tuple[_PageInputs, tuple[str, ...] | None]] = iter(())
        self._ahead_urls: set[str] = set()
        self._workers: Generator[tuple[str, ...] | None, None, None] = (_ for _ in ())
        self._inputs: dict[str, _PageInputs] = {}  # url -> what its page shows, this build
        self._kept: KeptFiles | None = None  # the previous build's papers' files
        self._page_context: str | None = None
        self._site_url = ""
        self._site_dir = ""
        self._site_name = ""
        self.members = MemberPages()  # the people file and a page per member
        self.posts = PostIndex()  # blog posts: the papers they name, their feed

    # Early (100): before the dates plugin's own on_config, whose shallow-clone warnings
    # this replaces (see git_dates.py), and before mkdocs-macros' on_config, which runs
    # the macros module's define_env: that reads the build state made here.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if lazyserve.serving():
            # The previous rebuild's files to make on request hold its pages, papers and
            # renderers: let them go (this build registers its own; on_post_build has
            # them collected soon after, see serve_on_demand.collect_soon).
            lazyserve.register([])
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        dates = config.plugins.get("git-revision-date-localized")
        check_shallow_clone(root, dates is not None and dates.config.get("enabled", True))
        dirs = tuple(Path(d) for d in config.theme.dirs)
        try:
            data = one_settings_block(dict(self.config), DEFAULTS, config)
            self.settings = Settings.from_mapping(data, root=root, template_dirs=dirs)
        except LabsiteError as exc:
            raise PluginError(f"labsite: {exc}") from exc
        self.state = BuildState(self.settings)
        if "macros" not in config.plugins:
            log.warning(
                "the macros plugin is not enabled: add it with modules: "
                '["labsite:labsite.macros"] to render paper lists and citations'
            )
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        if SCRIPT not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        self._site_url = config.site_url or ""
        self._site_dir = config.site_dir
        self._mathml = "labsite.mathml" in config.markdown_extensions
        self._site_name = config.site_name or ""
        return config

    @property
    def _state(self) -> BuildState:
        if self.state is None:  # pragma: no cover - on_config always runs first
            raise PluginError("labsite: the build state is missing (on_config did not run)")
        return self.state

    def _paper_url(self, directory_urls: bool) -> Any:
        directory = self.settings.papers_dir
        table = self._slugs
        return lambda paper: page_url(table[paper.key], directory, directory_urls)

    # Late (-50): after other plugins have added their files, so that paper pages come
    # last and are rendered after every page that lists or cites them.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        css, js = str(ASSETS_DIR / "labsite.css"), str(ASSETS_DIR / "labsite.js")
        files.append(File.generated(config, STYLESHEET, abs_src_path=css))
        files.append(File.generated(config, SCRIPT, abs_src_path=js))
        self.bibliography = with_local_links(
            load_bibliography(self.settings.bib_paths(), self.settings.cache_dir),
            Path(config.docs_dir),
        )
        # What is alive now (the papers, MkDocs' own) lives to the end of the build:
        # the collector's passes leave it out until on_post_build.
        freeze()
        papers = self.bibliography.papers
        self._slugs = self.bibliography.slugs
        self._inputs = {}
        # Problems of the metrics file are reported by the macros module, like the
        # other data files'.
        self.renderer = Renderer(
            with_alfolio_data(self.members.load(self.settings))[0],  # reported by the macros
            paper_url=self._paper_url(config.use_directory_urls),
            markdown=inline_markdown,
            metrics=site_metrics(self.settings)[0],
        )
        directory = self.settings.papers_dir
        self.posts.start(config)
        self._bibtex_cache: dict[str, str] = {}
        planned: Mapping[str, tuple[Paper, str]] = {}
        if self.settings.paper_pages:
            # A page in docs/ where a paper's page would go wins (found from one set of
            # the site's sources, not a Files lookup per paper).
            folder = PurePosixPath(page_uri("x", directory)).parent.as_posix() + "/"
            taken = frozenset(uri for uri in files.src_uris if uri.startswith(folder))
            urls = config.use_directory_urls
            planned, over = _PLANS.get(
                self.bibliography, (directory, urls, taken),
                lambda: _plan(papers, self._slugs, directory, urls, taken),
            )  # fmt: skip
            for uri, key in over:
                log.warning(f"{uri} exists in docs/: the page of '{key}' is not made")
        self.paper_pages.add_shells(files, config, planned, directory)
        self.page_store.close()  # the previous build's (mkdocs serve)
        context = self.renderer.page_context()
        self._page_context = None if context is None else "\x1f".join((
            context, self._site_url, self._site_name, str(self._mathml),
            str(config.use_directory_urls),
        ))  # fmt: skip
        self.page_store = PageStore(self.settings.cache_dir if context is not None else None)
        paper_url = (
            self._paper_url(config.use_directory_urls) if self.settings.paper_pages else None
        )
        self.members.add_pages(files, config, papers, paper_url)
        self._deferred: list[tuple[str, Callable[[], str]]] = []
        self._on_request_pages: list[str] = []
        self._per_paper: Mapping[str, Callable[[], str]] = {}
        self.exports_made = 0  # .bib, CSL-JSON, RIS and Atom exports made (not cached)
        self._missing_exports: list[tuple[Path, Callable[[], Iterable[str]], File]] = []
        self._exports_job: parallel.Background | None = None
        self._per_paper_digest: dict[str, str | None] = {}
        if self.settings.exports:
            self._add_exports(files, config, papers)
        return files

    def _add_exports(self, files: Files, config: MkDocsConfig, papers: tuple[Paper, ...]) -> None:
        directory = self.settings.papers_dir
        site_url = self._site_url or "/"
        paper_url = self._paper_url(config.use_directory_urls)
        feed = {"site_url": site_url, "title": f"{self._site_name}: publications",
                "paper_url": paper_url}  # fmt: skip
        # Each export whole (kept for `mkdocs serve`), and in parts: the same text, as
        # a build writes it (never the whole export held).
        outputs: dict[str, tuple[Callable[[], str], Callable[[], Iterable[str]]]] = {
            "bibliography.bib": (partial(to_bibtex, papers), partial(to_bibtex_parts, papers)),
            "bibliography.json": (
                partial(to_csl_json_text, papers), partial(to_csl_json_parts, papers),
            ),
            "bibliography.ris": (partial(to_ris, papers), partial(to_ris_parts, papers)),
            "feed.xml": (partial(to_atom, papers, **feed), partial(to_atom_parts, papers, **feed)),
        }  # fmt: skip
        slugs = self._slugs
        per_paper = _PerPaper(self._bibtex, _BIB_FILES.get(self.bibliography, directory, lambda: {
            f"{directory}/bib/{slugs[paper.key]}.bib": paper for paper in papers
        }))  # fmt: skip
        self._per_paper = per_paper
        if lazyserve.serving():  # made when the preview is asked for them
            self._deferred.extend(
                (f"{directory}/{name}", whole) for name, (whole, _) in outputs.items()
            )
            return
        # The exports of the same papers, settings and site are the same text: kept as
        # files in the cache folder, by that digest, and copied into the site by MkDocs
        # (not held in memory: together they are the size of the .bib files, 4 times).
        context, digest = self._page_context, self.bibliography.digest
        cache = self.settings.cache_dir
        folder = cache / "exports" if cache is not None and context and digest else None
        kept: set[str] = set()
        missing: list[tuple[Path, Callable[[], Iterable[str]], File]] = []
        for name, (whole, parts) in outputs.items():
            dest = f"{directory}/{name}"
            if folder is None:
                self.exports_made += 1
                files.append(File.generated(config, dest, content=whole()))
                continue
            key = page_key(context or "", ("export", name, digest, str(config.use_directory_urls)))
            path = folder / f"{key}-{name}"
            kept.add(path.name)
            file = File.generated(config, dest, abs_src_path=str(path))
            files.append(file)
            if not path.is_file():
                self.exports_made += 1
                missing.append((path, parts, file))
        if folder is not None:
            _remove_others(folder, kept)
        self._missing_exports = missing
        if missing and len(papers) >= parallel.MIN_PAGES and parallel.workers() > 1:
            # Made in another process while MkDocs reads the pages (see on_env).
            log.info(f"making {len(missing)} exports in another process")
            self._exports_job = parallel.Background(_write_exports, [m[:2] for m in missing])
        else:
            self._finish_exports()
        # The per-paper files are written after the build, and kept when unchanged.
        self._per_paper_digest = {
            path: None if context is None else page_key(context, ("bib", *_made_from(paper)))
            for path, paper in per_paper.papers.items()
        }

    def _finish_exports(self) -> None:
        """The exports not in the cache, written there (by the background process, or
        here); one that cannot be written is kept in memory instead."""
        job, self._exports_job = self._exports_job, None
        if job is not None:
            job.wait()  # whatever it could not write is written below
        for path, make, file in self._missing_exports:
            if path.is_file():
                continue
            if not _write_quietly(path, make()):
                file.content_string = "".join(make())
        self._missing_exports = []

    def _bibtex(self, paper: Paper) -> str:
        """The entry as the .bib export writes it (shown on its page and downloadable)."""
        text = self._bibtex_cache.get(paper.key)
        if text is None:
            text = self._bibtex_cache[paper.key] = citation_bibtex(self.settings)(paper)
        return text

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        member_page = self.members.content(page)
        if member_page is not None:
            return self._math(member_page, page.file.src_uri)
        if self.paper_pages.shell_of(page) is not None:
            return html  # the frame of every paper page: its body comes in on_post_build
        if not self.settings.paper_pages:
            # Long lists are searchable here; with paper pages, the search index has
            # those instead, and the lists come back after indexing (on_post_page).
            html = self._restore_lists(html, page)
        return self.posts.on_page_content(
            html, page, record=self._state.record, by_key=self.bibliography.by_key,
            render_list=lambda papers, prefix: self.renderer.render_post_papers(
                self.renderer.render_list([Group(label="", papers=tuple(papers))],
                                          url_prefix=prefix)),
        )  # fmt: skip

    def _math(self, html: str, where: str) -> str:
        """Math in HTML that skipped the Markdown pass (generated pages, long lists),
        converted as the site's math extension would have done."""
        if self._mathml and "arithmatex" in html:
            return mathml.convert_html(html, where=where)
        return html

    def _restore_lists(self, html: str, page: Page) -> str:
        where = page.file.src_uri
        return self._state.stash.restore(html, where, lambda fragment: self._math(fragment, where))

    def _page_inputs(self, paper: Paper, url: str) -> _PageInputs:
        """What a paper's page shows besides the paper, and the key of its HTML in the
        page store (``None`` when pages are not kept: templates overridden); made once
        per page and build (rendering ahead, writing and keeping all ask for it)."""
        found = self._inputs.get(url)
        if found is None or found.paper is not paper:
            found = self._inputs[url] = self._make_page_inputs(paper, url)
        return found

    def _make_page_inputs(self, paper: Paper, url: str) -> _PageInputs:
        prefix = url_prefix(url)
        listed_on = [
            (str(other.title or other.file.src_uri), get_relative_url(other.url, url))
            for other in self._state.usage.get(paper.key, [])
        ]
        download = None
        if self.settings.exports:
            download = f"{prefix}{self.settings.papers_dir}/bib/{self._slugs[paper.key]}.bib"
        key = None
        if self._page_context is not None:
            key = page_key(self._page_context, (
                url, repr(listed_on), str(download), *_made_from(paper),
            ))  # fmt: skip
        return _PageInputs(paper, url, prefix, listed_on, download, key)

    def _paper_page(self, paper: Paper, url: str) -> tuple[str, str, bool]:
        """A paper page's body and head tags, and whether other pages list the paper
        (rendered ahead on every core, or from the page store when nothing it depends
        on changed)."""
        inputs = self._page_inputs(paper, url)
        listed = bool(inputs.listed_on)
        if inputs.key is not None and url not in self._ahead_urls:
            stored = self.page_store.get(inputs.key)
            if stored is not None:
                return stored[0], stored[1], listed
        try:
            ahead = self._from_ahead(url)
            body, head = ahead if ahead is not None else self._render(inputs)
        except Exception as exc:  # one paper that cannot be shown never stops the others
            problem = Problem(
                f"its page cannot be made ({type(exc).__name__}: {exc}); the page shows "
                "this error instead",
                file=paper.file, line=paper.line, key=paper.key,
                hint="check the entry's fields; please report it if they look right",
            )  # fmt: skip
            log.warning(str(problem))
            return self.renderer.render_message(str(problem)), "", listed
        body = self._math(body, url)
        if inputs.key is not None:
            self.page_store.put(inputs.key, body, head)
        return body, head, listed

    def _render(self, inputs: _PageInputs) -> tuple[str, str]:
        """A paper page's body (before math) and head; raises what the templates raise."""
        paper, url = inputs.paper, inputs.url
        absolute = (self._site_url.rstrip("/") + "/" + url) if self._site_url else url
        body = self.renderer.render_paper_page(
            paper,
            url_prefix=inputs.prefix,
            bibtex=self._bibtex(paper),
            bibtex_download=inputs.download,
            listed_on=inputs.listed_on,
        )
        head = self.renderer.render_head(
            paper, page_url=absolute, site_name=self._site_name,
            site_url=self._site_url or "", url_prefix=inputs.prefix,
        )  # fmt: skip
        return body, head

    def _render_ahead(self) -> None:
        """The pages the store does not have, rendered on every core (a cold build of a
        large bibliography) while they are written, each as if rendered in turn."""
        self._ahead, self._ahead_urls = iter(()), set()
        missing = []
        for paper, url in self.paper_pages.papers.values():
            inputs = self._page_inputs(paper, url)
            if inputs.key is None or not self.page_store.has(inputs.key):
                missing.append(inputs)
        count = parallel.workers()
        if len(missing) < parallel.MIN_PAGES or count < 2:
            return
        log.info(f"rendering {len(missing)} paper pages in {count} processes")
        self._workers = parallel.render_all(self._render_in_worker, missing)
        self._ahead = zip(missing, self._workers, strict=True)
        self._ahead_urls = {inputs.url for inputs in missing}

    def _render_in_worker(self, inputs: _PageInputs) -> tuple[str, str, str]:
        """A page's body and head, and the paper's BibTeX that it shows, which the
        parent writes to the paper's .bib file too (and so need not make again)."""
        body, head = self._render(inputs)
        return body, head, self._bibtex(inputs.paper)

    def _stop_workers(self) -> None:
        self._workers.close()  # the pool ends with its generator
        self._ahead, self._ahead_urls = iter(()), set()

    def _from_ahead(self, url: str) -> tuple[str, str] | None:
        """The page at ``url`` from the workers; ``None`` when it is not theirs, or it
        raised there (it is then rendered again in turn, and reported)."""
        if url not in self._ahead_urls:
            return None
        self._ahead_urls.discard(url)
        for done, result in self._ahead:  # the pages come in the order they are asked for
            if done.url == url:
                if result is None:
                    return None
                body, head, bibtex = result
                self._bibtex_cache.setdefault(done.paper.key, bibtex)
                return body, head
            self._ahead_urls.discard(done.url)  # not asked for: a page that was not written
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        where = page.file.src_uri
        stash = self._state.stash
        if lazyserve.serving() and stash.size(where) >= ON_REQUEST_LISTS:
            # A page with a long list is made when the browser asks for it, as the paper
            # pages are: a rebuild after an edit elsewhere neither writes its megabytes
            # nor deletes them at the next rebuild.
            lists = stash.take(where)
            whole = self._with_feeds(output, page)
            convert = partial(self._math, where=where)
            self._deferred.append((page.file.dest_uri, partial(put_back, whole, lists, convert)))
            self._on_request_pages.append(page.file.dest_uri)
            return whole
        output = self._with_feeds(self._restore_lists(output, page), page)
        self.paper_pages.keep(page, output)
        return output

    def _with_feeds(self, output: str, page: Page) -> str:
        head = ""
        if self.settings.exports:
            feed = get_relative_url(f"{self.settings.papers_dir}/feed.xml", page.url)
            head += self.renderer.render_feed_link(feed, "Publications")
        posts_feed = self.posts.feed_link(page.url)
        if posts_feed is not None:
            head += self.renderer.render_feed_link(*posts_feed)
        if head and "</head>" in output:
            output = output.replace("</head>", head + "</head>", 1)
        return output

    # Late (-100): after the search plugin has written its index, which gets the
    # papers' pages in place of their shells.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.posts.write_feed(config.site_dir)
        if lazyserve.serving():
            for path in self._on_request_pages:  # its version without the lists
                (Path(config.site_dir) / path).unlink(missing_ok=True)
            index = self.paper_pages.update_search_index(config.site_dir, search_text, defer=True)
            sitemap = self.paper_pages.finish(config.site_dir, self._site_url, defer=True)
            lazyserve.register(
                [*self._deferred, *([index] if index else []), *sitemap],
                self.paper_pages.on_request(self._paper_page),
                self._per_paper,
            )
            thaw()
            lazyserve.collect_soon()
        else:
            kept = self._kept
            self._render_ahead()
            try:
                self.paper_pages.write(
                    config.site_dir, self._site_url, self._paper_page, kept, self._page_digest
                )
            finally:
                self._stop_workers()
            for path, make in self._per_paper.items():
                if kept is None:
                    target = Path(config.site_dir) / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(make(), encoding="utf-8")
                else:
                    kept.write(path, self._per_paper_digest.get(path), make)
            if kept is not None:
                kept.finish()
            self.paper_pages.update_search_index(
                config.site_dir, search_text, cache_dir=self.settings.cache_dir,
                version=self._search_version(),
            )  # fmt: skip
            self.page_store.close()
            thaw()  # (on_build_error thaws when something above raised)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # The papers' files of the previous build, set aside before MkDocs empties the
        # site, to be moved back where nothing changed (kept_files.py).
        self._kept = None
        if not lazyserve.serving() and self.settings.cache_dir is not None:
            self._kept = KeptFiles(
                config.site_dir, self.settings.papers_dir, self.settings.cache_dir
            )
            self._kept.set_aside()

    def _search_version(self) -> str:
        """What the papers' entries of the search index are made from, besides their
        URLs ("" when the bibliography has no digest: nothing is kept)."""
        digest = self.bibliography.digest if self.bibliography is not None else ""
        return f"{code_digest()}:{digest}" if digest else ""

    def _page_digest(self, paper: Paper, url: str) -> str | None:
        """What a paper's page depends on besides its frame (its page-store key)."""
        return self._page_inputs(paper, url).key

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # MkDocs copies the files next: the exports must be in the cache by then.
        self._finish_exports()
        # The theme's templates too are compiled once per process, not once per
        # rebuild of `mkdocs serve` (Jinja checks each one's source before reuse).
        if env.bytecode_cache is None:
            env.bytecode_cache = COMPILED_TEMPLATES
        return env

    def on_build_error(self, *, error: Exception) -> None:
        thaw()
        # Whatever stopped the build, the shells of the paper pages do not stay behind.
        if self._site_dir:
            self.paper_pages.discard(self._site_dir)
        if self._kept is not None:
            self._kept.discard()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        lazyserve.start(command)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        lazyserve.install(server)
        for path, _ in self.settings.bib_paths():
            if path.exists():
                server.watch(str(path))
        self.members.watch(server)
        metrics = self.settings.root / self.settings.metrics_file
        if self.settings.citation_counts and metrics.exists():
            server.watch(str(metrics))
        return server
