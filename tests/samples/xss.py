"""Well-known XSS vectors, and a bibliography with each one in every field an entry has,
for the site and browser tests that check they stay text.
"""

from __future__ import annotations

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


def vectors_bib() -> str:
    """One @article per vector, with the vector in every text and link field."""
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


def build_vectors_site(make_site):
    """The pages of PAGES built with vectors_bib() by the make_site fixture."""
    build = make_site(PAGES, vectors_bib(), config=BASE_CONFIG)
    assert build.returncode == 0, build.output
    return build
