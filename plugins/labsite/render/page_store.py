"""Rendered paper pages, kept by content between builds.

A paper's page (its body and its head tags) depends on the paper, the page's URL, the
pages that list it, the settings, the templates and the site's URL; given all of them
as one digest (the *key*), the HTML is the same every time. So a build asks the store
first and renders only what it does not have: a warm build of an unchanged
bibliography renders no paper page, and an edited entry costs one.

The store is one SQLite file in the cache folder (``.labsite-cache/pages.sqlite``):
one lookup per page, no file per page, and nothing held in memory. Each build marks
what it used; rows that the last two builds did not use are deleted when a build
ends, so the file stays the size of the site. A damaged or locked file is not an
error: the pages are rendered, as without a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

# Bump when what a stored page depends on changes outside its key.
STORE_FORMAT = "2"
_FILE = "pages.sqlite"


def page_key(context: str, parts: Iterable[str]) -> str:
    """The digest of everything one page depends on: ``context`` (the build's
    settings, templates and site) and the page's own ``parts``."""
    digest = hashlib.sha1(context.encode("utf-8", "surrogatepass"))
    for part in parts:
        digest.update(b"\x1f" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class PageStore:
    """``key -> (body, head)`` in ``folder``; with no folder, a store that keeps
    nothing (every page is rendered)."""

    def __init__(self, folder: Path | None) -> None:
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._generation = 0
        self.hits = 0
        self.misses = 0
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / _FILE, check_same_thread=False, timeout=2)
            db.execute(
                "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, body TEXT, "
                "head TEXT, used INTEGER)"
            )
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
            if row is None or row[0] != STORE_FORMAT:
                db.execute("DELETE FROM pages")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (STORE_FORMAT,))
            row = db.execute("SELECT MAX(used) FROM pages").fetchone()
            self._generation = (row[0] or 0) + 1
            db.commit()
            self._db = db
        except sqlite3.Error:
            self._db = None  # no cache: render everything

    def get(self, key: str) -> tuple[str, str] | None:
        with self._lock:
            if self._db is None:
                self.misses += 1
                return None
            try:
                row = self._db.execute(
                    "SELECT body, head FROM pages WHERE key = ?", (key,)
                ).fetchone()
                if row is not None:
                    self._db.execute(
                        "UPDATE pages SET used = ? WHERE key = ?", (self._generation, key)
                    )
            except sqlite3.Error:
                row = None
            if row is None:
                self.misses += 1
                return None
            self.hits += 1
            return str(row[0]), str(row[1])

    def has(self, key: str) -> bool:
        """Whether the store has ``key`` (not counted as a hit or a miss). A key found
        counts as used by this build: a page that the build keeps from the previous one
        (kept_files.py) asks only this, and must stay in the store all the same."""
        with self._lock:
            if self._db is None:
                return False
            try:
                cursor = self._db.execute(
                    "UPDATE pages SET used = ? WHERE key = ?", (self._generation, key)
                )
            except sqlite3.Error:
                return False
            return cursor.rowcount > 0

    def put(self, key: str, body: str, head: str) -> None:
        with self._lock:
            if self._db is None:
                return
            with contextlib.suppress(sqlite3.Error):
                self._db.execute(
                    "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
                    (key, body, head, self._generation),
                )

    def close(self) -> None:
        """Keep what this build and the one before used; write it out."""
        with self._lock:
            db, self._db = self._db, None
            if db is None:
                return
            try:
                db.execute("DELETE FROM pages WHERE used < ?", (self._generation - 1,))
                db.commit()
            except sqlite3.Error:
                pass
            finally:
                db.close()
