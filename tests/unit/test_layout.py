"""The package's layout: stages in folders, imports pointing down only (the import-linter
contracts in pyproject.toml), and nothing importing the package's ``__init__``."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from ..support import REPO

PACKAGE = REPO / "plugins" / "labsite"
STAGES = ("text", "bib", "data", "render", "export", "hosts", "cli")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "template_site" not in p.parts)


def test_the_import_contracts_hold():
    """`lint-imports` (also run by `make lint`): layers and the host-free engine."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout, result.stdout


def test_nothing_imports_the_package_init():
    offenders = []
    for path in _modules():
        if path == PACKAGE / "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            relative_root = isinstance(node, ast.ImportFrom) and node.level and not node.module
            absolute_root = isinstance(node, ast.ImportFrom) and node.module == "labsite"
            plain = isinstance(node, ast.Import) and any(a.name == "labsite" for a in node.names)
            if relative_root or absolute_root or plain:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_the_root_holds_a_handful_of_files_and_the_stage_folders():
    root_modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root_modules) <= 9, root_modules
    assert all((PACKAGE / stage / "__init__.py").is_file() for stage in STAGES)


def test_every_module_says_what_it_is_for():
    undocumented = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if path.name != "__init__.py"
        and not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert undocumented == []
