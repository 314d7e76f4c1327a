"""What follows from an immutable object alone, kept while that object is in use
(labsite.bib.memo), and the build state's record of which pages list which papers."""

from __future__ import annotations

from pathlib import Path

from labsite.bib.checks import local_links
from labsite.bib.load import parse_text
from labsite.bib.memo import ByIdentity
from labsite.bib.model import build_papers
from labsite.hosts.state import BuildState
from labsite.settings import Settings


def test_a_value_is_made_once_per_source_and_extra() -> None:
    memo: ByIdentity[list[int]] = ByIdentity(sources=2)
    calls = []

    def make(value: int) -> list[int]:
        calls.append(value)
        return [value]

    a, b, c = (1, 2), (3, 4), (5, 6)
    first = memo.get(a, "x", lambda: make(1))
    assert memo.get(a, "x", lambda: make(99)) is first  # found, not made again
    assert memo.get(a, "y", lambda: make(2)) == [2]  # another extra: made
    assert memo.get(b, "x", lambda: make(3)) == [3]
    assert calls == [1, 2, 3]
    # An equal but distinct object is another source: its values are its own.
    assert memo.get(list(a), "x", lambda: make(4)) == [4]
    memo.get(c, "x", lambda: make(5))  # one source too many: the older ones are let go
    assert memo.get(a, "x", lambda: make(6)) == [6]
    assert calls == [1, 2, 3, 4, 5, 6]


def test_a_value_that_cannot_be_made_is_not_kept() -> None:
    memo: ByIdentity[int] = ByIdentity()
    source = object()

    def fail() -> int:
        raise ValueError("no")

    for _ in range(2):
        try:
            memo.get(source, None, fail)
        except ValueError:
            pass
        else:  # pragma: no cover - the assertion below says what went wrong
            raise AssertionError("the error was not raised")
    assert memo.get(source, None, lambda: 7) == 7


def test_papers_without_local_links_are_given_back_as_they_are(tmp_path: Path) -> None:
    text = (
        "@misc{a, title = {A}, url = {https://example.org/a}}\n"
        "@misc{b, title = {B}, pdf = {b.pdf}}\n"
    )
    papers, _ = build_papers(parse_text(text, "bib/papers.bib").entries)
    remote = papers[:1]
    assert local_links(remote, tmp_path)[0] is remote
    (tmp_path / "assets" / "pdf").mkdir(parents=True)
    (tmp_path / "assets" / "pdf" / "b.pdf").write_bytes(b"%PDF")
    resolved, problems = local_links(papers, tmp_path)
    assert resolved[0] is papers[0] and problems == []
    assert resolved[1].links[0].url == "assets/pdf/b.pdf"
    (tmp_path / "assets" / "pdf" / "b.pdf").unlink()  # the same papers, checked again
    resolved, problems = local_links(papers, tmp_path)
    assert resolved is papers and len(problems) == 1


def test_usage_lists_each_page_once_per_paper_in_order() -> None:
    state = BuildState(Settings())
    state.record(["a", "b"], "page one", "one.md")
    assert dict(state.usage) == {"a": ["page one"], "b": ["page one"]}
    state.record(("b", "c"), "page two", "two.md")
    state.record(["a"], "page one again", "one.md")  # the same source: not twice
    assert dict(state.usage) == {
        "a": ["page one"], "b": ["page one", "page two"], "c": ["page two"],
    }  # fmt: skip
