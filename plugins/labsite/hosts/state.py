"""What the MkDocs plugin and the macros module share during one build.

The plugin makes a :class:`BuildState` in its ``on_config`` (before mkdocs-macros runs
``define_env``) and keeps it as ``LabsitePlugin.state``; the macros find it with
:func:`build_state`. Where no labsite plugin runs (another host), there is none, and
the macros read their settings from ``extra: labsite:`` instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from labsite.hosts.list_stash import ListStash
from labsite.settings import Settings


@dataclass
class BuildState:
    """The settings of one build, and what its pages tell the plugin."""

    settings: Settings
    stash: ListStash = field(default_factory=ListStash)
    """Long lists kept out of the Markdown pass (see :mod:`labsite.hosts.list_stash`)."""
    _records: list[tuple[Sequence[str], Any, str]] = field(default_factory=list)
    _usage: dict[str, list[Any]] | None = None

    def record(self, keys: Sequence[str], page: Any, source: str) -> None:
        """``page`` (whose source path is ``source``) lists or cites ``keys``."""
        self._records.append((keys, page, source))
        self._usage = None

    @property
    def usage(self) -> Mapping[str, list[Any]]:
        """Key -> the pages (host page objects) that list or cite the paper, in order.
        Worked out when first asked for (a paper's page), not for every list a page
        shows: a `mkdocs serve` rebuild that makes no paper page never needs it."""
        if self._usage is None:
            usage: dict[str, list[Any]] = {}
            seen: set[tuple[str, str]] = set()
            for keys, page, source in self._records:
                for key in keys:
                    if (key, source) not in seen:
                        seen.add((key, source))
                        usage.setdefault(key, []).append(page)
            self._usage = usage
        return self._usage


def build_state(plugins: object) -> BuildState | None:
    """The build state of the labsite plugin among a config's ``plugins``, when the
    plugin runs."""
    plugin = plugins.get("labsite") if isinstance(plugins, Mapping) else None
    state = getattr(plugin, "state", None)
    return state if isinstance(state, BuildState) else None
