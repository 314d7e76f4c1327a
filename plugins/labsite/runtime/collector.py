"""Python's cyclic garbage collector, kept off the papers.

CPython runs its cyclic collector after every few hundred new container objects, and
now and then over every object the process holds. Loading a bibliography makes about
a hundred objects per entry that all live on: with 10,000 entries the collector then
takes a third of the load (it finds nothing to free; a paper holds no cycle), and each
of its full passes over 50,000 papers takes most of a second.

:func:`paused` turns it off while the load makes them (the engine's own phases, where
garbage goes with its last reference). :func:`freeze` keeps the objects alive at a
point (the papers, once loaded) out of its later passes, and :func:`thaw` gives them
back at the end of a build: a host calls both, around one build.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_resume = False
_frozen = False


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off for the ``with`` block (nested blocks and threads
    share one pause; it ends with the last). Use it only around code that makes
    long-lived objects and no garbage cycles."""
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def freeze() -> None:
    """Every object alive now is left out of the collector's passes until :func:`thaw`
    (``gc.freeze``)."""
    global _frozen
    with _lock:
        gc.freeze()
        _frozen = True


def thaw() -> None:
    """What :func:`freeze` left out is collected again (nothing when nothing is
    frozen)."""
    global _frozen
    with _lock:
        if _frozen:
            gc.unfreeze()
            _frozen = False
