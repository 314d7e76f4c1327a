"""load + model for a whole site: all .bib files as one keyed collection, cached by
the files' content so that repeated builds (``mkdocs serve``, one ``define_env`` per
page under Zensical) parse nothing twice."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from labsite._version import code_digest
from labsite.bib.checks import check, local_links
from labsite.bib.latest import LatestCache
from labsite.bib.load import LoadResult, load_bytes, load_file
from labsite.bib.model import Paper, PaperBuilder
from labsite.bib.pieces import ModelledPiece, load_in_pieces
from labsite.diagnostics import Level, Problem
from labsite.paths import slugs
from labsite.runtime.collector import paused


@dataclass(frozen=True)
class Bibliography:
    """Every paper of the site, each key once, with every problem found on the way."""

    papers: tuple[Paper, ...]
    problems: tuple[Problem, ...]
    by_key: Mapping[str, Paper]
    files: tuple[str, ...] = ()
    digest: str = ""
    """A digest of the files' content (and of labsite's version): the same digest,
    the same papers. "" when not loaded from files."""

    @cached_property
    def slugs(self) -> Mapping[str, str]:
        """key -> slug of every paper (:func:`labsite.paths.slugs`), made once."""
        return slugs(p.key for p in self.papers)

    def get(self, key: str) -> Paper | None:
        return self.by_key.get(key)

    def __len__(self) -> int:
        return len(self.papers)

    @property
    def has_errors(self) -> bool:
        return any(p.level is Level.ERROR for p in self.problems)


def _combine(results: Iterable[LoadResult | ModelledPiece]) -> Bibliography:
    """The papers of every file's entries, the results coming one file, or one piece of
    a file, at a time: each is modelled before the next is read."""
    problems: list[Problem] = []
    files: dict[str, None] = {}
    builder = PaperBuilder()
    for result in results:
        files[result.file] = None
        problems.extend(result.problems)
        if isinstance(result, ModelledPiece):
            builder.add_made(result.made)
        else:
            builder.add(result.entries)
    papers, model_problems = builder.finish()
    problems.extend(model_problems)
    by_key = {paper.key: paper for paper in papers}
    problems.extend(check(papers))
    problems.sort(key=lambda p: (p.file or "", p.line or 0))
    return Bibliography(
        papers=papers,
        problems=tuple(problems),
        by_key=MappingProxyType(by_key),
        files=tuple(files),
    )


def with_local_links(bibliography: Bibliography, docs_dir: Path) -> Bibliography:
    """``bibliography`` with site-relative links resolved against ``docs_dir`` (see
    :func:`labsite.bib.checks.local_links`), and a warning for each link to a file that
    is not there (in ``problems``, after the bibliography's own).

    The same bibliography with the same files in ``docs_dir`` gives the same object
    back, build after build (its papers keep their identity, which the exports' memo
    and the list cache go by)."""
    papers, problems = local_links(bibliography.papers, docs_dir)
    if not problems and papers is bibliography.papers:
        return bibliography
    version = (
        tuple(p.links for p in papers),
        tuple(str(problem) for problem in problems),
    )
    name = ("local links", bibliography.digest, str(docs_dir))
    found = _LINKED.get(name, version)
    if found is not None:
        return found
    digest = hashlib.sha1(f"{bibliography.digest}\x1f{version!r}".encode()).hexdigest()
    resolved = Bibliography(
        papers=papers,
        problems=bibliography.problems + tuple(problems),
        by_key=MappingProxyType({p.key: p for p in papers}),
        files=bibliography.files,
        digest=digest if bibliography.digest else "",
    )
    _LINKED.put(name, version, resolved)
    return resolved


_LINKED: LatestCache[Bibliography] = LatestCache(names=8)


# The latest bibliography of each set of files, by their names (see latest.py).
_CACHE: LatestCache[Bibliography] = LatestCache(names=16)


# Bump when what is cached changes shape or meaning.
_CACHE_FORMAT = "5"


def _disk_key(files: Sequence[tuple[str, str]]) -> str:
    text = repr((_CACHE_FORMAT, code_digest(), sys.version_info[:2], tuple(files)))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _read_disk(cache_dir: Path, key: str) -> Bibliography | None:
    path = cache_dir / f"bibliography-{key}.pickle"
    try:
        with path.open("rb") as stream:
            papers, problems, files = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign cache file: parse again, overwrite it
        return None
    return Bibliography(
        papers=papers,
        problems=problems,
        by_key=MappingProxyType({p.key: p for p in papers}),
        files=files,
    )


def _write_disk(cache_dir: Path, key: str, bibliography: Bibliography) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("bibliography-*.pickle"):
            if old.name != f"bibliography-{key}.pickle":
                old.unlink(missing_ok=True)
        data = (bibliography.papers, bibliography.problems, bibliography.files)
        with tempfile.NamedTemporaryFile("wb", dir=cache_dir, delete=False) as stream:
            pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, cache_dir / f"bibliography-{key}.pickle")
    except OSError:
        pass  # a read-only checkout builds fine without a cache


PIECES_FROM = 2_000_000
"""A file of at least this many bytes is loaded in pieces (bib/pieces.py)."""


def _load(path: Path, name: str, data: bytes | None) -> Iterator[LoadResult | ModelledPiece]:
    if data is None:
        yield load_file(path, name)  # says what is wrong
    elif len(data) >= PIECES_FROM:
        yield from load_in_pieces(data, name)
    else:
        yield load_bytes(data, name)


def load_bibliography(
    paths: Sequence[tuple[Path, str]], cache_dir: Path | None = None
) -> Bibliography:
    """Load and model the given ``(path, display name)`` files.

    Results are cached by the files' content: in memory the latest for each set of
    files, for the life of the process (``mkdocs serve``), and in ``cache_dir`` when
    given, so that a new build of the
    same files parses nothing. The cache folder is safe to delete."""
    contents: list[tuple[Path, str, bytes | None]] = []
    for path, name in paths:
        try:
            contents.append((path, name, Path(path).read_bytes()))
        except OSError:
            contents.append((path, name, None))  # load_file says what is wrong
    cache_key = tuple(
        (name, hashlib.sha1(data).hexdigest() if data is not None else "")
        for _, name, data in contents
    )
    names = tuple(name for name, _ in cache_key)
    cached = _CACHE.get(names, cache_key)
    if cached is not None:
        return cached
    disk_key = _disk_key(cache_key)
    with paused():  # about a hundred objects per entry, all kept
        bibliography = _read_disk(cache_dir, disk_key) if cache_dir is not None else None
        if bibliography is None:
            bibliography = _combine(
                result for path, name, data in contents for result in _load(path, name, data)
            )
            if cache_dir is not None:
                _write_disk(cache_dir, disk_key, bibliography)
    bibliography = replace(bibliography, digest=disk_key)
    _CACHE.put(names, cache_key, bibliography)
    return bibliography
