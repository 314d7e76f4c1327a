"""Property-based fuzz tests of the engine's contract.

For ANY input the engine either returns results (what is wrong is reported as
:class:`~labsite.diagnostics.Problem` values) or raises its own
:class:`~labsite.diagnostics.LabsiteError` -- never any other exception. The properties:

* random BibTeX-ish text from a grammar-aware strategy, through the whole pipeline
  (``load_bytes`` -> ``build_papers`` -> ``group_papers`` -> ``render_list`` and
  ``render_reference`` of every paper);
* byte-level mutations of the real files of ``../shared/corpus/bib``, same pipeline;
* ``cite.process`` on random Markdown with citation-like fragments and code;
* every rendered HTML has no ``<script>``, no ``on*`` attribute, and only
  http(s), mailto or relative hrefs.

The default run is short (``LABSITE_FUZZ_EXAMPLES`` examples per property, 60 unless
set; derandomized when ``CI`` is set). For a long run::

    .venv/bin/python benchmarks/fuzz.py --examples 10000
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from labsite.bib.fields import KNOWN_TYPES, LINK_FIELDS
from labsite.bib.load import load_bytes, parse_text
from labsite.bib.model import Paper, build_papers
from labsite.bib.query import GROUP_KEYS, group_papers
from labsite.diagnostics import LabsiteError, Problem
from labsite.export.atom import to_atom
from labsite.export.bibtex import to_bibtex, to_bibtex_entry
from labsite.export.csl import to_csl_json_text
from labsite.export.ris import to_ris
from labsite.render.citation_styles import apa, ieee
from labsite.render.citations import Citation, CitationResult, process
from labsite.render.renderer import Renderer
from labsite.settings import HighlightGroup, Settings

from ..support import CORPUS, REPO, balanced_braces, corpus_or_skip

# --------------------------------------------------------------------------- settings

_CI = bool(os.environ.get("CI"))
EXAMPLES = int(os.environ.get("LABSITE_FUZZ_EXAMPLES") or 60)

settings.register_profile(
    "labsite-fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=_CI,
    # Failures found locally are replayed from here (.pytest_cache/ is git-ignored);
    # CI is derandomized and keeps no database.
    database=None if _CI else DirectoryBasedExampleDatabase(REPO / ".pytest_cache" / "hypothesis"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("labsite-fuzz")

RUNS: Counter[str] = Counter()
"""How many times each property's body ran, by test name (read by benchmarks/fuzz.py)."""

RENDERERS = (
    Renderer(Settings()),
    Renderer(
        Settings(
            owner=("Ada Lovelace", "A. Lovelace"),
            highlight=(
                HighlightGroup(
                    name="lab",
                    people=(("Grace Hopper",), ("Alan Turing", "A. M. Turing")),
                    symbol="‡",
                    legend="lab member <b>",
                    bold=True,
                ),
            ),
        )
    ),
)

# --------------------------------------------------------------------------- checks


def check_problems(problems: object, file: str) -> None:
    assert isinstance(problems, tuple), type(problems)
    for problem in problems:
        assert isinstance(problem, Problem), repr(problem)
        text = str(problem)
        assert text.startswith(file), (file, text)


# What a browser does to an href before it looks for a scheme (WHATWG URL parser):
# leading/trailing C0 controls and spaces are stripped, tabs and newlines removed.
_URL_TRIM = "".join(chr(c) for c in range(0x21))
_URL_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}


def href_is_safe(href: str) -> bool:
    """http(s), mailto, or relative to the site (not protocol-relative ``//host``)."""
    url = _URL_TAB_NEWLINE.sub("", href.strip(_URL_TRIM))
    match = _URL_SCHEME.match(url)
    if match:
        return match.group(1).lower() in _SAFE_SCHEMES
    # In http(s) pages a backslash is a slash: "/\\host" is "//host".
    return not url.replace("\\", "/").startswith("//")


def check_html(html: object) -> None:
    assert isinstance(html, str), type(html)
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    assert not scripts, f"<script> in rendered HTML: {scripts[0]}"
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"event handler attribute in {tag}"
            if name.lower() in ("href", "src", "action", "formaction"):
                urls = value if isinstance(value, list) else [value]
                for url in urls:
                    assert href_is_safe(url), f"unsafe {name}={url!r} in {tag}"


