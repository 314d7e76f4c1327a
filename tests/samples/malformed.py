"""Every kind of broken BibTeX, each after one good entry, with the problem it must give:
its message, line, entry key and hint, and the entries still published.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

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
    "entry not closed": Case(
        _text("@article{unclosed,\n  title = {No closing brace},\n  year = {2020},\n"),
        r"not closed and is left out",
        1,
        "unclosed",
        "end the entry with a }",
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
        r"duplicate key: bib/papers\.bib:1 has this key too; this entry is kept as 'good-2'",
        6,
        "good",
        "another key",
        ("good", "good-2"),
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
