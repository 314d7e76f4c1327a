"""Everything from a .bib file is untrusted: well-known XSS vectors in every field must
show as text, never run, in the HTML and in a real browser."""

from __future__ import annotations

import re

from ..support import BASE_CONFIG

# Classic vectors (OWASP XSS filter evasion cheat sheet and friends). Each one that
# ran would call alert(), which the browser test listens for.
VECTORS = [
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "'><img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>",
    "<body onload=alert(5)>",
    '<iframe src="javascript:alert(6)"></iframe>',
    '<a href="javascript:alert(7)">x</a>',
    "javascript:alert(8)",
    "JaVaScRiPt:alert(9)",
    "java\tscript:alert(10)",
    "&#106;avascript:alert(11)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=",
    "vbscript:msgbox(13)",
    "<details open ontoggle=alert(14)>",
    "</li></ol><script>alert(15)</script>",
    "--><script>alert(16)</script><!--",
    "<style>@import 'javascript:alert(17)';</style>",
    "[click](javascript:alert(18))",
    "<math><mtext><script>alert(19)</script></mtext></math>",
    "\\href{javascript:alert(20)}{x}",
    "\\url{javascript:alert(21)}",
    "$<img src=x onerror=alert(22)>$",
    "{{ 7*7 }} {% raw %}",
    '<object data="javascript:alert(24)"></object>',
    "<input autofocus onfocus=alert(25)>",
]

TEXT_FIELDS = ("title", "author", "journal", "note", "summary", "abstract", "award",
               "status", "abbr", "keywords", "volume", "pages", "publisher")  # fmt: skip
LINK_FIELDS = ("url", "pdf", "html", "blog", "slides", "poster", "errata", "code",
               "video", "supp", "website", "doi", "arxiv")  # fmt: skip


def _braced(value: str) -> str:
    # Keep the value inside one braced group: unbalanced braces would only make the
    # entry unreadable (and reported), which tests nothing here.
    return value.replace("{", "(").replace("}", ")")


def _bib() -> str:
    entries = []
    for index, vector in enumerate(VECTORS):
        fields = [f"  {name} = {{{_braced(vector)}}}" for name in TEXT_FIELDS + LINK_FIELDS]
        fields.append("  year = {2020}")
        entries.append(f"@article{{xss{index},\n" + ",\n".join(fields) + "\n}")
    return "\n\n".join(entries) + "\n"


PAGES = {
    "index.md": "# List\n\n{{ papers() }}\n",
    "cite.md": "# Cite\n\n" + " ".join(f"[@xss{i}]" for i in range(len(VECTORS))) + "\n",
}


def _built(make_site):
    build = make_site(PAGES, _bib(), config=BASE_CONFIG)
    assert build.returncode == 0, build.output
    return build


def test_no_injected_markup_in_the_html(make_site):
    build = _built(make_site)
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


def test_no_injected_script_runs_in_chromium(make_site, chromium, serve_dir):
    build = _built(make_site)
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
