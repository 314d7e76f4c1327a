"""A .bib file's blocks where they stand in its text, and its bytes read back exactly.

Shared by the loader (line numbers) and by ``labsite tidy`` and ``add`` (which rewrite
a file and must keep every byte they do not mean to change).
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import Block, DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry

# bibtexparser logs each block it cannot parse; labsite reports them itself, with a hint.
logging.getLogger("bibtexparser.splitter").setLevel(logging.ERROR)


def utf16_encoding(data: bytes) -> str | None:
    """ "utf-16" (with BOM), "utf-16-le" or "utf-16-be" (zero bytes in every other place
    of ASCII text), or None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    if even_zeros > 3 * max(odd_zeros, 1):
        return "utf-16-be"
    if odd_zeros > 3 * max(even_zeros, 1):
        return "utf-16-le"
    return None


@dataclass
class Located:
    """A bibtexparser block (or text bibtexparser left between blocks) where it stands."""

    block: Block | None
    """``None`` for text between blocks that belongs to none (after a broken block)."""
    start: int
    end: int
    line: int
    gap: str
    """The text between the previous item and this one."""


def locate_blocks(text: str) -> list[Located] | None:
    """The file's blocks, each found where it stands in ``text``, in order; ``None``
    if a block's text cannot be found (then nothing may be rewritten)."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    items: list[Located] = []
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
            items.append(
                Located(None, gap_start, gap_start + len(stripped), gap_line, gap[:leading])
            )
            cursor = gap_start + len(stripped)
            line = gap_line + stripped.count("\n")
            gap = text[cursor:position]
        line += text.count("\n", cursor, position)
        items.append(Located(block, position, position + len(raw), line, gap))
        line += raw.count("\n")
        cursor = position + len(raw)
    tail = text[cursor:]
    if tail.strip():
        leading = len(tail) - len(tail.lstrip())
        start = cursor + leading
        items.append(
            Located(None, start, len(text.rstrip()), line + tail.count("\n", 0, leading), "")
        )
    return items


def entry_of(block: Block | None) -> Entry | None:
    if isinstance(block, Entry):
        return block
    if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)) and isinstance(
        block.ignore_error_block, Entry
    ):
        return block.ignore_error_block
    return None


def decode_exactly(data: bytes) -> tuple[str, str, bytes] | None:
    """(text, codec, BOM) of a .bib file's bytes, for UTF-8 and UTF-16; ``None`` for
    anything else (which tidy leaves alone)."""
    boms = (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    bom, codec = next(((b, c) for b, c in boms if data.startswith(b)), (b"", "utf-8"))
    body = data[len(bom) :]
    if not bom:  # UTF-16 without a BOM: told by its zero bytes, as the loader tells it
        codec = utf16_encoding(data) or "utf-8"
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return None
    if text.encode(codec) != body:
        return None
    return text, codec, bom
