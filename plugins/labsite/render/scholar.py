"""Scholarly metadata of a paper page, as plain data: Highwire Press ``citation_*``
tags (what Google Scholar reads), Open Graph tags and a schema.org JSON-LD object.
The render stage turns these into HTML."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from labsite.bib.fields import page_range
from labsite.bib.model import Paper
from labsite.text.names import Person
from labsite.text.urls import has_scheme, relative_link

_VENUE_TAG = {
    "article": "citation_journal_title",
    "inproceedings": "citation_conference_title",
    "conference": "citation_conference_title",
    "incollection": "citation_inbook_title",
    "inbook": "citation_inbook_title",
    "phdthesis": "citation_dissertation_institution",
    "mastersthesis": "citation_dissertation_institution",
    "thesis": "citation_dissertation_institution",
    "techreport": "citation_technical_report_institution",
    "report": "citation_technical_report_institution",
}


def plain(text: str) -> str:
    """Displayed text for places that show no math: ``$x$`` as x, ``\\$`` as $."""
    text = re.sub(r"(?<!\\)\$(.+?)(?<!\\)\$", r"\1", text)
    return text.replace("\\$", "$")


def _author_name(person: Person) -> str:
    if not person.first:
        return person.surname
    name = f"{person.surname}, {person.first}"
    return f"{name}, {person.jr}" if person.jr else name


def _date(paper: Paper, sep: str) -> str:
    parts = [f"{paper.year:04d}"]
    if paper.month:
        parts.append(f"{paper.month:02d}")
        if paper.day:
            parts.append(f"{paper.day:02d}")
    return sep.join(parts)


def absolute(url: str, site_url: str, url_prefix: str = "") -> str:
    """A link of the paper as the page's head gives it. Links in the model are absolute
    or site-relative (``files/paper.pdf`` is ``docs/files/paper.pdf``, whatever page
    shows it): they are resolved against the site's root URL, as the page's buttons
    are; without one, they are written as the buttons are (``url_prefix``, the way
    from the page back to the site's root)."""
    if has_scheme(url):
        return url
    if not site_url:
        return relative_link(url, url_prefix)
    return urljoin(site_url.rstrip("/") + "/", url.lstrip("/"))


def highwire_tags(
    paper: Paper, page_url: str, site_url: str = "", url_prefix: str = ""
) -> list[tuple[str, str]]:
    """``(name, content)`` pairs of ``<meta name=... content=...>``, in Google
    Scholar's documented names. ``page_url`` is the absolute URL of the paper page,
    ``site_url`` that of the site's root (site-relative links are resolved against it;
    without it they are written relative to the page's root, like the page's links)."""
    tags: list[tuple[str, str]] = [("citation_title", plain(paper.title))]
    tags += [("citation_author", _author_name(a)) for a in paper.authors if not a.is_others]
    if paper.year and paper.is_published:
        tags.append(("citation_publication_date", _date(paper, "/")))
    venue_tag = _VENUE_TAG.get(paper.entry_type)
    if paper.venue and venue_tag:
        tags.append((venue_tag, plain(paper.venue)))
    if paper.volume:
        tags.append(("citation_volume", paper.volume))
    if paper.number:
        tags.append(("citation_issue", paper.number))
    first, last = page_range(paper.pages)
    if first:
        tags.append(("citation_firstpage", first))
    if last:
        tags.append(("citation_lastpage", last))
    if paper.publisher:
        tags.append(("citation_publisher", plain(paper.publisher)))
    for link in paper.links:
        if link.kind == "pdf":
            tags.append(("citation_pdf_url", absolute(link.url, site_url, url_prefix)))
            break
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", paper.arxiv))
    if paper.keywords:
        tags.append(("citation_keywords", "; ".join(paper.keywords)))
    tags.append(("citation_abstract_html_url", page_url))
    return tags


def description(paper: Paper, limit: int = 300) -> str:
    text = plain(paper.summary or paper.abstract or paper.title)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def open_graph_tags(paper: Paper, page_url: str, site_name: str) -> list[tuple[str, str]]:
    """``(property, content)`` pairs of Open Graph ``<meta property=...>`` tags."""
    tags = [
        ("og:type", "article"),
        ("og:title", plain(paper.title)),
        ("og:description", description(paper)),
        ("og:url", page_url),
    ]
    if site_name:
        tags.append(("og:site_name", site_name))
    if paper.year and paper.is_published:
        tags.append(("article:published_time", _date(paper, "-")))
    tags += [("article:author", a.full) for a in paper.authors if not a.is_others]
    tags += [("article:tag", k) for k in paper.keywords]
    return tags


def json_ld(
    paper: Paper, page_url: str, site_url: str = "", url_prefix: str = ""
) -> dict[str, Any]:
    """A schema.org ``ScholarlyArticle`` for the paper page; its PDF (``encoding``)
    at the URL of ``citation_pdf_url`` and of the page's PDF button."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": page_url,
        "url": page_url,
        "headline": plain(paper.title)[:110],
        "name": plain(paper.title),
    }
    authors = [
        {"@type": "Person", "name": a.full}
        if a.first
        else {"@type": "Organization", "name": a.full}
        for a in paper.authors
        if not a.is_others
    ]
    if authors:
        data["author"] = authors
    if paper.year and paper.is_published:
        data["datePublished"] = _date(paper, "-")
    else:
        data["creativeWorkStatus"] = paper.status or "Unpublished"
    if paper.venue:
        data["isPartOf"] = {"@type": "CreativeWork", "name": plain(paper.venue)}
    if paper.publisher:
        data["publisher"] = {"@type": "Organization", "name": plain(paper.publisher)}
    if paper.abstract:
        data["abstract"] = plain(paper.abstract)
    elif paper.summary:
        data["description"] = plain(paper.summary)
    if paper.keywords:
        data["keywords"] = list(paper.keywords)
    same_as = []
    if paper.doi:
        same_as.append(f"https://doi.org/{paper.doi}")
    if paper.arxiv:
        same_as.append(f"https://arxiv.org/abs/{paper.arxiv}")
    if same_as:
        data["sameAs"] = same_as
    if paper.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
    for link in paper.links:
        if link.kind == "pdf":
            data["encoding"] = {
                "@type": "MediaObject",
                "contentUrl": absolute(link.url, site_url, url_prefix),
                "encodingFormat": "application/pdf",
            }
            break
    first, last = page_range(paper.pages)
    if first:
        data["pageStart"] = first
    if last:
        data["pageEnd"] = last
    return data
