"""Stage 1 for YAML data files (people, talks): read with PyYAML, keep line numbers.

Every mapping read from a file is a :class:`Record`, a ``dict`` that also knows the
line it starts on and the line of each of its keys, so that a problem with a value
can name ``file:line``. :class:`Fields` reads one record's values with type checks,
turning what it cannot use into a :class:`~labsite.diagnostics.Problem` (never an
exception). Nothing here knows about HTML or MkDocs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from labsite.diagnostics import Level, Problem
from labsite.text.urls import safe_url

T = TypeVar("T")

# "[label](url)" in a free-text field: the only markup data files may use.
_INLINE_LINK = re.compile(r"\[([^\[\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")


class Record(dict[Any, Any]):
    """A mapping from a data file, with the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]
    duplicates: list[tuple[Any, int]]

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with mappings as :class:`Record` (line numbers kept)."""


def _construct_record(loader: _Loader, node: yaml.MappingNode) -> Record:
    loader.flatten_mapping(node)
    record = Record()
    record.line = node.start_mark.line + 1
    record.key_lines = {}
    record.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = str(key)
        value = loader.construct_object(value_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in record:
            record.duplicates.append((key, line))
        record[key] = value
        record.key_lines[key] = line
    return record


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_record)


_LOADED: dict[tuple[str, str, str, bytes], tuple[Any, tuple[Problem, ...]]] = {}


def load_data_file(
    path: Path,
    name: str,
    build: Callable[[object, str], tuple[T, tuple[Problem, ...]]],
    empty: T,
) -> tuple[T, tuple[Problem, ...]]:
    """Read a data file and ``build`` its records: what was read, and every problem.

    Never raises on bad input; a file that is not valid YAML gives ``empty``. Results
    are cached by content, so the macros module and the plugin read a file once per
    build (and ``mkdocs serve`` once per change)."""
    try:
        content = path.read_bytes()
    except OSError:
        content = b""
    key = (build.__qualname__, str(path), name, content)
    if key not in _LOADED:
        data, problems = read_yaml(path, name)
        built, more = build(data, name) if not problems else (empty, ())
        if len(_LOADED) > 16:
            _LOADED.clear()
        _LOADED[key] = (built, tuple(problems) + more)
    return _LOADED[key]


def read_yaml(path: Path, name: str) -> tuple[object, list[Problem]]:
    """The document in ``path`` (``None`` if it is missing or unreadable) and what was
    wrong with it. ``name`` is how problems name the file (e.g. ``data/people.yml``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [
            Problem(
                "the file does not exist",
                file=name,
                hint="create it, or fix the path in the labsite settings of mkdocs.yml",
            )
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(f"the file cannot be read: {exc}", file=name)]
    try:
        return yaml.load(text, Loader=_Loader), []  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        return None, [
            Problem(
                f"this is not valid YAML ({what}); nothing in the file is used",
                file=name,
                line=mark.line + 1 if mark else None,
                hint="check the indentation, and put quotes around text that has ': ' or "
                "starts with a special character ([, {, *, &, !, %, @, `)",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(f"this is not valid YAML ({exc}); nothing is used", file=name)]


@dataclass(frozen=True)
class Inline:
    """Free text with links written ``[label](url)``: (text, URL or None) pieces."""

    parts: tuple[tuple[str, str | None], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.parts)

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)


class Fields:
    """Reads the values of one record, reporting problems against ``what`` (e.g.
    ``member 'alex-example'``) with the line of the key concerned."""

    def __init__(
        self,
        record: Record,
        *,
        file: str,
        what: str,
        known: Iterable[str],
        problems: list[Problem],
    ) -> None:
        self.record = record
        self.file = file
        self.what = what
        self.known = tuple(known)
        self.problems = problems

    def problem(
        self,
        message: str,
        key: str | None = None,
        *,
        hint: str | None = None,
        level: Level = Level.ERROR,
    ) -> None:
        line = self.record.line_of(key) if key is not None else self.record.line
        self.problems.append(
            Problem(f"{self.what}: {message}", file=self.file, line=line, hint=hint, level=level)
        )

    def check_keys(self) -> None:
        """Unknown keys (with a "did you mean") and keys given twice."""
        for key, _line in self.record.duplicates:
            self.problem(f"'{key}' is given twice; the last one is used", key, level=Level.WARNING)
        for key in self.record:
            if key not in self.known:
                close = difflib.get_close_matches(str(key), self.known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(self.known)}"
                self.problem(f"unknown field '{key}' is ignored", key, hint=hint,
                             level=Level.WARNING)  # fmt: skip

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.record.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"'{key}' is missing", key)
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(f"'{key}' must be text, not {_kind(value)}; left out", key)
            return ""
        return " ".join(str(value).split())

    def texts(self, key: str) -> tuple[str, ...]:
        """One text or a list of texts."""
        value = self.record.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        result = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.problem(
                    f"each item of '{key}' must be text, not {_kind(item)}; left out",
                    key,
                    hint=f"write {key}: [First item, Second item]",
                )
                continue
            text = " ".join(str(item).split())
            if text:
                result.append(text)
        return tuple(result)

    def year(self, key: str, *, required: bool = False) -> int | None:
        value = self.record.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"'{key}' is missing", key, hint=f"write {key}: 2024")
            return None
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
            self.problem(f"'{key}' is {value!r}, not a year", key, hint=f"write {key}: 2024")
            return None
        return value

    def url(self, key: str, value: object = None) -> str | None:
        """A link: http(s), mailto or site-relative; anything else is left out."""
        if value is None:
            value = self.record.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.problem(f"link '{key}' must be text, not {_kind(value)}; left out", key)
            return None
        checked = safe_url(value.strip())
        if checked is None:
            self.problem(
                f"link '{key}' is not an http(s), mailto or site-relative URL and is left out",
                key,
                hint="links must start with https://, http://, mailto: or be a path",
            )
        return checked

    def inline(self, key: str, *, required: bool = False) -> Inline:
        """Free text in which ``[label](url)`` is a link (URLs checked like links)."""
        text = self.text(key, required=required)
        return parse_inline(text, lambda url: self.url(key, url))

    def choice(self, key: str, values: Iterable[str], *, required: bool = False) -> str:
        """One of ``values`` (case-insensitive), or "" with a "did you mean"."""
        text = self.text(key, required=required)
        if not text:
            return ""
        choices = tuple(values)
        folded = text.casefold()
        if folded in choices:
            return folded
        self.problem(f"'{key}' is '{text}', which is not one of: {', '.join(choices)}", key,
                     hint=did_you_mean(folded, choices))  # fmt: skip
        return ""


