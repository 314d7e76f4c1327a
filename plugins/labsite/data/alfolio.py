"""al-folio's data files, read as they are: ``venues.yml`` (the badge of a paper's
``abbr``: its colour and link) and ``coauthors.yml`` (links for co-authors' names).

The shapes are al-folio's (``_data/venues.yml`` and ``_data/coauthors.yml``)::

    "PhysRev":                      # venues.yml: abbr -> color, url
      url: https://journals.aps.org/
      color: "#009f36"

    "adams":                        # coauthors.yml: last name (lower case) -> people
      - firstname: ["Edwin", "E.", "E. P."]
        url: https://en.wikipedia.org/wiki/Edwin_Plimpton_Adams

Problems name file:line like those of the people and talks files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from labsite.data.yamlfile import Fields, Record, load_data_file
from labsite.diagnostics import Level, Problem
from labsite.settings import AuthorLink, Settings, Venue
from labsite.text.css import css_color

VENUE_FIELDS = ("url", "color")
COAUTHOR_FIELDS = ("firstname", "url")


@dataclass(frozen=True)
class Venues:
    by_abbr: Mapping[str, Venue] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Coauthors:
    links: tuple[AuthorLink, ...] = ()


def _top(data: object, file: str, what: str, problems: list[Problem]) -> Record | None:
    if data is None:
        return None
    if not isinstance(data, Record):
        problems.append(Problem(f"the file must map each {what}", file=file, line=1,
                                hint="see al-folio's _data folder for the shape"))  # fmt: skip
        return None
    for key, line in data.duplicates:
        problems.append(Problem(f"'{key}' is given twice; the last one is used", file=file,
                                line=line, level=Level.WARNING))  # fmt: skip
    return data


def build_venues(data: object, file: str) -> tuple[Venues, tuple[Problem, ...]]:
    problems: list[Problem] = []
    top = _top(data, file, "abbreviation to its color and url", problems)
    if top is None:
        return Venues(), tuple(problems)
    venues: dict[str, Venue] = {}
    for abbr, record in top.items():
        what = f"venue '{abbr}'"
        if not isinstance(record, Record):
            problems.append(Problem(f"{what} must have 'color:' and 'url:' lines; left out",
                                    file=file, line=top.line_of(abbr)))  # fmt: skip
            continue
        fields = Fields(record, file=file, what=what, known=VENUE_FIELDS, problems=problems)
        fields.check_keys()
        color = fields.text("color")
        checked = css_color(color) if color else ""
        if checked is None:
            fields.problem(f"color '{color}' is not a CSS colour; left out", "color",
                           hint='write e.g. color: "#00369f"')  # fmt: skip
            checked = ""
        venues[str(abbr)] = Venue(color=checked, url=fields.url("url") or "")
    return Venues(MappingProxyType(venues)), tuple(problems)


def build_coauthors(data: object, file: str) -> tuple[Coauthors, tuple[Problem, ...]]:
    problems: list[Problem] = []
    top = _top(data, file, "last name to a list of people", problems)
    if top is None:
        return Coauthors(), tuple(problems)
    links: list[AuthorLink] = []
    for last, people in top.items():
        what = f"co-author '{last}'"
        if not isinstance(people, list):
            people = [people]
        for person in people:
            if not isinstance(person, Record):
                problems.append(Problem(f"{what}: each person needs 'firstname:' and 'url:'",
                                        file=file, line=top.line_of(last)))  # fmt: skip
                continue
            fields = Fields(person, file=file, what=what, known=COAUTHOR_FIELDS,
                            problems=problems)  # fmt: skip
            fields.check_keys()
            firsts = fields.texts("firstname")
            url = fields.url("url")
            if not firsts:
                fields.problem("'firstname' is missing (a list of spellings)", "firstname")
            if url is None and "url" not in person:
                fields.problem("'url' is missing", None)
            if firsts and url:
                names = tuple(f"{last}, {first}" for first in firsts)
                links.append(AuthorLink(names=names, url=url))
    return Coauthors(tuple(links)), tuple(problems)


T = TypeVar("T")


def _load(
    path: Path,
    name: str,
    build: Callable[[object, str], tuple[T, tuple[Problem, ...]]],
    empty: T,
    explicit: bool,
) -> tuple[T, tuple[Problem, ...]]:
    if not explicit and not path.is_file():
        return empty, ()
    return load_data_file(path, name, build, empty)


def load_venues(
    path: Path, name: str, *, explicit: bool = True
) -> tuple[Venues, tuple[Problem, ...]]:
    """Read a venues file; without ``explicit``, a missing file is no problem."""
    return _load(path, name, build_venues, Venues(), explicit)


def load_coauthors(
    path: Path, name: str, *, explicit: bool = True
) -> tuple[Coauthors, tuple[Problem, ...]]:
    """Read a co-authors file; without ``explicit``, a missing file is no problem."""
    return _load(path, name, build_coauthors, Coauthors(), explicit)


def with_alfolio_data(settings: Settings) -> tuple[Settings, tuple[Problem, ...]]:
    """``settings`` with the venues of the venues file and links for the co-authors of
    the co-authors file (after the site's own author links), and what was wrong."""
    problems: tuple[Problem, ...] = ()
    venues: Mapping[str, Venue] = {}
    links = settings.author_links
    defaults = Settings()
    if settings.venues_file:
        explicit = settings.venues_file != defaults.venues_file
        found, more = load_venues(settings.root / settings.venues_file, settings.venues_file,
                                  explicit=explicit)  # fmt: skip
        venues, problems = dict(found.by_abbr), problems + more
    if settings.coauthors_file:
        explicit = settings.coauthors_file != defaults.coauthors_file
        people, more = load_coauthors(settings.root / settings.coauthors_file,
                                      settings.coauthors_file, explicit=explicit)  # fmt: skip
        links, problems = links + people.links, problems + more
    if not venues and links == settings.author_links:
        return settings, problems
    return dataclasses.replace(settings, venues=venues, author_links=links), problems


__all__ = ["Coauthors", "Venues", "load_coauthors", "load_venues", "with_alfolio_data"]
