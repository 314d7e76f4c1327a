"""The MkDocs plugin's config schema (and nothing else)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class LabsiteConfig(base.Config):
    bib_files = c.ListOfItems(c.Type(str), default=["bib/papers.bib"])
    """The .bib files, relative to mkdocs.yml."""
    owner = c.ListOfItems(c.Type(str), default=[])
    """Spellings of the site owner's name, shown in bold in author lists."""
    highlight = c.Type(dict, default={})
    """Other people to mark in author lists: ``{group: {people: [[spellings]], symbol,
    legend, bold}}``."""
    markers = c.Type(dict, default={"*": "corresponding author", "†": "equal contribution"})
    """Author markers written after a name in the .bib, and their legend."""
    citations = c.Type(bool, default=True)
    """Turn ``[@key]`` in pages into footnote citations."""
    paper_pages = c.Type(bool, default=True)
    """Give every paper its own page, with metadata for Google Scholar."""
    papers_dir = c.Type(str, default="publications")
    """Folder of the paper pages and exports in the site."""
    exports = c.Type(bool, default=True)
    """Publish the bibliography as .bib, CSL-JSON, RIS and an Atom feed."""
    author_links = c.Type(list, default=[])
    """People's pages: ``[{names: [spellings], url: people/ada.md}]``; their names in
    author lists link there."""
    cache = c.Type(bool, default=True)
    """Keep parsed bibliographies in ``.labsite-cache/`` (safe to delete)."""
    people_file = c.Type(str, default="")
    """The people data file (members, supervision list), e.g. ``data/people.yml``."""
    people_pages = c.Type(bool, default=True)
    """Give every member of the people file their own page, listing their papers."""
    people_dir = c.Type(str, default="people")
    """Folder of the member pages in the site."""
    talks_file = c.Type(str, default="")
    """The talks data file, e.g. ``data/talks.yml``."""
