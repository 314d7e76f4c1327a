"""``labsite.plugin:LabsitePlugin``, the path of the MkDocs plugin before the adapters
moved to :mod:`labsite.hosts.mkdocs` (kept so that older installs keep working)."""

from labsite.hosts.mkdocs.plugin import LabsitePlugin

__all__ = ["LabsitePlugin"]
