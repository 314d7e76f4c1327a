"""What every macro of one build shares: the settings, the bibliography, the renderer,
the page being rendered, and one way to check a call and to report what is wrong
with it (page and line, "did you mean", an error box in the page instead of a failed
build).

:class:`MacroContext` is the typed contract between the macros of
:mod:`labsite.hosts.macros` (papers, citations) and :mod:`labsite.hosts.data_macros`
(people, talks).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from labsite.bib.bibliography import Bibliography
from labsite.diagnostics import LabsiteError, did_you_mean
from labsite.hosts.hostconf import page_source
from labsite.hosts.state import BuildState
from labsite.paths import url_prefix
from labsite.render.renderer import Renderer
from labsite.settings import Settings

# A child of the "mkdocs" logger, so that `mkdocs build --strict` counts our warnings.
log = logging.getLogger("mkdocs.plugins.labsite")


def check_level(heading_level: object) -> int:
    """A heading level from 1 to 6, else a :class:`LabsiteError`."""
    if (
        isinstance(heading_level, bool)
        or not isinstance(heading_level, int)
        or not 1 <= heading_level <= 6
    ):
        raise LabsiteError(f"heading_level={heading_level!r} is not between 1 and 6")
    return heading_level


def check_limit(limit: object) -> int | None:
    """``None`` or a whole number of at least 0, else a :class:`LabsiteError`."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise LabsiteError(f"limit={limit!r} is not a whole number")
    return limit


def hint(value: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices``, or ""."""
    close = did_you_mean(value, choices)
    return f"; {close}" if close else ""


class MacroContext:
    """The macros' view of one build (``env`` is mkdocs-macros' or its stand-in's)."""

    def __init__(
        self,
        env: Any,
        settings: Settings,
        bibliography: Bibliography,
        renderer: Renderer,
        state: BuildState | None = None,
    ) -> None:
        self.env = env
        self.settings = settings
        self.bibliography = bibliography
        self.renderer = renderer
        self.state = state
        """The plugin's build state, when the MkDocs plugin runs."""
        conf: Mapping[str, Any] = env.conf
        self.directory_urls = bool(conf.get("use_directory_urls", True))

    # -- the page being rendered -------------------------------------------------
    def page(self) -> Any:
        return getattr(self.env, "page", None) or (self.env.variables or {}).get("page")

    def page_source(self) -> str | None:
        """The source path of the page (``papers.md``), if it has one."""
        return page_source(self.page())

    def page_name(self) -> str:
        return self.page_source() or "<page>"

    def url_prefix(self) -> str:
        """The relative path from the page to the site root ("../" on ``research/``)."""
        return url_prefix(getattr(self.page(), "url", "") or "")

    def locate(self, needle: str) -> str:
        """``page:line`` of the first line of the page's source that has ``needle``."""
        name = self.page_name()
        page = self.page()
        source = getattr(page, "markdown", None) or getattr(self.env, "markdown", "") or ""
        for number, text in enumerate(source.splitlines(), start=1):
            if needle in text:
                return f"{name}:{number}"
        return name

    def record(self, keys: Sequence[str]) -> None:
        """The page lists or cites ``keys`` (for the papers' own pages)."""
        page = self.page()
        source = self.page_source()
        if self.state is not None and page is not None and source:
            self.state.record(keys, page, source)

    # -- reporting ---------------------------------------------------------------
    def fail(self, macro: str, needle: str, message: str) -> str:
        """Report a bad call (page:line) and return the error box shown instead."""
        log.warning(f"{self.locate(needle)}: {macro}: {message}")
        return self.renderer.render_message(f"{macro}: {message}")

    def check_arguments(
        self, macro: str, arguments: Mapping[str, object], known: Sequence[str]
    ) -> str | None:
        """The error box for the first unknown argument of a call, or ``None``."""
        for name in arguments:
            if name not in known:
                return self.fail(
                    f"{macro}()", f"{name}=",
                    f"unknown argument '{name}'{hint(name, known)} "
                    f"(arguments: {', '.join(known)})",
                )  # fmt: skip
        return None

    def first_argument(self, arguments: Mapping[str, object], macro: str) -> str:
        """What to look for in the page to find a call: its first argument's name."""
        return next(iter(arguments), f"{macro}(")
