"""Small pieces of markup every renderer uses: escaped text with its math marked for
the site's math renderer, text made safe inside Markdown, and HTML compacted so that
Markdown passes it through as one raw block."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)")
# Characters Python-Markdown would read as markup in a footnote definition.
MARKDOWN_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}+!|~^"})


def with_math(text: str) -> Markup:
    """Escape text; ``$...$`` becomes an arithmatex span for the site's math renderer
    and ``\\$`` (a literal dollar in the model's text) a dollar sign."""
    parts: list[str] = []
    last = 0
    for match in _MATH.finditer(text):
        parts.append(str(escape(_literal(text[last : match.start()]))))
        formula = match.group(1) if match.group(1) is not None else match.group(2)
        parts.append(f'<span class="arithmatex">\\({escape(formula)}\\)</span>')
        last = match.end()
    parts.append(str(escape(_literal(text[last:]))))
    return Markup("".join(parts))


def _literal(text: str) -> str:
    return text.replace("\\$", "$")


def compact_keep_pre(html: str) -> str:
    """Like :func:`compact`, but the text of ``<pre>`` blocks is left as it is."""
    parts = re.split(r"(<pre\b.*?</pre>)", html, flags=re.DOTALL)
    return "".join(part if part.startswith("<pre") else compact(part) for part in parts)


def compact(html: str) -> str:
    """HTML that Markdown passes through as one raw block: no blank lines, no indented
    lines (which Markdown would read as code)."""
    lines = (line.strip() for line in html.splitlines())
    return "\n".join(line for line in lines if line)


__all__ = ["MARKDOWN_SPECIAL", "compact", "compact_keep_pre", "with_math"]
