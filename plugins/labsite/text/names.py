"""Person names: splitting BibTeX name lists and matching a person by name variants.

Splitting follows BibTeX's rules (First von Last, "von Last, First", "von Last, Jr,
First", ``{Corporate Name}``, ``and others``) through bibtexparser's name parser.
Matching is accent-, case- and punctuation-insensitive, so that ``Jörg``,
``J{\\"o}rg`` and ``Jorg`` are the same name and ``J.`` is the same as ``J``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from labsite.text.latex import to_text_lenient

# Markers written after a name in the .bib: "*" corresponding author, "†" equal
# contribution (also as \dag, \dagger, \textdagger, $^\dagger$, $^*$, ^{*}).
_MARKER_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*(?:\$\^\{?\\?\*\}?\$|\^\{?\*\}?|\*)$"), "*"),
    (
        re.compile(
            r"\s*(?:\$\^\{?\\dag(?:ger)?\}?\$|\\textdagger(?:\{\})?|\\dag(?:ger)?"
            r"(?:\{\})?|†)$"
        ),
        "†",
    ),
    (re.compile(r"\s*(?:\$\^\{?\\ddag(?:ger)?\}?\$|\\textdaggerdbl(?:\{\})?|‡)$"), "‡"),
    # The others al-folio reads as markers (its regex [*∗†‡§¶‖&^]; "&" is LaTeX's).
    (re.compile(r"\s*∗$"), "*"),
    (re.compile(r"\s*(?:\\S(?:\{\})?|§)$"), "§"),
    (re.compile(r"\s*(?:\\P(?:\{\})?|¶)$"), "¶"),
    (re.compile(r"\s*‖$"), "‖"),
    (re.compile(r"(?<![\\\s])\^$"), "^"),
)
MARKER_ORDER = ("*", "†", "‡", "§", "¶", "‖", "^")
"""Every marker labsite reads after a name, in the order they are shown."""


@dataclass(frozen=True)
class Person:
    """One name from an author or editor list, as Unicode text."""

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    markers: tuple[str, ...] = ()
    """Author markers written after the name: ``*``, ``†``, ``‡``."""
    is_others: bool = False
    """``and others`` at the end of a list: shown as "et al."."""

    @property
    def full(self) -> str:
        """The name in reading order: "First von Last, Jr."."""
        if self.is_others:
            return "et al."
        name = " ".join(p for p in (self.first, self.von, self.last) if p)
        return f"{name}, {self.jr}" if self.jr else name

    @property
    def surname(self) -> str:
        return " ".join(p for p in (self.von, self.last) if p)

    @property
    def initials(self) -> str:
        """First names as initials: "Jean-Paul Marie" -> "J.-P. M."."""
        parts = []
        for word in self.first.split():
            pieces = [p for p in word.split("-") if p]
            parts.append("-".join(f"{p[0]}." for p in pieces))
        return " ".join(parts)

    @property
    def short(self) -> str:
        """ "J. von Last, Jr." (for reference lists)."""
        if self.is_others:
            return "et al."
        name = " ".join(p for p in (self.initials, self.von, self.last) if p)
        return f"{name}, {self.jr}" if self.jr else name

    def __str__(self) -> str:
        return self.full


def _strip_markers(name: str) -> tuple[str, tuple[str, ...]]:
    """Remove author markers from the end of the name and of each comma-separated
    part ("Einstein*, A." as well as "A. Einstein*")."""
    markers: list[str] = []
    parts = name.split(",")
    for index, part in enumerate(parts):
        changed = True
        while changed:
            changed = False
            for pattern, marker in _MARKER_PATTERNS:
                match = pattern.search(part)
                if match and match.start() > 0:
                    part = part[: match.start()]
                    markers.append(marker)
                    changed = True
        parts[index] = part
    ordered = tuple(m for m in MARKER_ORDER if m in markers)
    return ",".join(parts).strip(), ordered


def without_markers(value: str) -> str:
    """A BibTeX name list without the author markers written after names
    (``Einstein*†, A. and Podolsky*, B.`` -> ``Einstein, A. and Podolsky, B.``), as
    written otherwise: what a reader's bibliography should get."""
    names = [n for n in split_multiple_persons_names(value) if n.strip()]
    stripped = [_strip_markers(n.strip())[0] if n.strip().lower() != "others" else n.strip()
                for n in names]  # fmt: skip
    return " and ".join(stripped) if stripped != [n.strip() for n in names] else value


@lru_cache(maxsize=65536)
def parse_person(name: str) -> Person:
    """One BibTeX name to a :class:`Person`. Raises ``ValueError`` if it has no name."""
    name = name.strip()
    if name.lower() == "others":
        return Person(is_others=True)
    name, markers = _strip_markers(name)
    try:
        parts = parse_single_name_into_parts(name, strict=True)
    except InvalidNameError:
        parts = parse_single_name_into_parts(name, strict=False)
    return Person(
        first=to_text_lenient(" ".join(parts.first)),
        von=to_text_lenient(" ".join(parts.von)),
        last=to_text_lenient(" ".join(parts.last)),
        jr=to_text_lenient(" ".join(parts.jr)),
        markers=markers,
    )


@lru_cache(maxsize=16384)
def parse_people(value: str) -> tuple[Person, ...]:
    """A BibTeX name list ("A and B and others") to people."""
    if not value.strip():
        return ()
    return tuple(parse_person(n) for n in split_multiple_persons_names(value) if n.strip())


_FOLD_PUNCTUATION = re.compile(r"[.\-‐‑–]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form of a name part."""
    if text.isascii():  # nothing to decompose or replace (most titles)
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        stripped = stripped.replace("ß", "ss").replace("ø", "o").replace("Ø", "o")
        stripped = stripped.replace("ł", "l").replace("Ł", "l").replace("ı", "i")
    stripped = _FOLD_PUNCTUATION.sub(" ", stripped.casefold())
    return " ".join(stripped.split())


def name_key(person: Person) -> tuple[str, str]:
    """What two spellings of one name have in common: (first names, von + last)."""
    return fold(person.first), fold(person.surname)


class NameMatcher:
    """Recognises one or more people, each given by the spellings they publish under."""

    def __init__(self, variants: Iterable[str]) -> None:
        self._keys: set[tuple[str, str]] = set()
        for variant in variants:
            for person in parse_people(variant):
                if not person.is_others:
                    self._keys.add(name_key(person))

    def __bool__(self) -> bool:
        return bool(self._keys)

    def matches(self, person: Person) -> bool:
        return not person.is_others and name_key(person) in self._keys
