"""LaTeX math to MathML at build time, so that math needs no script and no network.

pymdownx.arithmatex (``generic: true``) marks math in Markdown as
``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``;
labsite's own templates write titles with math the same way. This module turns those
into MathML Core, which browsers render natively, keeping the TeX as an annotation
(copy, search, screen readers). Sites use it through the Markdown extension
``labsite.mathml`` (:mod:`labsite.hosts.markdown.mathml`); the plugin calls
:func:`convert_html` on HTML that skipped Markdown. A formula that latex2mathml
cannot convert is left as escaped TeX, with a warning that names it.
"""

from __future__ import annotations

import html
import logging
import re

from latex2mathml.converter import convert as _latex_to_mathml

# A child of the "mkdocs" logger, so that `mkdocs build --strict` counts our warnings.
log = logging.getLogger("mkdocs.plugins.labsite.mathml")

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])"
    r"\s*</(?P=tag)>",
    re.DOTALL,
)
# latex2mathml passes a command it does not know through as text (<mi>\foo</mi>).
_UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")
_MATH_OPEN = re.compile(r"^(<math\b[^>]*>)(.*)(</math>)$", re.DOTALL)


class MathError(ValueError):
    """latex2mathml could not convert a formula."""


def to_mathml(tex: str, *, display: bool = False) -> str:
    """One formula as a ``<math>`` element, with its TeX kept as an annotation.

    Raises :class:`MathError` when the formula cannot be converted, including when it
    uses a command latex2mathml does not know.
    """
    source = tex.strip()
    try:
        mathml = _latex_to_mathml(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds of errors
        reason = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        raise MathError(reason) from exc
    unknown = _UNKNOWN_COMMAND.search(mathml)
    if unknown:
        raise MathError(f"unknown command {unknown.group(1)}")
    match = _MATH_OPEN.match(mathml)
    if match is None:  # pragma: no cover - latex2mathml always writes one <math>
        raise MathError("no <math> element in the output")
    opening, body, closing = match.groups()
    annotation = f'<annotation encoding="application/x-tex">{html.escape(source)}</annotation>'
    return f"{opening}<semantics>{body}{annotation}</semantics>{closing}"


def convert_html(text: str, *, where: str = "") -> str:
    """Replace every arithmatex span and div in ``text`` by MathML.

    ``where`` (a page name) is put before warnings. A formula that cannot be converted
    keeps its arithmatex markup (escaped TeX) and is reported.
    """
    if "arithmatex" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        display = match.group("display") is not None
        escaped = match.group("display") if display else match.group("inline")
        tex = html.unescape(escaped)
        try:
            return to_mathml(tex, display=display)
        except MathError as exc:
            prefix = f"{where}: " if where else ""
            log.warning(
                f"{prefix}math that cannot be converted to MathML, kept as TeX: "
                f"{tex.strip()!r} ({exc})"
            )
            return match.group(0)

    return _ARITHMATEX.sub(replace, text)


__all__ = ["MathError", "convert_html", "to_mathml"]
