"""labsite: publications kept once in BibTeX, rendered for a research website.

The engine is a pipeline, one folder per stage, with data flowing one way:
``text`` (LaTeX, names, URLs) -> ``bib`` (load, model, query) -> ``data`` (people and
talks) -> ``render`` (Jinja templates to HTML) and ``export`` (.bib, CSL-JSON, RIS,
Atom). ``hosts`` adapts it to mkdocs-macros, Python-Markdown and MkDocs; ``cli`` is the
``labsite`` command. This file only names the public API; no module of the package
imports it.
"""

from __future__ import annotations

from labsite._version import __version__
from labsite.bib.bibliography import Bibliography, load_bibliography
from labsite.bib.load import LoadResult, RawEntry, load_file, parse_text
from labsite.bib.model import Link, Paper, build_papers
from labsite.bib.query import group_papers, select, sort_papers
from labsite.diagnostics import LabsiteError, Level, Problem
from labsite.render.renderer import Renderer
from labsite.settings import HighlightGroup, Settings
from labsite.text.names import NameMatcher, Person, parse_people

__all__ = [
    "Bibliography", "HighlightGroup", "LabsiteError", "Level", "Link", "LoadResult",
    "NameMatcher", "Paper", "Person", "Problem", "RawEntry", "Renderer", "Settings",
    "__version__", "build_papers", "group_papers", "load_bibliography", "load_file",
    "parse_people", "parse_text", "select", "sort_papers",
]  # fmt: skip
