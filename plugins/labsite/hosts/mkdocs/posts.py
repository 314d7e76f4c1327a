"""Posts (Material's blog plugin) and how they meet themes and papers.

- A post names the papers it discusses in its front matter (``papers: [key1, key2]``)
  or cites them (``[@key]``). The named papers are listed below the post, and every
  paper's own page links back to the posts that name or cite it.
- A post belongs to research themes through ``themes: [keyword]`` in its front
  matter; ``{{ read_more("keyword") }}`` on a theme links to those posts, and writes
  nothing when there are none.
- The posts get an Atom feed, ``<blog_dir>/feed.xml``, made from the posts' own dates
  (no git history needed).

Nothing here is specific to one site: the labsite plugin calls :class:`PostIndex`,
the macros module calls :func:`read_more`.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from labsite.export.atom import PostEntry, posts_feed
from labsite.paths import url_prefix
from labsite.render.mathml import convert_html
from labsite.text.values import as_list

log = logging.getLogger("mkdocs.plugins.labsite.posts")

BLOG_PLUGIN = "material/blog"
FEED_NAME = "feed.xml"
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)


def blog_settings(plugins: Any) -> tuple[str, str] | None:
    """(blog_dir, post_dir) of Material's blog plugin, or None when it is not on."""
    plugin = plugins.get(BLOG_PLUGIN) if hasattr(plugins, "get") else None
    if plugin is None or not plugin.config.get("enabled", True):
        return None
    blog_dir = posixpath.normpath(plugin.config.blog_dir)
    post_dir = posixpath.normpath(plugin.config.post_dir.format(blog=blog_dir))
    return blog_dir, post_dir


# -- themes -> posts (macro time: read the posts' front matter from disk) -------------


@dataclass(frozen=True)
class PostSource:
    src_uri: str
    title: str
    themes: tuple[str, ...]
    date: str


def find_posts(docs_dir: Path, post_dir: str) -> list[PostSource]:
    """The posts under ``docs_dir/post_dir`` that will be published (no drafts)."""
    from mkdocs.utils.meta import get_data

    root = docs_dir / post_dir
    posts = []
    for path in sorted(root.rglob("*.md")) if root.is_dir() else []:
        body, meta = get_data(path.read_text(encoding="utf-8-sig"))
        if meta.get("draft") is True:
            continue
        heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
        title = str(meta.get("title") or (heading.group(1) if heading else path.stem))
        posts.append(
            PostSource(
                src_uri=path.relative_to(docs_dir).as_posix(),
                title=title,
                themes=tuple(as_list(meta.get("themes"))),
                date=str(meta.get("date", "")),
            )
        )
    return posts


def read_more(theme: str, *, page_src_uri: str, posts: Sequence[PostSource]) -> str:
    """Markdown: "Read more" links from a page to the posts of ``theme``; "" if none.

    Links are written to the posts' Markdown files, so MkDocs resolves them to the
    posts' URLs and a strict build fails if one goes missing.
    """
    found = sorted((p for p in posts if theme in p.themes), key=lambda p: p.date, reverse=True)
    base = posixpath.dirname(page_src_uri)
    lines = []
    for post in found:
        href = posixpath.relpath(post.src_uri, base or ".")
        label = "Read more" if len(found) == 1 else f"Read more: {post.title}"
        label = label.replace("[", "\\[").replace("]", "\\]")
        lines.append(f"[{label} &raquo;]({href})")
    return "\n\n".join(lines)


def read_more_macro(env: Any) -> Callable[[str], str]:
    """The ``read_more(theme)`` macro for mkdocs-macros' ``env``."""

    def read_more_links(theme: str) -> str:
        """Links to the posts whose front matter has ``themes: [theme]``; "" if none."""
        blog = blog_settings(env.conf.get("plugins") or {})
        docs_dir = env.conf.get("docs_dir")
        if blog is None or not docs_dir:
            return ""
        page = getattr(env, "page", None) or (env.variables or {}).get("page")
        src_uri = getattr(getattr(page, "file", None), "src_uri", None) or "index.md"
        return read_more(
            str(theme), page_src_uri=src_uri, posts=find_posts(Path(docs_dir), blog[1])
        )

    return read_more_links


