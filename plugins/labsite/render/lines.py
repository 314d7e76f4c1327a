"""The one-line forms of talks and of supervision items, as :class:`Inline` text (plain
pieces, some with a link) that the templates escape and link."""

from __future__ import annotations

from collections.abc import Mapping

from labsite.data.members import Member
from labsite.data.talks import KINDS, Talk
from labsite.data.yamlfile import Inline


def talk_line(talk: Talk, kinds: Mapping[str, str] = KINDS) -> Inline:
    """The talk as one line: its ``text`` if it has one, else
    "Label with X, “Title”, Event, Place, Month Year. Note"."""
    if talk.text:
        return talk.text
    pieces: list[tuple[str, str | None]] = []
    label = kinds.get(talk.kind, "")
    with_text = " and ".join(talk.co_presenters)
    parts: list[Inline] = []
    if label:
        parts.append(Inline(((label + (f" with {with_text}" if with_text else ""), None),)))
    if talk.title:
        parts.append(Inline(((f"“{talk.title}”", None),)))
    parts.append(talk.event)
    if with_text and not label:
        parts.append(Inline(((f"with {with_text}", None),)))
    if talk.place:
        parts.append(Inline(((talk.place, None),)))
    parts.append(Inline(((talk.date, None),)))
    for index, part in enumerate(parts):
        if index:
            pieces.append((", ", None))
        pieces.extend(part.parts)
    pieces.append((".", None))
    if talk.note:
        pieces.append((" " + talk.note, None))
    return Inline(tuple(pieces))


def supervision_line(member: Member, url: str | None = None) -> Inline:
    """A member's line when the supervision list gives no wording of its own:
    "Name. Project, with A and B, Programme."; the name links to ``url``."""
    pieces: list[tuple[str, str | None]] = [(member.name, url)]
    if member.project:
        pieces.append((f". {member.project}", None))
    if member.supervisors:
        sups = list(member.supervisors)
        joined = sups[0] if len(sups) == 1 else ", ".join(sups[:-1]) + " and " + sups[-1]
        pieces.append((f", with {joined}", None))
    if member.programme:
        pieces.append((", ", None))
        pieces.append((member.programme, member.programme_url))
    pieces.append((".", None))
    return Inline(tuple(pieces))


__all__ = ["supervision_line", "talk_line"]
