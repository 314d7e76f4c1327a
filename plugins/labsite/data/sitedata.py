"""A site's data files (people, talks, citation counts), as its settings name them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from labsite.bib.latest import LatestCache
from labsite.data.members import People, load_people
from labsite.data.metrics import Metrics, load_metrics
from labsite.data.talks import Talks, load_talks
from labsite.diagnostics import Problem
from labsite.settings import Settings


@dataclass(frozen=True)
class SiteData:
    """The people, talks and citation counts of a site (``None`` when the file is not
    set, or citation counts are off), and what is wrong in them."""

    people: People | None = None
    talks: Talks | None = None
    problems: tuple[Problem, ...] = ()
    metrics: Metrics | None = None


def site_metrics(settings: Settings) -> tuple[Metrics | None, tuple[Problem, ...]]:
    """The citation counts of the metrics file when ``citation_counts`` is on. A
    missing file is no problem: the counts are fetched by a command, later."""
    if not settings.citation_counts:
        return None, ()
    path = settings.root / settings.metrics_file
    if not path.exists():
        return Metrics(), ()
    return load_metrics(path, settings.metrics_file)


# The latest data of each pair of files, by content: a host that runs the macros once
# per page (Zensical) reads them once.
_CACHE: LatestCache[SiteData] = LatestCache(names=8)


def _version(path: Path) -> str:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # load_people / load_talks say what is wrong; no metrics file is none


def load_site_data(settings: Settings) -> SiteData:
    """Read the people, talks and metrics files that ``settings`` name (the same files
    with the same content are read once per process)."""
    files = (settings.people_file, settings.talks_file)
    metrics_file = settings.metrics_file if settings.citation_counts else ""
    name = (str(settings.root), *files, metrics_file)
    version = tuple(_version(settings.root / f) if f else "" for f in (*files, metrics_file))
    cached = _CACHE.get(name, version)
    if cached is None:
        cached = _read(settings)
        _CACHE.put(name, version, cached)
    return cached


def _read(settings: Settings) -> SiteData:
    people = talks = None
    problems: tuple[Problem, ...] = ()
    if settings.people_file:
        people, found = load_people(settings.root / settings.people_file, settings.people_file)
        problems += found
    if settings.talks_file:
        talks, found = load_talks(settings.root / settings.talks_file, settings.talks_file)
        problems += found
    metrics, found = site_metrics(settings)
    return SiteData(people, talks, problems + found, metrics)
