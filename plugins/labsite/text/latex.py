"""LaTeX to Unicode for displayed text, through pylatexenc.

Only text that shows LaTeX markup goes through pylatexenc (it is by far the slowest
step of the pipeline); plain text is returned as it is. Math (``$...$``) is kept
verbatim for the site's math renderer. Results are cached, since the same names and
venues recur across entries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from pylatexenc import latexencode, latexwalker
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import MacroSpec


def _plain(value: str) -> str:
    """Text with only grouping braces, ties, dashes and quotes, as pylatexenc shows it."""
    text = value.replace("{", "").replace("}", "").replace("~", " ")
    text = text.replace("---", "\u2014").replace("--", "\u2013")
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    return text.replace("!`", "\u00a1").replace("?`", "\u00bf")


def _with_simple_math(value: str) -> str | None:
    """Text whose only markup beyond :func:`_plain`'s is ``$...$`` math without
    ``%``, ``\\$`` or unbalanced braces (math stays as written, as pylatexenc's
    verbatim math mode keeps it); ``None`` when only a real parse will do."""
    if value.count("$") % 2 or any(s in value for s in _MATH_UNSAFE) or _LIGATURE.search(value):
        return None
    parts = _MATH_PARTS.split(value)
    for index, part in enumerate(parts):
        if index % 2:
            if not _balanced(part):
                return None
        elif _NEEDS_PARSER.search(part) or not _balanced(part):
            return None
    text = "".join(part if index % 2 else _plain(part) for index, part in enumerate(parts))
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


# Characters that can make a difference in LaTeX; text without any is plain.
_LATEX_TRIGGER = re.compile(r"[\\{}$~%&]|--|``|''|!`|\?`")
_SPACES = re.compile(r"\s+")
# Characters for which only a real LaTeX parse will do.
_NEEDS_PARSER = re.compile(r"[\\$%&#^_]")
# What :func:`_with_simple_math` leaves to pylatexenc (``!`` and ``?`` before a
# backquote read differently next to other quotes).
_MATH_UNSAFE = ("%", "\\$", "$$", "!`", "?`")
# A brace between dashes or quotes: pylatexenc reads each group on its own.
_LIGATURE = re.compile(r"[-`'][{}]|[{}][-`']")
# Text and ``$...$`` math, alternately.
_MATH_PARTS = re.compile(r"(\$[^$]+\$)")


def _balanced(value: str) -> bool:
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _arg_verbatim(node: latexwalker.LatexMacroNode, index: int) -> str:
    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    if index >= len(args) or args[index] is None:
        return ""
    arg = args[index]
    if isinstance(arg, latexwalker.LatexGroupNode):
        text = "".join(n.latex_verbatim() for n in arg.nodelist)
    else:
        text = str(arg.latex_verbatim())
    return _URL_ESCAPE.sub(r"\1", text)


def _read_aas_macros() -> Mapping[str, str]:
    """The AAS journal macros (``\\apj``, ``\\mnras``...) and the journals' names."""
    table: dict[str, str] = {}
    text = (Path(__file__).parent / "aas_macros.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            macro, name = line.split("\t")
            table[macro] = name
    return MappingProxyType(table)


AAS_MACROS: Mapping[str, str] = _read_aas_macros()
"""ADS exports write journals as AAS macros (``journal = {\\apj}``): each shows as the
journal's name."""


def _make_converter() -> tuple[LatexNodes2Text, latexwalker.LatexContextDb]:
    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category(
        "labsite",
        prepend=True,
        macros=[
            MacroSpec("url", "{"),
            MacroSpec("href", "{{"),
            MacroSpec("doi", "{"),
            MacroSpec("path", "{"),
            MacroSpec("nolinkurl", "{"),
            MacroSpec("noopsort", "{"),
            MacroSpec("SortNoop", "{"),
        ],
    )
    text_db = get_default_latex_context_db()
    text_db.add_context_category(
        "labsite",
        prepend=True,
        macros=[
            # URLs and paths are shown as written (no "~" to no-break space).
            MacroTextSpec("url", simplify_repl=lambda n, **kw: _arg_verbatim(n, 0)),
            MacroTextSpec("nolinkurl", simplify_repl=lambda n, **kw: _arg_verbatim(n, 0)),
            MacroTextSpec("path", simplify_repl=lambda n, **kw: _arg_verbatim(n, 0)),
            MacroTextSpec("doi", simplify_repl=lambda n, **kw: _arg_verbatim(n, 0)),
            # Logos pylatexenc drops.
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("TeX", simplify_repl="TeX"),
            MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
            MacroTextSpec("LaTeXe", simplify_repl="LaTeX2ε"),
            # \href{url}{text} shows its text.
            MacroTextSpec("href", simplify_repl="%(2)s"),
            # Sorting tricks print nothing.
            MacroTextSpec("noopsort", simplify_repl=""),
            MacroTextSpec("SortNoop", simplify_repl=""),
            # Commands pylatexenc reads but shows nothing for: their text.
            MacroTextSpec("texttt", simplify_repl="%(1)s"),
            MacroTextSpec("mbox", simplify_repl="%(1)s"),
            MacroTextSpec("hbox", simplify_repl="%(1)s"),
            MacroTextSpec("slash", simplify_repl="/"),
            MacroTextSpec("textbar", simplify_repl="|"),
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            *(MacroTextSpec(macro, simplify_repl=name) for macro, name in AAS_MACROS.items()),
        ],
    )
    converter = LatexNodes2Text(
        latex_context=text_db,
        math_mode="verbatim",
        strict_latex_spaces="macros",
    )
    return converter, walker_db


_CONVERTER, _WALKER_DB = _make_converter()


_URL_ARG = re.compile(r"(\\(?:url|nolinkurl|path)\s*\{)([^{}]*)\}")
_DOLLAR = "LABSITELITERALDOLLAR"


class LatexConversionError(ValueError):
    """pylatexenc could not read the text."""


@lru_cache(maxsize=65536)
def to_text(value: str) -> str:
    """Turn a BibTeX field value into the Unicode text a reader should see.

    Accents and symbols become characters, case-protecting braces disappear,
    ``--``/``---`` become dashes, math stays as ``$...$``. Raises
    :class:`LatexConversionError` when pylatexenc cannot read the value.
    """
    if not _LATEX_TRIGGER.search(value):
        return _SPACES.sub(" ", value).strip()
    if not _NEEDS_PARSER.search(value) and _balanced(value):
        # Only grouping braces, ties and dashes: what pylatexenc would do, without it.
        return _SPACES.sub(" ", _plain(value)).strip()
    fast = _with_simple_math(value)
    return fast if fast is not None else _parse(value)


def _parse(value: str) -> str:
    """:func:`to_text` through pylatexenc."""
    # "%" inside \url{} is part of the URL, not a comment; "\$" is a literal dollar,
    # kept as "\$" so that it is not read as math later.
    source = _URL_ARG.sub(lambda m: m.group(1) + m.group(2).replace("%", "\\%") + "}", value)
    source = source.replace("\\$", _DOLLAR)
    try:
        walker = latexwalker.LatexWalker(source, latex_context=_WALKER_DB, tolerant_parsing=False)
        nodes, _, _ = walker.get_latex_nodes()
        text = _CONVERTER.nodelist_to_text(nodes)
    except Exception as exc:  # pylatexenc raises many types; all mean "cannot read"
        raise LatexConversionError(str(exc).splitlines()[0] if str(exc) else repr(exc)) from exc
    text = text.replace(_DOLLAR, "\\$")
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


# Commands that print nothing on purpose (font and size switches, spacing, grouping):
# never reported.
_SILENT = frozenset(
    """relax protect noindent xspace nobreak allowbreak space par hfill hfil vfill
    smallskip medskip bigskip em it sc tt bf rm sl sf cal up md tiny scriptsize
    footnotesize small normalsize large Large LARGE huge Huge upshape itshape slshape
    scshape bfseries mdseries rmfamily sffamily ttfamily normalfont vphantom phantom
    / @""".split()
)


@lru_cache(maxsize=4096)
def unknown_commands(value: str) -> tuple[str, ...]:
    """The commands of ``value`` outside math that :func:`to_text` does not know and
    that lose text: a command followed by a braced argument shows its argument
    (``\\rpackage{irace}`` shows "irace"), a font switch shows what follows it, but
    ``\\nosuchjournal`` alone shows nothing at all. In order, each once."""
    if "\\" not in value:
        return ()
    try:
        walker = latexwalker.LatexWalker(value, latex_context=_WALKER_DB, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
    except Exception:  # pylatexenc raises many types, even when tolerant
        return ()
    found: list[str] = []
    _collect_unknown(nodes or [], found)
    return tuple(found)


def _collect_unknown(nodes: list[latexwalker.LatexNode], found: list[str]) -> None:
    text_db = _CONVERTER.latex_context
    for index, node in enumerate(nodes):
        if node is None or isinstance(node, latexwalker.LatexMathNode):
            continue
        if isinstance(node, latexwalker.LatexMacroNode):
            name = node.macroname
            following = nodes[index + 1] if index + 1 < len(nodes) else None
            shows_argument = isinstance(following, latexwalker.LatexGroupNode) and bool(
                following.nodelist
            )
            unknown = text_db.get_macro_spec(name) is None and name not in _SILENT
            if unknown and not shows_argument and f"\\{name}" not in found:
                found.append(f"\\{name}")
            args = node.nodeargd.argnlist if node.nodeargd is not None else []
            _collect_unknown([a for a in args if a is not None], found)
        elif isinstance(node, (latexwalker.LatexGroupNode, latexwalker.LatexEnvironmentNode)):
            _collect_unknown(list(node.nodelist or []), found)


def to_text_lenient(value: str) -> str:
    """Like :func:`to_text`, but never fails: unreadable LaTeX is shown as
    :func:`readable_text` reads it."""
    try:
        return to_text(value)
    except LatexConversionError:
        return readable_text(value)


_LONE_DOLLAR = re.compile(r"(?<!\\)\$")
# A "$" that opens no formula (there is at most one): shown as a dollar sign.
_LONE = "LABSITELONEDOLLAR"


@lru_cache(maxsize=4096)
def readable_text(value: str) -> str:
    """Everything that can be read of text that pylatexenc cannot parse as a whole.

    Math (``$...$``) is kept as written, for the math renderer to judge; the text
    between is converted piece by piece with pylatexenc's tolerant parser, so known
    commands and accents still become characters and an unknown command's argument is
    kept (``\\foo{x}`` shows ``x``). A ``$`` that opens no formula is shown as it is,
    and a piece that still cannot be read is shown as written, without braces.
    """
    source = value.replace("\\$", _DOLLAR)
    parts = _MATH_PARTS.split(source)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
        else:
            out.append(_tolerant(_LONE_DOLLAR.sub(_LONE, part)))
    text = "".join(out).replace(_DOLLAR, "\\$").replace(_LONE, "$")
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def _tolerant(text: str) -> str:
    if not _LATEX_TRIGGER.search(text):
        return text
    try:
        walker = latexwalker.LatexWalker(text, latex_context=_WALKER_DB, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        return str(_CONVERTER.nodelist_to_text(nodes))
    except Exception:  # pylatexenc raises many types, even when tolerant
        return text.replace("{", "").replace("}", "")


_CMD = re.compile(r"\\[A-Za-z]+\*?|\\[^$]")


def strip_markup(value: str) -> str:
    """Remove commands and braces from text that pylatexenc cannot read."""
    text = _CMD.sub("", value).replace("{", "").replace("}", "")
    return _SPACES.sub(" ", text).strip()


_URL_WRAPPER = re.compile(r"^\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?$", re.DOTALL)
_URL_ESCAPE = re.compile(r"\\([_%#&~$])")


def clean_url(value: str) -> str:
    """A URL as written in BibTeX (``\\url{...}``, ``{\\_}``, ``\\%``) as a plain URL."""
    text = value.strip()
    match = _URL_WRAPPER.match(text)
    if match:
        text = match.group(1)
    text = text.replace("{", "").replace("}", "")
    text = text.replace("\\textasciitilde", "~").replace("\\string~", "~")
    text = _URL_ESCAPE.sub(r"\1", text)
    return "".join(text.split())


# Plain text to BibTeX: the characters LaTeX gives a meaning to, escaped (through
# pylatexenc's encoder); every other character, Unicode included, kept as it is. Math
# (``$``) and ``^`` are left alone: in titles from a database they are math.
_TO_LATEX = latexencode.UnicodeToLatexEncoder(
    conversion_rules=[
        latexencode.UnicodeToLatexConversionRule(
            rule_type=latexencode.RULE_DICT,
            rule={
                ord(char): latex
                for char, latex in {
                    "&": r"\&",
                    "%": r"\%",
                    "#": r"\#",
                    "_": r"\_",
                    "{": r"\{",
                    "}": r"\}",
                    "\\": r"\textbackslash{}",
                    "~": r"\textasciitilde{}",
                }.items()
            },
        )
    ],
    unknown_char_policy="keep",
    unknown_char_warning=False,
    replacement_latex_protection="none",
)


def to_latex(text: str) -> str:
    """Plain text (a title from OpenAlex, say) as a BibTeX value that reads back as it:
    ``&``, ``%``, ``#``, ``_``, braces, ``\\`` and ``~`` escaped, on one line."""
    return _TO_LATEX.unicode_to_latex(" ".join(text.split()))
