"""``labsite new``: a new site from the template shipped in ``template_site/``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from labsite.cli.common import ToolError

TEMPLATE = Path(__file__).parent / "template_site"
PLACEHOLDER_NAME = "Your Name"

_BAD_NAME = re.compile(r"[{}\\\x00-\x1f\x7f]")


def new_site(folder: str, name: str | None = None) -> list[Path]:
    """Copy the site template into ``folder`` (which must be empty or not exist),
    with ``name`` in place of the placeholder owner name. Returns the files written."""
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ToolError(f"{folder}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise ToolError(f"{folder}: the folder is not empty; give a new or empty folder")
    owner = PLACEHOLDER_NAME if name is None else " ".join(name.split())
    if not owner or _BAD_NAME.search(owner):
        raise ToolError(f"--name {name!r}: give a plain name, without braces or backslashes")
    if not TEMPLATE.is_dir():
        raise ToolError(f"the site template is missing from the installed package ({TEMPLATE})", 1)
    written: list[Path] = []
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(TEMPLATE)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in (".yml", ".md", ".bib") and owner != PLACEHOLDER_NAME:
            text = source.read_text(encoding="utf-8")
            if source.suffix == ".yml":
                # In YAML the name is a double-quoted string; JSON's quoting is valid there.
                quoted = json.dumps(owner, ensure_ascii=False)
                text = text.replace(f'"{PLACEHOLDER_NAME}"', quoted)
            text = text.replace(PLACEHOLDER_NAME, owner)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    return written
