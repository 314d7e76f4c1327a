"""The thin MkDocs plugin: what the macros module cannot do on its own.

It validates the settings once, ships the stylesheet, and makes ``mkdocs serve``
rebuild when a .bib file changes. Paper lists and citations are the macros module's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .config import LabsiteConfig
from .diagnostics import LabsiteError
from .settings import Settings

log = get_plugin_logger(__name__)

STYLESHEET = "assets/labsite/labsite.css"
_ASSETS = Path(__file__).parent / "assets"


class LabsitePlugin(BasePlugin[LabsiteConfig]):
    settings: Settings

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        try:
            self.settings = Settings.from_mapping(dict(self.config), root=root)
        except LabsiteError as exc:
            raise PluginError(f"labsite: {exc}") from exc
        if "macros" not in config.plugins:
            log.warning(
                "the macros plugin is not enabled: add it with modules: "
                '["labsite:labsite.macros"] to render paper lists and citations'
            )
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(_ASSETS / "labsite.css")))
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for path, _ in self.settings.bib_paths():
            if path.exists():
                server.watch(str(path))
        return server
