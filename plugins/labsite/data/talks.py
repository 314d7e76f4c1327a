"""Talks and engagement: talks, posters, organised events, schools and visits as data.

Stages *load*, *model* and *query* for talks: :func:`load_talks` reads a YAML file
into immutable :class:`Talk` records and a list of problems (file:line and the talk),
and :func:`select_talks`, :func:`sort_talks` and :func:`group_talks` filter, order
and group them for the ``talks()`` macro.

The file (``data/talks.yml`` by default in the docs)::

    talks:
      - year: 2024
        kind: invited talk          # or a list: [talk, poster]
        event: Workshop on Examples
        place: Example University
        with: Sam Placeholder       # co-presenter(s)
        slides: https://example.org/slides.pdf
      - year: 2023
        kind: visit
        text: Research visit to the Example Lab, 2023.   # the line as written
    kinds:                          # optional: more kinds, with their label
      panel: Panel
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from labsite.bib.model import Link
from labsite.bib.query import year_predicate
from labsite.data.yamlfile import Fields, Inline, Record, did_you_mean, load_data_file, records
from labsite.diagnostics import LabsiteError, Level, Problem
from labsite.text.values import as_list

# Kind -> the label that starts a talk's line ("" for none: a school, an attended
# event). Filter with talks(kind="invited talk").
KINDS: Mapping[str, str] = MappingProxyType(
    {
        "invited talk": "Invited Talk",
        "keynote": "Keynote Talk",
        "plenary": "Plenary Talk",
        "talk": "Talk",
        "seminar": "Seminar Talk",
        "poster": "Poster",
        "paper": "Paper",
        "organizer": "Organizer",
        "school": "",
        "attended": "",
        "visit": "Research Collaboration Visit",
    }
)
# Headings for talks(group_by="kind").
KIND_HEADINGS: Mapping[str, str] = MappingProxyType(
    {
        "invited talk": "Invited talks",
        "keynote": "Keynote talks",
        "plenary": "Plenary talks",
        "talk": "Talks",
        "seminar": "Seminar talks",
        "poster": "Posters",
        "paper": "Papers",
        "organizer": "Organised events",
        "school": "Schools",
        "attended": "Events attended",
        "visit": "Research visits",
    }
)
TALK_FIELDS = (
    "year", "month", "kind", "event", "title", "place", "with", "note", "text", "url",
    "slides", "video", "poster", "links",
)  # fmt: skip
LINK_FIELDS = (("slides", "slides"), ("video", "video"), ("poster", "poster"))
TOP_LEVEL = ("talks", "kinds")
SORT_KEYS = ("year", "file")
GROUP_KEYS = ("year", "kind")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


NO_TEXT = Inline()


@dataclass(frozen=True)
class Talk:
    """One talk, poster, organised event, school or visit. Immutable."""

    year: int
    kinds: tuple[str, ...]
    """The first is the main one: its label starts the line."""
    event: Inline = NO_TEXT
    """The event's name; a link to its website when ``url`` is given."""
    title: str = ""
    place: str = ""
    month: int | None = None
    co_presenters: tuple[str, ...] = ()
    note: str = ""
    text: Inline = NO_TEXT
    """The line as written, when the made-up one will not do."""
    links: tuple[Link, ...] = ()
    file: str = ""
    line: int = 0
    index: int = 0
    """Position in the file (for ``sort="file"``)."""

    @property
    def kind(self) -> str:
        return self.kinds[0]

    @property
    def date(self) -> str:
        return f"{MONTHS[self.month - 1]} {self.year}" if self.month else str(self.year)


@dataclass(frozen=True)
class Talks:
    """Everything in a talks file."""

    talks: tuple[Talk, ...] = ()
    kinds: Mapping[str, str] = field(default_factory=lambda: KINDS)
    """Kind -> label: the built-in ones and the file's own."""


def _month(fields: Fields) -> int | None:
    value = fields.record.get("month")
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
        return value
    if isinstance(value, str):
        text = value.strip().rstrip(".").casefold()
        for number, name in enumerate(MONTHS, start=1):
            if text and (text == name.casefold() or (len(text) >= 3 and name.casefold()
                                                      .startswith(text))):  # fmt: skip
                return number
        if text.isdigit() and 1 <= int(text) <= 12:
            return int(text)
    fields.problem(f"'month' is {value!r}, not a month; left out", "month",
                   hint="write month: June (or 6)")  # fmt: skip
    return None


def _talk(
    record: Record, file: str, kinds: Mapping[str, str], problems: list[Problem], index: int
) -> Talk | None:
    event = record.get("event") or record.get("text") or ""
    year = record.get("year")
    label = " ".join(str(event).split())[:60] if event else f"item {index}"
    what = f"talk '{label}'" + (f" ({year})" if year else "")
    fields = Fields(record, file=file, what=what, known=TALK_FIELDS, problems=problems)
    fields.check_keys()
    year_value = fields.year("year", required=True)
    kind_values = [k.casefold() for k in fields.texts("kind")]
    if not kind_values:
        fields.problem("'kind' is missing", "kind", hint=f"one of: {', '.join(kinds)}")
    found_kinds = []
    for kind in kind_values:
        if kind in kinds:
            found_kinds.append(kind)
        else:
            fields.problem(f"'kind' '{kind}' is not one of: {', '.join(kinds)}", "kind",
                           hint=did_you_mean(kind, kinds) or "add it under 'kinds:' "
                           "at the top of the file")  # fmt: skip
    text = fields.inline("text")
    event_text = fields.text("event")
    if not event_text and not text:
        fields.problem("a talk needs an 'event' (or a 'text')", "event")
    if year_value is None or not found_kinds or not (event_text or text):
        fields.problem("talk skipped", level=Level.ERROR)
        return None
    url = fields.url("url")
    links = []
    for key, link_label in LINK_FIELDS:
        checked = fields.url(key)
        if checked:
            links.append(Link(kind=key, label=link_label, url=checked))
    extra = record.get("links")
    if isinstance(extra, Mapping):
        for name, value in extra.items():
            checked = fields.url("links", value)
            if checked:
                links.append(Link(kind="link", label=str(name), url=checked))
    elif extra is not None:
        fields.problem("'links' must be 'label: URL' lines; left out", "links")
    return Talk(
        year=year_value,
        kinds=tuple(found_kinds),
        event=Inline(((event_text, url),)) if event_text else NO_TEXT,
        title=fields.text("title"),
        place=fields.text("place"),
        month=_month(fields),
        co_presenters=fields.texts("with"),
        note=fields.text("note"),
        text=text,
        links=tuple(links),
        file=file,
        line=record.line,
        index=index,
    )


