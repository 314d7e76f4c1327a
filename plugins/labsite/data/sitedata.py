"""A site's data files (people, talks), as its settings name them."""

from __future__ import annotations

from dataclasses import dataclass

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


def load_site_data(settings: Settings) -> SiteData:
    """Read the people and talks files that ``settings`` name."""
    people = talks = None
    problems: tuple[Problem, ...] = ()
    if settings.people_file:
        people, found = load_people(settings.root / settings.people_file, settings.people_file)
        problems += found
    if settings.talks_file:
        talks, found = load_talks(settings.root / settings.talks_file, settings.talks_file)
        problems += found
    return SiteData(people, talks, problems)
