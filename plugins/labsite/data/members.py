"""People: the members of a group (or a researcher's students) from a YAML data file.

Stages *load* and *model* for people, like ``load.py`` and ``model.py`` for papers:
:func:`load_people` reads the file into immutable :class:`Member` and
:class:`SupervisionItem` records and a list of problems (file:line, member id), and
:func:`papers_of` finds a member's papers in the bibliography, by ORCID (Web of
Science's ``orcid-numbers`` field) or by the name spellings they publish under.

The file (``data/people.yml`` by default in the docs)::

    members:
      - id: alex-example            # the page is people/alex-example/
        name: Alex Example
        role: PhD student
        names: [A. Example]         # other spellings in author lists
        orcid: 0000-0002-1825-0097
        start: 2021
        end: 2025                   # alumni once this year has passed
    supervision:                    # the supervision list, in this order
      - member: alex-example
        text: Alex Example. A project, with [a CDT](https://example.org).
      - text: Two MSc students.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from labsite.bib.model import Link
from labsite.data.yamlfile import (
    Fields,
    Inline,
    Record,
    did_you_mean,
    load_data_file,
    parse_inline,
    records,
)
from labsite.diagnostics import Level, Problem
from labsite.paths import page_uri
from labsite.settings import AuthorLink, Settings
from labsite.text.names import Person, parse_person

MEMBER_FIELDS = (
    "id", "name", "names", "role", "photo", "links", "orcid", "email", "programme",
    "programme_url", "project", "supervisors", "start", "end", "bio",
)  # fmt: skip
SUPERVISION_FIELDS = ("member", "text")
TOP_LEVEL = ("members", "supervision")

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$", re.I)


@dataclass(frozen=True)
class Member:
    """One person. Immutable; text is plain (escaped when rendered)."""

    id: str
    name: str
    names: tuple[str, ...] = ()
    """Every spelling they publish under, ``name`` first."""
    role: str = ""
    photo: str | None = None
    links: tuple[Link, ...] = ()
    orcid: str = ""
    email: str = ""
    programme: str = ""
    programme_url: str | None = None
    project: str = ""
    supervisors: tuple[str, ...] = ()
    """As written: names, possibly with a note ("Dr. Doe (main, University of X)")."""
    start: int | None = None
    end: int | None = None
    bio: str = ""
    file: str = ""
    line: int = 0

    def is_alumnus(self, this_year: int) -> bool:
        """Alumni are members whose end year has passed."""
        return self.end is not None and self.end < this_year

    @property
    def years(self) -> str:
        """ "2021–2025", "since 2021", "until 2025" or ""."""
        if self.start and self.end:
            return f"{self.start}–{self.end}" if self.start != self.end else str(self.start)
        if self.start:
            return f"since {self.start}"
        return f"until {self.end}" if self.end else ""

    @property
    def orcid_url(self) -> str | None:
        return f"https://orcid.org/{self.orcid}" if self.orcid else None


@dataclass(frozen=True)
class SupervisionItem:
    """One line of the supervision list: a member's, or a project with no member."""

    member: str | None
    text: Inline
    """The line's own wording; empty for a member: then it is made from their fields."""
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class People:
    """Everything in a people file."""

    members: tuple[Member, ...] = ()
    supervision: tuple[SupervisionItem, ...] = ()
    by_id: Mapping[str, Member] = field(default_factory=lambda: MappingProxyType({}))

    def roles(self) -> list[str]:
        """Roles in the order they first appear in the file ("" for no role)."""
        seen: list[str] = []
        for member in self.members:
            if member.role not in seen:
                seen.append(member.role)
        return seen


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 11-2, the check digit of every ORCID iD."""
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[-1].upper() == ("X" if check == 10 else str(check))


def _member(record: Record, file: str, problems: list[Problem], index: int) -> Member | None:
    raw_id = record.get("id")
    what = f"member '{raw_id}'" if isinstance(raw_id, str) and raw_id else f"member {index}"
    fields = Fields(record, file=file, what=what, known=MEMBER_FIELDS, problems=problems)
    fields.check_keys()
    member_id = fields.text("id", required=True)
    name = fields.text("name", required=True)
    if member_id and not _ID.match(member_id):
        fields.problem(
            f"id '{member_id}' can only have letters, digits, '-' and '_'; member skipped",
            "id",
            hint="use the name in lower case with '-' between words, e.g. alex-example",
        )
        return None
    if not member_id or not name:
        fields.problem("a member needs an 'id' and a 'name'; member skipped")
        return None
    orcid = fields.text("orcid")
    if orcid:
        match = _ORCID.match(orcid)
        if not match or not orcid_checksum_ok(match.group(1)):
            fields.problem(f"orcid '{orcid}' is not an ORCID iD; left out", "orcid",
                           hint="write the 16 digits as 0000-0002-1825-0097")  # fmt: skip
            orcid = ""
        else:
            orcid = match.group(1).upper()
    email = fields.text("email")
    if email and (" " in email or email.count("@") != 1 or email.startswith("mailto:")):
        fields.problem(f"email '{email}' is not an e-mail address; left out", "email",
                       hint="write only the address, e.g. alex@example.org")  # fmt: skip
        email = ""
    names = [name]
    for variant in fields.texts("names"):
        if variant not in names:
            names.append(variant)
    for variant in names:
        try:
            person = parse_person(variant)
        except Exception:  # bibtexparser's splitter on malformed names
            person = Person()
        if not person.last:
            fields.problem(f"'{variant}' cannot be read as a name", "names",
                           level=Level.WARNING)  # fmt: skip
    start = fields.year("start")
    end = fields.year("end")
    if start and end and end < start:
        fields.problem(f"end year {end} is before start year {start}", "end",
                       level=Level.WARNING)  # fmt: skip
    return Member(
        id=member_id,
        name=name,
        names=tuple(names),
        role=fields.text("role"),
        photo=fields.url("photo"),
        links=_links(record, fields),
        orcid=orcid,
        email=email,
        programme=fields.text("programme"),
        programme_url=fields.url("programme_url"),
        project=fields.text("project"),
        supervisors=fields.texts("supervisors"),
        start=start,
        end=end,
        bio=fields.text("bio"),
        file=file,
        line=record.line,
    )


def _links(record: Record, fields: Fields) -> tuple[Link, ...]:
    """``links: {website: https://..., GitHub: https://...}``: label -> URL, in order."""
    value = record.get("links")
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        fields.problem("'links' must be 'label: URL' lines; left out", "links",
                       hint="write links:\\n  website: https://example.org")  # fmt: skip
        return ()
    links = []
    for label, url in value.items():
        checked = fields.url("links", url) if isinstance(url, str) else None
        if not isinstance(url, str):
            fields.problem(f"link '{label}' must be a URL; left out", "links")
        if checked:
            links.append(Link(kind=str(label), label=str(label), url=checked))
    return tuple(links)


def build_people(data: object, file: str) -> tuple[People, tuple[Problem, ...]]:
    """The records of a parsed people file (see the module docstring)."""
    problems: list[Problem] = []
    if data is None:
        return People(), ()
    if not isinstance(data, Record):
        problems.append(Problem("the file must have 'members:' (and may have 'supervision:')",
                                file=file, line=1))  # fmt: skip
        return People(), tuple(problems)
    top = Fields(data, file=file, what="people file", known=TOP_LEVEL, problems=problems)
    top.check_keys()
    members: list[Member] = []
    by_id: dict[str, Member] = {}
    found = records(data.get("members"), file=file, what="'members'",
                    line=data.line_of("members"), problems=problems)  # fmt: skip
    for index, record in enumerate(found, start=1):
        member = _member(record, file, problems, index)
        if member is None:
            continue
        if member.id in by_id:
            first = by_id[member.id]
            problems.append(Problem(
                f"member '{member.id}': the id is used twice (first at line {first.line}); "
                "this one is skipped", file=file, line=member.line,
                hint="give each member their own id",
            ))  # fmt: skip
            continue
        by_id[member.id] = member
        members.append(member)
    items: list[SupervisionItem] = []
    found = records(data.get("supervision"), file=file, what="'supervision'",
                    line=data.line_of("supervision"), problems=problems)  # fmt: skip
    for index, record in enumerate(found, start=1):
        what = f"supervision item {index}"
        fields = Fields(record, file=file, what=what, known=SUPERVISION_FIELDS,
                        problems=problems)  # fmt: skip
        fields.check_keys()
        member_id = fields.text("member") or None
        if member_id is not None and member_id not in by_id:
            fields.problem(
                f"no member has the id '{member_id}'; item skipped", "member",
                hint=_close_id(member_id, by_id) or "add them under 'members:'",
            )  # fmt: skip
            continue
        text = fields.inline("text")
        if member_id is None and not text:
            fields.problem("an item needs a 'member' or a 'text'; item skipped")
            continue
        items.append(SupervisionItem(member_id, text, file=file, line=record.line))
    return People(tuple(members), tuple(items), MappingProxyType(by_id)), tuple(problems)


def _close_id(member_id: str, ids: Iterable[str]) -> str | None:
    return did_you_mean(member_id, ids)


def load_people(path: Path, name: str | None = None) -> tuple[People, tuple[Problem, ...]]:
    """Read a people file: the people and every problem found (file:line, member id).

    Never raises on bad input. ``name`` is how problems name the file (default: the
    path as given). Results are cached by content, so the macros module and the
    plugin read a file once per build.
    """
    return load_data_file(path, name or str(path), build_people, People())


def member_author_links(people: People, people_dir: str) -> tuple[AuthorLink, ...]:
    """Author names of members link to their pages (after the site's own links)."""
    return tuple(AuthorLink(names=m.names, url=page_uri(m.id, people_dir)) for m in people.members)


def with_member_links(settings: Settings, people: People) -> Settings:
    """``settings`` with the members' author links added, when members have pages."""
    if not settings.people_pages or not people.members:
        return settings
    links = settings.author_links + member_author_links(people, settings.people_dir)
    return dataclasses.replace(settings, author_links=links)


__all__ = [
    "Member", "People", "SupervisionItem", "build_people", "load_people",
    "member_author_links", "parse_inline", "with_member_links",
]  # fmt: skip
