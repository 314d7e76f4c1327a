"""Work spread over the machine's cores, in forked processes.

Forking (Linux) gives each worker the parent's memory as it is (a file's text, the
papers, the compiled templates) without copying or pickling it; only each job's result
comes back. Where forking is not safe (another thread running: ``mkdocs serve``'s
server, or a host that embeds Python) or not possible, everything runs in turn in the
calling process, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator
from typing import TypeVar

R = TypeVar("R")

MAX_WORKERS = 8

_JOB: Callable[[int], object] | None = None


def workers() -> int:
    """How many processes to work with here: ``LABSITE_WORKERS`` when set (1 turns
    this off), else one per core up to MAX_WORKERS; 1 where forking is not safe."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    asked = os.environ.get("LABSITE_WORKERS", "").strip()
    if asked.isdigit() and int(asked) > 0:
        return min(int(asked), 64)
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def in_order(job: Callable[[int], R], count: int, processes: int) -> Generator[R, None, None]:
    """``job(0)``, ``job(1)`` ... ``job(count - 1)``, in order, done in ``processes``
    forked workers (in turn here when ``processes`` is 1). At most two jobs per worker
    are given out at a time, so that results never pile up in memory: the caller uses
    one result while the workers make the next ones. A job that raises raises here."""
    global _JOB
    if processes < 2 or count < 2:
        for index in range(count):
            yield job(index)
        return
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            pending: deque[multiprocessing.pool.AsyncResult] = deque()
            following = 0
            while following < count or pending:
                while following < count and len(pending) < processes * 2:
                    pending.append(pool.apply_async(_run, (following,)))
                    following += 1
                yield pending.popleft().get()
    finally:
        _JOB = None


def _run(index: int) -> object:
    assert _JOB is not None
    return _JOB(index)
