"""The store of rendered paper pages: found by key, bounded to what recent builds
used, and never an error when its file is damaged or cannot be written."""

from __future__ import annotations

from labsite.render.page_store import PageStore, page_key


def test_a_page_is_found_by_its_key_in_the_next_build(tmp_path):
    key = page_key("context", ["publications/a/", "body parts"])
    first = PageStore(tmp_path)
    assert first.get(key) is None
    first.put(key, "<p>body</p>", "<meta>")
    first.close()
    second = PageStore(tmp_path)
    assert second.get(key) == ("<p>body</p>", "<meta>")
    assert (second.hits, second.misses) == (1, 0)
    assert second.get(page_key("other context", ["publications/a/", "body parts"])) is None
    second.close()


def test_keys_tell_their_parts_apart():
    assert page_key("c", ["ab", "c"]) != page_key("c", ["a", "bc"])
    assert page_key("c", ["x"]) == page_key("c", ["x"])


def test_pages_no_recent_build_used_are_let_go(tmp_path):
    store = PageStore(tmp_path)
    store.put("old", "o", "h")
    store.close()
    for _ in range(2):  # two builds that do not ask for "old"
        store = PageStore(tmp_path)
        store.put("new", "n", "h")
        store.close()
    store = PageStore(tmp_path)
    assert store.get("old") is None
    assert store.get("new") == ("n", "h")
    store.close()


def test_a_damaged_store_renders_as_without_one(tmp_path):
    (tmp_path / "pages.sqlite").write_bytes(b"not a database" * 100)
    store = PageStore(tmp_path)
    assert store.get("k") is None
    store.put("k", "b", "h")  # nothing raised
    store.close()
    assert PageStore(None).get("k") is None


def test_a_page_only_asked_for_stays_in_the_store(tmp_path):
    """A build that keeps a page's file asks the store only whether it has the page:
    that is a use, so the page outlives builds that never render it."""
    store = PageStore(tmp_path)
    store.put("kept", "b", "h")
    store.close()
    for _ in range(3):
        store = PageStore(tmp_path)
        assert store.has("kept")
        assert not store.has("other")
        store.close()
    store = PageStore(tmp_path)
    assert store.get("kept") == ("b", "h")
    assert (store.hits, store.misses) == (1, 0)
    store.close()