def parse_inline(text: str, check: Callable[[str], str | None]) -> Inline:
    """Split ``text`` at ``[label](url)`` links; ``check`` vets each URL (``None``
    keeps the label as plain text)."""
    parts: list[tuple[str, str | None]] = []
    last = 0
    for match in _INLINE_LINK.finditer(text):
        if match.start() > last:
            parts.append((text[last : match.start()], None))
        parts.append((match.group(1), check(match.group(2))))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], None))
    return Inline(tuple(parts))


def did_you_mean(value: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else None


def _kind(value: object) -> str:
    if isinstance(value, (dict, Record)):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return type(value).__name__


def records(
    value: object, *, file: str, what: str, line: int, problems: list[Problem]
) -> list[Record]:
    """The mappings of a list; anything else in it is reported and skipped."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem(f"{what} must be a list of entries (each starting with '- ')",
                                file=file, line=line))  # fmt: skip
        return []
    found = []
    for index, item in enumerate(value, start=1):
        if isinstance(item, Record):
            found.append(item)
        else:
            problems.append(
                Problem(
                    f"{what}: item {index} is {_kind(item)}, not an entry with fields; skipped",
                    file=file,
                    line=line,
                    hint="each entry is a set of 'field: value' lines after '- '",
                )
            )
    return found
