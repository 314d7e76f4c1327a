"""A site's data files (people, talks), as its settings name them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from labsite.bib.latest import LatestCache
from labsite.data.members import People, load_people
from labsite.data.talks import Talks, load_talks
from labsite.diagnostics import Problem
from labsite.settings import Settings


@dataclass(frozen=True)
class SiteData:
    """The people and talks of a site (``None`` when the file is not set), and what
    is wrong in them."""

    people: People | None = None
    talks: Talks | None = None
    problems: tuple[Problem, ...] = ()


# The latest data of each pair of files, by content: a host that runs the macros once
# per page (Zensical) reads them once.
_CACHE: LatestCache[SiteData] = LatestCache(names=8)


def _version(path: Path) -> str:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # load_people / load_talks say what is wrong


def load_site_data(settings: Settings) -> SiteData:
    """Read the people and talks files that ``settings`` name (the same files with the
    same content are read once per process)."""
    files = (settings.people_file, settings.talks_file)
    name = (str(settings.root), *files)
    version = tuple(_version(settings.root / f) if f else "" for f in files)
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
    return SiteData(people, talks, problems)
