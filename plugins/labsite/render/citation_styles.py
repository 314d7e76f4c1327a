"""Two citation styles for "Cite as": APA (7th edition) and IEEE, as HTML.

Part of the render stage: text is escaped here and math goes to the math renderer.
They cover the entry types a research site has (articles, conference papers,
chapters, books, theses, reports, preprints and unpublished work); a site that wants
another style overrides the ``labsite/cite_as.html`` template.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from labsite.bib.model import Paper
from labsite.render.markup import with_math
from labsite.text.names import Person

_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.",
           "Nov.", "Dec.")  # fmt: skip


def _initials(person: Person) -> str:
    return person.initials


def _pages(pages: str) -> str:
    return pages.replace("--", "–").replace("-", "–")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _apa_name(person: Person) -> str:
    if not person.first:
        return person.surname
    name = f"{person.surname}, {_initials(person)}"
    return f"{name}, {person.jr}" if person.jr else name


def _joined(names: list[str], *, pair: str, last: str) -> str:
    """Names joined the way a style lists them: "A", "A<pair>B", "A, B<last>C"."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]}{pair}{names[1]}"
    return ", ".join(names[:-1]) + f"{last}{names[-1]}"


def apa_authors(people: tuple[Person, ...]) -> str:
    names = [_apa_name(p) for p in people if not p.is_others]
    others = any(p.is_others for p in people)
    if len(names) > 20:
        names = [*names[:19], "…", names[-1]]
        return ", ".join(names)
    if others:
        return ", ".join(names) + ", et al."
    return _joined(names, pair=", & ", last=", & ")


def apa(paper: Paper) -> Markup:
    """The paper as an APA 7 reference."""
    parts: list[Markup | str] = []
    authors = apa_authors(paper.authors)
    if authors:
        parts.append(escape(_sentence(authors)) + " ")
    if paper.is_published and paper.year:
        date = f"{paper.year}, {paper.season}" if paper.season else str(paper.year)
    elif paper.status_slug in ("accepted", "in-press", "to-appear", "forthcoming"):
        date = "in press"
    else:
        date = "n.d."
    parts.append(f"({date}). ")
    title = paper.title
    venue = paper.venue
    if paper.entry_type in ("book", "phdthesis", "mastersthesis", "thesis", "techreport",
                            "report", "manual"):  # fmt: skip
        parts.append(Markup("<em>") + with_math(title) + Markup("</em>"))
        if paper.entry_type in ("phdthesis", "mastersthesis", "thesis"):
            kind = "Doctoral dissertation" if paper.entry_type == "phdthesis" else "Thesis"
            parts.append(escape(f" [{kind}{', ' + venue if venue else ''}]"))
        parts.append(". ")
        if paper.publisher:
            parts.append(escape(_sentence(paper.publisher)) + " ")
    else:
        parts.append(with_math(title))
        if not paper.is_published and paper.status and not venue:
            parts.append(escape(f" [{paper.status}]"))
        parts.append(" " if title.endswith(("?", "!", ".")) and not paper.status else ". ")
        if venue and paper.entry_type == "article":
            parts.append(Markup("<em>") + with_math(venue) + Markup("</em>"))
            if paper.volume:
                parts.append(Markup(", <em>") + escape(paper.volume) + Markup("</em>"))
            if paper.number:
                parts.append(escape(f"({paper.number})"))
            if paper.pages:
                parts.append(escape(f", {_pages(paper.pages)}"))
            parts.append(". ")
        elif venue:
            parts.append(Markup("In <em>") + with_math(venue) + Markup("</em>"))
            if paper.pages:
                parts.append(escape(f" (pp. {_pages(paper.pages)})"))
            parts.append(". ")
            if paper.publisher:
                parts.append(escape(_sentence(paper.publisher)) + " ")
    if paper.doi:
        parts.append(escape(f"https://doi.org/{paper.doi}"))
    elif paper.arxiv:
        parts.append(escape(f"https://arxiv.org/abs/{paper.arxiv}"))
    return Markup("").join(parts).strip()


def _ieee_name(person: Person) -> str:
    if not person.first:
        return person.surname
    name = f"{_initials(person)} {person.surname}"
    return f"{name}, {person.jr}" if person.jr else name


def ieee_authors(people: tuple[Person, ...]) -> str:
    names = [_ieee_name(p) for p in people if not p.is_others]
    if len(names) > 6 or (names and any(p.is_others for p in people)):
        return f"{names[0]} et al."
    return _joined(names, pair=" and ", last=", and ")


def ieee(paper: Paper) -> Markup:
    """The paper as an IEEE reference."""
    parts: list[Markup | str] = []
    authors = ieee_authors(paper.authors)
    if authors:
        parts.append(escape(authors) + ", ")
    date = ""
    if paper.year:
        if paper.month and 1 <= paper.month <= 12:
            date = f"{_MONTHS[paper.month - 1]} {paper.year}"
        else:
            date = f"{paper.season} {paper.year}" if paper.season else str(paper.year)
    book_like = paper.entry_type in ("book", "manual")
    if book_like:
        parts.append(Markup("<em>") + with_math(paper.title) + Markup("</em>. "))
        book_details = [x for x in (paper.publisher, date) if x]
        parts.append(escape(", ".join(book_details) + "." if book_details else ""))
    else:
        parts.append(Markup("“") + with_math(paper.title) + Markup(",” "))
        details: list[Markup | str] = []
        if paper.venue:
            prefix = "" if paper.entry_type == "article" else "in "
            details.append(
                escape(prefix) + Markup("<em>") + with_math(paper.venue) + Markup("</em>")
            )
        if paper.entry_type in ("phdthesis", "mastersthesis", "thesis"):
            details.insert(0, "Ph.D. dissertation" if paper.entry_type == "phdthesis" else "Thesis")
        if paper.volume:
            details.append(escape(f"vol. {paper.volume}"))
        if paper.number:
            details.append(escape(f"no. {paper.number}"))
        if paper.pages:
            pages = _pages(paper.pages)
            details.append(escape(f"pp. {pages}" if "–" in pages else f"p. {pages}"))
        if paper.is_published and date:
            details.append(escape(date))
        elif paper.status:
            details.append(escape(paper.status))
        parts.append(Markup(", ").join(details) if details else "")
        if paper.doi:
            parts.append(escape(f", doi: {paper.doi}"))
        elif paper.arxiv:
            parts.append(escape(f", arXiv:{paper.arxiv}"))
        parts.append(".")
    return Markup("").join(parts).replace(",.", ".").strip()
