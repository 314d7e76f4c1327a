"""What labsite reads of a host's configuration (MkDocs' config object or Zensical's
dict), and how problems are said on a host that runs no labsite plugin."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from labsite.diagnostics import LabsiteError, Problem
from labsite.hosts import hostconf
from labsite.hosts.calls import log
from labsite.hosts.once import NO_PLUGIN, Reported, StrictBuildStopped

ZENSICAL_CONF = {
    "root_dir": "/srv/site",
    "docs_dir": "docs",
    "theme": {"name": "material", "custom_dir": "overrides"},
    "theme_dirs": ["/venv/material/templates"],
    "mdx_configs": {"labsite.markdown": {"bib_files": ["bib/a.bib"], "owner": ["A. B."]}},
    "plugins": {"macros": {"config": {}}},
}


def test_settings_come_from_the_extension_block_on_any_host():
    assert hostconf.extension_settings(ZENSICAL_CONF) == {
        "bib_files": ["bib/a.bib"],
        "owner": ["A. B."],
    }
    assert hostconf.extension_settings({"mdx_configs": {"toc": {}}}) == {}
    assert hostconf.extension_settings(SimpleNamespace(mdx_configs=None)) == {}


def test_settings_in_two_places_are_an_error_naming_both():
    defaults = {"bib_files": ["bib/papers.bib"], "owner": []}
    assert hostconf.one_settings_block(defaults, defaults, ZENSICAL_CONF) == {
        "bib_files": ["bib/a.bib"],
        "owner": ["A. B."],
    }
    own = {"bib_files": ["bib/mine.bib"], "owner": []}
    assert hostconf.one_settings_block(own, defaults, {"mdx_configs": {}}) == own
    with pytest.raises(LabsiteError, match="two places, the labsite plugin and the labsite"):
        hostconf.one_settings_block(own, defaults, ZENSICAL_CONF)


def test_root_and_template_folders_of_each_host():
    assert hostconf.project_root(ZENSICAL_CONF) == Path("/srv/site")
    assert hostconf.template_dirs(ZENSICAL_CONF) == (
        Path("/srv/site/overrides"),
        Path("/venv/material/templates"),
    )
    mkdocs = {"config_file_path": "/home/me/site/mkdocs.yml", "theme": SimpleNamespace(dirs=["/o"])}
    assert hostconf.project_root(mkdocs) == Path("/home/me/site")
    assert hostconf.template_dirs(mkdocs) == (Path("/o"),)


def test_page_source_of_each_host():
    assert hostconf.page_source(SimpleNamespace(file=SimpleNamespace(src_uri="a/b.md"))) == "a/b.md"
    assert (
        hostconf.page_source(SimpleNamespace(path="research.md", url="research/")) == "research.md"
    )
    assert hostconf.page_source(None) is None


@pytest.mark.parametrize(
    ("argv", "conf", "strict"),
    [
        (["/venv/bin/zensical", "build", "--strict"], {}, True),
        (["/venv/lib/zensical/__main__.py", "build", "-s"], {}, True),
        (["/venv/bin/zensical", "build"], {}, False),
        (["/venv/bin/zensical", "build"], {"strict": True}, True),
        (["/venv/bin/mkdocs", "build", "--strict"], {}, False),  # MkDocs counts by itself
    ],
)
def test_strict_is_read_from_the_config_or_zensicals_command_line(monkeypatch, argv, conf, strict):
    monkeypatch.setattr(sys, "argv", argv)
    assert hostconf.strict_requested(conf) is strict


@pytest.fixture
def reported():
    record = Reported()
    yield record
    record.host_with_plugin()


def _problem(line: int) -> Problem:
    return Problem("missing title", file="bib/p.bib", line=line, key=f"k{line}")


def test_each_problem_is_said_once_where_no_plugin_runs(reported, monkeypatch, caplog):
    monkeypatch.setattr(sys, "argv", ["zensical", "build"])
    with caplog.at_level(logging.INFO, logger=log.name):
        for _ in range(3):  # three pages
            reported.host_without_plugin({})
            for problem in reported.new([_problem(1), _problem(2)]):
                log.warning(str(problem))
            log.warning("page.md:3: papers(): unknown argument 'yaer'")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        str(_problem(1)),
        str(_problem(2)),
        "page.md:3: papers(): unknown argument 'yaer'",
    ]
    reported.stop_if_strict()  # not strict: goes on


def test_a_strict_build_stops_after_its_problems(reported, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["zensical", "build", "--strict"])
    reported.host_without_plugin({})
    reported.stop_if_strict()  # nothing said yet
    log.warning(str(_problem(1)))
    with pytest.raises(StrictBuildStopped, match="1 problem \\(listed above\\)"):
        reported.stop_if_strict()


def test_where_the_plugin_runs_everything_passes(reported, caplog):
    reported.host_with_plugin()
    assert list(reported.new([_problem(1), _problem(1)])) == [_problem(1), _problem(1)]
    assert not reported.active
    assert NO_PLUGIN.startswith("this host runs no MkDocs plugin")
