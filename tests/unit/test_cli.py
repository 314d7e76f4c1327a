"""The `labsite check` command."""

from __future__ import annotations

import json

import pytest

from labsite.cli.main import main

CLEAN = """\
@article{ok,
  author = {Ann Lee},
  title = {A Clean Entry},
  journal = {Journal of Things},
  year = {2020},
}
"""

BROKEN = """\
@article{fine,
  author = {Ann Lee},
  title = {Fine},
  journal = {J},
  year = {2020},
}

@misc{bad,
  title = {X}
  year = {2021},
}
"""


def test_clean_file_returns_0(tmp_path, capsys):
    path = tmp_path / "clean.bib"
    path.write_text(CLEAN, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "1 entries in 1 file(s): 0 error(s), 0 warning(s)" in captured.err


def test_broken_file_returns_1_and_prints_location(tmp_path, capsys):
    path = tmp_path / "broken.bib"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    comma = [line for line in lines if "a comma is missing" in line]
    assert len(comma) == 1
    assert f"{path}:9: entry 'bad': " in comma[0]
    assert comma[0].startswith("error: ")
    assert "'year'" in comma[0]
    assert "entry 'fine'" not in out


def test_duplicate_key_across_lines(tmp_path, capsys):
    path = tmp_path / "dup.bib"
    path.write_text(CLEAN + "\n" + CLEAN, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:8: entry 'ok': duplicate key" in out


def test_warning_only_file_returns_0(tmp_path, capsys):
    path = tmp_path / "warn.bib"
    path.write_text("@article{w,\n  title = {Only a title},\n}\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"warning: {path}:1: entry 'w': missing required field")


def test_several_files(tmp_path, capsys):
    clean = tmp_path / "clean.bib"
    clean.write_text(CLEAN, encoding="utf-8")
    broken = tmp_path / "broken.bib"
    broken.write_text(BROKEN, encoding="utf-8")
    assert main(["check", str(clean), str(broken)]) == 1
    captured = capsys.readouterr()
    assert str(broken) in captured.out
    assert f"{clean}:" not in captured.out
    assert "in 2 file(s)" in captured.err


def test_missing_file_is_reported(tmp_path, capsys):
    path = tmp_path / "missing.bib"
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: the file does not exist" in out


def test_default_files_from_bib_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "no .bib files" in capsys.readouterr().err
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "papers.bib").write_text(CLEAN, encoding="utf-8")
    assert main(["check"]) == 0


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_json_output(tmp_path, capsys):
    path = tmp_path / "broken.bib"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["check", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["entries"] == 2
    assert report["errors"] == 1
    comma = [p for p in report["problems"] if "comma is missing" in p["message"]]
    assert comma == [
        {
            "level": "error", "file": str(path), "line": 9, "column": None, "key": "bad",
            "message": comma[0]["message"],
            "hint": "put a comma at the end of this line, before 'year ='",
        }
    ]  # fmt: skip


def test_duplicate_doi_title_misspelt_field_and_missing_local_file(tmp_path, capsys):
    docs = tmp_path / "docs"
    (docs / "files").mkdir(parents=True)
    (docs / "files" / "here.pdf").write_bytes(b"%PDF")
    path = tmp_path / "refs.bib"
    path.write_text(
        "@misc{one,\n  title = {Learning to Learn Things},\n  year = {2020},\n"
        "  doi = {10.1000/xyz},\n  pdf = {files/here.pdf},\n}\n\n"
        "@misc{two,\n  title = {Learning to learn things!},\n  year = {2020},\n"
        "  doi = {https://doi.org/10.1000/XYZ},\n  slide = {https://example.org/s.pdf},\n"
        "  poster = {files/missing.pdf},\n}\n",
        encoding="utf-8",
    )
    assert main(["check", "--docs-dir", str(docs), str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:11: entry 'two': same DOI as entry 'one'" in out
    assert f"{path}:9: entry 'two': same title and year as entry 'one'" in out
    assert f"{path}:12: entry 'two': unknown field 'slide'; did you mean 'slides'?" in out
    assert f"{path}:13: entry 'two': link 'poster' points to 'files/missing.pdf'" in out
    assert "here.pdf" not in out


def test_people_and_talks_files_are_checked_too(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "papers.bib").write_text("@misc{a, title = {A}, year = {2020}}\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "people.yml").write_text(
        "members:\n  - id: sam\n    name: Sam Placeholder\n    start: soon\n"
    )
    (tmp_path / "data" / "talks.yml").write_text(
        "- year: 2024\n  kind: keynot\n  event: Placeholder Conference\n"
    )
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "data/people.yml:4: member 'sam': 'start' is 'soon', not a year" in out
    assert "data/talks.yml:2: talk 'Placeholder Conference' (2024)" in out
    assert "did you mean 'keynote'" in out
    # Elsewhere, or fixed, they are not in the way.
    assert main(["check", "--people", "none.yml", "--talks", "none.yml"]) == 0


def test_commands_read_the_settings_where_every_host_reads_them(tmp_path):
    """The labsite.markdown extension's block first, then the plugin's, then extra."""
    from labsite.cli.common import site_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: S\n"
        "markdown_extensions:\n"
        "  - toc\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "  - labsite.markdown:\n"
        "      bib_files: [bib/ext.bib]\n"
        "plugins:\n"
        "  - labsite\n",
        encoding="utf-8",
    )
    assert site_settings(str(config)).bib_files == ("bib/ext.bib",)
    config.write_text("plugins:\n  - labsite:\n      bib_files: [bib/plugin.bib]\n")
    assert site_settings(str(config)).bib_files == ("bib/plugin.bib",)
    config.write_text("extra:\n  labsite:\n    bib_files: [bib/extra.bib]\n")
    assert site_settings(str(config)).bib_files == ("bib/extra.bib",)
