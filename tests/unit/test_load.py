"""Stage 1: BibTeX text/bytes/files to RawEntry records and Problems."""

from __future__ import annotations

import codecs

from labsite.bib.load import load_bytes, load_file, parse_text
from labsite.bib.model import build_papers
from labsite.diagnostics import Level, Problem


def _entry(result, key):
    matches = [e for e in result.entries if e.key == key]
    assert len(matches) == 1, f"expected exactly one entry {key!r}, got {result.entries}"
    return matches[0]


def _field(entry, name):
    matches = [f for f in entry.fields if f.name == name]
    assert len(matches) == 1, f"expected one field {name!r} in {entry.fields}"
    return matches[0]


def _problems_for(result, key):
    return [p for p in result.problems if p.key == key]


# --------------------------------------------------------------------------- lines

LINES_BIB = """\
% a leading comment line

@article{first,
  title = {First paper},
  author = {Ann Author},
  year = {2021}
}

@comment{
  several lines
  of comment
}

@misc{second,
  title = {A title that
           spans two lines},
  note = {After the long one},
}
"""


def test_entry_lines_are_one_based():
    result = parse_text(LINES_BIB, "lines.bib")
    assert [(e.key, e.line) for e in result.entries] == [("first", 3), ("second", 14)]
    assert result.problems == ()


def test_field_lines_are_one_based():
    result = parse_text(LINES_BIB, "lines.bib")
    first = _entry(result, "first")
    assert [(f.name, f.line) for f in first.fields] == [("title", 4), ("author", 5), ("year", 6)]
    second = _entry(result, "second")
    assert _field(second, "title").line == 15
    assert _field(second, "note").line == 17


def test_entry_records_file_type_and_source():
    result = parse_text(LINES_BIB, "lines.bib")
    first = _entry(result, "first")
    assert first.file == "lines.bib"
    assert first.entry_type == "article"
    assert first.source.startswith("@article{first,")
    assert first.get("year") == "2021"
    assert first.get("nothing", "dflt") == "dflt"
    assert first.field_map == {"title": "First paper", "author": "Ann Author", "year": "2021"}


def test_field_names_are_lower_case_and_types_too():
    result = parse_text("@ARTICLE{k, TiTlE = {X}, YEAR = 2020}\n")
    entry = _entry(result, "k")
    assert entry.entry_type == "article"
    assert entry.field_map == {"title": "X", "year": "2020"}


# --------------------------------------------------------------------------- macros


def test_string_macros_concatenation_and_month_macros():
    text = """\
@string{jpa = {Journal of Physics A}}
@STRING(pre = "Proc. ")

@article{a,
  journal = jpa # " Letters",
  booktitle = pre # {of} # " " # jpa,
  month = jan,
  note = "quoted" # {braced},
  year = 2021
}
"""
    result = parse_text(text, "macros.bib")
    entry = _entry(result, "a")
    assert entry.get("journal") == "Journal of Physics A Letters"
    assert entry.get("booktitle") == "Proc. of Journal of Physics A"
    assert entry.get("month") == "January"
    assert entry.get("note") == "quotedbraced"
    assert entry.get("year") == "2021"
    assert result.problems == ()


def test_all_month_macros_evaluate():
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    text = "\n".join(f"@misc{{m{i}, month = {m}}}" for i, m in enumerate(months))
    result = parse_text(text)
    assert [e.get("month") for e in result.entries] == [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]


def test_braced_values_keep_inner_braces():
    result = parse_text('@misc{q, title = "Quoted {B}races", note = {Outer {Inner} text}}\n')
    entry = _entry(result, "q")
    assert entry.get("title") == "Quoted {B}races"
    assert entry.get("note") == "Outer {Inner} text"


def test_undefined_string_is_a_warning_naming_the_macro():
    text = "@misc{f,\n  title = {T},\n  journal = undefmacro,\n}\n"
    result = parse_text(text, "undef.bib")
    problems = _problems_for(result, "f")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.level is Level.WARNING
    assert "undefmacro" in problem.message
    assert "journal" in problem.message
    assert problem.line == 3
    assert problem.file == "undef.bib"
    # The entry is still there.
    assert _entry(result, "f").get("title") == "T"


# --------------------------------------------------------------------------- comment/preamble


def test_comment_ignored_and_preamble_kept():
    text = """\
@comment{ignore me @article{hidden, title={no}} }
@preamble{"\\newcommand{\\noop}[1]{}"}
@misc{visible, title = {Yes}}
"""
    result = parse_text(text)
    assert [e.key for e in result.entries] == ["visible"]
    assert result.problems == ()
    assert len(result.preambles) == 1
    assert "\\newcommand{\\noop}[1]{}" in result.preambles[0]


