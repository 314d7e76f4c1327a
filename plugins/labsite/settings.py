"""The engine's settings: one table of keys, defaults and docs, and the validated record
read from any mapping.

:data:`SETTINGS` is the only list of setting keys. The MkDocs plugin builds its config
schema from it (:mod:`labsite.hosts.mkdocs.config`), the macros module reads the same
keys from ``extra: labsite:`` where no plugin runs, and the settings reference in the
contributors' guide is generated from it (``docs/_snippets/settings.md``; a test keeps
the two the same).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labsite.diagnostics import LabsiteError

DEFAULT_MARKERS = {"*": "corresponding author", "†": "equal contribution"}

# The fields al-folio's ``_config.yml`` hides from the BibTeX it shows
# (``filtered_bibtex_keywords``), with the badge and link fields it shows besides
# (``dimensions``, ``hal``) and labsite's own (``summary``, ``status``, ``errata``).
HIDDEN_BIBTEX_FIELDS: tuple[str, ...] = (
    "abbr", "abstract", "additional_info", "altmetric", "annotation", "arxiv", "award",
    "award_name", "bibtex_show", "blog", "code", "dimensions", "errata",
    "google_scholar_id", "hal", "html", "inspirehep_id", "pdf", "poster", "preview",
    "selected", "slides", "status", "summary", "supp", "video", "website",
)  # fmt: skip


EXTENSION = "labsite.markdown"
"""The Markdown extension whose block in mkdocs.yml holds these settings on every host."""


@dataclass(frozen=True)
class Setting:
    """One setting: its key, the kind of value it takes, its default and what it does."""

    key: str
    kind: str
    """``bool``, ``number``, ``text``, ``texts`` (a list of text), ``mapping`` or ``list``."""
    default: Any
    doc: str
    plugin: bool = False
    """Made by the MkDocs plugin (pages, files): off where no plugin runs."""


SETTINGS: tuple[Setting, ...] = (
    Setting("bib_files", "texts", ("bib/papers.bib",),
            "The .bib files, relative to mkdocs.yml."),
    Setting("owner", "texts", (),
            "The spellings of the site owner's name, shown in bold in author lists."),
    Setting("highlight", "mapping", {},
            "Other people to mark in author lists: `{group: {people: [[spellings]], "
            "symbol, legend, bold}}`."),
    Setting("markers", "mapping", DEFAULT_MARKERS,
            "Author markers written after a name in the .bib, and their legend."),
    Setting("citations", "bool", True, "Turn `[@key]` in pages into footnote citations."),
    Setting("paper_pages", "bool", True,
            "Give every paper its own page, with metadata for Google Scholar.", plugin=True),
    Setting("papers_dir", "text", "publications",
            "Folder of the paper pages and exports in the site."),
    Setting("exports", "bool", True,
            "Publish the bibliography as .bib, CSL-JSON, RIS and an Atom feed.", plugin=True),
    Setting("author_links", "list", (),
            "People's pages: `[{names: [spellings], url: people/ada.md}]`; their names in "
            "author lists link there."),
    Setting("cache", "bool", True,
            "Keep parsed bibliographies in `.labsite-cache/` beside mkdocs.yml (safe to "
            "delete)."),
    Setting("people_file", "text", "",
            "The people data file (members, supervision list), e.g. `data/people.yml`."),
    Setting("people_pages", "bool", True,
            "Give every member of the people file their own page, listing their papers.",
            plugin=True),
    Setting("people_dir", "text", "people", "Folder of the member pages in the site."),
    Setting("talks_file", "text", "", "The talks data file, e.g. `data/talks.yml`."),
    Setting("citation_counts", "bool", False,
            "Show \"Cited by N\" (with the date of the figures) on paper lists and pages, "
            "from the metrics file; allows `papers(sort=\"citations\")` and "
            "`citation_summary()`. The build never uses the network."),
    Setting("metrics_file", "text", "data/metrics.yml",
            "The citation counts written by `labsite metrics` (from OpenAlex)."),
    Setting("openalex_url", "text", "https://api.openalex.org",
            "The OpenAlex API that `labsite metrics` and `labsite add --doi` ask (a mirror "
            "may stand in)."),
    Setting("openalex_mailto", "text", "",
            "An e-mail address sent with every OpenAlex request (its polite pool), e.g. "
            "`lab@example.org`."),
    Setting("venues_file", "text", "data/venues.yml",
            "Venues in al-folio's `_data/venues.yml` shape (`ABBR: {color, url}`): the "
            "`abbr` badge of a paper takes its colour and link. Not read if missing."),
    Setting("coauthors_file", "text", "data/coauthors.yml",
            "Co-authors in al-folio's `_data/coauthors.yml` shape (`lastname: [{firstname: "
            "[spellings], url}]`): their names in author lists link there. Not read if "
            "missing."),
    Setting("bibtex_hide_fields", "texts", HIDDEN_BIBTEX_FIELDS,
            "Fields left out of the BibTeX a visitor sees and downloads (the site's own; "
            "al-folio's `filtered_bibtex_keywords`); author markers are left out too."),
    Setting("max_author_limit", "number", 0,
            "Show at most this many authors in lists, then \"and N more authors\", a button "
            "that shows the others (al-folio's setting); 0 shows all."),
    Setting("scholar_userid", "text", "",
            "The Google Scholar profile id, for the links of `google_scholar_id` "
            "(al-folio's `scholar_userid`)."),
)  # fmt: skip

SETTING_KEYS: tuple[str, ...] = tuple(s.key for s in SETTINGS)
_DEFAULTS: Mapping[str, Any] = {s.key: s.default for s in SETTINGS}


def reference_table() -> str:
    """The settings as a Markdown table (key, default, what it does), for the docs."""
    rows = ["| setting | default | what it does |", "| --- | --- | --- |"]
    for setting in SETTINGS:
        rows.append(f"| `{setting.key}` | {_shown(setting.default)} | {setting.doc} |")
    return "\n".join(rows) + "\n"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int):
        return f"`{value}`"
    if isinstance(value, tuple):
        return "`[" + ", ".join(value) + "]`"
    if isinstance(value, Mapping):
        return "`{" + ", ".join(f'"{k}": {v}' for k, v in value.items()) + "}`" if value else "`{}`"
    return f'`"{value}"`' if value else '`""`'


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
class Venue:
    """A venue of the venues file: the colour of its badge and its link."""

    color: str = ""
    """A CSS colour, validated (``#00369f``, ``rgb(0, 54, 159)``, ``teal``)."""
    url: str = ""


@dataclass(frozen=True)
class AuthorLink:
    """A person's page: author names that match ``names`` link to ``url``."""

    names: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class Settings:
    """The validated settings of one site (see :data:`SETTINGS` for each key)."""

    bib_files: tuple[str, ...] = _DEFAULTS["bib_files"]
    root: Path = field(default_factory=Path.cwd)
    """The folder of mkdocs.yml: paths are relative to it."""
    owner: tuple[str, ...] = _DEFAULTS["owner"]
    highlight: tuple[HighlightGroup, ...] = ()
    markers: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_MARKERS))
    template_dirs: tuple[Path, ...] = ()
    """Folders searched for templates before the built-in ones (the theme's)."""
    citations: bool = _DEFAULTS["citations"]
    cache: bool = _DEFAULTS["cache"]
    author_links: tuple[AuthorLink, ...] = ()
    paper_pages: bool = _DEFAULTS["paper_pages"]
    papers_dir: str = _DEFAULTS["papers_dir"]
    exports: bool = _DEFAULTS["exports"]
    people_file: str = _DEFAULTS["people_file"]
    people_pages: bool = _DEFAULTS["people_pages"]
    people_dir: str = _DEFAULTS["people_dir"]
    talks_file: str = _DEFAULTS["talks_file"]
    citation_counts: bool = _DEFAULTS["citation_counts"]
    metrics_file: str = _DEFAULTS["metrics_file"]
    openalex_url: str = _DEFAULTS["openalex_url"]
    openalex_mailto: str = _DEFAULTS["openalex_mailto"]
    venues_file: str = _DEFAULTS["venues_file"]
    coauthors_file: str = _DEFAULTS["coauthors_file"]
    bibtex_hide_fields: tuple[str, ...] = _DEFAULTS["bibtex_hide_fields"]
    max_author_limit: int = _DEFAULTS["max_author_limit"]
    scholar_userid: str = _DEFAULTS["scholar_userid"]
    venues: Mapping[str, Venue] = field(default_factory=dict)
    """The venues file's entries by abbreviation (filled in by the data stage)."""

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
        cls,
        data: Mapping[str, object],
        root: Path,
        template_dirs: tuple[Path, ...] = (),
        *,
        plugin: bool = True,
    ) -> Settings:
        """Build settings from config keys, with errors that name the key. Without
        ``plugin`` (a host where the MkDocs plugin does not run) the settings that only
        the plugin can carry out are off."""
        unknown = sorted(set(data) - set(SETTING_KEYS))
        if unknown:
            raise LabsiteError(
                f"unknown labsite setting(s): {', '.join(unknown)} "
                f"(known: {', '.join(sorted(SETTING_KEYS))})"
            )
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            value = data.get(setting.key)
            values[setting.key] = setting.default if value is None else value
            if setting.plugin and not plugin:
                values[setting.key] = False
        for setting in SETTINGS:
            if setting.kind == "bool" and not isinstance(values[setting.key], bool):
                raise LabsiteError(f"labsite setting '{setting.key}' must be true or false")
        hidden = tuple(
            name.casefold()
            for name in _texts(
                values["bibtex_hide_fields"], "bibtex_hide_fields", "a list of fields"
            )
        )
        limit = values["max_author_limit"]
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise LabsiteError("labsite setting 'max_author_limit' must be a number, 0 or more")
        for name in ("venues_file", "coauthors_file", "scholar_userid"):
            if not isinstance(values[name], str):
                raise LabsiteError(f"labsite setting '{name}' must be text")
        for name in ("people_file", "talks_file", "metrics_file"):
            if not isinstance(values[name], str):
                raise LabsiteError(
                    f"labsite setting '{name}' must be a path, e.g. data/{name[:-5]}.yml"
                )
        if not values["metrics_file"].strip():
            raise LabsiteError("labsite setting 'metrics_file' must be a path")
        for name in ("openalex_url", "openalex_mailto"):
            if not isinstance(values[name], str):
                raise LabsiteError(f"labsite setting '{name}' must be text")
        if not values["openalex_url"].startswith(("https://", "http://")):
            raise LabsiteError("labsite setting 'openalex_url' must be an http(s) URL")
        for name in ("papers_dir", "people_dir"):
            if not isinstance(values[name], str) or not values[name].strip("/"):
                raise LabsiteError(f"labsite setting '{name}' must be a folder name")
        markers = values["markers"]
        if not isinstance(markers, Mapping):
            raise LabsiteError("labsite setting 'markers' must map a marker to its legend")
        return cls(
            bib_files=_texts(values["bib_files"], "bib_files", "a list of paths"),
            root=root,
            owner=_texts(values["owner"], "owner", "a list of name spellings"),
            highlight=_groups(values["highlight"]),
            markers={str(k): str(v) for k, v in markers.items()},
            template_dirs=template_dirs,
            citations=values["citations"],
            cache=values["cache"],
            author_links=_author_links(values["author_links"]),
            paper_pages=values["paper_pages"],
            papers_dir=values["papers_dir"].strip("/"),
            exports=values["exports"],
            people_file=values["people_file"],
            people_pages=values["people_pages"],
            people_dir=values["people_dir"].strip("/"),
            talks_file=values["talks_file"],
            citation_counts=values["citation_counts"],
            metrics_file=values["metrics_file"],
            openalex_url=values["openalex_url"].rstrip("/"),
            openalex_mailto=values["openalex_mailto"].strip(),
            venues_file=values["venues_file"],
            coauthors_file=values["coauthors_file"],
            bibtex_hide_fields=hidden,
            max_author_limit=limit,
            scholar_userid=values["scholar_userid"].strip(),
        )


def _texts(value: object, name: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise LabsiteError(f"labsite setting '{name}' must be {what}")
    return tuple(value)


def _groups(raw_groups: object) -> tuple[HighlightGroup, ...]:
    if not raw_groups:  # an empty list means no groups too
        return ()
    if not isinstance(raw_groups, Mapping):
        raise LabsiteError("labsite setting 'highlight' must map group names to settings")
    groups = []
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
            raise LabsiteError(f"labsite highlight group '{name}': 'bold' must be true or false")
        groups.append(
            HighlightGroup(
                name=str(name),
                people=people,
                symbol=str(spec.get("symbol", "")),
                legend=str(spec.get("legend", "")),
                bold=bold,
            )
        )
    return tuple(groups)


def _author_links(raw_links: object) -> tuple[AuthorLink, ...]:
    if not raw_links:
        return ()
    if not isinstance(raw_links, (list, tuple)):
        raise LabsiteError("labsite setting 'author_links' must be a list")
    links = []
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
    return tuple(links)
