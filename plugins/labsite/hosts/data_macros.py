"""The macros for people and talks, in the papers() style: ``{{ people() }}``,
``{{ member("id") }}``, ``{{ supervision() }}`` and ``{{ talks(...) }}``.

Registered by :func:`labsite.hosts.macros.define_env` next to ``papers()``; like them they
check their arguments (with "did you mean"), report a bad call with the page and
line, and show an error box in the page instead of failing the build.
"""

from __future__ import annotations

import datetime
from typing import Any

from labsite.data.members import Member, People
from labsite.data.talks import Talks, group_talks, select_talks, sort_talks
from labsite.diagnostics import LabsiteError
from labsite.hosts.calls import MacroContext, check_level, check_limit, hint
from labsite.paths import page_url
from labsite.render.people import render_member, render_people, render_supervision, render_talks

PEOPLE_ARGUMENTS = ("role", "status", "group_by", "heading_level")
MEMBER_ARGUMENTS = ("heading_level",)
TALKS_ARGUMENTS = ("year", "kind", "group_by", "sort", "reverse", "limit", "heading_level")
PEOPLE_STATUSES = ("all", "current", "alumni")


class DataMacros:
    """The people and talks macros of one build, on the build's :class:`MacroContext`."""

    def __init__(self, context: MacroContext, people: People | None, talks: Talks | None) -> None:
        self.context = context
        self.people_data = people
        self.talks_data = talks
        settings = context.settings
        self._member_dir = settings.people_dir if settings.people_pages else None

    def register(self, env: Any) -> None:
        """Declare the macros in mkdocs-macros."""
        env.macro(self.people, "people")
        env.macro(self.member, "member")
        env.macro(self.supervision, "supervision")
        env.macro(self.talks, "talks")

    # -- helpers -----------------------------------------------------------------
    def _people(self, macro: str) -> People:
        if self.people_data is None:
            raise LabsiteError(
                "no people file is set (add people_file: data/people.yml to the labsite "
                "settings in mkdocs.yml)"
            )
        return self.people_data

    def _href(self, member: Member) -> str | None:
        if self._member_dir is None:
            return None
        return page_url(member.id, self._member_dir, self.context.directory_urls)

    # -- macros ------------------------------------------------------------------
    def people(self, **kwargs: Any) -> str:
        """Members by role, then alumni: ``{{ people(status="current") }}``."""
        failed = self.context.check_arguments("people", kwargs, PEOPLE_ARGUMENTS)
        if failed is not None:
            return failed
        try:
            return self._people_list(**kwargs)
        except LabsiteError as exc:
            return self.context.fail("people()", next(iter(kwargs), "people("), str(exc))

    def _people_list(
        self,
        role: object = None,
        status: str = "all",
        group_by: str | None = "role",
        heading_level: int = 2,
    ) -> str:
        people = self._people("people")
        level = check_level(heading_level)
        if status not in PEOPLE_STATUSES:
            raise LabsiteError(
                f"status={status!r} is not one of {', '.join(PEOPLE_STATUSES)}"
                + hint(str(status), PEOPLE_STATUSES)
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
                        f"role={value!r} is not a role in {self.context.settings.people_file}"
                        + hint(value, known)
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
            self.context.renderer, groups, url_prefix=self.context.url_prefix(),
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
        failed = self.context.check_arguments("member", kwargs, MEMBER_ARGUMENTS)
        if failed is not None:
            return failed
        try:
            people = self._people("member")
            found = people.by_id.get(str(member_id))
            if found is None:
                raise LabsiteError(
                    f"no member has the id '{member_id}'" + hint(str(member_id), list(people.by_id))
                )
            return render_member(
                self.context.settings, found, self.context.bibliography.papers,
                url_prefix=self.context.url_prefix(), paper_url=self.context.renderer.paper_url,
                heading_level=check_level(kwargs.get("heading_level", 2)),
                metrics=self.context.renderer.metrics,
            )  # fmt: skip
        except LabsiteError as exc:
            return self.context.fail("member()", str(member_id) or "member(", str(exc))

    def supervision(self, **kwargs: Any) -> str:
        """The supervision list of the people file: ``{{ supervision() }}``."""
        failed = self.context.check_arguments("supervision", kwargs, ())
        if failed is not None:
            return failed
        try:
            return render_supervision(
                self.context.renderer, self._people("supervision"),
                url_prefix=self.context.url_prefix(), member_href=self._href,
            )  # fmt: skip
        except LabsiteError as exc:
            return self.context.fail("supervision()", "supervision(", str(exc))

    def talks(self, **kwargs: Any) -> str:
        """Talks and engagement: ``{{ talks(group_by="year", kind="invited talk") }}``."""
        failed = self.context.check_arguments("talks", kwargs, TALKS_ARGUMENTS)
        if failed is not None:
            return failed
        try:
            return self._talks(**kwargs)
        except LabsiteError as exc:
            return self.context.fail("talks()", next(iter(kwargs), "talks("), str(exc))

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
        level = check_level(heading_level)
        found = select_talks(self.talks_data.talks, kinds=self.talks_data.kinds, year=year,
                             kind=kind)  # fmt: skip
        found = sort_talks(found, by=sort, reverse=reverse)
        limit = check_limit(limit)
        if limit is not None:
            found = found[:limit]
        groups = group_talks(found, group_by)
        return render_talks(self.context.renderer, self.talks_data, groups,
                            url_prefix=self.context.url_prefix(), heading_level=level)  # fmt: skip
