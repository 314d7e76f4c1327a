"""A stand-in for the OpenAlex API on 127.0.0.1, answering in OpenAlex's documented
format (https://docs.openalex.org: ``/works?filter=doi:A|B``, ``per-page``,
``cursor=*`` paging with ``meta.next_cursor``, single works at ``/works/<id>``),
with invented works only (DOIs under 10.5555, the prefix for examples)."""

from __future__ import annotations

import base64
import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .support import SERVER_POLL


def invented_work(
    number: int,
    *,
    doi: str | None = None,
    cited: int = 0,
    by_year: dict[int, int] | None = None,
    title: str | None = None,
    authors: tuple[tuple[str, str | None], ...] = (("Ada Example", None),),
    kind: str = "article",
    source: str = "Journal of Invented Results",
    source_type: str = "journal",
    year: int = 2024,
    date: str | None = None,
    pmid: str | None = None,
    abstract: str = "",
    biblio: dict[str, str | None] | None = None,
    landing: str | None = None,
) -> dict[str, Any]:
    """An OpenAlex work record, in the shape of the API's (fields labsite reads and a
    few it does not)."""
    openalex = f"https://openalex.org/W{9000000000 + number}"
    doi_url = None if doi == "" else f"https://doi.org/{doi or f'10.5555/invented.{number}'}"
    inverted: dict[str, list[int]] = {}
    for position, word in enumerate(abstract.split()):
        inverted.setdefault(word, []).append(position)
    ids: dict[str, str] = {"openalex": openalex}
    if doi_url:
        ids["doi"] = doi_url
    if pmid:
        ids["pmid"] = f"https://pubmed.ncbi.nlm.nih.gov/{pmid}"
    return {
        "id": openalex,
        "doi": doi_url,
        "title": title or f"Invented result number {number}",
        "display_name": title or f"Invented result number {number}",
        "publication_year": year,
        "publication_date": date or f"{year}-01-{(number % 28) + 1:02d}",
        "ids": ids,
        "language": "en",
        "type": kind,
        "type_crossref": "journal-article",
        "primary_location": {
            "is_oa": False,
            "landing_page_url": landing or doi_url,
            "source": {
                "id": "https://openalex.org/S1",
                "display_name": source,
                "type": source_type,
                "host_organization_name": "Invented Press",
            },
        },
        "locations": [],
        "authorships": [
            {
                "author_position": "first" if index == 0 else "middle",
                "author": {
                    "id": f"https://openalex.org/A{index + 1}",
                    "display_name": name,
                    "orcid": f"https://orcid.org/{orcid}" if orcid else None,
                },
                "institutions": [{"display_name": "Example University"}],
                "raw_author_name": name,
            }
            for index, (name, orcid) in enumerate(authors)
        ],
        "biblio": biblio or {"volume": "3", "issue": "2", "first_page": "10", "last_page": "20"},
        "abstract_inverted_index": inverted or None,
        "cited_by_count": cited,
        "counts_by_year": [
            {"year": y, "cited_by_count": c}
            for y, c in sorted((by_year or {}).items(), reverse=True)
        ],
        "cited_by_api_url": f"https://api.openalex.org/works?filter=cites:W{9000000000 + number}",
        "updated_date": "2026-11-30T00:00:00",
    }


def _doi(value: str) -> str:
    return value.lower().removeprefix("https://doi.org/")


def _matches(work: dict[str, Any], attribute: str, value: str) -> bool:
    value = value.strip()
    if attribute == "doi":
        return bool(work["doi"]) and _doi(work["doi"]) == _doi(value)
    if attribute in ("pmid", "ids.pmid"):
        return work["ids"].get("pmid", "").rsplit("/", 1)[-1] == value
    if attribute in ("openalex", "ids.openalex"):
        return work["id"].rsplit("/", 1)[-1].upper() == value.rsplit("/", 1)[-1].upper()
    if attribute in ("author.orcid", "authorships.author.orcid"):
        orcids = [a["author"]["orcid"] or "" for a in work["authorships"]]
        return any(o.endswith(value.rsplit("/", 1)[-1]) for o in orcids if o)
    raise KeyError(attribute)


@dataclass
class FakeOpenAlex:
    """What the server holds, what it was asked, and how it misbehaves."""

    works: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    status: int | None = None
    """Answer every request with this HTTP status."""
    delay: float = 0.0
    """Seconds to wait before answering."""
    body: bytes | None = None
    """Answer every request with these bytes (status 200)."""
    fail_after: int | None = None
    """Answer HTTP 500 from this request on (counting from 0)."""
    page_size: int | None = None
    """Give this many results a page, whatever per-page asks for."""
    refuse_pmid_batches: bool = False
    """Answer HTTP 400 to a filter with several PMIDs (as the real API has done)."""
    url: str = ""

    def filters(self) -> list[str]:
        return [params["filter"] for path, params in self.requests if "filter" in params]

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        if path.startswith("/works/"):
            ident = unquote(path[len("/works/") :])
            kind, _, value = ident.partition(":") if ":" in ident else ("openalex", "", ident)
            for work in self.works:
                if _matches(work, kind, value):
                    return 200, work
            return 404, {"error": "Not found"}
        if path != "/works":
            return 404, {"error": "Not found"}
        per_page = int(params.get("per-page", params.get("per_page", "25")))
        if not 1 <= per_page <= 200:
            return 400, {"error": "Invalid query parameters error.", "message": "per-page"}
        per_page = self.page_size or per_page
        found = list(self.works)
        for one in filter(None, params.get("filter", "").split(",")):
            attribute, _, values = one.partition(":")
            options = values.split("|")
            if self.refuse_pmid_batches and attribute == "pmid" and len(options) > 1:
                return 400, {"error": "Invalid query parameters error.", "message": "Invalid"}
            if len(options) > 100:
                return 400, {"error": "Invalid query parameters error.", "message": "too many"}
            found = [w for w in found if any(_matches(w, attribute, v) for v in options)]
        if params.get("sort") == "publication_date:desc":
            found.sort(key=lambda w: w["publication_date"], reverse=True)
        cursor = params.get("cursor")
        if cursor is not None:
            offset = 0 if cursor == "*" else int(base64.b64decode(cursor))
            page = None
        else:
            page = int(params.get("page", "1"))
            offset = (page - 1) * per_page
        results = found[offset : offset + per_page]
        next_cursor = None
        if cursor is not None and results:
            next_cursor = base64.b64encode(str(offset + per_page).encode()).decode()
        meta = {"count": len(found), "db_response_time_ms": 1, "page": page,
                "per_page": per_page, "next_cursor": next_cursor, "groups_count": None}  # fmt: skip
        return 200, {"meta": meta, "results": results, "group_by": []}


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        fake = self.server.fake
        split = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(split.query).items()}
        number = len(fake.requests)
        fake.requests.append((split.path, params))
        if fake.delay:
            time.sleep(fake.delay)
        if fake.body is not None:
            self._send(200, fake.body)
            return
        if fake.status is not None or (fake.fail_after is not None and number >= fake.fail_after):
            self._send(fake.status or 500, b'{"error": "Internal server error"}')
            return
        status, data = fake.answer(split.path, params)
        self._send(status, json.dumps(data).encode())

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeOpenAlex


def serve(fake: FakeOpenAlex) -> Iterator[FakeOpenAlex]:
    """Run the server for ``fake`` until the generator is closed."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(SERVER_POLL,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
