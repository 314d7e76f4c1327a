"""The BibTeX vocabulary labsite reads and writes, in one place: entry types and their
labels, required fields, the fields labsite gives a meaning to (al-folio's names where
al-folio has one), every field it knows, the order fields are written in, and the
page-range pattern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

# Link fields, in the order their buttons are shown, with their labels.
LINK_FIELDS: tuple[tuple[str, str], ...] = (
    ("url", "paper"),
    ("pdf", "PDF"),
    ("html", "HTML"),
    ("arxiv", "arXiv"),
    ("doi", "DOI"),
    ("blog", "blog"),
    ("slides", "slides"),
    ("poster", "poster"),
    ("errata", "errata"),
    ("code", "code"),
    ("video", "video"),
    ("supp", "supplement"),
    ("website", "website"),
    ("hal", "HAL"),
)

# al-folio serves a relative link of these fields from one of its asset folders
# (``pdf = {paper.pdf}`` is ``/assets/pdf/paper.pdf``); labsite looks there, under
# ``docs/``, when the file is not where the link says.
ASSET_FOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "pdf": "assets/pdf",
        "supp": "assets/pdf",
        "poster": "assets/pdf",
        "slides": "assets/pdf",
        "html": "assets/html",
        "preview": "assets/img/publication_preview",
    }
)

# Service ids al-folio shows as badges; labsite shows each as a plain link to the
# service's page of the paper (see ``bib/services.py``).
BADGE_FIELDS: tuple[str, ...] = ("altmetric", "dimensions", "google_scholar_id", "inspirehep_id")

# Fields whose value is Markdown (al-folio runs them through ``markdownify``), not
# LaTeX (``award``, also Markdown, is read as LaTeX first: it was labsite's before);
# ``annotation`` is text in which ``<br>`` breaks the line.
MARKDOWN_FIELDS: frozenset[str] = frozenset({"additional_info", "award"})


# Fields labsite gives a meaning to beyond standard BibTeX (al-folio's names where
# al-folio has one). Others are kept in ``Paper.fields`` as they are.
CUSTOM_FIELDS: frozenset[str] = frozenset(
    {name for name, _ in LINK_FIELDS}
    | {
        "summary",
        "abstract",
        "award",
        "award_name",
        "status",
        "selected",
        "keywords",
        "abbr",
        "bibtex_show",
        "preview",
        "google_scholar_id",
        "altmetric",
        "dimensions",
        "annotation",
        "additional_info",
        "inspirehep_id",
        # Identifiers for citation counts (``labsite metrics``): PubMed's, OpenAlex's.
        "pmid",
        "openalex",
        # Web of Science's "Name/ORCID iD" list (members' papers; ``labsite add``).
        "orcid-numbers",
        "location",
        "month",
    }
)

# The entry types BibTeX and biblatex define; anything else is shown as "misc".
KNOWN_TYPES: frozenset[str] = frozenset(
    [
        "article",
        "book",
        "booklet",
        "inbook",
        "incollection",
        "inproceedings",
        "conference",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
        "online",
        "electronic",
        "www",
        "report",
        "thesis",
        "software",
        "dataset",
        "patent",
        "collection",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "bookinbook",
        "suppbook",
        "suppcollection",
        "suppperiodical",
        "periodical",
        "reference",
        "mvreference",
        "inreference",
        "artwork",
        "audio",
        "image",
        "jurisdiction",
        "legislation",
        "legal",
        "letter",
        "movie",
        "music",
        "performance",
        "review",
        "standard",
        "video",
        "set",
        "xdata",
    ]
)

# Fields without which an entry of a type is incomplete (BibTeX's required fields,
# with "author or editor" for books, and biblatex's date standing for the year).
# Unpublished work (an entry with a ``status``) needs only a title.
REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "article": ("author", "title", "journal", "year|date"),
        "book": ("author|editor", "title", "publisher", "year|date"),
        "booklet": ("title",),
        "inbook": ("author|editor", "title", "year|date"),
        "incollection": ("author", "title", "booktitle", "year|date"),
        "inproceedings": ("author", "title", "booktitle", "year|date"),
        "conference": ("author", "title", "booktitle", "year|date"),
        "manual": ("title",),
        "mastersthesis": ("author", "title", "school", "year|date"),
        "phdthesis": ("author", "title", "school", "year|date"),
        "proceedings": ("title", "year|date"),
        "techreport": ("author", "title", "institution", "year|date"),
        "unpublished": ("author", "title"),
        "misc": (),
    }
)

# Each entry type a list names: (one entry, as the filters of an interactive list show
# it; the heading of a group of them, for ``group_by="type"``). Other types show as
# their name, capitalised.
TYPE_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "article": ("Journal article", "Journal articles"),
        "inproceedings": ("Conference paper", "Conference papers"),
        "conference": ("Conference paper", "Conference papers"),
        "incollection": ("Book chapter", "Book chapters"),
        "inbook": ("Book chapter", "Book chapters"),
        "book": ("Book", "Books"),
        "phdthesis": ("PhD thesis", "Theses"),
        "mastersthesis": ("Master's thesis", "Theses"),
        "thesis": ("Thesis", "Theses"),
        "techreport": ("Report", "Reports"),
        "report": ("Report", "Reports"),
        "unpublished": ("Unpublished", "Unpublished work"),
        "misc": ("Other", "Other"),
        "online": ("Online", "Online"),
        "software": ("Software", "Software"),
        "dataset": ("Dataset", "Dataset"),
        "patent": ("Patent", "Patent"),
        "proceedings": ("Proceedings", "Proceedings"),
        "manual": ("Manual", "Manual"),
        "booklet": ("Booklet", "Booklet"),
    }
)


def type_label(entry_type: str) -> str:
    """One entry of the type, as a filter shows it: "Journal article"."""
    found = TYPE_LABELS.get(entry_type)
    return found[0] if found else entry_type.capitalize()


def type_heading(entry_type: str) -> str:
    """The heading of a group of entries of the type: "Journal articles"."""
    found = TYPE_LABELS.get(entry_type)
    return found[1] if found else entry_type.capitalize()


# Fields of BibTeX, biblatex and common tools (JabRef, Zotero/Better BibTeX, DBLP,
# Google Scholar, al-folio). A field outside this list is kept and shown nowhere; it
# is reported only when it looks like a misspelling of one of them.
KNOWN_FIELDS: frozenset[str] = (
    frozenset(
        """address addendum afterword annotation annotator archiveprefix author authortype
    bibsource biburl bookauthor booksubtitle booktitle booktitleaddon chapter commentator
    crossref date doi edition editor editora editorb editorc editortype eid entryset
    eprint eprintclass eprinttype eventdate eventtitle file foreword holder howpublished
    ids institution introduction isan isbn ismn isrn issn issue issuesubtitle issuetitle
    journal journalsubtitle journaltitle key keywords label langid language lccn
    library location mainsubtitle maintitle month mrnumber nameaddon note number
    options organization origdate origlanguage origlocation origpublisher origtitle pages
    pagetotal part primaryclass publisher pubstate related relatedtype reprinttitle
    school series shortauthor shorthand shortjournal shorttitle sortkey subtitle timestamp
    title titleaddon translator type url urldate venue version volume volumes year
    abstract pmid numpages""".split()
    )
    | CUSTOM_FIELDS
)


FIELD_ORDER: tuple[str, ...] = (
    "author", "editor", "title", "booktitle", "journal", "year", "month", "volume", "number",
    "pages", "publisher", "subtitle", "journaltitle", "date", "chapter", "edition", "series",
    "school", "institution", "organization", "address", "location", "howpublished", "type",
    "note", "isbn", "issn", "doi", "eprint", "archiveprefix", "primaryclass", "url",
)  # fmt: skip
"""Fields written first, in this order; every other field follows alphabetically."""

_PAGES = re.compile(r"^\s*([^\s\-–—]+)\s*(?:-+|–|—)\s*([^\s\-–—]+)\s*$")


def page_range(pages: str) -> tuple[str, str]:
    """First and last page of "10--20", "10–20" or "10-20"; ("10", "") for one page,
    ("", "") for none."""
    match = _PAGES.match(pages)
    if match:
        return match.group(1), match.group(2)
    return pages.strip(), ""
