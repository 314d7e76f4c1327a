"""External link checking of a built site: ``labsite links``.

MkDocs validates links between pages on every build. Links that leave the site (a
paper's DOI, a co-author's homepage, slides on another server) need the network, so
they are checked on request: every ``<a href>`` and ``<img src>`` with an http(s) URL in
the site's HTML files is requested once (HEAD, then GET when the server refuses HEAD),
a few at a time, and each failure is reported with the pages that link to it.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

USER_AGENT = "labsite-links/1 (+https://www.mkdocs.org/; link check of a research website)"
# Answers that say "the page exists, but not for you / not now": reported apart, as
# they do not mean the link is broken.
_UNSURE = {401, 403, 429}
# Servers that refuse or do not implement HEAD: asked again with GET.
_RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 503}


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None  # HTTP status of the final answer, None when there was none
    error: str  # "" when the link works

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def unsure(self) -> bool:
        return self.status in _UNSURE


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = {"a": "href", "img": "src"}.get(tag)
        if name is None:
            return
        for key, value in attrs:
            if key == name and value:
                self.links.append((value.strip(), self.getpos()[0]))


def collect(site_dir: Path, ignore: Sequence[str] = ()) -> dict[str, list[str]]:
    """External URL -> the pages ("path:line") that link to it, in the site's order."""
    patterns = [re.compile(p) for p in ignore]
    found: dict[str, list[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        parser = _LinkParser()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        where = page.relative_to(site_dir).as_posix()
        for url, line in parser.links:
            if not url.lower().startswith(("http://", "https://")):
                continue
            url = url.split("#", 1)[0]
            if any(p.search(url) for p in patterns):
                continue
            pages = found.setdefault(url, [])
            place = f"{where}:{line}"
            if place not in pages:
                pages.append(place)
    return found


def _request(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def check_url(url: str, timeout: float = 10.0) -> Result:
    """Request one URL; redirects are followed."""
    try:
        status = _request(url, "HEAD", timeout)
        if status in _RETRY_WITH_GET:
            status = _request(url, "GET", timeout)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        return Result(url, None, f"no answer: {reason}")
    except (ValueError, OSError) as error:
        return Result(url, None, f"cannot be requested: {error}")
    if status >= 400:
        return Result(url, status, f"HTTP {status}")
    return Result(url, status, "")


def check(
    urls: Iterable[str],
    timeout: float = 10.0,
    workers: int = 8,
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Check every URL, ``workers`` at a time; results in the order of ``urls``."""
    urls = list(urls)
    results: list[Result] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for result in pool.map(lambda u: check_url(u, timeout), urls):
            results.append(result)
            if progress is not None:
                progress(result)
    return results
