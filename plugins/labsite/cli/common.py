"""What the ``labsite`` commands share: their error, and reading the files they are given."""

from __future__ import annotations

from pathlib import Path


class ToolError(Exception):
    """A problem that ends a command: a one-line message and the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def default_bib_files(base: str | Path = ".") -> list[str]:
    """The .bib files of ``base``/bib, as ``bib/name.bib``."""
    return sorted(f"bib/{p.name}" for p in Path(base, "bib").glob("*.bib"))


def read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ToolError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ToolError(f"{path}: is a folder, not a .bib file") from None
    except OSError as exc:
        raise ToolError(f"{path}: cannot be read: {exc.strerror}") from None