# --------------------------------------------------------------------------- duplicates


def test_a_repeated_key_keeps_both_entries_and_the_model_names_both_places():
    text = """\
@article{dup,
  title = {First}
}

@article{dup,
  title = {Second}
}
"""
    result = parse_text(text, "dups.bib")
    assert [(e.key, e.get("title"), e.line) for e in result.entries] == [
        ("dup", "First", 1),
        ("dup", "Second", 5),
    ]
    papers, problems = build_papers(result.entries)
    assert [(p.key, p.title) for p in papers] == [("dup", "First"), ("dup-2", "Second")]
    duplicates = [p for p in problems if "duplicate" in p.message]
    assert len(duplicates) == 1
    problem = duplicates[0]
    assert problem.level is Level.ERROR
    assert (problem.file, problem.line, problem.key) == ("dups.bib", 5, "dup")
    assert str(problem).startswith(
        "dups.bib:5: entry 'dup': duplicate key: dups.bib:1 has this key too; "
        "this entry is kept as 'dup-2'"
    )


def test_derived_keys_never_take_a_key_of_the_file_and_are_the_same_every_time():
    text = "".join(
        f"@misc{{{key}, title = {{T{n}}}}}\n" for n, key in enumerate(["a", "a", "a-2", "a"])
    )
    runs = [build_papers(parse_text(text, "f.bib").entries)[0] for _ in range(2)]
    assert [(p.key, p.title) for p in runs[0]] == [
        ("a", "T0"), ("a-3", "T1"), ("a-2", "T2"), ("a-4", "T3"),
    ]  # fmt: skip
    assert runs[0] == runs[1]


def test_duplicate_field_is_a_warning_and_first_value_is_kept():
    text = "@misc{b,\n  title = {One},\n  year = 2020,\n  title = {Two},\n}\n"
    result = parse_text(text, "f.bib")
    entry = _entry(result, "b")
    assert entry.get("title") == "One"
    assert [f.name for f in entry.fields].count("title") == 1
    assert entry.get("year") == "2020"
    problems = _problems_for(result, "b")
    assert len(problems) == 1
    assert problems[0].level is Level.WARNING
    assert "title" in problems[0].message
    assert problems[0].line == 1


# --------------------------------------------------------------------------- broken entries


def test_unbalanced_brace_reports_guessed_key_and_keeps_other_entries():
    text = """\
@misc{before, title = {A}}

@article{broken,
  title = {Unclosed,
  year = 2020
}

@misc{after, title = {Z}}
"""
    result = parse_text(text, "broken.bib")
    assert [e.key for e in result.entries] == ["before", "after"]
    problems = _problems_for(result, "broken")
    assert len(problems) == 1
    problem = problems[0]
    assert problem.level is Level.ERROR
    assert problem.line == 3
    assert problem.hint
    assert "brace" in problem.hint


def test_unbalanced_brace_in_last_entry_hints_at_the_brace():
    # The most common case: the last entry's brace is never closed, and the parser
    # reaches the end of the file.
    text = "@misc{ok, title = {A}}\n@article{last,\n  title = {Unclosed\n}\n"
    result = parse_text(text, "eof.bib")
    assert [e.key for e in result.entries] == ["ok"]
    problems = _problems_for(result, "last")
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].hint is not None
    assert "brace" in problems[0].hint


def test_missing_comma_reports_the_field_and_its_line():
    text = """\
@misc{ok, title = {Fine}}
@misc{e,
  title = {X}
  year = {2021},
}
"""
    result = parse_text(text, "comma.bib")
    assert "ok" in [e.key for e in result.entries]
    problems = _problems_for(result, "e")
    comma = [p for p in problems if "comma" in p.message]
    assert len(comma) == 1
    assert "'year'" in comma[0].message
    # The comma is missing at the end of the title line.
    assert comma[0].line == 3
    assert comma[0].file == "comma.bib"


def test_missing_comma_with_crlf_line_ends():
    text = "@misc{t,\r\n  title = {A},\r\n  author = {X}\r\n  year = {2021},\r\n}\r\n"
    result = parse_text(text, "crlf.bib")
    comma = [p for p in result.problems if "comma" in p.message]
    assert len(comma) == 1
    assert "'year'" in comma[0].message
    assert comma[0].line == 3


# --------------------------------------------------------------------------- encodings

SIMPLE = "@article{k,\n  title = {Müller},\n  year = {2020}\n}\n"


def test_utf8_bom_is_skipped(tmp_path):
    result = load_bytes(codecs.BOM_UTF8 + SIMPLE.encode("utf-8"), str(tmp_path / "bom.bib"))
    entry = _entry(result, "k")
    assert entry.line == 1
    assert entry.get("title") == "Müller"
    assert result.problems == ()


