"""LaTeX to Unicode for displayed text, and URLs as written in BibTeX."""

from __future__ import annotations

import random

import pytest

from labsite.text import latex
from labsite.text.latex import (
    LatexConversionError,
    clean_url,
    strip_markup,
    to_latex,
    to_text,
    to_text_lenient,
)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\"o}", "ö"),
        (r"J{\"o}rg", "Jörg"),
        (r"\"{U}ber", "Über"),
        (r"\'{e}", "é"),
        (r"Caf\'e", "Café"),
        (r"{\'E}cole", "École"),
        (r"{\ss}", "ß"),
        (r"Stra{\ss}e", "Straße"),
        (r"\v{c}", "č"),
        (r"Dvo\v{r}\'ak", "Dvořák"),
        (r"{\o}", "ø"),
        (r"\c{c}", "ç"),
        (r"Na\"ive", "Naïve"),
    ],
)
def test_accents(latex, text):
    assert to_text(latex) == text


def test_case_protecting_braces_removed():
    assert to_text("{M}ixture of {E}xperts for {BERT}") == "Mixture of Experts for BERT"
    assert to_text(r"{\em Deep} {L}earning") == "Deep Learning"


def test_dashes():
    assert to_text("pages 1--12") == "pages 1\u201312"
    assert to_text("a---b") == "a\u2014b"
    assert to_text(r"Caf\'e 1--2") == "Caf\u00e9 1\u20132"  # through the parser as well


def test_math_is_kept_verbatim():
    assert to_text(r"$\alpha$-stable processes") == r"$\alpha$-stable processes"
    assert to_text(r"Rates $x^2$ and $\beta_1$") == r"Rates $x^2$ and $\beta_1$"


def test_url_kept_as_written_tilde_not_a_space():
    assert to_text(r"see \url{http://x.org/~me/a_b}") == "see http://x.org/~me/a_b"


def test_url_with_percent_encoding_kept_as_written():
    # \url{} shows its argument as written; a percent-encoded URL is common in .bib files.
    assert to_text(r"\url{https://example.org/a%20b}") == "https://example.org/a%20b"


def test_href_shows_its_text():
    assert to_text(r"\href{http://x.org}{the text}") == "the text"


def test_escaped_ampersand_and_percent():
    assert to_text(r"A \& B at 50\%") == "A & B at 50%"


def test_ties_and_quotes():
    assert to_text("a~b") == "a b"
    assert to_text("``quoted''") == "\u201cquoted\u201d"


def test_text_commands_lose_their_markup():
    assert to_text(r"\textbf{bold} and \emph{em}") == "bold and em"


def test_tex_logos_are_kept():
    assert to_text(r"Typesetting with \LaTeX") == "Typesetting with LaTeX"
    assert to_text(r"\TeX{} and friends") == "TeX and friends"


def test_plain_text_only_normalises_spaces():
    assert to_text("plain  text\n   more") == "plain text more"
    assert to_text("") == ""


@pytest.mark.parametrize(
    "bad",
    [r"\textbf{unclosed", "{unbalanced", "a}b{", "}", "$unclosed math", r"\begin{itemize} x"],
)
def test_unreadable_latex_raises_and_lenient_does_not(bad):
    with pytest.raises(LatexConversionError):
        to_text(bad)
    lenient = to_text_lenient(bad)
    assert isinstance(lenient, str)
    assert "{" not in lenient
    assert "}" not in lenient
    assert "\\" not in lenient


def test_lenient_keeps_the_words():
    assert to_text_lenient(r"\textbf{unclosed title") == "unclosed title"
    assert to_text_lenient(r"J{\"o}rg") == "Jörg"  # readable input is converted normally


def test_latex_conversion_error_is_a_value_error():
    assert issubclass(LatexConversionError, ValueError)


def test_strip_markup():
    assert strip_markup(r"\emph{A} {B}  \textbf{C") == "A B C"


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        (r"http://x.org/a{\_}b", "http://x.org/a_b"),
        (r"http://x.org/a\_b", "http://x.org/a_b"),
        ("http://x.org/{~}me", "http://x.org/~me"),
        (r"http://x.org/\textasciitilde me", "http://x.org/~me"),
        (r"\url{http://x.org/a_b}", "http://x.org/a_b"),
        (r"\url{http://x.org/%7Eme}", "http://x.org/%7Eme"),
        (r"http://x.org/\%20", "http://x.org/%20"),
        (r"\href{http://a.org/p}{text}", "http://a.org/p"),
        ("  https://x.org/a\n  b  ", "https://x.org/ab"),
    ],
)
def test_clean_url(url, clean):
    assert clean_url(url) == clean


@pytest.mark.parametrize(
    "value",
    [
        "Sorting in $O(n \\log n)$ time",
        "A {DNA} model -- with $x^2$ and $y_1$",
        "$a$ and~$b$",
        "``Quoted'' $\\alpha$",
        "Deep $\\{x\\}$ sets",
    ],
)
def test_simple_math_is_read_without_pylatexenc_and_as_pylatexenc_reads_it(value):
    assert latex._with_simple_math(value) is not None
    assert to_text(value) == latex._parse(value)


@pytest.mark.parametrize(
    "value",
    ["$a$ costs \\$5", "$$x$$", "$a$ 50% off", "odd $ sign", "{a $b$}", "$a$ \\'e", "!`$x$"],
)
def test_other_math_goes_to_pylatexenc(value):
    assert latex._with_simple_math(value) is None


def test_simple_math_agrees_with_pylatexenc_on_random_text():
    rng = random.Random(6)
    pieces = ["$", "{", "}", "~", "-", "--", "a", " ", "x^2", "\\alpha", "`", "'", "\n",
              "_", "%", "&", "\\$", "O(n)", "\u00a0", "!`", "?`", "\\'e", "#"]  # fmt: skip
    checked = 0
    for _ in range(20000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        if "$" not in value:
            continue
        fast = latex._with_simple_math(value)
        if fast is None:
            continue
        checked += 1
        try:
            slow = latex._parse(value)
        except LatexConversionError:
            slow = None
        assert fast == slow, value
    assert checked > 20


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        # Known commands and accents converted, an unknown command's argument kept.
        (r"Odd \LaTeX: \unknowncmd{x} $\frac{a}$ and {\"{\i}}", r"Odd LaTeX: x $\frac{a}$ and ï"),
        (r"\"{U}ber {\'e}t\'e, \unknown{kept} words}", "Über été, kept words"),
        # Math that never closes: the dollar is shown, the words and accents kept.
        (r"Rates of $x^{2} in Z{\"u}rich", r"Rates of $x^2 in Zürich"),
        # A stray backslash and an unclosed brace.
        (r"Stray \ backslash in {M{\o}ller", "Stray backslash in Møller"),
        # Formulas that close are kept as written, for the math renderer.
        (r"Both $\alpha$ and $\beta{$ and \c{c}a", r"Both $\alpha$ and $\beta{$ and ça"),
    ],
)
def test_unreadable_latex_keeps_all_readable_text(title, shown):
    with pytest.raises(LatexConversionError):
        to_text(title)
    assert to_text_lenient(title) == shown


@pytest.mark.parametrize(
    "text",
    [
        "Plain title",
        "50% of A&B: #1 snake_case",
        "{braces} and back\\slash and ~tilde",
        "Über Straße: ünïcödé kept 🙂",
        "A } closing brace first {",
    ],
)
def test_to_latex_reads_back_as_the_text(text):
    written = to_latex(text)
    assert to_text(written) == text
    assert "\n" not in to_latex("two\nlines")
