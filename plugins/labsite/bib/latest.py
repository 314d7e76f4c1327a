"""The latest version of each file (or set of files), by name: what the loader and the
bibliography keep in memory between builds.

An edited file replaces its older version instead of being added beside it, so that a
long ``mkdocs serve`` session holds one copy of each file, however often it is saved.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")


class LatestCache(Generic[V]):
    """``name -> (version, value)``: a value is found only for the version it was made
    from; at most ``names`` names are kept (all are let go when one more comes)."""

    def __init__(self, names: int) -> None:
        self._entries: dict[Hashable, tuple[Hashable, V]] = {}
        self._names = names
        self._lock = threading.Lock()

    def get(self, name: Hashable, version: Hashable) -> V | None:
        """The value of ``name`` at ``version``; ``None`` (and the older version let go
        before the caller makes the new one) when another version is kept."""
        with self._lock:
            found = self._entries.get(name)
            if found is not None and found[0] == version:
                return found[1]
            self._entries.pop(name, None)
        return None

    def put(self, name: Hashable, version: Hashable, value: V) -> None:
        with self._lock:
            if len(self._entries) >= self._names and name not in self._entries:
                self._entries.clear()
            self._entries[name] = (version, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __iter__(self) -> Iterator[Hashable]:
        with self._lock:
            return iter(list(self._entries))
