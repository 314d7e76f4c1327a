"""The group site example (examples/group) in headless Chromium: its math, MathML, is laid
out by the browser (the built HTML: tests/site/test_group_site.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from ..support import post_path


def test_math_renders_in_chromium(group_site: Path, chromium, serve_dir) -> None:
    base = serve_dir(group_site)
    page = chromium.new_page()
    try:
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(base) else route.abort()
            ),
        )
        page.goto(urljoin(base, post_path(group_site)))
        sizes = page.eval_on_selector_all(
            "article math",
            "els => els.map(e => [e.getAttribute('display'), e.getBoundingClientRect().width,"
            " e.getBoundingClientRect().height, e.namespaceURI])",
        )
    finally:
        page.close()
    assert len(sizes) >= 3
    for display, width, height, namespace in sizes:
        assert namespace == "http://www.w3.org/1998/Math/MathML"
        assert width > 5 and height > 5, (display, width, height)
    block = [w for d, w, _h, _n in sizes if d == "block"]
    assert block and max(block) > 200  # a display formula takes the line
