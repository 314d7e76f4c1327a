"""The mkdocs-macros module: ``{{ papers(...) }}``, ``{{ paper(key) }}``,
``{{ exports() }}``, the people and talks macros, ``read_more()`` and ``[@key]``
citations. Sites enable it in mkdocs.yml with::

    plugins:
      - macros:
          modules: ["labsite:labsite.macros"]

This module is all a host that runs mkdocs-macros modules needs (it does not rely on
the labsite MkDocs plugin being loaded): settings come from the plugin's build state
when the plugin runs (:mod:`labsite.hosts.state`), else from ``extra: labsite:``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from labsite.bib.bibliography import Bibliography, load_bibliography, with_local_links
from labsite.bib.memo import ByIdentity
from labsite.bib.model import Paper
from labsite.bib.query import Group, group_papers, select, sort_papers
from labsite.bib.services import unlinked_service_problems
from labsite.data.alfolio import with_alfolio_data
from labsite.data.members import with_member_links
from labsite.data.metrics import summarize
from labsite.data.sitedata import load_site_data
from labsite.diagnostics import LabsiteError, Problem
from labsite.export.bibtex import citation_bibtex
from labsite.hosts.calls import MacroContext, check_level, check_limit, log
from labsite.hosts.data_macros import DataMacros
from labsite.hosts.hostconf import extension_settings, project_root, template_dirs
from labsite.hosts.list_stash import MIN_ENTRIES as STASH_MIN_ENTRIES
from labsite.hosts.markup import inline_markdown
from labsite.hosts.mkdocs.posts import read_more_macro
from labsite.hosts.once import REPORTED
from labsite.hosts.state import BuildState, build_state
from labsite.paths import page_url
from labsite.render.citations import process as process_citations
from labsite.render.renderer import Renderer
from labsite.settings import Settings
from labsite.text.mathguard import protect_math

PAPERS_ARGUMENTS = (
    "year", "type", "author", "keyword", "selected", "status", "keys",
    "sort", "reverse", "group_by", "limit", "heading_level", "interactive",
)  # fmt: skip
SUMMARY_ARGUMENTS = ("year", "type", "author", "keyword", "selected", "status", "keys")

# Past this many problems in one file the build log says how many more there are.
MAX_REPORTED_PER_FILE = 50


def settings_from_env(env: Any) -> tuple[Settings, BuildState | None]:
    """labsite's settings for the build mkdocs-macros (or a host's stand-in for it)
    runs, and the plugin's build state when the plugin runs (its settings are then
    the plugin's). Elsewhere they come from the ``labsite.markdown`` extension's block
    (see :mod:`labsite.hosts.hostconf`), or else from ``extra: labsite:``."""
    conf = env.conf
    state = build_state(conf.get("plugins"))
    if state is not None:
        return state.settings, state
    # Without the plugin (e.g. under another host) there are no generated pages.
    data = extension_settings(conf) or dict((env.variables or {}).get("labsite") or {})
    return Settings.from_mapping(
        data, root=project_root(conf), template_dirs=template_dirs(conf), plugin=False
    ), None


def report(problems: Iterable[Problem]) -> None:
    """Log problems as warnings, at most MAX_REPORTED_PER_FILE per file."""
    per_file: dict[str, int] = {}
    for problem in REPORTED.new(problems):
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


# What follows from the bibliography alone, kept while it is the same object.
_UNLINKED: ByIdentity[list[Problem]] = ByIdentity()
_QUERIES: ByIdentity[tuple[tuple[Paper, ...], list[Group], tuple[str, ...]]] = ByIdentity()


def _paper_url(
    settings: Settings, bibliography: Bibliography, directory_urls: bool
) -> Callable[[Paper], str | None]:
    """The URL of each paper's page; the same function for the same bibliography and
    settings, build after build (the list cache knows it by its identity)."""
    if not settings.paper_pages:
        return _no_page
    table = bibliography.slugs
    directory = settings.papers_dir
    return _PAPER_URLS.get(
        bibliography, (directory, directory_urls),
        lambda: lambda paper: page_url(table[paper.key], directory, directory_urls),
    )  # fmt: skip


def _no_page(paper: Paper) -> None:
    return None


_PAPER_URLS: ByIdentity[Callable[[Paper], str | None]] = ByIdentity()


class PaperMacros:
    """``papers()``, ``paper()``, ``exports()`` and the citations of one build."""

    def __init__(self, context: MacroContext) -> None:
        self.context = context
        self.settings = context.settings
        self.bibliography = context.bibliography
        self.renderer = context.renderer

    def papers(self, **kwargs: Any) -> str:
        """A list of papers: ``{{ papers(year="2020-", group_by="year") }}``."""
        context = self.context
        failed = context.check_arguments("papers", kwargs, PAPERS_ARGUMENTS)
        if failed is not None:
            return failed
        try:
            return self._papers(**kwargs)
        except LabsiteError as exc:
            return context.fail("papers()", context.first_argument(kwargs, "papers"), str(exc))

    def _papers(
        self,
        keys: list[str] | None = None,
        sort: str | None = None,
        reverse: bool | None = None,
        group_by: str | None = None,
        limit: int | None = None,
        heading_level: int = 2,
        interactive: bool = False,
        **filters: Any,
    ) -> str:
        """``filters`` are :func:`labsite.bib.query.select`'s (year, type, author ...)."""
        if keys is not None:
            missing = [
                k
                for k in ([keys] if isinstance(keys, str) else keys)
                if k not in self.bibliography.by_key
            ]
            if missing:
                raise LabsiteError(f"no entry has the key(s) {', '.join(missing)}")
        heading_level = check_level(heading_level)

        def query() -> tuple[tuple[Paper, ...], list[Group], tuple[str, ...]]:
            found = select(self.bibliography.papers, keys=keys, **filters)
            if sort is not None or keys is None:
                found = sort_papers(
                    found, by=sort or "year", reverse=reverse, citations=self._citations(sort)
                )
            limit_ = check_limit(limit)
            if limit_ is not None:
                found = found[:limit_]
            return tuple(found), group_papers(found, group_by), tuple(p.key for p in found)

        if sort == "citations":  # the counts are read again for each build
            found, groups, found_keys = query()
        else:  # the same call on the same bibliography: the same papers (mkdocs serve)
            call = repr((keys, sort, reverse, group_by, limit, sorted(filters.items())))
            found, groups, found_keys = _QUERIES.get(self.bibliography.papers, call, query)
        self.context.record(found_keys)
        if not isinstance(interactive, bool):
            raise LabsiteError(f"interactive={interactive!r} must be True or False")
        html = self.renderer.render_list(
            groups, url_prefix=self.context.url_prefix(), heading_level=heading_level,
            interactive=interactive, content_digest=self.bibliography.digest,
        )  # fmt: skip
        source = self.context.page_source()
        state = self.context.state
        if state is not None and source and len(found) >= STASH_MIN_ENTRIES:
            html = state.stash.hide(html, source)
        return html

    def _citations(self, sort: str | None) -> dict[str, int] | None:
        metrics = self.renderer.metrics
        if sort == "citations" and metrics is None:
            raise LabsiteError(
                "sort='citations' needs citation counts: turn them on with "
                "citation_counts: true in the labsite settings of mkdocs.yml"
            )
        return metrics.counts() if metrics is not None else None

    def citation_summary(self, **kwargs: Any) -> str:
        """Total citations and h-index, with the date of the figures:
        ``{{ citation_summary(author="Ada Lovelace") }}`` (the filters of papers())."""
        context = self.context
        failed = context.check_arguments("citation_summary", kwargs, SUMMARY_ARGUMENTS)
        if failed is not None:
            return failed
        name = context.first_argument(kwargs, "citation_summary")
        metrics = self.renderer.metrics
        if metrics is None:
            return context.fail(
                "citation_summary()", name,
                "citation counts are off (labsite: citation_counts: true turns them on)",
            )  # fmt: skip
        try:
            found = select(self.bibliography.papers, **kwargs)
        except LabsiteError as exc:
            return context.fail("citation_summary()", name, str(exc))
        return self.renderer.render_citation_summary(summarize(metrics, (p.key for p in found)))

    def paper(self, key: str) -> str:
        """One entry: ``{{ paper("vlaar2022multirate") }}``."""
        if key not in self.bibliography.by_key:
            return self.context.fail("paper()", str(key), f"no entry has the key '{key}'")
        return self._papers(keys=[key])

    def exports(self) -> str:
        """Links to the whole bibliography as .bib, CSL-JSON, RIS and Atom feed."""
        if self.context.state is None:
            return ""  # no plugin, no exports: REPORTED.host_without_plugin said so
        if not self.settings.exports:
            return self.context.fail("exports()", "exports(", "exports are off (labsite: exports)")
        base = self.context.url_prefix() + self.settings.papers_dir + "/"
        return self.renderer.render_exports(base)

    def cite_page(self, markdown: str) -> str:
        """The page's ``[@key]`` citations as footnotes (unknown keys reported)."""
        prefix = self.context.url_prefix()
        by_key = self.bibliography.by_key

        def reference(key: str) -> str:
            return self.renderer.render_reference(by_key[key], url_prefix=prefix)

        result = process_citations(
            markdown, by_key, reference,
            all_keys=lambda: [p.key for p in sort_papers(self.bibliography.papers)],
        )  # fmt: skip
        self.context.record(result.cited)
        name = self.context.page_name()
        for citation in result.unknown:
            log.warning(
                f"{name}:{citation.line}: citation of '{citation.key}', which no entry has "
                f"(hint: check the key in {', '.join(self.settings.bib_files)})"
            )
        return result.markdown


