"""Checks across a whole bibliography, beyond what each entry says about itself:
duplicate DOIs and titles, misspelt field names, links to files that are not there.

They run on every build (through the macros module) and in ``labsite check``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from labsite.bib.fields import ASSET_FOLDERS, KNOWN_FIELDS
from labsite.bib.memo import ByIdentity
from labsite.bib.model import Paper
from labsite.diagnostics import Level, Problem
from labsite.text.names import fold

_KNOWN_SORTED = sorted(KNOWN_FIELDS)
_TITLE_KEY = re.compile(r"[^0-9a-z]+")


def _line_of(paper: Paper, field: str) -> int:
    match = re.search(rf"(?im)^\s*{re.escape(field)}\s*=", paper.source)
    return paper.line + paper.source.count("\n", 0, match.start()) if match else paper.line


def duplicate_dois_and_titles(papers: tuple[Paper, ...]) -> list[Problem]:
    problems: list[Problem] = []
    seen_doi: dict[str, Paper] = {}
    seen_title: dict[str, Paper] = {}
    for paper in papers:
        if paper.doi:
            doi = paper.doi.casefold()
            first = seen_doi.setdefault(doi, paper)
            if first is not paper:
                problems.append(Problem(
                    f"same DOI as entry '{first.key}' ({first.file}:{first.line})",
                    file=paper.file, line=_line_of(paper, "doi"), key=paper.key,
                    level=Level.WARNING, hint="keep one entry, or correct the DOI",
                ))  # fmt: skip
        title = _TITLE_KEY.sub("", fold(paper.title))
        if len(title) >= 12:
            first = seen_title.setdefault(title, paper)
            if first is not paper and first.year == paper.year:
                problems.append(Problem(
                    f"same title and year as entry '{first.key}' ({first.file}:{first.line})",
                    file=paper.file, line=_line_of(paper, "title"), key=paper.key,
                    level=Level.WARNING, hint="keep one entry (merge their fields)",
                ))  # fmt: skip
    return problems


@lru_cache(maxsize=4096)
def _close_field(name: str) -> str | None:
    close = difflib.get_close_matches(name, _KNOWN_SORTED, n=1, cutoff=0.8)
    return close[0] if close else None


def misspelt_fields(papers: tuple[Paper, ...]) -> list[Problem]:
    problems: list[Problem] = []
    for paper in papers:
        for name in paper.fields:
            if name in KNOWN_FIELDS:
                continue
            close = [_close_field(name)] if _close_field(name) else []
            if close:
                problems.append(Problem(
                    f"unknown field '{name}'; did you mean '{close[0]}'?",
                    file=paper.file, line=_line_of(paper, name), key=paper.key,
                    level=Level.WARNING, hint=f"rename it to '{close[0]}'",
                ))  # fmt: skip
    return problems


_ABSOLUTE = ("https://", "http://", "mailto:", "//")


def _local_path(url: str) -> str | None:
    """The path under ``docs/`` that a site-relative link names; ``None`` for an
    absolute link or an anchor."""
    if url.startswith(_ABSOLUTE):
        return None  # the common case, without parsing
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path).lstrip("/")


def _exists(docs_dir: Path, path: str) -> bool:
    target = docs_dir / path
    if path.endswith("/"):
        target = target / "index.md"
    return target.exists() or (docs_dir / (path.rstrip("/") + ".md")).exists()


def _resolve(kind: str, url: str, docs_dir: Path) -> tuple[str, str | None]:
    """``url`` as it reaches the file (in ``docs/``, else in al-folio's asset folder
    for the field), and the path it was looked for at when it is in neither."""
    path = _local_path(url)
    if path is None or _exists(docs_dir, path):
        return url, None
    folder = ASSET_FOLDERS.get(kind)
    if folder and not path.startswith(folder + "/") and _exists(docs_dir, f"{folder}/{path}"):
        return f"{folder}/{url.lstrip('/')}", None
    return url, path


def _local_candidates(papers: tuple[Paper, ...]) -> tuple[int, ...]:
    """The positions of the papers that have a site-relative link or preview: the
    only ones :func:`local_links` has to look at. Found once per tuple of papers (a
    bibliography keeps its tuple between builds), since most links are absolute."""
    return _CANDIDATES.get(papers, None, lambda: tuple(
        index
        for index, paper in enumerate(papers)
        if any(_local_path(link.url) is not None for link in paper.links)
        or (paper.preview and _local_path(paper.preview) is not None)
    ))  # fmt: skip


_CANDIDATES: ByIdentity[tuple[int, ...]] = ByIdentity()


def local_links(
    papers: tuple[Paper, ...], docs_dir: Path
) -> tuple[tuple[Paper, ...], list[Problem]]:
    """The papers with their site-relative links (``pdf = {paper.pdf}``) pointing where
    the file is: in ``docs/`` as written, or else in the folder al-folio serves the
    field from (``docs/assets/pdf/paper.pdf``; see ``fields.ASSET_FOLDERS``). A link
    to a file that is in neither place is kept as written, with a warning. With no
    such link, ``papers`` itself is given back."""
    problems: list[Problem] = []
    resolved: list[Paper] | None = None
    for index in _local_candidates(papers):
        paper = papers[index]
        links = []
        changed = False
        for link in paper.links:
            url, missing = _resolve(link.kind, link.url, docs_dir)
            if missing is not None:
                problems.append(_missing(paper, link.kind, link.url, missing, docs_dir))
            if url != link.url:
                changed = True
                link = replace(link, url=url)
            links.append(link)
        preview = paper.preview
        if preview:
            preview, missing = _resolve("preview", preview, docs_dir)
            if missing is not None:
                problems.append(_missing(paper, "preview", paper.preview, missing, docs_dir))
            changed = changed or preview != paper.preview
        if changed:
            if resolved is None:
                resolved = list(papers)
            resolved[index] = replace(paper, links=tuple(links), preview=preview)
    return (papers if resolved is None else tuple(resolved)), problems


def _missing(paper: Paper, kind: str, url: str, path: str, docs_dir: Path) -> Problem:
    folder = ASSET_FOLDERS.get(kind)
    where = f"{docs_dir.name}/{path}"
    if folder:
        where += f" or {docs_dir.name}/{folder}/{path}"
    return Problem(
        f"link '{kind}' points to '{url}', which is not a file in {docs_dir.name}/",
        file=paper.file, line=_line_of(paper, kind), key=paper.key, level=Level.WARNING,
        hint=f"add the file as {where}, or correct the path",
    )  # fmt: skip


def missing_local_files(papers: tuple[Paper, ...], docs_dir: Path) -> list[Problem]:
    """Site-relative links (``pdf = {files/paper.pdf}``) must name a file in ``docs/``
    (or in al-folio's asset folder for the field: see :func:`local_links`)."""
    return local_links(papers, docs_dir)[1]


def unused_fields(papers: tuple[Paper, ...]) -> list[Problem]:
    """Fields that labsite neither shows nor knows (``labsite check`` names them; a
    build does not, since tools write many such fields): kept in the .bib only."""
    problems: list[Problem] = []
    for paper in papers:
        for name in paper.fields:
            if name in KNOWN_FIELDS or _close_field(name):
                continue  # known, or reported by misspelt_fields
            problems.append(Problem(
                f"field '{name}' is not shown anywhere on the site (labsite does not know "
                "it); it is kept in the .bib exports",
                file=paper.file, line=_line_of(paper, name), key=paper.key,
                level=Level.WARNING,
                hint="delete it if it is not needed, or check its spelling",
            ))  # fmt: skip
    return problems


def check(papers: tuple[Paper, ...], docs_dir: Path | None = None) -> list[Problem]:
    """Every cross-entry check; ``docs_dir`` enables the local file check."""
    problems = duplicate_dois_and_titles(papers) + misspelt_fields(papers)
    if docs_dir is not None:
        problems += missing_local_files(papers, docs_dir)
    return sorted(problems, key=lambda p: (p.file or "", p.line or 0))
