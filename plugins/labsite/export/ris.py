"""The bibliography as RIS (what EndNote, Zotero and Mendeley import), written by rispy."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import rispy

from labsite.bib.fields import page_range
from labsite.bib.model import Paper
from labsite.export.common import MEMO, PART, date_parts, display_text, named_people, web_url
from labsite.text.names import Person

RIS_TYPES: dict[str, str] = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "proceedings": "CONF",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "book": "BOOK",
    "mvbook": "BOOK",
    "collection": "EDBOOK",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "unpublished": "UNPB",
    "online": "ELEC",
    "www": "ELEC",
    "electronic": "ELEC",
    "software": "COMP",
    "dataset": "DATA",
    "patent": "PAT",
}
"""BibTeX entry types to RIS ``TY`` values; any other type is ``GEN``."""


def _line(value: str) -> str:
    """A value on one line (RIS has one tag per line)."""
    return " ".join(display_text(value).split())


def _ris_name(person: Person) -> str:
    if not person.first:
        return _line(person.surname or person.jr)
    name = f"{_line(person.surname)}, {_line(person.first)}"
    return f"{name}, {_line(person.jr)}" if person.jr else name


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's numbered line before each record."""

    def set_header(self, count: int) -> str:
        return ""


def _ris_record(paper: Paper) -> dict[str, Any]:
    parts = date_parts(paper)
    first, last = page_range(paper.pages)
    url = web_url(paper)
    venue_tag = "journal_name" if paper.entry_type == "article" else "secondary_title"
    fields: dict[str, Any] = {
        "type_of_reference": RIS_TYPES.get(paper.entry_type, "GEN"),
        "id": _line(paper.key),
        "authors": [_ris_name(p) for p in named_people(paper.authors)],
        "secondary_authors": [_ris_name(p) for p in named_people(paper.editors)],
        "title": _line(paper.title) or _line(paper.key),
        venue_tag: _line(paper.venue),
        "year": str(parts[0]) if parts is not None and paper.is_published else "",
        "volume": _line(paper.volume),
        "number": _line(paper.number),
        "start_page": _line(first),
        "end_page": _line(last),
        "publisher": _line(paper.publisher),
        "doi": _line(paper.doi),
        "urls": [url] if url else [],
        "abstract": _line(paper.abstract),
        "keywords": [_line(k) for k in paper.keywords],
        "notes": [_line(paper.note)] if paper.note else [],
    }
    return {name: value for name, value in fields.items() if value}


def to_ris(papers: Sequence[Paper]) -> str:
    """The papers as RIS records (what EndNote, Zotero and Mendeley import).

    Args:
        papers: The papers, in the order the records should have.

    Returns:
        RIS text, written by rispy: ``TY`` (from the entry type), ``ID`` (the key),
        ``AU`` per author ("Last, First"), ``A2`` per editor, ``TI``, ``JO`` (journal)
        or ``T2`` (other venues), ``PY`` (published work only), ``VL``, ``IS``,
        ``SP``/``EP``, ``PB``, ``DO``, ``UR``, ``AB``, ``KW`` per keyword and ``N1``.
    """
    return MEMO.get(("ris",), papers, _to_ris)


def _to_ris(papers: Sequence[Paper]) -> str:
    return str(rispy.dumps([_ris_record(p) for p in papers], implementation=_RisWriter))


def to_ris_parts(papers: Sequence[Paper]) -> Iterator[str]:
    """:func:`to_ris`, in parts that joined are its text (the writer numbers nothing,
    and puts a blank line between two records: records written apart join as one
    file with one more line break between them)."""
    for start in range(0, len(papers), PART):
        records = [_ris_record(p) for p in papers[start : start + PART]]
        yield ("\n" if start else "") + str(rispy.dumps(records, implementation=_RisWriter))
