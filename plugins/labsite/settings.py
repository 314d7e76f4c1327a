"""The engine's settings: a plain, validated record, read from any mapping.

The MkDocs plugin fills it from its config schema; a site that runs only the macros
module (or another host) passes the same keys under ``extra: labsite:``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labsite.diagnostics import LabsiteError

DEFAULT_MARKERS = {"*": "corresponding author", "†": "equal contribution"}


@dataclass(frozen=True)
class HighlightGroup:
    """People shown with a mark in author lists (the site's owner, lab members...)."""

    name: str
    people: tuple[tuple[str, ...], ...]
    """Each person as the spellings they publish under."""
    symbol: str = ""
    legend: str = ""
    bold: bool = False

    @property
    def variants(self) -> tuple[str, ...]:
        return tuple(v for person in self.people for v in person)


@dataclass(frozen=True)
class AuthorLink:
    """A person's page: author names that match ``names`` link to ``url``."""

    names: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class Settings:
    bib_files: tuple[str, ...] = ("bib/papers.bib",)
    """Paths of the .bib files, relative to ``root``."""
    root: Path = field(default_factory=Path.cwd)
    owner: tuple[str, ...] = ()
    """The spellings of the site owner's name: shown in bold in author lists."""
    highlight: tuple[HighlightGroup, ...] = ()
    markers: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_MARKERS))
    """Author markers written after names in the .bib and their legend."""
    template_dirs: tuple[Path, ...] = ()
    """Folders searched for templates before the built-in ones."""
    citations: bool = True
    """Turn ``[@key]`` in pages into footnote citations."""
    cache: bool = True
    """Keep parsed bibliographies in ``.labsite-cache/`` beside mkdocs.yml."""
    author_links: tuple[AuthorLink, ...] = ()
    """Pages of people: their names in author lists link there."""
    paper_pages: bool = False
    """Every paper has its own page (made by the MkDocs plugin)."""
    papers_dir: str = "publications"
    """Where paper pages and exports live in the site."""
    exports: bool = False
    """The bibliography is published as .bib, CSL-JSON, RIS and an Atom feed."""
    people_file: str = ""
    """The people data file (members, supervision list), relative to ``root``."""
    people_pages: bool = False
    """Every member has their own page (made by the MkDocs plugin)."""
    people_dir: str = "people"
    """Where member pages live in the site."""
    talks_file: str = ""
    """The talks data file, relative to ``root``."""

    @property
    def groups(self) -> tuple[HighlightGroup, ...]:
        """The owner group first, then the configured ones."""
        owner = (
            (HighlightGroup(name="owner", people=(self.owner,), bold=True),) if self.owner else ()
        )
        return owner + self.highlight

    @property
    def cache_dir(self) -> Path | None:
        return self.root / ".labsite-cache" if self.cache else None

    def bib_paths(self) -> list[tuple[Path, str]]:
        return [(self.root / name, name) for name in self.bib_files]

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, object], root: Path, template_dirs: tuple[Path, ...] = ()
    ) -> Settings:
        """Build settings from config keys, with errors that name the key."""
        known = {"bib_files", "owner", "highlight", "markers", "citations", "paper_pages",
                 "papers_dir", "exports", "author_links", "cache"}  # fmt: skip
        known |= {"people_file", "people_pages", "people_dir", "talks_file"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise LabsiteError(
                f"unknown labsite setting(s): {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})"
            )
        bib_files = data.get("bib_files", ["bib/papers.bib"])
        if isinstance(bib_files, str):
            bib_files = [bib_files]
        if not isinstance(bib_files, (list, tuple)) or not all(
            isinstance(b, str) for b in bib_files
        ):
            raise LabsiteError("labsite setting 'bib_files' must be a list of paths")
        owner = data.get("owner") or []
        if isinstance(owner, str):
            owner = [owner]
        if not isinstance(owner, (list, tuple)) or not all(isinstance(o, str) for o in owner):
            raise LabsiteError("labsite setting 'owner' must be a list of name spellings")
        groups = []
        raw_groups = data.get("highlight") or {}  # an empty list means no groups too
        if not isinstance(raw_groups, Mapping):
            raise LabsiteError("labsite setting 'highlight' must map group names to settings")
        for name, spec in raw_groups.items():
            if not isinstance(spec, Mapping):
                raise LabsiteError(f"labsite highlight group '{name}' must be a mapping")
            people_spec = spec.get("people") or []
            if not isinstance(people_spec, (list, tuple)):
                raise LabsiteError(f"labsite highlight group '{name}': 'people' must be a list")
            people = tuple(
                (p,) if isinstance(p, str) else tuple(str(v) for v in p) for p in people_spec
            )
            bold = spec.get("bold", False)
            if not isinstance(bold, bool):
                raise LabsiteError(
                    f"labsite highlight group '{name}': 'bold' must be true or false"
                )
            groups.append(
                HighlightGroup(
                    name=str(name),
                    people=people,
                    symbol=str(spec.get("symbol", "")),
                    legend=str(spec.get("legend", "")),
                    bold=bold,
                )
            )
        markers = data.get("markers")
        if markers is None:
            markers = dict(DEFAULT_MARKERS)
        if not isinstance(markers, Mapping):
            raise LabsiteError("labsite setting 'markers' must map a marker to its legend")
        citations = data.get("citations", True)
        if not isinstance(citations, bool):
            raise LabsiteError("labsite setting 'citations' must be true or false")
        paper_pages = data.get("paper_pages", False)
        if not isinstance(paper_pages, bool):
            raise LabsiteError("labsite setting 'paper_pages' must be true or false")
        papers_dir = data.get("papers_dir", "publications")
        if not isinstance(papers_dir, str) or not papers_dir.strip("/"):
            raise LabsiteError("labsite setting 'papers_dir' must be a folder name")
        exports = data.get("exports", False)
        if not isinstance(exports, bool):
            raise LabsiteError("labsite setting 'exports' must be true or false")
        links = []
        raw_links = data.get("author_links") or []
        if not isinstance(raw_links, (list, tuple)):
            raise LabsiteError("labsite setting 'author_links' must be a list")
        for item in raw_links:
            names = item.get("names") if isinstance(item, Mapping) else None
            url = item.get("url") if isinstance(item, Mapping) else None
            if isinstance(names, str):
                names = [names]
            if (
                not isinstance(names, (list, tuple))
                or not names
                or not all(isinstance(n, str) for n in names)
                or not isinstance(url, str)
            ):
                raise LabsiteError(
                    "each labsite author_links item needs 'names' (a list of spellings) and 'url'"
                )
            links.append(AuthorLink(names=tuple(names), url=url))
        cache = data.get("cache", True)
        if not isinstance(cache, bool):
            raise LabsiteError("labsite setting 'cache' must be true or false")
        data_files = _people_settings(data)
        return cls(
            **data_files,
            cache=cache,
            author_links=tuple(links),
            exports=exports,
            paper_pages=paper_pages,
            papers_dir=papers_dir.strip("/"),
            bib_files=tuple(bib_files),
            root=root,
            owner=tuple(str(o) for o in owner),
            highlight=tuple(groups),
            markers={str(k): str(v) for k, v in markers.items()},
            template_dirs=template_dirs,
            citations=citations,
        )


def _people_settings(data: Mapping[str, object]) -> dict[str, Any]:
    """The people and talks settings, checked."""
    result: dict[str, Any] = {}
    for name in ("people_file", "talks_file"):
        value = data.get(name) or ""
        if not isinstance(value, str):
            raise LabsiteError(
                f"labsite setting '{name}' must be a path, e.g. data/{name[:-5]}.yml"
            )
        result[name] = value
    people_pages = data.get("people_pages", False)
    if not isinstance(people_pages, bool):
        raise LabsiteError("labsite setting 'people_pages' must be true or false")
    people_dir = data.get("people_dir", "people")
    if not isinstance(people_dir, str) or not people_dir.strip("/"):
        raise LabsiteError("labsite setting 'people_dir' must be a folder name")
    result["people_pages"] = people_pages
    result["people_dir"] = people_dir.strip("/")
    return result
