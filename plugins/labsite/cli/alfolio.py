"""``labsite import al-folio``: a labsite site from an al-folio checkout, or the
checkout's bibliography added to an existing site.

What comes over: ``_bibliography/*.bib`` to ``bib/``, ``_data/venues.yml`` and
``_data/coauthors.yml`` to ``data/``, the files the entries link to (PDFs in
``assets/pdf/``, previews in ``assets/img/publication_preview/``, ...) to the same
place under ``docs/``, and the owner's names (``scholar: last_name``, ``first_name``),
``scholar_userid`` and ``max_author_limit`` to the labsite settings. A new site gets
them written in its ``mkdocs.yml``; for an existing one they are printed, to add by
hand. A file that is there already is left alone when it is the same, and is never
replaced without ``overwrite`` (then the report says so). What is not carried over
(pages, posts, the CV...) is listed. Running it again changes nothing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from labsite.bib.bibliography import load_bibliography
from labsite.bib.fields import ASSET_FOLDERS
from labsite.cli.common import ToolError, settings_block
from labsite.cli.new import PLACEHOLDER_NAME, TEMPLATE, new_site
from labsite.text.urls import has_scheme, safe_url

# What an al-folio checkout has that labsite does not carry over, with what to do.
NOT_CARRIED = (
    ("_pages", "pages: write them as Markdown in docs/ (about, projects, CV ...)"),
    ("_posts", "blog posts: see Writing a post in CONTRIBUTING.md"),
    ("_news", "news items: see Writing a post in CONTRIBUTING.md"),
    ("_projects", "projects: write them as pages in docs/"),
    ("_teachings", "teaching pages: write them as pages in docs/"),
    ("_books", "book reviews: write them as pages in docs/"),
    ("_data/cv.yml", "the CV: write it as a page in docs/"),
    ("_data/socials.yml", "social links: Material's extra.social in mkdocs.yml"),
    ("_data/repositories.yml", "repositories: link them from a page"),
    ("assets/json/resume.json", "the JSON resume: write it as a page in docs/"),
)
_DATA_FILES = ("venues.yml", "coauthors.yml")


@dataclass
class ImportReport:
    """What the import did, file by file, and what it left to do by hand."""

    created: list[str] = field(default_factory=list)
    """The files of a new site, from the template."""
    written: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files that differ from al-folio's and were left as they are."""
    missing: list[str] = field(default_factory=list)
    """Files the entries link to that the checkout does not have."""
    settings: dict[str, Any] = field(default_factory=dict)
    """Settings for mkdocs.yml that the site does not have yet."""
    not_carried: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"created a new site ({len(self.created)} files)"] if self.created else []
        out += [f"wrote {name}" for name in self.written]
        out += [f"replaced {name} (--overwrite)" for name in self.replaced]
        out += [f"unchanged {name}" for name in self.unchanged]
        out += [
            f"kept {name}: it differs from al-folio's and was not overwritten "
            "(compare them, or run again with --overwrite)"
            for name in self.kept
        ]
        out += [
            f"not found in the checkout: {name} (an entry links to it)" for name in self.missing
        ]
        if self.settings:
            out.append("add to the labsite settings in mkdocs.yml:")
            out += [f"  {key}: {json.dumps(value, ensure_ascii=False)}"
                    for key, value in self.settings.items()]  # fmt: skip
        out += [f"not carried over: {item}" for item in self.not_carried]
        return out


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def alfolio_settings(source: Path) -> dict[str, Any]:
    """The labsite settings an al-folio checkout's ``_config.yml`` (and
    ``_data/socials.yml``) give: ``owner``, ``scholar_userid``, ``max_author_limit``."""
    config = _read_yaml(source / "_config.yml")
    config = config if isinstance(config, Mapping) else {}
    settings: dict[str, Any] = {}
    scholar = config.get("scholar")
    if isinstance(scholar, Mapping):
        last = _names(scholar.get("last_name"))
        first = _names(scholar.get("first_name"))
        owner = [f"{f} {name}" for name in last for f in first] or last
        if owner:
            settings["owner"] = owner
    socials = _read_yaml(source / "_data" / "socials.yml")
    userid = config.get("scholar_userid")
    if not userid and isinstance(socials, Mapping):
        userid = socials.get("scholar_userid")
    if isinstance(userid, str) and userid.strip():
        settings["scholar_userid"] = userid.strip()
    limit = config.get("max_author_limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        settings["max_author_limit"] = limit
    return settings


def _names(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [" ".join(str(v).split()) for v in items if str(v).strip()]


def _site_settings(target: Path) -> dict[str, Any]:
    """The labsite settings of the site's mkdocs.yml (``{}`` if it has none)."""
    try:
        return dict(settings_block(target / "mkdocs.yml"))
    except ToolError:
        return {}


def _copy(source: Path, destination: Path, name: str, report: ImportReport,
          overwrite: bool, ours: set[Path]) -> None:  # fmt: skip
    data = source.read_bytes()
    if destination.is_file():
        if destination.read_bytes() == data:
            report.unchanged.append(name)
            return
        if destination.resolve() in ours:
            destination.write_bytes(data)  # a file of the template, just written
            report.written.append(name)
            return
        if not overwrite:
            report.kept.append(name)
            return
        destination.write_bytes(data)
        report.replaced.append(name)
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    report.written.append(name)


def _linked_files(bib_files: list[Path]) -> list[tuple[str, str]]:
    """(path in the checkout, path under docs/) of each local file the entries link
    to, as al-folio serves it."""
    bibliography = load_bibliography([(path, path.name) for path in bib_files])
    found: list[tuple[str, str]] = []
    for paper in bibliography.papers:
        values = [(link.kind, link.url) for link in paper.links]
        if paper.preview:
            values.append(("preview", paper.preview))
        for kind, url in values:
            if has_scheme(url) or url.startswith(("#", "//")) or safe_url(url) is None:
                continue
            path = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
            if not path or ".." in Path(path).parts:
                continue
            folder = ASSET_FOLDERS.get(kind)
            relative = f"{folder}/{path}" if folder and not path.startswith("assets/") else path
            if (relative, relative) not in found:
                found.append((relative, relative))
    return found


def import_alfolio(source: str, target: str = ".", *, overwrite: bool = False) -> ImportReport:
    """Bring the al-folio checkout in ``source`` into the labsite site in ``target``
    (made from the template when it has no mkdocs.yml and is new or empty)."""
    src = Path(source)
    dst = Path(target)
    if not (src / "_config.yml").is_file() or not (src / "_bibliography").is_dir():
        raise ToolError(f"{source}: not an al-folio checkout (no _config.yml and _bibliography/)")
    bib_files = sorted(p for p in (src / "_bibliography").glob("*.bib") if p.is_file())
    if not bib_files:
        raise ToolError(f"{source}: _bibliography/ has no .bib file")
    report = ImportReport()
    wanted = alfolio_settings(src)
    ours: set[Path] = set()
    if not (dst / "mkdocs.yml").is_file():
        if dst.is_dir() and any(dst.iterdir()):
            raise ToolError(f"{target}: has no mkdocs.yml and is not empty: give a labsite "
                            "site or a new folder")  # fmt: skip
        owner = (wanted.get("owner") or [None])[0]
        written = new_site(target, owner)
        ours = {path.resolve() for path in written}
        report.created = [str(p.relative_to(dst)) for p in written]
        _write_settings(dst / "mkdocs.yml", wanted, [f"bib/{p.name}" for p in bib_files])
    else:
        report.settings = _missing_settings(_site_settings(dst), wanted, bib_files)
        page = dst / "docs" / "publications.md"
        if not page.exists():
            page.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(TEMPLATE / "docs" / "publications.md", page)
            report.written.append("docs/publications.md (add it to nav: in mkdocs.yml)")
    for path in bib_files:
        _copy(path, dst / "bib" / path.name, f"bib/{path.name}", report, overwrite, ours)
    if report.created and not any(p.name == "papers.bib" for p in bib_files):
        (dst / "bib" / "papers.bib").unlink(missing_ok=True)  # the template's sample entry
    for name in _DATA_FILES:
        if (src / "_data" / name).is_file():
            _copy(src / "_data" / name, dst / "data" / name, f"data/{name}", report,
                  overwrite, ours)  # fmt: skip
    for inside, under_docs in _linked_files(bib_files):
        if (src / inside).is_file():
            _copy(src / inside, dst / "docs" / under_docs, f"docs/{under_docs}", report,
                  overwrite, ours)  # fmt: skip
        else:
            report.missing.append(inside)
    for name, what in NOT_CARRIED:
        if (src / name).exists():
            report.not_carried.append(f"{name} ({what})")
    return report


def _missing_settings(
    have: Mapping[str, Any], wanted: Mapping[str, Any], bib_files: list[Path]
) -> dict[str, Any]:
    missing: dict[str, Any] = {}
    for key, value in wanted.items():
        current = have.get(key)
        if key == "owner":
            spellings = current if isinstance(current, list) else [current] if current else []
            if not set(value) <= set(spellings):
                missing[key] = list(dict.fromkeys([*spellings, *value]))
        elif current != value:
            missing[key] = value
    files = have.get("bib_files") or ["bib/papers.bib"]
    files = files if isinstance(files, list) else [files]
    needed = [f"bib/{p.name}" for p in bib_files if f"bib/{p.name}" not in files]
    if needed:
        missing["bib_files"] = [*files, *needed]
    return missing


def _write_settings(path: Path, settings: Mapping[str, Any], bib_files: list[str]) -> None:
    """The template's mkdocs.yml, with the imported settings in its labsite block."""
    text = path.read_text(encoding="utf-8")
    block = "      bib_files:\n" + "".join(f"        - {json.dumps(f)}\n" for f in bib_files)
    owner = settings.get("owner") or [PLACEHOLDER_NAME]
    block += "      # Every spelling of your name in author lists: shown in bold.\n"
    block += "      owner:\n" + "".join(
        f"        - {json.dumps(name, ensure_ascii=False)}\n" for name in owner
    )
    for key in ("scholar_userid", "max_author_limit"):
        if key in settings:
            block += f"      {key}: {json.dumps(settings[key])}\n"
    start = text.index("      bib_files:\n")
    end = text.index("\n\n", start) + 1
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


__all__ = ["ImportReport", "alfolio_settings", "import_alfolio"]