def build_talks(data: object, file: str) -> tuple[Talks, tuple[Problem, ...]]:
    """The records of a parsed talks file (see the module docstring)."""
    problems: list[Problem] = []
    if data is None:
        return Talks(), ()
    if isinstance(data, list):  # a bare list of talks is fine too
        wrapper = Record(talks=data)
        wrapper.line, wrapper.key_lines, wrapper.duplicates = 1, {}, []
        data = wrapper
    if not isinstance(data, Record):
        problems.append(Problem("the file must have 'talks:', a list of talks", file=file,
                                line=1))  # fmt: skip
        return Talks(), tuple(problems)
    top = Fields(data, file=file, what="talks file", known=TOP_LEVEL, problems=problems)
    top.check_keys()
    kinds = dict(KINDS)
    extra = data.get("kinds")
    if isinstance(extra, Mapping):
        for name, label in extra.items():
            kinds[" ".join(str(name).split()).casefold()] = "" if label is None else str(label)
    elif extra is not None:
        top.problem("'kinds' must be 'kind: label' lines; left out", "kinds")
    talks = []
    found = records(data.get("talks"), file=file, what="'talks'",
                    line=data.line_of("talks"), problems=problems)  # fmt: skip
    for index, record in enumerate(found, start=1):
        talk = _talk(record, file, kinds, problems, index)
        if talk is not None:
            talks.append(talk)
    return Talks(tuple(talks), MappingProxyType(kinds)), tuple(problems)


def load_talks(path: Path, name: str | None = None) -> tuple[Talks, tuple[Problem, ...]]:
    """Read a talks file: the talks and every problem found (file:line, the talk).

    Never raises on bad input; ``name`` is how problems name the file.
    """
    return load_data_file(path, name or str(path), build_talks, Talks())


# -- query ------------------------------------------------------------------------


def select_talks(
    talks: Iterable[Talk], *, kinds: Mapping[str, str], year: object = None, kind: object = None
) -> list[Talk]:
    """Talks of ``year`` (a year, a range "2020-2022", "2021-", or a list) and of any of
    ``kind`` (a kind or a list). Unknown kinds raise :class:`LabsiteError`."""
    found = list(talks)
    if year is not None:
        predicate = cast(Callable[[Any], bool], year_predicate(year))
        found = [t for t in found if predicate(t)]
    if kind is not None:
        wanted = {k.casefold().strip() for k in as_list(kind)}
        for value in sorted(wanted):
            if value not in kinds:
                hint = did_you_mean(value, kinds)
                raise LabsiteError(
                    f"kind={value!r} is not a kind of talk"
                    + (f"; {hint}" if hint else "")
                    + f" (kinds: {', '.join(kinds)})"
                )
        found = [t for t in found if wanted.intersection(t.kinds)]
    return found


def sort_talks(talks: Sequence[Talk], by: str = "year", reverse: bool | None = None) -> list[Talk]:
    """``"year"``: newest first (talks of one year keep the file's order); ``"file"``:
    the file's order. ``reverse=False`` with ``"year"`` gives oldest first."""
    if by not in SORT_KEYS:
        hint = did_you_mean(str(by), SORT_KEYS)
        raise LabsiteError(f"sort={by!r} is not one of {', '.join(SORT_KEYS)}"
                           + (f"; {hint}" if hint else ""))  # fmt: skip
    if by == "file":
        ordered = sorted(talks, key=lambda t: (t.file, t.index))
        return ordered[::-1] if reverse else ordered
    newest_first = True if reverse is None else bool(reverse)
    if newest_first:
        return sorted(talks, key=lambda t: (-t.year, t.file, t.index))
    return sorted(talks, key=lambda t: (t.year, t.file, t.index))


def group_talks(
    talks: Sequence[Talk], by: str | None, headings: Mapping[str, str] = KIND_HEADINGS
) -> list[tuple[str, list[Talk]]]:
    """(heading, talks) in the order the talks come; one group with no heading for
    ``by=None``. By kind, a talk is grouped under its main (first) kind."""
    if by is None:
        return [("", list(talks))]
    if by not in GROUP_KEYS:
        hint = did_you_mean(str(by), GROUP_KEYS)
        raise LabsiteError(f"group_by={by!r} is not one of {', '.join(GROUP_KEYS)}"
                           + (f"; {hint}" if hint else ""))  # fmt: skip
    groups: dict[str, list[Talk]] = {}
    for talk in talks:
        if by == "year":
            label = str(talk.year)
        else:
            label = headings.get(talk.kind) or talk.kind.capitalize()
        groups.setdefault(label, []).append(talk)
    return list(groups.items())


__all__ = [
    "KINDS", "Talk", "Talks", "build_talks", "group_talks", "load_talks", "select_talks",
    "sort_talks",
]  # fmt: skip
