"""``labsite metrics``: the citation counts of every entry that OpenAlex can find (by
its ``openalex`` id, DOI, PMID or arXiv id), written to the site's metrics file in one
go, or not at all.

The build reads only that file (:mod:`labsite.data.metrics`); this command is the only
part of labsite that asks OpenAlex for counts, so that a scheduled job (the
``metrics.yml`` workflow) can refresh them in a pull request.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from labsite.bib.bibliography import load_bibliography
from labsite.bib.model import Paper
from labsite.cli.common import ToolError, site_settings
from labsite.cli.openalex import (
    OpenAlex,
    OpenAlexError,
    arxiv_doi,
    lookup,
    normal_doi,
    normal_openalex,
    normal_pmid,
)
from labsite.data.metrics import Metrics, WorkMetrics, dump_metrics

# Which identifier counts when an entry has several: the one the author chose
# (openalex), then the published version's (DOI, PMID), then the e-print's.
ORDER = ("openalex", "doi", "pmid", "arxiv")


def identifiers(paper: Paper) -> list[tuple[str, str]]:
    """(kind, value) of an entry, in :data:`ORDER`; the arXiv id as its DOI."""
    found = []
    fields = paper.fields
    openalex = normal_openalex(fields.get("openalex", ""))
    if openalex:
        found.append(("openalex", openalex))
    if paper.doi.strip():
        found.append(("doi", normal_doi(paper.doi)))
    pmid = normal_pmid(fields.get("pmid", ""))
    if pmid:
        found.append(("pmid", pmid))
    if paper.arxiv:
        found.append(("arxiv", arxiv_doi(paper.arxiv)))
    return found


@dataclass
class MetricsReport:
    metrics: Metrics
    no_identifier: list[str] = field(default_factory=list)
    """Keys of the entries without a DOI, arXiv id, PMID or openalex id."""
    not_found: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    """(key, its identifiers) of the entries OpenAlex does not know."""
    requests: int = 0


def _figures(key: str, work: Mapping[str, Any], openalex: str) -> WorkMetrics:
    count = work.get("cited_by_count")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise OpenAlexError(f"the record of {openalex} has no number in 'cited_by_count'")
    years: dict[int, int] = {}
    by_year = work.get("counts_by_year") or []
    if not isinstance(by_year, list):
        raise OpenAlexError(f"the record of {openalex} has a 'counts_by_year' that is no list")
    for item in by_year:
        year = item.get("year") if isinstance(item, Mapping) else None
        cited = item.get("cited_by_count") if isinstance(item, Mapping) else None
        if not isinstance(year, int) or not isinstance(cited, int) or cited < 0:
            raise OpenAlexError(f"the record of {openalex} has a malformed 'counts_by_year'")
        if cited:
            years[year] = cited
    return WorkMetrics(key, openalex, count, tuple(sorted(years.items())))


def fetch_metrics(
    papers: Sequence[Paper], client: OpenAlex, today: datetime.date | None = None
) -> MetricsReport:
    """The figures of ``papers`` from OpenAlex (raises :class:`OpenAlexError`)."""
    wanted: dict[str, list[str]] = {"openalex": [], "doi": [], "pmid": []}
    per_paper: dict[str, list[tuple[str, str]]] = {}
    for paper in papers:
        ids = identifiers(paper)
        per_paper[paper.key] = ids
        for kind, value in ids:
            wanted["doi" if kind == "arxiv" else kind].append(value)
    found = lookup(client, {k: v for k, v in wanted.items() if v})
    works: dict[str, WorkMetrics] = {}
    report = MetricsReport(Metrics())
    for paper in papers:
        ids = per_paper[paper.key]
        if not ids:
            report.no_identifier.append(paper.key)
            continue
        work = next(
            (
                found[("doi" if kind == "arxiv" else kind, value)]
                for kind, value in ids
                if ("doi" if kind == "arxiv" else kind, value) in found
            ),
            None,
        )
        openalex = normal_openalex(str(work.get("id", ""))) if work is not None else None
        if work is None or openalex is None:
            report.not_found.append((paper.key, ids))
            continue
        works[paper.key] = _figures(paper.key, work, openalex)
    report.metrics = Metrics(
        retrieved=today or datetime.datetime.now(datetime.timezone.utc).date(),
        source=client.base_url,
        works=MappingProxyType(dict(sorted(works.items()))),
    )
    report.requests = client.requests_made
    return report


def write_atomically(path: Path, name: str, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then put it in its place:
    the file is either as it was or complete, never half-written."""
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise ToolError(f"{name}: cannot be written: {exc.strerror}", 1) from None


def run_metrics(
    config_file: str,
    *,
    api_url: str | None,
    mailto: str | None,
    timeout: float,
    output: str | None = None,
    if_on: bool = False,
) -> tuple[MetricsReport | None, str]:
    """Fetch the figures of the site's bibliography and write the metrics file: the
    report and the file's name. Nothing is written when OpenAlex fails; nothing is
    done (no report) with ``if_on`` when the site does not show citation counts."""
    settings = site_settings(config_file)
    if if_on and not settings.citation_counts:
        return None, output or settings.metrics_file
    bibliography = load_bibliography(settings.bib_paths(), None)
    client = OpenAlex(
        base_url=api_url or settings.openalex_url,
        mailto=settings.openalex_mailto if mailto is None else mailto,
        timeout=timeout,
    )
    try:
        report = fetch_metrics(bibliography.papers, client)
    except OpenAlexError as exc:
        name = output or settings.metrics_file
        raise ToolError(f"{exc}; {name} is left as it was", 1) from None
    name = output or settings.metrics_file
    path = Path(output) if output else settings.root / settings.metrics_file
    write_atomically(path, name, dump_metrics(report.metrics))
    return report, name
