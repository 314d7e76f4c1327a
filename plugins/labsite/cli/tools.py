"""Contributor tools behind ``labsite tidy``, ``add``, ``new`` and ``diff``.

*tidy* rewrites .bib files in one canonical form, so that pull requests change only
what they mean to change: lower-case entry types and field names, fields in
:data:`labsite.export.FIELD_ORDER`, ``name = {value}`` with each value as written
(LaTeX, ``@string`` macros and ``#`` concatenation kept as they are), one blank line
between entries. Comments, ``@string``, ``@preamble`` and ``@comment`` blocks stay
where they are, and what cannot be parsed is left byte for byte as it was. Values are
taken from bibtexparser's raw split (``parse_stack=[]``), never from evaluated text,
so that the tidied file reads back (through :mod:`labsite.load`) to the same entries.

*add* appends entries exported by Google Scholar, Zotero or DBLP to a .bib file,
tidied, and refuses those already there (same key, DOI, arXiv id or title). *new*
copies the site template shipped in ``template_site/``. *diff* lists the entries
added, changed and removed since a git revision, as Markdown.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import bibtexparser
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)

from labsite.bib.fields import FIELD_ORDER
from labsite.bib.load import RawEntry, load_bytes, load_file, parse_text
from labsite.bib.model import Paper, arxiv_id_of, build_papers, doi_of
from labsite.export.bibtex import braces_enclose
from labsite.text.names import fold

# bibtexparser logs each block it cannot parse; tidy reports them itself.
logging.getLogger("bibtexparser.splitter").setLevel(logging.ERROR)

SORTS = ("none", "key", "year")
TEMPLATE = Path(__file__).parent / "template_site"
PLACEHOLDER_NAME = "Your Name"


class ToolError(Exception):
    """A problem that ends a command: a one-line message and the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------
# Splitting a file into located blocks
# ---------------------------------------------------------------------------------------


@dataclass
class _Item:
    """A bibtexparser block (or text bibtexparser left between blocks) where it stands."""

    block: Block | None
    """``None`` for text between blocks that belongs to none (after a broken block)."""
    start: int
    end: int
    line: int
    gap: str
    """The text between the previous item and this one."""


def _locate(text: str) -> list[_Item] | None:
    """The file's blocks, each found where it stands in ``text``, in order; ``None``
    if a block's text cannot be found (then nothing may be rewritten)."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    items: list[_Item] = []
    cursor = 0
    line = 1
    for block in library.blocks:
        raw = block.raw or ""
        position = text.find(raw, cursor) if raw else -1
        if position < 0:
            return None
        gap = text[cursor:position]
        if gap.strip():
            # Text the splitter skipped (a character after a broken block): kept.
            leading = len(gap) - len(gap.lstrip())
            stripped = gap.strip()
            gap_start = cursor + leading
            gap_line = line + text.count("\n", cursor, gap_start)
            items.append(_Item(None, gap_start, gap_start + len(stripped), gap_line, gap[:leading]))
            cursor = gap_start + len(stripped)
            line = gap_line + stripped.count("\n")
            gap = text[cursor:position]
        line += text.count("\n", cursor, position)
        items.append(_Item(block, position, position + len(raw), line, gap))
        line += raw.count("\n")
        cursor = position + len(raw)
    tail = text[cursor:]
    if tail.strip():
        leading = len(tail) - len(tail.lstrip())
        start = cursor + leading
        items.append(
            _Item(None, start, len(text.rstrip()), line + tail.count("\n", 0, leading), "")
        )
    return items


# ---------------------------------------------------------------------------------------
# The canonical form of an entry
# ---------------------------------------------------------------------------------------

_RANK = {name: index for index, name in enumerate(FIELD_ORDER)}
# Keys and field names tidy writes as they are: no white space, no delimiters (an
# empty key, which BibTeX allows, included).
_KEY = re.compile(r"[^\s,{}]*")
_FIELD_NAME = re.compile(r"""[^\s"#%'(),={}\\@]+""")
_TYPE = re.compile(r"\w+")
_DIGITS = re.compile(r"[0-9]+")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


