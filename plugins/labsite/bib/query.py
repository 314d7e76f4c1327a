"""Stage 3, *query*: filter, sort, group and limit papers. Pure functions on tuples."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from labsite.bib.fields import type_heading
from labsite.bib.model import Paper, slugify_status
from labsite.diagnostics import LabsiteError
from labsite.text.names import NameMatcher, fold
from labsite.text.values import as_list

_RANGE = re.compile(r"^\s*(\d{4})?\s*(?:-|–|\.\.)\s*(\d{4})?\s*$")

SORT_KEYS = ("year", "title", "author", "type", "key", "file", "citations")
GROUP_KEYS = ("year", "type", "status", "keyword", "venue")


def year_predicate(spec: object) -> Callable[[Paper], bool]:
    """``2023``, ``"2020-2022"``, ``"2021-"``, ``"-2019"`` or a list of years."""
    if isinstance(spec, bool):
        raise LabsiteError(f"year={spec!r} is not a year or a range like '2020-2023'")
    if isinstance(spec, int):
        return lambda p: p.year == spec
    if isinstance(spec, (list, tuple, set)):
        predicates = [year_predicate(s) for s in spec]
        return lambda p: any(pred(p) for pred in predicates)
    text = str(spec).strip()
    if text.isascii() and text.isdigit():
        year = int(text)
        return lambda p: p.year == year
    match = _RANGE.match(text)
    if not match or not (match.group(1) or match.group(2)):
        raise LabsiteError(f"year={spec!r} is not a year or a range like '2020-2023'")
    low = int(match.group(1)) if match.group(1) else None
    high = int(match.group(2)) if match.group(2) else None
    return lambda p: (
        p.year is not None and (low is None or p.year >= low) and (high is None or p.year <= high)
    )


def select(
    papers: Iterable[Paper],
    *,
    year: object = None,
    type: object = None,
    author: object = None,
    keyword: object = None,
    selected: bool | None = None,
    status: object = None,
    keys: Sequence[str] | None = None,
) -> list[Paper]:
    """Papers that pass every filter given. ``keys`` returns exactly those papers, in
    that order (unknown keys are the caller's to report)."""
    pool = list(papers)
    if keys is not None:
        if isinstance(keys, str):
            keys = [keys]
        by_key = {p.key: p for p in pool}
        pool = [by_key[k] for k in keys if k in by_key]
    predicates: list[Callable[[Paper], bool]] = []
    if year is not None:
        predicates.append(year_predicate(year))
    if type is not None:
        types = {t.casefold().lstrip("@") for t in as_list(type)}
        predicates.append(lambda p: p.entry_type in types)
    if author is not None:
        matcher = NameMatcher(as_list(author))
        if not matcher:
            raise LabsiteError(f"author={author!r} names nobody")
        predicates.append(lambda p: any(matcher.matches(a) for a in p.authors))
    if keyword is not None:
        wanted = {fold(k) for k in as_list(keyword)}
        predicates.append(lambda p: any(fold(k) in wanted for k in p.keywords))
    if selected is not None:
        predicates.append(lambda p: p.selected == bool(selected))
    if status is not None:
        statuses = {slugify_status(s) for s in as_list(status)}
        predicates.append(lambda p: p.status_slug in statuses)
    return [p for p in pool if all(pred(p) for pred in predicates)]


def _sort_key(by: str) -> Callable[[Paper], tuple]:
    if by == "year":
        # Newest first when reversed; work without a year (planned, under review)
        # counts as the newest.
        return lambda p: (
            p.year if p.year is not None else 10_000,
            p.month or 0,
            p.day or 0,
            fold(p.title),
        )
    if by == "title":
        return lambda p: (fold(p.title),)
    if by == "author":
        return lambda p: (fold(p.authors[0].surname) if p.authors else "", p.year or 0)
    if by == "type":
        return lambda p: (p.entry_type, p.year or 0)
    if by == "key":
        return lambda p: (p.key.casefold(),)
    if by == "file":
        return lambda p: (p.file, p.line)
    raise LabsiteError(f"sort={by!r} is not one of {', '.join(SORT_KEYS)}")


def sort_papers(
    papers: Iterable[Paper],
    by: str = "year",
    reverse: bool | None = None,
    citations: Mapping[str, int] | None = None,
) -> list[Paper]:
    """Sort by ``year`` (newest first by default), ``title``, ``author``, ``type``,
    ``key``, ``file`` (the order in the .bib) or ``citations``: most cited first by
    default, by the counts in ``citations`` (entry key -> count), papers without a
    count last (newest first among themselves and among equal counts)."""
    if by == "citations":
        if citations is None:
            raise LabsiteError("sort='citations' needs citation counts, and there are none")
        newest = sort_papers(papers, by="year")
        counted = [p for p in newest if p.key in citations]
        rest = [p for p in newest if p.key not in citations]
        most_first = True if reverse is None else bool(reverse)
        counted.sort(key=lambda p: citations[p.key], reverse=most_first)
        return counted + rest
    if reverse is None:
        reverse = by == "year"
    if by == "year":
        # Newest first, but titles of the same date A to Z (the sort is stable).
        by_title = sorted(papers, key=lambda p: fold(p.title))
        return sorted(by_title, key=_date_key, reverse=reverse)
    return sorted(papers, key=_sort_key(by), reverse=reverse)


def _date_key(paper: Paper) -> tuple[int, int, int]:
    return (paper.year if paper.year is not None else 10_000, paper.month or 0, paper.day or 0)


@dataclass(frozen=True)
class Group:
    """Papers under one heading."""

    label: str
    papers: tuple[Paper, ...]


def group_papers(papers: Sequence[Paper], by: str | None) -> list[Group]:
    """Group sorted papers, keeping their order; groups come in order of first paper."""
    if by is None:
        return [Group(label="", papers=tuple(papers))]
    if by not in GROUP_KEYS:
        raise LabsiteError(f"group_by={by!r} is not one of {', '.join(GROUP_KEYS)}")
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        for label in _group_labels(paper, by):
            groups.setdefault(label, []).append(paper)
    return [Group(label=label, papers=tuple(items)) for label, items in groups.items()]


def _group_labels(paper: Paper, by: str) -> list[str]:
    if by == "year":
        if paper.year is not None:
            return [str(paper.year)]
        return [paper.status or "Undated"]
    if by == "type":
        return [type_heading(paper.entry_type)]
    if by == "status":
        return [paper.status or "Published"]
    if by == "keyword":
        return list(paper.keywords) or ["Other"]
    return [paper.venue or "Other"]
