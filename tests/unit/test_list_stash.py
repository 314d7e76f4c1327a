"""The list stash (labsite.hosts.list_stash): long paper lists hidden from the Markdown
pass and put back, per page, once per build.
"""

from __future__ import annotations

from labsite.hosts.list_stash import ListStash


def test_list_stash_hides_and_restores_each_list() -> None:
    stash = ListStash()
    html = (
        '<h2>2024</h2><ol class="labsite-papers" data-labsite-list><li>a</li></ol>'
        '<h2>2023</h2><ol class="labsite-papers" data-labsite-list><li>b</li></ol>'
    )
    hidden = stash.hide(html, "index.md")
    assert "<li>" not in hidden
    assert hidden.count("<!--labsite-list-") == 2 and "<h2>2023</h2>" in hidden
    assert stash.restore(hidden, "other.md") == hidden  # another page's lists stay
    assert stash.restore(hidden, "index.md", str.upper) == (
        '<h2>2024</h2><OL CLASS="LABSITE-PAPERS" DATA-LABSITE-LIST><LI>A</LI></OL>'
        '<h2>2023</h2><OL CLASS="LABSITE-PAPERS" DATA-LABSITE-LIST><LI>B</LI></OL>'
    )
    assert stash.restore(hidden, "index.md") == hidden  # restored once per build
