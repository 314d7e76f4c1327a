"""A small client of the OpenAlex API (https://docs.openalex.org), for ``labsite
metrics`` and ``labsite add --doi/--arxiv/--orcid``: works looked up by DOI, PMID or
OpenAlex id in batches (``filter=doi:A|B``, up to 50 values a request), and an
author's works by ORCID (``filter=author.orcid:...``, cursor paging).

Every failure (no connection, a timeout, an HTTP error, an answer that is not
OpenAlex's JSON) is one :class:`OpenAlexError` with a one-line message; callers change
nothing when they get one. Requests carry ``mailto`` (OpenAlex's "polite pool") when
it is set, and an API key from the ``OPENALEX_API_KEY`` environment variable when
there is one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests

from labsite._version import __version__

DEFAULT_URL = "https://api.openalex.org"
BATCH = 50
"""Values OR-ed in one filter: OpenAlex's documented limit."""
PER_PAGE = 100
"""Results a request: within the documented range of both ``per-page`` spellings."""
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
_ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.IGNORECASE)
_OPENALEX_ID = re.compile(r"^(?:https?://openalex\.org/)?(W\d+)$", re.IGNORECASE)
_PMID = re.compile(r"^(?:https?://pubmed\.ncbi\.nlm\.nih\.gov/)?(\d+)/?$")
_ARXIV_DOI = "10.48550/arxiv."