def run_pipeline(data: bytes, file: str, group_by: str | None = None) -> None:
    """load -> model -> query -> render, asserting the contract at every stage."""
    try:
        loaded = load_bytes(data, file)
        check_problems(loaded.problems, file)
        papers, problems = build_papers(loaded.entries)
        check_problems(problems, file)
        assert all(isinstance(p, Paper) for p in papers)
        groups = group_papers(papers, None)
        if group_by is not None:
            groups += group_papers(papers, group_by)
        for renderer in RENDERERS:
            check_html(renderer.render_list(groups))
            for paper in papers:
                check_html(renderer.render_reference(paper))
        check_outputs(papers)
    except LabsiteError:
        pass  # the engine's own error is within the contract


def check_outputs(papers: Sequence[Paper]) -> None:
    """Every other output of every paper: its page, its head, the two "Cite as" styles
    and the four exports, each checked with a real parser."""
    renderer = RENDERERS[1]
    for paper in papers:
        entry = to_bibtex_entry(paper)
        check_html(renderer.render_paper_page(paper, url_prefix="../../", bibtex=entry))
        head = BeautifulSoup(
            renderer.render_head(paper, page_url="https://example.org/p/", site_name="S"),
            "html.parser",
        )
        for script in head.find_all("script"):
            assert script.get("type") == "application/ld+json", script
            json.loads(script.string or "")
        for style in (apa, ieee):
            check_html(str(style(paper)))
    exported = to_bibtex(papers)
    assert len(parse_text(exported, "export.bib").entries) == len(papers), exported
    assert len(json.loads(to_csl_json_text(papers))) == len(papers)
    ris = to_ris(papers)
    assert ris.count("\nER  -") == len(papers), ris
    feed = ElementTree.fromstring(
        to_atom(papers, site_url="https://example.org/", title="T", paper_url=lambda p: "p/")
    )
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == len(papers)


# --------------------------------------------------------------------------- (a) grammar

_STANDARD_FIELDS = {
    "author", "editor", "title", "booktitle", "journal", "journaltitle", "maintitle", "year",
    "month", "date", "pages", "volume", "number", "publisher", "school", "institution",
    "howpublished", "organization", "series", "note", "abstract", "summary", "abbr", "award",
    "award_name", "status", "selected", "keywords", "crossref", "eprint", "archiveprefix",
    "eprinttype", "key", "ids",
}  # fmt: skip
FIELD_NAMES = [
    *sorted(_STANDARD_FIELDS | {name for name, _ in LINK_FIELDS}),
    *["Title", "AUTHOR", "x-custom", "a.b", "_", "9x", "ünï", ""],
]

ENTRY_TYPES = [
    *sorted(KNOWN_TYPES),
    "Article", "INPROCEEDINGS", "comment", "Comment", "commentary", "string", "STRING",
    "preamble", "", "x", "foo-bar", "misc2", "élément", "123", "@", "a b",
]  # fmt: skip

KEYS = ["ada2023", "Ada2023", "k1", "k2", "a:b", "x/y", "é", "1", "key with space", "", "a{b"]

