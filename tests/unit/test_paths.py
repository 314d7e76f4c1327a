"""labsite.paths: a slug per BibTeX key for paper page addresses, safe in a URL and a
file name, stable, and unique even for keys that differ only in case.
"""

from __future__ import annotations

from labsite.paths import paper_slug, slugs


def test_unsafe_keys_get_safe_unique_stable_slugs():
    assert paper_slug("lovelace1843notes") == "lovelace1843notes"
    for key in ("o'brien:beckett", "a/b", "Müller2020", "../etc", "x y"):
        slug = paper_slug(key)
        assert slug == paper_slug(key)
        assert all(c.isalnum() or c in "-_." for c in slug), slug
        assert ".." not in slug
    assert paper_slug("a/b") != paper_slug("a:b")
    table = slugs(["Smith2020", "smith2020"])
    assert table["Smith2020"].casefold() != table["smith2020"].casefold()


def test_keys_that_would_break_a_file_name_get_a_bounded_stable_slug():
    from labsite.paths import MAX_SLUG, paper_slug

    long_key = "k" * 300
    for key in (long_key, "bibliography.bib", "Bibliography.JSON", "feed.xml", "bib", "BIB",
                "index", "labsite--shell--0"):  # fmt: skip
        slug = paper_slug(key)
        assert slug != key and slug.casefold() != key.casefold(), key
        assert len(slug) <= MAX_SLUG and slug == paper_slug(key)
    assert paper_slug("k" * MAX_SLUG) == "k" * MAX_SLUG
    assert len({paper_slug(long_key), paper_slug(long_key + "x")}) == 2
