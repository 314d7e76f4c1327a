"""Stage 1, *load*: BibTeX files to raw entries, each with its file and line.

bibtexparser 2 splits the file into blocks (fast, keeps line numbers, recovers from
broken blocks). Field values that are more than one braced or quoted string, such as
``journal = jpa # " Letters"`` or ``month = jan``, are evaluated by pybtex's BibTeX
parser with the file's ``@string`` macros, so that ``#`` concatenation, ``@string``
and the month macros follow BibTeX's rules exactly. Nothing here raises on bad input:
what cannot be used is reported as a :class:`~labsite.diagnostics.Problem`.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ParsingFailedBlock,
)
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser as PybtexParser
from pybtex.exceptions import PybtexError

from labsite.bib.blocks import utf16_encoding
from labsite.bib.latest import LatestCache
from labsite.diagnostics import Level, Problem


@dataclass(frozen=True)
class RawField:
    """One field as written, after ``@string``/``#`` evaluation and outer delimiters removed."""

    name: str
    """Lower-case field name."""
    value: str
    line: int
    """1-based line where the field starts."""


@dataclass(frozen=True)
class RawEntry:
    """One entry of a .bib file, before any interpretation."""

    key: str
    entry_type: str
    """Lower-case entry type, without the ``@``."""
    fields: tuple[RawField, ...]
    file: str
    line: int
    """1-based line of the ``@type{`` that opens the entry."""
    source: str
    """The entry's text as written in the file."""

    def get(self, name: str, default: str | None = None) -> str | None:
        for field in self.fields:
            if field.name == name:
                return field.value
        return default

    @property
    def field_map(self) -> dict[str, str]:
        return {f.name: f.value for f in self.fields}


@dataclass(frozen=True)
class LoadResult:
    """All entries of one file, plus what was wrong with it."""

    file: str
    entries: tuple[RawEntry, ...]
    problems: tuple[Problem, ...]
    preambles: tuple[str, ...] = ()
    digest: str = ""
    """SHA-1 of the file's bytes: the cache key of everything derived from it."""


_KEY_GUESS = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)")
# A closing delimiter, a line break, then "name =": the comma before "name" is missing
# and bibtexparser has read the next field into this one.
_SWALLOWED_FIELD = re.compile(r'[}"\d]\s*\n\s*([A-Za-z][\w-]*)\s*=\s*[{"\w]')


# JabRef writes the file's encoding in its first lines: "% Encoding: windows-1252".
_DECLARED_ENCODING = re.compile(rb"^%\s*Encoding:\s*([A-Za-z0-9_.:-]+)", re.MULTILINE)


def _convert_hint(file: str, encoding: str) -> str:
    return f"convert it: iconv -f {encoding} -t UTF-8 {file} > tmp && mv tmp {file}"


