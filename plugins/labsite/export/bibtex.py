"""Stage 5, *outputs*: the bibliography as .bib, CSL-JSON, RIS and an Atom feed.

The .bib export is written by bibtexparser from the fields as they are in the source
(LaTeX kept, ``@string``, ``#`` and ``crossref`` already resolved), in one canonical
field order, so that it reads back (through :mod:`labsite.load` and
:mod:`labsite.model`) to the same papers. CSL-JSON, RIS and Atom carry the displayed
(Unicode) text. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

import bibtexparser
import rispy
from bibtexparser import BibtexFormat
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field
from feedgen.feed import FeedGenerator

from labsite.bib.fields import CUSTOM_FIELDS, FIELD_ORDER, page_range
from labsite.bib.load import parse_text
from labsite.bib.model import Paper
from labsite.text.names import Person

__all__ = [
    "CSL_TYPES", "FIELD_ORDER", "RIS_TYPES", "to_atom", "to_bibtex", "to_bibtex_entry",
    "to_csl_json", "to_csl_json_text", "to_ris", "written_value",
]  # fmt: skip

# ---------------------------------------------------------------------------------------
# BibTeX
# ---------------------------------------------------------------------------------------


_RANK = {name: index for index, name in enumerate(FIELD_ORDER)}
_DROPPED = frozenset({"crossref"})
# Fields of CUSTOM_FIELDS that BibTeX styles or biblatex know as well: a .bib without
# labsite's own fields keeps them.
_STANDARD = frozenset({"url", "doi", "abstract", "keywords"})

# What bibtexparser's splitter counts as a brace: one not right after a backslash.
_SPLITTER_BRACE = re.compile(r"(?<!\\)[{}]")
_UNWRITABLE = re.compile(r'[{}\\"#]')
_LINE_START_AT = re.compile(r"\n\s*@")


def braces_enclose(value: str) -> bool:
    """Whether ``{value}`` is one braced string to bibtexparser's splitter: its braces
    (as the splitter counts them) never close the outer one early, and all close, and
    no final backslash escapes the closing one."""
    if value.endswith("\\"):
        return False
    depth = 1
    for match in _SPLITTER_BRACE.finditer(value):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return False
    return depth == 1


def _reads_back(value: str, written: str) -> bool:
    """Whether ``written`` as a field value reads back through :mod:`labsite.load` as
    ``value`` exactly (the full check, for values the fast one cannot decide)."""
    text = f"@misc{{labsite,\n  value = {written},\n  end = {{}},\n}}\n"
    entries = parse_text(text, "<export>").entries
    return len(entries) == 1 and [(f.name, f.value) for f in entries[0].fields] == [
        ("value", value),
        ("end", ""),
    ]


def _end_space(value: str) -> str:
    """A final backslash would escape the closing delimiter: "\\ " is a LaTeX space."""
    return value + " " if value.endswith("\\") else value


def _balance(value: str) -> str:
    """The value without the braces that have no partner (as bibtexparser counts)."""
    out: list[str] = []
    opened: list[int] = []
    previous = ""
    for char in value:
        if char in "{}" and previous != "\\":
            if char == "{":
                opened.append(len(out))
            elif opened:
                opened.pop()
            else:
                previous = char
                continue
        out.append(char)
        previous = char
    for position in reversed(opened):
        del out[position]
    return "".join(out)


def _repairs(value: str) -> Iterator[str]:
    """Ever larger changes to a value that cannot be written as it is, so that it can:
    a space after a final backslash, unmatched braces left out, no "@" at the start
    of a line (it would start a new entry), white space made single spaces (as pybtex
    reads values with "#")."""
    current = _end_space(value)
    yield current
    for step in (_balance, lambda v: _LINE_START_AT.sub(" @", v), lambda v: " ".join(v.split())):
        current = _end_space(step(current))
        yield current


def _encode(value: str) -> tuple[str, str]:
    """The text and enclosing (``{`` or ``"``) that a field value is written with.

    The text is ``value`` itself whenever some enclosing reads back unchanged; else a
    minimal repair of it (see :func:`written_value`)."""
    if "#" not in value and not _LINE_START_AT.search(value) and braces_enclose(value):
        return value, "{"  # nearly every value: decided without parsing
    return _encode_by_parsing(value)


@lru_cache(maxsize=4096)
def _encode_by_parsing(value: str) -> tuple[str, str]:
    for candidate in (value, *_repairs(value)):
        for opening, closing in (("{", "}"), ('"', '"')):
            if _reads_back(candidate, f"{opening}{candidate}{closing}"):
                return candidate, opening
    # Nothing left that could end or open a value early.
    return " ".join(_UNWRITABLE.sub("", value).split()), "{"


def written_value(value: str) -> str:
    """A raw field value as the .bib export writes it.

    Args:
        value: The value as in ``Paper.fields`` (raw LaTeX, without delimiters).

    Returns:
        ``value`` unchanged whenever it can be written so that it reads back as it is:
        in braces, or in quotes when its braces do not balance (as in ``title = "An
        {unbalanced brace"``). A value that no delimiter can hold is repaired as
        little as possible: a space after a final backslash (which would escape the
        closing delimiter), then braces without partner left out, then no ``@`` at
        the start of a line (it would start an entry), then single spaces (as pybtex
        reads values with ``#``). Either way, the export reads back as this value.
    """
    return _encode(value)[0]


def _field_names(paper: Paper, keep_custom: bool) -> list[str]:
    names = [n for n in paper.fields if n not in _DROPPED]
    if not keep_custom:
        names = [n for n in names if n not in CUSTOM_FIELDS or n in _STANDARD]
    names.sort(key=lambda n: (_RANK.get(n, len(FIELD_ORDER)), n))
    return names


def _format() -> BibtexFormat:
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.trailing_comma = True
    return fmt


_FORMAT = _format()


def to_bibtex_entry(paper: Paper, *, keep_custom: bool = True) -> str:
    """One paper as a .bib entry (the per-paper download).

    Args:
        paper: The paper.
        keep_custom: Keep labsite's and al-folio's own fields (``model.CUSTOM_FIELDS``);
            when false, only fields BibTeX and biblatex know are written (``url``,
            ``doi``, ``abstract`` and ``keywords`` are kept).

    Returns:
        ``@type{key,`` and one ``name = {value},`` line per field, as written in the
        source (LaTeX kept), ``crossref`` left out since its fields are merged in.
    """
    return _MEMO.get(("bibtex", keep_custom), paper, _to_bibtex_entry)


def _to_bibtex_entry(paper: Paper, keep_custom: bool) -> str:
    fields = []
    for name in _field_names(paper, keep_custom):
        text, enclosing = _encode(paper.fields[name])
        fields.append(Field(name, text, enclosing=enclosing))
    library = bibtexparser.Library([Entry(paper.entry_type, paper.key, fields)])
    enclose = AddEnclosingMiddleware(
        reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{"
    )
    return str(bibtexparser.write_string(library, unparse_stack=[enclose], bibtex_format=_FORMAT))


def to_bibtex(papers: Sequence[Paper], *, keep_custom: bool = True) -> str:
    """One normalized .bib of the papers, in the order given.

    Args:
        papers: The papers; a key given twice is written twice.
        keep_custom: See :func:`to_bibtex_entry`.

    Returns:
        The entries, a blank line between two, each as :func:`to_bibtex_entry` writes
        it. Read back with ``load.parse_text`` and ``model.build_papers``, they give
        the same papers (but for ``file``, ``line`` and ``source``).
    """
    return "\n".join(to_bibtex_entry(p, keep_custom=keep_custom) for p in papers)


# ---------------------------------------------------------------------------------------
# Shared by CSL-JSON, RIS and Atom
# ---------------------------------------------------------------------------------------


class _Memo:
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


_MEMO = _Memo()


# Characters XML 1.0 does not allow (lxml refuses them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """Displayed text for formats without LaTeX: a literal dollar ``\\$`` as ``$``
    (math stays ``$...$``)."""
    return value.replace("\\$", "$")


def _people(people: Sequence[Person]) -> list[Person]:
    """The named people of a list: "and others" and empty names left out."""
    return [p for p in people if not p.is_others and (p.first or p.surname or p.jr)]


def _date_parts(paper: Paper) -> tuple[int, int | None, int | None] | None:
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


def _web_url(paper: Paper) -> str:
    """The paper's first http(s) link: ``url``, else ``pdf``, else ``html``."""
    for kind in ("url", "pdf", "html"):
        for link in paper.links:
            if link.kind == kind and link.url.startswith(("http://", "https://")):
                return link.url
    return ""


# ---------------------------------------------------------------------------------------
# CSL-JSON
# ---------------------------------------------------------------------------------------

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
        return {"literal": _text(person.surname or person.jr)}
    name = {"family": _text(person.last), "given": _text(person.first)}
    if person.von:
        name["non-dropping-particle"] = _text(person.von)
    if person.jr:
        name["suffix"] = _text(person.jr)
    return name


def _csl_item(paper: Paper) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": paper.key,
        "type": CSL_TYPES.get(paper.entry_type, "document"),
        "title": _text(paper.title),
    }
    for role, people in (("author", paper.authors), ("editor", paper.editors)):
        names = [_csl_name(p) for p in _people(people)]
        if names:
            item[role] = names
    parts = _date_parts(paper)
    if parts is not None and paper.is_published:
        item["issued"] = {"date-parts": [[part for part in parts if part is not None]]}
    venue = _text(paper.venue)
    publisher = _text(paper.publisher)
    if paper.entry_type in _CSL_PUBLISHER_VENUE and not publisher:
        venue, publisher = "", venue
    first, last = page_range(paper.pages)
    optional = {
        "container-title": venue,
        "volume": _text(paper.volume),
        "issue": _text(paper.number),
        "page": f"{first}-{last}" if last else first,
        "publisher": publisher,
        "DOI": paper.doi,
        "URL": _web_url(paper),
        "abstract": _text(paper.abstract),
        "note": _text(paper.note),
        "keyword": ", ".join(_text(k) for k in paper.keywords),
        "status": _text(paper.status),
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
    return _MEMO.get(("csl-json",), papers, _to_csl_json_text)


def _to_csl_json_text(papers: Sequence[Paper]) -> str:
    return json.dumps(to_csl_json(papers), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------
# RIS
# ---------------------------------------------------------------------------------------

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
    return " ".join(_text(value).split())


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
    parts = _date_parts(paper)
    first, last = page_range(paper.pages)
    url = _web_url(paper)
    venue_tag = "journal_name" if paper.entry_type == "article" else "secondary_title"
    fields: dict[str, Any] = {
        "type_of_reference": RIS_TYPES.get(paper.entry_type, "GEN"),
        "id": _line(paper.key),
        "authors": [_ris_name(p) for p in _people(paper.authors)],
        "secondary_authors": [_ris_name(p) for p in _people(paper.editors)],
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
    return _MEMO.get(("ris",), papers, _to_ris)


def _to_ris(papers: Sequence[Paper]) -> str:
    return str(rispy.dumps([_ris_record(p) for p in papers], implementation=_RisWriter))


# ---------------------------------------------------------------------------------------
# Atom
# ---------------------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _timestamp(paper: Paper) -> datetime | None:
    parts = _date_parts(paper)
    if parts is None:
        return None
    year, month, day = parts
    return datetime(year, month or 1, day or 1, tzinfo=timezone.utc)


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _absolute(site_url: str, url: str) -> str:
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", url):
        return url
    return site_url.rstrip("/") + "/" + url.lstrip("/")


def to_atom(
    papers: Sequence[Paper],
    *,
    site_url: str,
    title: str,
    paper_url: Callable[[Paper], str],
) -> str:
    """An Atom feed of the papers, newest first.

    Args:
        papers: The papers of the feed.
        site_url: The site's absolute URL (the feed's id).
        title: The feed's title.
        paper_url: The URL of a paper's page, relative to ``site_url`` (or absolute).

    Returns:
        The feed as XML text. Entries are sorted by date, newest first (papers
        without a year last, in the order given); each has the paper page's absolute
        URL as id and link, the title, the authors, the summary (or abstract), and
        the paper's date (day 1 of January or of the month when these are unknown) as
        ``updated`` and ``published``. A paper without a year has no ``published``
        date and, as ``updated``, the oldest date of the feed. The feed's ``updated``
        is its newest date. No date comes from the clock, so the same bibliography
        always gives the same feed.
    """
    stamped = [(p, _timestamp(p)) for p in papers]
    stamps = [stamp for _, stamp in stamped if stamp is not None]
    oldest = min(stamps, default=_EPOCH)
    dated = [(paper, stamp) for paper, stamp in stamped if stamp is not None]
    dated.sort(key=lambda item: item[1], reverse=True)  # stable: ties keep their order
    undated = [paper for paper, stamp in stamped if stamp is None]
    ordered: list[tuple[Paper, datetime | None]] = [*dated, *((p, None) for p in undated)]
    base = site_url.rstrip("/") + "/"
    feed = FeedGenerator()
    feed.id(base)
    feed.title(_xml(title) or base)
    feed.link(href=base, rel="alternate")
    feed.updated(max(stamps, default=_EPOCH))
    for paper, stamp in ordered:
        entry = feed.add_entry(order="append")
        url = _absolute(site_url, paper_url(paper))
        entry.id(url)
        entry.link(href=url, rel="alternate")
        entry.title(_xml(_text(paper.title)) or paper.key)
        for person in _people(paper.authors):
            entry.author({"name": _xml(_text(person.full))})
        summary = _xml(_text(paper.summary or paper.abstract))
        if summary:
            entry.summary(summary)
        for keyword in paper.keywords:
            entry.category(term=_xml(_text(keyword)))
        entry.updated(stamp or oldest)
        if stamp is not None:
            entry.published(stamp)
    return str(feed.atom_str(pretty=True).decode("utf-8"))
