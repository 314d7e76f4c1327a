"""The Python-Markdown extension ``labsite.markdown``: labsite's settings, and what
labsite does to a page's Markdown on a host that runs no labsite plugin.

Every host runs Markdown extensions and passes their settings on (MkDocs, ProperDocs,
Zensical), so the extension's block in mkdocs.yml is where labsite's settings live
(see :mod:`labsite.hosts.hostconf`)::

    markdown_extensions:
      - footnotes
      - labsite.markdown:
          bib_files: [bib/papers.bib]

On MkDocs and ProperDocs, mkdocs-macros renders a page before Markdown runs, and the
macros module's own hooks keep math away from the macros and turn ``[@key]`` into
footnotes; the extension then finds nothing to do. Zensical runs its macros as a
Markdown preprocessor (priority 35) and calls no hooks, so the extension does both
there: the math guard just before the macros, the citations just after them.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from labsite.hosts.macros import paper_macros
from labsite.hosts.once import REPORTED
from labsite.text.mathguard import protect_math

# Zensical's names for its macros preprocessor and for the one that holds the page.
_HOST_MACROS = "macros"
_HOST_CONTEXT = "rendering_context"


class _PageEnv:
    """What the macros module reads of mkdocs-macros' ``env``, for one page."""

    def __init__(self, conf: Any, page: Any, markdown: str) -> None:
        self.conf = conf
        self.page = page
        self.markdown = markdown
        self.variables: dict[str, Any] = {}


class MathGuard(Preprocessor):
    """Before the host's macros: ``{{`` inside math stays math."""

    def run(self, lines: list[str]) -> list[str]:
        if _HOST_MACROS not in self.md.preprocessors:
            return lines  # the macros ran before Markdown (MkDocs): its hook guarded
        page = getattr(_context(self.md), "page", None)
        if (getattr(page, "meta", None) or {}).get("render_macros") is False:
            return lines
        return protect_math("\n".join(lines)).split("\n")


class Citations(Preprocessor):
    """After the host's macros: ``[@key]`` citations become footnotes."""

    def run(self, lines: list[str]) -> list[str]:
        context = _context(self.md)
        if context is None:
            return lines  # MkDocs: the macros module's hook cited, with its page
        text = "\n".join(lines)
        macros, _ = paper_macros(_PageEnv(context.config, context.page, text))
        if macros.settings.citations and "@" in text:
            text = macros.cite_page(text)
        REPORTED.stop_if_strict()
        return text.split("\n")


def _context(md: Markdown) -> Any:
    if _HOST_CONTEXT in md.preprocessors:
        return md.preprocessors[_HOST_CONTEXT]
    return None


class LabsiteExtension(Extension):
    """Takes labsite's settings as its options (any of them; they are checked where
    they are used, with errors that name the setting)."""

    def __init__(self, **settings: Any) -> None:
        super().__init__()
        self.settings = settings

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Zensical's macros run at 35; pymdownx.superfences takes fenced code at 25.
        md.preprocessors.register(MathGuard(md), "labsite_math_guard", 36)
        md.preprocessors.register(Citations(md), "labsite_citations", 34)


def makeExtension(**settings: Any) -> LabsiteExtension:
    return LabsiteExtension(**settings)


__all__ = ["LabsiteExtension", "makeExtension"]
