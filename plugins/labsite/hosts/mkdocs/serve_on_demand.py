"""Under ``mkdocs serve``: the thousands of per-paper files made when asked for.

``mkdocs serve`` empties the site folder and builds everything again after each edit.
With 10,000 papers that is 20,000 files (a page and a .bib each) deleted and written
for every saved keystroke, which nobody looks at. While serving, the plugin registers
them here instead; the preview server writes each one the first time a browser asks
for it (and then serves it as usual, live reload included). ``mkdocs build`` and
``gh-deploy`` write them all, as before.
"""

from __future__ import annotations

import gc
import posixpath
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

# One preview server per process; plugin instances are made anew for each rebuild, so
# what they register lives here.
_state: dict[str, Any] = {"serving": False, "installed": False}
_files: dict[str, Callable[[], str | bytes]] = {}
_sources: list[Mapping[str, Callable[[], str | bytes]]] = []
_lock = threading.Lock()


def start(command: str) -> None:
    """From ``on_startup``: whether this process serves (and so may defer files)."""
    _state["serving"] = command == "serve"


def serving() -> bool:
    return bool(_state["serving"])


def register(
    files: Iterable[tuple[str, Callable[[], str | bytes]]],
    *more: Mapping[str, Callable[[], str | bytes]],
) -> None:
    """Replace the deferred files by these (site-relative path, content maker), and by
    the mappings ``more`` (path -> maker, asked one path at a time: a build with ten
    thousand pages makes no maker until a page is asked for)."""
    with _lock:
        _files.clear()
        _files.update(files)
        _sources[:] = more


def collect_soon(delay: float = 1.0) -> None:
    """Collect the garbage of earlier rebuilds (pages, papers and renderers, in cycles,
    which Python collects late) shortly after this rebuild, so that a long session
    never holds two builds' worth of memory, without making the rebuild wait."""
    timer = threading.Timer(delay, gc.collect)
    timer.daemon = True
    timer.start()


def install(server: Any) -> Any:
    """From ``on_serve``: wrap the preview server's WSGI app, once per process."""
    if _state["installed"]:
        return server
    _state["installed"] = True
    original = server.get_app()
    root = Path(server.root)
    mount = getattr(server, "mount_path", "/")

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.startswith(mount):
            relative = path[len(mount) :]
            if relative == "" or relative.endswith("/"):
                relative += "index.html"
            relative = posixpath.normpath("/" + relative).lstrip("/")
            _materialize(root, relative)
        return original(environ, start_response)

    server.set_app(app)
    return server


def _materialize(root: Path, relative: str) -> None:
    with _lock:
        make = _files.get(relative)
        sources = list(_sources)
    for source in sources:
        if make is not None:
            break
        make = source.get(relative)
    if make is None:
        return
    target = root / relative
    if target.is_file():
        return
    content = make()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".part")
    if isinstance(content, bytes):
        temporary.write_bytes(content)
    else:
        temporary.write_text(content, encoding="utf-8")
    temporary.replace(target)
