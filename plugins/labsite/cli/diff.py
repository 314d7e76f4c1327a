"""``labsite diff``: the entries added, changed and removed since a git revision, as
Markdown (for a pull request's summary)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from labsite.bib.load import RawEntry, load_bytes
from labsite.bib.model import Paper
from labsite.cli.add import papers_by_line
from labsite.cli.common import ToolError, default_bib_files
from labsite.cli.tidy import field_rank


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise ToolError("git is not installed (or not on PATH)") from None


@dataclass
class _Side:
    entries: dict[str, RawEntry] = field(default_factory=dict)
    papers: dict[tuple[str, int], Paper] = field(default_factory=dict)

    def title(self, raw: RawEntry) -> str:
        paper = self.papers.get((raw.file, raw.line))
        return paper.title if paper is not None else raw.get("title", "") or ""


def _side(contents: Sequence[tuple[str, bytes]]) -> _Side:
    raws: list[RawEntry] = []
    for name, data in contents:
        if data:
            raws.extend(load_bytes(data, name).entries)
    side = _Side(papers=papers_by_line(raws))
    for raw in raws:
        side.entries.setdefault(raw.key, raw)
    return side


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def _md(text: str) -> str:
    """Text for a Markdown line: one line, special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _code(text: str, limit: int = 100) -> str:
    """A value as inline code: one line, shortened to ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text:
        return "(empty)"
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def diff_markdown(rev: str, files: Sequence[str], cwd: str | Path = ".") -> str:
    """The entries added, changed (field by field) and removed in ``files`` since git
    revision ``rev``, as Markdown. Files default to ``bib/*.bib``, now and at ``rev``."""
    here = Path(cwd).resolve()
    top = _git(["rev-parse", "--show-toplevel"], here)
    if top.returncode != 0:
        raise ToolError(f"{here} is not in a git repository")
    root = Path(top.stdout.decode("utf-8", "replace").strip()).resolve()
    if rev.startswith("-") or not rev.strip():
        raise ToolError(f"unknown revision '{rev}'")
    verify = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], here)
    if verify.returncode != 0:
        raise ToolError(f"unknown revision '{rev}' (not a commit of this repository)")
    commit = verify.stdout.decode().strip()

    names = list(files)
    if not names:
        names = default_bib_files(here)
        listed = _git(["ls-tree", "--name-only", commit, "--", "bib/"], here)
        if listed.returncode == 0:
            for line in listed.stdout.decode("utf-8", "replace").splitlines():
                if line.endswith(".bib") and line not in names:
                    names.append(line)
        names.sort()
    if not names:
        raise ToolError("no .bib files given and none in bib/ (now or at the revision)")
    old: list[tuple[str, bytes]] = []
    new: list[tuple[str, bytes]] = []
    for name in names:
        path = (here / name).resolve()
        try:
            in_repo = path.relative_to(root).as_posix()
        except ValueError:
            raise ToolError(f"{name}: not inside the repository {root}") from None
        shown = _git(["show", f"{commit}:{in_repo}"], root)
        old.append((name, shown.stdout if shown.returncode == 0 else b""))
        try:
            new.append((name, path.read_bytes()))
        except FileNotFoundError:
            if shown.returncode != 0:
                raise ToolError(f"{name}: no such file, now or at {rev}") from None
            new.append((name, b""))  # deleted since: all its entries are removed
        except OSError as exc:
            raise ToolError(f"{name}: cannot be read: {exc.strerror}", 1) from None
    return _markdown(rev, _side(old), _side(new))


def _markdown(rev: str, old: _Side, new: _Side) -> str:
    added = [raw for key, raw in new.entries.items() if key not in old.entries]
    removed = [raw for key, raw in old.entries.items() if key not in new.entries]
    changed: list[tuple[RawEntry, list[str]]] = []
    for key, raw in new.entries.items():
        before = old.entries.get(key)
        if before is None:
            continue
        lines: list[str] = []
        if before.entry_type != raw.entry_type:
            lines.append(f"type: {_code('@' + before.entry_type)} → {_code('@' + raw.entry_type)}")
        was, now = before.field_map, raw.field_map
        for name in sorted(set(was) | set(now), key=field_rank):
            if was.get(name) == now.get(name):
                continue
            left = _code(was[name]) if name in was else "(none)"
            right = _code(now[name]) if name in now else "(none)"
            lines.append(f"{_md(name)}: {left} → {right}")
        if lines:
            changed.append((raw, lines))

    def bullet(raw: RawEntry, side: _Side) -> str:
        title = side.title(raw)
        return f"- {_code(raw.key)}: {_md(title)}" if title else f"- {_code(raw.key)}"

    out = [f"## Bibliography changes since {_code(rev)}", ""]
    if not (added or changed or removed):
        out.append("No entries added, changed or removed.")
        return "\n".join(out) + "\n"
    out += [f"{len(added)} added, {len(changed)} changed, {len(removed)} removed.", ""]
    if added:
        out += ["### Added", "", *(bullet(raw, new) for raw in added), ""]
    if changed:
        out += ["### Changed", ""]
        for raw, lines in changed:
            out.append(bullet(raw, new))
            out += [f"  - {line}" for line in lines]
        out.append("")
    if removed:
        out += ["### Removed", "", *(bullet(raw, old) for raw in removed), ""]
    return "\n".join(out).rstrip("\n") + "\n"
