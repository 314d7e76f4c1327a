"""Citation counts as data: the metrics file that ``labsite metrics`` writes from
OpenAlex, read into immutable records (with file:line problems), written back in one
stable form, and summed up (total, h-index).

The build reads this file and nothing else: it never asks the network. The file
(``data/metrics.yml`` by default)::

    retrieved: 2026-11-30            # the date of the figures, shown beside them
    source: https://api.openalex.org
    works:
      smith2025scaling:              # the key of the .bib entry
        openalex: W1234567890
        cited_by: 12
        by_year:
          2025: 7
          2026: 5

An entry of the file that no .bib entry has is not shown (a paper removed since the
file was written); the next ``labsite metrics`` leaves it out.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from labsite.data.yamlfile import Fields, Record, load_data_file
from labsite.diagnostics import Problem
from labsite.text.urls import safe_url

TOP_LEVEL = ("retrieved", "source", "works")
WORK_FIELDS = ("openalex", "cited_by", "by_year")
OPENALEX_ID = re.compile(r"^W\d+$")
HEADER = (
    "# Citation counts from OpenAlex (https://openalex.org, CC0), written by `labsite metrics`.\n"
    "# Do not edit by hand: the next run rewrites this file.\n"
)


@dataclass(frozen=True)
class WorkMetrics:
    """What OpenAlex counted for one entry. Immutable."""

    key: str
    openalex: str
    """The OpenAlex work id, ``W`` and digits."""
    cited_by: int
    by_year: tuple[tuple[int, int], ...] = ()
    """(year, citations that year), oldest first."""
    line: int = 0

    @property
    def citing_url(self) -> str:
        """OpenAlex's web page listing the works that cite this one (the id is checked
        when the file is read; the URL goes through safe_url all the same)."""
        return safe_url(f"https://openalex.org/works?filter=cites:{self.openalex}") or ""


@dataclass(frozen=True)
class Metrics:
    """Everything in a metrics file."""

    retrieved: datetime.date | None = None
    source: str = ""
    works: Mapping[str, WorkMetrics] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def date(self) -> str:
        """The date of the figures, ``2026-11-30`` ("" when unknown)."""
        return self.retrieved.isoformat() if self.retrieved else ""

    def counts(self) -> dict[str, int]:
        """Entry key -> citations, for sorting."""
        return {key: work.cited_by for key, work in self.works.items()}


def _count(fields: Fields, key: str, value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        fields.problem(f"'{key}' is {value!r}, not a number of citations; entry left out", key,
                       hint=f"write {key}: 12")  # fmt: skip
        return None
    return value


def _by_year(fields: Fields) -> tuple[tuple[int, int], ...]:
    value = fields.record.get("by_year")
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        fields.problem("'by_year' must be 'year: citations' lines; left out", "by_year")
        return ()
    years = []
    for year, count in value.items():
        if (
            isinstance(year, bool)
            or not isinstance(year, int)
            or not 1000 <= year <= 9999
            or isinstance(count, bool)
            or not isinstance(count, int)
            or count < 0
        ):
            fields.problem(f"'by_year' has {year!r}: {count!r}, not a year and a number of "
                           "citations; left out", "by_year", hint="write 2025: 7")  # fmt: skip
            return ()
        years.append((year, count))
    return tuple(sorted(years))


def _work(key: object, record: object, file: str, line: int,
          problems: list[Problem]) -> WorkMetrics | None:  # fmt: skip
    name = str(key)
    if not isinstance(record, Record):
        problems.append(Problem(f"entry '{name}': must be 'openalex', 'cited_by' and "
                                "'by_year' lines; left out", file=file, line=line))  # fmt: skip
        return None
    fields = Fields(record, file=file, what=f"entry '{name}'", known=WORK_FIELDS,
                    problems=problems)  # fmt: skip
    fields.check_keys()
    openalex = fields.text("openalex", required=True)
    if openalex and not OPENALEX_ID.match(openalex):
        fields.problem(f"'openalex' is {openalex!r}, not an OpenAlex work id; entry left out",
                       "openalex", hint="write openalex: W1234567890")  # fmt: skip
        return None
    if "cited_by" not in record:
        fields.problem("'cited_by' is missing; entry left out", "cited_by")
        return None
    cited_by = _count(fields, "cited_by", record.get("cited_by"))
    if not openalex or cited_by is None:
        return None
    return WorkMetrics(name, openalex, cited_by, _by_year(fields), line)


def build_metrics(data: object, file: str) -> tuple[Metrics, tuple[Problem, ...]]:
    """The records of a parsed metrics file (see the module docstring)."""
    if data is None:
        return Metrics(), ()
    problems: list[Problem] = []
    if not isinstance(data, Record):
        problems.append(Problem("the file must have 'retrieved:' and 'works:'", file=file, line=1,
                                hint="run `labsite metrics` to write it again"))  # fmt: skip
        return Metrics(), tuple(problems)
    top = Fields(data, file=file, what="metrics file", known=TOP_LEVEL, problems=problems)
    top.check_keys()
    retrieved = data.get("retrieved")
    if isinstance(retrieved, datetime.datetime):
        retrieved = retrieved.date()
    if not isinstance(retrieved, datetime.date):
        top.problem(f"'retrieved' is {retrieved!r}, not a date: no figure is shown without "
                    "its date", "retrieved", hint="write retrieved: 2026-11-30")  # fmt: skip
        return Metrics(), tuple(problems)
    works: dict[str, WorkMetrics] = {}
    found = data.get("works")
    if found is not None and not isinstance(found, Record):
        top.problem("'works' must map entry keys to their figures; nothing is shown", "works")
    elif found is not None:
        for key, record in found.items():
            work = _work(key, record, file, found.line_of(key), problems)
            if work is not None:
                works[work.key] = work
    source = top.text("source")
    return Metrics(retrieved, source, MappingProxyType(works)), tuple(problems)


def load_metrics(path: Path, name: str | None = None) -> tuple[Metrics, tuple[Problem, ...]]:
    """Read a metrics file: the figures and every problem found (file:line, the entry).

    Never raises on bad input; ``name`` is how problems name the file."""
    return load_data_file(path, name or str(path), build_metrics, Metrics())


def dump_metrics(metrics: Metrics) -> str:
    """The metrics file's text: one stable form (keys sorted, one line per figure), so
    that a new run changes only the lines whose figures changed."""
    works = {
        key: {
            "openalex": work.openalex,
            "cited_by": work.cited_by,
            **({"by_year": dict(work.by_year)} if work.by_year else {}),
        }
        for key, work in metrics.works.items()
    }
    data: dict[str, object] = {"retrieved": metrics.retrieved, "works": works}
    if metrics.source:
        data["source"] = metrics.source
    text = yaml.safe_dump(
        data, sort_keys=True, allow_unicode=True, default_flow_style=False, width=1000
    )
    return HEADER + text


def h_index(counts: Iterable[int]) -> int:
    """The largest h such that h of the works have at least h citations each."""
    ordered = sorted(counts, reverse=True)
    return sum(1 for rank, count in enumerate(ordered, start=1) if count >= rank)


@dataclass(frozen=True)
class Summary:
    """The figures of a set of papers."""

    papers: int
    """How many of them have figures."""
    total: int
    h_index: int
    date: str


def summarize(metrics: Metrics, keys: Iterable[str]) -> Summary:
    """Total citations and h-index of the entries ``keys`` that have figures."""
    counts = [metrics.works[k].cited_by for k in dict.fromkeys(keys) if k in metrics.works]
    return Summary(len(counts), sum(counts), h_index(counts), metrics.date)


__all__ = [
    "Metrics", "Summary", "WorkMetrics", "build_metrics", "dump_metrics", "h_index",
    "load_metrics", "summarize",
]  # fmt: skip
