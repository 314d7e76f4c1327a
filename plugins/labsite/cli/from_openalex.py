"""BibTeX entries made from OpenAlex work records, for ``labsite add --doi``,
``--arxiv`` and ``--orcid``.

Each record becomes one entry: its type mapped to a BibTeX type, the title, the
authors (as OpenAlex writes their names) with their ORCID iDs in ``orcid-numbers``
(Web of Science's field, which labsite already reads to find members' papers), the
venue as ``journal`` or ``booktitle`` by type, the year, volume, number and pages, the
DOI, an arXiv e-print as ``eprint`` with ``archiveprefix``, the landing page as
``url`` (unless it is the DOI's), the abstract rebuilt from OpenAlex's inverted index,
and the OpenAlex id in ``openalex`` (what ``labsite metrics`` looks the entry up by).
Every value goes through :func:`labsite.text.latex.to_latex` (LaTeX's special
characters escaped) and the .bib export's :func:`labsite.export.bibtex.written_value`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from labsite.cli.openalex import (
    OpenAlex,
    arxiv_doi,
    lookup,
    normal_doi,
    normal_openalex,
    normal_orcid,
)
from labsite.export.bibtex import written_value
from labsite.text.latex import to_latex
from labsite.text.names import fold, parse_person
from labsite.text.urls import safe_url

_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_BARE = re.compile(r"[{}\\]")
_SKIP_WORDS = frozenset("a an the on of in for and to with from towards".split())

# OpenAlex's work types -> BibTeX's. An "article" in a conference's proceedings is an
# @inproceedings (see entry_type()).
TYPES: Mapping[str, str] = {
    "article": "article",
    "review": "article",
    "letter": "article",
    "editorial": "article",
    "erratum": "article",
    "book-chapter": "incollection",
    "book": "book",
    "monograph": "book",
    "dissertation": "phdthesis",
    "report": "techreport",
    "standard": "techreport",
    "preprint": "misc",
    "posted-content": "misc",
    "dataset": "misc",
    "other": "misc",
}


def _text(value: object) -> str:
    """Plain text from an OpenAlex string (which may hold HTML tags such as <i>)."""
    if not isinstance(value, str):
        return ""
    return " ".join(Markup(value).striptags().split())


def _get(record: object, *path: str) -> Any:
    for name in path:
        if not isinstance(record, Mapping):
            return None
        record = record.get(name)
    return record


def abstract_text(index: object) -> str:
    """The abstract from OpenAlex's ``abstract_inverted_index`` (word -> positions)."""
    if not isinstance(index, Mapping):
        return ""
    positions: dict[int, str] = {}
    for word, places in index.items():
        if isinstance(places, list):
            for place in places:
                if isinstance(place, int) and not isinstance(place, bool):
                    positions.setdefault(place, str(word))
    return " ".join(positions[p] for p in sorted(positions))


def arxiv_id_of_work(work: Mapping[str, Any]) -> str:
    """The arXiv id of a work: from its arXiv DOI, or a location on arxiv.org."""
    match = _ARXIV_DOI.match(normal_doi(str(work.get("doi") or "")))
    if match:
        return match.group(1)
    given = work.get("locations")
    locations: list[Any] = given if isinstance(given, list) else []
    for location in [work.get("primary_location"), *locations]:
        url = _get(location, "landing_page_url")
        found = _ARXIV_URL.search(url) if isinstance(url, str) else None
        if found:
            return found.group(1)
    return ""


def entry_type(work: Mapping[str, Any]) -> str:
    kind = str(work.get("type") or "").casefold()
    source_type = str(_get(work, "primary_location", "source", "type") or "").casefold()
    if work.get("type_crossref") == "proceedings-article" or (
        kind == "article" and source_type == "conference"
    ):
        return "inproceedings"
    if kind == "article" and source_type == "repository":
        return "misc"  # an e-print filed as an article
    return TYPES.get(kind, "misc")


