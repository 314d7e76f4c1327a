"""A large file loaded and modelled in pieces (labsite.bib.pieces) gives what loading it
whole gives: the same papers, lines and problems, in the same order."""

from __future__ import annotations

import pytest

from labsite.bib import bibliography, load
from labsite.bib import pieces as pieces_module
from labsite.bib.bibliography import Bibliography, _combine
from labsite.bib.load import load_bytes, split
from labsite.bib.pieces import load_in_pieces


def _entry(index: int) -> str:
    return (
        f"@article{{paper{index},\n"
        f'  author = {{Nguyễn, An and M{{\\"u}}ller, Jörg}},\n'
        f"  title = {{Paper number {index} on {{BibTeX}}}},\n"
        f"  journal = jpa,\n"
        f"  year = {2000 + index % 20},\n"
        f"  abstract = {{Some words about paper {index}, long enough to fill a line.}},\n"
        f"}}\n"
    )


HEAD = (
    "% A file with @strings first\n"
    "@string{jpa = {Journal of Pieces A}}\n"
    '@STRING(jpb = "Journal of Pieces B")\n'
    '@preamble{"\\newcommand{\\noop}[1]{}"}\n\n'
)

# Made to meet every way a piece boundary can fall.
SPECIAL = {
    5: "@inproceedings{child-early, title = {A child}, crossref = {parent-late}}\n",
    11: "@proceedings{parent-early, title = {Early proceedings}, year = 2001,"
    " booktitle = {Early}}\n",
    17: "@inproceedings{child-late, title = {Another}, crossref = {parent-early},"
    " author = {Doe, J.}}\n",
    23: "@article{paper3, title = {The same key again}, journal = jpb, year = 2002}\n",
    # An abstract with a line that opens a block: a piece that starts there begins
    # inside this entry.
    29: "@article{tricky, title = {Tricky}, journal = {J}, year = 2003, abstract = {one\n"
    "@misc{not-an-entry, title = {inside an abstract}}\n more}}\n",
    37: "@article{broken, title = {No closing brace}, year = 2004,\n",
    43: "@misc{parent-late, title = {Late proceedings}, year = 2005, booktitle = {Late}}\n",
    47: "@comment{a comment}\n@misc{after-comment, title = {x}, year = 2006}\n",
}


def _file(count: int = 60) -> bytes:
    parts = [HEAD]
    for index in range(count):
        parts.append(SPECIAL.get(index, "") + _entry(index))
    return "".join(parts).encode("utf-8")


def _whole(data: bytes) -> Bibliography:
    return _combine([load_bytes(data, "bib/papers.bib")])


def _same(one: Bibliography, two: Bibliography) -> None:
    assert [p.key for p in one.papers] == [p.key for p in two.papers]
    assert one.papers == two.papers
    assert [str(p) for p in one.problems] == [str(p) for p in two.problems]
    assert one.files == two.files


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("size", [1, 300, 700, 2000])
def test_pieces_give_what_the_whole_file_gives(monkeypatch, workers, size):
    monkeypatch.setenv("LABSITE_WORKERS", workers)
    monkeypatch.setattr(load, "PIECE_CHARS", size)
    data = _file()
    text = data.decode("utf-8")
    assert len(split(text).starts) > 3  # the file is cut, after the @strings
    assert split(text).starts[1] > text.index("jpb =")
    whole = _whole(data)
    pieces = _combine(load_in_pieces(data, "bib/papers.bib"))
    _same(whole, pieces)
    # What the special entries exercise is there to see.
    child = pieces.by_key["child-late"]
    assert child.fields["booktitle"] == "Early proceedings"
    assert pieces.by_key["child-early"].fields["booktitle"] == "Late proceedings"
    assert pieces.by_key["paper0"].venue == "Journal of Pieces A"
    assert "paper3-2" in pieces.by_key  # the repeated key, across pieces
    assert any(p.key == "tricky" for p in pieces.problems)  # its abstract is cut short
    broken = next(p for p in pieces.problems if p.key == "broken")
    assert "not closed" in broken.message
    assert pieces.by_key["paper59"].line == whole.by_key["paper59"].line > 400


def test_a_piece_that_ends_inside_an_entry_is_read_again_with_the_next(monkeypatch):
    monkeypatch.setenv("LABSITE_WORKERS", "1")
    monkeypatch.setattr(load, "PIECE_CHARS", 1)  # every line that opens a block
    reads: list[int] = []
    real = pieces_module._read

    def read(text, file, line, macros):
        reads.append(line)
        return real(text, file, line, macros)

    monkeypatch.setattr(pieces_module, "_read", read)
    data = _file()
    count = len(split(data.decode("utf-8")).starts)
    result = _combine(load_in_pieces(data, "bib/papers.bib"))
    _same(_whole(data), result)
    assert len(reads) > count - 1  # (the first piece, with the @strings, is read apart)
    assert len(reads) - len(set(reads)) >= 1  # a line where two reads start: read again


def test_lines_count_from_where_each_piece_starts(monkeypatch):
    monkeypatch.setattr(load, "PIECE_CHARS", 200)
    data = _file(30)
    lines = data.decode("utf-8").split("\n")
    result = _combine(load_in_pieces(data, "bib/papers.bib"))
    for paper in result.papers:
        assert lines[paper.line - 1].lstrip().startswith("@"), paper.key
        assert paper.key in lines[paper.line - 1] or paper.key.endswith("-2")


def test_a_file_with_no_strings_is_cut_from_its_start(monkeypatch):
    monkeypatch.setattr(load, "PIECE_CHARS", 300)
    text = "".join(_entry(i) for i in range(20))
    pieces = split(text)
    assert not pieces.strings_first
    assert all(text[start] == "@" for start in pieces.starts[1:])
    assert pieces.lines[1] == text[: pieces.starts[1]].count("\n") + 1


def test_a_large_file_that_is_not_bibtex_says_so(monkeypatch):
    monkeypatch.setattr(load, "PIECE_CHARS", 50)
    data = ("just some text\n@ not a block\n" * 20).encode()
    whole, pieces = _whole(data), _combine(load_in_pieces(data, "bib/papers.bib"))
    _same(whole, pieces)
    assert any("no BibTeX entries found" in p.message for p in pieces.problems)


def test_decoding_problems_come_once(monkeypatch):
    monkeypatch.setattr(load, "PIECE_CHARS", 300)
    data = _file(20).replace("Jörg".encode(), "J\xf6rg".encode("cp1252"))
    whole, pieces = _whole(data), _combine(load_in_pieces(data, "bib/papers.bib"))
    _same(whole, pieces)
    assert sum("not valid UTF-8" in p.message for p in pieces.problems) == 1


def test_the_bibliography_loads_a_large_file_in_pieces(monkeypatch, tmp_path):
    calls = []
    real = bibliography.load_in_pieces

    def spy(data, name):
        calls.append(name)
        return real(data, name)

    monkeypatch.setattr(bibliography, "load_in_pieces", spy)
    monkeypatch.setattr(bibliography, "PIECES_FROM", 1000)
    monkeypatch.setattr(load, "PIECE_CHARS", 400)
    big, small = tmp_path / "big.bib", tmp_path / "small.bib"
    big.write_bytes(_file())
    small.write_text("@misc{small, title = {Small}, year = 2020}\n", encoding="utf-8")
    result = bibliography.load_bibliography([(big, "big.bib"), (small, "small.bib")])
    assert calls == ["big.bib"]
    assert result.files == ("big.bib", "small.bib")
    assert "small" in result.by_key and "paper59" in result.by_key
