"""A large .bib file loaded and modelled in pieces, on every core.

The file's text is cut into pieces of about a megabyte, each starting on a line that
opens a block (:func:`labsite.bib.load.split`). Worker processes (forked: they have
the text already) read each piece and make its papers; the parent takes the pieces in
file order, as they come, so it never holds more than a few pieces' blocks and entries
beside the papers made so far. With one core, or where forking is not safe, the
pieces are read in turn in this process, with the same result.

The result is what loading the whole file at once gives (tests compare them):

- a piece's line numbers count from the line it starts on;
- the @strings are all in the first piece (pieces start after the last one), which
  is read first, here, and its macros given to the others;
- an entry that cross-references another is made by the parent at the end
  (:class:`labsite.bib.model.PaperBuilder`), since the other may be in any piece;
- a line that opens a block may be inside an entry after all (a line of an abstract
  starting with ``@``): then the piece before it ends with a block that failed, and
  the two pieces are read again as one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from labsite.bib.load import (
    Piece,
    RawEntry,
    decode,
    no_entries_problem,
    parse_first_piece,
    parse_piece,
    split,
)
from labsite.bib.model import Paper, paper_or_later
from labsite.diagnostics import Problem
from labsite.runtime.processes import in_order, workers


@dataclass(frozen=True)
class ModelledPiece:
    """A piece's papers, in file order, and its problems (the file's own with the
    first). An entry with a ``crossref`` is left raw, for the parent to make."""

    file: str
    made: tuple[Paper | RawEntry, ...]
    problems: tuple[Problem, ...]


def _model(piece: Piece) -> tuple[tuple[Paper | RawEntry, ...], tuple[Problem, ...]]:
    problems = list(piece.problems)
    made = tuple(made for raw in piece.entries if (made := paper_or_later(raw, problems)))
    return made, tuple(problems)


# What the workers read (inherited when they are forked).
_TEXT: tuple[str, str, tuple[int, ...], tuple[int, ...], dict[str, str]] | None = None


@dataclass(frozen=True)
class _Done:
    made: tuple[Paper | RawEntry, ...]
    problems: tuple[Problem, ...]
    complete: bool
    found_blocks: bool


def _read(text: str, file: str, line: int, macros: dict[str, str]) -> _Done:
    piece = parse_piece(text, file, line, macros)
    made, problems = _model(piece)
    return _Done(made, problems, piece.complete, piece.found_blocks)


def _job(index: int) -> _Done:
    assert _TEXT is not None
    text, file, starts, lines, macros = _TEXT
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return _read(text[starts[index] : end], file, lines[index], macros)


def load_in_pieces(data: bytes, file: str) -> Iterator[ModelledPiece]:
    """The papers of one file, piece by piece, in file order (see the module's
    docstring). Nothing is cached."""
    global _TEXT
    text, problems = decode(data, file)
    pieces = split(text)
    starts, lines = pieces.starts, pieces.lines
    count = len(starts)
    macros: dict[str, str] = {}
    head: list[_Done] = []
    if pieces.strings_first and count > 1:
        first, macros = parse_first_piece(text[: starts[1]], file)
        made, first_problems = _model(first)
        head.append(_Done(made, first_problems, first.complete, first.found_blocks))
    _TEXT = (text, file, starts, lines, macros)
    skip = len(head)  # the first piece, read here: the workers read the others
    results = chain(head, in_order(lambda i: _job(i + skip), count - skip, workers()))
    found = False
    resume: int | None = None
    try:
        for index, done in enumerate(results):
            last = index == count - 1
            if resume is not None:
                start, end = starts[resume], starts[index + 1] if not last else len(text)
                done = _read(text[start:end], file, lines[resume], macros)
            if not done.complete and not last:
                resume = index if resume is None else resume
                continue
            resume = None
            found = found or done.found_blocks
            yield ModelledPiece(file, done.made, (*problems, *done.problems))
            problems = ()
    finally:
        _TEXT = None
    if text.strip() and not found:
        yield ModelledPiece(file, (), (no_entries_problem(file),))
