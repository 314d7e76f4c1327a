"""`labsite links`: external links of a built site, checked against a local server."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from labsite.cli import main as cli
from labsite.cli.links import check, check_url, collect

from ..support import SERVER_POLL


class _Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, head: bool) -> None:
        path = self.path
        if path == "/ok":
            status = 200
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        elif path == "/no-head":
            status = 405 if head else 200
        elif path == "/private":
            status = 403
        else:
            status = 404
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self.server.requests.append(("HEAD", self.path))  # type: ignore[attr-defined]
        self._answer(head=True)

    def do_GET(self) -> None:
        self.server.requests.append(("GET", self.path))  # type: ignore[attr-defined]
        self._answer(head=False)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(SERVER_POLL,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _base(httpd: http.server.ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _site(root: Path, base: str, dead: str) -> Path:
    site = root / "site"
    (site / "publications" / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        "<!doctype html><html><head>\n"
        f'<link rel="canonical" href="{base}/canonical-not-checked">\n'
        "</head><body>\n"
        f'<a href="{base}/ok">fine</a>\n'
        f'<a href="{base}/missing#section">gone</a>\n'
        '<a href="publications/a/">internal</a> <a href="mailto:x@example.org">mail</a>\n'
        f'<img src="{base}/moved" alt="figure">\n'
        "</body></html>\n",
        encoding="utf-8",
    )
    (site / "publications" / "a" / "index.html").write_text(
        f'<p><a href="{base}/missing">again</a></p>\n'
        f'<p><a href="{base}/no-head">slides</a> <a href="{base}/private">members</a></p>\n'
        f'<p><a href="{dead}/x">dead host</a> <a href="{base}/ignored/1">skip me</a></p>\n',
        encoding="utf-8",
    )
    return site


def test_collect_finds_external_links_with_their_pages(tmp_path, server):
    base = _base(server)
    found = collect(_site(tmp_path, base, "http://127.0.0.1:9"), ignore=["/ignored/"])
    assert set(found) == {
        f"{base}/ok",
        f"{base}/missing",  # the fragment is dropped: one request for both links
        f"{base}/moved",
        f"{base}/no-head",
        f"{base}/private",
        "http://127.0.0.1:9/x",
    }
    assert found[f"{base}/missing"] == ["index.html:5", "publications/a/index.html:1"]
    assert found[f"{base}/moved"] == ["index.html:7"]


def test_each_answer_is_classified(server):
    base = _base(server)
    assert check_url(f"{base}/ok").ok
    moved = check_url(f"{base}/moved")
    assert moved.ok and moved.status == 200
    missing = check_url(f"{base}/missing")
    assert (missing.ok, missing.status, missing.error) == (False, 404, "HTTP 404")
    private = check_url(f"{base}/private")
    assert not private.ok and private.unsure
    no_head = check_url(f"{base}/no-head")
    assert no_head.ok, no_head
    assert ("HEAD", "/no-head") in server.requests and ("GET", "/no-head") in server.requests
    dead = check_url(f"http://127.0.0.1:{_closed_port()}/x", timeout=2)
    assert dead.status is None and dead.error.startswith("no answer")


def test_check_keeps_the_order_and_reports_progress(server):
    base = _base(server)
    urls = [f"{base}/missing", f"{base}/ok", f"{base}/moved"]
    seen = []
    results = check(urls, workers=3, progress=seen.append)
    assert [r.url for r in results] == urls
    assert [r.ok for r in results] == [False, True, True]
    assert len(seen) == 3


def test_the_command_names_each_broken_link_and_its_pages(tmp_path, server, capsys):
    base = _base(server)
    dead = f"http://127.0.0.1:{_closed_port()}"
    site = _site(tmp_path, base, dead)
    code = cli.main(["links", str(site), "--timeout", "2", "--ignore", "/ignored/"])
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    assert (
        f"broken: {base}/missing: HTTP 404, linked from index.html:5, publications/a/index.html:1"
        in lines
    )
    assert any(line.startswith(f"broken: {dead}/x: no answer") for line in lines), out
    assert f"unsure: {base}/private: HTTP 403, linked from publications/a/index.html:2" in lines
    assert not any("/ok" in line or "/moved" in line or "ignored" in line for line in lines)
    assert "6 external link(s): 2 broken, 1 unsure" in err


def test_the_command_passes_when_every_link_works(tmp_path, server, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f'<a href="{_base(server)}/ok">ok</a>', encoding="utf-8")
    assert cli.main(["links", str(site)]) == 0
    assert "1 external link(s): 0 broken" in capsys.readouterr().err


def test_the_command_needs_a_built_site(tmp_path, capsys):
    assert cli.main(["links", str(tmp_path / "nowhere")]) == 2
    assert "run `mkdocs build` first" in capsys.readouterr().err
