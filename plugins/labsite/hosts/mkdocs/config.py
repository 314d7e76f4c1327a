"""The MkDocs plugin's config schema, made from the one table of settings
(:data:`labsite.settings.SETTINGS`): the same keys, defaults and docs everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from labsite.settings import SETTINGS, Setting


def _option(setting: Setting) -> c.BaseConfigOption[Any]:
    default = setting.default
    if setting.kind == "texts":
        return c.ListOfItems(c.Type(str), default=list(default))
    if setting.kind == "mapping":
        return c.Type(dict, default=dict(default))
    if setting.kind == "list":
        return c.Type(list, default=list(default))
    if setting.kind == "number":
        return c.Type(int, default=default)
    return c.Type(bool if setting.kind == "bool" else str, default=default)


if TYPE_CHECKING:

    class LabsiteConfig(base.Config):
        """The labsite plugin's settings (one option per :data:`SETTINGS` row)."""

else:
    LabsiteConfig = type(
        "LabsiteConfig",
        (base.Config,),
        {
            "__doc__": "The labsite plugin's settings (one option per SETTINGS row).",
            "__module__": __name__,
            **{setting.key: _option(setting) for setting in SETTINGS},
        },
    )


DEFAULTS: dict[str, Any] = {setting.key: _option(setting).default for setting in SETTINGS}
"""Each option's default, as the plugin's config holds it (lists, not tuples)."""
