"""What the MkDocs plugin and the macros module share during one build.

The plugin makes a :class:`BuildState` in its ``on_config`` (before mkdocs-macros runs
``define_env``) and keeps it as ``LabsitePlugin.state``; the macros find it with
:func:`build_state`. Where no labsite plugin runs (another host), there is none, and
the macros read their settings from ``extra: labsite:`` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labsite.hosts.hostconf import page_source
from labsite.hosts.list_stash import ListStash
from labsite.settings import Settings


@dataclass
class BuildState:
    """The settings of one build, and what its pages tell the plugin."""

    settings: Settings
    usage: dict[str, list[Any]] = field(default_factory=dict)
    """Key -> the pages (host page objects) that list or cite the paper, in order."""
    stash: ListStash = field(default_factory=ListStash)
    """Long lists kept out of the Markdown pass (see :mod:`labsite.hosts.list_stash`)."""

    def record(self, keys: list[str], page: Any, source: str) -> None:
        """``page`` (whose source path is ``source``) lists or cites ``keys``."""
        for key in keys:
            pages = self.usage.setdefault(key, [])
            if all(page_source(p) != source for p in pages):
                pages.append(page)


def build_state(plugins: object) -> BuildState | None:
    """The build state of the labsite plugin among a config's ``plugins``, when the
    plugin runs."""
    plugin = plugins.get("labsite") if isinstance(plugins, Mapping) else None
    state = getattr(plugin, "state", None)
    return state if isinstance(state, BuildState) else None
