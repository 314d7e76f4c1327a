"""Checks across a whole bibliography, beyond what each entry says about itself:
duplicate DOIs and titles, misspelt field names, links to files that are not there.

They run on every build (through the macros module) and in ``labsite check``.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from labsite.bib.fields import KNOWN_FIELDS
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


def missing_local_files(papers: tuple[Paper, ...], docs_dir: Path) -> list[Problem]:
    """Site-relative links (``pdf = {files/paper.pdf}``) must name a file in ``docs/``."""
    problems: list[Problem] = []
    for paper in papers:
        for link in paper.links:
            if link.url.startswith(_ABSOLUTE):
                continue  # the common case, without parsing
            parts = urlsplit(link.url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path).lstrip("/")
            target = docs_dir / path
            if path.endswith("/"):
                target = target / "index.md"
            if not target.exists() and not (docs_dir / (path.rstrip("/") + ".md")).exists():
                problems.append(Problem(
                    f"link '{link.kind}' points to '{link.url}', which is not a file in "
                    f"{docs_dir.name}/",
                    file=paper.file, line=_line_of(paper, link.kind), key=paper.key,
                    level=Level.WARNING,
                    hint=f"add the file as {docs_dir.name}/{path} or correct the path",
                ))  # fmt: skip
    return problems


def check(papers: tuple[Paper, ...], docs_dir: Path | None = None) -> list[Problem]:
    """Every cross-entry check; ``docs_dir`` enables the local file check."""
    problems = duplicate_dois_and_titles(papers) + misspelt_fields(papers)
    if docs_dir is not None:
        problems += missing_local_files(papers, docs_dir)
    return sorted(problems, key=lambda p: (p.file or "", p.line or 0))
