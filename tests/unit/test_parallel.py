"""Work in worker processes: paper pages (labsite.hosts.mkdocs.parallel), every result
in the jobs' order, batch after batch; any jobs (labsite.runtime.processes)."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from labsite.hosts.mkdocs import parallel
from labsite.runtime import processes


def _render(job: int) -> tuple[str, str]:
    if job == 11:
        raise ValueError("this one cannot be rendered")
    return f"body {job}", f"head {job}"


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked (Linux only)")
def test_results_come_in_order_across_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH", 7)  # 30 jobs: five batches, the last short
    results = list(parallel.render_all(_render, list(range(30))))
    assert len(results) == 30
    assert results[11] is None  # raised in a worker: the caller renders it again
    assert [r for i, r in enumerate(results) if i != 11] == [
        (f"body {i}", f"head {i}") for i in range(30) if i != 11
    ]
    assert processes._JOB is None  # nothing kept afterwards


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked (Linux only)")
def test_no_jobs_give_no_results() -> None:
    assert list(parallel.render_all(_render, [])) == []


def _square_in(pid_of_parent: int, index: int) -> tuple[int, bool]:
    if index == 5:
        raise KeyError("job five")
    return index * index, os.getpid() != pid_of_parent


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked (Linux only)")
def test_in_order_gives_every_result_in_order_from_the_workers() -> None:
    parent = os.getpid()
    results = list(processes.in_order(lambda i: _square_in(parent, i + 6), 40, 2))
    assert [value for value, _ in results] == [(i + 6) ** 2 for i in range(40)]
    assert all(elsewhere for _, elsewhere in results)  # made in the forked workers
    assert processes._JOB is None  # nothing kept afterwards


def test_in_order_in_one_process_gives_the_same() -> None:
    parent = os.getpid()
    results = list(processes.in_order(lambda i: _square_in(parent, i + 6), 40, 1))
    assert [value for value, _ in results] == [(i + 6) ** 2 for i in range(40)]
    assert not any(elsewhere for _, elsewhere in results)


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked (Linux only)")
@pytest.mark.parametrize("count", [1, 2])
def test_a_job_that_raises_raises_in_the_caller(count: int) -> None:
    with pytest.raises(KeyError, match="job five"):
        list(processes.in_order(lambda i: _square_in(0, i), 10, count))
    assert processes._JOB is None


def test_workers_is_one_when_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LABSITE_WORKERS", raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert processes.workers() == 1
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setenv("LABSITE_WORKERS", "3")
    assert processes.workers() == (3 if sys.platform == "linux" else 1)