# Text pieces by kind. Most generated values are made of readable pieces, so that most
# entries get through the parser and exercise the model and the templates; the "nasty"
# pieces break the syntax.
WORDS = [
    "Deep", "learning", "of the", "A", "Study", "on", "Graphs", "in", "2D", " ", " ", ":",
    "Proc.", "Journal", "Springer", "MIT", "Vol. 3", "pp. 1--10", "12", "tech report",
]  # fmt: skip
NAMES = [
    "Ada Lovelace", "Lovelace, Ada", "Lovelace, A.", "A. Lovelace", "Grace Hopper",
    "A. M. Turing", "Turing, Alan", "others", "{Corporate, Inc.}", "{{IEEE}}", "von Neumann, J.",
    "de la Fuente, Ana", "Hicks, III, Michael", "Guarna, Jr., V.", "J{\\\"o}rg M{\\\"u}ller",
    "Einstein*", "Bohr\\dag", "Curie$^*$", "Noether^{*}", "Gauss\\textdagger{}", "X‡", "†",
    "and", ",", ", ,", "and and", "{", "}", "\\", "Jean-Paul", "-", "A.-B. C.",
]  # fmt: skip
LATEX = [
    '\\"o', "\\'{e}", "{\\ss}", "\\v{c}", "\\emph{Emph}", "\\textbf{x}", "{DNA}", "$x^2$",
    "$\\alpha$", "\\(y\\)", "\\$", "--", "---", "~", "\\&", "``q''", "!`", "?`", "\\%", "\\_",
    "\\url{https://x.org/a_b}", "\\href{https://x.org}{site}", "\\href{javascript:x}{y}",
    "\\noopsort{a}", "\\LaTeX", "\\TeX{}", "\\unknownmacro{z}", "\\c{c}", "\\u{g}", "\\'\\i",
    "\\begin{itemize}", "\\end{x}", "\\verb|x|", "\\char", "\\catcode", "\\def\\x{y}", "\\\\",
    "$", "\\", "%", "&", "_", "^", "`", "\\[", "\\(",
]  # fmt: skip
NASTY = [
    "{", "}", '"', "@", ",", "=", "(", ")", "#", " # ", ";", "@string", "@comment{", "@misc{",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)',
    "' onclick='x", "&amp;", "&lt;", "<!--", "-->", "]]>", "<a href='javascript:x'>", "</li>",
    "</ol>", "<style>", "\x00", "\x7f", "\x0b", "\x0c", "\u200b", "\u202e", "\ufeff", "\u00a0",
    "\u2028", "é", "ü", "中文", "😀", "\r\n", "\r", "\n", "\t", "  ",
]  # fmt: skip
URLS = [
    "javascript:alert(1)", "JaVa\tScRiPt:alert(1)", "java\nscript:x", "\x01javascript:x",
    "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example",
    "/\\evil.example", "\\\\evil", "\\/evil", " //evil", "https://example.org/a_b?c=d&e=f#g",
    "http://x", "HTTPS://X.ORG", "mailto:a@b.c", " https://ok.example ", "/local/path.pdf",
    "paper.pdf", "#frag", "doi:10.1000/xyz", "10.1000/xyz", "https://doi.org/10.1/x",
    "https://dx.doi.org/10.1/y", "2306.04226", "arXiv:hep-th/9901001v2", "math.GT/0309136",
    "https://arxiv.org/abs/2306.04226v3", "https://arxiv.org/pdf/2306.04226.pdf",
    "\\url{javascript:x}", "\\url{https://x.org/\\_y}", "\\href{javascript:x}{y}", "ftp://x",
    "http:", ":", "a:b", "https://x.org/\" onclick=\"x", "https://x.org/<script>",
    "https://x.org/{\\_}a", "https://x.org/\\%20", "https://x.org/\\textasciitilde{}u",
    "   ", "",
]  # fmt: skip
DATES = [
    "2023", "1999", "99", "0", "-1", "1500", "2199", "2200", "c. 2001", "2023-05-17",
    "2023-13-45", "9999-99", "2023-", "jan", "January", "Sept.", "sep", "13", "12", "0",
    "{jan}", "mai", "décembre", "March 3", "~", "", "²", "①", "٣", "𝟏", "¹²", "Ⅻ", "½",
    # biblatex (EDTF) dates: seasons, ranges, open ends, qualifiers, negative years
    "1928-24", "2001-21", "1997/2001", "2005/..", "../2005", "/2005", "2005/", "1547~",
    "2004-06?", "2004-06-11%", "-0044", "+2000", "2001-02-29", "1990-99", "12345",
    "2020-05-01/2020-05-03", "2020-01/1990", "1950-25", "2000-00", "XXXX", "19XX",
]  # fmt: skip
FLAGS = [
    "Under review", "under-review", "accepted", "published", "Published", "Submitted",
    "In preparation", "true", "yes", "no", "1", "on", "Best Paper; Oral", "a, b; c",
    "arXiv", "arxiv", "eprint", "k1", "k2", "ada2023", "Ada2023", "missing-key",
]  # fmt: skip

_FIELD_POOLS = {
    **dict.fromkeys(("author", "editor", "AUTHOR"), NAMES),
    **dict.fromkeys(("year", "month", "date", "volume", "number", "pages"), DATES),
    **dict.fromkeys([name for name, _ in LINK_FIELDS] + ["eprint"], URLS),
    **dict.fromkeys(
        ("status", "selected", "award", "award_name", "keywords", "crossref", "archiveprefix",
         "eprinttype", "ids", "key"),
        FLAGS,
    ),
}  # fmt: skip

