"""Where generated pages live: stable, URL-safe slugs, the source path and URL of a
paper's or a member's page, and the way back from a page to the site root.

A key made only of letters, digits, ``.``, ``_`` and ``-`` is its own slug, so the
URL of a paper is its citation key. Any other key (``o'brien:beckett``, ``a/b``,
``Müller2020``) gets a readable ASCII form plus a short hash of the key, which keeps
it unique and stable. Keys that differ only in case get the hash too, since some
file systems (macOS, Windows) do not tell them apart, and so do keys too long for a
file name and keys that would land on a file labsite writes itself beside the paper
pages (the exports, the ``bib/`` folder of per-paper .bib files, the pages' shells).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _hashed(key: str) -> str:
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    base = _UNSAFE.sub("-", ascii_key).strip("-._")[:60] or "entry"
    return f"{base}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


# The files the plugin writes into the papers folder, beside the paper pages, and the
# frames it renders paper pages from (hosts/mkdocs/paper_pages.py).
EXPORT_NAMES = ("bibliography.bib", "bibliography.json", "bibliography.ris", "feed.xml")
PER_PAPER_BIB_DIR = "bib"
SHELL_SLUG = "labsite--shell--{}"
_RESERVED = frozenset(name.casefold() for name in (*EXPORT_NAMES, PER_PAPER_BIB_DIR, "index"))
# A slug is a folder or file name: well under the 255 bytes file systems allow, with
# room for "index.html" or ".bib".
MAX_SLUG = 100


def paper_slug(key: str) -> str:
    """The slug of one key, on its own (see :func:`slugs` for a whole bibliography)."""
    if (
        _SAFE_KEY.match(key)
        and not key.endswith(".")
        and ".." not in key
        and len(key) <= MAX_SLUG
        and key.casefold() not in _RESERVED
        and not key.casefold().startswith(SHELL_SLUG.format(""))
    ):
        return key
    return _hashed(key)


def slugs(keys: Iterable[str]) -> Mapping[str, str]:
    """key -> slug for every key, unique even on case-insensitive file systems."""
    keys = list(keys)
    plain = {key: paper_slug(key) for key in keys}
    folded = Counter(slug.casefold() for slug in plain.values())
    return {
        key: (_hashed(key) if folded[slug.casefold()] > 1 and slug == key else slug)
        for key, slug in plain.items()
    }


def page_uri(slug: str, directory: str) -> str:
    """The source path of a paper's page, as MkDocs names files: ``dir/slug.md``."""
    return f"{directory.strip('/')}/{slug}.md"


def page_url(slug: str, directory: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a paper's page."""
    base = directory.strip("/")
    return f"{base}/{slug}/" if directory_urls else f"{base}/{slug}.html"


def url_prefix(page_url: str) -> str:
    """The relative path from a page to the site root: "research/" -> "../"."""
    directory = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    depth = len([part for part in directory.split("/") if part])
    return "../" * depth
