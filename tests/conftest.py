"""Fixtures: building real MkDocs sites in temporary folders, Chromium, a local HTTP
server; and the markers every test gets from its folder."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from .openalex_server import FakeOpenAlex, serve
from .support import (
    BASE_CONFIG,
    GROUP_EXAMPLE,
    REPO,
    SERVER_POLL,
    Build,
    build_strict,
    run_build,
    write_site,
)

TESTS = Path(__file__).parent
# The folders whose tests get a marker of their name (see markers in pyproject.toml).
FOLDER_MARKERS = ("site", "browser", "corpus")
# Fixtures that build sites or start a browser: not for tests/unit/.
NOT_FOR_UNIT_TESTS = {"make_site", "real_site", "group_site", "chromium", "serve_dir"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by its folder: tests/site/ -> site, tests/browser/ -> browser,
    tests/corpus/ -> corpus; a unit test that asks for a site or a browser is an error
    (it would slow down the fast part, ``make test-fast``)."""
    for item in items:
        try:
            folder = item.path.relative_to(TESTS).parts[0]
        except ValueError:
            continue
        if folder in FOLDER_MARKERS:
            item.add_marker(folder)
        elif folder == "unit":
            needs = sorted(NOT_FOR_UNIT_TESTS & set(getattr(item, "fixturenames", ())))
            if needs:
                raise pytest.UsageError(
                    f"{item.nodeid} uses {', '.join(needs)}: move it to tests/site/ "
                    "or tests/browser/"
                )


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Build]:
    """Write a site into a temporary folder and build it: ``make_site(pages, bib)``."""

    def make(
        pages: Mapping[str, str],
        bib: str | bytes = "",
        *,
        config: str = BASE_CONFIG,
        strict: bool = False,
    ) -> Build:
        write_site(tmp_path, pages, bib, config)
        return build_strict(tmp_path) if strict else run_build(tmp_path)

    return make


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This repository's own site, built as `make build` builds it (``mkdocs build
    --strict``), once per test process; the folder it was written to."""
    site = tmp_path_factory.mktemp("real-site")
    started = time.perf_counter()
    build = build_strict(REPO, site)
    print(f"\nmkdocs build --strict of the site: {time.perf_counter() - started:.2f} s")
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    yield site
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="session")
def group_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The group site example (examples/group) built with ``mkdocs build --strict``, once
    per test process; the folder it was written to."""
    site = tmp_path_factory.mktemp("group") / "site"
    build = build_strict(GROUP_EXAMPLE, site)
    assert build.returncode == 0, build.output
    return site


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright. Missing: a failure in CI."""
    import os

    executable = os.environ.get("LABSITE_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        message = f"Chromium is not installed at {executable} (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync",
            ],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def serve_dir():
    """Serve a folder over HTTP on 127.0.0.1; returns a function folder -> base URL."""
    import functools
    import http.server
    import threading

    servers = []

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    def serve(folder: Path) -> str:
        handler = functools.partial(Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, args=(SERVER_POLL,), daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def openalex() -> Iterator[FakeOpenAlex]:
    """A stand-in for the OpenAlex API on 127.0.0.1 (``tests/openalex_server.py``):
    put invented works in ``.works``; ``.url`` is its address."""
    yield from serve(FakeOpenAlex())
