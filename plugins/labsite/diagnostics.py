"""Problems found in BibTeX input or in macro calls, and the engine's own error type.

Every stage reports what it cannot use as a :class:`Problem` instead of raising, so
that one broken entry never takes the others down. A problem always says where it
is (file, line, and the entry key when known) and, where we can tell, how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """How bad a problem is.

    ``ERROR`` means something from the input was not published as written (an entry
    skipped, a field dropped); ``WARNING`` means it was published, but is probably not
    what the author meant.
    """

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with its location."""

    message: str
    file: str | None = None
    line: int | None = None
    """1-based line number in ``file``."""
    key: str | None = None
    """Citation key of the entry concerned, when known."""
    hint: str | None = None
    """A short suggestion for the fix."""
    level: Level = Level.ERROR
    column: int | None = None

    @property
    def location(self) -> str:
        """``file:line:column`` as far as it is known."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: " if self.file or self.line is not None else ""
        if self.key is not None:
            text += f"entry '{self.key}': " if self.key else "entry with an empty key: "
        text += self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class LabsiteError(Exception):
    """The one exception type the engine raises on bad input or bad use."""

    def __init__(self, problem: Problem | str) -> None:
        if isinstance(problem, str):
            problem = Problem(problem)
        self.problem = problem
        super().__init__(str(problem))


def close_match(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to ``value`` (a misspelt name, say), if one is close enough."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    """``"did you mean 'x'?"`` for the choice closest to ``value``, or ``None``."""
    close = close_match(value, choices)
    return f"did you mean '{close}'?" if close else None
