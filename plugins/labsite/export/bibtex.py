"""The bibliography as BibTeX: written by bibtexparser from the fields as they are in
the source (LaTeX kept, ``@string``, ``#`` and ``crossref`` already resolved), in one
canonical field order (:data:`labsite.bib.fields.FIELD_ORDER`), so that it reads back
(through :mod:`labsite.bib.load` and :mod:`labsite.bib.model`) to the same papers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import bibtexparser
from bibtexparser import BibtexFormat
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field

from labsite.bib.fields import CUSTOM_FIELDS, FIELD_ORDER
from labsite.bib.load import parse_text
from labsite.bib.model import Paper
from labsite.export.common import MEMO, PART
from labsite.settings import Settings
from labsite.text.names import without_markers

__all__ = [
    "CitationBibtex", "braces_enclose", "citation_bibtex", "to_bibtex", "to_bibtex_entry",
    "written_value",
]  # fmt: skip


_RANK = {name: index for index, name in enumerate(FIELD_ORDER)}
_DROPPED = frozenset({"crossref"})
# Fields of CUSTOM_FIELDS that BibTeX styles or biblatex know as well: a .bib without
# labsite's own fields keeps them.
_STANDARD = frozenset({"url", "doi", "abstract", "keywords"})

# What bibtexparser's splitter counts as a brace: one not right after a backslash.
_SPLITTER_BRACE = re.compile(r"(?<!\\)[{}]")
_UNWRITABLE = re.compile(r'[{}\\"#]')
_LINE_START_AT = re.compile(r"\n\s*@")


def braces_enclose(value: str) -> bool:
    """Whether ``{value}`` is one braced string to bibtexparser's splitter: its braces
    (as the splitter counts them) never close the outer one early, and all close, and
    no final backslash escapes the closing one."""
    if value.endswith("\\"):
        return False
    depth = 1
    for match in _SPLITTER_BRACE.finditer(value):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return False
    return depth == 1


def _reads_back(value: str, written: str) -> bool:
    """Whether ``written`` as a field value reads back through :mod:`labsite.load` as
    ``value`` exactly (the full check, for values the fast one cannot decide)."""
    text = f"@misc{{labsite,\n  value = {written},\n  end = {{}},\n}}\n"
    entries = parse_text(text, "<export>").entries
    return len(entries) == 1 and [(f.name, f.value) for f in entries[0].fields] == [
        ("value", value),
        ("end", ""),
    ]


def _end_space(value: str) -> str:
    """A final backslash would escape the closing delimiter: "\\ " is a LaTeX space."""
    return value + " " if value.endswith("\\") else value


def _balance(value: str) -> str:
    """The value without the braces that have no partner (as bibtexparser counts)."""
    out: list[str] = []
    opened: list[int] = []
    previous = ""
    for char in value:
        if char in "{}" and previous != "\\":
            if char == "{":
                opened.append(len(out))
            elif opened:
                opened.pop()
            else:
                previous = char
                continue
        out.append(char)
        previous = char
    for position in reversed(opened):
        del out[position]
    return "".join(out)


def _repairs(value: str) -> Iterator[str]:
    """Ever larger changes to a value that cannot be written as it is, so that it can:
    a space after a final backslash, unmatched braces left out, no "@" at the start
    of a line (it would start a new entry), white space made single spaces (as pybtex
    reads values with "#")."""
    current = _end_space(value)
    yield current
    for step in (_balance, lambda v: _LINE_START_AT.sub(" @", v), lambda v: " ".join(v.split())):
        current = _end_space(step(current))
        yield current


def _encode(value: str) -> tuple[str, str]:
    """The text and enclosing (``{`` or ``"``) that a field value is written with.

    The text is ``value`` itself whenever some enclosing reads back unchanged; else a
    minimal repair of it (see :func:`written_value`)."""
    if "#" not in value and not _LINE_START_AT.search(value) and braces_enclose(value):
        return value, "{"  # nearly every value: decided without parsing
    return _encode_by_parsing(value)


@lru_cache(maxsize=4096)
def _encode_by_parsing(value: str) -> tuple[str, str]:
    for candidate in (value, *_repairs(value)):
        for opening, closing in (("{", "}"), ('"', '"')):
            if _reads_back(candidate, f"{opening}{candidate}{closing}"):
                return candidate, opening
    # Nothing left that could end or open a value early.
    return " ".join(_UNWRITABLE.sub("", value).split()), "{"


def written_value(value: str) -> str:
    """A raw field value as the .bib export writes it.

    Args:
        value: The value as in ``Paper.fields`` (raw LaTeX, without delimiters).

    Returns:
        ``value`` unchanged whenever it can be written so that it reads back as it is:
        in braces, or in quotes when its braces do not balance (as in ``title = "An
        {unbalanced brace"``). A value that no delimiter can hold is repaired as
        little as possible: a space after a final backslash (which would escape the
        closing delimiter), then braces without partner left out, then no ``@`` at
        the start of a line (it would start an entry), then single spaces (as pybtex
        reads values with ``#``). Either way, the export reads back as this value.
    """
    return _encode(value)[0]


def _field_names(paper: Paper, keep_custom: bool) -> list[str]:
    names = [n for n in paper.fields if n not in _DROPPED]
    if not keep_custom:
        names = [n for n in names if n not in CUSTOM_FIELDS or n in _STANDARD]
    names.sort(key=lambda n: (_RANK.get(n, len(FIELD_ORDER)), n))
    return names


def _format() -> BibtexFormat:
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.trailing_comma = True
    return fmt


_FORMAT = _format()


def to_bibtex_entry(paper: Paper, *, keep_custom: bool = True) -> str:
    """One paper as a .bib entry (the per-paper download).

    Args:
        paper: The paper.
        keep_custom: Keep labsite's and al-folio's own fields (``model.CUSTOM_FIELDS``);
            when false, only fields BibTeX and biblatex know are written (``url``,
            ``doi``, ``abstract`` and ``keywords`` are kept).

    Returns:
        ``@type{key,`` and one ``name = {value},`` line per field, as written in the
        source (LaTeX kept), ``crossref`` left out since its fields are merged in.
    """
    return MEMO.get(("bibtex", keep_custom), paper, _to_bibtex_entry)


def _to_bibtex_entry(paper: Paper, keep_custom: bool) -> str:
    fields = []
    for name in _field_names(paper, keep_custom):
        text, enclosing = _encode(paper.fields[name])
        fields.append(Field(name, text, enclosing=enclosing))
    return _write(paper, fields)


def _write(paper: Paper, fields: list[Field]) -> str:
    library = bibtexparser.Library([Entry(paper.entry_type, paper.key, fields)])
    enclose = AddEnclosingMiddleware(
        reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{"
    )
    text = str(bibtexparser.write_string(library, unparse_stack=[enclose], bibtex_format=_FORMAT))
    if paper.key.endswith("\\"):
        # "key\," would read as an escaped comma: a space ends the key (and is not kept).
        text = text.replace(f"{{{paper.key},", f"{{{paper.key} ,", 1)
    return text


def to_bibtex(papers: Sequence[Paper], *, keep_custom: bool = True) -> str:
    """One normalized .bib of the papers, in the order given.

    Args:
        papers: The papers; a key given twice is written twice.
        keep_custom: See :func:`to_bibtex_entry`.

    Returns:
        The entries, a blank line between two, each as :func:`to_bibtex_entry` writes
        it. Read back with ``load.parse_text`` and ``model.build_papers``, they give
        the same papers (but for ``file``, ``line`` and ``source``).
    """
    return "\n".join(to_bibtex_entry(p, keep_custom=keep_custom) for p in papers)


def to_bibtex_parts(papers: Sequence[Paper], *, keep_custom: bool = True) -> Iterator[str]:
    """:func:`to_bibtex`, in parts that joined are its text (a build writes them in
    turn, never holding the whole; nothing is kept for ``mkdocs serve``)."""
    for start in range(0, len(papers), PART):
        yield ("\n" if start else "") + "\n".join(
            _to_bibtex_entry(p, keep_custom) for p in papers[start : start + PART]
        )


_PEOPLE_FIELDS = ("author", "editor")


@dataclass(frozen=True)
class CitationBibtex:
    """The BibTeX of a paper as a visitor sees and downloads it: the citation, without
    the site's own fields (``hide``) and, with ``markers``, without the author markers
    (``*``, ``†``...) written after names."""

    hide: frozenset[str] = frozenset()
    markers: bool = True

    @property
    def cache_id(self) -> str:
        """What the output depends on beyond the paper (for the cache of lists)."""
        return f"{__name__}.CitationBibtex:{sorted(self.hide)!r}:{self.markers!r}"

    def __call__(self, paper: Paper) -> str:
        return MEMO.get(("bibtex-cite", self.hide, self.markers), paper, _cited_entry)


def _cited_entry(paper: Paper, hide: frozenset[str], markers: bool) -> str:
    fields = []
    for name in _field_names(paper, True):
        if name in hide:
            continue
        value = paper.fields[name]
        if name in _PEOPLE_FIELDS and markers:
            value = without_markers(value)
        text, enclosing = _encode(value)
        fields.append(Field(name, text, enclosing=enclosing))
    return _write(paper, fields)


def citation_bibtex(settings: Settings) -> CitationBibtex:
    """The BibTeX of the site's papers as visitors see it (see :class:`CitationBibtex`)."""
    return CitationBibtex(hide=frozenset(settings.bibtex_hide_fields))
