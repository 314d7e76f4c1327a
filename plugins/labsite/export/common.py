"""What the exports share: the memo of exports already written in this process, and
the displayed forms of names, dates and links."""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from labsite.bib.model import Paper
from labsite.text.names import Person

PART = 500
"""Papers per part of an export written in parts (``to_*_parts``)."""


class Memo:
    """Exports already written in this process (``mkdocs serve`` rebuilds write them
    all again after each edit), by the identity of an immutable paper or tuple of
    papers. An entry for a paper lasts as long as the paper (a weak reference), so the
    papers of an edited bibliography are not kept alive by their exports; entries for
    tuples of papers (the whole-bibliography exports) are kept for the last few tuples
    only. Lists and other mutable sequences are not remembered."""

    def __init__(self, limit: int = 200_000, tuples: int = 8) -> None:
        self._entries: dict[tuple[object, ...], tuple[Callable[[], object], str]] = {}
        self._limit = limit
        self._tuples: list[tuple[object, ...]] = []  # keys of tuple entries, oldest first
        self._tuple_limit = tuples
        self._lock = threading.Lock()

    def get(self, kind: tuple[object, ...], value: Any, make: Callable[..., str]) -> str:
        if not isinstance(value, (Paper, tuple)):
            return make(value, *kind[1:])
        key = (id(value), *kind)
        found = self._entries.get(key)
        if found is not None and found[0]() is value:
            return found[1]
        text = make(value, *kind[1:])
        with self._lock:
            if len(self._entries) >= self._limit:
                self._entries.clear()
                self._tuples.clear()
            if isinstance(value, Paper):
                self._entries[key] = (weakref.ref(value, self._forget(key)), text)
            else:
                self._entries[key] = (_Strong(value), text)
                self._tuples.append(key)
                while len(self._tuples) > self._tuple_limit:
                    self._entries.pop(self._tuples.pop(0), None)
        return text

    def _forget(self, key: tuple[object, ...]) -> Callable[[object], None]:
        """The callback that drops ``key``'s entry when its paper is gone."""
        entries = self._entries

        def forget(_reference: object) -> None:
            entries.pop(key, None)

        return forget

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._tuples.clear()

    def __len__(self) -> int:
        return len(self._entries)


class _Strong:
    """A strong reference with weakref.ref's call: ``_Strong(x)() is x``."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __call__(self) -> object:
        return self.value


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