MACROS = ["jan", "feb", "dec", "jpa", "acm", "undefined", "x", "a-b", "2x", "é"]


def _text_from(pool: list[str], clean: bool) -> st.SearchStrategy[str]:
    """Text made mostly of ``pool``; a clean text keeps braces balanced and has no quotes."""
    pieces = [
        st.sampled_from(pool),
        st.sampled_from(pool),
        st.sampled_from(pool),
        st.sampled_from(WORDS),
        st.sampled_from(LATEX),
        st.sampled_from(URLS + NAMES + DATES + FLAGS),
    ]
    if clean:
        pieces.append(st.text(alphabet=st.characters(exclude_characters='{}"'), max_size=3))
        piece = st.one_of(pieces).filter(lambda t: balanced_braces(t) and '"' not in t)
    else:
        piece = st.one_of(*pieces, st.sampled_from(NASTY), st.text(max_size=3))
    return st.one_of(piece, piece, st.lists(piece, max_size=6).map("".join))


def _values_from(pool: list[str], clean: bool) -> st.SearchStrategy[str]:
    text = _text_from(pool, clean)
    forms = [
        text.map(lambda t: "{" + t + "}"),
        text.map(lambda t: "{" + t + "}"),
        text.map(lambda t: "{" + t + "}"),
        text.map(lambda t: '"' + t + '"'),
        text.map(lambda t: "{{" + t + "}}"),
        st.integers(-5, 30_000).map(str),
        st.sampled_from(MACROS),
    ]
    if not clean:
        forms.append(text)  # no delimiters at all
    simple = st.one_of(forms)
    concatenation = st.lists(simple, min_size=2, max_size=4).map(" # ".join)
    return st.one_of(simple, simple, simple, concatenation)


_text = _text_from(WORDS, clean=False)
_value = _values_from(WORDS, clean=False)
_VALUES = {
    (id(pool), clean): _values_from(pool, clean)
    for pool in (WORDS, NAMES, DATES, URLS, FLAGS)
    for clean in (False, True)
}
_space = st.sampled_from(["", " ", " ", " ", "\n", "\t", "\n  ", " \n\n "])
_head_space = st.sampled_from([""] * 8 + [" ", "\n"])
# The fields the model gives a meaning to come up more often than the others.
_MAIN_FIELDS = [*_FIELD_POOLS, "title", "journal", "booktitle", "school", "note", "summary"]
_FIELD_NAME = st.one_of(st.sampled_from(_MAIN_FIELDS), st.sampled_from(FIELD_NAMES))
_NOISY_FIELD_NAMES = st.one_of(
    _FIELD_NAME,
    st.from_regex(r"[A-Za-z_]\w{0,6}", fullmatch=True),
    st.text(max_size=3),
)


@st.composite
def _field(draw: st.DrawFn, clean: bool) -> str:
    name = draw(_FIELD_NAME if clean else _NOISY_FIELD_NAMES)
    pool = _FIELD_POOLS.get(name, WORDS)
    value = draw(_VALUES[id(pool), clean])
    equals = "=" if clean else draw(st.sampled_from(["="] * 6 + ["", "==", ":"]))
    return f"{name}{draw(_space)}{equals}{draw(_space)}{value}"


@st.composite
def _entry(draw: st.DrawFn) -> str:
    """An entry: a "clean" one is well-formed BibTeX (with nasty content), a noisy one
    has syntax errors too."""
    clean = draw(st.integers(0, 2)) > 0
    entry_type = draw(
        st.one_of(
            st.sampled_from(["article", "inproceedings", "misc", "book", "phdthesis"]),
            st.sampled_from(ENTRY_TYPES),
        )
    )
    if clean:
        opening, closing = draw(st.sampled_from([("{", "}")] * 4 + [("(", ")")]))
        key = draw(st.sampled_from(KEYS[:8]))
        separator = draw(st.sampled_from([",\n  ", ",", ", "]))
        trailing = draw(st.sampled_from(["", ",", ",\n", "\n"]))
        head = f"@{entry_type}{opening}{key}"
    else:
        opening, closing = draw(
            st.sampled_from([("{", "}"), ("(", ")"), ("{", ")"), ("{", ""), ("(", "}")])
        )
        key = draw(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)))
        separator = draw(st.sampled_from([",\n  ", ",", "\n", ", ,", ",\t"]))
        trailing = draw(st.sampled_from(["", ",", ",\n", "\n"]))
        head = f"@{draw(_head_space)}{entry_type}{draw(_head_space)}{opening}{key}"
    fields = draw(st.lists(_field(clean), min_size=3 if clean else 0, max_size=10))
    if not fields:
        return f"{head}{trailing}{closing}"
    return f"{head},{draw(_space)}{separator.join(fields)}{trailing}{closing}"