# -- posts <-> papers, and the feed (build time, from the plugin) -----------------------


def is_post(page: Any) -> bool:
    try:
        from material.plugins.blog.structure import Post
    except ImportError:  # pragma: no cover - Material is a dependency
        return False
    return isinstance(page, Post)


def _created(page: Any) -> dt.datetime:
    created = page.config.date.created
    if not isinstance(created, dt.datetime):
        created = dt.datetime.combine(created, dt.time())
    return created if created.tzinfo else created.replace(tzinfo=dt.timezone.utc)


def _summary(page: Any, html: str) -> str:
    description = page.meta.get("description")
    if description:
        return str(description)
    for paragraph in _PARAGRAPH.findall(html):
        text = " ".join(unescape(_TAG.sub("", paragraph)).split())
        if text:
            return text
    return ""


class PostIndex:
    """The posts of one build: which papers they name, and their feed. The plugin
    calls :meth:`start` in ``on_files``, :meth:`on_page_content` for every page,
    :meth:`head` in ``on_post_page`` and :meth:`write_feed` in ``on_post_build``."""

    def __init__(self) -> None:
        self.entries: list[PostEntry] = []
        self.blog: tuple[str, str] | None = None
        self.mathml = False
        self.site_url = ""
        self.site_name = ""

    def start(self, config: Any) -> None:
        self.entries = []
        self.blog = blog_settings(config.plugins)
        extensions = [str(e) for e in config.markdown_extensions]
        self.mathml = any(e.endswith("labsite.mathml") for e in extensions)
        self.site_url = config.site_url or ""
        self.site_name = config.site_name or ""

    def on_page_content(
        self,
        html: str,
        page: Any,
        *,
        record: Callable[[Sequence[str], Any, str], None],
        by_key: Mapping[str, Any],
        render_list: Callable[[list[Any], str], str],
    ) -> str:
        """For a post: remember it for the feed, record the papers its front matter
        names (for their pages) and list them below the post. ``render_list(papers,
        url_prefix)`` makes the list. Other pages are returned unchanged."""
        if self.blog is None or not is_post(page):
            return html
        title = str(page.title or page.file.src_uri)
        self.entries.append(PostEntry(title, page.url, _created(page), _summary(page, html)))
        keys = list(dict.fromkeys(as_list(page.meta.get("papers"))))
        for key in keys:
            if key not in by_key:
                log.warning(
                    f"{page.file.src_uri}: front matter 'papers' names '{key}', which no entry has"
                )
        papers = [by_key[k] for k in keys if k in by_key]
        if not papers:
            return html
        record([paper.key for paper in papers], page, page.file.src_uri)
        listing = render_list(papers, url_prefix(page.url))
        if self.mathml:
            listing = convert_html(listing, where=page.file.src_uri)
        return html + "\n" + listing

    def _feed_path(self) -> str | None:
        return None if self.blog is None else f"{self.blog[0]}/{FEED_NAME}"

    def feed_link(self, page_url: str) -> tuple[str, str] | None:
        """(relative URL, title) of the posts' feed from a page, for its ``<head>``;
        ``None`` when there are no posts."""
        path = self._feed_path()
        if path is None or not self.entries:
            return None
        href = posixpath.relpath(path, posixpath.dirname(page_url) or ".")
        return href, f"{self.site_name}: posts" if self.site_name else "Posts"

    def write_feed(self, site_dir: str) -> None:
        path = self._feed_path()
        if path is None or self.blog is None:
            return
        text = self.feed()
        if text is None:
            return
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def feed(self) -> str | None:
        """An Atom feed of the posts, newest first (None when there are none)."""
        if not self.entries or self.blog is None:
            return None
        return posts_feed(
            self.entries, site_url=self.site_url, blog_dir=self.blog[0], feed_name=FEED_NAME,
            title=f"{self.site_name}: posts" if self.site_name else "Posts",
        )  # fmt: skip


__all__ = [
    "PostEntry",
    "PostIndex",
    "PostSource",
    "blog_settings",
    "find_posts",
    "is_post",
    "read_more",
    "read_more_macro",
]
