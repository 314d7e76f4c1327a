"""Stage 5, *outputs*: the bibliography as .bib, CSL-JSON, RIS and an Atom feed.

The .bib export is written by bibtexparser from the fields as they were in the source
(LaTeX kept, ``@string`` and ``crossref`` already resolved), in one canonical field
order, so that it re-parses to the same papers. CSL-JSON and RIS carry the displayed
(Unicode) text. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any

import bibtexparser
import rispy
from bibtexparser import BibtexFormat
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field
from feedgen.feed import FeedGenerator

from .model import CUSTOM_FIELDS, Paper
from .people import Person
from .scholar import page_range, plain

FIELD_ORDER = (
    "author", "editor", "title", "subtitle", "booktitle", "journal", "journaltitle", "year",
    "month", "date", "volume", "number", "pages", "chapter", "edition", "series", "publisher",
    "organization", "institution", "school", "address", "location", "howpublished", "note",
    "doi", "eprint", "archiveprefix", "primaryclass", "isbn", "issn", "url",
)  # fmt: skip
_DROPPED = {"crossref"}
# Custom fields that are standard BibTeX/biblatex too, and stay in a stripped export.
_STANDARD = frozenset({"url", "doi", "abstract", "keywords"})


def writable(value: str) -> str:
    """The value as the .bib export writes it: braces that have no partner removed
    (and a space after a final lone backslash), so that it reads back as written.
    Values from well-formed files come through unchanged."""
    # As bibtexparser reads values: a brace right after a backslash does not count.
    out: list[str] = []
    open_positions: list[int] = []
    previous = ""
    for char in value:
        if char in "{}" and previous != "\\":
            if char == "{":
                open_positions.append(len(out))
            elif open_positions:
                open_positions.pop()
            else:
                previous = char
                continue
        out.append(char)
        previous = char
    for position in reversed(open_positions):
        del out[position]
    text = "".join(out)
    # A final backslash would escape the closing brace.
    return text + " " if text.endswith("\\") else text


def _ordered_fields(paper: Paper, keep_custom: bool) -> list[tuple[str, str]]:
    names = [n for n in paper.fields if n not in _DROPPED]
    if not keep_custom:
        names = [n for n in names if n not in CUSTOM_FIELDS or n in _STANDARD]
    rank = {name: index for index, name in enumerate(FIELD_ORDER)}
    names.sort(key=lambda n: (rank.get(n, len(FIELD_ORDER)), n))
    return [(n, writable(paper.fields[n])) for n in names]


def _format() -> BibtexFormat:
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.trailing_comma = True
    return fmt


def to_bibtex(papers: Sequence[Paper], *, keep_custom: bool = True) -> str:
    """One normalized .bib of the papers, in the order given."""
    library = bibtexparser.Library()
    for paper in papers:
        fields = [Field(name, value) for name, value in _ordered_fields(paper, keep_custom)]
        library.add(Entry(paper.entry_type, paper.key, fields), fail_on_duplicate_key=False)
    enclose = AddEnclosingMiddleware(
        reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{"
    )
    text = bibtexparser.write_string(library, unparse_stack=[enclose], bibtex_format=_format())
    return text.strip() + "\n" if text.strip() else ""


def to_bibtex_entry(paper: Paper, *, keep_custom: bool = True) -> str:
    """One paper as a .bib entry (the per-paper download)."""
    return to_bibtex([paper], keep_custom=keep_custom)


CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "software": "software",
    "dataset": "dataset",
    "patent": "patent",
    "proceedings": "book",
    "manual": "report",
}


def _csl_name(person: Person) -> dict[str, str]:
    if not person.first:
        return {"literal": plain(person.surname)}
    name = {"family": plain(person.last), "given": plain(person.first)}
    if person.von:
        name["non-dropping-particle"] = plain(person.von)
    if person.jr:
        name["suffix"] = plain(person.jr)
    return name


def _first_web_link(paper: Paper) -> str:
    for kind in ("url", "pdf", "html"):
        for link in paper.links:
            if link.kind == kind and link.url.startswith(("http://", "https://")):
                return link.url
    return ""


def to_csl_json(papers: Sequence[Paper]) -> list[dict[str, Any]]:
    """CSL-JSON items, as citation managers and citeproc read them."""
    items = []
    for paper in papers:
        item: dict[str, Any] = {
            "id": paper.key,
            "type": CSL_TYPES.get(paper.entry_type, "document"),
            "title": plain(paper.title),
        }
        authors = [_csl_name(p) for p in paper.authors if not p.is_others]
        if authors:
            item["author"] = authors
        editors = [_csl_name(p) for p in paper.editors if not p.is_others]
        if editors:
            item["editor"] = editors
        if paper.year and paper.is_published:
            parts = [paper.year] + ([paper.month] if paper.month else [])
            if paper.month and paper.day:
                parts.append(paper.day)
            item["issued"] = {"date-parts": [parts]}
        optional = {
            "container-title": plain(paper.venue),
            "volume": paper.volume,
            "issue": paper.number,
            "page": paper.pages.replace("--", "–"),
            "publisher": plain(paper.publisher),
            "DOI": paper.doi,
            "URL": _first_web_link(paper),
            "abstract": plain(paper.abstract),
            "note": plain(paper.note),
            "keyword": ", ".join(paper.keywords),
            "status": paper.status,
        }
        item.update({k: v for k, v in optional.items() if v})
        items.append(item)
    return items


def to_csl_json_text(papers: Sequence[Paper]) -> str:
    return json.dumps(to_csl_json(papers), indent=2, ensure_ascii=False) + "\n"


RIS_TYPES = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "book": "BOOK",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "unpublished": "UNPB",
    "online": "ELEC",
    "www": "ELEC",
    "electronic": "ELEC",
    "proceedings": "CONF",
}


def _ris_name(person: Person) -> str:
    if not person.first:
        return plain(person.surname)
    name = f"{plain(person.surname)}, {plain(person.first)}"
    return f"{name}, {plain(person.jr)}" if person.jr else name


def to_ris(papers: Sequence[Paper]) -> str:
    """RIS records, as reference managers import them."""
    records = []
    for paper in papers:
        record: dict[str, Any] = {
            "type_of_reference": RIS_TYPES.get(paper.entry_type, "GEN"),
            "id": paper.key,
            "title": plain(paper.title),
        }
        authors = [_ris_name(p) for p in paper.authors if not p.is_others]
        if authors:
            record["authors"] = authors
        if paper.venue:
            key = "journal_name" if paper.entry_type == "article" else "secondary_title"
            record[key] = plain(paper.venue)
        if paper.year and paper.is_published:
            record["year"] = str(paper.year)
        first, last = page_range(paper.pages)
        optional = {
            "volume": paper.volume,
            "number": paper.number,
            "start_page": first,
            "end_page": last,
            "publisher": plain(paper.publisher),
            "doi": paper.doi,
            "abstract": plain(paper.abstract),
            "notes": [plain(paper.note)] if paper.note else [],
            "keywords": list(paper.keywords),
            "urls": [_first_web_link(paper)] if _first_web_link(paper) else [],
        }
        record.update({k: v for k, v in optional.items() if v})
        records.append(record)
    return str(rispy.dumps(records, implementation=_RisWriter))


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's numbered header line before each record."""

    def set_header(self, count: int) -> str:
        return ""


