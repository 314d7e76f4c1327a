"""Fixtures: building real MkDocs sites in temporary folders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from .support import BASE_CONFIG, Build, run_build, write_site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Build]:
    """Write a site into a temporary folder and build it: ``make_site(pages, bib)``."""

    def make(
        pages: Mapping[str, str],
        bib: str | bytes = "",
        *,
        config: str = BASE_CONFIG,
        strict: bool = False,
    ) -> Build:
        write_site(tmp_path, pages, bib, config)
        return run_build(tmp_path, strict=strict)

    return make
