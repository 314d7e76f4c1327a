"""Every kind of broken BibTeX gets a message naming file, line, entry and the fix; the
other entries are still published. That `mkdocs build --strict` fails on it:
tests/site/test_malformed_site.py."""

from __future__ import annotations

import codecs
import random
import re
from pathlib import Path

import pytest

from labsite.bib.bibliography import load_bibliography
from labsite.diagnostics import Problem

from ..samples.malformed import CASES


def _problems_for(tmp_path: Path, data: bytes) -> tuple[list[Problem], list[str]]:
    path = tmp_path / "papers.bib"
    path.write_bytes(data)
    bib = load_bibliography([(path, "bib/papers.bib")])
    return list(bib.problems), [p.key for p in bib.papers]


@pytest.mark.parametrize("name", sorted(CASES))
def test_message_names_file_line_entry_and_fix(tmp_path, name):
    case = CASES[name]
    problems, published = _problems_for(tmp_path, case.data)
    matching = [p for p in problems if re.search(case.message, str(p))]
    assert matching, [str(p) for p in problems]
    problem = matching[0]
    assert problem.file == "bib/papers.bib"
    assert problem.line == case.line
    assert problem.key == case.key
    assert case.hint in (problem.hint or "")
    text = str(problem)
    prefix = "bib/papers.bib" + (f":{case.line}" if case.line is not None else "")
    assert text.startswith(prefix + ":")
    if case.key:
        assert f"entry '{case.key}'" in text
    assert published == list(case.published)


def test_bom_and_crlf_are_read_as_text(tmp_path):
    data = codecs.BOM_UTF8 + b"@misc{crlf,\r\n  title = {Line\r\n  ends},\r\n  year = 2020\r\n}\r\n"
    problems, published = _problems_for(tmp_path, data)
    assert problems == []
    assert published == ["crlf"]


def test_missing_file_is_reported_not_raised(tmp_path):
    bib = load_bibliography([(tmp_path / "nope.bib", "bib/nope.bib")])
    assert [str(p) for p in bib.problems] == [
        "bib/nope.bib: the file does not exist (hint: check the path in mkdocs.yml "
        "(labsite: bib_files))"
    ]


@pytest.mark.slow
def test_50_mb_of_garbage(tmp_path):
    rng = random.Random(50)
    chunk = bytes(rng.getrandbits(8) for _ in range(1 << 20))
    problems, _ = _problems_for(tmp_path, chunk * 50)
    assert problems, "50 MB of random bytes must be reported"
    assert all(p.file == "bib/papers.bib" for p in problems)
