"""The Python-Markdown extension ``labsite.mathml``: math to MathML at build time.

Every host runs Markdown extensions (MkDocs, ProperDocs, Zensical), so this is where
math conversion meets them; the conversion itself is
:func:`labsite.render.mathml.convert_html`. In mkdocs.yml::

    markdown_extensions:
      - pymdownx.arithmatex:
          generic: true
      - labsite.mathml
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from labsite.render.mathml import convert_html


class MathMLPostprocessor(Postprocessor):
    """Runs after raw HTML is restored, so math from macros and templates is seen too."""

    def run(self, text: str) -> str:
        return convert_html(text)


class MathMLExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Priority 10: after raw_html (30) puts stashed HTML back, which is where
        # arithmatex keeps its output, and after amp_substitute (20).
        md.postprocessors.register(MathMLPostprocessor(md), "labsite_mathml", 10)


def makeExtension(**kwargs: Any) -> MathMLExtension:
    return MathMLExtension(**kwargs)


__all__ = ["MathMLExtension", "MathMLPostprocessor", "makeExtension"]
