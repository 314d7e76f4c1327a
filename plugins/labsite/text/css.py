"""CSS values from untrusted text: only a colour, and only in a form that cannot carry
anything else into a ``style`` attribute."""

from __future__ import annotations

import re

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
# rgb()/rgba()/hsl()/hsla() with numbers, units of angle and percentages only.
_FUNCTION = re.compile(r"(?:rgba?|hsla?)\(\s*[0-9.]+(?:deg|%)?(?:\s*[,/\s]\s*[0-9.]+%?){2,3}\s*\)")
_NAMED = re.compile(r"[a-zA-Z]{3,24}")


def css_color(value: str) -> str | None:
    """``value`` if it is a CSS colour (``#00369f``, ``rgb(0 54 159)``, ``teal``),
    else ``None``: never a value that could end the declaration or the attribute."""
    text = value.strip()
    for pattern in (_HEX, _FUNCTION, _NAMED):
        if pattern.fullmatch(text):
            return text
    return None


__all__ = ["css_color"]