class _Untidyable(Exception):
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


def _field_rank(name: str) -> tuple[int, str]:
    return _RANK.get(name, len(FIELD_ORDER)), name


def format_entry(entry: Entry, indent: int = 2) -> str:
    """One parsed entry in tidy's canonical form (no final newline).

    Raises ``_Untidyable`` when its type, key or a field name is not plain BibTeX
    (then rewriting it could lose text)."""
    entry_type = entry.entry_type.strip().lower()
    key = entry.key.strip()
    if not _TYPE.fullmatch(entry_type):
        raise _Untidyable(f"its type '@{entry_type}' is not a plain word")
    if not _KEY.fullmatch(key):
        raise _Untidyable(f"its key '{key}' has spaces or delimiters in it")
    fields = []
    for item in entry.fields:
        name = item.key.strip().lower()
        if not _FIELD_NAME.fullmatch(name):
            shown = " ".join(name.split())
            raise _Untidyable(f"'{shown}' is not a field name (a comment inside the entry?)")
        value = item.value if isinstance(item.value, str) else str(item.value)
        fields.append((name, _canonical_value(value.strip())))
    fields.sort(key=lambda pair: _field_rank(pair[0]))  # stable: a repeated field stays first
    pad = " " * indent
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"{pad}{name} = {value}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def _entry_of(block: Block | None) -> Entry | None:
    if isinstance(block, Entry):
        return block
    if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)) and isinstance(
        block.ignore_error_block, Entry
    ):
        return block.ignore_error_block
    return None


def _year_of(entry: Entry) -> int | None:
    for item in entry.fields:
        if item.key.strip().lower() in ("year", "date"):
            match = _YEAR.search(str(item.value))
            if match:
                return int(match.group(1))
    return None


# ---------------------------------------------------------------------------------------
# tidy
# ---------------------------------------------------------------------------------------


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


def _keyword(raw: str, word: str) -> str:
    """``@STRING{...}`` as ``@string{...}``: the block's keyword in lower case."""
    return "@" + word + raw[1 + len(word) :] if raw[1 : 1 + len(word)].lower() == word else raw


def _pieces(text: str, file: str, indent: int, warnings: list[str]) -> list[_Piece] | None:
    items = _locate(text)
    if items is None:
        return None
    pieces: list[_Piece] = []
    index = 0
    while index < len(items):
        item = items[index]
        block = item.block
        entry = _entry_of(block)
        if entry is not None:
            try:
                pieces.append(_Piece("entry", format_entry(entry, indent), item.gap, entry))
            except _Untidyable as exc:
                warnings.append(f"{file}:{item.line}: entry '{entry.key}' kept as written: {exc}")
                pieces.append(_Piece("verbatim", text[item.start : item.end], item.gap))
            index += 1
        elif isinstance(block, ImplicitComment):
            pieces.append(_Piece("comment", _comment_text(block.raw or ""), item.gap))
            index += 1
        elif isinstance(block, String):
            pieces.append(_Piece("string", _keyword(block.raw or "", "string"), item.gap))
            index += 1
        elif isinstance(block, Preamble):
            pieces.append(_Piece("other", _keyword(block.raw or "", "preamble"), item.gap))
            index += 1
        elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, String
        ):  # a @string defined twice: BibTeX uses the last one; kept as it is
            pieces.append(_Piece("string", _keyword(block.raw or "", "string"), item.gap))
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


