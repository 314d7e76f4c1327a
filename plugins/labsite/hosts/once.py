"""Problems on a host that runs no labsite plugin: each said once, and ``--strict``
stops the build on them.

MkDocs and ProperDocs call the macros module once per build and count the warnings
of the ``mkdocs`` logger for ``--strict``. Zensical calls it once per page, and
neither shows nor counts Python's warnings. So where no plugin runs, the labsite
logger gets a filter that lets each message through once (per process, until the
bibliography or data files change the messages), prints them as MkDocs would, and
counts them; :meth:`Reported.stop_if_strict` then ends a strict build, after the
page that had a problem, with a message that says how many there were.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from labsite.diagnostics import LabsiteError, Problem
from labsite.hosts.calls import log
from labsite.hosts.hostconf import strict_requested

# Past this many distinct messages the oldest are forgotten (a long `serve` session).
_MAX_REMEMBERED = 10_000


NO_PLUGIN = (
    "this host runs no MkDocs plugin (Zensical, for one): paper lists, citations, people "
    "and talks are made, but not the papers' and members' own pages, the exports "
    "(.bib, CSL-JSON, RIS, Atom) or labsite.css and labsite.js; lists do not link to "
    "paper pages. Build with MkDocs or ProperDocs for those (README: Hosts)."
)


class StrictBuildStopped(LabsiteError):
    """A strict build on a host without the plugin had problems."""


class _Once(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, None] = {}
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        text = record.getMessage()
        if text in self.seen:
            return False
        self.seen[text] = None
        if len(self.seen) > _MAX_REMEMBERED:
            del self.seen[next(iter(self.seen))]
        self.count += 1
        return True


class Reported:
    """The one record of what labsite said in this process, on a host without the
    plugin; inactive (everything passes, nothing is counted) where the plugin runs."""

    def __init__(self) -> None:
        self._filter = _Once()
        self._handler: logging.Handler | None = None
        self._strict = False

    @property
    def active(self) -> bool:
        return self._filter in log.filters

    def host_without_plugin(self, conf: Any) -> None:
        """This page is built by a host that runs no labsite plugin."""
        self._strict = strict_requested(conf)
        if self._handler is None and not log.hasHandlers():
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)-7s -  labsite: %(message)s"))
            log.addHandler(handler)
            self._handler = handler
        if not self.active:
            log.addFilter(self._filter)
            # Said once, as a notice: it is what the host can do, not a fault of the site.
            record = log.makeRecord(log.name, logging.INFO, __file__, 0, NO_PLUGIN, (), None)
            if self._handler is not None:
                self._handler.handle(record)

    def host_with_plugin(self) -> None:
        """The MkDocs plugin runs this build: MkDocs reports and counts."""
        if self.active:
            log.removeFilter(self._filter)
        if self._handler is not None:
            log.removeHandler(self._handler)
            self._handler = None
        self._filter = _Once()
        self._strict = False

    def new(self, problems: Iterable[Problem]) -> Iterator[Problem]:
        """The problems not said yet (all of them where the plugin runs)."""
        if not self.active:
            yield from problems
            return
        for problem in problems:
            if str(problem) not in self._filter.seen:
                yield problem

    def stop_if_strict(self) -> None:
        """End a strict build that has had problems (no-op where the plugin runs)."""
        if self.active and self._strict and self._filter.count:
            count = self._filter.count
            message = (
                f"{count} problem{'s' if count != 1 else ''} (listed above); the build "
                "is strict, so it stops here"
            )
            if self._handler is None:
                raise StrictBuildStopped(f"labsite: {message}")
            # The host would print a traceback through its own runtime for an exception:
            # the build stops as `mkdocs build --strict` does, with the message alone.
            log.error(message)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(1)


REPORTED = Reported()
