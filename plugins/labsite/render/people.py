"""Stage 4, *render*, for people and talks: records to HTML through the Renderer's
templates (``people.html``, ``member.html``, ``supervision.html``, ``talks.html``,
all overridable from ``overrides/labsite/``). Used by the macros module and by the
plugin's member pages; knows nothing of MkDocs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from labsite.bib.model import Paper
from labsite.bib.query import sort_papers
from labsite.data.matching import highlight_names, papers_of
from labsite.data.members import Member, People
from labsite.data.metrics import Metrics
from labsite.data.talks import KIND_HEADINGS, Talk, Talks
from labsite.render.lines import supervision_line, talk_line
from labsite.render.renderer import Renderer
from labsite.settings import HighlightGroup, Settings

MemberUrl = Callable[[Member], "str | None"]


def _href(renderer: Renderer, url: str | None, url_prefix: str) -> str | None:
    return None if url is None else renderer.link(url, url_prefix)


def render_people(
    renderer: Renderer,
    groups: Sequence[tuple[str, Sequence[Member]]],
    *,
    url_prefix: str,
    member_href: MemberUrl,
    heading_level: int = 2,
) -> str:
    return renderer.render_fragment(
        "labsite/people.html",
        url_prefix=url_prefix,
        groups=groups,
        heading_level=heading_level,
        member_href=lambda m: _href(renderer, member_href(m), url_prefix),
    )


def render_member(
    settings: Settings,
    member: Member,
    papers: Sequence[Paper],
    *,
    url_prefix: str,
    paper_url: Callable[[Paper], str | None] | None = None,
    title: bool = False,
    heading_level: int = 2,
    metrics: Metrics | None = None,
) -> str:
    """A member's profile and papers, the member highlighted (and nobody else) in the
    author lists. ``title``: start with the name as ``<h1>`` (their own page);
    ``metrics``: the citation counts shown beside the papers."""
    mine = sort_papers(papers_of(member, papers), by="year")
    group = HighlightGroup(
        name="member", people=(highlight_names(member, mine),), bold=True, symbol=""
    )
    renderer = Renderer(
        dataclasses.replace(settings, owner=(), highlight=(group,)),
        paper_url=paper_url,
        metrics=metrics,
    )
    return renderer.render_fragment(
        "labsite/member.html",
        url_prefix=url_prefix,
        member=member,
        papers=mine,
        legend=renderer.legend(mine),
        title=title,
        heading_level=heading_level,
        interactive=False,
    )


def render_supervision(
    renderer: Renderer,
    people: People,
    *,
    url_prefix: str,
    member_href: MemberUrl | None = None,
) -> str:
    """The supervision list: each item's own wording, or a line made from the member."""
    items = []
    for item in people.supervision:
        if item.text:
            items.append((item.text, item.member))
            continue
        member = people.by_id[item.member or ""]
        items.append((supervision_line(member, member_href(member) if member_href else None),
                      item.member))  # fmt: skip
    return renderer.render_fragment("labsite/supervision.html", url_prefix=url_prefix, items=items)


def render_talks(
    renderer: Renderer,
    talks: Talks,
    groups: Sequence[tuple[str, Sequence[Talk]]],
    *,
    url_prefix: str,
    heading_level: int = 2,
) -> str:
    return renderer.render_fragment(
        "labsite/talks.html",
        url_prefix=url_prefix,
        groups=groups,
        heading_level=heading_level,
        line_of=lambda talk: talk_line(talk, talks.kinds),
        kind_headings=KIND_HEADINGS,
    )