_other_block = st.one_of(
    st.builds(lambda n, v: f"@string{{{n} = {v}}}", st.sampled_from(MACROS), _value),
    st.builds(lambda n, v: f"@STRING({n} = {v})", st.sampled_from(MACROS), _value),
    _value.map(lambda v: f"@preamble{{{v}}}"),
    _text.map(lambda t: f"@comment{{{t}}}"),
    _text.map(lambda t: f"@comment {t}\n"),
    _text.map(lambda t: f"% {t}\n"),
    _text,  # junk between entries
)


@st.composite
def bibtex_documents(draw: st.DrawFn) -> str:
    """One to five entries among up to three other blocks, maybe truncated."""
    blocks = draw(st.lists(_entry(), min_size=1, max_size=5))
    blocks += draw(st.lists(_other_block, max_size=3))
    blocks = draw(st.permutations(blocks))
    text = "".join(block + draw(st.sampled_from(["\n", "\n\n", "", " "])) for block in blocks)
    if draw(st.integers(0, 3)) == 0:  # truncated
        text = text[: draw(st.integers(0, max(0, len(text))))]
    return text


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]
FILE_NAMES = ["papers.bib", "bib/my papers.bib", "ünï/çödé.bib", "C:\\bib\\x.bib", "a"]


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1252":
        return text.encode("cp1252", errors="replace")
    return text.encode(encoding, errors="surrogatepass")


@pytest.mark.slow
@FUZZ
@given(
    text=bibtex_documents(),
    encoding=st.sampled_from(ENCODINGS),
    file=st.sampled_from(FILE_NAMES),
    group_by=st.sampled_from([None, *GROUP_KEYS]),
)
# Found by this property (see the regression tests at the end of this file).
@example(
    text="@article{ada2023,abbr={},\n  blog={\\url{javascript:x}javascript:alert(1)}}\n",
    encoding="utf-8",
    file="papers.bib",
    group_by=None,
)
@example(
    text="@article{ada2023,author={Ada Lovelace},\n  month={¹²}}\n",
    encoding="utf-8",
    file="papers.bib",
    group_by=None,
)
def test_generated_bibtex_keeps_the_contract(
    text: str, encoding: str, file: str, group_by: str | None
) -> None:
    RUNS["test_generated_bibtex_keeps_the_contract"] += 1
    with contextlib.suppress(LabsiteError):
        check_problems(parse_text(text, file).problems, file)
    run_pipeline(_encode(text, encoding), file, group_by)


_DATE_TEXT = st.text(st.sampled_from("0123456789-/.~?%X+ u"), max_size=24)
_DATE_VALUE = st.one_of(st.sampled_from(DATES), _DATE_TEXT)


@FUZZ
@given(
    date=st.one_of(st.none(), _DATE_VALUE),
    year=st.one_of(st.none(), _DATE_VALUE),
    month=st.one_of(st.none(), _DATE_VALUE),
    entry_type=st.sampled_from(["article", "inproceedings", "misc", "phdthesis", "online"]),
)
@example(date="1928-24", year=None, month=None, entry_type="article")
@example(date="-0044/..", year=None, month=None, entry_type="misc")
def test_any_date_reaches_every_output(
    date: str | None, year: str | None, month: str | None, entry_type: str
) -> None:
    """Whatever the date fields say, the paper is shown by the list, its page, its
    head, both styles and every export (or a problem names the file)."""
    RUNS["test_any_date_reaches_every_output"] += 1
    dates = {"date": date, "year": year, "month": month}
    given_dates = "".join(f",\n  {name} = {{{v}}}" for name, v in dates.items() if v is not None)
    text = (
        f"@{entry_type}{{k,\n  author = {{Ada Lovelace}},\n  title = {{T}},\n  journal = {{J}}"
        + given_dates
        + "\n}\n"
    )
    loaded = load_bytes(text.encode("utf-8"), "papers.bib")
    papers, problems = build_papers(loaded.entries)
    check_problems(problems, "papers.bib")
    assert [p.key for p in papers] == ["k"]
    run_pipeline(text.encode("utf-8"), "papers.bib", "year")


