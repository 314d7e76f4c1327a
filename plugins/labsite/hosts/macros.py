"""The mkdocs-macros module: ``{{ papers(...) }}``, ``{{ paper(key) }}`` and ``[@key]``
citations. Enable it in mkdocs.yml with::

    plugins:
      - macros:
          modules: ["labsite:labsite.macros"]

This module is all a host that runs mkdocs-macros modules needs (it does not rely on
the labsite MkDocs plugin being loaded): settings come from the plugin's config when
it is there, else from ``extra: labsite:``.
"""

from __future__ import annotations

import difflib
import logging
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

from labsite.bib.bibliography import Bibliography, load_bibliography
from labsite.bib.checks import missing_local_files
from labsite.bib.model import Paper
from labsite.bib.query import group_papers, select, sort_papers
from labsite.diagnostics import LabsiteError, Problem
from labsite.export.bibtex import to_bibtex_entry
from labsite.hosts.data_macros import DataMacros, load_data, register
from labsite.hosts.list_stash import MIN_ENTRIES as STASH_MIN_ENTRIES
from labsite.hosts.list_stash import ListStash
from labsite.hosts.mkdocs.posts import read_more_macro
from labsite.paths import page_url, slugs
from labsite.render.citations import process as process_citations
from labsite.render.people import with_member_links
from labsite.render.renderer import Renderer
from labsite.settings import Settings
from labsite.text.mathguard import protect_math

# A child of the "mkdocs" logger, so that `mkdocs build --strict` counts our warnings.
log = logging.getLogger("mkdocs.plugins.labsite")

PAPERS_ARGUMENTS = (
    "year", "type", "author", "keyword", "selected", "status", "keys",
    "sort", "reverse", "group_by", "limit", "heading_level", "interactive",
)  # fmt: skip


def settings_from_env(env: Any) -> Settings:
    """Read labsite's settings from the MkDocs config that mkdocs-macros exposes."""
    conf = env.conf
    config_file = conf.get("config_file_path") or "mkdocs.yml"
    root = Path(config_file).resolve().parent
    plugins = conf.get("plugins") or {}
    plugin = plugins.get("labsite") if hasattr(plugins, "get") else None
    if plugin is not None:
        data = {k: v for k, v in dict(plugin.config).items() if k in _PLUGIN_KEYS}
        data["paper_pages"] = bool(plugin.config.get("paper_pages"))
    else:
        # Without the plugin (e.g. under another host) there are no generated pages.
        data = dict((env.variables or {}).get("labsite") or {})
        data["paper_pages"] = False
        data["exports"] = False
        data["people_pages"] = False
    theme = conf.get("theme")
    dirs = tuple(Path(d) for d in getattr(theme, "dirs", []) or [])
    return Settings.from_mapping(data, root=root, template_dirs=dirs)


_PLUGIN_KEYS = ("bib_files", "owner", "highlight", "markers", "citations", "paper_pages",
                "papers_dir", "exports", "author_links", "cache",
                "people_file", "people_pages", "people_dir", "talks_file")  # fmt: skip


def url_prefix(page_url: str) -> str:
    """The relative path from a page to the site root: "research/" -> "../"."""
    directory = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    depth = len([part for part in directory.split("/") if part])
    return "../" * depth


# Past this many problems in one file the build log says how many more there are.
MAX_REPORTED_PER_FILE = 50


def report(problems: tuple[Problem, ...] | list[Problem]) -> None:
    """Log problems as warnings, at most MAX_REPORTED_PER_FILE per file."""
    per_file: dict[str, int] = {}
    for problem in problems:
        name = problem.file or ""
        per_file[name] = per_file.get(name, 0) + 1
        if per_file[name] <= MAX_REPORTED_PER_FILE:
            log.warning(str(problem))
    for name, count in per_file.items():
        if count > MAX_REPORTED_PER_FILE:
            log.warning(
                f"{name}: {count - MAX_REPORTED_PER_FILE} more problems not shown "
                f"(run `labsite check {name}` for the full list)"
            )


