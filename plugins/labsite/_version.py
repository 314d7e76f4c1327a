"""The package's version, and a digest of its code (imports nothing of labsite, so
that any module may read them)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

__version__ = "0.1.0"


@cache
def code_digest() -> str:
    """A digest of labsite's own Python files: part of every cache key, so that a
    cache made by other code (an upgrade, a checkout of another commit) is never used,
    whether or not its format number was bumped. Computed once per process."""
    digest = hashlib.sha1(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        if "template_site" in path.parts:
            continue  # the files `labsite new` copies: not code that makes pages
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
