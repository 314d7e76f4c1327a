"""Keep math away from the macros: ``$x^{{2}}$`` must reach the math renderer as written.

Pages are Jinja templates, so ``{{``, ``{%`` and ``{#`` inside a formula would be read as
macro syntax. :func:`protect_math` wraps each formula that contains one of them in
``{% raw %}...{% endraw %}`` before the macros run; formulas without them, code (fenced
blocks and inline code) and text already inside ``{% raw %}`` are left as they are.
The math syntax is pymdownx.arithmatex's: ``$...$``, ``$$...$$``, ``\\(...\\)``,
``\\[...\\]``.
"""

from __future__ import annotations

import re

_JINJA = ("{{", "{%", "{#")

# Regions that are not math, in order of precedence: raw blocks, fenced code, inline code.
_SKIP = re.compile(
    r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}"  # {% raw %} ... {% endraw %}
    r"|^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=indent)?[ \t]*(?P=fence)[ \t]*$"
    r"|(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`)",
    re.DOTALL | re.MULTILINE,
)
# Math, as arithmatex finds it (block forms first; "smart dollar" inline rule).
_MATH = re.compile(
    r"(?<!\\)\$\$(?:\\.|[^\\])+?\$\$"  # $$ ... $$
    r"|(?<!\\)\\\[(?:\\[^\]]|[^\\])+?\\\]"  # \[ ... \]
    r"|(?<!\\)\\\((?:\\[^)]|[^\\])+?\\\)"  # \( ... \)
    r"|(?<!\\)\$(?!\s)(?:\\.|[^\\$\n])+?(?<!\s)\$",  # $ ... $ on one line
    re.DOTALL,
)


def protect_math(markdown: str) -> str:
    """Wrap math that contains Jinja delimiters in ``{% raw %}``; return the page."""
    if not any(d in markdown for d in _JINJA):
        return markdown
    out: list[str] = []
    last = 0
    for skip in _SKIP.finditer(markdown):
        out.append(_protect_text(markdown[last : skip.start()]))
        out.append(skip.group(0))
        last = skip.end()
    out.append(_protect_text(markdown[last:]))
    return "".join(out)


def _protect_text(text: str) -> str:
    def wrap(match: re.Match[str]) -> str:
        formula = match.group(0)
        if any(d in formula for d in _JINJA):
            return "{% raw %}" + formula + "{% endraw %}"
        return formula

    return _MATH.sub(wrap, text)


__all__ = ["protect_math"]