def test_crlf_line_ends(tmp_path):
    data = SIMPLE.replace("\n", "\r\n").encode("utf-8")
    result = load_bytes(data, str(tmp_path / "crlf.bib"))
    entry = _entry(result, "k")
    assert entry.get("title") == "Müller"
    assert entry.get("year") == "2020"
    assert [(f.name, f.line) for f in entry.fields] == [("title", 2), ("year", 3)]
    assert result.problems == ()


def test_utf16_with_bom_is_decoded_with_a_warning(tmp_path):
    name = str(tmp_path / "u16.bib")
    result = load_bytes(SIMPLE.encode("utf-16"), name)
    assert _entry(result, "k").get("title") == "Müller"
    warnings = [p for p in result.problems if p.level is Level.WARNING]
    assert len(warnings) == 1
    assert "UTF-16" in warnings[0].message
    assert warnings[0].file == name


def test_utf16_big_endian_with_bom(tmp_path):
    data = codecs.BOM_UTF16_BE + SIMPLE.encode("utf-16-be")
    result = load_bytes(data, str(tmp_path / "u16be.bib"))
    assert _entry(result, "k").get("title") == "Müller"
    assert any("UTF-16" in p.message for p in result.problems)


def test_latin1_file_is_decoded_with_a_warning_naming_iconv(tmp_path):
    path = tmp_path / "latin.bib"
    path.write_bytes(SIMPLE.encode("latin-1"))
    result = load_file(path)
    assert _entry(result, "k").get("title") == "Müller"
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.level is Level.WARNING
    assert problem.line == 2  # where the first non-UTF-8 byte is
    assert "UTF-8" in problem.message
    assert problem.hint is not None and "iconv" in problem.hint


def test_empty_file_is_a_warning(tmp_path):
    path = tmp_path / "empty.bib"
    path.write_bytes(b"")
    result = load_file(path)
    assert result.entries == ()
    assert len(result.problems) == 1
    assert result.problems[0].level is Level.WARNING
    assert "empty" in result.problems[0].message


def test_whitespace_only_file_is_a_warning(tmp_path):
    result = load_bytes(b"  \n\n\t\n", str(tmp_path / "ws.bib"))
    assert result.entries == ()
    assert any("empty" in p.message for p in result.problems)


def test_missing_file_is_a_problem_not_an_exception(tmp_path):
    path = tmp_path / "nope" / "missing.bib"
    result = load_file(path, "bib/missing.bib")
    assert result.entries == ()
    assert result.file == "bib/missing.bib"
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert isinstance(problem, Problem)
    assert problem.level is Level.ERROR
    assert problem.file == "bib/missing.bib"
    assert "does not exist" in problem.message


def test_directory_instead_of_file_is_a_problem(tmp_path):
    result = load_file(tmp_path)
    assert result.entries == ()
    assert len(result.problems) == 1
    assert result.problems[0].level is Level.ERROR


# --------------------------------------------------------------------------- cache


def test_cache_returns_same_object_for_same_bytes(tmp_path):
    name = str(tmp_path / "cached.bib")
    data = SIMPLE.encode("utf-8")
    first = load_bytes(data, name)
    second = load_bytes(bytes(data), name)
    assert first is second
    assert len(first.digest) == 40
    changed = load_bytes(data + b"\n@misc{other, title = {O}}\n", name)
    assert changed is not first
    assert [e.key for e in changed.entries] == ["k", "other"]


def test_cache_through_load_file(tmp_path):
    path = tmp_path / "file.bib"
    path.write_text(SIMPLE, encoding="utf-8")
    first = load_file(path)
    second = load_file(path)
    assert first is second
    path.write_text(SIMPLE.replace("2020", "2021"), encoding="utf-8")
    third = load_file(path)
    assert third is not first
    assert _entry(third, "k").get("year") == "2021"


def test_parse_text_never_raises_on_garbage():
    result = parse_text("@article{x, title = {a}} } } @@@ {{{ @misc{")
    assert isinstance(result.problems, tuple)
    assert [e.key for e in result.entries] == ["x"]


def test_field_positions_match_the_look_behind_pattern():
    import random
    import re

    from labsite.bib.load import _find_field

    rng = random.Random(6)
    pieces = ["title", "booktitle", "-title", "_title", " ", "\n", "=", "{", "}", "é", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for name in ("title", "x"):
            reference = re.compile(rf"(?<![\w-]){re.escape(name)}\s*=")
            for cursor in range(len(text) + 1):
                expected = reference.search(text, cursor)
                found = _find_field(text, name, cursor)
                assert (found and found.span()) == (expected and expected.span()), text