def _decode(data: bytes) -> tuple[str, str, bytes] | None:
    """(text, codec, BOM) of a .bib file's bytes, for UTF-8 and UTF-16; ``None`` for
    anything else (which tidy leaves alone)."""
    boms = (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    bom, codec = next(((b, c) for b, c in boms if data.startswith(b)), (b"", "utf-8"))
    body = data[len(bom) :]
    if not bom:
        sample = data[:4096]
        if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
            even, odd = sample[0::2].count(0), sample[1::2].count(0)
            codec = "utf-16-be" if even > odd else "utf-16-le"
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return None
    if text.encode(codec) != body:
        return None
    return text, codec, bom


def tidy_bytes(
    data: bytes, file: str, *, sort: str = "none", indent: int = 2
) -> tuple[bytes, list[str]]:
    """A .bib file's bytes tidied, in the file's own encoding (UTF-8 or UTF-16, with
    its BOM if it had one) and line ends (CRLF stays CRLF). A file in another
    encoding is returned as it is, with a warning."""
    decoded = _decode(data)
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


def default_bib_files(base: str | Path = ".") -> list[str]:
    """The .bib files of ``base``/bib, as ``bib/name.bib``."""
    return sorted(f"bib/{p.name}" for p in Path(base, "bib").glob("*.bib"))


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ToolError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ToolError(f"{path}: is a folder, not a .bib file") from None
    except OSError as exc:
        raise ToolError(f"{path}: cannot be read: {exc.strerror}") from None


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
    contents = [(name, _read(name)) for name in files]
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


# ---------------------------------------------------------------------------------------
# add
# ---------------------------------------------------------------------------------------

_ARXIV_IN_TEXT = re.compile(
    r"arxiv(?:\.org/(?:abs|pdf)/|[\s.:/]*)((?:\d{4}\.\d{4,5})|(?:[a-z\-]+(?:\.[a-z]{2})?/\d{7}))",
    re.IGNORECASE,
)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_VERSION = re.compile(r"v\d+$")


@dataclass(frozen=True)
class _Identity:
    key: str
    doi: str
    arxiv: frozenset[str]
    title: str


def _normal_title(title: str) -> str:
    return "".join(c for c in fold(title) if c.isalnum())


def _identity(raw: RawEntry, paper: Paper | None) -> _Identity:
    fields = raw.field_map
    doi = doi_of(fields["doi"]).strip().casefold() if fields.get("doi", "").strip() else ""
    ids: set[str] = set()
    if paper is not None and paper.arxiv:
        ids.add(paper.arxiv)
    if fields.get("arxiv"):
        found = arxiv_id_of(fields["arxiv"])
        if found:
            ids.add(found)
    doi_match = _ARXIV_DOI.match(doi)
    if doi_match:
        ids.add(doi_match.group(1))
    for name in ("url", "journal", "eprint", "note", "howpublished", "pdf"):
        for match in _ARXIV_IN_TEXT.finditer(fields.get(name, "")):
            ids.add(match.group(1))
    arxiv = frozenset(_VERSION.sub("", i).casefold() for i in ids)
    title = ""
    if fields.get("title", "").strip():
        title = _normal_title(paper.title if paper is not None else fields["title"])
    return _Identity(raw.key.casefold(), doi, arxiv, title)


@dataclass
class _Known:
    """Where each key, DOI, arXiv id and title was seen first."""

    keys: dict[str, str] = field(default_factory=dict)
    dois: dict[str, str] = field(default_factory=dict)
    arxiv: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def add(self, identity: _Identity, where: str) -> None:
        self.keys.setdefault(identity.key, where)
        if identity.doi:
            self.dois.setdefault(identity.doi, where)
        for arxiv_id in identity.arxiv:
            self.arxiv.setdefault(arxiv_id, where)
        if identity.title:
            self.titles.setdefault(identity.title, where)

    def duplicate(self, identity: _Identity) -> str | None:
        if identity.key in self.keys:
            return f"same key as {self.keys[identity.key]}"
        if identity.doi and identity.doi in self.dois:
            return f"same DOI ({identity.doi}) as {self.dois[identity.doi]}"
        for arxiv_id in sorted(identity.arxiv):
            if arxiv_id in self.arxiv:
                return f"same arXiv id ({arxiv_id}) as {self.arxiv[arxiv_id]}"
        if identity.title and identity.title in self.titles:
            return f"same title as {self.titles[identity.title]}"
        return None


def _papers_by_line(entries: Sequence[RawEntry]) -> dict[tuple[str, int], Paper]:
    papers, _ = build_papers(entries)
    return {(p.file, p.line): p for p in papers}


def _where(raw: RawEntry) -> str:
    return f"entry '{raw.key}' at {raw.file}:{raw.line}"


@dataclass
class AddReport:
    added: list[str] = field(default_factory=list)
    """Keys of the entries added (or that would be)."""
    refused: list[str] = field(default_factory=list)
    """One message per entry refused."""
    text: str = ""
    """What is (or would be) appended to the target."""


def _source_text(source: str, stdin: IO[str] | None) -> tuple[str, str]:
    if source == "-":
        stream = stdin or sys.stdin
        if stream.isatty():
            print("reading BibTeX from standard input (end with Ctrl-D)", file=sys.stderr)
        return "<stdin>", stream.read()
    data = _read(source)
    try:
        return source, data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ToolError(f"{source}: not UTF-8; convert it first (iconv -t UTF-8)", 1) from None


def add_entries(
    sources: Sequence[str],
    target: str,
    *,
    dry_run: bool = False,
    stdin: IO[str] | None = None,
) -> AddReport:
    """Append the sources' entries, tidied, to ``target``, refusing duplicates.

    An entry is refused when an entry of the target's folder (every .bib there but
    the sources), or one added before it, has the same key (case-insensitive), DOI,
    arXiv id or title (accents, case and punctuation ignored); and when it cannot be
    parsed."""
    target_path = Path(target)
    if target_path.is_dir():
        raise ToolError(f"{target}: is a folder; give a .bib file with --to")
    existing_files = [target_path] if target_path.exists() else []
    folder = target_path.parent
    if folder.is_dir():
        # Every other .bib of the folder, but for the files being added.
        skip = {target_path.resolve(), *(Path(s).resolve() for s in sources if s != "-")}
        existing_files += sorted(p for p in folder.glob("*.bib") if p.resolve() not in skip)
    existing: list[RawEntry] = []
    for path in existing_files:
        name = target if path == target_path else str(path)
        existing.extend(load_file(path, name).entries)
    known = _Known()
    papers = _papers_by_line(existing)
    for before in existing:
        known.add(_identity(before, papers.get((before.file, before.line))), _where(before))

    report = AddReport()
    blocks: list[str] = []
    strings: list[str] = []
    for source in sources or ["-"]:
        name, text = _source_text(source, stdin)
        text = text.replace("\r\n", "\n")
        items = _locate(text) or []
        raws = {raw.line: raw for raw in parse_text(text, name).entries}
        source_papers = _papers_by_line(list(raws.values()))
        found = 0
        for item in items:
            if isinstance(item.block, String):
                strings.append(_keyword(item.block.raw or "", "string"))
                continue
            entry = _entry_of(item.block)
            if entry is None:
                if isinstance(item.block, ParsingFailedBlock):
                    found += 1
                    report.refused.append(
                        f"{name}:{item.line}: this entry cannot be parsed; nothing added from it"
                    )
                continue
            found += 1
            raw = raws.get(item.line)
            here = f"{name}:{item.line}: entry '{entry.key}'"
            if isinstance(item.block, DuplicateBlockKeyBlock):
                first = next((r for r in raws.values() if r.key == entry.key), None)
                where = _where(first) if first is not None else "an earlier entry"
                report.refused.append(f"{here}: refused: same key as {where}")
                continue
            if raw is None:
                report.refused.append(f"{here}: refused: it cannot be read")
                continue
            duplicate = known.duplicate(_identity(raw, source_papers.get((name, raw.line))))
            if duplicate is not None:
                report.refused.append(f"{here}: refused: {duplicate}")
                continue
            try:
                blocks.append(format_entry(entry))
            except _Untidyable as exc:
                report.refused.append(f"{here}: refused: {exc}")
                continue
            known.add(_identity(raw, source_papers.get((name, raw.line))), _where(raw))
            report.added.append(entry.key.strip())
        if not found:
            report.refused.append(f"{name}: no BibTeX entries found")
    if not blocks:
        return report
    report.text = "\n\n".join(_new_strings(strings, existing_files, target_path) + blocks) + "\n"
    if not dry_run:
        _append(target_path, target, report.text)
    return report


def _new_strings(strings: list[str], files: Iterable[Path], target: Path) -> list[str]:
    """The sources' @string blocks whose names the target's folder does not define."""
    if not strings:
        return []
    defined: set[str] = set()
    for path in files:
        decoded = _decode(path.read_bytes())
        if decoded is not None:
            library = bibtexparser.parse_string(decoded[0], parse_stack=[])
            defined |= {s.key.casefold() for s in library.strings}
    out = []
    for raw in strings:
        library = bibtexparser.parse_string(raw, parse_stack=[])
        names = {s.key.casefold() for s in library.strings}
        if names and not names <= defined:
            out.append(raw)
            defined |= names
    return out


def _append(path: Path, name: str, addition: str) -> None:
    try:
        data = path.read_bytes() if path.exists() else b""
    except OSError as exc:
        raise ToolError(f"{name}: cannot be read: {exc.strerror}", 1) from None
    decoded = _decode(data) if data else ("", "utf-8", b"")
    if decoded is None or decoded[1] != "utf-8":
        raise ToolError(f"{name}: not UTF-8; convert it before adding entries to it", 1)
    text = decoded[0]
    crlf = "\r\n" in text and text.count("\n") == text.count("\r\n")
    if text.strip():
        text = text.rstrip("\r\n") + ("\r\n" if crlf else "\n")
        text += "\r\n" if crlf else "\n"
    else:
        text = ""
    text += addition.replace("\n", "\r\n") if crlf else addition
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(decoded[2] + text.encode("utf-8"))
    except OSError as exc:
        raise ToolError(f"{name}: cannot be written: {exc.strerror}", 1) from None


# ---------------------------------------------------------------------------------------
# new
# ---------------------------------------------------------------------------------------

_BAD_NAME = re.compile(r"[{}\\\x00-\x1f\x7f]")


def new_site(folder: str, name: str | None = None) -> list[Path]:
    """Copy the site template into ``folder`` (which must be empty or not exist),
    with ``name`` in place of the placeholder owner name. Returns the files written."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ToolError(f"{folder}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise ToolError(f"{folder}: the folder is not empty; give a new or empty folder")
    owner = PLACEHOLDER_NAME if name is None else " ".join(name.split())
    if not owner or _BAD_NAME.search(owner):
        raise ToolError(f"--name {name!r}: give a plain name, without braces or backslashes")
    if not TEMPLATE.is_dir():
        raise ToolError(f"the site template is missing from the installed package ({TEMPLATE})", 1)
    written: list[Path] = []
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(TEMPLATE)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in (".yml", ".md", ".bib") and owner != PLACEHOLDER_NAME:
            text = source.read_text(encoding="utf-8")
            if source.suffix == ".yml":
                # In YAML the name is a double-quoted string; JSON's quoting is valid there.
                quoted = json.dumps(owner, ensure_ascii=False)
                text = text.replace(f'"{PLACEHOLDER_NAME}"', quoted)
            text = text.replace(PLACEHOLDER_NAME, owner)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    return written


# ---------------------------------------------------------------------------------------
# diff
# ---------------------------------------------------------------------------------------


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise ToolError("git is not installed (or not on PATH)") from None


@dataclass
class _Side:
    entries: dict[str, RawEntry] = field(default_factory=dict)
    papers: dict[tuple[str, int], Paper] = field(default_factory=dict)

    def title(self, raw: RawEntry) -> str:
        paper = self.papers.get((raw.file, raw.line))
        return paper.title if paper is not None else raw.get("title", "") or ""


def _side(contents: Sequence[tuple[str, bytes]]) -> _Side:
    raws: list[RawEntry] = []
    for name, data in contents:
        if data:
            raws.extend(load_bytes(data, name).entries)
    side = _Side(papers=_papers_by_line(raws))
    for raw in raws:
        side.entries.setdefault(raw.key, raw)
    return side


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def _md(text: str) -> str:
    """Text for a Markdown line: one line, special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _code(text: str, limit: int = 100) -> str:
    """A value as inline code: one line, shortened to ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text:
        return "(empty)"
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def diff_markdown(rev: str, files: Sequence[str], cwd: str | Path = ".") -> str:
    """The entries added, changed (field by field) and removed in ``files`` since git
    revision ``rev``, as Markdown. Files default to ``bib/*.bib``, now and at ``rev``."""
    here = Path(cwd).resolve()
    top = _git(["rev-parse", "--show-toplevel"], here)
    if top.returncode != 0:
        raise ToolError(f"{here} is not in a git repository")
    root = Path(top.stdout.decode("utf-8", "replace").strip()).resolve()
    if rev.startswith("-") or not rev.strip():
        raise ToolError(f"unknown revision '{rev}'")
    verify = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], here)
    if verify.returncode != 0:
        raise ToolError(f"unknown revision '{rev}' (not a commit of this repository)")
    commit = verify.stdout.decode().strip()

    names = list(files)
    if not names:
        names = default_bib_files(here)
        listed = _git(["ls-tree", "--name-only", commit, "--", "bib/"], here)
        if listed.returncode == 0:
            for line in listed.stdout.decode("utf-8", "replace").splitlines():
                if line.endswith(".bib") and line not in names:
                    names.append(line)
        names.sort()
    if not names:
        raise ToolError("no .bib files given and none in bib/ (now or at the revision)")
    old: list[tuple[str, bytes]] = []
    new: list[tuple[str, bytes]] = []
    for name in names:
        path = (here / name).resolve()
        try:
            in_repo = path.relative_to(root).as_posix()
        except ValueError:
            raise ToolError(f"{name}: not inside the repository {root}") from None
        shown = _git(["show", f"{commit}:{in_repo}"], root)
        old.append((name, shown.stdout if shown.returncode == 0 else b""))
        try:
            new.append((name, path.read_bytes()))
        except FileNotFoundError:
            if shown.returncode != 0:
                raise ToolError(f"{name}: no such file, now or at {rev}") from None
            new.append((name, b""))  # deleted since: all its entries are removed
        except OSError as exc:
            raise ToolError(f"{name}: cannot be read: {exc.strerror}", 1) from None
    return _markdown(rev, _side(old), _side(new))


def _markdown(rev: str, old: _Side, new: _Side) -> str:
    added = [raw for key, raw in new.entries.items() if key not in old.entries]
    removed = [raw for key, raw in old.entries.items() if key not in new.entries]
    changed: list[tuple[RawEntry, list[str]]] = []
    for key, raw in new.entries.items():
        before = old.entries.get(key)
        if before is None:
            continue
        lines: list[str] = []
        if before.entry_type != raw.entry_type:
            lines.append(f"type: {_code('@' + before.entry_type)} → {_code('@' + raw.entry_type)}")
        was, now = before.field_map, raw.field_map
        for name in sorted(set(was) | set(now), key=_field_rank):
            if was.get(name) == now.get(name):
                continue
            left = _code(was[name]) if name in was else "(none)"
            right = _code(now[name]) if name in now else "(none)"
            lines.append(f"{_md(name)}: {left} → {right}")
        if lines:
            changed.append((raw, lines))

    def bullet(raw: RawEntry, side: _Side) -> str:
        title = side.title(raw)
        return f"- {_code(raw.key)}: {_md(title)}" if title else f"- {_code(raw.key)}"

    out = [f"## Bibliography changes since {_code(rev)}", ""]
    if not (added or changed or removed):
        out.append("No entries added, changed or removed.")
        return "\n".join(out) + "\n"
    out += [f"{len(added)} added, {len(changed)} changed, {len(removed)} removed.", ""]
    if added:
        out += ["### Added", "", *(bullet(raw, new) for raw in added), ""]
    if changed:
        out += ["### Changed", ""]
        for raw, lines in changed:
            out.append(bullet(raw, new))
            out += [f"  - {line}" for line in lines]
        out.append("")
    if removed:
        out += ["### Removed", "", *(bullet(raw, old) for raw in removed), ""]
    return "\n".join(out).rstrip("\n") + "\n"
