"""In-text citations in Markdown, in mkdocs-bibtex's syntax.

``[@key]``, ``[@a; @b]`` and ``[see @key, p. 3]`` become footnote references
(``[^key]``) with one footnote per cited entry, in order of first citation, placed
where the page says ``\\bibliography`` or else at its end; ``\\full_bibliography``
lists every entry. Code (fenced blocks, indented blocks, inline code), HTML comments
and raw ``<pre>``/``<code>`` elements are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field

BIB_COMMAND = "\\bibliography"
FULL_BIB_COMMAND = "\\full_bibliography"

# Regions of Markdown where "@key" is not a citation.
_PROTECTED = re.compile(
    r"""
    (?P<fence>^[ \t]{0,3}(?P<fchar>`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}(?P=fchar)[`~]*[ \t]*$|\Z))
    | (?P<comment><!--.*?(?:-->|\Z))
    | (?P<pre><(?P<tag>pre|code|script|style)\b.*?(?:</(?P=tag)\s*>|\Z))
    | (?P<inline>(?P<ticks>`+)(?:(?!\n[ \t]*\n).)+?(?P=ticks))
    """,
    re.MULTILINE | re.DOTALL | re.VERBOSE | re.IGNORECASE,
)
# A bracketed group that is not a link: [...], not followed by ( or [ or :.
_BLOCK = re.compile(r"(?<![\\!^])\[(?P<body>[^\[\]\n]*@[^\[\]\n]*)\](?![(\[:])")
# One citation: optional prefix, @key (or @{key}), optional ", suffix".
_CITATION = re.compile(
    r"^\s*(?P<prefix>(?:[^@]*\s)?)-?@(?:\{(?P<bkey>[^{}\s]+)\}|(?P<key>[\w][\w:.#$%&+?<>~/'-]*))"
    r"(?:\s*,\s*(?P<suffix>.+?))?\s*$",
    re.DOTALL,
)


@dataclass(frozen=True)
class Citation:
    key: str
    prefix: str = ""
    suffix: str = ""
    line: int = 0
    """1-based line in the page's Markdown."""


@dataclass
class CitationResult:
    markdown: str
    cited: list[str] = field(default_factory=list)
    """Keys cited, in order of first citation."""
    unknown: list[Citation] = field(default_factory=list)
    """Citations of keys that are not in the bibliography (left as written)."""


def _parse_block(body: str) -> list[Citation] | None:
    citations = []
    for part in body.split(";"):
        match = _CITATION.match(part)
        if not match:
            return None
        key = (match.group("bkey") or match.group("key") or "").rstrip(".,:;'")
        if not key:
            return None
        prefix = match.group("prefix").strip()
        citations.append(
            Citation(key=key, prefix=prefix, suffix=(match.group("suffix") or "").strip())
        )
    return citations


def _segments(markdown: str) -> list[tuple[str, bool]]:
    """Split into (text, protected) pieces."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in _PROTECTED.finditer(markdown):
        if match.start() > last:
            pieces.append((markdown[last : match.start()], False))
        pieces.append((match.group(0), True))
        last = match.end()
    if last < len(markdown):
        pieces.append((markdown[last:], False))
    return _protect_indented_code(pieces)


def _protect_indented_code(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Lines indented by four spaces after a blank line (and not in a list) are code."""
    result: list[tuple[str, bool]] = []
    for text, protected in pieces:
        if protected:
            result.append((text, True))
            continue
        lines = text.splitlines(keepends=True)
        in_code = False
        previous_blank = True
        in_list = False
        for line in lines:
            stripped = line.strip()
            if re.match(r"^\s{0,3}([-*+]|\d+[.)])\s", line):
                in_list = True
            elif not stripped:
                pass
            elif not line.startswith((" ", "\t")):
                in_list = False
            is_code = (
                line.startswith(("    ", "\t"))
                and bool(stripped)
                and (in_code or previous_blank)
                and not in_list
            )
            in_code = is_code or (in_code and not stripped)
            result.append((line, is_code))
            previous_blank = not stripped
    return result


def process(
    markdown: str,
    known: Container[str],
    reference: Callable[[str], str],
    all_keys: Callable[[], list[str]] | None = None,
    footnote_format: str = "{key}",
) -> CitationResult:
    """Replace citations in ``markdown``.

    ``known`` tells which keys exist; ``reference(key)`` gives a footnote's text (one
    line, Markdown-safe); ``all_keys()`` lists every key for ``\\full_bibliography``.
    """
    result = CitationResult(markdown=markdown)
    pieces: list[tuple[str, bool]] = []
    line = 1
    for text, protected in _segments(markdown):
        if not protected:
            text = _replace_blocks(text, line, known, result, footnote_format)
        pieces.append((text, protected))
        line += text.count("\n")

    notes = "\n".join(
        f"[^{footnote_format.format(key=key)}]: {reference(key)}" for key in result.cited
    )
    placed = False
    command = re.compile(rf"^[ \t]*{re.escape(BIB_COMMAND)}[ \t]*$", re.MULTILINE)
    full_command = re.compile(rf"^[ \t]*{re.escape(FULL_BIB_COMMAND)}[ \t]*$", re.MULTILINE)
    for index, (text, protected) in enumerate(pieces):
        if protected:
            continue
        if not placed and command.search(text):
            text = command.sub(lambda _: notes, text, count=1)
            placed = True
        if all_keys is not None and full_command.search(text):
            full = "\n\n".join(reference(k) for k in all_keys())
            text = full_command.sub(full.replace("\\", "\\\\"), text)
        pieces[index] = (text, protected)
    body = "".join(text for text, _ in pieces)
    if notes and not placed:
        body = body.rstrip("\n") + "\n\n" + notes + "\n"
    result.markdown = body
    return result


def _replace_blocks(
    text: str, first_line: int, known: Container[str], result: CitationResult, fmt: str
) -> str:
    def replace(match: re.Match[str]) -> str:
        citations = _parse_block(match.group("body"))
        if not citations:
            return match.group(0)
        line = first_line + text.count("\n", 0, match.start())
        parts = []
        for citation in citations:
            if citation.key not in known:
                result.unknown.append(
                    Citation(citation.key, citation.prefix, citation.suffix, line)
                )
                continue
            if citation.key not in result.cited:
                result.cited.append(citation.key)
            note = f"[^{fmt.format(key=citation.key)}]"
            piece = f"{citation.prefix} {note}" if citation.prefix else note
            if citation.suffix:
                piece += f" ({citation.suffix})"
            parts.append(piece)
        if not parts:
            return match.group(0)
        return " ".join(parts) if any(c.prefix or c.suffix for c in citations) else "".join(parts)

    return _BLOCK.sub(replace, text)