# --------------------------------------------------------------------------- (b) mutations

CORPUS_FILES = (
    sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.bib"))
    if CORPUS.is_dir()
    else []
)
WINDOWS = (500, 1000, 2000, 4000, 8000)
"""How many bytes of a file are fuzzed in one example (the largest files are MBs)."""

TOKENS = [
    b"{", b"}", b'"', b"@", b",", b"\\", b"%", b"#", b"\x00", b"=", b"(", b")", b"\n", b"\r",
    b"$", b"~", b"\xff", b"\xfe", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\x80\x80",
    b"\xef\xbb\xbf", b"\xff\xfe", b"@string{x = ", b"@comment", b" # ", b"{\\", b"\\url{",
    b"javascript:", b"//", b" and ", b"crossref = {", b"@misc{k,",
]  # fmt: skip
OPS = ("delete", "insert", "duplicate", "swap", "flip", "repeat", "truncate")

_mutation = st.tuples(
    st.sampled_from(OPS),
    st.integers(0, 1 << 20),
    st.integers(0, 1 << 20),
    st.integers(0, 256),
    st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=6)),
)


def mutate(data: bytes, mutations: Iterable[tuple[str, int, int, int, bytes]]) -> bytes:
    """Apply byte-level mutations; positions are taken modulo the current length."""
    buf = bytearray(data)
    for op, a, b, size, payload in mutations:
        n = len(buf)
        i, j = a % (n + 1), b % (n + 1)
        if op == "delete":
            del buf[i : i + size]
        elif op == "insert":
            buf[i:i] = payload
        elif op == "duplicate":
            buf[j:j] = buf[i : i + size]
        elif op == "swap":
            lo, hi = sorted((i, j))
            k = min(size, hi - lo, n - hi)
            first, second = buf[lo : lo + k], buf[hi : hi + k]
            buf[hi : hi + k] = first
            buf[lo : lo + k] = second
        elif op == "flip" and n:
            buf[i % n] ^= 1 << (size % 8)
        elif op == "repeat":
            buf[i:i] = payload * (1 + size % 16)
        elif op == "truncate":
            del buf[i:]
    return bytes(buf)