class _Macros:
    """The macros of one build, bound to its settings and bibliography."""

    def __init__(self, env: Any, settings: Settings, bibliography: Bibliography) -> None:
        self.env = env
        self.settings = settings
        self.bibliography = bibliography
        self.slugs = slugs(p.key for p in bibliography.papers)
        directory_urls = bool(env.conf.get("use_directory_urls", True))
        self.renderer = Renderer(
            settings, paper_url=self._paper_url_for(directory_urls), bibtex=to_bibtex_entry
        )
        plugins = env.conf.get("plugins") or {}
        plugin = plugins.get("labsite") if hasattr(plugins, "get") else None
        # Pages that list or cite a paper, for the paper's own page (plugin only).
        self.usage: dict[str, list[Any]] | None = getattr(plugin, "usage", None)
        # Long lists skip the Markdown pass (plugin only; see liststash.py).
        self.stash: ListStash | None = getattr(plugin, "list_stash", None)

    def _paper_url_for(self, directory_urls: bool) -> Callable[[Paper], str | None]:
        if not self.settings.paper_pages:
            return lambda paper: None
        directory = self.settings.papers_dir
        return lambda paper: page_url(self.slugs[paper.key], directory, directory_urls)

    def _record(self, keys: list[str]) -> None:
        page = self._page()
        if self.usage is None or page is None:
            return
        source = _source(page)
        for key in keys:
            pages = self.usage.setdefault(key, [])
            if all(_source(p) != source for p in pages):
                pages.append(page)

    # -- helpers -------------------------------------------------------------
    def _page(self) -> Any:
        return getattr(self.env, "page", None) or (self.env.variables or {}).get("page")

    def _page_name(self) -> str:
        return _source(self._page()) or "<page>"

    def _locate(self, needle: str) -> str:
        """``page:line`` of the first line of the page's source that has ``needle``."""
        name = self._page_name()
        page = self._page()
        source = getattr(page, "markdown", None) or getattr(self.env, "markdown", "") or ""
        for number, text in enumerate(source.splitlines(), start=1):
            if needle in text:
                return f"{name}:{number}"
        return name

    def _prefix(self) -> str:
        page = self._page()
        return url_prefix(getattr(page, "url", "") or "")

    def _fail(self, macro: str, needle: str, message: str) -> str:
        log.warning(f"{self._locate(needle)}: {macro}: {message}")
        return self.renderer.render_message(f"{macro}: {message}")

    # -- macros --------------------------------------------------------------
    def papers(self, **kwargs: Any) -> str:
        """A list of papers: ``{{ papers(year="2020-", group_by="year") }}``."""
        for name in kwargs:
            if name not in PAPERS_ARGUMENTS:
                close = difflib.get_close_matches(name, PAPERS_ARGUMENTS, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                return self._fail(
                    "papers()",
                    f"{name}=",
                    f"unknown argument '{name}'{hint} (arguments: {', '.join(PAPERS_ARGUMENTS)})",
                )
        try:
            return self._papers(**kwargs)
        except LabsiteError as exc:
            needle = next(iter(kwargs), "papers(")
            return self._fail("papers()", needle, str(exc))

    def _papers(
        self,
        year: object = None,
        type: object = None,
        author: object = None,
        keyword: object = None,
        selected: bool | None = None,
        status: object = None,
        keys: list[str] | None = None,
        sort: str | None = None,
        reverse: bool | None = None,
        group_by: str | None = None,
        limit: int | None = None,
        heading_level: int = 2,
        interactive: bool = False,
    ) -> str:
        found = select(
            self.bibliography.papers, year=year, type=type, author=author, keyword=keyword,
            selected=selected, status=status, keys=keys,
        )  # fmt: skip
        if keys is not None:
            missing = [
                k
                for k in ([keys] if isinstance(keys, str) else keys)
                if k not in self.bibliography.by_key
            ]
            if missing:
                raise LabsiteError(f"no entry has the key(s) {', '.join(missing)}")
        if sort is not None or keys is None:
            found = sort_papers(found, by=sort or "year", reverse=reverse)
        if limit is not None:
            if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
                raise LabsiteError(f"limit={limit!r} is not a whole number")
            found = found[:limit]
        if not isinstance(heading_level, int) or not 1 <= heading_level <= 6:
            raise LabsiteError(f"heading_level={heading_level!r} is not between 1 and 6")
        groups = group_papers(found, group_by)
        self._record([p.key for p in found])
        if not isinstance(interactive, bool):
            raise LabsiteError(f"interactive={interactive!r} must be True or False")
        html = self.renderer.render_list(
            groups, url_prefix=self._prefix(), heading_level=heading_level,
            interactive=interactive,
        )  # fmt: skip
        source = _source(self._page())
        if self.stash is not None and source and len(found) >= STASH_MIN_ENTRIES:
            html = self.stash.hide(html, source)
        return html

    def paper(self, key: str) -> str:
        """One entry: ``{{ paper("vlaar2022multirate") }}``."""
        if key not in self.bibliography.by_key:
            return self._fail("paper()", str(key), f"no entry has the key '{key}'")
        return self._papers(keys=[key])

    def exports(self) -> str:
        """Links to the whole bibliography as .bib, CSL-JSON, RIS and Atom feed."""
        if not self.settings.exports:
            return self._fail("exports()", "exports(", "exports are off (labsite: exports)")
        base = self._prefix() + self.settings.papers_dir + "/"
        return self.renderer.render_exports(base)

    # -- citations -------------------------------------------------------------
    def cite_page(self, markdown: str) -> str:
        prefix = self._prefix()
        by_key = self.bibliography.by_key

        def reference(key: str) -> str:
            return self.renderer.render_reference(by_key[key], url_prefix=prefix)

        result = process_citations(
            markdown, by_key, reference,
            all_keys=lambda: [p.key for p in sort_papers(self.bibliography.papers)],
        )  # fmt: skip
        self._record(result.cited)
        name = self._page_name()
        for citation in result.unknown:
            log.warning(
                f"{name}:{citation.line}: citation of '{citation.key}', which no entry has "
                f"(hint: check the key in {', '.join(self.settings.bib_files)})"
            )
        return result.markdown


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: load the bibliography and declare the macros."""
    try:
        settings = settings_from_env(env)
    except LabsiteError as exc:
        log.warning(f"mkdocs.yml: {exc}")
        settings = Settings(root=Path(env.conf.get("config_file_path") or ".").parent)
    bibliography = load_bibliography(settings.bib_paths(), settings.cache_dir)
    report(bibliography.problems)
    docs_dir = env.conf.get("docs_dir")
    if docs_dir:
        report(missing_local_files(bibliography.papers, Path(docs_dir)))
    people, talks, data_problems = load_data(settings)
    report(data_problems)
    settings = with_member_links(settings, people) if people else settings
    macros = _Macros(env, settings, bibliography)
    env.variables["labsite_macros"] = macros
    env.macro(macros.papers, "papers")
    env.macro(macros.paper, "paper")
    env.macro(macros.exports, "exports")
    register(env, DataMacros(macros, people, talks))  # people(), member(), talks() ...
    env.macro(read_more_macro(env), "read_more")


def macros_will_render(env: Any) -> bool:
    """Whether mkdocs-macros will render the current page (``render_macros`` in its
    front matter, ``render_by_default`` and ``force_render_paths`` in mkdocs.yml)."""
    page = getattr(env, "page", None)
    meta = getattr(page, "meta", None) or {}
    flag = meta.get("render_macros")
    if flag is False:
        return False
    if (getattr(env, "config", None) or {}).get("render_by_default", True) is False:
        src_path = getattr(getattr(page, "file", None), "src_path", "")
        force = getattr(env, "force_page_rendering", None)
        return flag is True or bool(force and src_path and force(src_path))
    return True


def guard_page(env: Any) -> None:
    """mkdocs-macros' ``on_pre_page_macros``: protect the page's math, if the page is
    rendered at all (otherwise the ``{% raw %}`` tags would be left in it)."""
    if macros_will_render(env):
        env.markdown = protect_math(env.markdown)


def on_pre_page_macros(env: Any) -> None:
    """Before the macros of a page run: keep ``{{`` inside math away from them."""
    guard_page(env)


def on_post_page_macros(env: Any) -> None:
    """After the macros of a page ran: turn ``[@key]`` citations into footnotes."""
    macros: _Macros | None = (env.variables or {}).get("labsite_macros")
    if macros is None or not macros.settings.citations:
        return
    markdown = env.markdown
    if "@" not in markdown:
        return
    env.markdown = macros.cite_page(markdown)


__all__: list[str] = ["define_env", "on_post_page_macros", "on_pre_page_macros"]


def _source(page: Any) -> str | None:
    """The source path of a page (``papers.md``), if it has one."""
    return getattr(getattr(page, "file", None), "src_uri", None)
