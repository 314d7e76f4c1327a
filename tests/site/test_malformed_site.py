"""`mkdocs build --strict` fails on every kind of broken BibTeX (tests/samples/malformed.py),
naming the file, without a traceback.
"""

from __future__ import annotations

import pytest

from ..samples.malformed import CASES
from ..support import BASE_CONFIG, build_strict, write_site


@pytest.mark.parametrize("name", sorted(CASES))
def test_strict_build_fails_on_each_case(tmp_path, name):
    write_site(tmp_path, {"index.md": "{{ papers() }}\n"}, CASES[name].data, BASE_CONFIG)
    build = build_strict(tmp_path, in_process=True)
    assert build.returncode != 0, f"strict build passed despite: {name}"
    assert "bib/papers.bib" in build.output
    assert "Traceback" not in build.output