def _timestamp(paper: Paper) -> datetime | None:
    if not paper.year:
        return None
    return datetime(paper.year, paper.month or 1, paper.day or 1, tzinfo=timezone.utc)


def to_atom(
    papers: Sequence[Paper],
    *,
    site_url: str,
    title: str,
    paper_url: Callable[[Paper], str],
) -> str:
    """An Atom feed of the papers, newest first. Dates come from the papers only, so
    the same bibliography always gives the same feed."""
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    ordered = sorted(papers, key=lambda p: _timestamp(p) or epoch, reverse=True)
    base = site_url.rstrip("/") + "/"
    feed = FeedGenerator()
    feed.id(base)
    feed.title(title)
    feed.link(href=base, rel="alternate")
    stamps = [stamp for stamp in (_timestamp(p) for p in ordered) if stamp is not None]
    newest = max(stamps, default=epoch)
    feed.updated(newest)
    for paper in reversed(ordered):  # feedgen prepends: add oldest first
        entry = feed.add_entry()
        url = base + paper_url(paper).lstrip("/")
        entry.id(url)
        entry.link(href=url)
        entry.title(plain(paper.title))
        for person in paper.authors:
            if not person.is_others:
                entry.author({"name": plain(person.full)})
        text = plain(paper.summary or paper.abstract)
        if text:
            entry.summary(text)
        stamp = _timestamp(paper)
        entry.updated(stamp or epoch)
        if stamp and paper.is_published:
            entry.published(stamp)
    return str(feed.atom_str(pretty=True).decode("utf-8"))
