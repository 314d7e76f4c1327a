"""The contributor commands end to end: a site made by `labsite new` builds with
`mkdocs build --strict`, and `labsite diff` against real git repositories.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labsite.cli.main import main

from ..support import build_strict

# --------------------------------------------------------------------------- new


def test_new_site_builds_strict(tmp_path, capsys):
    site = tmp_path / "site"
    assert main(["new", str(site), "--name", "Ann O'Lee"]) == 0
    assert f"created {site}" in capsys.readouterr().out
    for name in ("mkdocs.yml", "docs/index.md", "docs/publications.md", "bib/papers.bib",
                 "overrides/.gitkeep", "Makefile", "README.md"):  # fmt: skip
        assert (site / name).is_file(), name
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Ann O\'Lee"' in config
    assert '        - "Ann O\'Lee"' in config
    assert "Your Name" not in config
    bib = (site / "bib" / "papers.bib").read_text(encoding="utf-8")
    assert "author = {Ann O'Lee}," in bib
    assert "yourname2025example" in bib
    assert "LABSITE ?= labsite" in (site / "Makefile").read_text(encoding="utf-8")
    assert main(["tidy", "--check", str(site / "bib" / "papers.bib")]) == 0
    assert main(["check", str(site / "bib" / "papers.bib")]) == 0
    out = tmp_path / "out"
    build = build_strict(site, out)
    assert build.returncode == 0, build.output
    page = BeautifulSoup((out / "publications" / "index.html").read_text("utf-8"), "html.parser")
    assert "Sample Entry: Replace It with One of Your Papers" in page.get_text()
    assert "Ann O'Lee" in (out / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- diff

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = """\
@article{kept, author = {Lee, Ann}, title = {Kept}, journal = {J}, year = 2020}
@article{edited, author = {Lee, Ann}, title = {Edited}, journal = {J}, year = 2020,
  note = {old note}}
@article{gone, author = {Lee, Ann}, title = {Gone {Paper}}, journal = {J}, year = 2019}
"""

NEW = """\
@article{edited,
  author = {Lee, Ann},
  title = {Edited},
  journal = {J},
  year = {2021},
  doi = {10.1/x},
}

@article{kept,
  author = {Lee, Ann},
  title = {Kept},
  journal = {J},
  year = {2020},
}

@article{fresh, author = {Lee, Ann}, title = {Fresh \\emph{Work}}, journal = {J}, year = 2022}
"""


def _git(repo: Path, *args: str) -> None:
    env = dict(
        os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
    )  # fmt: skip
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@needs_git
def test_diff_lists_added_changed_and_removed(tmp_path, monkeypatch, capsys):
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "papers.bib").write_text(OLD, encoding="utf-8")
    (tmp_path / "bib" / "old.bib").write_text(
        "@misc{dropped, title = {Dropped}}\n", encoding="utf-8"
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "papers")
    (tmp_path / "bib" / "papers.bib").write_text(NEW, encoding="utf-8")
    (tmp_path / "bib" / "old.bib").unlink()
    (tmp_path / "bib" / "talks.bib").write_text("@misc{talk, title = {A Talk}}\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD"]) == 0
    assert capsys.readouterr().out == (
        "## Bibliography changes since `HEAD`\n"
        "\n"
        "2 added, 1 changed, 2 removed.\n"
        "\n"
        "### Added\n"
        "\n"
        "- `fresh`: Fresh Work\n"
        "- `talk`: A Talk\n"
        "\n"
        "### Changed\n"
        "\n"
        "- `edited`: Edited\n"
        "  - year: `2020` → `2021`\n"
        "  - note: `old note` → (none)\n"
        "  - doi: (none) → `10.1/x`\n"
        "\n"
        "### Removed\n"
        "\n"
        "- `dropped`: Dropped\n"
        "- `gone`: Gone Paper\n"
    )
    assert main(["diff", "HEAD", "bib/talks.bib"]) == 0
    only = capsys.readouterr().out
    assert "1 added, 0 changed, 0 removed." in only
    assert "`talk`" in only and "`fresh`" not in only


@needs_git
def test_diff_without_changes(tmp_path, monkeypatch, capsys):
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "papers.bib").write_text(OLD, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "papers")
    monkeypatch.chdir(tmp_path)
    # Tidying changes the text, not the entries.
    assert main(["tidy"]) == 0
    capsys.readouterr()
    assert main(["diff", "HEAD"]) == 0
    assert capsys.readouterr().out == (
        "## Bibliography changes since `HEAD`\n\nNo entries added, changed or removed.\n"
    )


@needs_git
def test_diff_bad_revision_and_no_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["diff", "HEAD"]) == 2
    assert "is not in a git repository" in capsys.readouterr().err
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.bib").write_text("@misc{a, title = {A}}\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "a")
    assert main(["diff", "no-such-rev", "a.bib"]) == 2
    assert capsys.readouterr().err == (
        "labsite diff: unknown revision 'no-such-rev' (not a commit of this repository)\n"
    )
    assert main(["diff", "--", "-x"]) == 2
    capsys.readouterr()
    assert main(["diff", "HEAD", "typo.bib"]) == 2
    assert capsys.readouterr().err == "labsite diff: typo.bib: no such file, now or at HEAD\n"
