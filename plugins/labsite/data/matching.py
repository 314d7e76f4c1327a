"""A member's papers: found in the bibliography by ORCID iD (Web of Science's
``orcid-numbers`` field) or by the name spellings they publish under."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from labsite.bib.model import Paper
from labsite.data.members import Member
from labsite.text.names import NameMatcher, parse_person

# Web of Science: "Surname, First/0000-0002-1825-0097", one per line (or ";").
_WOS_ORCID = re.compile(r"([^/;\n]+?)\s*/\s*(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])")


# -- papers of a member -----------------------------------------------------------


def orcid_authors(paper: Paper) -> tuple[tuple[str, str], ...]:
    """(name, ORCID iD) pairs from Web of Science's ``orcid-numbers`` field."""
    value = paper.fields.get("orcid-numbers", "")
    pairs = []
    for match in _WOS_ORCID.finditer(value.replace("{", "").replace("}", "")):
        pairs.append((" ".join(match.group(1).split()), match.group(2).upper()))
    return tuple(pairs)


def papers_of(member: Member, papers: Iterable[Paper]) -> list[Paper]:
    """The member's papers, in bibliography order.

    A paper is theirs when its ``orcid-numbers`` lists their ORCID iD, or when an
    author's name is one of their spellings (accents, case and punctuation aside;
    initials do not match a full first name) and the paper does not give that
    author another ORCID iD.
    """
    matcher = NameMatcher(member.names)
    found = []
    for paper in papers:
        pairs = orcid_authors(paper)
        if member.orcid and any(orcid == member.orcid for _, orcid in pairs):
            found.append(paper)
            continue
        if not any(matcher.matches(author) for author in paper.authors):
            continue
        if member.orcid and any(
            orcid != member.orcid and _matches_name(matcher, name) for name, orcid in pairs
        ):
            continue  # someone else with the same name
        found.append(paper)
    return found


def highlight_names(member: Member, papers: Sequence[Paper]) -> tuple[str, ...]:
    """The spellings to highlight on the member's page: theirs, plus the names their
    ORCID iD is listed under in those papers."""
    names = list(member.names)
    if member.orcid:
        for paper in papers:
            for name, orcid in orcid_authors(paper):
                if orcid == member.orcid and name not in names:
                    names.append(name)
    return tuple(names)


def _matches_name(matcher: NameMatcher, name: str) -> bool:
    try:
        return matcher.matches(parse_person(name))
    except Exception:
        return False


__all__ = ["highlight_names", "orcid_authors", "papers_of"]
