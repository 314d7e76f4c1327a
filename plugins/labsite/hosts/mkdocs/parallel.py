"""Paper pages rendered on every core, for a cold build of a large bibliography.

Rendering a page through Jinja takes about a millisecond; ten thousand of them are the
largest part of a build with an empty cache. The build forks worker processes (Linux,
where a fork shares the parent's papers and templates without copying them) that
render the pages and send back their HTML; the parent writes every page itself, in the
same order, so the site is the same byte for byte as when one process renders it. A
page that raises in a worker is rendered again in the parent, which reports it.
Under ``mkdocs serve`` (threads running) or on one core, nothing is forked.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

from labsite.runtime.processes import in_order, workers

__all__ = ["MIN_PAGES", "Background", "render_all", "workers"]

T = TypeVar("T")

MIN_PAGES = 200
"""Fewer pages than this are rendered in turn (starting workers costs more)."""
BATCH = 2000
"""Pages given out to the workers at a time (see :func:`render_all`)."""


def render_all(
    render: Callable[[T], tuple[str, ...]], jobs: Sequence[T]
) -> Generator[tuple[str, ...] | None, None, None]:
    """``render(job)`` of every job, in order, in :func:`workers` processes; ``None``
    for a job whose rendering raised. The jobs go out in pieces
    (:func:`labsite.runtime.processes.in_order`, two per worker at a time): the caller
    writes the pages of one while the workers render the next, so that it never holds
    more than about BATCH of them (a page is about 10 kB: all 50,000 would be 500 MB)."""
    count = workers()
    size = max(1, BATCH // (count * 2))
    starts = range(0, len(jobs), size)

    def piece(number: int) -> list[tuple[str, ...] | None]:
        return [_render_one(render, job) for job in jobs[starts[number] : starts[number] + size]]

    with contextlib.closing(in_order(piece, len(starts), count)) as pieces:
        for done in pieces:
            yield from done


def _render_one(render: Callable[[T], tuple[str, ...]], job: T) -> tuple[str, ...] | None:
    try:
        return render(job)
    except Exception:  # reported by the parent, which renders it again
        return None


class Background:
    """``function(*args)`` in a forked process, beside the build (the exports, while
    MkDocs reads and renders the pages); :meth:`wait` tells whether it finished."""

    def __init__(self, function: Callable[..., None], *args: Any) -> None:
        self._process = multiprocessing.get_context("fork").Process(
            target=function, args=args, daemon=True
        )
        self._process.start()

    def wait(self) -> bool:
        self._process.join()
        return self._process.exitcode == 0
