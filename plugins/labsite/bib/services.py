"""The pages that services keep of a paper, from the ids al-folio's badge fields hold.

al-folio shows ``altmetric``, ``dimensions``, ``google_scholar_id`` and
``inspirehep_id`` as badges drawn by the services' scripts and images. labsite shows
each as a plain link to the service's page of the paper, so that a page loads nothing
from another site and tells no service who reads it. The URLs are the ones al-folio's
badges link to (``_layouts/bib.liquid``), made from the same values: an explicit id,
or ``true`` for "find it by the paper's DOI, arXiv id, PubMed id or ISBN".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from labsite.bib.model import Link, Paper
from labsite.diagnostics import Level, Problem

_OFF = {"", "false", "no", "0", "off"}
_ON = {"true", "yes", "1", "on"}


def _value(paper: Paper, name: str) -> str:
    return paper.fields.get(name, "").strip()


def _part(text: str) -> str:
    """An id as one path segment (or query value) of a URL."""
    return quote(text, safe=".:-_~")


def altmetric_url(paper: Paper) -> str | None:
    value = _value(paper, "altmetric")
    if value.casefold() in _OFF:
        return None
    if value.casefold() not in _ON:
        return f"https://www.altmetric.com/details/{_part(value)}"
    if paper.arxiv:
        return f"https://www.altmetric.com/details/arxiv/{_part(paper.arxiv)}"
    if paper.doi:
        return f"https://www.altmetric.com/details/doi/{quote(paper.doi, safe='/.:-_()')}"
    for name in ("pmid", "isbn"):
        if _value(paper, name):
            return f"https://www.altmetric.com/details/{name}/{_part(_value(paper, name))}"
    return None


def dimensions_url(paper: Paper) -> str | None:
    value = _value(paper, "dimensions")
    if value.casefold() in _OFF:
        return None
    if value.casefold() not in _ON:
        return f"https://app.dimensions.ai/details/publication/{_part(value)}"
    if paper.doi:
        return f"https://badge.dimensions.ai/details/doi/{quote(paper.doi, safe='/.:-_()')}"
    if _value(paper, "pmid"):
        return f"https://badge.dimensions.ai/details/pmid/{_part(_value(paper, 'pmid'))}"
    return None


def google_scholar_url(paper: Paper, user: str) -> str | None:
    """The paper in its author's Google Scholar profile: needs the profile's id
    (the ``scholar_userid`` setting, as in al-folio)."""
    value = _value(paper, "google_scholar_id")
    if not value or not user:
        return None
    user = _part(user)
    return (
        "https://scholar.google.com/citations?view_op=view_citation&hl=en"
        f"&user={user}&citation_for_view={user}:{_part(value)}"
    )


def inspirehep_url(paper: Paper) -> str | None:
    value = _value(paper, "inspirehep_id")
    return f"https://inspirehep.net/literature/{_part(value)}" if value else None


def service_links(paper: Paper, scholar_user: str = "") -> tuple[Link, ...]:
    """The paper's pages at Altmetric, Dimensions, Google Scholar and INSPIRE, as far
    as its fields name them, in al-folio's order."""
    found = (
        ("altmetric", "Altmetric", altmetric_url(paper)),
        ("dimensions", "Dimensions", dimensions_url(paper)),
        ("google_scholar_id", "Google Scholar", google_scholar_url(paper, scholar_user)),
        ("inspirehep_id", "INSPIRE", inspirehep_url(paper)),
    )
    return tuple(Link(kind, label, url) for kind, label, url in found if url)


def unlinked_services(paper: Paper, scholar_user: str = "") -> list[tuple[str, str]]:
    """(field, why) for each badge field that is set but gives no link."""
    missing = []
    if _value(paper, "altmetric").casefold() in _ON and altmetric_url(paper) is None:
        missing.append(("altmetric", "the entry has no doi, arxiv, pmid or isbn to find it by"))
    if _value(paper, "dimensions").casefold() in _ON and dimensions_url(paper) is None:
        missing.append(("dimensions", "the entry has no doi or pmid to find it by"))
    if _value(paper, "google_scholar_id") and not scholar_user:
        missing.append(("google_scholar_id", "the setting scholar_userid is not set"))
    return missing


def unlinked_service_problems(papers: Iterable[Paper], scholar_user: str = "") -> list[Problem]:
    """A warning for each badge field that is set but gives no link."""
    problems = []
    for paper in papers:
        for name, why in unlinked_services(paper, scholar_user):
            problems.append(Problem(
                f"field '{name}' gives no link: {why}", file=paper.file,
                line=_line_of(paper, name), key=paper.key, level=Level.WARNING,
                hint="set scholar_userid in the labsite settings"
                if name == "google_scholar_id" else "give the service's id instead of true",
            ))  # fmt: skip
    return problems


def _line_of(paper: Paper, name: str) -> int:
    match = re.search(rf"(?im)^\s*{re.escape(name)}\s*=", paper.source)
    return paper.line + paper.source.count("\n", 0, match.start()) if match else paper.line


__all__ = ["service_links", "unlinked_service_problems", "unlinked_services"]
