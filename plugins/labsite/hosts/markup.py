"""Markdown from untrusted text (al-folio's ``award``, ``additional_info`` and
``annotation`` fields), made safe: Python-Markdown reads text whose HTML was escaped
first, so that no tag of the input reaches the page, and every link it makes goes
through :func:`labsite.text.urls.safe_url` (a link to another scheme loses its
``href``). Images are not made (a badge loads nothing from other sites). ``<br>``,
which al-folio's examples write in ``annotation``, is a line break."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from html import escape
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from labsite.text.urls import safe_url

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


class _SafeLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter("a"):
            href = safe_url(element.get("href", ""))
            for name in list(element.attrib):
                del element.attrib[name]
            if href is not None:
                element.set("href", href)


def _make() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    for name in ("image_link", "image_reference", "short_image_ref", "html", "automail",
                 "autolink"):  # fmt: skip
        if name in md.inlinePatterns:
            md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_SafeLinks(md), "labsite-safe-links", 0)
    return md


_MD = _make()
_LOCK = threading.Lock()


@lru_cache(maxsize=4096)
def inline_markdown(text: str) -> str:
    """``text`` as HTML: Markdown's emphasis, links, code and lists; one paragraph
    comes without its ``<p>``, to sit inside a line."""
    source = escape(_BREAK.sub("  \n", text), quote=False)
    with _LOCK:
        _MD.reset()
        html = _MD.convert(source)
    one = _ONE_PARAGRAPH.match(html)
    return one.group(1) if one and "<p>" not in one.group(1) else html


__all__ = ["inline_markdown"]
