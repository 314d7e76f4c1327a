"""``labsite add``: entries exported by Google Scholar, Zotero or DBLP appended to a .bib
file, tidied, refusing those already there (same key, DOI, arXiv id or title)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    ParsingFailedBlock,
    String,
)

from labsite.bib.blocks import decode_exactly, entry_of, locate_blocks
from labsite.bib.load import RawEntry, load_file, parse_text
from labsite.bib.model import Paper, arxiv_id_of, build_papers, doi_of
from labsite.cli.common import ToolError, read_bytes
from labsite.cli.tidy import Untidyable, format_entry, keyword_lower
from labsite.text.names import fold

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


def papers_by_line(entries: Sequence[RawEntry]) -> dict[tuple[str, int], Paper]:
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
    sources: list[str] = field(default_factory=list)
    """The name of the source of each entry added, in the order of ``added``."""
    text: str = ""
    """What is (or would be) appended to the target."""


def _source_text(source: str, stdin: IO[str] | None) -> tuple[str, str]:
    if source == "-":
        stream = stdin or sys.stdin
        if stream.isatty():
            print("reading BibTeX from standard input (end with Ctrl-D)", file=sys.stderr)
        return "<stdin>", stream.read()
    data = read_bytes(source)
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
    generated: Callable[[set[str]], Sequence[tuple[str, str]]] | None = None,
) -> AddReport:
    """Append the sources' entries, tidied, to ``target``, refusing duplicates.

    An entry is refused when an entry of the target's folder (every .bib there but
    the sources), or one added before it, has the same key (case-insensitive), DOI,
    arXiv id or title (accents, case and punctuation ignored); and when it cannot be
    parsed. ``generated`` makes more sources, (name, BibTeX text), from the keys
    already taken (in lower case); standard input is read only when there is neither
    a source nor ``generated``."""
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
    papers = papers_by_line(existing)
    for before in existing:
        known.add(_identity(before, papers.get((before.file, before.line))), _where(before))

    report = AddReport()
    blocks: list[str] = []
    strings: list[str] = []
    texts = [_source_text(source, stdin) for source in sources or ([] if generated else ["-"])]
    if generated is not None:
        texts += generated(set(known.keys))
    for name, text in texts:
        text = text.replace("\r\n", "\n")
        items = locate_blocks(text) or []
        raws = {raw.line: raw for raw in parse_text(text, name).entries}
        source_papers = papers_by_line(list(raws.values()))
        found = 0
        for item in items:
            if isinstance(item.block, String):
                strings.append(keyword_lower(item.block.raw or "", "string"))
                continue
            entry = entry_of(item.block)
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
            except Untidyable as exc:
                report.refused.append(f"{here}: refused: {exc}")
                continue
            known.add(_identity(raw, source_papers.get((name, raw.line))), _where(raw))
            report.added.append(entry.key.strip())
            report.sources.append(name)
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
        decoded = decode_exactly(path.read_bytes())
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
    decoded = decode_exactly(data) if data else ("", "utf-8", b"")
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
