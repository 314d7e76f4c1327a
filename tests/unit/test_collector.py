"""The cyclic garbage collector kept off the papers (labsite.runtime.collector)."""

from __future__ import annotations

import gc
import threading

import pytest

import labsite.runtime.collector as collector
from labsite.bib.bibliography import load_bibliography


@pytest.fixture(autouse=True)
def _collector_restored():
    enabled = gc.isenabled()
    yield
    collector.thaw()
    if enabled:
        gc.enable()


def test_a_pause_turns_the_collector_off_and_back_on() -> None:
    gc.enable()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # nested: the outer pause goes on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_ends_even_when_the_block_raises() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_was_off_off() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_pauses_in_two_threads_end_with_the_last() -> None:
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector.paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with collector.paused():
        pass
    assert not gc.isenabled()  # the other thread's pause goes on
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_freeze_leaves_what_is_alive_out_until_thaw() -> None:
    kept = [[index] for index in range(1000)]
    collector.freeze()
    assert gc.get_freeze_count() >= len(kept)
    collector.thaw()
    assert gc.get_freeze_count() == 0
    collector.thaw()  # nothing frozen: nothing to do
    assert gc.get_freeze_count() == 0


def test_the_load_runs_with_the_collector_paused(tmp_path, monkeypatch) -> None:
    seen: list[bool] = []
    import labsite.bib.bibliography as bibliography

    real = bibliography._combine

    def combine(results):
        seen.append(gc.isenabled())
        return real(results)

    monkeypatch.setattr(bibliography, "_combine", combine)
    bib = tmp_path / "papers.bib"
    bib.write_text("@misc{a, title = {A}, year = 2020}\n", encoding="utf-8")
    gc.enable()
    result = load_bibliography([(bib, "papers.bib")])
    assert [p.key for p in result.papers] == ["a"]
    assert seen == [False]
    assert gc.isenabled()
