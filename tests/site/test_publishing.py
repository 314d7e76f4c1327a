"""Publishing: `mkdocs gh-deploy` to a (local, bare) remote, and the CI workflows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from ..support import BASE_CONFIG, REPO, Build, build_strict, write_site

BIB = "@misc{one,\n  title = {One},\n  year = {2024}\n}\n"


def _git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org")  # fmt: skip
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    return proc.stdout


def test_gh_deploy_to_a_bare_repository(tmp_path: Path):
    remote = tmp_path / "remote.git"
    _git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    site = tmp_path / "site-src"
    site.mkdir()
    write_site(site, {"index.md": "# Home\n\n{{ papers() }}\n", "CNAME": "research.example.org\n"},
               BIB, BASE_CONFIG)  # fmt: skip
    _git("init", "-q", "-b", "main", cwd=site)
    _git("add", "-A", cwd=site)
    _git("commit", "-q", "-m", "site", cwd=site)
    _git("remote", "add", "origin", str(remote), cwd=site)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", GIT_AUTHOR_NAME="Test",
               GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org")  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--strict", "--no-history"],
        cwd=site, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    names = set(_git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert {"index.html", ".nojekyll", "404.html", "sitemap.xml", "CNAME"} <= names
    assert "publications/one/index.html" in names
    cname = _git("show", "gh-pages:CNAME", cwd=remote)
    assert cname.strip() == "research.example.org"
    index = _git("show", "gh-pages:index.html", cwd=remote)
    assert 'data-paper-key="one"' in index


def test_workflows_validate_against_the_github_schema():
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} >= {"pr.yml", "deploy.yml"}
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, workflows)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_citation_counts_workflow():
    """Weekly and by hand; the venv as the other workflows make it; the counts fetched
    only when the site shows them; a pull request with the data file alone."""
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "metrics.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert len(triggers["schedule"][0]["cron"].split()) == 5
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = workflow["jobs"]["metrics"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "make install" in runs and "make build" in runs
    assert ".venv/bin/labsite metrics --if-on" in runs
    pull = next(s for s in steps if str(s.get("uses", "")).startswith("peter-evans/"))
    assert pull["uses"] == "peter-evans/create-pull-request@v7"
    assert pull["with"]["add-paths"] == "data/metrics.yml"
    makefile = (REPO / "Makefile").read_text()
    assert "\ninstall: $(STAMP)" in makefile


def test_a_broken_workflow_is_caught(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                      "    stepz:\n      - run: echo\n", encoding="utf-8")  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(broken)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode != 0


DATES_CONFIG = BASE_CONFIG.replace(
    "plugins:\n",
    "plugins:\n  - git-revision-date-localized:\n      fallback_to_build_date: true\n",
)


def _commit_site(site: Path) -> None:
    write_site(site, {"index.md": "# Home\n\n{{ papers() }}\n"}, BIB, DATES_CONFIG)
    _git("init", "-q", "-b", "main", cwd=site)
    _git("add", "-A", cwd=site)
    _git("commit", "-q", "-m", "site", cwd=site)
    (site / "docs" / "other.md").write_text("# Other\n", encoding="utf-8")
    _git("add", "-A", cwd=site)
    _git("commit", "-q", "-m", "another page", cwd=site)


def _strict_build(site: Path) -> Build:
    """As the workflow builds: on GitHub Actions."""
    return build_strict(site, env={"GITHUB_ACTIONS": "true"})


def test_a_shallow_clone_builds_strictly_with_one_notice(tmp_path: Path):
    """In a shallow CI checkout the "Last update" dates may be approximate: one notice,
    not one warning per page that fails --strict (the dates plugin's own, on GitHub)."""
    origin = tmp_path / "origin"
    origin.mkdir()
    _commit_site(origin)
    clone = tmp_path / "clone"
    _git("clone", "-q", "--depth", "1", f"file://{origin}", str(clone), cwd=tmp_path)
    assert _git("rev-parse", "--is-shallow-repository", cwd=clone).strip() == "true"
    build = _strict_build(clone)
    output = build.output
    assert build.returncode == 0, output
    assert output.count("labsite: this is a shallow git clone") == 1, output
    assert "fetch-depth: 0" in output
    assert "shallow git fetch depth" not in output  # the dates plugin's warning, per page
    html = (clone / "site" / "index.html").read_text(encoding="utf-8")
    assert "git-revision-date-localized-plugin" in html  # the date is still shown


def test_a_full_clone_says_nothing_about_dates(tmp_path: Path):
    origin = tmp_path / "origin"
    origin.mkdir()
    _commit_site(origin)
    build = _strict_build(origin)
    assert build.returncode == 0, build.output
    assert "shallow" not in build.output
