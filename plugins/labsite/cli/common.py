"""What the ``labsite`` commands share: their error, and reading the files they are given."""

from __future__ import annotations

from pathlib import Path

import yaml

from labsite.diagnostics import LabsiteError
from labsite.settings import EXTENSION, Settings


class ToolError(Exception):
    """A problem that ends a command: a one-line message and the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def default_bib_files(base: str | Path = ".") -> list[str]:
    """The .bib files of ``base``/bib, as ``bib/name.bib``."""
    return sorted(f"bib/{p.name}" for p in Path(base, "bib").glob("*.bib"))


def read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ToolError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ToolError(f"{path}: is a folder, not a .bib file") from None
    except OSError as exc:
        raise ToolError(f"{path}: cannot be read: {exc.strerror}") from None


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader, reading the ``!!python/name:`` and ``!ENV`` tags that
    mkdocs.yml files use as nothing (labsite's settings never use them)."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
_ConfigLoader.add_multi_constructor("!", lambda *_: None)


def settings_block(config_file: str | Path = "mkdocs.yml") -> dict[str, object]:
    """The labsite settings written in the MkDocs configuration ``config_file``, as
    written: the ``labsite.markdown`` extension's block, else the ``labsite`` plugin's,
    else ``extra: labsite:``; ``{}`` when there are none."""
    path = Path(config_file)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # safe
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ToolError(f"{config_file}: cannot be read: {str(exc).splitlines()[0]}") from None
    data: object = None
    extensions = config.get("markdown_extensions") if isinstance(config, dict) else None
    for item in extensions if isinstance(extensions, list) else []:
        if isinstance(item, dict) and item.get(EXTENSION):
            data = item[EXTENSION]  # where every host reads them (hosts/hostconf.py)
    plugins = config.get("plugins") if isinstance(config, dict) and data is None else None
    for item in plugins if isinstance(plugins, list) else [plugins]:
        if item == "labsite":
            data = {}
        elif isinstance(item, dict) and "labsite" in item:
            data = item["labsite"] or {}
    if isinstance(plugins, dict) and "labsite" in plugins:
        data = plugins["labsite"] or {}
    if data is None and isinstance(config, dict):
        extra = config.get("extra")
        data = (extra.get("labsite") if isinstance(extra, dict) else None) or {}
    if not isinstance(data, dict):
        raise ToolError(f"{config_file}: the labsite settings must be a mapping")
    return data


def site_settings(config_file: str = "mkdocs.yml") -> Settings:
    """The labsite settings of the site whose MkDocs configuration is ``config_file``
    (see :func:`settings_block`); the defaults, relative to the current folder, when
    there is no such file."""
    path = Path(config_file)
    if not path.is_file():
        return Settings(root=Path.cwd().resolve())
    data = settings_block(path)
    try:
        return Settings.from_mapping(data, root=path.resolve().parent)
    except LabsiteError as exc:
        raise ToolError(f"{config_file}: {exc}") from None
