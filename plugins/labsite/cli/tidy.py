"""``labsite tidy``: .bib files rewritten in one canonical form, so that pull requests
change only what they mean to change: lower-case entry types and field names, fields in
:data:`labsite.bib.fields.FIELD_ORDER`, ``name = {value}`` with each value as written
(LaTeX, ``@string`` macros and ``#`` concatenation kept as they are), one blank line
between entries. Comments, ``@string``, ``@preamble`` and ``@comment`` blocks stay
where they are, and what cannot be parsed is left byte for byte as it was. Values are
taken from bibtexparser's raw split (``parse_stack=[]``), never from evaluated text,
so that the tidied file reads back (through :mod:`labsite.bib.load`) to the same
entries.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)

from labsite.bib.blocks import decode_exactly, entry_of, locate_blocks
from labsite.bib.fields import FIELD_ORDER
from labsite.cli.common import ToolError, read_bytes
from labsite.export.bibtex import braces_enclose

SORTS = ("none", "key", "year")

_RANK = {name: index for index, name in enumerate(FIELD_ORDER)}
# Keys and field names tidy writes as they are: no white space, no delimiters (an
# empty key, which BibTeX allows, included).
_KEY = re.compile(r"[^\s,{}]*")
_FIELD_NAME = re.compile(r"""[^\s"#%'(),={}\\@]+""")
_TYPE = re.compile(r"\w+")
_DIGITS = re.compile(r"[0-9]+")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


class Untidyable(Exception):
    """An entry that cannot be rewritten without changing its meaning."""


def _canonical_value(raw: str) -> str:
    """A raw value in braces when it is one quoted string or a number that reads the
    same braced; any other expression (macros, ``#``) exactly as written."""
    if _DIGITS.fullmatch(raw):
        return "{" + raw + "}"
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        content = raw[1:-1]
        if "#" not in content and braces_enclose(content):
            return "{" + content + "}"
    return raw


def field_rank(name: str) -> tuple[int, str]:
    return _RANK.get(name, len(FIELD_ORDER)), name


def format_entry(entry: Entry, indent: int = 2) -> str:
    """One parsed entry in tidy's canonical form (no final newline).

    Raises ``Untidyable`` when its type, key or a field name is not plain BibTeX
    (then rewriting it could lose text)."""
    entry_type = entry.entry_type.strip().lower()
    key = entry.key.strip()
    if not _TYPE.fullmatch(entry_type):
        raise Untidyable(f"its type '@{entry_type}' is not a plain word")
    if not _KEY.fullmatch(key):
        raise Untidyable(f"its key '{key}' has spaces or delimiters in it")
    fields = []
    for item in entry.fields:
        name = item.key.strip().lower()
        if not _FIELD_NAME.fullmatch(name):
            shown = " ".join(name.split())
            raise Untidyable(f"'{shown}' is not a field name (a comment inside the entry?)")
        value = item.value if isinstance(item.value, str) else str(item.value)
        fields.append((name, _canonical_value(value.strip())))
    fields.sort(key=lambda pair: field_rank(pair[0]))  # stable: a repeated field stays first
    pad = " " * indent
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"{pad}{name} = {value}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def _year_of(entry: Entry) -> int | None:
    for item in entry.fields:
        if item.key.strip().lower() in ("year", "date"):
            match = _YEAR.search(str(item.value))
            if match:
                return int(match.group(1))
    return None


@dataclass
class _Piece:
    kind: str
    """"entry", "comment" (% lines), "string", "verbatim" or "other"."""
    text: str
    gap: str
    """The white space that stood before it in the file."""
    entry: Entry | None = None


@dataclass
class TidyResult:
    text: str
    warnings: list[str] = field(default_factory=list)


def _comment_text(raw: str) -> str:
    """A ``%`` comment (or other text between blocks): lines without trailing white
    space, runs of blank lines made one."""
    lines = [line.rstrip() for line in raw.strip().split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def keyword_lower(raw: str, word: str) -> str:
    """``@STRING{...}`` as ``@string{...}``: the block's keyword in lower case."""
    return "@" + word + raw[1 + len(word) :] if raw[1 : 1 + len(word)].lower() == word else raw


def _pieces(text: str, file: str, indent: int, warnings: list[str]) -> list[_Piece] | None:
    items = locate_blocks(text)
    if items is None:
        return None
    pieces: list[_Piece] = []
    index = 0
    while index < len(items):
        item = items[index]
        block = item.block
        entry = entry_of(block)
        if entry is not None:
            try:
                pieces.append(_Piece("entry", format_entry(entry, indent), item.gap, entry))
            except Untidyable as exc:
                warnings.append(f"{file}:{item.line}: entry '{entry.key}' kept as written: {exc}")
                pieces.append(_Piece("verbatim", text[item.start : item.end], item.gap))
            index += 1
        elif isinstance(block, ImplicitComment):
            pieces.append(_Piece("comment", _comment_text(block.raw or ""), item.gap))
            index += 1
        elif isinstance(block, String):
            pieces.append(_Piece("string", keyword_lower(block.raw or "", "string"), item.gap))
            index += 1
        elif isinstance(block, Preamble):
            pieces.append(_Piece("other", keyword_lower(block.raw or "", "preamble"), item.gap))
            index += 1
        elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, String
        ):  # a @string defined twice: BibTeX uses the last one; kept as it is
            pieces.append(_Piece("string", keyword_lower(block.raw or "", "string"), item.gap))
            index += 1
        elif isinstance(block, ParsingFailedBlock) or block is None:
            # Kept byte for byte, with the text the splitter put after it (the rest of
            # the broken entry) up to the next block.
            end = index + 1
            while end < len(items) and (
                items[end].block is None or isinstance(items[end].block, ImplicitComment)
            ):
                end += 1
            span = text[item.start : items[end - 1].end].rstrip()
            if isinstance(block, ParsingFailedBlock):
                warnings.append(
                    f"{file}:{item.line}: this block cannot be parsed; it is kept as written"
                )
            else:
                warnings.append(f"{file}:{item.line}: stray text kept as written")
            pieces.append(_Piece("verbatim", span, item.gap))
            index = end
        else:  # @comment{...}, and anything else bibtexparser may add
            pieces.append(_Piece("other", (block.raw or "").strip(), item.gap))
            index += 1
    return pieces


