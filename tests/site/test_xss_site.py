"""Everything from a .bib file is untrusted: the XSS vectors of tests/samples/xss.py in
every field show as text in the built HTML (and never run in a real browser:
tests/browser/test_xss.py)."""

from __future__ import annotations

import re

from ..samples.xss import VECTORS, build_vectors_site


def test_no_injected_markup_in_the_html(make_site):
    build = build_vectors_site(make_site)
    for page in ("index.html", "cite/index.html"):
        soup = build.html(page)
        article = soup.select_one("article")
        assert article is not None
        assert article.select("script, iframe, object, svg, img, style, input, body") == []
        for tag in article.find_all(True):
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), (page, tag.name, attribute)
                if attribute in ("href", "src"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", str(value), re.I)
    keys = [li["data-paper-key"] for li in build.html().select("li.labsite-paper")]
    assert len(keys) == len(VECTORS)
