"""URLs from untrusted text: which links may be shown, and how a site-relative link is
written from a page.

Every URL that comes from a .bib or data file goes through :func:`safe_url` before it
reaches a page; :func:`relative_link` is the one place where a site-relative link is
made relative to the page that shows it.
"""

from __future__ import annotations

import re

SAFE_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def has_scheme(url: str) -> bool:
    """Whether ``url`` starts with a scheme (``https:``, ``mailto:``, ``javascript:``)."""
    return _SCHEME.match(url) is not None


def safe_url(url: str) -> str | None:
    """The URL if it is http(s), mailto or site-relative; ``None`` otherwise.

    Browsers ignore control characters and white space inside a scheme
    (``java\\tscript:``), so they are removed before the scheme is checked.
    """
    # Browsers read "\\" as "/" in web URLs: "/\\evil.example" is "//evil.example".
    cleaned = _CONTROL.sub("", url).replace("\\", "/")
    if not cleaned:
        return None
    match = _SCHEME.match(cleaned)
    if match:
        return cleaned if match.group(1).lower() in SAFE_SCHEMES else None
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return None  # protocol-relative: another host, not a site-relative link
    if ":" in cleaned.split("/", 1)[0] or _SCHEME.match(cleaned.lstrip("/")):
        return None  # "/javascript:..." would become a scheme once made relative
    return cleaned


def relative_link(url: str, url_prefix: str) -> str:
    """A link as written on a page whose way back to the site root is ``url_prefix``
    (``"../"``): site-relative links are made relative to the page; absolute links and
    anchors stay as they are."""
    if has_scheme(url) or url.startswith("#"):
        return url
    relative = url_prefix + url.lstrip("/")
    # Never let a path turn into a scheme ("javascript:...") by losing its "/".
    return "./" + relative if has_scheme(relative) else relative


def page_link(url: str) -> str:
    """A link to a page as written in config: ``people/ada.md`` -> ``people/ada/``."""
    if has_scheme(url) or not url.endswith(".md"):
        return url
    stem = url[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


__all__ = ["SAFE_SCHEMES", "has_scheme", "page_link", "relative_link", "safe_url"]
