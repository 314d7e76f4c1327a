"""Atom feeds, written by feedgen: the papers (newest first) and the news posts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator

from labsite.bib.model import Paper
from labsite.export.common import NOT_XML, PART, date_parts, display_text, named_people

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _timestamp(paper: Paper) -> datetime | None:
    parts = date_parts(paper)
    if parts is None:
        return None
    year, month, day = parts
    return datetime(year, month or 1, day or 1, tzinfo=timezone.utc)


def _xml(text: str) -> str:
    return NOT_XML.sub("", text)


def _absolute(site_url: str, url: str) -> str:
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", url):
        return url
    return site_url.rstrip("/") + "/" + url.lstrip("/")


def to_atom(
    papers: Sequence[Paper],
    *,
    site_url: str,
    title: str,
    paper_url: Callable[[Paper], str],
) -> str:
    """An Atom feed of the papers, newest first.

    Args:
        papers: The papers of the feed.
        site_url: The site's absolute URL (the feed's id).
        title: The feed's title.
        paper_url: The URL of a paper's page, relative to ``site_url`` (or absolute).

    Returns:
        The feed as XML text. Entries are sorted by date, newest first (papers
        without a year last, in the order given); each has the paper page's absolute
        URL as id and link, the title, the authors, the summary (or abstract), and
        the paper's date (day 1 of January or of the month when these are unknown) as
        ``updated`` and ``published``. A paper without a year has no ``published``
        date and, as ``updated``, the oldest date of the feed. The feed's ``updated``
        is its newest date. No date comes from the clock, so the same bibliography
        always gives the same feed.
    """
    return "".join(to_atom_parts(papers, site_url=site_url, title=title, paper_url=paper_url))


def to_atom_parts(
    papers: Sequence[Paper],
    *,
    site_url: str,
    title: str,
    paper_url: Callable[[Paper], str],
) -> Iterator[str]:
    """:func:`to_atom`, in parts that joined are its text (a build writes them in turn,
    never holding the whole feed as XML elements). The entries of each part are made
    by feedgen in a feed of their own, with the same header, and cut out of it."""
    stamped = [(p, _timestamp(p)) for p in papers]
    stamps = [stamp for _, stamp in stamped if stamp is not None]
    oldest = min(stamps, default=_EPOCH)
    dated = [(paper, stamp) for paper, stamp in stamped if stamp is not None]
    dated.sort(key=lambda item: item[1], reverse=True)  # stable: ties keep their order
    undated = [paper for paper, stamp in stamped if stamp is None]
    ordered: list[tuple[Paper, datetime | None]] = [*dated, *((p, None) for p in undated)]
    base = site_url.rstrip("/") + "/"

    def feed() -> FeedGenerator:
        made = FeedGenerator()
        made.id(base)
        made.title(_xml(title) or base)
        made.link(href=base, rel="alternate")
        made.updated(max(stamps, default=_EPOCH))
        return made

    head = str(feed().atom_str(pretty=True).decode("utf-8"))
    end = head.rindex("</feed>")
    yield head[:end]
    for start in range(0, len(ordered), PART):
        part = feed()
        for paper, stamp in ordered[start : start + PART]:
            _add_entry(part, paper, stamp, oldest, site_url, paper_url)
        text = str(part.atom_str(pretty=True).decode("utf-8"))
        # Between the header (what ``head`` has before </feed>) and </feed>.
        yield text[end : text.rindex("</feed>")]
    yield head[end:]


def _add_entry(
    feed: FeedGenerator,
    paper: Paper,
    stamp: datetime | None,
    oldest: datetime,
    site_url: str,
    paper_url: Callable[[Paper], str],
) -> None:
    entry = feed.add_entry(order="append")
    url = _absolute(site_url, paper_url(paper))
    entry.id(url)
    entry.link(href=url, rel="alternate")
    entry.title(_xml(display_text(paper.title)) or paper.key)
    for person in named_people(paper.authors):
        entry.author({"name": _xml(display_text(person.full))})
    summary = _xml(display_text(paper.summary or paper.abstract))
    if summary:
        entry.summary(summary)
    for keyword in paper.keywords:
        entry.category(term=_xml(display_text(keyword)))
    entry.updated(stamp or oldest)
    if stamp is not None:
        entry.published(stamp)


@dataclass
class PostEntry:
    title: str
    url: str
    date: dt.datetime
    summary: str


def posts_feed(
    entries: Sequence[PostEntry],
    *,
    site_url: str,
    blog_dir: str,
    feed_name: str,
    title: str,
) -> str:
    """An Atom feed of news posts, newest first, at ``<blog_dir>/<feed_name>``."""
    base = (site_url or "/").rstrip("/") + "/"
    blog_url = blog_dir + "/"
    ordered = sorted(entries, key=lambda e: (e.date, e.url), reverse=True)
    fg = FeedGenerator()
    fg.id(base + blog_url)
    fg.title(title)
    fg.link(href=base + blog_url, rel="alternate")
    fg.link(href=base + blog_url + feed_name, rel="self")
    fg.updated(ordered[0].date)
    for entry in reversed(ordered):  # feedgen puts the last one added first
        item = fg.add_entry()
        item.id(base + entry.url)
        item.title(entry.title)
        item.link(href=base + entry.url)
        item.published(entry.date)
        item.updated(entry.date)
        if entry.summary:
            item.summary(entry.summary)
    return fg.atom_str(pretty=True).decode("utf-8")
