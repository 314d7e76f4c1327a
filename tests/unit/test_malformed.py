"""Every kind of broken BibTeX gets a message naming file, line, entry and the fix; the
other entries are still published; `mkdocs build --strict` fails on it."""

from __future__ import annotations

import codecs
import logging
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from labsite.bib.bibliography import load_bibliography
from labsite.diagnostics import Problem

from ..support import BASE_CONFIG, write_site

GOOD = "\n\n@misc{good,\n  title = {A well-formed entry},\n  year = {2020}\n}\n"


@dataclass(frozen=True)
class Case:
    data: bytes
    message: str
    """A regular expression the problem's text must match."""
    line: int | None
    key: str | None
    hint: str
    """Text the hint must contain."""
    published: tuple[str, ...] = ("good",)


def _text(bib: str) -> bytes:
    return (bib + GOOD).encode("utf-8")


CASES: dict[str, Case] = {
    "unbalanced brace": Case(
        _text("@article{open,\n  title = {Open brace,\n  year = {2020}\n}"),
        r"cannot be read and is left out.*closing",
        1,
        "open",
        "every { has its }",
    ),
    "unbalanced quote": Case(
        _text('@article{quote,\n  title = "Open quote,\n  year = {2020}\n}'),
        r"cannot be read and is left out.*closing `\"`",
        1,
        "quote",
        "brace or quote",
    ),
    "missing comma": Case(
        _text(
            "@article{comma,\n  author = {A. Person},\n  title = {T}\n  journal = {J},\n"
            "  year = {2020}\n}"
        ),
        r"a comma is missing before field 'journal'",
        3,
        "comma",
        "put a comma at the end of this line",
        ("comma", "good"),
    ),
    "missing key": Case(
        _text("@article{\n  title = {No key},\n  year = {2020}\n}"),
        r"no citation key",
        1,
        None,
        "write a key after the brace",
    ),
    "empty key": Case(
        _text("@article{,\n  title = {Empty key},\n  year = {2020}\n}"),
        r"no citation key and is left out",
        1,
        "",
        "write a key after the brace",
    ),
    "duplicate key": Case(
        _text("@misc{good,\n  title = {First},\n  year = {2019}\n}"),
        r"duplicate key",
        6,
        "good",
        "another key",
    ),
    "unknown entry type": Case(
        _text("@artcle{typo,\n  title = {T},\n  year = {2020}\n}"),
        r"unknown entry type '@artcle'",
        1,
        "typo",
        "@article",
        ("typo", "good"),
    ),
    "missing required field": Case(
        _text("@article{nojournal,\n  author = {A. Person},\n  title = {T},\n  year = {2020}\n}"),
        r"missing required field\(s\) for @article: journal",
        1,
        "nojournal",
        "status",
        ("nojournal", "good"),
    ),
    "bad year": Case(
        _text("@misc{year,\n  title = {T},\n  year = {twenty twenty}\n}"),
        r"year 'twenty twenty' is not a year",
        3,
        "year",
        "four digits",
        ("year", "good"),
    ),
    "missing year": Case(
        _text("@article{noyear,\n  author = {A. Person},\n  title = {T},\n  journal = {J}\n}"),
        r"missing required field\(s\) for @article: year",
        1,
        "noyear",
        "add them",
        ("noyear", "good"),
    ),
    "unknown month": Case(
        _text("@misc{month,\n  title = {T},\n  year = 2020,\n  month = {Smarch}\n}"),
        r"month 'Smarch' is not a month",
        4,
        "month",
        "month = jan",
        ("month", "good"),
    ),
    "undefined string": Case(
        _text("@misc{macro,\n  title = {T},\n  journal = jmlr,\n  year = 2020\n}"),
        r"@string 'jmlr', which is not defined",
        3,
        "macro",
        "@string{jmlr",
        ("macro", "good"),
    ),
    "crossref to a missing key": Case(
        _text(
            "@inproceedings{child,\n  author = {A. Person},\n  title = {T},\n"
            "  booktitle = {B},\n  year = 2020,\n  crossref = {parent}\n}"
        ),
        r"crossref 'parent' points to no entry",
        1,
        "child",
        "cross-referenced entry",
        ("child", "good"),
    ),
    "LaTeX pylatexenc cannot read": Case(
        _text("@misc{latex,\n  title = {Cost $O(n^2 is unclosed},\n  year = 2020\n}"),
        r"field 'title' has LaTeX that cannot be read",
        2,
        "latex",
        "braces are balanced",
        ("latex", "good"),
    ),
    "invalid UTF-8": Case(
        b"@misc{bytes,\n  title = {Caf\xe9},\n  year = 2020\n}" + GOOD.encode(),
        r"not valid UTF-8 \(first bad byte on line 2\)",
        2,
        None,
        "iconv -f WINDOWS-1252",
        ("bytes", "good"),
    ),
    "cp1251 file": Case(
        "@misc{cyr,\n  title = {Кириллица},\n  year = 2020\n}".encode("cp1251") + GOOD.encode(),
        r"not valid UTF-8",
        2,
        None,
        "-f CP1251",
        ("cyr", "good"),
    ),
    "latin-1 file": Case(
        "@misc{lat,\n  author = {Jürgen Groß},\n  title = {T},\n  year = 2020\n}".encode("latin-1")
        + GOOD.encode(),
        r"read as Windows-1252",
        2,
        None,
        "iconv",
        ("lat", "good"),
    ),
    "UTF-16 with BOM": Case(
        codecs.BOM_UTF16_LE
        + ("@misc{wide,\n  title = {T},\n  year = 2020\n}" + GOOD).encode("utf-16-le"),
        r"the file is UTF-16",
        None,
        None,
        "iconv -f UTF-16",
        ("wide", "good"),
    ),
    "empty file": Case(b"", r"the file is empty", None, None, "", ()),
    "garbage": Case(
        b"\x00\xff\xfe garbage {{{ }}} \xc3\x28\n" * 50,
        r"no BibTeX entries found",
        None,
        None,
        "@article{key",
        (),
    ),
}


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


def test_50_mb_of_garbage(tmp_path):
    rng = random.Random(50)
    chunk = bytes(rng.getrandbits(8) for _ in range(1 << 20))
    problems, _ = _problems_for(tmp_path, chunk * 50)
    assert problems, "50 MB of random bytes must be reported"
    assert all(p.file == "bib/papers.bib" for p in problems)


def _strict_build(root: Path) -> tuple[bool, str]:
    """Build in this process, as `mkdocs build --strict` does; (failed, log)."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=True,
                             site_dir=str(root / "site"))  # fmt: skip
        try:
            build(config)
        except Abort:
            return True, "\n".join(records)
        return False, "\n".join(records)
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize("name", sorted(CASES))
def test_strict_build_fails_on_each_case(tmp_path, name):
    write_site(tmp_path, {"index.md": "{{ papers() }}\n"}, CASES[name].data, BASE_CONFIG)
    failed, log = _strict_build(tmp_path)
    assert failed, f"strict build passed despite: {name}"
    assert "bib/papers.bib" in log
    assert "Traceback" not in log
