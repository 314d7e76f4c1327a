"""The bibliography as CSL-JSON (what citeproc, Pandoc and Zotero read), with the
displayed (Unicode) text."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from labsite.bib.fields import page_range
from labsite.bib.model import Paper
from labsite.export.common import MEMO, PART, date_parts, display_text, named_people, web_url
from labsite.text.names import Person

CSL_TYPES: dict[str, str] = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "proceedings": "book",
    "booklet": "pamphlet",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "misc": "document",
    "software": "software",
    "dataset": "dataset",
    "patent": "patent",
}
"""BibTeX entry types to CSL types; any other type is a CSL "document"."""

# Types whose venue (school, institution) is the publisher in CSL, not a container.
_CSL_PUBLISHER_VENUE = frozenset({"phdthesis", "mastersthesis", "thesis", "techreport", "report"})


def _csl_name(person: Person) -> dict[str, str]:
    if not person.first:
        return {"literal": display_text(person.surname or person.jr)}
    name = {"family": display_text(person.last), "given": display_text(person.first)}
    if person.von:
        name["non-dropping-particle"] = display_text(person.von)
    if person.jr:
        name["suffix"] = display_text(person.jr)
    return name


def _csl_item(paper: Paper) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": paper.key,
        "type": CSL_TYPES.get(paper.entry_type, "document"),
        "title": display_text(paper.title),
    }
    for role, people in (("author", paper.authors), ("editor", paper.editors)):
        names = [_csl_name(p) for p in named_people(people)]
        if names:
            item[role] = names
    parts = date_parts(paper)
    if parts is not None and paper.is_published:
        item["issued"] = {"date-parts": [[part for part in parts if part is not None]]}
    venue = display_text(paper.venue)
    publisher = display_text(paper.publisher)
    if paper.entry_type in _CSL_PUBLISHER_VENUE and not publisher:
        venue, publisher = "", venue
    first, last = page_range(paper.pages)
    optional = {
        "container-title": venue,
        "volume": display_text(paper.volume),
        "issue": display_text(paper.number),
        "page": f"{first}-{last}" if last else first,
        "publisher": publisher,
        "DOI": paper.doi,
        "URL": web_url(paper),
        "abstract": display_text(paper.abstract),
        "note": display_text(paper.note),
        "keyword": ", ".join(display_text(k) for k in paper.keywords),
        "status": display_text(paper.status),
    }
    item.update((name, value) for name, value in optional.items() if value)
    return item


def to_csl_json(papers: Sequence[Paper]) -> list[dict[str, Any]]:
    """The papers as CSL-JSON items (what citeproc, Pandoc and Zotero read).

    Args:
        papers: The papers, in the order the items should have.

    Returns:
        One dict per paper: ``id`` (the key), ``type``, ``title``, ``author`` and
        ``editor`` (``family``/``given``/``non-dropping-particle``/``suffix``, or
        ``literal`` for a name without a first name), ``issued`` (published work with
        a year only), ``container-title``, ``volume``, ``issue``, ``page``,
        ``publisher``, ``DOI``, ``URL``, ``abstract``, ``note``, ``keyword`` and
        ``status``, each only when it has a value. Theses and reports have their
        school or institution as ``publisher`` (unless they have a publisher).
    """
    return [_csl_item(p) for p in papers]


def to_csl_json_text(papers: Sequence[Paper]) -> str:
    """:func:`to_csl_json` as JSON text (UTF-8 characters, indented)."""
    return MEMO.get(("csl-json",), papers, _to_csl_json_text)


def _to_csl_json_text(papers: Sequence[Paper]) -> str:
    return json.dumps(to_csl_json(papers), indent=2, ensure_ascii=False) + "\n"


def to_csl_json_parts(papers: Sequence[Paper]) -> Iterator[str]:
    """:func:`to_csl_json_text`, in parts that joined are its text (a build writes
    them in turn, never holding the whole)."""
    if not papers:
        yield "[]\n"
        return
    for start in range(0, len(papers), PART):
        # An item indented as json.dumps indents it inside the list (a JSON string
        # holds no line break: every one is between tokens).
        items = (
            "  " + json.dumps(_csl_item(p), indent=2, ensure_ascii=False).replace("\n", "\n  ")
            for p in papers[start : start + PART]
        )
        yield ("[\n" if not start else ",\n") + ",\n".join(items)
    yield "\n]\n"
