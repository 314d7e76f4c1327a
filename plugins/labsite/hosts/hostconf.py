"""What labsite reads of its host's configuration, whichever host it is.

MkDocs and ProperDocs pass a ``MkDocsConfig`` (with ``config_file_path``,
``theme.dirs`` and the loaded plugins); Zensical passes a plain dict (with
``root_dir``, ``theme_dirs`` and only the plugins it implements itself). Every host
passes the Markdown extensions' settings (``mdx_configs``), so that is where a site
keeps labsite's settings when it builds on more than MkDocs::

    markdown_extensions:
      - labsite.markdown:
          bib_files: [bib/papers.bib]

The plugin block (``plugins: - labsite: ...``) is read too, where the host loads the
plugin; the two are not merged: a site sets labsite's settings in one of them.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from labsite.diagnostics import LabsiteError
from labsite.settings import EXTENSION


def extension_settings(conf: Any) -> dict[str, Any]:
    """The settings given to ``labsite.markdown`` in mkdocs.yml (empty if none)."""
    configs = _get(conf, "mdx_configs") or {}
    block = configs.get(EXTENSION) if isinstance(configs, Mapping) else None
    return dict(block) if isinstance(block, Mapping) else {}


def one_settings_block(
    plugin_block: Mapping[str, Any], defaults: Mapping[str, Any], conf: Any
) -> dict[str, Any]:
    """The settings of a build where the plugin runs: its own block, or the
    extension's when the plugin's block sets nothing but ``defaults``; both at once
    is an error."""
    extension = extension_settings(conf)
    given = [key for key, value in plugin_block.items() if value != defaults.get(key)]
    if extension and given:
        raise LabsiteError(
            f"labsite's settings are in two places, the labsite plugin and the "
            f"{EXTENSION} extension; keep them in {EXTENSION} (every host reads it)"
        )
    return extension or dict(plugin_block)


def project_root(conf: Any) -> Path:
    """The folder of the site's config file (MkDocs) or the project's root (Zensical)."""
    config_file = _get(conf, "config_file_path")
    if config_file:
        return Path(config_file).resolve().parent
    root = _get(conf, "root_dir")
    return Path(root).resolve() if root else Path.cwd()


def template_dirs(conf: Any) -> tuple[Path, ...]:
    """The theme's folders, the site's ``custom_dir`` first (``theme.dirs`` on MkDocs,
    ``theme_dirs`` or ``theme.custom_dir`` on Zensical)."""
    theme = _get(conf, "theme")
    dirs = getattr(theme, "dirs", None)
    if dirs:
        return tuple(Path(d) for d in dirs)
    root = project_root(conf)
    found: list[Path] = []
    custom = theme.get("custom_dir") if isinstance(theme, Mapping) else None
    if isinstance(custom, str) and custom:
        found.append(root / custom)
    for folder in _get(conf, "theme_dirs") or ():
        if isinstance(folder, str) and Path(folder) not in found:
            found.append(Path(folder))
    return tuple(found)


def page_source(page: Any) -> str | None:
    """The source path of a page (``research.md``): ``page.file.src_uri`` on MkDocs,
    ``page.path`` on Zensical."""
    source = getattr(getattr(page, "file", None), "src_uri", None)
    if isinstance(source, str):
        return source
    path = getattr(page, "path", None)
    return path if isinstance(path, str) and path else None


def strict_requested(conf: Any) -> bool:
    """Whether this build is strict: ``strict: true`` in mkdocs.yml or ``--strict``
    (``-s``) on the command line of a host that does not tell its extensions."""
    if _get(conf, "strict") is True:
        return True
    program = Path(sys.argv[0]) if sys.argv else Path()
    # "zensical build -s", or "python -m zensical build -s" (.../zensical/__main__.py)
    zensical = program.name.startswith("zensical") or "zensical" in program.parts
    return zensical and any(arg in ("--strict", "-s") for arg in sys.argv[1:])


def _get(conf: Any, name: str) -> Any:
    if isinstance(conf, Mapping):
        return conf.get(name)
    return getattr(conf, name, None)
