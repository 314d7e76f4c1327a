"""load + model for a whole site: all .bib files as one keyed collection, cached by
the files' content so that repeated builds (``mkdocs serve``, one ``define_env`` per
page under Zensical) parse nothing twice."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .checks import check
from .diagnostics import Level, Problem
from .load import LoadResult, RawEntry, load_file
from .model import Paper, build_papers


@dataclass(frozen=True)
class Bibliography:
    """Every paper of the site, each key once, with every problem found on the way."""

    papers: tuple[Paper, ...]
    problems: tuple[Problem, ...]
    by_key: Mapping[str, Paper]
    files: tuple[str, ...] = ()

    def get(self, key: str) -> Paper | None:
        return self.by_key.get(key)

    def __len__(self) -> int:
        return len(self.papers)

    @property
    def has_errors(self) -> bool:
        return any(p.level is Level.ERROR for p in self.problems)


def _combine(results: Sequence[LoadResult]) -> Bibliography:
    problems: list[Problem] = []
    entries: list[RawEntry] = []
    for result in results:
        problems.extend(result.problems)
        entries.extend(result.entries)
    papers, model_problems = build_papers(entries)
    problems.extend(model_problems)
    by_key: dict[str, Paper] = {}
    unique: list[Paper] = []
    for paper in papers:
        first = by_key.get(paper.key)
        if first is not None:
            problems.append(
                Problem(
                    f"duplicate key: already used at {first.file}:{first.line}; this entry is "
                    "left out",
                    file=paper.file,
                    line=paper.line,
                    key=paper.key,
                    hint="give one of the two entries another key, or delete the copy",
                )
            )
            continue
        by_key[paper.key] = paper
        unique.append(paper)
    problems.extend(check(tuple(unique)))
    problems.sort(key=lambda p: (p.file or "", p.line or 0))
    return Bibliography(
        papers=tuple(unique),
        problems=tuple(problems),
        by_key=MappingProxyType(by_key),
        files=tuple(r.file for r in results),
    )


_CACHE: dict[tuple[tuple[str, str], ...], Bibliography] = {}
_LOCK = threading.Lock()


def load_bibliography(paths: Sequence[tuple[Path, str]]) -> Bibliography:
    """Load and model the given ``(path, display name)`` files; cached by content."""
    results = [load_file(path, name) for path, name in paths]
    cache_key = tuple((r.file, r.digest) for r in results)
    with _LOCK:
        cached = _CACHE.get(cache_key)
    if cached is not None:
        return cached
    bibliography = _combine(results)
    with _LOCK:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[cache_key] = bibliography
    return bibliography
