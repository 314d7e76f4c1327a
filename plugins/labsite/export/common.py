"""What the exports share: the memo of exports already written in this process, and
the displayed forms of names, dates and links."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from labsite.bib.model import Paper
from labsite.text.names import Person


class Memo:
    """Exports already written in this process (``mkdocs serve`` rebuilds write them
    all again after each edit), by the identity of an immutable paper or tuple of
    papers; the object is kept with its entry so that its id stays its own. Lists and
    other mutable sequences are not remembered."""

    def __init__(self, limit: int = 200_000) -> None:
        self._entries: dict[tuple[object, ...], tuple[object, str]] = {}
        self._limit = limit

    def get(self, kind: tuple[object, ...], value: Any, make: Callable[..., str]) -> str:
        if not isinstance(value, (Paper, tuple)):
            return make(value, *kind[1:])
        key = (id(value), *kind)
        found = self._entries.get(key)
        if found is not None and found[0] is value:
            return found[1]
        text = make(value, *kind[1:])
        if len(self._entries) >= self._limit:  # (dict operations are atomic)
            self._entries.clear()
        self._entries[key] = (value, text)
        return text

    def clear(self) -> None:
        self._entries.clear()


MEMO = Memo()


# Characters XML 1.0 does not allow (lxml refuses them).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def display_text(value: str) -> str:
    """Displayed text for formats without LaTeX: a literal dollar ``\\$`` as ``$``
    (math stays ``$...$``)."""
    return value.replace("\\$", "$")


def named_people(people: Sequence[Person]) -> list[Person]:
    """The named people of a list: "and others" and empty names left out."""
    return [p for p in people if not p.is_others and (p.first or p.surname or p.jr)]


def date_parts(paper: Paper) -> tuple[int, int | None, int | None] | None:
    """Year, month and day of the paper, impossible parts left out; ``None`` without
    a year."""
    if not paper.year or not 1 <= paper.year <= 9999:
        return None
    month = paper.month if paper.month and 1 <= paper.month <= 12 else None
    day = None
    if month and paper.day:
        try:
            day = date(paper.year, month, paper.day).day
        except ValueError:
            day = None
    return paper.year, month, day


def web_url(paper: Paper) -> str:
    """The paper's first http(s) link: ``url``, else ``pdf``, else ``html``."""
    for kind in ("url", "pdf", "html"):
        for link in paper.links:
            if link.kind == kind and link.url.startswith(("http://", "https://")):
                return link.url
    return ""
