"""`mkdocs build --strict` fails on every kind of broken BibTeX (tests/samples/malformed.py),
naming the file, without a traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from ..samples.malformed import CASES
from ..support import BASE_CONFIG, write_site


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