@cache
def _corpus_bytes(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def corpus_window(name: str, start: int, length: int) -> bytes:
    """Up to ``length`` bytes of a corpus file, from the start of a line."""
    data = _corpus_bytes(name)
    if len(data) <= length:
        return data
    start %= len(data)
    start = data.rfind(b"\n", 0, start) + 1
    return data[start : start + length]


@pytest.fixture(scope="module")
def corpus_dir() -> Path:
    return corpus_or_skip()


@pytest.mark.corpus
@FUZZ
@given(
    name=st.sampled_from(CORPUS_FILES or [""]),
    start=st.integers(0, 1 << 24),
    length=st.sampled_from(WINDOWS),
    mutations=st.lists(_mutation, max_size=12),
)
def test_mutated_corpus_keeps_the_contract(
    corpus_dir: Path,
    name: str,
    start: int,
    length: int,
    mutations: Sequence[tuple[str, int, int, int, bytes]],
) -> None:
    RUNS["test_mutated_corpus_keeps_the_contract"] += 1
    data = mutate(corpus_window(name, start, length), mutations)
    run_pipeline(data, name)


# --------------------------------------------------------------------------- (c) citations

CITE_KEYS = ["k1", "k2", "k.2", "a:b", "x/y", "é", "\\1", "\\g<0>", "a$b", "Key"]
MD_ATOMS = [
    "[@k1]", "[@k1; @k2]", "[see @k1, p. 3]", "[@{k1}]", "[-@k2]", "[@unknown]", "[@]",
    "[@k1", "@k1]", "[@k1](http://x)", "![@k1]", "\\[@k1]", "[^@k1]", "[@k1]:", "[@k1][x]",
    "[@k.2.]", "[@a:b, ch. 2; see @x/y]", "[@\\1]", "[@\\g<0>]", "[@a$b]", "[@é]", "[@{}]",
    "[@{k1 k2}]", "[@k1,]", "[;]", "[@k1;]", "[ @k1 ; @k2 , s ]", "[a @k1 b @k2]",
    "`[@k1]`", "``", "`", "```", "~~~", "```python\n", "\n```\n", "\n~~~~\n", "    [@k1]\n",
    "\t[@k1]", "- [@k1]\n", "1. item\n", "   ", "<!-- [@k1] -->", "<!--", "-->",
    "<pre>[@k1]</pre>", "<code>", "</code>", "<script>", "</script>", "<style>", "<PRE>",
    "\\bibliography", "\n\\bibliography\n", "\n\\full_bibliography\n", "\\full_bibliography",
    "\n", "\n\n", "  ", "[", "]", "@", ";", ",", "{", "}", "\\", "\\1", "\\g<0>", "$", "%",
    "#", "(", ")", ":", "k1", "k2", "é", "\x00", "\r\n", "\r", "text ", " ",
]  # fmt: skip

_markdown = st.lists(st.one_of(st.sampled_from(MD_ATOMS), st.text(max_size=5)), max_size=30).map(
    "".join
)


@FUZZ
@given(
    markdown=_markdown,
    known=st.sets(st.sampled_from(CITE_KEYS)),
    note=st.sampled_from(["", "\\1", "\\g<0>", "$1", "<b>x</b>", "\n", "{key}"]),
    full=st.booleans(),
)
def test_citations_keep_the_contract(markdown: str, known: set[str], note: str, full: bool) -> None:
    RUNS["test_citations_keep_the_contract"] += 1

    def reference(key: str) -> str:
        return f"Ref {key}{note}"

    try:
        result = process(markdown, known, reference, (lambda: sorted(known)) if full else None)
    except LabsiteError:
        return
    assert isinstance(result, CitationResult)
    assert isinstance(result.markdown, str)
    assert all(isinstance(key, str) and key in known for key in result.cited)
    assert all(isinstance(c, Citation) for c in result.unknown)


# --------------------------------------------------------------------------- (d) the HTML check


@pytest.mark.parametrize(
    "href",
    ["javascript:x", " JAVASCRIPT:x", "java\tscript:x", "\x01javascript:x", "//evil", "/\\evil",
     "\\\\evil", "data:x", "vbscript:x"],
)  # fmt: skip
def test_href_check_rejects_unsafe(href: str) -> None:
    assert not href_is_safe(href)


@pytest.mark.parametrize(
    "href", ["https://x.org", "HTTP://x", "mailto:a@b", "paper.pdf", "/a/b", "#k", "?q=1", ""]
)
def test_href_check_accepts_safe(href: str) -> None:
    assert href_is_safe(href)


# --------------------------------------------------------------------------- regressions
# Inputs the properties above found breaking the contract, kept as plain tests.


@pytest.mark.parametrize(
    "url",
    [
        "/javascript:alert(1)",  # site-relative to safe_url; the renderer strips the "/"
        "\\javascript:alert(1)",  # safe_url reads "\\" as "/"
        "\\url{javascript:x}javascript:alert(1)",  # as found: "\\urljavascript:..."
        "{\\ss}javascript:alert(1)",  # as found: "\\ssjavascript:..."
    ],
)
def test_regression_site_relative_link_does_not_become_a_scheme(url: str) -> None:
    """A link safe_url accepts as site-relative ("/javascript:alert(1)") is rendered,
    with the default url_prefix "" (a page at the site root), as
    href="javascript:alert(1)": Renderer._link strips the leading "/"."""
    bib = f"@misc{{k, title = {{T}}, url = {{{url}}}}}\n".encode()
    run_pipeline(bib, "papers.bib")


@pytest.mark.parametrize("month", ["²", "¹²", "①"])
def test_regression_month_of_unicode_digits(month: str) -> None:
    """str.isdigit() is true for "²" but int("²") raises ValueError (model date())."""
    run_pipeline(f"@misc{{k, title = {{T}}, month = {{{month}}}}}\n".encode(), "papers.bib")
