""" "Last update" dates in a shallow git clone.

The dates come from mkdocs-git-revision-date-localized-plugin. In a shallow clone (CI
checkouts are, by default) git knows only the newest commits, so a page's date may be
the clone's commit rather than the page's last change. The dates plugin then warns once
per page on GitHub Actions, GitLab and Azure, which fails ``mkdocs build --strict`` for
what is no error in the site, and says nothing elsewhere.

labsite says it once, everywhere, without failing the build: the notice goes to a
logger outside MkDocs' own (whose warnings ``--strict`` counts), and the dates plugin's
repeated shallow-clone warnings are left out.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

DATES_PLUGIN_LOGGER = "mkdocs.plugins.mkdocs_git_revision_date_localized_plugin"
NOTICE = (
    'this is a shallow git clone: "Last update" dates may be those of the clone\'s '
    "newest commit. Fetch the whole history for exact dates (GitHub Actions: "
    "actions/checkout with fetch-depth: 0; or: git fetch --unshallow)."
)

notice_log = logging.getLogger("labsite.notice")


def is_shallow(directory: Path) -> bool:
    """True inside a shallow git clone; False in a full one, outside git, or without git."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"],
            cwd=directory, capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0 and proc.stdout.strip() == "true"


class _DropShallowWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "shallow git fetch depth" not in record.getMessage()


_FILTER = _DropShallowWarnings()


def _notice_handler() -> None:
    if notice_log.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("WARNING -  labsite: %(message)s"))
    notice_log.addHandler(handler)
    notice_log.setLevel(logging.WARNING)
    notice_log.propagate = False


_checked: dict[Path, bool] = {}


def check_shallow_clone(directory: Path, dates_plugin_enabled: bool) -> bool:
    """Say that dates may be approximate when ``directory`` is in a shallow clone: once
    per process (``mkdocs serve`` rebuilds stay quiet). Returns whether it is. With the
    dates plugin disabled there is nothing to say."""
    if not dates_plugin_enabled:
        return False
    if directory in _checked:
        return _checked[directory]
    _checked[directory] = shallow = is_shallow(directory)
    if not shallow:
        return False
    for name in (DATES_PLUGIN_LOGGER, DATES_PLUGIN_LOGGER + ".ci"):
        target = logging.getLogger(name)
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)
    _notice_handler()
    notice_log.warning(NOTICE)
    return True