class OpenAlexError(Exception):
    """Why a request to OpenAlex gave nothing usable (one line), and the HTTP status
    of the answer when there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def normal_doi(value: str) -> str:
    """A DOI as OpenAlex compares them: no resolver prefix, lower case."""
    return _DOI_PREFIX.sub("", value.strip()).strip().casefold()


def arxiv_doi(arxiv_id: str) -> str:
    """The DOI arXiv registers for an e-print (DataCite): ``10.48550/arxiv.<id>``,
    without a version."""
    return _ARXIV_DOI + re.sub(r"v\d+$", "", arxiv_id.strip()).casefold()


def normal_orcid(value: str) -> str | None:
    match = _ORCID.match(value.strip())
    return match.group(1).upper() if match else None


def normal_openalex(value: str) -> str | None:
    match = _OPENALEX_ID.match(value.strip())
    return match.group(1).upper() if match else None


def normal_pmid(value: str) -> str | None:
    match = _PMID.match(value.strip())
    return match.group(1) if match else None


def work_ids(work: Mapping[str, Any]) -> dict[str, str]:
    """The identifiers of a work record, normalised: ``openalex``, ``doi``, ``pmid``."""
    given = work.get("ids")
    ids: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    found: dict[str, str] = {}
    openalex = normal_openalex(str(work.get("id") or ids.get("openalex") or ""))
    if openalex:
        found["openalex"] = openalex
    doi = work.get("doi") or ids.get("doi")
    if isinstance(doi, str) and doi:
        found["doi"] = normal_doi(doi)
    pmid = normal_pmid(str(ids.get("pmid") or ""))
    if pmid:
        found["pmid"] = pmid
    return found


@dataclass
class OpenAlex:
    """The API at ``base_url`` (``https://api.openalex.org`` or a mirror)."""

    base_url: str = DEFAULT_URL
    mailto: str = ""
    timeout: float = 30.0
    api_key: str = field(default_factory=lambda: os.environ.get("OPENALEX_API_KEY", ""))
    session: requests.Session = field(default_factory=requests.Session)
    requests_made: int = 0

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.session.headers["User-Agent"] = f"labsite/{__version__}" + (
            f" (mailto:{self.mailto})" if self.mailto else ""
        )

    # -- one request ---------------------------------------------------------------
    def get(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        """The JSON answer to ``GET base_url/path``; :class:`OpenAlexError` otherwise."""
        query = dict(params or {})
        if self.mailto:
            query["mailto"] = self.mailto
        if self.api_key:
            query["api_key"] = self.api_key
        url = f"{self.base_url}/{path.lstrip('/')}"
        self.requests_made += 1
        try:
            response = self.session.get(url, params=query, timeout=self.timeout)
        except requests.Timeout:
            raise OpenAlexError(
                f"{self.base_url} did not answer within {self.timeout:g} s"
            ) from None
        except requests.RequestException as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise OpenAlexError(f"cannot reach {self.base_url}: {reason}") from None
        if response.status_code == 404:
            return None
        if response.status_code == 429:
            raise OpenAlexError(
                f"{self.base_url} answered HTTP 429 (too many requests); try again later"
                " (setting openalex_mailto, or an OPENALEX_API_KEY, raises the limits)"
            )
        if response.status_code >= 400:
            raise OpenAlexError(
                f"{self.base_url} answered HTTP {response.status_code} to /{path.lstrip('/')}",
                response.status_code,
            )
        try:
            return response.json()
        except ValueError:
            raise OpenAlexError(
                f"{self.base_url} answered something that is not JSON to /{path.lstrip('/')}"
            ) from None

    def _page(self, params: Mapping[str, str]) -> tuple[list[Mapping[str, Any]], Mapping]:
        data = self.get("works", params)
        if (
            not isinstance(data, Mapping)
            or not isinstance(data.get("results"), list)
            or not isinstance(data.get("meta", {}), Mapping)
            or not all(isinstance(w, Mapping) for w in data["results"])
        ):
            raise OpenAlexError(
                f"{self.base_url} answered JSON that is not a list of works "
                "(no 'results' list of records)"
            )
        return data["results"], data.get("meta") or {}

    # -- lists of works ------------------------------------------------------------
    def works_by(self, attribute: str, values: Iterable[str]) -> list[Mapping[str, Any]]:
        """The works whose ``attribute`` (``doi``, ``pmid``, ``openalex``) is one of
        ``values``: one request per :data:`BATCH` values."""
        found: list[Mapping[str, Any]] = []
        unique = list(dict.fromkeys(v for v in values if v))
        for start in range(0, len(unique), BATCH):
            batch = unique[start : start + BATCH]
            query = {"filter": f"{attribute}:" + "|".join(batch), "per-page": str(PER_PAGE)}
            page, fetched = 1, 0
            while True:
                results, meta = self._page({**query, **({"page": str(page)} if page > 1 else {})})
                found.extend(results)
                fetched += len(results)
                # One page holds a batch; should the server give fewer per page than
                # asked (a mirror, another spelling of per-page), the next pages.
                count = meta.get("count")
                if not results or not isinstance(count, int) or fetched >= count:
                    break
                page += 1
        return found

    def work(self, path: str) -> Mapping[str, Any] | None:
        """One work (``W123``, ``doi:10.1/x``...), or ``None`` when OpenAlex has none."""
        data = self.get(f"works/{quote(path, safe=':/')}")
        if data is None:
            return None
        if not isinstance(data, Mapping) or not isinstance(data.get("id"), str):
            raise OpenAlexError(f"{self.base_url} answered JSON that is not a work record")
        return data

    def works_of_author(self, orcid: str) -> Iterator[Mapping[str, Any]]:
        """Every work of the author with this ORCID iD, newest first (cursor paging)."""
        cursor = "*"
        seen = 0
        while cursor:
            results, meta = self._page(
                {
                    "filter": f"author.orcid:{orcid}",
                    "sort": "publication_date:desc",
                    "per-page": str(PER_PAGE),
                    "cursor": cursor,
                }
            )
            yield from results
            seen += len(results)
            next_cursor = meta.get("next_cursor")
            count = meta.get("count")
            if not results or not isinstance(next_cursor, str) or next_cursor == cursor:
                break
            if isinstance(count, int) and seen >= count:
                break
            cursor = next_cursor


def lookup(
    client: OpenAlex, wanted: Mapping[str, Sequence[str]]
) -> dict[tuple[str, str], Mapping[str, Any]]:
    """Works by identifier: ``wanted`` maps ``doi``, ``pmid`` and ``openalex`` to
    normalised values; the result maps (kind, value) to the work found. DOIs that a
    filter cannot carry (with ``,`` or ``|`` in them) are asked one by one, and so are
    PMIDs when OpenAlex refuses them OR-ed in one filter (HTTP 400, a known problem of
    the API: https://github.com/ourresearch/OpenAlex/issues/8)."""
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for kind, values in wanted.items():
        plain = [v for v in values if "," not in v and "|" not in v]
        one_by_one = [v for v in values if v not in plain]
        try:
            works = client.works_by(kind, plain)
        except OpenAlexError as exc:
            if kind != "pmid" or exc.status != 400 or len(plain) < 2:
                raise
            works, one_by_one = [], plain
        for work in works:
            ids = work_ids(work)
            if kind in ids:
                found.setdefault((kind, ids[kind]), work)
        for value in dict.fromkeys(one_by_one):
            single = client.work(f"{kind}:{value}")
            if single is not None:
                found.setdefault((kind, value), single)
    return found
