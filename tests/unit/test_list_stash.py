"""The list stash (labsite.hosts.list_stash): long paper lists hidden from the Markdown
pass and put back, per page, once per build.
"""

from __future__ import annotations

from labsite.hosts.list_stash import ListStash, put_back


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


def test_the_same_string_hidden_again_gives_the_same_result_for_each_page() -> None:
    # A list from the render cache is the same string build after build: its lists are
    # found once, and hiding it on another page or in another build is the same.
    listed = '<ol class="labsite-papers" data-labsite-list><li>a</li></ol>'
    html = f"<p>x</p>{listed}<p>y</p>"
    first, second = ListStash(), ListStash()
    assert first.hide(html, "a.md") == second.hide(html, "a.md")
    assert second.size("a.md") == len(listed)
    assert first.take("a.md") == second.take("a.md") == [listed]
    assert first.take("a.md") == [] and first.size("a.md") == 0  # taken once
    assert first.hide("<p>no list</p>", "b.md") == "<p>no list</p>"


def test_put_back_fills_each_comment_with_its_list() -> None:
    stash = ListStash()
    html = (
        '<ol class="labsite-papers" data-labsite-list><li>a</li></ol>'
        '<ol class="labsite-papers" data-labsite-list><li>b</li></ol>'
    )
    hidden = stash.hide(html, "p.md")
    lists = stash.take("p.md")
    assert put_back(hidden, lists) == html
    assert put_back(hidden, lists[:1]).endswith("<!--labsite-list-1-->")  # none to put
    assert put_back(hidden, []) == hidden