def authors(work: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, ORCID iD or "") of each author, in order."""
    found = []
    for authorship in work.get("authorships") or []:
        name = _text(_get(authorship, "author", "display_name"))
        if not name:
            name = _text(_get(authorship, "raw_author_name"))
        if name:
            found.append((name, normal_orcid(str(_get(authorship, "author", "orcid") or "")) or ""))
    return found


def _ascii_word(text: str) -> str:
    return "".join(_WORD.findall(fold(text)))


def make_key(work: Mapping[str, Any], taken: Container[str]) -> str:
    """``lastnameYEARfirstword`` (``lovelace1843sketch``), with ``b``, ``c``... after it
    when an entry has that key already (``taken`` holds keys in lower case)."""
    people = authors(work)
    surname = ""
    if people:
        try:
            surname = _ascii_word(parse_person(to_latex(people[0][0])).surname)
        except Exception:
            surname = ""
        surname = surname or _ascii_word(people[0][0].split()[-1])
    year = work.get("publication_year")
    words = [w for w in _WORD.findall(fold(_text(work.get("title") or work.get("display_name"))))]
    first = next((w for w in words if w not in _SKIP_WORDS), words[0] if words else "")
    base = f"{surname or 'anon'}{year if isinstance(year, int) else ''}{first}" or "openalex"
    key, suffix = base, ord("b")
    while key.casefold() in taken and suffix <= ord("z"):
        key, suffix = base + chr(suffix), suffix + 1
    if key.casefold() in taken:
        key = f"{base}-{normal_openalex(str(work.get('id') or '')) or 'x'}".casefold()
    return key


def to_bibtex(work: Mapping[str, Any], key: str) -> str:
    """One BibTeX entry for an OpenAlex work record (``tidy`` puts its fields in order)."""
    kind = entry_type(work)
    fields: list[tuple[str, str]] = []

    def put(name: str, value: object, *, latex: bool = True) -> None:
        text = _text(value) if not isinstance(value, int) else str(value)
        if text:
            # Identifiers and URLs as they are, but for what would end the value.
            fields.append((name, written_value(to_latex(text) if latex else _BARE.sub("", text))))

    people = authors(work)
    if people:
        fields.append(("author", written_value(" and ".join(to_latex(n) for n, _ in people))))
    put("title", work.get("title") or work.get("display_name"))
    venue = _get(work, "primary_location", "source", "display_name")
    arxiv_id = arxiv_id_of_work(work)
    if kind == "article":
        put("journal", venue)
    elif kind in ("inproceedings", "incollection"):
        put("booktitle", venue)
    elif kind == "techreport":
        put("institution", _get(work, "primary_location", "source", "host_organization_name")
            or venue)  # fmt: skip
    elif kind == "book":
        put("publisher", _get(work, "primary_location", "source", "host_organization_name"))
    elif kind == "phdthesis":
        put("school", _school(work))
    elif kind == "misc" and venue and not arxiv_id:
        put("howpublished", venue)
    put("year", work.get("publication_year"))
    given = work.get("biblio")
    biblio: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    put("volume", biblio.get("volume"))
    put("number", biblio.get("issue"))
    first, last = _text(biblio.get("first_page")), _text(biblio.get("last_page"))
    if first:
        put("pages", f"{first}--{last}" if last and last != first else first)
    doi = normal_doi(str(work.get("doi") or ""))
    if doi:
        put("doi", doi, latex=False)
    if arxiv_id:
        put("eprint", arxiv_id, latex=False)
        put("archiveprefix", "arXiv", latex=False)
    landing = _get(work, "primary_location", "landing_page_url")
    url = safe_url(landing) if isinstance(landing, str) else None
    # The landing page, unless it is the DOI's or the e-print's (they have links).
    other = url and "doi.org/" not in url and not (arxiv_id and "arxiv.org/" in url)
    if url and other and url.startswith(("http://", "https://")):
        put("url", url, latex=False)
    put("abstract", abstract_text(work.get("abstract_inverted_index")))
    openalex = normal_openalex(str(work.get("id") or ""))
    if openalex:
        put("openalex", openalex, latex=False)
    orcids = [f"{to_latex(name)}/{orcid}" for name, orcid in people if orcid]
    if orcids:
        fields.append(("orcid-numbers", written_value("; ".join(orcids))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body},\n}}\n"


def _school(work: Mapping[str, Any]) -> str:
    for authorship in work.get("authorships") or []:
        for institution in _get(authorship, "institutions") or []:
            name = _text(_get(institution, "display_name"))
            if name:
                return name
    return ""


def _newest_first(work: Mapping[str, Any]) -> tuple[str, int]:
    date = work.get("publication_date")
    year = work.get("publication_year")
    return (date if isinstance(date, str) else "", year if isinstance(year, int) else 0)


def fetch_works(
    client: OpenAlex,
    *,
    dois: Sequence[str] = (),
    arxiv_ids: Sequence[str] = (),
    orcids: Sequence[str] = (),
) -> tuple[list[tuple[str, Mapping[str, Any]]], list[str]]:
    """The works asked for, as (what asked for it, record): DOIs and arXiv ids in the
    order given, then each ORCID iD's works, newest first; and a message for each
    identifier OpenAlex does not know. Raises :class:`OpenAlexError`."""
    asked = [(f"DOI {normal_doi(d)}", normal_doi(d)) for d in dois]
    asked += [(f"arXiv {a}", arxiv_doi(a)) for a in arxiv_ids]
    found = lookup(client, {"doi": [doi for _, doi in asked]}) if asked else {}
    works: list[tuple[str, Mapping[str, Any]]] = []
    missing = []
    for label, doi in asked:
        work = found.get(("doi", doi))
        if work is None:
            missing.append(f"{label}: OpenAlex has no work with this identifier")
        else:
            works.append((label, work))
    for orcid in orcids:
        mine = sorted(client.works_of_author(orcid), key=_newest_first, reverse=True)
        if not mine:
            missing.append(f"ORCID {orcid}: OpenAlex has no work by this author")
        works += [(f"ORCID {orcid}", work) for work in mine]
    return works, missing


def entries_for(
    works: Sequence[tuple[str, Mapping[str, Any]]],
) -> Callable[[set[str]], list[tuple[str, str]]]:
    """For :func:`labsite.cli.add.add_entries`: each work as a BibTeX source named
    after what asked for it and its OpenAlex id, with a key no entry has."""

    def generate(taken: set[str]) -> list[tuple[str, str]]:
        sources = []
        seen: set[str] = set()
        for label, work in works:
            openalex = normal_openalex(str(work.get("id") or "")) or "work"
            if openalex in seen:
                continue  # asked twice (a DOI and its author's ORCID iD)
            seen.add(openalex)
            key = make_key(work, taken)
            taken.add(key.casefold())
            sources.append((f"{label} (OpenAlex {openalex})", to_bibtex(work, key)))
        return sources

    return generate
