"""Values as people write them in settings, front matter and macro calls."""

from __future__ import annotations


def as_list(value: object) -> list[str]:
    """One value or a list of values, as a list of text: ``"a"`` and ``["a"]`` alike;
    ``None`` is no value."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value]
    return [str(value)]
