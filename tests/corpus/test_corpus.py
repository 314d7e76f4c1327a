"""Every entry of the real-world corpus in ../shared/corpus/bib comes out the other end:
rendered, or reported with its file and line. Rendered text shows no LaTeX markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment

from labsite.bib.bibliography import Bibliography, load_bibliography
from labsite.bib.query import group_papers
from labsite.diagnostics import Problem
from labsite.render.renderer import Renderer
from labsite.settings import Settings

from ..support import corpus_or_skip

# Where an entry starts, as a person reading the file sees it.
_ENTRY_START = re.compile(
    r"^[ \t]*@[ \t]*(?!(?:string|preamble|comment)\b)[A-Za-z]\w*[ \t]*[{(]", re.IGNORECASE
)
_MARKUP = re.compile(r"\\[A-Za-z]+|[{}]|(?<![-<!])--(?![->])")


def _corpus_files() -> list[Path]:
    return sorted(corpus_or_skip().rglob("*.bib"))


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Path, Bibliography]]:
    return [(path, load_bibliography([(path, str(path))])) for path in _corpus_files()]


def _entry_lines(path: Path, bib: Bibliography) -> list[int]:
    text = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            decoded = text.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    lines = decoded.split("\n")
    return [n for n, line in enumerate(lines, start=1) if _ENTRY_START.match(line)]


def test_every_corpus_entry_is_rendered_or_reported(corpus):
    missing: list[str] = []
    total = 0
    for path, bib in corpus:
        accounted = {p.line for p in bib.papers}
        accounted |= {p.line for p in bib.problems if p.line is not None}
        file_level = any(p.line is None for p in bib.problems)
        for line in _entry_lines(path, bib):
            total += 1
            if line not in accounted and not _inside_reported_block(line, bib.problems):
                missing.append(f"{path}:{line}")
        assert file_level or bib.papers or bib.problems or not _entry_lines(path, bib)
    assert total > 30_000, total
    assert not missing, f"{len(missing)} entries neither rendered nor reported: {missing[:20]}"


def _inside_reported_block(line: int, problems: tuple[Problem, ...]) -> bool:
    """An entry swallowed by an earlier broken one is reported at that one's line."""
    return any(
        p.line is not None and p.line <= line and "cannot be read" in p.message for p in problems
    )


def test_problems_name_file_and_line(corpus):
    for path, bib in corpus:
        for problem in bib.problems:
            assert problem.file == str(path)
            text = str(problem)
            assert text.startswith(str(path))
            assert "Traceback" not in text


def test_rendered_corpus_text_has_no_latex_markup(corpus):
    renderer = Renderer(Settings())
    clean = dirty = 0
    examples: list[str] = []
    for _path, bib in corpus:
        if not bib.papers:
            continue
        html = renderer.render_list(group_papers(list(bib.papers), None))
        soup = BeautifulSoup(html, "lxml")
        for item in soup.select("li.labsite-paper"):
            for hidden in item.select(".arithmatex"):
                hidden.decompose()
            for comment in item.find_all(string=lambda s: isinstance(s, Comment)):
                comment.extract()
            text = item.get_text(" ")
            if _MARKUP.search(text):
                dirty += 1
                if len(examples) < 15:
                    examples.append(f"{item['data-paper-key']}: {' '.join(text.split())[:160]}")
            else:
                clean += 1
    rate = clean / (clean + dirty)
    print(f"\ncorpus entries rendered: {clean + dirty}; free of LaTeX markup: {rate:.2%}")
    assert clean + dirty > 25_000
    assert rate >= 0.99, "\n".join(examples)


def test_every_corpus_file_read_in_pieces_gives_what_it_gives_whole(monkeypatch):
    """The pieces of bib/pieces.py, cut small so that most files have several (in this
    process, which reads them as the workers of a large file do)."""
    from labsite.bib import load
    from labsite.bib.bibliography import _combine
    from labsite.bib.pieces import load_in_pieces

    monkeypatch.setenv("LABSITE_WORKERS", "1")
    monkeypatch.setattr(load, "PIECE_CHARS", 2_000)
    cut = 0
    for path in _corpus_files():
        data = path.read_bytes()
        text, _ = load.decode(data, str(path))
        if len(load.split(text).starts) < 2:
            continue  # one piece: read as a whole file is
        cut += 1
        whole = _combine([load.load_bytes(data, str(path))])
        pieces = _combine(load_in_pieces(data, str(path)))
        assert pieces.papers == whole.papers, path
        assert [str(p) for p in pieces.problems] == [str(p) for p in whole.problems], path
    assert cut > 100, cut