def _decode(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """Bytes to text, with a warning naming the encoding whenever it is not UTF-8.

    UTF-8 (with or without BOM) is read as such; UTF-16 is recognised by its BOM or by
    its zero bytes; an encoding declared in a JabRef header is used when it decodes;
    anything else is read as Windows-1252, which never fails but may show some
    characters wrongly: the warning says how to convert the file."""
    problems: list[Problem] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    utf16 = utf16_encoding(data)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace").lstrip("\ufeff")
        problems.append(
            Problem(
                f"the file is {utf16.upper()}; it was read, but UTF-8 is expected",
                file=file,
                level=Level.WARNING,
                hint=_convert_hint(file, "UTF-16"),
            )
        )
        return text, problems
    try:
        return data.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
    declared = _DECLARED_ENCODING.search(data[:2000])
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            problems.append(
                Problem(
                    f"the file is in {name} (as its header says); it was read, but UTF-8 "
                    "is expected",
                    file=file,
                    level=Level.WARNING,
                    hint=_convert_hint(file, name),
                )
            )
            return text, problems
    problems.append(
        Problem(
            f"the file is not valid UTF-8 (first bad byte on line {line}); it was read as "
            "Windows-1252 (Latin-1), which may show some characters wrongly",
            file=file,
            line=line,
            level=Level.WARNING,
            hint=_convert_hint(file, "WINDOWS-1252")
            + " (use -f CP1251 for Cyrillic, -f GBK for Chinese, -f KOI8-R for Russian)",
        )
    )
    return data.decode("cp1252", errors="replace"), problems


class _ValueEvaluator:
    """Evaluates BibTeX value expressions with pybtex, given the file's ``@string`` macros."""

    def __init__(self, macros: Mapping[str, str] | None = None) -> None:
        self._parser = PybtexParser()
        self._counter = 0
        if macros:
            self._parser.macros.update(macros)

    @property
    def macros(self) -> dict[str, str]:
        """The ``@string`` macros defined so far (and the month names)."""
        return dict(self._parser.macros)

    def define(self, raw_string_block: str) -> None:
        self._parser.data = BibliographyData()
        self._parser.parse_string(raw_string_block)

    def evaluate(self, expression: str) -> str:
        self._counter += 1
        key = f"labsite-value-{self._counter}"
        self._parser.data = BibliographyData()
        data = self._parser.parse_string(f"@misc{{{key}, value = {expression}}}")
        return str(data.entries[key].fields.get("value", ""))


def _fallback_value(raw: str) -> str:
    """A readable value for an expression pybtex could not evaluate (an undefined
    ``@string``, say): its parts joined by spaces, each without its delimiters."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    for char in raw.strip():
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    values = []
    for part in parts:
        part = part.strip()
        if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
            part = part[1:-1]
        if part:
            values.append(part)
    return " ".join(values)


def _strip_delimiters(raw: str) -> str | None:
    """The value of a single braced or quoted string or a number; ``None`` when the
    value is an expression (macro, ``#`` concatenation) that needs evaluating."""
    value = raw.strip()
    if "#" in value:
        return None
    if value.isdigit():
        return value
    if len(value) >= 2 and (
        (value[0] == "{" and value[-1] == "}") or (value[0] == '"' and value[-1] == '"')
    ):
        return value[1:-1]
    return None


class _LineIndex:
    """1-based line numbers of blocks, found from their text in the file.

    bibtexparser's own line numbers drift after some multi-line values, so each block
    is looked up where it stands in the text (blocks come in file order). ``first``:
    the line the text starts on (a piece of a file, see bib/pieces.py)."""

    def __init__(self, text: str, first: int = 1) -> None:
        self.text = text
        self._cursor = 0
        self._line = first
        self._first = first

    def line_of(self, block: Block) -> int:
        raw = block.raw or ""
        position = self.text.find(raw, self._cursor) if raw else -1
        if position < 0:
            return (block.start_line or 0) + self._first
        line = self._line + self.text.count("\n", self._cursor, position)
        self._cursor = position + len(raw)
        self._line = line + raw.count("\n")
        return line


# bibtexparser reads any "@comment..." as a comment, "@commentary{...}" included.
_MISREAD_COMMENT = re.compile(r"^@\s*(comment[A-Za-z]\w*)(\s*[{(])", re.IGNORECASE)


def _misread_entry(block: ExplicitComment) -> Entry | None:
    match = _MISREAD_COMMENT.match(block.raw or "")
    if not match:
        return None
    raw = block.raw or ""
    reparsed = bibtexparser.parse_string("@misc" + raw[match.end(1) :], parse_stack=[])
    if len(reparsed.entries) != 1:
        return None
    entry = reparsed.entries[0]
    entry.entry_type = match.group(1)
    return entry


def parse_text(text: str, file: str = "<input>") -> LoadResult:
    """Split BibTeX text into raw entries. Never raises on bad input."""
    piece = _parse_piece(text, file, 1, _ValueEvaluator())
    problems = piece.problems
    if text.strip() and not piece.entries and not piece.found_blocks:
        problems = (*problems, no_entries_problem(file))
    return LoadResult(
        file=file, entries=piece.entries, problems=problems, preambles=piece.preambles
    )


def no_entries_problem(file: str) -> Problem:
    return Problem(
        "no BibTeX entries found: is this a .bib file?", file=file, level=Level.WARNING,
        hint="entries look like @article{key, title = {...}, year = {2024}}",
    )  # fmt: skip


@dataclass(frozen=True)
class Piece:
    """What one piece of a file holds (the whole file, for :func:`parse_text`)."""

    entries: tuple[RawEntry, ...]
    problems: tuple[Problem, ...]
    preambles: tuple[str, ...]
    found_blocks: bool
    """Whether it has an entry, a @string or a block that failed: else a non-empty
    file is not BibTeX at all."""
    complete: bool
    """False when its last block is one that failed: a piece may end inside an entry
    that the next piece holds the rest of."""


def _parse_piece(text: str, file: str, first_line: int, evaluator: _ValueEvaluator) -> Piece:
    problems: list[Problem] = []
    library = bibtexparser.parse_string(text, parse_stack=[])
    lines = _LineIndex(text, first_line)
    entries: list[RawEntry] = []
    preambles: list[str] = []
    for block in library.blocks:
        line = lines.line_of(block)
        if isinstance(block, Entry):
            entries.append(_build_entry(block, line, file, evaluator, problems))
        elif isinstance(block, ExplicitComment):
            entry = _misread_entry(block)
            if entry is not None:
                entries.append(
                    _build_entry(entry, line, file, evaluator, problems, source=block.raw)
                )
        elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            # Kept: the model gives it a key of its own (model.unique_keys) and says so.
            entries.append(_build_entry(block.ignore_error_block, line, file, evaluator, problems))
        elif isinstance(block, DuplicateFieldKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            entry = block.ignore_error_block
            names = ", ".join(sorted(block.duplicate_keys))
            problems.append(
                Problem(
                    f"field(s) given twice: {names}; the first value is used",
                    file=file,
                    line=line,
                    key=entry.key,
                    level=Level.WARNING,
                    hint="delete the extra field",
                )
            )
            entries.append(_build_entry(entry, line, file, evaluator, problems))
        elif isinstance(block, ParsingFailedBlock):
            problems.append(_failed_block_problem(block, file, line))
        elif type(block).__name__ == "String":
            _define_string(block, line, file, evaluator, problems)
        elif type(block).__name__ == "Preamble":
            preambles.append(str(getattr(block, "value", "")))
    last = library.blocks[-1] if library.blocks else None
    return Piece(
        entries=tuple(entries),
        problems=tuple(problems),
        preambles=tuple(preambles),
        found_blocks=bool(entries or library.failed_blocks or library.strings),
        complete=not isinstance(last, ParsingFailedBlock),
    )


def _define_string(
    block: Block, line: int, file: str, evaluator: _ValueEvaluator, problems: list[Problem]
) -> None:
    name = getattr(block, "key", "?")
    try:
        evaluator.define(block.raw or "")
    except PybtexError as exc:
        problems.append(
            Problem(
                f"cannot read @string '{name}': {exc}",
                file=file,
                line=line,
                level=Level.WARNING,
                hint="check its quotes and braces",
            )
        )
    except Exception as exc:  # pybtex's parser raises plain errors on odd input
        problems.append(
            Problem(
                f"cannot read @string '{name}': {exc!r}", file=file, line=line, level=Level.WARNING
            )
        )


def _failed_block_problem(block: ParsingFailedBlock, file: str, line: int) -> Problem:
    raw = block.raw or ""
    match = _KEY_GUESS.search(raw)
    key = match.group(2) if match else None
    error = block.error
    detail = str(getattr(error, "abort_reason", None) or error or "").strip()
    detail = detail.splitlines()[0] if detail else ""
    low = detail.lower()
    if "after entry key, but found `@" in low:
        # bibtexparser's "entry key" here is a field name: the next entry's "@type{"
        # came where this entry's next field or closing brace was expected.
        return Problem(
            "this entry is not closed and is left out: the next entry starts where its "
            "next field or its closing brace should be",
            file=file,
            line=line,
            key=key,
            hint="end the entry with a } on a line of its own",
        )
    if "after entry key" in low:
        return Problem(
            f"this entry has no citation key and is left out: {detail}",
            file=file,
            line=line,
            key=None,
            hint="write a key after the brace: @article{smith2020, title = {...}, ...}",
        )
    if any(w in low for w in ("closing", "unexpected block start", "brace", "end of file")):
        hint = "a brace or quote is not closed; check that every { has its }"
    elif "comma" in low:
        hint = "fields must be separated by commas"
    else:
        hint = "compare it with a well-formed entry, e.g. @article{key, title = {...}, ...}"
    message = "this entry cannot be read and is left out"
    if detail:
        message += f": {detail}"
    return Problem(message, file=file, line=line, key=key, hint=hint)


@lru_cache(maxsize=1024)
def _field_start(name: str) -> re.Pattern[str]:
    """``name =`` (field names recur in every entry: compiled once)."""
    return re.compile(rf"{re.escape(name)}\s*=")


_NAME_CHAR = re.compile(r"[\w-]")


def _find_field(raw_text: str, name: str, cursor: int) -> re.Match[str] | None:
    r"""The first ``name =`` at or after ``cursor`` not preceded by a name character
    (what ``(?<![\w-])name\s*=`` finds, but without trying the look-behind at every
    position of the entry)."""
    pattern = _field_start(name)
    while True:
        found = pattern.search(raw_text, cursor)
        if found is None or found.start() == 0:
            return found
        if not _NAME_CHAR.match(raw_text, found.start() - 1):
            return found
        cursor = found.start() + 1


# Bare words read as themselves when no @string defines them (in any field: al-folio's
# booleans bibtex_show, selected and the badge switches altmetric and dimensions are
# written ``= true`` as often as ``= {true}``).
_BARE_WORDS = frozenset({"true", "false"})


def _evaluation_problem(name: str, exc: Exception) -> tuple[str, str]:
    """What to say, and the hint, when the value of field ``name`` cannot be evaluated."""
    text = str(exc) if isinstance(exc, PybtexError) else repr(exc)
    if isinstance(exc, PybtexError) and "undefined string" in text:
        macro = text.rsplit(":", 1)[-1].strip()
        return (
            f"field '{name}' uses @string '{macro}', which is not defined",
            f"define it with @string{{{macro} = {{...}}}} or put the value in braces",
        )
    return f"field '{name}' cannot be read: {text}", "put the value in braces: name = {value}"


def _build_entry(
    entry: Entry,
    line: int,
    file: str,
    evaluator: _ValueEvaluator,
    problems: list[Problem],
    source: str | None = None,
) -> RawEntry:
    fields: list[RawField] = []
    seen: set[str] = set()
    raw_text = entry.raw or ""
    cursor = 0
    for field in entry.fields:
        name = field.key.strip().lower()
        if name in seen:
            continue
        seen.add(name)
        raw_value = field.value if isinstance(field.value, str) else str(field.value)
        found = _find_field(raw_text, field.key, cursor)
        if found:
            cursor = found.end()
            field_line = line + raw_text.count("\n", 0, found.start())
        else:
            field_line = line
        # (The pattern needs a line break and an "=": most values have neither.)
        swallowed = (
            _SWALLOWED_FIELD.search(raw_value) if "\n" in raw_value and "=" in raw_value else None
        )
        if swallowed:
            # The comma belongs at the end of the line where the previous value ends.
            missing_line = field_line + raw_value.count("\n", 0, swallowed.start())
            problems.append(
                Problem(
                    f"a comma is missing before field '{swallowed.group(1)}': it was read "
                    f"as part of field '{name}'",
                    file=file,
                    line=missing_line,
                    key=entry.key,
                    hint=f"put a comma at the end of this line, before '{swallowed.group(1)} ='",
                )
            )
        value = _strip_delimiters(raw_value)
        if value is None:
            try:
                value = evaluator.evaluate(raw_value)
            except Exception as exc:  # pybtex's parser raises plain errors on odd input too
                if raw_value.strip().casefold() in _BARE_WORDS:
                    # bibtex_show = true: al-folio users write booleans bare.
                    fields.append(RawField(name=name, value=raw_value.strip().casefold(),
                                           line=field_line))  # fmt: skip
                    continue
                message, hint = _evaluation_problem(name, exc)
                problems.append(Problem(message, file=file, line=field_line, key=entry.key,
                                        level=Level.WARNING, hint=hint))  # fmt: skip
                value = _fallback_value(raw_value)
        fields.append(RawField(name=name, value=value, line=field_line))
    return RawEntry(
        key=entry.key.strip(),
        entry_type=entry.entry_type.lower(),
        fields=tuple(fields),
        file=file,
        line=line,
        source=source if source is not None else (entry.raw or ""),
    )


# The latest load of each file, by name (see latest.py).
_CACHE: LatestCache[LoadResult] = LatestCache(names=64)


def load_bytes(data: bytes, file: str) -> LoadResult:
    """Load BibTeX from bytes; the latest result for each file name is cached by
    content."""
    digest = hashlib.sha1(data).hexdigest()
    cached = _CACHE.get(file, digest)
    if cached is not None:
        return cached
    text, problems = decode(data, file)
    result = parse_text(text, file)
    result = LoadResult(
        file=file,
        entries=result.entries,
        problems=tuple(problems) + result.problems,
        preambles=result.preambles,
        digest=digest,
    )
    _CACHE.put(file, digest, result)
    return result


PIECE_CHARS = 1_000_000
"""Characters per piece of a large file (about 800 entries): see bib/pieces.py."""

# A line that opens a block (bibtexparser's block start, after a line break).
_BLOCK_LINE = re.compile(r"\n(?=@\w*[ \t]*[{(])")
# What bibtexparser reads as a @string block (anything from "@string" on).
_STRING_BLOCK = re.compile(r"@string\w*[ \t]*[{(]", re.IGNORECASE)


@dataclass(frozen=True)
class Pieces:
    """Where the pieces of a file's text start (:func:`split`)."""

    starts: tuple[int, ...]
    """Character offsets; the first is 0."""
    lines: tuple[int, ...]
    """The 1-based line each piece starts on."""
    strings_first: bool
    """Whether the first piece has @string blocks, which the others use."""


def split(text: str, size: int | None = None) -> Pieces:
    """Pieces of ``text`` of about ``size`` (PIECE_CHARS) characters, each starting on
    a line that opens a block, none before the end of the last @string (so that every
    piece after the first has the macros the first defines)."""
    size = size or PIECE_CHARS
    last_string = 0
    for string in _STRING_BLOCK.finditer(text):
        last_string = string.end()
    starts = [0]
    lines = [1]
    position = max(size, last_string)
    while position < len(text):
        found = _BLOCK_LINE.search(text, position)
        if found is None:
            break
        lines.append(lines[-1] + text.count("\n", starts[-1], found.end()))
        starts.append(found.end())
        position = found.end() + size
    return Pieces(starts=tuple(starts), lines=tuple(lines), strings_first=last_string > 0)


def parse_piece(
    text: str, file: str, first_line: int = 1, macros: Mapping[str, str] | None = None
) -> Piece:
    """The entries of one piece of a file (see :func:`split`) starting on line
    ``first_line``, with the file's @string ``macros`` defined before it."""
    return _parse_piece(text, file, first_line, _ValueEvaluator(macros))


def parse_first_piece(text: str, file: str) -> tuple[Piece, dict[str, str]]:
    """The entries of a file's first piece, and the @string macros it defines."""
    evaluator = _ValueEvaluator()
    piece = _parse_piece(text, file, 1, evaluator)
    return piece, evaluator.macros


def decode(data: bytes, file: str) -> tuple[str, tuple[Problem, ...]]:
    """A file's bytes as text, with a warning when it is not UTF-8 or is empty (the
    file's own problems, as load_bytes gives them)."""
    text, problems = _decode(data, file)
    if not text.strip():
        problems.append(
            Problem("the file is empty: it has no entries", file=file, level=Level.WARNING)
        )
    return text, tuple(problems)


def load_file(path: str | Path, display_name: str | None = None) -> LoadResult:
    """Load one .bib file. A missing or unreadable file is a problem, not an exception."""
    name = display_name or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return LoadResult(
            file=name,
            entries=(),
            problems=(
                Problem(
                    "the file does not exist",
                    file=name,
                    hint="check the path in mkdocs.yml (labsite: bib_files)",
                ),
            ),
        )
    except OSError as exc:
        return LoadResult(
            file=name,
            entries=(),
            problems=(Problem(f"the file cannot be read: {exc.strerror}", file=name),),
        )
    return load_bytes(data, name)


def load_files(paths: Iterable[tuple[str | Path, str]]) -> list[LoadResult]:
    """Load several files, given as ``(path, display name)`` pairs."""
    return [load_file(path, name) for path, name in paths]
