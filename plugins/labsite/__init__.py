"""labsite: publications kept once in BibTeX, rendered for a research website.

The engine is a pipeline of plain modules that know nothing of MkDocs:
``load`` (BibTeX to raw entries with file:line) -> ``model`` (immutable papers) ->
``query`` (filter, sort, group) -> ``render`` (Jinja templates to HTML). ``macros`` and
``plugin`` are the thin adapters to mkdocs-macros and MkDocs.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .bibliography import Bibliography, load_bibliography
from .diagnostics import LabsiteError, Level, Problem
from .load import LoadResult, RawEntry, load_file, parse_text
from .model import Link, Paper, build_papers
from .people import NameMatcher, Person, parse_people
from .query import group_papers, select, sort_papers
from .render import Renderer
from .settings import HighlightGroup, Settings

__all__ = [
    "Bibliography", "HighlightGroup", "LabsiteError", "Level", "Link", "LoadResult",
    "NameMatcher", "Paper", "Person", "Problem", "RawEntry", "Renderer", "Settings",
    "build_papers", "group_papers", "load_bibliography", "load_file", "parse_people",
    "parse_text", "select", "sort_papers",
]  # fmt: skip