def paper_macros(env: Any) -> tuple[PaperMacros, Any]:
    """The settings, bibliography and renderer of this build, as the macros of one
    page see them, and the site's data files (people, talks)."""
    try:
        settings, state = settings_from_env(env)
    except LabsiteError as exc:
        log.warning(f"mkdocs.yml: {exc}")
        settings = Settings(
            root=project_root(env.conf), paper_pages=False, exports=False, people_pages=False
        )
        state = None
    if state is None:
        # A host that runs no labsite plugin calls this once per page: say each
        # problem once, and make --strict count them (see once.py).
        REPORTED.host_without_plugin(env.conf)
    else:
        REPORTED.host_with_plugin()
    bibliography = load_bibliography(settings.bib_paths(), settings.cache_dir)
    docs_dir = env.conf.get("docs_dir")
    if docs_dir:
        docs = Path(docs_dir)
        if not docs.is_absolute():
            docs = project_root(env.conf) / docs
        bibliography = with_local_links(bibliography, docs)
    report(bibliography.problems)
    site_data = load_site_data(settings)
    report(site_data.problems)
    if site_data.people is not None:
        settings = with_member_links(settings, site_data.people)
    settings, found = with_alfolio_data(settings)
    report(found)
    papers, scholar = bibliography.papers, settings.scholar_userid
    report(_UNLINKED.get(papers, scholar, lambda: unlinked_service_problems(papers, scholar)))
    directory_urls = bool(env.conf.get("use_directory_urls", True))
    renderer = Renderer(
        settings,
        paper_url=_paper_url(settings, bibliography, directory_urls),
        bibtex=citation_bibtex(settings),
        markdown=inline_markdown,
        metrics=site_data.metrics,
    )
    context = MacroContext(env, settings, bibliography, renderer, state)
    if state is None:
        REPORTED.stop_if_strict()
    return PaperMacros(context), site_data


def define_env(env: Any) -> None:
    """mkdocs-macros entry point: load the bibliography and declare the macros."""
    macros, site_data = paper_macros(env)
    env.variables["labsite_macros"] = macros
    env.macro(macros.papers, "papers")
    env.macro(macros.paper, "paper")
    env.macro(macros.exports, "exports")
    env.macro(macros.citation_summary, "citation_summary")
    DataMacros(macros.context, site_data.people, site_data.talks).register(env)
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


def on_pre_page_macros(env: Any) -> None:
    """Before the macros of a page run: keep ``{{`` inside math away from them, if the
    page is rendered at all (otherwise the ``{% raw %}`` tags would be left in it)."""
    if macros_will_render(env):
        env.markdown = protect_math(env.markdown)


def on_post_page_macros(env: Any) -> None:
    """After the macros of a page ran: turn ``[@key]`` citations into footnotes."""
    macros = (env.variables or {}).get("labsite_macros")
    if not isinstance(macros, PaperMacros) or not macros.settings.citations:
        return
    markdown = env.markdown
    if "@" not in markdown:
        return
    env.markdown = macros.cite_page(markdown)


__all__: list[str] = ["define_env", "on_post_page_macros", "on_pre_page_macros"]
