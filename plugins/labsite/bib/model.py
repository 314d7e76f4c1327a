"""Stage 2, *model*: raw entries to immutable :class:`Paper` records.

Names are split, displayed text is turned from LaTeX into Unicode, dates and links are
typed, and link URLs are limited to safe schemes. Nothing here knows about HTML or
MkDocs; what is wrong with an entry is reported as a :class:`Problem` and the entry is
kept whenever something sensible can be shown.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from types import MappingProxyType
from typing import Any

from labsite.bib.fields import KNOWN_TYPES, LINK_FIELDS, REQUIRED_FIELDS
from labsite.bib.load import RawEntry
from labsite.diagnostics import Level, Problem
from labsite.text.latex import (
    LatexConversionError,
    clean_url,
    readable_text,
    strip_markup,
    to_text,
    to_text_lenient,
    unknown_commands,
)
from labsite.text.names import Person, parse_people
from labsite.text.urls import safe_url

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "januar"),
            ("feb", "february", "février", "fevrier", "februar"),
            ("mar", "march", "mars", "märz", "marz"),
            ("apr", "april", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin", "juni"),
            ("jul", "july", "juillet", "juli"),
            ("aug", "august", "août", "aout"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre", "oktober"),
            ("nov", "november", "novembre"),
            ("dec", "december", "décembre", "decembre", "dezember"),
        ],
        start=1,
    )
    for name in names
}
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2[0-1]\d\d)(?!\d)")
# biblatex dates are EDTF (ISO 8601-2): YYYY[-MM[-DD]], a range "start/end" whose ends
# may be open ("..", or nothing), the qualifiers ~ (about), ? (uncertain) and % (both),
# negative years, and the months 21 to 24 for the seasons.
_DATE = re.compile(r"^\s*([+-]?\d{4,})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_DATE_QUALIFIERS = re.compile(r"[~?%]")
SEASONS: Mapping[int, str] = MappingProxyType(
    {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
)
_ARXIV_ID = re.compile(
    r"^(?:arxiv:)?\s*([a-z\-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(v\d+)?$", re.IGNORECASE
)
# A HAL document id (hal-01234567, tel-…, inria-…, with a version v2): hal.science/<id>.
_HAL_ID = re.compile(r"^[a-z]+-\d{5,}(?:v\d+)?$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_STATUS_SLUG = re.compile(r"[^a-z0-9]+")
_PUBLISHED = {"", "published"}
_TRUE = {"true", "yes", "1", "y", "on"}

# Status values, normalised, that mean the work is not published yet.
UNPUBLISHED_STATUSES = frozenset(
    {
        "under-review",
        "submitted",
        "planned",
        "in-preparation",
        "preprint",
        "in-progress",
        "accepted",
        "to-appear",
        "forthcoming",
        "in-press",
        "draft",
    }
)


@dataclass(frozen=True)
class Link:
    """A typed link of a paper: ``kind`` is the field it came from."""

    kind: str
    label: str
    url: str


@dataclass(frozen=True)
class Paper:
    """One bibliography entry, ready to show. Immutable."""

    key: str
    entry_type: str
    title: str
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str = ""
    """"Spring", "Summer", "Autumn" or "Winter" when the date gives a season (EDTF 21-24)."""
    venue: str = ""
    """Journal, proceedings, school, institution or publisher, as the type has it."""
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    arxiv: str = ""
    abbr: str = ""
    note: str = ""
    summary: str = ""
    awards: tuple[str, ...] = ()
    award_description: str = ""
    """The text of ``award`` when ``award_name`` names the award: LaTeX read as text,
    shown as Markdown (as al-folio shows it)."""
    status: str = ""
    """As written, e.g. "Under review"; empty for published work."""
    selected: bool = False
    keywords: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    location: str = ""
    """Where the work was presented or published (al-folio's ``location``)."""
    additional_info: str = ""
    """Markdown shown after the venue (al-folio's ``additional_info``)."""
    annotation: str = ""
    """Markdown about the authors, e.g. what their markers mean (al-folio's ``annotation``)."""
    preview: str = ""
    """The URL of a preview image (al-folio's ``preview``); site-relative or absolute."""
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Every field as written in the file (after ``@string`` and ``crossref``)."""
    file: str = ""
    line: int = 0
    source: str = ""
    """The entry as written in the .bib file."""

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        # MappingProxyType does not pickle: store the fields as a dict (for the cache).
        state = {f.name: getattr(self, f.name) for f in dataclass_fields(self)}
        state["fields"] = dict(self.fields)
        return (_paper_from_state, (state,))

    @property
    def status_slug(self) -> str:
        """``status`` normalised: "Under review" -> "under-review"; "published" if none."""
        slug = _STATUS_SLUG.sub("-", self.status.casefold()).strip("-")
        return slug or "published"

    @property
    def is_published(self) -> bool:
        return self.status_slug == "published"

    @property
    def abstract(self) -> str:
        """The abstract as Unicode text (converted when first asked for)."""
        raw = self.fields.get("abstract", "")
        return to_text_lenient(raw) if raw else ""

    @property
    def has_markers(self) -> bool:
        return any(p.markers for p in self.authors)


def _paper_from_state(state: dict[str, Any]) -> Paper:
    # What Paper(**state) makes, without the frozen dataclass's per-field __setattr__
    # (reading the cache of a large bibliography spends most of its time there).
    state["fields"] = MappingProxyType(state["fields"])
    paper = object.__new__(Paper)
    paper.__dict__.update(state)
    return paper


def slugify_status(status: str) -> str:
    return _STATUS_SLUG.sub("-", status.casefold()).strip("-") or "published"


class _EntryReader:
    """Turns one raw entry into a Paper, collecting problems."""

    def __init__(self, raw: RawEntry, fields: dict[str, str], problems: list[Problem]):
        self.raw = raw
        self.fields = fields
        self.problems = problems

    def problem(
        self,
        message: str,
        *,
        field_name: str | None = None,
        hint: str | None = None,
        level: Level = Level.WARNING,
    ) -> None:
        line = self.raw.line
        if field_name is not None:
            for f in self.raw.fields:
                if f.name == field_name:
                    line = f.line
        self.problems.append(
            Problem(
                message, file=self.raw.file, line=line, key=self.raw.key, hint=hint, level=level
            )
        )

    def text(self, name: str) -> str:
        value = self.fields.get(name, "")
        if not value:
            return ""
        try:
            return to_text(value)
        except LatexConversionError as exc:
            self.problem(
                f"field '{name}' has LaTeX that cannot be read ({exc}); what can be read of "
                "it is shown",
                field_name=name,
                hint="check that braces are balanced and commands spelt right",
            )
            return readable_text(value)
        finally:
            self._unknown_commands(name, value)

    def _unknown_commands(self, name: str, value: str) -> None:
        unknown = unknown_commands(value)
        if unknown:
            self.problem(
                f"field '{name}' has command(s) that show nothing: {', '.join(unknown)}",
                field_name=name,
                hint="write the text itself, e.g. journal = {Astrophysical Journal}",
            )

    def markdown(self, name: str) -> str:
        """A Markdown field (al-folio's ``additional_info``, ``annotation``): as written,
        without LaTeX conversion; the renderer shows it as Markdown."""
        return self.fields.get(name, "").strip()

    def preview(self) -> str:
        value = clean_url(self.fields.get("preview", ""))
        if not value:
            return ""
        checked = safe_url(value)
        if checked is None:
            self.problem(
                "preview is not an http(s) or site-relative URL and is left out",
                field_name="preview",
                level=Level.ERROR,
                hint="write the image's file name, e.g. preview = {figure.png}",
            )
            return ""
        return checked

    def people(self, name: str) -> tuple[Person, ...]:
        value = self.fields.get(name, "")
        if not value:
            return ()
        try:
            return parse_people(value)
        except Exception as exc:  # bibtexparser's name splitter on malformed names
            self.problem(
                f"field '{name}' cannot be split into names: {exc}",
                field_name=name,
                hint="separate names with ' and '",
            )
            return ()

    def date(self) -> tuple[int | None, int | None, int | None, str]:
        """Year, month, day and season, from ``date`` (EDTF) and ``year``/``month``."""
        year, month, day, season = self.edtf_date(self.fields.get("date", "").strip())
        year_text = self.fields.get("year", "").strip()
        if year_text:
            found = _YEAR.search(year_text)
            if found:
                year = int(found.group(1))
            elif year is None:
                self.problem(
                    f"year '{year_text}' is not a year",
                    field_name="year",
                    hint="write four digits, e.g. year = {2023}",
                )
        month_text = self.fields.get("month", "").strip()
        if month_text:
            cleaned = strip_markup(month_text).replace("~", " ").strip().rstrip(".").casefold()
            if cleaned.isascii() and cleaned.isdigit() and 1 <= int(cleaned) <= 12:
                month = int(cleaned)
            elif cleaned in _MONTHS:
                month = _MONTHS[cleaned]
            elif cleaned.split()[0].rstrip(".,") in _MONTHS if cleaned.split() else False:
                month = _MONTHS[cleaned.split()[0].rstrip(".,")]
            else:
                self.problem(
                    f"month '{month_text}' is not a month",
                    field_name="month",
                    hint="write month = jan (no braces) or month = {1}",
                )
        return year, month, day, season

    def edtf_date(self, text: str) -> tuple[int | None, int | None, int | None, str]:
        """A biblatex ``date``: its start (or, for an open start, its end); what cannot
        be shown is left out with a warning, never kept as an impossible date."""
        if not text:
            return None, None, None, ""
        start, _, end = text.partition("/")
        start = _DATE_QUALIFIERS.sub("", start).strip()
        if start in ("", ".."):
            start = _DATE_QUALIFIERS.sub("", end).strip()
        match = _DATE.match(start)
        if match is None:
            self.problem(f"date '{text}' is not a date", field_name="date",
                         hint="write date = {2024}, {2024-05} or {2024-05-17}")  # fmt: skip
            return None, None, None, ""
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        season = ""
        if year < 1:
            self.problem(f"date '{text}' is before the year 1; its year is not shown",
                         field_name="date", hint="write the year in a note")  # fmt: skip
            return None, None, None, ""
        if month is not None and month in SEASONS:
            season, month, day = SEASONS[month], None, None
        elif month is not None and not 1 <= month <= 12:
            self.problem(
                f"date '{text}' has month {month}, which is not a month or a season",
                field_name="date",
                hint="months are 01 to 12, seasons 21 to 24",
            )
            month = day = None
        if month is not None and day is not None:
            try:
                datetime.date(year, month, day)
            except ValueError:
                self.problem(f"date '{text}' has no day {day} in its month; the day is left out",
                             field_name="date")  # fmt: skip
                day = None
        return year, month, day, season

    def links(self) -> tuple[Link, ...]:
        links: list[Link] = []
        seen: set[str] = set()
        for name, label in LINK_FIELDS:
            value = self.fields.get(name, "").strip()
            if name == "arxiv" and not value and self._is_arxiv_eprint():
                value = self.fields.get("eprint", "").strip()
            if not value:
                continue
            url = self._link_url(name, value)
            if url is None:
                continue
            checked = safe_url(url)
            if checked is None:
                self.problem(
                    f"link '{name}' is not an http(s), mailto or site-relative URL and is left out",
                    field_name=name,
                    level=Level.ERROR,
                    hint="links must start with https://, http://, mailto: or be a path",
                )
                continue
            if checked in seen:
                continue
            seen.add(checked)
            links.append(Link(kind=name, label=label, url=checked))
        return tuple(links)

    def _is_arxiv_eprint(self) -> bool:
        prefix = self.fields.get("archiveprefix") or self.fields.get("eprinttype") or ""
        return prefix.strip().casefold() == "arxiv"

    def _link_url(self, name: str, value: str) -> str | None:
        if name == "arxiv":
            arxiv_id = arxiv_id_of(value)
            if arxiv_id is None:
                if value.startswith(("http://", "https://")):
                    return clean_url(value)
                self.problem(
                    f"arxiv '{value}' is not an arXiv identifier",
                    field_name=name,
                    hint="write the id only, e.g. arxiv = {2306.04226}",
                )
                return None
            return f"https://arxiv.org/abs/{arxiv_id}"
        if name == "doi":
            return f"https://doi.org/{doi_of(value)}"
        if name == "hal" and _HAL_ID.match(value.strip()):
            return f"https://hal.science/{value.strip()}"
        return clean_url(value)


def arxiv_id_of(value: str) -> str | None:
    text = clean_url(value)
    for prefix in ("https://arxiv.org/abs/", "http://arxiv.org/abs/", "https://arxiv.org/pdf/"):
        if text.startswith(prefix):
            text = text[len(prefix) :].removesuffix(".pdf")
    match = _ARXIV_ID.match(text)
    return match.group(1) + (match.group(2) or "") if match else None


def doi_of(value: str) -> str:
    return _DOI_PREFIX.sub("", clean_url(value))


def _split_list(value: str, separators: str = ",;") -> tuple[str, ...]:
    parts = re.split(f"[{re.escape(separators)}]", value)
    return tuple(p.strip() for p in parts if p.strip())


def _venue_field(entry_type: str, fields: Mapping[str, str]) -> str:
    order: tuple[str, ...]
    if entry_type == "article":
        order = ("journal", "journaltitle")
    elif entry_type in ("inproceedings", "conference", "incollection", "inbook", "inreference"):
        order = ("booktitle", "maintitle", "series")
    elif entry_type in ("phdthesis", "mastersthesis", "thesis"):
        order = ("school", "institution")
    elif entry_type in ("techreport", "report"):
        order = ("institution", "number")
    elif entry_type in ("book", "proceedings", "manual", "collection", "mvbook"):
        order = ("series", "organization")
    else:
        order = ("journal", "booktitle", "howpublished", "organization", "institution")
    for name in order:
        if fields.get(name, "").strip():
            return name
    return ""


def _crossref_problem(
    parent_key: str, parent: tuple[str, Mapping[str, str]] | None, visited: set[str]
) -> tuple[str, str] | None:
    """What is wrong with following ``crossref = {parent_key}`` (message, hint), if any."""
    if parent is None:
        return (
            f"crossref '{parent_key}' points to no entry",
            "add the cross-referenced entry or remove the crossref field",
        )
    if parent[0].casefold() in visited:
        return f"crossref '{parent_key}' forms a cycle", "remove one of the crossref fields"
    return None


def _resolve_crossref(
    entry: RawEntry,
    by_key: Mapping[str, tuple[str, Mapping[str, str]]],
    problems: list[Problem],
) -> dict[str, str]:
    """The fields of ``entry`` with those of the entries it cross-references merged in
    (``by_key``: each entry's key, as written, and its fields, by folded key)."""
    fields = entry.field_map
    parent_key = fields.get("crossref", "").strip()
    visited = {entry.key.casefold()}
    while parent_key:
        parent = by_key.get(parent_key.casefold())
        problem = _crossref_problem(parent_key, parent, visited)
        if parent is None or problem is not None:
            message, hint = problem or ("", "")
            problems.append(Problem(message, file=entry.file, line=entry.line, key=entry.key,
                                    level=Level.WARNING, hint=hint))  # fmt: skip
            break
        visited.add(parent[0].casefold())
        parent_fields = parent[1]
        for name, value in parent_fields.items():
            if name in ("crossref", "ids", "key"):
                continue
            if name == "title" and "booktitle" not in fields:
                fields["booktitle"] = value
                continue
            fields.setdefault(name, value)
        parent_key = parent_fields.get("crossref", "").strip()
    return fields


def build_paper(raw: RawEntry, fields: dict[str, str], problems: list[Problem]) -> Paper | None:
    """One raw entry (with crossref fields merged in) to a Paper, or ``None`` if it has
    nothing to show."""
    reader = _EntryReader(raw, fields, problems)
    entry_type = raw.entry_type
    if not raw.key:
        problems.append(
            Problem(
                "the entry has no citation key and is left out",
                file=raw.file,
                line=raw.line,
                key="",
                hint="write a key after the brace: @article{smith2020, ...",
            )
        )
        return None
    if entry_type not in KNOWN_TYPES:
        reader.problem(
            f"unknown entry type '@{entry_type}'; shown as @misc",
            hint="use a standard type such as @article, @inproceedings or @misc",
        )
    status = reader.text("status")
    status_slug = slugify_status(status)
    required = REQUIRED_FIELDS.get(entry_type, ())
    if status_slug not in _PUBLISHED:
        required = ("title",)
    missing = [
        name.replace("|", " or ")
        for name in required
        if not any(fields.get(n, "").strip() for n in name.split("|"))
    ]
    if missing:
        reader.problem(
            f"missing required field(s) for @{entry_type}: {', '.join(missing)}",
            hint="add them, or give unpublished work a status, e.g. status = {Under review}",
        )

    title = reader.text("title")
    if not title:
        title = reader.text("booktitle") or raw.key
    year, month, day, season = reader.date()
    venue_name = _venue_field(entry_type, fields)
    awards: tuple[str, ...]
    award_description = ""
    if fields.get("award_name"):
        awards = _split_list(reader.text("award_name"), ";")
        award_description = reader.text("award")
    else:
        awards = _split_list(reader.text("award"), ";")
    doi_raw = fields.get("doi", "").strip()
    arxiv = arxiv_id_of(fields.get("arxiv", "")) if fields.get("arxiv") else None
    if arxiv is None and reader._is_arxiv_eprint() and fields.get("eprint"):
        arxiv = arxiv_id_of(fields["eprint"])
    return Paper(
        key=raw.key,
        entry_type=entry_type if entry_type in KNOWN_TYPES else "misc",
        title=title,
        authors=reader.people("author"),
        editors=reader.people("editor"),
        year=year,
        month=month,
        day=day,
        season=season,
        # "Phys. Rev.," (as some exports write it) would give "Phys. Rev.,, 47".
        venue=reader.text(venue_name).rstrip(",;: ") if venue_name else "",
        volume=reader.text("volume"),
        number=reader.text("number"),
        pages=reader.text("pages"),
        publisher=reader.text("publisher"),
        doi=doi_of(doi_raw) if doi_raw else "",
        arxiv=arxiv or "",
        abbr=reader.text("abbr"),
        note=reader.text("note"),
        summary=reader.text("summary"),
        awards=awards,
        award_description=award_description,
        status=status if status_slug not in _PUBLISHED else "",
        selected=fields.get("selected", "").strip().casefold() in _TRUE,
        keywords=_split_list(reader.text("keywords")),
        links=reader.links(),
        location=reader.text("location"),
        additional_info=reader.markdown("additional_info"),
        annotation=reader.markdown("annotation"),
        preview=reader.preview(),
        fields=MappingProxyType(dict(fields)),
        file=raw.file,
        line=raw.line,
        source=raw.source,
    )


def paper_or_later(raw: RawEntry, problems: list[Problem]) -> Paper | RawEntry | None:
    """The entry's paper; the entry itself when it cross-references another, which may
    come later (:class:`PaperBuilder` makes it at the end); ``None`` when it has nothing
    to show."""
    if (raw.get("crossref") or "").strip():
        return raw
    return build_paper(raw, raw.field_map, problems)


class PaperBuilder:
    """Raw entries to papers as they come (a large file arrives in pieces, see
    bib/pieces.py): an entry is made into a paper when it is added, and let go,
    unless it cross-references another, which may come later in the file; those are
    made at :meth:`finish`, with what they inherit."""

    def __init__(self) -> None:
        self._papers: list[Paper | None] = []
        self._later: list[tuple[int, RawEntry]] = []
        # By folded key, the last entry with that key (as BibTeX has it): its key as
        # written and its fields as written (a made paper's own, without crossref).
        self._by_key: dict[str, tuple[str, Mapping[str, str]]] = {}
        self._problems: list[Problem] = []
        self._crossref_problems: list[Problem] = []

    def add(self, entries: Iterable[RawEntry]) -> None:
        problems = self._problems
        self.add_made(made for raw in entries if (made := paper_or_later(raw, problems)))

    def add_made(self, made: Iterable[Paper | RawEntry]) -> None:
        """What :func:`paper_or_later` made of each entry (here, or in a worker process:
        bib/pieces.py), in file order (the problems found making them are the caller's
        to keep)."""
        papers, by_key = self._papers, self._by_key
        for item in made:
            if isinstance(item, Paper):
                papers.append(item)
                by_key[item.key.casefold()] = (item.key, item.fields)
            else:
                self._later.append((len(papers), item))
                papers.append(None)
                by_key[item.key.casefold()] = (item.key, item.field_map)

    def finish(self) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
        """Every paper, in the order the entries came, and the problems found."""
        problems = self._problems
        for index, raw in self._later:
            fields = _resolve_crossref(raw, self._by_key, self._crossref_problems)
            self._papers[index] = build_paper(raw, fields, problems)
        made = [paper for paper in self._papers if paper is not None]
        unique = unique_keys(made, problems)
        return unique, tuple(self._crossref_problems + problems)


def build_papers(entries: Iterable[RawEntry]) -> tuple[tuple[Paper, ...], tuple[Problem, ...]]:
    """All raw entries to papers, in file order, with the problems found."""
    builder = PaperBuilder()
    builder.add(entries)
    return builder.finish()


def derived_key(key: str, taken: Container[str]) -> str:
    """The key a repeated ``key`` is kept under: ``key-2``, or the first of ``key-3``,
    ``key-4``, ... that no entry has."""
    number = 2
    while f"{key}-{number}" in taken:
        number += 1
    return f"{key}-{number}"


def unique_keys(papers: Sequence[Paper], problems: list[Problem]) -> tuple[Paper, ...]:
    """The papers with one key each. An entry whose key an earlier entry has (in this
    file or another) is kept under :func:`derived_key`, with a problem naming both
    places. The derived key depends only on the entries' order, so it is the same in
    every build of the same files (as BibTeX users expect, the first entry keeps the
    key that citations use)."""
    taken = {paper.key for paper in papers}
    first: dict[str, Paper] = {}
    unique: list[Paper] = []
    for paper in papers:
        earlier = first.setdefault(paper.key, paper)
        if earlier is not paper:
            key = derived_key(paper.key, taken)
            taken.add(key)
            problems.append(
                Problem(
                    f"duplicate key: {earlier.file}:{earlier.line} has this key too; this "
                    f"entry is kept as '{key}'",
                    file=paper.file,
                    line=paper.line,
                    key=paper.key,
                    hint="give one of the two entries another key, or delete the copy",
                )
            )
            # An entry without a title is shown by its key: by the one it is kept under.
            untitled = paper.title == paper.key and not paper.fields.get("title", "").strip()
            paper = replace(paper, key=key, title=key if untitled else paper.title)
            first[key] = paper
        unique.append(paper)
    return tuple(unique)
