"""The macros for people and talks, in the papers() style: ``{{ people() }}``,
``{{ member("id") }}``, ``{{ supervision() }}`` and ``{{ talks(...) }}``.

Registered by :func:`labsite.macros.define_env` next to ``papers()``; like them they
check their arguments (with "did you mean"), report a bad call with the page and
line, and show an error box in the page instead of failing the build.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Sequence
from typing import Any

from labsite.data.members import Member, People, load_people
from labsite.data.talks import Talks, group_talks, load_talks, select_talks, sort_talks
from labsite.diagnostics import LabsiteError, Problem
from labsite.render.people import (
    member_url,
    render_member,
    render_people,
    render_supervision,
    render_talks,
)
from labsite.settings import Settings

PEOPLE_ARGUMENTS = ("role", "status", "group_by", "heading_level")
MEMBER_ARGUMENTS = ("heading_level",)
TALKS_ARGUMENTS = ("year", "kind", "group_by", "sort", "reverse", "limit", "heading_level")
PEOPLE_STATUSES = ("all", "current", "alumni")


def load_data(settings: Settings) -> tuple[People | None, Talks | None, tuple[Problem, ...]]:
    """The site's people and talks files (``None`` when not configured), and their
    problems (to report)."""
    people = talks = None
    problems: tuple[Problem, ...] = ()
    if settings.people_file:
        people, found = load_people(settings.root / settings.people_file, settings.people_file)
        problems += found
    if settings.talks_file:
        talks, found = load_talks(settings.root / settings.talks_file, settings.talks_file)
        problems += found
    return people, talks, problems


def _check_level(heading_level: object) -> int:
    if isinstance(heading_level, bool) or not isinstance(heading_level, int):
        raise LabsiteError(f"heading_level={heading_level!r} is not between 1 and 6")
    if not 1 <= heading_level <= 6:
        raise LabsiteError(f"heading_level={heading_level!r} is not between 1 and 6")
    return heading_level


def _hint(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


class DataMacros:
    """The people and talks macros of one build. ``macros`` is the build's
    ``labsite.macros._Macros`` (settings, renderer, bibliography, page helpers)."""

    def __init__(self, macros: Any, people: People | None, talks: Talks | None) -> None:
        self.macros = macros
        self.people_data = people
        self.talks_data = talks
        settings: Settings = macros.settings
        directory_urls = bool(macros.env.conf.get("use_directory_urls", True))
        pages = settings.people_pages
        self._member_url = member_url(settings.people_dir, directory_urls) if pages else None

    # -- helpers -----------------------------------------------------------------
    def _check(self, macro: str, kwargs: dict[str, Any], known: Sequence[str]) -> str | None:
        for name in kwargs:
            if name not in known:
                return self.macros._fail(
                    f"{macro}()", f"{name}=",
                    f"unknown argument '{name}'{_hint(name, known)} "
                    f"(arguments: {', '.join(known)})",
                )  # fmt: skip
        return None

    def _people(self, macro: str) -> People:
        if self.people_data is None:
            raise LabsiteError(
                "no people file is set (add people_file: data/people.yml to the labsite "
                "settings in mkdocs.yml)"
            )
        return self.people_data

    def _href(self, member: Member) -> str | None:
        return self._member_url(member) if self._member_url else None

    # -- macros ------------------------------------------------------------------
    def people(self, **kwargs: Any) -> str:
        """Members by role, then alumni: ``{{ people(status="current") }}``."""
        failed = self._check("people", kwargs, PEOPLE_ARGUMENTS)
        if failed is not None:
            return failed
        try:
            return self._people_list(**kwargs)
        except LabsiteError as exc:
            return self.macros._fail("people()", next(iter(kwargs), "people("), str(exc))

    def _people_list(
        self,
        role: object = None,
        status: str = "all",
        group_by: str | None = "role",
        heading_level: int = 2,
    ) -> str:
        people = self._people("people")
        level = _check_level(heading_level)
        if status not in PEOPLE_STATUSES:
            raise LabsiteError(
                f"status={status!r} is not one of {', '.join(PEOPLE_STATUSES)}"
                + _hint(str(status), PEOPLE_STATUSES)
            )
        if group_by not in ("role", None):
            raise LabsiteError(f"group_by={group_by!r} must be 'role' or None")
        members = list(people.members)
        if role is not None:
            roles = [str(r) for r in (role if isinstance(role, (list, tuple)) else [role])]
            known = [r for r in people.roles() if r]
            for value in roles:
                if value.casefold() not in {r.casefold() for r in known}:
                    raise LabsiteError(
                        f"role={value!r} is not a role in {self.macros.settings.people_file}"
                        + _hint(value, known)
                        + f" (roles: {', '.join(known) or 'none'})"
                    )
            wanted = {r.casefold() for r in roles}
            members = [m for m in members if m.role.casefold() in wanted]
        this_year = datetime.date.today().year
        current = [m for m in members if not m.is_alumnus(this_year)]
        alumni = sorted(
            (m for m in members if m.is_alumnus(this_year)), key=lambda m: -(m.end or 0)
        )
        groups: list[tuple[str, list[Member]]] = []
        if status in ("all", "current"):
            groups += self._by_role(current, people, group_by)
        if status == "all" and alumni:
            groups.append(("Alumni", alumni))
        elif status == "alumni":
            groups += self._by_role(alumni, people, group_by)
        return render_people(
            self.macros.renderer, groups, url_prefix=self.macros._prefix(),
            member_href=self._href, heading_level=level,
        )  # fmt: skip

    @staticmethod
    def _by_role(
        members: list[Member], people: People, group_by: str | None
    ) -> list[tuple[str, list[Member]]]:
        if group_by is None:
            return [("", members)] if members else []
        groups = []
        for role in people.roles():
            found = [m for m in members if m.role == role]
            if found:
                groups.append((role or "Members", found))
        return groups

    def member(self, member_id: str = "", **kwargs: Any) -> str:
        """One member's profile and papers: ``{{ member("alex-example") }}``."""
        failed = self._check("member", kwargs, MEMBER_ARGUMENTS)
        if failed is not None:
            return failed
        try:
            people = self._people("member")
            found = people.by_id.get(str(member_id))
            if found is None:
                raise LabsiteError(
                    f"no member has the id '{member_id}'"
                    + _hint(str(member_id), list(people.by_id))
                )
            return render_member(
                self.macros.settings, found, self.macros.bibliography.papers,
                url_prefix=self.macros._prefix(), paper_url=self.macros.renderer.paper_url,
                heading_level=_check_level(kwargs.get("heading_level", 2)),
            )  # fmt: skip
        except LabsiteError as exc:
            return self.macros._fail("member()", str(member_id) or "member(", str(exc))

    def supervision(self, **kwargs: Any) -> str:
        """The supervision list of the people file: ``{{ supervision() }}``."""
        failed = self._check("supervision", kwargs, ())
        if failed is not None:
            return failed
        try:
            return render_supervision(
                self.macros.renderer, self._people("supervision"),
                url_prefix=self.macros._prefix(), member_href=self._href,
            )  # fmt: skip
        except LabsiteError as exc:
            return self.macros._fail("supervision()", "supervision(", str(exc))

    def talks(self, **kwargs: Any) -> str:
        """Talks and engagement: ``{{ talks(group_by="year", kind="invited talk") }}``."""
        failed = self._check("talks", kwargs, TALKS_ARGUMENTS)
        if failed is not None:
            return failed
        try:
            return self._talks(**kwargs)
        except LabsiteError as exc:
            return self.macros._fail("talks()", next(iter(kwargs), "talks("), str(exc))

    def _talks(
        self,
        year: object = None,
        kind: object = None,
        group_by: str | None = None,
        sort: str = "year",
        reverse: bool | None = None,
        limit: int | None = None,
        heading_level: int = 2,
    ) -> str:
        if self.talks_data is None:
            raise LabsiteError(
                "no talks file is set (add talks_file: data/talks.yml to the labsite "
                "settings in mkdocs.yml)"
            )
        level = _check_level(heading_level)
        found = select_talks(self.talks_data.talks, kinds=self.talks_data.kinds, year=year,
                             kind=kind)  # fmt: skip
        found = sort_talks(found, by=sort, reverse=reverse)
        if limit is not None:
            if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
                raise LabsiteError(f"limit={limit!r} is not a whole number")
            found = found[:limit]
        groups = group_talks(found, group_by)
        return render_talks(self.macros.renderer, self.talks_data, groups,
                            url_prefix=self.macros._prefix(), heading_level=level)  # fmt: skip


def register(env: Any, data: DataMacros) -> None:
    """Declare the macros in mkdocs-macros."""
    env.macro(data.people, "people")
    env.macro(data.member, "member")
    env.macro(data.supervision, "supervision")
    env.macro(data.talks, "talks")
