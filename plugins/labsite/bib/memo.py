"""Values worked out from an immutable object, kept as long as that object is the one in
use.

Between two rebuilds of ``mkdocs serve`` with the same .bib files, the bibliography is the
same object (see :mod:`labsite.bib.latest`). What follows from it alone (which papers
have a site-relative link, the URL of each paper's page, a query's result) is then the
same too, and is found here instead of being worked out again over every paper.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """``(source, extra) -> value``, for the latest ``sources`` objects (all let go when
    one more comes). ``source`` is held, so its ``id`` cannot be reused while its values
    are kept; ``extra`` says what else the value depends on, and must be hashable."""

    def __init__(self, sources: int = 2) -> None:
        self._kept: dict[int, tuple[object, dict[Hashable, V]]] = {}
        self._sources = sources
        self._lock = threading.Lock()

    def get(self, source: object, extra: Hashable, make: Callable[[], V]) -> V:
        with self._lock:
            found = self._kept.get(id(source))
            if found is not None and found[0] is source and extra in found[1]:
                return found[1][extra]
        value = make()
        with self._lock:
            found = self._kept.get(id(source))
            if found is None or found[0] is not source:
                if len(self._kept) >= self._sources:
                    self._kept.clear()
                found = self._kept[id(source)] = (source, {})
            if len(found[1]) >= 64:  # one source, many extras: keep the latest
                found[1].clear()
            found[1][extra] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
