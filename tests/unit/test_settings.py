"""Settings.from_mapping: validation with errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from labsite.diagnostics import LabsiteError
from labsite.settings import DEFAULT_MARKERS, HighlightGroup, Settings

ROOT = Path("/site")


def test_defaults():
    settings = Settings.from_mapping({}, root=ROOT)
    assert settings.bib_files == ("bib/papers.bib",)
    assert settings.root == ROOT
    assert settings.owner == ()
    assert settings.highlight == ()
    assert dict(settings.markers) == DEFAULT_MARKERS
    assert settings.citations is True
    assert settings.groups == ()
    assert settings.bib_paths() == [(ROOT / "bib/papers.bib", "bib/papers.bib")]


def test_unknown_key_is_named():
    with pytest.raises(LabsiteError) as info:
        Settings.from_mapping({"bib_files": ["a.bib"], "colour": "red"}, root=ROOT)
    assert "colour" in str(info.value)
    assert "bib_files" in str(info.value)  # the known keys are listed


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"bib_files": 3}, "bib_files"),
        ({"bib_files": ["a.bib", 1]}, "bib_files"),
        ({"owner": 5}, "owner"),
        ({"highlight": ["lab"]}, "highlight"),
        ({"highlight": {"lab": "Ann Lee"}}, "lab"),
        ({"highlight": {"lab": {"people": "Ann Lee"}}}, "people"),
        ({"markers": ["*"]}, "markers"),
    ],
)
def test_wrong_types_raise(data, named):
    with pytest.raises(LabsiteError) as info:
        Settings.from_mapping(data, root=ROOT)
    assert named in str(info.value)


def test_citations_must_be_a_boolean():
    # Under `extra: labsite:` nothing checks the type before from_mapping does; a quoted
    # "false" must not silently turn citations on.
    with pytest.raises(LabsiteError, match="citations"):
        Settings.from_mapping({"citations": "false"}, root=ROOT)


def test_citations_false():
    assert Settings.from_mapping({"citations": False}, root=ROOT).citations is False


def test_single_strings_become_lists():
    settings = Settings.from_mapping({"bib_files": "refs.bib", "owner": "Ann Lee"}, root=ROOT)
    assert settings.bib_files == ("refs.bib",)
    assert settings.owner == ("Ann Lee",)


def test_highlight_groups_parsed():
    settings = Settings.from_mapping(
        {
            "owner": ["Tiffany Vlaar", "T. Vlaar"],
            "highlight": {
                "students": {
                    "people": ["Ann Student", ["Bob Pupil", "Pupil, B."]],
                    "symbol": "§",
                    "legend": "student",
                    "bold": True,
                },
                "alumni": {"people": ["Old Friend"]},
            },
        },
        root=ROOT,
    )
    students, alumni = settings.highlight
    assert students == HighlightGroup(
        name="students",
        people=(("Ann Student",), ("Bob Pupil", "Pupil, B.")),
        symbol="§",
        legend="student",
        bold=True,
    )
    assert students.variants == ("Ann Student", "Bob Pupil", "Pupil, B.")
    assert alumni.name == "alumni"
    assert alumni.people == (("Old Friend",),)
    assert alumni.symbol == ""
    assert alumni.bold is False


def test_owner_group_comes_first():
    settings = Settings.from_mapping(
        {
            "owner": ["Tiffany Vlaar", "T. Vlaar"],
            "highlight": {"lab": {"people": ["Ann Lee"], "symbol": "‡"}},
        },
        root=ROOT,
    )
    names = [g.name for g in settings.groups]
    assert names == ["owner", "lab"]
    owner = settings.groups[0]
    assert owner.bold is True
    assert owner.people == (("Tiffany Vlaar", "T. Vlaar"),)
    assert owner.variants == ("Tiffany Vlaar", "T. Vlaar")


def test_no_owner_no_owner_group():
    settings = Settings.from_mapping({"highlight": {"lab": {"people": ["Ann Lee"]}}}, root=ROOT)
    assert [g.name for g in settings.groups] == ["lab"]


def test_custom_markers():
    settings = Settings.from_mapping({"markers": {"‡": "senior author"}}, root=ROOT)
    assert dict(settings.markers) == {"‡": "senior author"}


def test_template_dirs_passed_through(tmp_path):
    settings = Settings.from_mapping({}, root=ROOT, template_dirs=(tmp_path,))
    assert settings.template_dirs == (tmp_path,)


def test_settings_are_frozen():
    settings = Settings.from_mapping({}, root=ROOT)
    with pytest.raises(AttributeError):
        settings.owner = ("x",)  # type: ignore[misc]


def test_the_docs_list_every_setting_with_its_default():
    """docs/_snippets/settings.md is made from SETTINGS (see CONTRIBUTING.md)."""
    from labsite.settings import SETTINGS, reference_table

    from ..support import REPO

    snippet = (REPO / "docs" / "_snippets" / "settings.md").read_text(encoding="utf-8")
    assert snippet == reference_table()
    assert all(f"| `{s.key}` |" in snippet for s in SETTINGS)


def test_the_plugin_schema_is_the_table():
    from labsite.hosts.mkdocs.config import LabsiteConfig
    from labsite.settings import SETTINGS

    schema = dict(LabsiteConfig._schema)
    assert list(schema) == [s.key for s in SETTINGS]
    for setting in SETTINGS:
        default = schema[setting.key].default
        expected = setting.default
        if isinstance(expected, tuple):
            expected = list(expected)
        assert default == expected, setting.key


def test_citation_count_settings():
    settings = Settings.from_mapping({}, root=ROOT)
    assert settings.citation_counts is False
    assert (settings.metrics_file, settings.openalex_url, settings.openalex_mailto) == (
        "data/metrics.yml", "https://api.openalex.org", "",
    )  # fmt: skip
    on = Settings.from_mapping(
        {"citation_counts": True, "openalex_url": "http://127.0.0.1:8080/", "openalex_mailto":
         " lab@example.org "}, root=ROOT,
    )  # fmt: skip
    assert (on.citation_counts, on.openalex_url, on.openalex_mailto) == (
        True, "http://127.0.0.1:8080", "lab@example.org",
    )  # fmt: skip
    for bad, named in (
        ({"citation_counts": "yes"}, "citation_counts"),
        ({"openalex_url": "ftp://mirror"}, "openalex_url"),
        ({"openalex_mailto": 3}, "openalex_mailto"),
        ({"metrics_file": ""}, "metrics_file"),
        ({"metrics_file": ["a"]}, "metrics_file"),
    ):
        with pytest.raises(LabsiteError, match=named):
            Settings.from_mapping(bad, root=ROOT)
