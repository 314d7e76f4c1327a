"""Long paper lists kept out of the Markdown pass.

``{{ papers() }}`` writes HTML into the page's Markdown; Python-Markdown then reads all
of it again (md_in_html parses every tag), and the search plugin parses it once more.
For a list of thousands of entries that is most of the page's build time, for nothing:
the list is finished HTML. With the plugin loaded, the macros module hands long lists
to a :class:`ListStash`, which leaves a comment in the Markdown (headings around the
list stay Markdown, so they still make the table of contents) and puts the list back
in the page's HTML afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from labsite.bib.memo import ByIdentity

# Lists shorter than this go through Markdown as they are.
MIN_ENTRIES = 50

_LIST = re.compile(r'<ol class="labsite-papers" data-labsite-list>.*?</ol>', re.DOTALL)
_TOKEN = re.compile(r"<!--labsite-list-(\d+)-->")


class ListStash:
    """The lists hidden from Markdown during one build, by page."""

    def __init__(self) -> None:
        self._lists: dict[str, list[str]] = {}

    def clear(self) -> None:
        self._lists.clear()

    def hide(self, html: str, page: str) -> str:
        """``html`` with each ``<ol>`` of entries replaced by a comment, kept for
        :meth:`restore` on the page ``page`` (its source path)."""
        kept = self._lists.setdefault(page, [])
        spans = _spans(html)
        if not spans:
            return html
        parts = []
        last = 0
        for start, end in spans:
            parts.append(html[last:start])
            kept.append(html[start:end])
            parts.append(f"<!--labsite-list-{len(kept) - 1}-->")
            last = end
        parts.append(html[last:])
        return "".join(parts)

    def size(self, page: str) -> int:
        """How many characters of lists ``page`` has hidden."""
        return sum(len(fragment) for fragment in self._lists.get(page, ()))

    def take(self, page: str) -> list[str]:
        """The lists hidden from ``page``, no longer kept here (see :func:`put_back`)."""
        return self._lists.pop(page, [])

    def restore(self, html: str, page: str, convert: Callable[[str], str] | None = None) -> str:
        """``html`` with the lists of ``page`` back in place (``convert`` applied to
        each, e.g. math to MathML, which the Markdown pass would have done)."""
        return put_back(html, self.take(page), convert)


def put_back(html: str, kept: list[str], convert: Callable[[str], str] | None = None) -> str:
    """``html`` with the lists ``kept`` (:meth:`ListStash.take`) in place of their
    comments."""
    if not kept:
        return html

    def put(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(kept):
            return match.group(0)
        return convert(kept[number]) if convert is not None else kept[number]

    return _TOKEN.sub(put, html)


def _spans(html: str) -> tuple[tuple[int, int], ...]:
    """Where the lists are in ``html``. A list found in the render cache is the same
    string build after build (``mkdocs serve``), so the search through its megabytes
    is made once."""
    return _SPANS.get(html, None, lambda: tuple(m.span() for m in _LIST.finditer(html)))


# The lists are held by the render cache too: this holds no extra copy.
_SPANS: ByIdentity[tuple[tuple[int, int], ...]] = ByIdentity(sources=4)
