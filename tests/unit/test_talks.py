"""Talks and engagement: the talks file (load, problems with file:line), the line each
talk reads as, filtering/sorting/grouping and escaping. Built sites:
tests/site/test_talks_site.py.

The talks in the fixtures are invented (tests/samples/talks.py).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labsite.data.talks import group_talks, load_talks, select_talks, sort_talks
from labsite.diagnostics import LabsiteError, Level
from labsite.render.lines import talk_line
from labsite.render.people import render_talks
from labsite.render.renderer import Renderer
from labsite.settings import Settings

from ..samples.talks import TALKS


def _load(tmp_path: Path, text: str = TALKS):
    path = tmp_path / "talks.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_talks(path, "data/talks.yml")


def test_a_good_file_loads_every_talk_without_problems(tmp_path):
    talks, problems = _load(tmp_path)
    assert problems == ()
    assert [t.year for t in talks.talks] == [2023, 2025, 2023, 2024, 2023, 2024]
    assert [t.line for t in talks.talks] == [2, 6, 11, 16, 20, 25]
    assert talks.talks[3].kinds == ("talk", "poster")
    assert talks.kinds["panel"] == "Panel"


def test_each_talk_reads_as_one_line(tmp_path):
    talks, _ = _load(tmp_path)
    lines = [talk_line(t, talks.kinds).plain for t in talks.talks]
    assert lines == [
        "Invited Talk, Example Workshop, Example University, 2023.",
        "Keynote Talk with Sam Placeholder, Placeholder Conference, 2025.",
        "Summer School of Examples, Exampleville, June 2023.",
        "Talk and poster at Demo Days, 2024.",
        "Organizer, Example Network, 2023. Cancelled.",
        "Panel, “On Examples”, Example Forum, 2024.",
    ]
    assert talk_line(talks.talks[4], talks.kinds).parts[2] == (
        "Example Network", "https://example.org/network",
    )  # fmt: skip
    assert ("Demo Days", "https://example.org/demo") in talks.talks[3].text.parts


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("talks:\n  - kind: talk\n    event: E\n", 2, "talk 'E': 'year' is missing"),
        ("talks:\n  - year: 2020\n    kind: keynot\n    event: E\n", 3,
         "talk 'E' (2020): 'kind' 'keynot' is not one of: invited talk, keynote"),
        ("talks:\n  - year: 2020\n    kind: talk\n", 2, "talk 'item 1' (2020): talk skipped"),
        ("talks:\n  - year: 2020\n    kind: talk\n    event: E\n    month: Smarch\n", 5,
         "'month' is 'Smarch', not a month"),
        ("talks:\n  - year: 2020\n    kind: talk\n    event: E\n    evnet: F\n", 5,
         "unknown field 'evnet' is ignored (hint: did you mean 'event'?)"),
        ("talks:\n  - year: 2020\n    kind: talk\n    event: E\n    video: javascript:x()\n", 5,
         "link 'video' is not an http(s), mailto or site-relative URL"),
        ("talks:\n  - year: 20\n    kind: talk\n    event: E\n", 2, "'year' is 20, not a year"),
        ("talks:\n  - year: 2020\n    kind: talk\n    event: [E\n", 5, "this is not valid YAML"),
        ("talks:\n  - just a line\n", 1, "'talks': item 1 is str, not an entry with fields"),
    ],
)  # fmt: skip
def test_problems_name_the_file_the_line_and_the_talk(tmp_path, text, line, needle):
    _, problems = _load(tmp_path, text)
    messages = [str(p) for p in problems]
    assert any(m.startswith(f"data/talks.yml:{line}: ") and needle in m for m in messages), messages


def test_a_broken_talk_does_not_hide_the_others(tmp_path):
    talks, problems = _load(
        tmp_path, "talks:\n  - year: 2020\n    kind: nope\n    event: A\n"
        "  - year: 2021\n    kind: talk\n    event: B\n    colour: red\n",
    )  # fmt: skip
    assert [t.event.plain for t in talks.talks] == ["B"]
    levels = {p.message.split(": ", 1)[1][:7]: p.level for p in problems}
    assert Level.ERROR in levels.values() and Level.WARNING in levels.values()


def test_select_sort_and_group(tmp_path):
    talks, _ = _load(tmp_path)
    every = talks.talks
    events = lambda found: [t.event.plain for t in found]  # noqa: E731
    newest = sort_talks(every)
    assert [t.year for t in newest] == [2025, 2024, 2024, 2023, 2023, 2023]
    # Talks of one year keep the file's order.
    assert events(newest)[3:] == [
        "Example Workshop",
        "Summer School of Examples",
        "Example Network",
    ]
    assert events(sort_talks(every, "file")) == events(every)
    assert [t.year for t in sort_talks(every, reverse=False)][:1] == [2023]
    assert events(select_talks(every, kinds=talks.kinds, kind="poster")) == ["Demo Days"]
    assert events(select_talks(every, kinds=talks.kinds, kind=["keynote", "Panel"])) == [
        "Placeholder Conference", "Example Forum",
    ]  # fmt: skip
    assert events(select_talks(every, kinds=talks.kinds, year="2024-")) == [
        "Placeholder Conference", "Demo Days", "Example Forum",
    ]  # fmt: skip
    groups = group_talks(newest, "year")
    assert [(label, len(items)) for label, items in groups] == [
        ("2025", 1),
        ("2024", 2),
        ("2023", 3),
    ]
    assert [label for label, _ in group_talks(every, "kind")][:2] == [
        "Invited talks",
        "Keynote talks",
    ]
    with pytest.raises(LabsiteError, match="did you mean 'invited talk'"):
        select_talks(every, kinds=talks.kinds, kind="invted talk")
    with pytest.raises(LabsiteError, match="did you mean 'year'"):
        group_talks(every, "yaer")


def test_text_is_escaped_and_unsafe_links_are_dropped(tmp_path):
    talks, problems = _load(
        tmp_path,
        """\
        talks:
          - year: 2020
            kind: talk
            event: '"><script>alert(1)</script>'
            place: '<img src=x onerror=alert(2)>'
            url: javascript:alert(3)
            slides: 'JaVaScRiPt:alert(4)'
          - year: 2020
            kind: talk
            event: E
            text: '[x](javascript:alert(5)) <svg onload=alert(6)> [ok](https://example.org)'
        """,
    )
    assert len([p for p in problems if "is not an http(s)" in p.message]) == 3
    html = render_talks(Renderer(Settings()), talks, [("", talks.talks)], url_prefix="")
    soup = BeautifulSoup(html, "lxml")
    assert soup.select("script, img, svg") == []
    assert [a["href"] for a in soup.select("a")] == ["https://example.org"]
    assert '"><script>alert(1)</script>' in soup.get_text()


def test_site_data_is_read_once_per_content(tmp_path):
    """A host that runs the macros once per page reads the data files once; an edit
    is read again."""
    from labsite.data.sitedata import load_site_data
    from labsite.settings import Settings

    talks = tmp_path / "talks.yml"
    talks.write_text("- title: One\n  year: 2024\n", encoding="utf-8")  # read, with a problem
    settings = Settings(root=tmp_path, talks_file="talks.yml")
    first = load_site_data(settings)
    assert load_site_data(settings) is first
    talks.write_text("- title: Two\n  year: 2025\n", encoding="utf-8")
    again = load_site_data(settings)
    assert again is not first
    assert "(2025)" in str(again.problems) and "(2024)" in str(first.problems)
