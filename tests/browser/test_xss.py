"""Everything from a .bib file is untrusted: the XSS vectors of tests/samples/xss.py in
every field never run in a real browser (the built HTML: tests/site/test_xss_site.py).
"""

from __future__ import annotations

import re

from ..samples.xss import build_vectors_site


def test_no_injected_script_runs_in_chromium(make_site, chromium, serve_dir):
    build = build_vectors_site(make_site)
    base = serve_dir(build.site)
    context = chromium.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("", "cite/"):
            page.goto(base + path, wait_until="load")
            # Give onerror/onload/ontoggle handlers a chance to fire.
            page.wait_for_timeout(300)
            for link in page.locator("article a").all():
                href = link.get_attribute("href") or ""
                assert not re.match(r"\s*(javascript|data|vbscript):", href, re.I), href
            visible = page.locator("article").inner_text()
            assert "<script>alert(1)</script>" in visible
        assert dialogs == [], f"injected script ran: {dialogs}"
    finally:
        context.close()
