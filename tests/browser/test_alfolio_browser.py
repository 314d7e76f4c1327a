"""al-folio's "and N more authors" (max_author_limit) in Chromium: folded by labsite.js
behind a button that shows the others; every name without the script."""

from __future__ import annotations

from ..support import BASE_CONFIG

CONFIG = BASE_CONFIG.replace(
    '      owner: ["Ada Lovelace", "A. Lovelace"]\n', "      max_author_limit: 2\n"
)
BIB = "@misc{k, title = {T}, year = 2020, author = {Ann One and Bo Two and Cy Three and Di Four}}"


def test_more_authors_fold_and_open(make_site, chromium, serve_dir):
    build = make_site({"index.md": "# P\n\n{{ papers() }}\n"}, BIB, config=CONFIG, strict=True)
    assert build.returncode == 0, build.output
    base = serve_dir(build.site)
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(base, wait_until="load")
        authors = page.locator(".labsite-authors")
        assert authors.inner_text().strip() == "Ann One, Bo Two, and 2 more authors"
        page.get_by_role("button", name="2 more authors").press("Enter")
        assert authors.inner_text().strip() == "Ann One, Bo Two, Cy Three and Di Four"
        assert page.locator(".labsite-more-authors__button").count() == 0
        # Without JavaScript, every name shows.
        plain = chromium.new_context(java_script_enabled=False).new_page()
        plain.goto(base, wait_until="load")
        text = plain.locator(".labsite-authors").inner_text().strip()
        assert text == "Ann One, Bo Two, Cy Three and Di Four"
        plain.context.close()
    finally:
        context.close()
