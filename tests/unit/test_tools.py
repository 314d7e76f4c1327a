"""The contributor commands: ``labsite tidy``, ``add`` and ``new`` (``new``'s site built
and ``diff`` in git repositories: tests/site/test_tools_site.py).

``tidy`` is checked on a messy hand-written file (exact output), for idempotence and
``--check``, and on every file of the shared corpus (``../shared/corpus/bib``): tidy
twice gives what tidy once gives, and the tidied file reads back (through
``labsite.load``) to the same entries with the same values.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from labsite.bib.load import load_bytes, parse_text
from labsite.cli.main import main
from labsite.cli.tidy import tidy_bytes, tidy_text

from ..support import corpus_or_skip

# --------------------------------------------------------------------------- tidy

MESSY = """\
% The lab's papers.   \t
%   (kept by hand)



@STRING{ jpa = "J. Phys. A" }
@String{lnm = {Lecture Notes}}
@Article{Doe2020,
  Title = "A {B}ig Result",
  JOURNAL = jpa # " Letters",
     YEAR=2020 , Author={D{\\"o}e, J. and Roe, R.},
  Custom_Thing = {keep   me}, doi = {10.1/X}}
% about the next entry
@misc(paren, title = {a (b)}, note="q", month = jan)



@misc{broken, title = {never closed
@InProceedings{after,title={Ok},booktitle = lnm,year={2019}}
@comment{jabref-meta: keep}
@preamble{ "\\newcommand{\\x}{y}" }
"""

TIDY = """\
% The lab's papers.
%   (kept by hand)

@string{ jpa = "J. Phys. A" }
@string{lnm = {Lecture Notes}}

@article{Doe2020,
  author = {D{\\"o}e, J. and Roe, R.},
  title = {A {B}ig Result},
  journal = jpa # " Letters",
  year = {2020},
  doi = {10.1/X},
  custom_thing = {keep   me},
}

% about the next entry
@misc{paren,
  title = {a (b)},
  month = jan,
  note = {q},
}

@misc{broken, title = {never closed

@inproceedings{after,
  title = {Ok},
  booktitle = lnm,
  year = {2019},
}

@comment{jabref-meta: keep}

@preamble{ "\\newcommand{\\x}{y}" }
"""


def _entries(data: bytes) -> list[tuple[str, str, dict[str, str]]]:
    """What labsite reads from a .bib: key, type and evaluated fields of each entry."""
    return [(e.key, e.entry_type, e.field_map) for e in load_bytes(data, "f.bib").entries]


def test_tidy_writes_the_canonical_form(tmp_path, capsys):
    path = tmp_path / "messy.bib"
    path.write_text(MESSY, encoding="utf-8")
    assert main(["tidy", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == TIDY
    captured = capsys.readouterr()
    assert f"tidied {path}" in captured.out
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {path}:18: this block cannot be parsed; it is kept as written"]


def test_tidy_keeps_what_labsite_reads():
    before = MESSY.encode()
    after = TIDY.encode()
    assert _entries(after) == _entries(before)
    entries = dict((key, fields) for key, _, fields in _entries(after))
    assert entries["Doe2020"]["journal"] == "J. Phys. A Letters"
    assert entries["after"]["booktitle"] == "Lecture Notes"
    assert entries["paren"]["month"] == "January"
    # The broken entry is the original text, byte for byte.
    assert "@misc{broken, title = {never closed\n" in MESSY
    assert "@misc{broken, title = {never closed\n" in TIDY


def test_tidy_is_idempotent_and_check_exits_0_then(tmp_path, capsys):
    path = tmp_path / "papers.bib"
    path.write_text(TIDY, encoding="utf-8")
    assert main(["tidy", "--check", str(path)]) == 0
    assert main(["tidy", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == TIDY
    assert tidy_text(TIDY).text == TIDY
    assert "0 file(s) tidied, 1 already tidy" in capsys.readouterr().err


def test_check_lists_files_that_would_change_and_writes_nothing(tmp_path, capsys):
    messy = tmp_path / "messy.bib"
    messy.write_text(MESSY, encoding="utf-8")
    tidy = tmp_path / "tidy.bib"
    tidy.write_text(TIDY, encoding="utf-8")
    assert main(["tidy", "--check", str(messy), str(tidy)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(messy)]
    assert "1 of 2 file(s) would change" in captured.err
    assert messy.read_text(encoding="utf-8") == MESSY


def test_a_change_in_white_space_only_is_a_change(tmp_path, capsys):
    path = tmp_path / "papers.bib"
    path.write_text(TIDY.replace("  year = {2020},", "  year = {2020},   "), encoding="utf-8")
    assert main(["tidy", "--check", str(path)]) == 1
    path.write_text(TIDY + "\n\n", encoding="utf-8")
    assert main(["tidy", "--check", str(path)]) == 1
    path.write_text(TIDY.replace("\n\n@inproceedings", "\n\n\n@inproceedings"), encoding="utf-8")
    assert main(["tidy", "--check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [str(path)] * 3


ENTRIES = """\
@misc{b2019, title = {B}, year = 2019}
@misc{A2021, title = {A}, year = 2021}
@misc{c, title = {C}}
% a section
@misc{z2020, title = {Z}, year = 2020}
@misc{a2022, title = {A2}, year = 2022}
"""


def _keys(text: str) -> list[str]:
    return [e.key for e in parse_text(text).entries]


def test_sort_by_key_and_by_year_within_sections():
    assert _keys(tidy_text(ENTRIES, sort="key").text) == ["A2021", "b2019", "c", "a2022", "z2020"]
    assert _keys(tidy_text(ENTRIES, sort="year").text) == ["A2021", "b2019", "c", "a2022", "z2020"]
    assert _keys(tidy_text(ENTRIES, sort="none").text) == ["b2019", "A2021", "c", "z2020", "a2022"]
    by_year = tidy_text(ENTRIES.replace("year = 2021", "year = 2018"), sort="year").text
    assert _keys(by_year) == ["b2019", "A2021", "c", "a2022", "z2020"]
    assert "}\n\n% a section\n@misc{a2022," in tidy_text(ENTRIES, sort="year").text
    once = tidy_text(ENTRIES, sort="year").text
    assert tidy_text(once, sort="year").text == once


def test_sort_and_indent_options(tmp_path):
    path = tmp_path / "papers.bib"
    path.write_text(ENTRIES, encoding="utf-8")
    assert main(["tidy", "--sort", "key", "--indent", "4", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("@misc{A2021,\n    title = {A},\n    year = {2021},\n}\n\n@misc{b2019,")


def test_line_ends_and_encodings_are_kept(tmp_path, capsys):
    crlf = MESSY.replace("\n", "\r\n").encode()
    tidied, _ = tidy_bytes(crlf, "crlf.bib")
    assert tidied == TIDY.replace("\n", "\r\n").encode()
    utf16 = b"\xff\xfe" + MESSY.encode("utf-16-le")
    assert tidy_bytes(utf16, "u.bib")[0] == b"\xff\xfe" + TIDY.encode("utf-16-le")
    latin1 = tmp_path / "latin1.bib"
    latin1.write_bytes("@misc{x, title = {Caf\xe9}}\n".encode("latin-1"))
    assert main(["tidy", str(latin1)]) == 0
    assert latin1.read_bytes() == b"@misc{x, title = {Caf\xe9}}\n"
    assert f"warning: {latin1}: not UTF-8 or UTF-16" in capsys.readouterr().err


def test_entries_tidy_cannot_rewrite_are_kept_with_a_warning(tmp_path, capsys):
    text = "@misc{a,\n  % old: title = {X},\n  title = {Y},\n}\n\n@misc{b, title={B}}\n"
    path = tmp_path / "c.bib"
    path.write_text(text, encoding="utf-8")
    assert main(["tidy", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == (
        "@misc{a,\n  % old: title = {X},\n  title = {Y},\n}\n\n@misc{b,\n  title = {B},\n}\n"
    )
    assert f"warning: {path}:1: entry 'a' kept as written: " in capsys.readouterr().err


def test_tidy_defaults_to_bib_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["tidy"]) == 2
    assert "labsite tidy: no .bib files given and none in bib/" in capsys.readouterr().err
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "a.bib").write_text(MESSY, encoding="utf-8")
    assert main(["tidy", "--check"]) == 1
    assert capsys.readouterr().out.splitlines() == ["bib/a.bib"]
    assert main(["tidy", "missing.bib"]) == 2
    assert capsys.readouterr().err.strip() == "labsite tidy: missing.bib: no such file"


def _tidy_corpus_file(path: str) -> tuple[int, bool, list[str]]:
    """Entries, whether tidy changed the file, and what went wrong with it."""
    data = Path(path).read_bytes()
    once, _ = tidy_bytes(data, path)
    twice, _ = tidy_bytes(once, path)
    problems = []
    if twice != once:
        problems.append(f"{path}: tidy is not idempotent")
    before = _entries(data)
    if once != data and _entries(once) != before:
        problems.append(f"{path}: the tidied file reads back to other entries")
    return len(before), once != data, problems


def _tidy_corpus(files: list[str]) -> list[tuple[int, bool, list[str]]]:
    """:func:`_tidy_corpus_file` of every file, on two cores when there are two."""
    workers = min(2, os.cpu_count() or 1)
    if workers > 1:
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                return list(pool.map(_tidy_corpus_file, files, chunksize=8))
        except (BrokenProcessPool, ImportError, AttributeError, pickle.PicklingError) as exc:
            print(f"\ncorpus tidy in one process ({exc!r})")
    return [_tidy_corpus_file(file) for file in files]


@pytest.mark.corpus
def test_tidy_every_corpus_file():
    corpus = corpus_or_skip()
    files = sorted(corpus.rglob("*.bib"), key=lambda p: p.stat().st_size, reverse=True)
    assert len(files) > 1000
    start = time.perf_counter()
    results = _tidy_corpus([str(f) for f in files])
    elapsed = time.perf_counter() - start
    problems = [p for _, _, found in results for p in found]
    assert not problems, problems[:20]
    assert sum(n for n, _, _ in results) > 30_000
    assert sum(changed for _, changed, _ in results) > 900
    print(f"\ntidied {len(files)} corpus files in {elapsed:.1f} s")


# --------------------------------------------------------------------------- add

EXISTING = """\
@article{lee2020things,
  author = {Lee, Ann},
  title = {On {\\"U}ber-Things},
  journal = {Journal of Things},
  year = {2020},
  doi = {10.1234/Things.2020},
}

@misc{lee2023arxiv,
  author = {Lee, Ann},
  title = {A Preprint},
  year = {2023},
  eprint = {2306.04226},
  archiveprefix = {arXiv},
}
"""

SCHOLAR = """\
@article{LEE2020THINGS,
  title={Another paper},
  author={Lee, Ann},
  year={2021}
}
@article{other2021,
  title={Something else},
  author={Lee, Ann},
  journal={J},
  doi={https://doi.org/10.1234/THINGS.2020},
  year={2021}
}
@article{lee2023preprint,
  title={The preprint, published},
  author={Lee, Ann},
  journal={arXiv preprint arXiv:2306.04226v2},
  year={2023}
}
@inproceedings{lee2020uber,
  title={On \\"{U}ber-things!},
  author={Lee, Ann},
  booktitle={Proc.},
  year={2020}
}
@article{Lee2024New,
  title="A New {Paper}",
  author={Lee, Ann and Roe, Bo},
  journal={Journal of Things},
  year=2024,
  volume={3}
}
"""

ADDED = """\
@article{Lee2024New,
  author = {Lee, Ann and Roe, Bo},
  title = {A New {Paper}},
  journal = {Journal of Things},
  year = {2024},
  volume = {3},
}
"""


def test_add_refuses_duplicates_by_key_doi_arxiv_and_title(tmp_path, capsys):
    target = tmp_path / "papers.bib"
    target.write_text(EXISTING, encoding="utf-8")
    source = tmp_path / "scholar.bib"
    source.write_text(SCHOLAR, encoding="utf-8")
    assert main(["add", str(source), "--to", str(target)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:4] == [
        f"{source}:1: entry 'LEE2020THINGS': refused: same key as entry 'lee2020things' at "
        f"{target}:1",
        f"{source}:6: entry 'other2021': refused: same DOI (10.1234/things.2020) as entry "
        f"'lee2020things' at {target}:1",
        f"{source}:13: entry 'lee2023preprint': refused: same arXiv id (2306.04226) as entry "
        f"'lee2023arxiv' at {target}:9",
        f"{source}:19: entry 'lee2020uber': refused: same title as entry 'lee2020things' at "
        f"{target}:1",
    ]
    assert err[4] == f"added 1 entry to {target}: Lee2024New"
    assert target.read_text(encoding="utf-8") == EXISTING + "\n" + ADDED
    assert main(["tidy", "--check", str(target)]) == 0


def test_add_checks_the_other_files_of_the_folder_and_itself(tmp_path, capsys):
    (tmp_path / "talks.bib").write_text(EXISTING, encoding="utf-8")
    target = tmp_path / "papers.bib"
    twice = ADDED + "\n" + ADDED.replace("Lee2024New", "lee2024again")
    source = tmp_path / "in.bib"
    source.write_text(SCHOLAR.split("@inproceedings")[0] + twice, encoding="utf-8")
    assert main(["add", str(source), "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"same key as entry 'lee2020things' at {tmp_path / 'talks.bib'}:1" in err
    assert f"entry 'lee2024again': refused: same title as entry 'Lee2024New' at {source}:" in err
    assert target.read_text(encoding="utf-8") == ADDED


def test_add_from_stdin(tmp_path, monkeypatch, capsys):
    target = tmp_path / "papers.bib"
    target.write_text(EXISTING, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(SCHOLAR.split("@article{Lee2024New")[0]))
    assert main(["add", "-", "--to", str(target)]) == 1
    assert "<stdin>:1: entry 'LEE2020THINGS': refused: same key" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == EXISTING
    new = "@misc{fresh, title = {Fresh}, year = 2025}\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(new))
    assert main(["add", "--to", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == (
        EXISTING + "\n@misc{fresh,\n  title = {Fresh},\n  year = {2025},\n}\n"
    )


def test_add_dry_run_prints_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "papers.bib"
    target.write_text(EXISTING, encoding="utf-8")
    source = tmp_path / "in.bib"
    source.write_text(SCHOLAR.split("@inproceedings")[0] + ADDED, encoding="utf-8")
    assert main(["add", "--dry-run", str(source), "--to", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ADDED
    assert "would add 1 entry: Lee2024New" in captured.err
    assert target.read_text(encoding="utf-8") == EXISTING


def test_add_refuses_broken_entries_and_creates_the_target(tmp_path, capsys):
    source = tmp_path / "in.bib"
    source.write_text("@misc{ok, title={Ok}}\n\n@misc{bad, title = {x\n", encoding="utf-8")
    target = tmp_path / "bib" / "papers.bib"
    assert main(["add", str(source), "--to", str(target)]) == 1
    assert f"{source}:3: this entry cannot be parsed" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "@misc{ok,\n  title = {Ok},\n}\n"
    empty = tmp_path / "empty.bib"
    empty.write_text("% nothing here\n", encoding="utf-8")
    assert main(["add", str(empty), "--to", str(target)]) == 1
    assert f"{empty}: no BibTeX entries found" in capsys.readouterr().err
    assert main(["add", str(tmp_path / "none.bib"), "--to", str(target)]) == 2


# --------------------------------------------------------------------------- new


def test_new_without_name_keeps_the_placeholder(tmp_path):
    assert main(["new", str(tmp_path / "s")]) == 0
    assert 'site_name: "Your Name"' in (tmp_path / "s" / "mkdocs.yml").read_text("utf-8")
    assert "author = {Your Name}," in (tmp_path / "s" / "bib" / "papers.bib").read_text("utf-8")


def test_new_refuses_a_non_empty_folder_and_bad_names(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 2
    assert "the folder is not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert main(["new", str(tmp_path / "x"), "--name", "A {B}"]) == 2
    assert "--name" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("tidy", "--check"),
        ("add", "--dry-run"),
        ("add", "--orcid"),
        ("metrics", "--api-url"),
        ("new", "--name"),
        ("diff", "REV"),
    ],
)
def test_every_command_has_help(command, text, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: labsite {command}" in out
    assert text in out


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["tidy", "--sort", "title"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
