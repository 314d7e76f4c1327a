"""The papers' own files (a page and a .bib per paper) kept from one build to the next.

``mkdocs build`` empties the site folder and writes every file again. With 10,000
papers that is 20,000 files deleted and 20,000 written on every build, however little
changed; on a slow file system that is most of a warm build. So before MkDocs empties
the site (``on_pre_build``), the papers' folder of the previous build is moved aside,
into the cache folder (one rename); when the build writes the papers' files, each one
whose digest is the one it had last time is moved back instead of written (a paper's
page folder, or the ``bib/`` folder, in one rename); the rest are written, and what
is left aside is deleted. A manifest in the cache folder (file -> digest) says what
the files aside are. The site is the same as a build from scratch: a test compares
them file by file.

Nothing is kept when the cache is off, when the site folder is on another file
system than the cache, or under ``mkdocs serve`` (which makes these files on request).
Any error on the way: the files are written, as without this.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

_FORMAT = 1


class KeptFiles:
    """The files of one build under ``site_dir/folder``, some of them kept."""

    def __init__(self, site_dir: str, folder: str, cache_dir: Path | None) -> None:
        self.site = Path(site_dir).resolve()
        self.folder = folder.strip("/")
        self.cache_dir = cache_dir
        key = hashlib.sha1(f"{self.site}\0{self.folder}".encode()).hexdigest()[:16]
        self._manifest_path = cache_dir / f"site-files-{key}.json" if cache_dir else None
        self._aside = cache_dir / f"site-files-{key}.previous" if cache_dir else None
        self._old: dict[str, str] = {}
        self._new: dict[str, str] = {}
        self._claimed: set[str] = set()
        self.kept = 0
        self.written = 0

    def set_aside(self) -> None:
        """Before MkDocs empties the site: move the previous build's folder aside."""
        if self._aside is None or self._manifest_path is None or self.cache_dir is None:
            return
        shutil.rmtree(self._aside, ignore_errors=True)
        source = self.site / self.folder
        try:
            manifest = json.loads(self._manifest_path.read_text(encoding="utf-8"))
            if manifest.get("format") != _FORMAT or not source.is_dir():
                return
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            if os.stat(source).st_dev != os.stat(self.cache_dir).st_dev:
                return  # a rename across file systems is a copy: write instead
            os.rename(source, self._aside)
        except (OSError, ValueError, AttributeError):
            return
        files = manifest.get("files")
        self._old = dict(files) if isinstance(files, dict) else {}
        # The manifest is rewritten at the end: a build that fails midway keeps nothing.
        with contextlib.suppress(OSError):
            self._manifest_path.unlink()

    def write(self, path: str, digest: str | None, make: Callable[[], str]) -> None:
        """Put the file ``path`` (site-relative, under the folder) in the site: moved
        back from aside when its ``digest`` is last build's, else ``make()`` written.
        ``digest`` ``None``: always written, and not kept for next time."""
        target = self.site / path
        if digest is not None and self._old.get(path) == digest and self._take(path):
            self.kept += 1
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(make(), encoding="utf-8")
            self.written += 1
        if digest is not None:
            self._new[path] = digest

    def _take(self, path: str) -> bool:
        """Move ``path`` back from aside, with its whole folder when the folder is ours
        (a page folder, ``bib/``) and not made by this build yet."""
        if self._aside is None or not path.startswith(self.folder + "/"):
            return False
        relative = path[len(self.folder) + 1 :]
        parent = relative.rpartition("/")[0]
        try:
            if parent and parent not in self._claimed:
                self._claimed.add(parent)
                source, target = self._aside / parent, self.site / self.folder / parent
                if source.is_dir() and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(source, target)
            target_file = self.site / path
            if target_file.is_file():
                return True
            source_file = self._aside / relative
            if not source_file.is_file():
                return False
            target_file.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source_file, target_file)
            return True
        except OSError:
            return False

    def finish(self) -> None:
        """After the files are written: delete what is left aside, and what a moved-back
        folder holds that this build did not write; save the manifest."""
        if self._aside is not None:
            shutil.rmtree(self._aside, ignore_errors=True)
        counts: dict[str, int] = {}
        for path in self._new:
            parent = path[len(self.folder) + 1 :].rpartition("/")[0]
            counts[parent] = counts.get(parent, 0) + 1
        for parent in self._claimed:
            if counts.get(parent, 0) < 2:
                continue  # a paper's page folder: its one file, just written or moved
            folder = self.site / self.folder / parent
            wanted = f"{self.folder}/{parent}/"
            with contextlib.suppress(OSError):
                for entry in os.scandir(folder):
                    if entry.is_file() and wanted + entry.name not in self._new:
                        Path(entry.path).unlink()
        if self._manifest_path is None:
            return
        try:
            self._manifest_path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"format": _FORMAT, "files": self._new}, sort_keys=True)
            temporary = self._manifest_path.with_suffix(".tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self._manifest_path)
        except OSError:
            pass  # next build writes everything

    def discard(self) -> None:
        """The build failed: nothing is kept."""
        if self._aside is not None:
            shutil.rmtree(self._aside, ignore_errors=True)
        self._old = {}
