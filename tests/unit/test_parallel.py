"""Paper pages rendered in worker processes (labsite.hosts.mkdocs.parallel): every
result, in the jobs' order, batch after batch."""

from __future__ import annotations

import sys

import pytest

from labsite.hosts.mkdocs import parallel


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
    assert parallel._RENDER is None and parallel._JOBS == ()  # nothing kept afterwards


@pytest.mark.skipif(sys.platform != "linux", reason="the workers are forked (Linux only)")
def test_no_jobs_give_no_results() -> None:
    assert list(parallel.render_all(_render, [])) == []
