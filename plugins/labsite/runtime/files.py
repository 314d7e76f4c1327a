"""A file written whole: to a temporary file beside it, then renamed over it, so that
a reader (the next build, a browser) never sees half of it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def write_whole(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its parts, in turn, never all held at once) to ``path``.
    Raises OSError, leaving ``path`` as it was."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("w", encoding="utf-8") as stream:
            if isinstance(text, str):
                stream.write(text)
            else:
                for part in text:
                    stream.write(part)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
