"""End to end under a real ``mkdocs serve``: a broken .bib saved while the server runs is
reported (``file:line: entry 'key': message``), the server stays up and keeps serving the
entries that can be read, and saving the fix brings the whole list back.

Every request goes to 127.0.0.1 only (no proxy), and every wait is bounded.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from ..support import BASE_CONFIG, MKDOCS, write_site

LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT = 30.0
CHANGE_TIMEOUT = 30.0
POLL = 0.2

LOVELACE = """\
@article{lovelace1843notes,
  author = {Ada Lovelace},
  title = {Notes on the Analytical Engine},
  journal = {Scientific Memoirs},
  year = {1843},
}
"""
BABBAGE = """\
@misc{babbage1864passages,
  author = {Charles Babbage},
  title = {Passages from the Life of a Philosopher},
  year = {1864},
}
"""
# The same entry with the title's brace never closed: it cannot be read, and is left out.
BABBAGE_BROKEN = BABBAGE.replace("Philosopher},", "Philosopher")
TURING = """\
@article{turing1950computing,
  author = {Alan Turing},
  title = {Computing Machinery and Intelligence},
  journal = {Mind},
  year = {1950},
}
"""
HOPPER = """\
@inproceedings{hopper1952education,
  author = {Grace Hopper},
  title = {The Education of a Computer},
  booktitle = {Proceedings of the ACM National Meeting},
  year = {1952},
}
"""

VALID = "\n".join([LOVELACE, BABBAGE, TURING])
BROKEN = "\n".join([LOVELACE, BABBAGE_BROKEN, TURING])
FIXED = "\n".join([LOVELACE, BABBAGE, TURING, HOPPER])

INDEX = """\
# Papers

{{ papers() }}
"""


def listed_keys(html: str) -> set[str]:
    """The keys of the ``<li class="labsite-paper" data-paper-key="...">`` of a page."""
    soup = BeautifulSoup(html, "lxml")
    return {str(li["data-paper-key"]) for li in soup.select("li.labsite-paper[data-paper-key]")}


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of ``text`` that has ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the text")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def save(path: Path, text: str) -> None:
    """Overwrite ``path`` so that the server's polling watcher sees a new mtime."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns <= before:  # a coarse clock: move the mtime on ourselves
        os.utime(path, ns=(before + 1_100_000_000, before + 1_100_000_000))


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str = "") -> tuple[int, str]:
        """GET a page from the server (loopback only, never through a proxy)."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        url = self.url + path
        assert url.startswith(f"http://{LOOPBACK}:")
        try:
            with opener.open(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read().decode("utf-8", errors="replace")

    def wait_for(self, what: str, check: Callable[[], bool], timeout: float) -> None:
        """Poll ``check`` until it holds; fail (with the server's log) after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            if check():
                return
            if self.process.poll() is not None:
                raise AssertionError(
                    f"mkdocs serve exited ({self.process.returncode}) while waiting for "
                    f"{what}; its output:\n{self.log()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout:.0f} s waiting for {what}; "
                    f"mkdocs serve's output:\n{self.log()}"
                )
            time.sleep(POLL)

    def page_keys(self) -> set[str] | None:
        """The keys the index page lists, or None when it does not answer 200."""
        try:
            status, html = self.get()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None
        return listed_keys(html) if status == 200 else None

    def wait_for_keys(self, keys: set[str], timeout: float) -> None:
        what = f"the index page to list exactly {sorted(keys)}"
        self.wait_for(what, lambda: self.page_keys() == keys, timeout)


@contextmanager
def mkdocs_serve(root: Path) -> Iterator[Server]:
    """``mkdocs serve`` of the site in ``root``, with live reload (and so watching) on."""
    port = free_port()
    log_path = root.parent / f"{root.name}-serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            [*MKDOCS, "serve", "--dev-addr", f"{LOOPBACK}:{port}"],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Server(process=process, port=port, log_path=log_path)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


def test_serve_reports_a_broken_bib_keeps_serving_and_recovers(tmp_path: Path) -> None:
    root = tmp_path / "site-src"
    root.mkdir()
    write_site(root, {"index.md": INDEX}, VALID, BASE_CONFIG)
    bib = root / "bib" / "papers.bib"
    first = {"lovelace1843notes", "babbage1864passages", "turing1950computing"}

    with mkdocs_serve(root) as server:
        # 1. The server comes up and lists every entry of the valid file.
        server.wait_for_keys(first, STARTUP_TIMEOUT)

        # 2. A broken entry is saved: its problem is printed with file, line and key...
        save(bib, BROKEN)
        line = line_of(BROKEN, "@misc{babbage1864passages,")
        problem = re.compile(rf"bib/papers\.bib:{line}(?::\d+)?: entry 'babbage1864passages': \S.*")
        server.wait_for(
            f"the log to report bib/papers.bib:{line}: entry 'babbage1864passages'",
            lambda: problem.search(server.log()) is not None,
            CHANGE_TIMEOUT,
        )
        # ...and the server keeps serving the page, with the entries that can be read.
        server.wait_for_keys({"lovelace1843notes", "turing1950computing"}, CHANGE_TIMEOUT)
        status, _ = server.get()
        assert status == 200
        assert server.process.poll() is None, server.log()
        output = server.log()
        assert "Traceback" not in output, output
        # Only that entry is blamed: the well-formed ones are not reported.
        assert "entry 'lovelace1843notes'" not in output, output
        assert "entry 'turing1950computing'" not in output, output

        # 3. The fix, with one entry more, brings the whole list back.
        save(bib, FIXED)
        server.wait_for_keys(first | {"hopper1952education"}, CHANGE_TIMEOUT)
        assert server.process.poll() is None, server.log()
        assert "Traceback" not in server.log(), server.log()


def test_serve_makes_paper_pages_and_bib_files_when_asked(tmp_path: Path) -> None:
    """While serving, the per-paper files are made on request (lazyserve.py), with the
    same content as a build writes, live reload included, and after each rebuild."""
    root = tmp_path / "site-src"
    root.mkdir()
    config = BASE_CONFIG.replace("plugins:\n", "plugins:\n  - search\n")
    write_site(root, {"index.md": INDEX}, VALID, config)
    with mkdocs_serve(root) as server:
        server.wait_for_keys(
            {"lovelace1843notes", "babbage1864passages", "turing1950computing"},
            STARTUP_TIMEOUT,
        )
        status, html = server.get("publications/lovelace1843notes/")
        assert status == 200, html
        page = BeautifulSoup(html, "lxml")
        assert page.select_one("article h1").get_text(strip=True) == (
            "Notes on the Analytical Engine"
        )
        assert "livereload" in html  # served like every page of the preview
        status, bib = server.get("publications/bib/lovelace1843notes.bib")
        assert status == 200 and bib.startswith("@article{lovelace1843notes,"), bib
        assert server.get("publications/nobody/")[0] == 404
        status, index = server.get("search/search_index.json")
        assert status == 200
        assert '"location":"publications/lovelace1843notes/"' in index
        # A rebuild (a new entry) makes the new paper's page available too.
        save(root / "bib" / "papers.bib", FIXED)
        server.wait_for_keys(
            {"lovelace1843notes", "babbage1864passages", "turing1950computing",
             "hopper1952education"},
            CHANGE_TIMEOUT,
        )  # fmt: skip
        status, html = server.get("publications/hopper1952education/")
        assert status == 200 and "The Education of a Computer" in html
        assert "Traceback" not in server.log(), server.log()
