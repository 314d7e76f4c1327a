"""The plugin's side of people: a generated page per member (``people/<id>/``, out of
the nav) with their profile and their papers, the member highlighted.

Held by :class:`labsite.plugin.LabsitePlugin` (``self.members``), which calls it from
its hooks; the page body comes from :func:`labsite.datarender.render_member`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from labsite.bib.model import Paper
from labsite.data.members import Member, People, load_people, with_member_links
from labsite.data.sitedata import site_metrics
from labsite.paths import page_uri, url_prefix
from labsite.render.people import render_member
from labsite.settings import Settings

log = get_plugin_logger(__name__)

# Material puts the page title into <title> after `striptags` (which decodes entities)
# and into the <h1> unescaped: a member's name is given to it without markup characters.
_TITLE_UNSAFE = re.compile(r"[<>&\"']")


class MemberPage(Page):
    """A member's page: its body is made from the people file, so it skips MkDocs'
    Markdown pass (like a paper page)."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # made in MemberPages.content
        self.toc = get_toc([])
        self.present_anchor_ids = set()


class MemberPages:
    """The members of the site's people file and their generated pages."""

    def __init__(self) -> None:
        self.people = People()
        self._pages: dict[str, Member] = {}
        self._settings: Settings | None = None
        self._papers: Sequence[Paper] = ()
        self._paper_url: Callable[[Paper], str | None] | None = None

    def load(self, settings: Settings) -> Settings:
        """Read the people file (its problems are reported by the macros module) and
        return ``settings`` with members' names linking to their pages."""
        self._settings = settings
        self.people = People()
        if settings.people_file:
            self.people, _ = load_people(settings.root / settings.people_file,
                                         settings.people_file)  # fmt: skip
        return with_member_links(settings, self.people)

    def add_pages(
        self,
        files: Files,
        config: MkDocsConfig,
        papers: Sequence[Paper],
        paper_url: Callable[[Paper], str | None] | None,
    ) -> None:
        """A generated page per member, when ``people_pages`` is on."""
        self._pages = {}
        self._papers = papers
        self._paper_url = paper_url
        settings = self._settings
        if settings is None or not settings.people_pages:
            return
        for member in self.people.members:
            uri = page_uri(member.id, settings.people_dir)
            if files.get_file_from_path(uri) is not None:
                log.warning(f"{uri} exists in docs/: the page of member '{member.id}' is not made")
                continue
            file = File.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            MemberPage(_TITLE_UNSAFE.sub("", member.name), file, config)
            self._pages[uri] = member

    def content(self, page: Page) -> str | None:
        """The body of a member's page; ``None`` for any other page."""
        member = self._pages.get(page.file.src_uri)
        if member is None or self._settings is None:
            return None
        prefix = url_prefix(page.url)
        toc: list[dict[str, Any]] = [
            {"level": 2, "id": "papers", "name": "Papers", "html": "Papers", "children": []}
        ]
        page.toc = get_toc(toc)  # type: ignore[arg-type]
        return render_member(
            self._settings, member, self._papers, url_prefix=prefix,
            paper_url=self._paper_url, title=True, metrics=site_metrics(self._settings)[0],
        )  # fmt: skip

    def watch(self, server: Any) -> None:
        """``mkdocs serve`` rebuilds when the people, talks, venues or co-authors file
        changes."""
        settings = self._settings
        if settings is None:
            return
        for name in (settings.people_file, settings.talks_file, settings.venues_file,
                     settings.coauthors_file):  # fmt: skip
            path = settings.root / name if name else None
            if path is not None and path.exists():
                server.watch(str(path))