def _sort_runs(pieces: list[_Piece], sort: str) -> None:
    """Sort each run of consecutive entries in place (comments, @string and broken
    blocks stay where they are, and so do the entries' places around them)."""

    def order(piece: _Piece) -> tuple[int, int, str, str]:
        assert piece.entry is not None
        key = piece.entry.key.strip()
        if sort == "year":
            year = _year_of(piece.entry)
            return (0 if year is not None else 1, -(year or 0), key.casefold(), key)
        return (0, 0, key.casefold(), key)

    start = 0
    while start < len(pieces):
        if pieces[start].kind != "entry":
            start += 1
            continue
        end = start
        while end < len(pieces) and pieces[end].kind == "entry":
            end += 1
        run = pieces[start:end]
        gaps = [p.gap for p in run]
        run.sort(key=order)
        for piece, gap in zip(run, gaps, strict=True):
            piece.gap = gap
        pieces[start:end] = run
        start = end


def _separator(previous: _Piece, current: _Piece) -> str:
    """One blank line between blocks, but for a comment written right above a block
    and for @string lines (and comments among them) written one under another."""
    tight = current.gap.count("\n") <= 1 and (
        previous.kind == "comment"
        or (previous.kind == "string" and current.kind in ("string", "comment"))
    )
    return "\n" if tight else "\n\n"


def tidy_text(
    text: str, file: str = "<input>", *, sort: str = "none", indent: int = 2
) -> TidyResult:
    """``text`` (with ``\\n`` line ends) in tidy's canonical form.

    Returns the tidied text (ending in one newline, or empty) and warnings naming
    ``file:line`` for what was kept as written because it cannot be parsed."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    warnings: list[str] = []
    pieces = _pieces(text, file, indent, warnings)
    if pieces is None:
        warnings.append(f"{file}: the file could not be split into blocks; it is left as it is")
        return TidyResult(text, warnings)
    if sort != "none":
        _sort_runs(pieces, sort)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if not piece.text:
            continue
        if out:
            out.append(_separator(pieces[index - 1], piece))
        out.append(piece.text)
    return TidyResult("".join(out) + "\n" if out else "", warnings)


def tidy_bytes(
    data: bytes, file: str, *, sort: str = "none", indent: int = 2
) -> tuple[bytes, list[str]]:
    """A .bib file's bytes tidied, in the file's own encoding (UTF-8 or UTF-16, with
    its BOM if it had one) and line ends (CRLF stays CRLF). A file in another
    encoding is returned as it is, with a warning."""
    decoded = decode_exactly(data)
    if decoded is None:
        return data, [
            f"{file}: not UTF-8 or UTF-16, so it is left as it is; convert it first: "
            f"iconv -f WINDOWS-1252 -t UTF-8 {file} > tmp && mv tmp {file}"
        ]
    text, codec, bom = decoded
    crlf = "\r\n" in text and text.count("\n") == text.count("\r\n")
    if crlf:
        text = text.replace("\r\n", "\n")
    result = tidy_text(text, file, sort=sort, indent=indent)
    out = result.text.replace("\n", "\r\n") if crlf else result.text
    return bom + out.encode(codec), result.warnings


def tidy_files(
    files: Sequence[str],
    *,
    check: bool = False,
    sort: str = "none",
    indent: int = 2,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """Tidy the files in place, or with ``check`` only list those that would change.

    Returns 1 when ``check`` finds a file to change, else 0."""
    out = out or sys.stdout
    err = err or sys.stderr
    if not files:
        raise ToolError("no .bib files given and none in bib/")
    contents = [(name, read_bytes(name)) for name in files]
    changed: list[str] = []
    for name, data in contents:
        tidied, warnings = tidy_bytes(data, name, sort=sort, indent=indent)
        for warning in warnings:
            print(f"warning: {warning}", file=err)
        if tidied == data:
            continue
        changed.append(name)
        if check:
            print(name, file=out)
        else:
            try:
                Path(name).write_bytes(tidied)
            except OSError as exc:
                raise ToolError(f"{name}: cannot be written: {exc.strerror}", 1) from None
            print(f"tidied {name}", file=out)
    if check:
        if changed:
            print(
                f"{len(changed)} of {len(files)} file(s) would change; run: labsite tidy "
                + " ".join(changed),
                file=err,
            )
            return 1
        print(f"{len(files)} file(s) already tidy", file=err)
        return 0
    print(f"{len(changed)} file(s) tidied, {len(files) - len(changed)} already tidy", file=err)
    return 0
